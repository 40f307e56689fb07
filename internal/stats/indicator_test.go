package stats

import (
	"testing"

	"inteqra/internal/i18n"
)

func TestRatioProtect(t *testing.T) {
	t.Parallel()
	tests := []struct {
		num, den int
		hidden   bool
	}{
		{0, 0, false},
		{0, 10, false},
		{10, 10, false},
		{5, 10, false},
		{3, 10, true}, // small numerator
		{3, 3, true},  // small denominator
		{8, 10, true}, // 2 persons not counted: small too
		{0, 4, true},  // small denominator even with none counted
		{50, 55, false},
	}
	for _, tt := range tests {
		r := Ratio{Num: tt.num, Den: tt.den}.Protect(5)
		if r.Hidden != tt.hidden {
			t.Errorf("%d/%d hidden = %v, want %v", tt.num, tt.den, r.Hidden, tt.hidden)
		}
		if r.Num != tt.num || r.Den != tt.den {
			t.Errorf("%d/%d counts changed", tt.num, tt.den)
		}
		if _, ok := r.Value(); ok == (r.Hidden || tt.den == 0) {
			t.Errorf("%d/%d Value ok = %v", tt.num, tt.den, ok)
		}
	}
}

func TestIndicatorFormat(t *testing.T) {
	t.Parallel()
	in := NewIndicator("plan_within_30_days", "stats.category.sex", Ratio{Num: 91, Den: 200}, Ratio{Num: 86, Den: 200}, 5)
	tests := []struct {
		lang                  i18n.Lang
		percent, counts, diff string
	}{
		{i18n.AZ, "45,5%", "91 / 200", "+2,5 faiz bəndi"},
		{i18n.EN, "45.5%", "91 of 200", "+2.5 percentage points"},
		{i18n.RU, "45,5\u00a0%", "91 из 200", "+2,5 п.\u00a0п."},
	}
	for _, tt := range tests {
		p := printer(t, tt.lang)
		if got := Percent(p, in.Current); got != tt.percent {
			t.Errorf("%s Percent = %q, want %q", tt.lang, got, tt.percent)
		}
		if got := Counts(p, in.Current, 5); got != tt.counts {
			t.Errorf("%s Counts = %q, want %q", tt.lang, got, tt.counts)
		}
		if got := in.ChangeText(p); got != tt.diff {
			t.Errorf("%s ChangeText = %q, want %q", tt.lang, got, tt.diff)
		}
	}
	d, ok := in.Change()
	if !ok || d < 2.4999 || d > 2.5001 {
		t.Errorf("Change = %v, %v, want 2.5", d, ok)
	}

	en := printer(t, i18n.EN)
	down := NewIndicator("x", "stats.category.sex", Ratio{Num: 1000, Den: 2000}, Ratio{Num: 1100, Den: 2000}, 5)
	if got, want := down.ChangeText(en), "\u22125.0 percentage points"; got != want {
		t.Errorf("down ChangeText = %q, want %q", got, want)
	}
	small := NewIndicator("x", "stats.category.sex", Ratio{Num: 3, Den: 40}, Ratio{Num: 10, Den: 40}, 5)
	if got, want := Percent(en, small.Current), "Not shown: the counts are too small"; got != want {
		t.Errorf("small Percent = %q, want %q", got, want)
	}
	if got, want := Counts(en, small.Current, 5), "<5"; got != want {
		t.Errorf("small Counts = %q, want %q", got, want)
	}
	if _, ok := small.Change(); ok || small.ChangeText(en) != "" {
		t.Error("a change against a hidden share is shown")
	}
	none := NewIndicator("x", "stats.category.sex", Ratio{}, Ratio{}, 5)
	if got, want := Percent(en, none.Current), "No data"; got != want {
		t.Errorf("empty Percent = %q, want %q", got, want)
	}
}
