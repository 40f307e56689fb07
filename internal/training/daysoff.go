package training

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/audit"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/textcheck"
)

// DayChange is a coordinator's change to the public-holiday calendar: an
// extra day off, or a holiday on which lessons run after all.
type DayChange struct {
	Day  time.Time
	Off  bool
	Note string
}

// calendar returns the days off between from and to: Azerbaijan's public
// holidays with the coordinators' changes.
func (s *Store) calendar(ctx context.Context, q db.Querier, from, to time.Time) (Calendar, error) {
	changes, err := dayChanges(ctx, q, from, to)
	if err != nil {
		return Calendar{}, err
	}
	var added, removed []time.Time
	for _, c := range changes {
		if c.Off {
			added = append(added, c.Day)
		} else {
			removed = append(removed, c.Day)
		}
	}
	return NewCalendar(Holidays(from, to), added, removed), nil
}

func dayChanges(ctx context.Context, q db.Querier, from, to time.Time) ([]DayChange, error) {
	rows, err := q.QueryContext(ctx, `SELECT day, off, note FROM days_off WHERE day >= $1 AND day <= $2 ORDER BY day`, from, to)
	list, err := db.Collect(rows, err, func(r db.Scanner) (c DayChange, err error) {
		err = r.Scan(&c.Day, &c.Off, &c.Note)
		c.Day = c.Day.UTC()
		return c, err
	})
	if err != nil {
		return nil, fmt.Errorf("training: days off: %w", err)
	}
	return list, nil
}

// CalendarDay is a day of the Centre's calendar as the coordinators' page
// shows it: a public holiday, a change, or both.
type CalendarDay struct {
	Day     time.Time
	Holiday string // catalogue key suffix of the holiday, "" if none
	Change  *DayChange
	Off     bool
}

// CalendarYear returns the holidays and changes of a year.
func (s *Store) CalendarYear(ctx context.Context, year int) ([]CalendarDay, error) {
	if err := access.Require(ctx, access.ManageCourses); err != nil {
		return nil, err
	}
	from := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
	to := time.Date(year, 12, 31, 0, 0, 0, 0, time.UTC)
	changes, err := dayChanges(ctx, s.db, from, to)
	if err != nil {
		return nil, err
	}
	days := map[time.Time]*CalendarDay{}
	var order []time.Time
	get := func(d time.Time) *CalendarDay {
		if days[d] == nil {
			days[d] = &CalendarDay{Day: d}
			order = append(order, d)
		}
		return days[d]
	}
	for _, h := range Holidays(from, to) {
		cd := get(h.Day)
		cd.Holiday, cd.Off = h.Key, true
	}
	for _, c := range changes {
		cd := get(c.Day)
		cd.Change, cd.Off = &c, c.Off
	}
	list := make([]CalendarDay, 0, len(order))
	for _, d := range order {
		list = append(list, *days[d])
	}
	slices.SortFunc(list, func(a, b CalendarDay) int { return a.Day.Compare(b.Day) })
	return list, nil
}

// ChangeDay makes day a day off (off) or a working day, with a note, or
// drops an earlier change (clear). Lessons of planned and open cohorts that
// span the day are generated again.
func (s *Store) ChangeDay(ctx context.Context, dayText string, off, clear bool, note string) error {
	if err := access.Require(ctx, access.ManageCourses); err != nil {
		return err
	}
	d, err := time.Parse(time.DateOnly, dayText)
	if err != nil {
		return i18n.Errorf("training.error.day", "Field", i18n.Key("training.day"))
	}
	if err := textcheck.Field("training.note", note, textcheck.Title); err != nil {
		return err
	}
	note = strings.TrimSpace(note)
	return s.db.Transact(ctx, func(tx *db.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM days_off WHERE day = $1`, d); err != nil {
			return fmt.Errorf("training: change day: %w", err)
		}
		if !clear {
			_, err := tx.ExecContext(ctx, `INSERT INTO days_off (day, off, note, created_by, created_at) VALUES ($1, $2, $3, $4, $5)`,
				d, off, note, db.NullID(access.From(ctx).UserID), s.now())
			if err != nil {
				return fmt.Errorf("training: change day: %w", err)
			}
		}
		if err := s.regenerate(ctx, tx, d); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "calendar.change", "day", d.Format(time.DateOnly))
	})
}

// regenerate generates again the lessons of planned and open cohorts that
// span day, after the calendar changed.
func (s *Store) regenerate(ctx context.Context, tx *db.Tx, d time.Time) error {
	rows, err := tx.QueryContext(ctx, `SELECT `+cohortColumns+` FROM cohorts c
		WHERE c.state IN ('planned', 'open') AND c.starts_on <= $1 AND c.ends_on >= $1`, d)
	list, err := db.Collect(rows, err, scanCohort)
	if err != nil {
		return fmt.Errorf("training: cohorts on %s: %w", d, err)
	}
	for _, c := range list {
		cal, err := s.calendar(ctx, tx, c.StartsOn, c.EndsOn)
		if err != nil {
			return err
		}
		lessons, err := GenerateLessons(c.StartsOn, c.EndsOn, c.Slots, cal)
		if err != nil {
			return i18n.Errorf("training.error.day_empties_cohort", "Code", c.Code, "Field", i18n.Key("training.day"))
		}
		if err := replaceLessons(ctx, tx, c.ID, lessons); err != nil {
			return err
		}
	}
	return nil
}
