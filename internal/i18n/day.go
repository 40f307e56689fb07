package i18n

import "time"

// ParseDay parses a day as an HTML date input sends it (2006-01-02) and
// returns its first instant in Baku time, where the Service works.
func ParseDay(s string) (time.Time, error) {
	return time.ParseInLocation(time.DateOnly, s, baku)
}

// Baku is the time zone the Service works in; days (birth dates, validity,
// consent) are counted in it.
var Baku = baku

// DayOf returns the calendar day of t in Baku as midnight UTC, the form in
// which days are stored and compared.
func DayOf(t time.Time) time.Time {
	y, m, d := t.In(baku).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// YearIn returns the first instant of calendar year y in Baku and that of
// the year after, in UTC: the range of instants (times, not days) that
// fall in the year.
func YearIn(y int) (from, to time.Time) {
	return time.Date(y, 1, 1, 0, 0, 0, 0, baku).UTC(), time.Date(y+1, 1, 1, 0, 0, 0, 0, baku).UTC()
}
