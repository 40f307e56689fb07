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
