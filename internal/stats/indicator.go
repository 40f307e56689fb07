package stats

import (
	"math"

	"inteqra/internal/i18n"
)

// Ratio is a share with the counts it comes from: Num of Den persons.
type Ratio struct {
	Num, Den int
	// Hidden is set by Protect when a count behind the share is small:
	// then neither the share nor the counts are shown.
	Hidden bool
}

// Protect hides the ratio when its numerator, its denominator or the
// difference between them (the persons counted in the denominator only,
// which a reader works out at once) is a small non-zero count.
func (r Ratio) Protect(threshold int) Ratio {
	for _, n := range []int{r.Num, r.Den, r.Den - r.Num} {
		if n > 0 && n < threshold {
			r.Hidden = true
		}
	}
	return r
}

// Value returns the share, 0 to 1, and false when it cannot be shown: the
// ratio is hidden or its denominator is zero.
func (r Ratio) Value() (float64, bool) {
	if r.Hidden || r.Den <= 0 {
		return 0, false
	}
	return float64(r.Num) / float64(r.Den), true
}

// Indicator is one of the programme's monitoring figures for a period, with
// the same figure for the period before.
type Indicator struct {
	Code     string // stable, for exports and the API: "plan_within_30_days"
	LabelKey string // the catalogue key of its name
	Current  Ratio
	Previous Ratio
}

// NewIndicator returns the indicator with both ratios protected at the
// threshold.
func NewIndicator(code, labelKey string, current, previous Ratio, threshold int) Indicator {
	return Indicator{
		Code: code, LabelKey: labelKey,
		Current:  current.Protect(threshold),
		Previous: previous.Protect(threshold),
	}
}

// Change returns the difference from the previous period in percentage
// points, and false when either share cannot be shown.
func (in Indicator) Change() (float64, bool) {
	cur, ok := in.Current.Value()
	prev, ok2 := in.Previous.Value()
	if !ok || !ok2 {
		return 0, false
	}
	return 100 * (cur - prev), true
}

// Percent formats a share for the reader: "45,5%" in Azerbaijani, "45.5%"
// in English, "45,5 %" in Russian, with one decimal; a share that cannot be
// shown says why.
func Percent(p *i18n.Printer, r Ratio) string {
	v, ok := r.Value()
	switch {
	case r.Hidden:
		return p.T("stats.indicator.suppressed")
	case !ok:
		return p.T("stats.indicator.no_data")
	}
	return p.T("stats.percent", "Value", p.Number(100*v, 1))
}

// Counts formats the counts behind a share, "12 of 40", or the suppression
// mark when it is hidden.
func Counts(p *i18n.Printer, r Ratio, threshold int) string {
	if r.Hidden {
		return SuppressedMark(p, threshold)
	}
	return p.T("stats.indicator.of", "Numerator", p.Int(int64(r.Num)), "Denominator", p.Int(int64(r.Den)))
}

// ChangeText formats the change from the previous period with its sign,
// "+2,5 faiz bəndi", "−1.0 percentage points", or "" when there is none to
// show.
func (in Indicator) ChangeText(p *i18n.Printer) string {
	d, ok := in.Change()
	if !ok {
		return ""
	}
	d = math.Round(d*10) / 10
	s := p.Number(math.Abs(d), 1)
	switch {
	case d > 0:
		s = "+" + s
	case d < 0:
		s = "\u2212" + s // the minus sign, not a hyphen
	}
	return p.T("stats.points", "Value", s)
}
