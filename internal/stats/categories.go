package stats

import (
	"time"

	"inteqra/internal/i18n"
)

// Category is a way of breaking a count down: by sex, age band,
// citizenship, residence kind or region. Only the kinds live here; their
// values come from the people's codes, which later slices read.
type Category string

// The categories every count can be broken down by, singly or two at a time.
const (
	Sex         Category = "sex"
	Age         Category = "age"
	Citizenship Category = "citizenship"
	Residence   Category = "residence"
	Region      Category = "region"
)

// Categories lists the categories in the order dashboards offer them.
var Categories = []Category{Sex, Age, Citizenship, Residence, Region}

// LabelKey is the catalogue key of the category's name.
func (c Category) LabelKey() string { return "stats.category." + string(c) }

// ParseCategory returns the category of a query value.
func ParseCategory(s string) (Category, bool) {
	for _, c := range Categories {
		if string(c) == s {
			return c, true
		}
	}
	return "", false
}

// AgeBand is a person's age group on a day.
type AgeBand string

// The age bands, and the band of a person whose birth date is not known.
const (
	Age0to17    AgeBand = "0_17"
	Age18to24   AgeBand = "18_24"
	Age25to34   AgeBand = "25_34"
	Age35to44   AgeBand = "35_44"
	Age45to54   AgeBand = "45_54"
	Age55to64   AgeBand = "55_64"
	Age65Plus   AgeBand = "65_plus"
	AgeUnknown  AgeBand = "unknown"
	ageBandsMax         = 65
)

// AgeBands lists the bands youngest first, the unknown band last.
var AgeBands = []AgeBand{Age0to17, Age18to24, Age25to34, Age35to44, Age45to54, Age55to64, Age65Plus, AgeUnknown}

// lower bounds of the bands in AgeBands, without the unknown one.
var bandFrom = []int{0, 18, 25, 35, 45, 55, ageBandsMax}

// LabelKey is the catalogue key of the band's name ("18–24").
func (b AgeBand) LabelKey() string { return "stats.age." + string(b) }

// AgeBandOf returns the band of a person born on birth, on day. Both are
// taken as days in Baku (i18n.DayOf); a person's age grows on their
// birthday, and one born on 29 February on 1 March in other years. A zero
// birth date, or one after day, gives AgeUnknown.
func AgeBandOf(birth, day time.Time) AgeBand {
	if birth.IsZero() {
		return AgeUnknown
	}
	b, d := i18n.DayOf(birth), i18n.DayOf(day)
	if b.After(d) {
		return AgeUnknown
	}
	age := d.Year() - b.Year()
	if d.Month() < b.Month() || d.Month() == b.Month() && d.Day() < b.Day() {
		age--
	}
	return bandOfAge(age)
}

// AgeBandOfYear returns the band of a person of whom only the birth year is
// known: the age they reach in the year of day, as statistics count when
// only the year is known. A year of 0 or after day's gives AgeUnknown.
func AgeBandOfYear(year int, day time.Time) AgeBand {
	y := i18n.DayOf(day).Year()
	if year <= 0 || year > y {
		return AgeUnknown
	}
	return bandOfAge(y - year)
}

func bandOfAge(age int) AgeBand {
	for i := len(bandFrom) - 1; i >= 0; i-- {
		if age >= bandFrom[i] {
			return AgeBands[i]
		}
	}
	return AgeUnknown
}
