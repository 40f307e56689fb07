package stats

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"inteqra/internal/i18n"
)

// PeriodKind is how a reporting period is chosen.
type PeriodKind string

// The kinds of period a dashboard offers.
const (
	Month   PeriodKind = "month"
	Quarter PeriodKind = "quarter"
	Year    PeriodKind = "year"
	Custom  PeriodKind = "custom"
)

// PeriodKinds lists the kinds in the order a form offers them.
var PeriodKinds = []PeriodKind{Month, Quarter, Year, Custom}

// LabelKey is the catalogue key of the kind's name.
func (k PeriodKind) LabelKey() string { return "stats.period.kind." + string(k) }

// The years a period may fall in, and the longest custom period.
const (
	firstYear     = 2000
	lastYear      = 2100
	maxCustomDays = 10 * 366
)

// Period is a run of whole days in Baku, From to To inclusive, each held as
// midnight UTC as i18n.DayOf gives them.
type Period struct {
	Kind     PeriodKind
	From, To time.Time
}

// The catalogue keys of the period fields, which errors name.
const (
	fieldKind  = "stats.field.period_kind"
	fieldValue = "stats.field.period"
	fieldFrom  = "stats.field.from"
	fieldTo    = "stats.field.to"
)

// Errors in the reader's language for a period that cannot be read.
var (
	ErrPeriodKind  = i18n.Errorf("stats.error.period_kind", "Field", i18n.Key(fieldKind))
	ErrPeriodValue = i18n.Errorf("stats.error.period_value")
	ErrPeriodDay   = i18n.Errorf("stats.error.period_day")
	ErrPeriodOrder = i18n.Errorf("stats.error.period_order", "Field", i18n.Key(fieldTo))
	ErrPeriodLong  = i18n.Errorf("stats.error.period_long", "Field", i18n.Key(fieldTo), "Years", maxCustomDays/366)
)

// MonthOf returns the month of year y.
func MonthOf(y int, m time.Month) Period {
	from := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
	return Period{Kind: Month, From: from, To: from.AddDate(0, 1, -1)}
}

// QuarterOf returns quarter q (1 to 4) of year y.
func QuarterOf(y, q int) Period {
	from := time.Date(y, time.Month(3*(q-1)+1), 1, 0, 0, 0, 0, time.UTC)
	return Period{Kind: Quarter, From: from, To: from.AddDate(0, 3, -1)}
}

// YearOf returns the year y.
func YearOf(y int) Period {
	from := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
	return Period{Kind: Year, From: from, To: from.AddDate(1, 0, -1)}
}

// ParsePeriod reads a period from query values: the kind, and for a month
// a value such as "2026-11", for a quarter "2026-Q4", for a year "2026",
// or for a custom period the first and last days ("2026-11-01"). It returns
// every problem at once, each an *i18n.Error naming its field.
func ParsePeriod(kind, value, from, to string) (Period, error) {
	value = strings.TrimSpace(value)
	switch PeriodKind(kind) {
	case Month:
		y, m, ok := strings.Cut(value, "-")
		yy, mm := year(y), number(m, 1, 12)
		if !ok || yy == 0 || mm == 0 || len(m) != 2 {
			return Period{}, valueError(Month)
		}
		return MonthOf(yy, time.Month(mm)), nil
	case Quarter:
		y, q, ok := strings.Cut(strings.ToUpper(value), "-Q")
		yy, qq := year(y), number(q, 1, 4)
		if !ok || yy == 0 || qq == 0 || len(q) != 1 {
			return Period{}, valueError(Quarter)
		}
		return QuarterOf(yy, qq), nil
	case Year:
		yy := year(value)
		if yy == 0 {
			return Period{}, valueError(Year)
		}
		return YearOf(yy), nil
	case Custom:
		var errs []error
		f, err := day(from, fieldFrom)
		errs = append(errs, err)
		t, err := day(to, fieldTo)
		errs = append(errs, err)
		if err := errors.Join(errs...); err != nil {
			return Period{}, err
		}
		p := Period{Kind: Custom, From: f, To: t}
		switch {
		case t.Before(f):
			return Period{}, ErrPeriodOrder
		case p.Days() > maxCustomDays:
			return Period{}, ErrPeriodLong
		}
		return p, nil
	}
	return Period{}, ErrPeriodKind
}

func valueError(k PeriodKind) error {
	return i18n.Errorf("stats.error.period_value", "Field", i18n.Key(fieldValue), "Example", example[k])
}

// example shows a value of each kind in errors.
var example = map[PeriodKind]string{Month: "2026-11", Quarter: "2026-Q4", Year: "2026"}

// year returns s as a year the Service can report on, or 0.
func year(s string) int {
	if len(s) != 4 {
		return 0
	}
	return number(s, firstYear, lastYear)
}

// number returns s as a decimal number in lo..hi, or 0.
func number(s string, lo, hi int) int {
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi || strings.HasPrefix(s, "+") {
		return 0
	}
	return n
}

func day(s, field string) (time.Time, error) {
	t, err := time.Parse(time.DateOnly, strings.TrimSpace(s))
	if err != nil || t.Year() < firstYear || t.Year() > lastYear {
		return time.Time{}, i18n.Errorf("stats.error.period_day", "Field", i18n.Key(field))
	}
	return t, nil
}

// Days returns the number of days in the period.
func (p Period) Days() int {
	return int(p.To.Sub(p.From)/(24*time.Hour)) + 1
}

// Contains reports whether the instant or stored day t falls in the period,
// counting days in Baku.
func (p Period) Contains(t time.Time) bool {
	d := i18n.DayOf(t)
	return !d.Before(p.From) && !d.After(p.To)
}

// Previous returns the period of the same kind and length just before p:
// the month, quarter or year before, or for a custom period the same
// number of days ending the day before it starts.
func (p Period) Previous() Period {
	switch p.Kind {
	case Month:
		return MonthOf(p.From.AddDate(0, -1, 0).Year(), p.From.AddDate(0, -1, 0).Month())
	case Quarter:
		f := p.From.AddDate(0, -3, 0)
		return QuarterOf(f.Year(), int(f.Month()-1)/3+1)
	case Year:
		return YearOf(p.From.Year() - 1)
	}
	to := p.From.AddDate(0, 0, -1)
	return Period{Kind: p.Kind, From: to.AddDate(0, 0, 1-p.Days()), To: to}
}

// Value returns the period's query value, which ParsePeriod reads back:
// "2026-11", "2026-Q4", "2026", or "" for a custom period, whose days go
// in their own fields.
func (p Period) Value() string {
	switch p.Kind {
	case Month:
		return p.From.Format("2006-01")
	case Quarter:
		return fmt.Sprintf("%d-Q%d", p.From.Year(), int(p.From.Month()-1)/3+1)
	case Year:
		return strconv.Itoa(p.From.Year())
	}
	return ""
}

// Label names the period in the printer's language: "Noyabr 2026",
// "November 2026", "ноябрь 2026"; "2026, IV rüb", "Q4 2026",
// "IV квартал 2026"; the year; or the first and last days.
func (p Period) Label(pr *i18n.Printer) string {
	y := strconv.Itoa(p.From.Year()) // a year is never grouped: 2026, not 2.026
	switch p.Kind {
	case Month:
		return pr.T("stats.period.month_label", "Month", MonthName(pr, p.From.Month()), "Year", y)
	case Quarter:
		q := int(p.From.Month()-1)/3 + 1
		return pr.T("stats.period.quarter_label", "Quarter", pr.T(fmt.Sprintf("stats.quarter.%d", q)), "Year", y)
	case Year:
		return pr.T("stats.period.year_label", "Year", y)
	}
	return pr.T("stats.period.custom_label", "From", pr.Date(p.From), "To", pr.Date(p.To))
}

// MonthName returns the month's name from the catalogue, as it stands alone
// (nominative): "Noyabr", "November", "ноябрь".
func MonthName(pr *i18n.Printer, m time.Month) string {
	return pr.T(fmt.Sprintf("stats.month.%d", int(m)))
}
