package stats

import (
	"strconv"
	"sync"
	"testing"

	"inteqra/internal/i18n"
)

var (
	catOnce sync.Once
	cat     *i18n.Catalog
	catErr  error
)

// printer returns the printer of lang from the real catalogues.
func printer(t testing.TB, lang i18n.Lang) *i18n.Printer {
	t.Helper()
	catOnce.Do(func() { cat, catErr = i18n.Load() })
	if catErr != nil {
		t.Fatal(catErr)
	}
	return cat.Printer(lang)
}

// TestKeysExist checks that every catalogue key the package builds is in
// every language.
func TestKeysExist(t *testing.T) {
	t.Parallel()
	printer(t, i18n.AZ)
	keys := []string{
		"stats.cell.suppressed", "stats.note.suppressed",
		"stats.period.month_label", "stats.period.quarter_label", "stats.period.year_label", "stats.period.custom_label",
		"stats.percent", "stats.points", "stats.indicator.suppressed", "stats.indicator.no_data", "stats.indicator.of",
		"stats.chart.desc_bar", "stats.chart.desc_stacked", "stats.chart.desc_line", "stats.chart.desc_hidden",
		"stats.chart.empty", "stats.chart.total",
		fieldKind, fieldValue, fieldFrom, fieldTo,
	}
	for m := 1; m <= 12; m++ {
		keys = append(keys, "stats.month."+strconv.Itoa(m))
	}
	for q := 1; q <= 4; q++ {
		keys = append(keys, "stats.quarter."+strconv.Itoa(q))
	}
	for _, c := range Categories {
		keys = append(keys, c.LabelKey())
	}
	for _, b := range AgeBands {
		keys = append(keys, b.LabelKey())
	}
	for _, k := range PeriodKinds {
		keys = append(keys, k.LabelKey())
	}
	for _, e := range []*i18n.Error{ErrPeriodKind, ErrPeriodValue, ErrPeriodDay, ErrPeriodOrder, ErrPeriodLong} {
		keys = append(keys, e.Key)
	}
	for _, l := range i18n.Langs {
		for _, k := range keys {
			if !cat.Has(l, k) {
				t.Errorf("%s: %q missing", l, k)
			}
		}
	}
}
