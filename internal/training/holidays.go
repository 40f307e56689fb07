package training

import (
	"slices"
	"time"

	"inteqra/internal/i18n"
)

// Holiday is a day off with a stable key; its name is shown through the
// catalogue key "training.holiday."+Key. A day carried over from a weekend
// keeps the key of the holiday it stands for.
type Holiday struct {
	Day time.Time // the calendar day, as midnight UTC
	Key string
}

// Holiday keys. keyExtra marks a day off a coordinator added by hand.
const (
	keyNewYear            = "new_year"
	keyWomensDay          = "womens_day"
	keyNovruz             = "novruz"
	keyVictoryOverFascism = "victory_over_fascism"
	keyIndependence       = "independence"
	keyNationalSalvation  = "national_salvation"
	keyArmedForces        = "armed_forces"
	keyVictory            = "victory"
	keyFlag               = "flag"
	keySolidarity         = "solidarity"
	keyRamazan            = "ramazan"
	keyQurban             = "qurban"
	keyExtra              = "extra"
)

// HolidayKeys lists every holiday key, so a test can hold the catalogues to them.
func HolidayKeys() []string {
	return []string{keyNewYear, keyWomensDay, keyNovruz, keyVictoryOverFascism, keyIndependence, keyNationalSalvation,
		keyArmedForces, keyVictory, keyFlag, keySolidarity, keyRamazan, keyQurban, keyExtra}
}

// fixedHolidays are the non-working holidays of Article 105.1 of the Labour
// Code with a fixed date, as in force since Victory Day was added in 2021.
// Mourning and remembrance days (20 January, 27 September) are working days.
var fixedHolidays = []struct {
	month time.Month
	day   int
	key   string
}{
	{time.January, 1, keyNewYear},
	{time.January, 2, keyNewYear},
	{time.March, 8, keyWomensDay},
	{time.March, 20, keyNovruz},
	{time.March, 21, keyNovruz},
	{time.March, 22, keyNovruz},
	{time.March, 23, keyNovruz},
	{time.March, 24, keyNovruz},
	{time.May, 9, keyVictoryOverFascism},
	{time.May, 28, keyIndependence},
	{time.June, 15, keyNationalSalvation},
	{time.June, 26, keyArmedForces},
	{time.November, 8, keyVictory},
	{time.November, 9, keyFlag},
	{time.December, 31, keySolidarity},
}

// movingHolidays are the Ramazan and Qurban days the Cabinet of Ministers
// fixes each year (Labour Code 105.4), on the Caucasian Muslims Office's
// sighting of the moon. 2025 and 2026 are the Cabinet's decisions; 2027 and
// 2028 are astronomical estimates until the Cabinet announces them (each
// December for the next year), so check them then. A year missing here has
// no Ramazan or Qurban days: coordinators add them through a Calendar.
var movingHolidays = map[int][]Holiday{
	2025: {holiday(2025, 3, 30, keyRamazan), holiday(2025, 3, 31, keyRamazan), holiday(2025, 6, 6, keyQurban), holiday(2025, 6, 7, keyQurban)},
	2026: {holiday(2026, 3, 20, keyRamazan), holiday(2026, 3, 21, keyRamazan), holiday(2026, 5, 27, keyQurban), holiday(2026, 5, 28, keyQurban)},
	2027: {holiday(2027, 3, 9, keyRamazan), holiday(2027, 3, 10, keyRamazan), holiday(2027, 5, 16, keyQurban), holiday(2027, 5, 17, keyQurban)},
	2028: {holiday(2028, 2, 26, keyRamazan), holiday(2028, 2, 27, keyRamazan), holiday(2028, 5, 5, keyQurban), holiday(2028, 5, 6, keyQurban)},
}

// transfers are the Cabinet's swaps of days off with working days, made to
// join days off into one stretch. The day off on from (if any) moves to to.
var transfers = []struct {
	from, to time.Time
	key      string
}{
	// 28–29 December 2024 (a weekend) were worked for 30 December and 3 January.
	{civil(2024, 12, 29), civil(2025, 1, 3), keyNewYear},
	// The carried-over days 10 March and 1 April 2025 were worked for 27 and
	// 28 March, so that 20–31 March was one stretch of days off.
	{civil(2025, 3, 10), civil(2025, 3, 27), keyWomensDay},
	{civil(2025, 4, 1), civil(2025, 3, 28), keyRamazan},
}

// Holidays returns Azerbaijan's non-working public holidays between from and
// to inclusive, sorted, with the weekend carry-over of the Labour Code and
// the Cabinet's transfers applied. A day that is two holidays at once (Novruz
// and Ramazan on 20 March 2026) appears once, under the fixed holiday's key;
// the law gives the extra day off for it after the holiday.
func Holidays(from, to time.Time) []Holiday {
	from, to = dayOf(from), dayOf(to)
	if to.Before(from) {
		return nil
	}
	// A year's carry-over can reach into the next (31 December on a
	// Sunday), and a transfer can cross the new year, so the years on
	// either side take part.
	var fixed, moving []Holiday
	for y := from.Year() - 1; y <= to.Year()+1; y++ {
		for _, f := range fixedHolidays {
			fixed = append(fixed, holiday(y, f.month, f.day, f.key))
		}
		moving = append(moving, movingHolidays[y]...)
	}
	byDay := make(map[time.Time]string)
	for _, list := range [][]Holiday{carryOver(fixed, moving), moving, fixed} {
		for _, h := range list {
			byDay[h.Day] = h.Key // fixed last: its key wins a shared day
		}
	}
	for _, t := range transfers {
		delete(byDay, t.from)
		byDay[t.to] = t.key
	}
	var out []Holiday
	for d, key := range byDay {
		if !d.Before(from) && !d.After(to) {
			out = append(out, Holiday{Day: d, Key: key})
		}
	}
	slices.SortFunc(out, func(a, b Holiday) int { return a.Day.Compare(b.Day) })
	return out
}

// carryOver returns the extra days off that Article 105 of the Labour Code
// gives for holidays that do not free a working day:
//
//   - 105.5: a holiday on a Saturday or Sunday moves the rest day to the next
//     working day (a weekday that is not itself a holiday or already a
//     carried-over day), so 8 March 2026, a Sunday, frees Monday 9 March,
//     and Saturday 9 May 2026 frees Monday 11 May;
//   - 105.6: a Ramazan or Qurban day that falls on another non-working
//     holiday also gives the next working day off.
//
// Fixed holidays are carried first, then the Cabinet's Ramazan and Qurban
// days, which is how the Cabinet applied it in 2026: Novruz's weekend went
// to 25–26 March, the two Ramazan days on Novruz to 27 and 30 March. Each
// list must be sorted by day. The set of days returned does not depend on
// that order, only which holiday's key each day carries.
func carryOver(fixed, moving []Holiday) []Holiday {
	off := make(map[time.Time]bool, len(fixed)+len(moving))
	isFixed := make(map[time.Time]bool, len(fixed))
	for _, h := range fixed {
		off[h.Day] = true
		isFixed[h.Day] = true
	}
	for _, h := range moving {
		off[h.Day] = true
	}
	var extra []Holiday
	carry := func(h Holiday) {
		d := h.Day.AddDate(0, 0, 1)
		for weekend(d) || off[d] {
			d = d.AddDate(0, 0, 1)
		}
		off[d] = true
		extra = append(extra, Holiday{Day: d, Key: h.Key})
	}
	for _, h := range fixed {
		if weekend(h.Day) {
			carry(h)
		}
	}
	for _, h := range moving {
		if weekend(h.Day) || isFixed[h.Day] {
			carry(h)
		}
	}
	return extra
}

// Calendar is the set of days off a cohort's lessons skip: the public
// holidays as edited by a coordinator. The zero Calendar has no days off.
type Calendar struct {
	off map[time.Time]Holiday
}

// NewCalendar returns the days off of holidays without the removed days and
// with the added ones (key "extra"). A day both added and removed is off.
func NewCalendar(holidays []Holiday, added, removed []time.Time) Calendar {
	c := Calendar{off: make(map[time.Time]Holiday, len(holidays)+len(added))}
	for _, h := range holidays {
		h.Day = dayOf(h.Day)
		if _, dup := c.off[h.Day]; !dup {
			c.off[h.Day] = h
		}
	}
	for _, d := range removed {
		delete(c.off, dayOf(d))
	}
	for _, d := range added {
		d = dayOf(d)
		if _, ok := c.off[d]; !ok {
			c.off[d] = Holiday{Day: d, Key: keyExtra}
		}
	}
	return c
}

// Off reports whether day is a day off, and which.
func (c Calendar) Off(day time.Time) (Holiday, bool) {
	h, ok := c.off[dayOf(day)]
	return h, ok
}

// dayOf is the calendar day of t in Baku as midnight UTC, the form days are
// stored in. Midnight UTC and midnight in Baku (i18n.ParseDay) both give
// their own day, since Baku is ahead of UTC. Map keys use it too: it strips
// the location and monotonic reading that would make equal days differ.
func dayOf(t time.Time) time.Time {
	y, m, d := t.In(i18n.Baku).Date()
	return civil(y, m, d)
}

func civil(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func holiday(y int, m time.Month, d int, key string) Holiday {
	return Holiday{Day: civil(y, m, d), Key: key}
}

func weekend(d time.Time) bool {
	wd := d.Weekday()
	return wd == time.Saturday || wd == time.Sunday
}
