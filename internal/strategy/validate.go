package strategy

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"inteqra/internal/i18n"
	"inteqra/internal/textcheck"
)

// Years a strategy's period may fall in.
const (
	minYear = 2000
	maxYear = 2100
)

// maxQepik is the largest amount a budget field takes: a hundred billion manat.
const maxQepik = 100_000_000_000 * 100

// StrategyInput is the strategy form.
type StrategyInput struct {
	Title     Texts
	FirstYear int // a form's unreadable number is -1, refused here
	LastYear  int
}

// Validate checks the form and returns every problem at once.
func (in *StrategyInput) Validate() error {
	var l textcheck.List
	checkTexts(&l, &in.Title, "strategy.field.title", textcheck.Short)
	for _, y := range []struct {
		label string
		v     int
	}{{"strategy.field.first_year", in.FirstYear}, {"strategy.field.last_year", in.LastYear}} {
		if y.v < minYear || y.v > maxYear {
			l.Add(i18n.Errorf("strategy.error.year", "Field", i18n.Key(y.label), "Min", minYear, "Max", maxYear))
		}
	}
	if in.FirstYear >= minYear && in.LastYear <= maxYear && in.LastYear < in.FirstYear {
		l.Add(i18n.Errorf("strategy.error.years_order", "Field", i18n.Key("strategy.field.last_year")))
	}
	return l.Err()
}

// checkTexts checks a text required in all three languages; label is the
// prefix of the three fields' labels (label_az, label_en, label_ru).
func checkTexts(l *textcheck.List, t *Texts, label string, r textcheck.Rule) {
	for _, f := range []struct {
		lang string
		v    *string
	}{{"az", &t.Az}, {"en", &t.En}, {"ru", &t.Ru}} {
		key := label + "_" + f.lang
		*f.v = strings.TrimSpace(*f.v)
		if l.Check(key, *f.v, r) && *f.v == "" {
			l.Add(i18n.Errorf("strategy.error.required", "Field", i18n.Key(key)))
		}
	}
}

// ItemInput is the form of a goal, an objective or a measure. ParentID
// says where a new item goes (0 for a goal); the fields after Title are a
// measure's, and its status is set on its own (SetStatus).
type ItemInput struct {
	ParentID      int64
	Title         Texts
	ResponsibleID int64
	PartnerIDs    []int64
	StartsOn      string // 2006-01-02
	EndsOn        string
	Planned       string // manat, as typed: 1500 or 1500.50
	Source        Source
	Spent         string
}

// measure is a measure's form read into values.
type measure struct {
	startsOn, endsOn time.Time
	planned, spent   Money
}

// validate checks the form of an item of kind and returns a measure's
// values, with every problem at once. The chosen organisations are
// checked by the store in its transaction.
func (in *ItemInput) validate(kind Kind) (measure, error) {
	var l textcheck.List
	var m measure
	checkTexts(&l, &in.Title, "strategy.item.title", textcheck.Medium)
	if kind != Measure {
		return m, l.Err()
	}
	if in.ResponsibleID == 0 {
		l.Add(i18n.Errorf("strategy.error.required", "Field", i18n.Key("strategy.measure.responsible")))
	}
	var err error
	if m.startsOn, err = day(in.StartsOn, "strategy.measure.starts_on"); err != nil {
		l.Add(err)
	}
	if m.endsOn, err = day(in.EndsOn, "strategy.measure.ends_on"); err != nil {
		l.Add(err)
	}
	if !m.startsOn.IsZero() && !m.endsOn.IsZero() && m.endsOn.Before(m.startsOn) {
		l.Add(i18n.Errorf("strategy.error.dates_order", "Field", i18n.Key("strategy.measure.ends_on")))
	}
	if m.planned, err = amount(in.Planned, "strategy.measure.planned"); err != nil {
		l.Add(err)
	}
	if m.spent, err = amount(in.Spent, "strategy.measure.spent"); err != nil {
		l.Add(err)
	}
	switch {
	case in.Source == "" && m.planned.Valid:
		l.Add(i18n.Errorf("strategy.error.source", "Field", i18n.Key("strategy.measure.source")))
	case in.Source != "" && !slices.Contains(Sources, in.Source):
		l.Add(textcheck.Unknown("strategy.measure.source"))
	}
	return m, l.Err()
}

// day reads a required date.
func day(v, label string) (time.Time, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return time.Time{}, i18n.Errorf("strategy.error.required", "Field", i18n.Key(label))
	}
	t, err := time.Parse(time.DateOnly, v)
	if err != nil || t.Year() < minYear || t.Year() > maxYear {
		return time.Time{}, i18n.Errorf("strategy.error.date", "Field", i18n.Key(label))
	}
	return t, nil
}

// amount reads an optional amount in manat with at most two decimals
// (a point or a comma), spaces between the thousands allowed.
func amount(v, label string) (Money, error) {
	v = strings.NewReplacer(" ", "", "\u00a0", "", ",", ".").Replace(strings.TrimSpace(v))
	if v == "" {
		return Money{}, nil
	}
	bad := i18n.Errorf("strategy.error.amount", "Field", i18n.Key(label))
	whole, frac, _ := strings.Cut(v, ".")
	if whole == "" || len(frac) > 2 || len(whole) > 12 || strings.Trim(whole+frac, "0123456789") != "" {
		return Money{}, bad
	}
	frac += strings.Repeat("0", 2-len(frac))
	n, err := strconv.ParseInt(whole+frac, 10, 64)
	if err != nil || n > maxQepik {
		return Money{}, bad
	}
	return Money{Qepik: n, Valid: true}, nil
}
