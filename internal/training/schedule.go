package training

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"inteqra/internal/i18n"
)

// Errors of the weekly schedule, for errors.Is; the messages carry arguments.
var (
	ErrTimeInvalid    = i18n.Errorf("training.schedule.error.time_invalid")
	ErrWeekdayInvalid = i18n.Errorf("training.schedule.error.weekday_invalid")
	ErrSlotOrder      = i18n.Errorf("training.schedule.error.slot_order")
	ErrSlotsOverlap   = i18n.Errorf("training.schedule.error.slots_overlap")
	ErrSlotsRequired  = i18n.Errorf("training.schedule.error.slots_required")
	ErrEndBeforeStart = i18n.Errorf("training.schedule.error.end_before_start")
	ErrNoLessons      = i18n.Errorf("training.schedule.error.no_lessons")
)

// ClockTime is a time of day in Baku, to the minute.
type ClockTime struct{ Hour, Minute int }

// ParseClock parses a time of day as an HTML time input sends it: "18:30",
// or "18:30:00" when the input has a step. "8:05" is accepted too.
func ParseClock(s string) (ClockTime, error) {
	bad := i18n.Errorf(ErrTimeInvalid.Key, "Value", s)
	hh, rest, ok := strings.Cut(strings.TrimSpace(s), ":")
	if !ok {
		return ClockTime{}, bad
	}
	mm, ss, hasSec := strings.Cut(rest, ":")
	if hasSec && ss != "00" {
		return ClockTime{}, bad // lessons are planned to the minute
	}
	h, errH := strconv.Atoi(hh)
	m, errM := strconv.Atoi(mm)
	c := ClockTime{Hour: h, Minute: m}
	if errH != nil || errM != nil || len(hh) > 2 || len(mm) != 2 || !c.valid() {
		return ClockTime{}, bad
	}
	return c, nil
}

// String returns c as "18:30".
func (c ClockTime) String() string { return fmt.Sprintf("%02d:%02d", c.Hour, c.Minute) }

func (c ClockTime) valid() bool {
	return c.Hour >= 0 && c.Hour < 24 && c.Minute >= 0 && c.Minute < 60
}

func (c ClockTime) minutes() int { return c.Hour*60 + c.Minute }

// Slot is one weekly lesson: a weekday and a time of day in Baku.
type Slot struct {
	Weekday    time.Weekday
	Start, End ClockTime
}

// ParseSlot parses one row of the schedule form. weekday is 1 (Monday) to 7
// (Sunday) as the form numbers the week; 0 is Sunday too, as time.Weekday
// counts, since the two numberings agree on Monday to Saturday.
func ParseSlot(weekday int, start, end string) (Slot, error) {
	if weekday < 0 || weekday > 7 {
		return Slot{}, i18n.Errorf(ErrWeekdayInvalid.Key, "Value", weekday)
	}
	var s Slot
	s.Weekday = time.Weekday(weekday % 7)
	var err error
	if s.Start, err = ParseClock(start); err != nil {
		return Slot{}, err
	}
	if s.End, err = ParseClock(end); err != nil {
		return Slot{}, err
	}
	if err := s.check(); err != nil {
		return Slot{}, err
	}
	return s, nil
}

// check reports a slot that cannot be taught: a bad weekday or time, or an
// end that is not after the start (a lesson does not run past midnight).
func (s Slot) check() error {
	switch {
	case s.Weekday < time.Sunday || s.Weekday > time.Saturday:
		return i18n.Errorf(ErrWeekdayInvalid.Key, "Value", int(s.Weekday))
	case !s.Start.valid():
		return i18n.Errorf(ErrTimeInvalid.Key, "Value", s.Start.String())
	case !s.End.valid():
		return i18n.Errorf(ErrTimeInvalid.Key, "Value", s.End.String())
	case s.End.minutes() <= s.Start.minutes():
		return i18n.Errorf(ErrSlotOrder.Key, "Start", s.Start.String(), "End", s.End.String())
	}
	return nil
}

// Lesson is one generated lesson.
type Lesson struct {
	Day        time.Time // the calendar day, as midnight UTC
	Start, End ClockTime // in Baku
}

// GenerateLessons returns the lessons of a cohort running from start to end
// inclusive on the weekly slots, skipping days off in cal, sorted by day and
// start. Bad input gives an *i18n.Error: end before start, a slot that ends
// before it starts, two slots overlapping on one weekday (one ending when the
// next starts is fine), no slots, or no lesson left.
func GenerateLessons(start, end time.Time, slots []Slot, cal Calendar) ([]Lesson, error) {
	start, end = dayOf(start), dayOf(end)
	if end.Before(start) {
		return nil, ErrEndBeforeStart
	}
	if len(slots) == 0 {
		return nil, ErrSlotsRequired
	}
	byDay, err := weekPlan(slots)
	if err != nil {
		return nil, err
	}
	var lessons []Lesson
	for d := start; !d.After(end); d = d.AddDate(0, 0, 1) {
		if _, off := cal.Off(d); off {
			continue
		}
		for _, s := range byDay[d.Weekday()] {
			lessons = append(lessons, Lesson{Day: d, Start: s.Start, End: s.End})
		}
	}
	if len(lessons) == 0 {
		return nil, ErrNoLessons
	}
	return lessons, nil
}

// weekPlan checks the slots and groups them by weekday, sorted by start.
func weekPlan(slots []Slot) ([7][]Slot, error) {
	var byDay [7][]Slot
	for _, s := range slots {
		if err := s.check(); err != nil {
			return byDay, err
		}
		byDay[s.Weekday] = append(byDay[s.Weekday], s)
	}
	for _, day := range byDay {
		slices.SortFunc(day, func(a, b Slot) int { return a.Start.minutes() - b.Start.minutes() })
		for i := 1; i < len(day); i++ {
			if prev := day[i-1]; day[i].Start.minutes() < prev.End.minutes() {
				return byDay, i18n.Errorf(ErrSlotsOverlap.Key,
					"First", prev.Start.String()+"–"+prev.End.String(),
					"Second", day[i].Start.String()+"–"+day[i].End.String())
			}
		}
	}
	return byDay, nil
}

// Hours returns the academic hours of lessons: the sum of their durations in
// hours, so a 90-minute lesson counts 1.5.
func Hours(lessons []Lesson) float64 {
	minutes := 0
	for _, l := range lessons {
		minutes += l.End.minutes() - l.Start.minutes()
	}
	return float64(minutes) / 60
}
