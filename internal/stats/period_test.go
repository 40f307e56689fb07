package stats

import (
	"testing"
	"time"

	"inteqra/internal/i18n"
)

func date(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestParsePeriod(t *testing.T) {
	t.Parallel()
	tests := []struct {
		kind, value, from, to string
		want                  PeriodKind
		first, last           string
		value2                string
	}{
		{"month", "2026-11", "", "", Month, "2026-11-01", "2026-11-30", "2026-11"},
		{"month", "2024-02", "", "", Month, "2024-02-01", "2024-02-29", "2024-02"},
		{"month", " 2026-12 ", "", "", Month, "2026-12-01", "2026-12-31", "2026-12"},
		{"quarter", "2026-Q4", "", "", Quarter, "2026-10-01", "2026-12-31", "2026-Q4"},
		{"quarter", "2026-q1", "", "", Quarter, "2026-01-01", "2026-03-31", "2026-Q1"},
		{"year", "2026", "", "", Year, "2026-01-01", "2026-12-31", "2026"},
		{"custom", "", "2026-11-05", "2026-11-05", Custom, "2026-11-05", "2026-11-05", ""},
		{"custom", "ignored", "2025-12-20", "2026-01-10", Custom, "2025-12-20", "2026-01-10", ""},
	}
	for _, tt := range tests {
		t.Run(tt.kind+" "+tt.value+tt.from, func(t *testing.T) {
			t.Parallel()
			p, err := ParsePeriod(tt.kind, tt.value, tt.from, tt.to)
			if err != nil {
				t.Fatal(err)
			}
			if p.Kind != tt.want || !p.From.Equal(date(t, tt.first)) || !p.To.Equal(date(t, tt.last)) {
				t.Errorf("got %s %v – %v, want %s %s – %s", p.Kind, p.From, p.To, tt.want, tt.first, tt.last)
			}
			if p.Value() != tt.value2 {
				t.Errorf("Value = %q, want %q", p.Value(), tt.value2)
			}
		})
	}
}

func TestParsePeriodRefuses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		kind, value, from, to string
		keys                  []string
	}{
		{"", "2026", "", "", []string{"stats.error.period_kind"}},
		{"week", "2026", "", "", []string{"stats.error.period_kind"}},
		{"month", "2026-13", "", "", []string{"stats.error.period_value"}},
		{"month", "2026-1", "", "", []string{"stats.error.period_value"}},
		{"month", "2026", "", "", []string{"stats.error.period_value"}},
		{"month", "1999-12", "", "", []string{"stats.error.period_value"}},
		{"quarter", "2026-Q5", "", "", []string{"stats.error.period_value"}},
		{"quarter", "2026-4", "", "", []string{"stats.error.period_value"}},
		{"year", "26", "", "", []string{"stats.error.period_value"}},
		{"year", "+2026", "", "", []string{"stats.error.period_value"}},
		{"year", "2101", "", "", []string{"stats.error.period_value"}},
		{"custom", "", "", "", []string{"stats.error.period_day", "stats.error.period_day"}},
		{"custom", "", "2026-02-30", "2026-03-01", []string{"stats.error.period_day"}},
		{"custom", "", "2026-03-02", "2026-03-01", []string{"stats.error.period_order"}},
		{"custom", "", "2000-01-01", "2026-03-01", []string{"stats.error.period_long"}},
	}
	for _, tt := range tests {
		t.Run(tt.kind+" "+tt.value+tt.from, func(t *testing.T) {
			t.Parallel()
			_, err := ParsePeriod(tt.kind, tt.value, tt.from, tt.to)
			got := i18n.ProblemKeys(err)
			if len(got) != len(tt.keys) {
				t.Fatalf("problems = %v, want %v", got, tt.keys)
			}
			for i := range got {
				if got[i] != tt.keys[i] {
					t.Errorf("problems = %v, want %v", got, tt.keys)
				}
			}
			for _, e := range i18n.Problems(err) {
				if e.Field() == "" {
					t.Errorf("%s names no field", e.Key)
				}
			}
		})
	}
	// Both days wrong: both named, each with its field.
	_, err := ParsePeriod("custom", "", "x", "y")
	ps := i18n.Problems(err)
	if len(ps) != 2 || ps[0].Field() != fieldFrom || ps[1].Field() != fieldTo {
		t.Errorf("problems = %v, want the first and last day", ps)
	}
	// The message reads in the user's language with the example filled in.
	_, err = ParsePeriod("quarter", "x", "", "")
	if got, want := printer(t, i18n.EN).Error(err), "Enter the period as 2026-Q4 (years 2000 to 2100)."; got != want {
		t.Errorf("en message = %q, want %q", got, want)
	}
}

func TestPeriodPrevious(t *testing.T) {
	t.Parallel()
	tests := []struct {
		p           Period
		first, last string
	}{
		{MonthOf(2026, time.November), "2026-10-01", "2026-10-31"},
		{MonthOf(2026, time.January), "2025-12-01", "2025-12-31"},
		{MonthOf(2024, time.March), "2024-02-01", "2024-02-29"},
		{QuarterOf(2026, 1), "2025-10-01", "2025-12-31"},
		{QuarterOf(2026, 3), "2026-04-01", "2026-06-30"},
		{YearOf(2026), "2025-01-01", "2025-12-31"},
		{Period{Kind: Custom, From: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)}, "2026-02-19", "2026-02-28"},
		{Period{Kind: Custom, From: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)}, "2024-02-29", "2024-02-29"},
	}
	for _, tt := range tests {
		t.Run(tt.p.Value()+tt.p.From.String(), func(t *testing.T) {
			t.Parallel()
			got := tt.p.Previous()
			if got.Kind != tt.p.Kind || !got.From.Equal(date(t, tt.first)) || !got.To.Equal(date(t, tt.last)) {
				t.Errorf("Previous = %s %v – %v, want %s – %s", got.Kind, got.From, got.To, tt.first, tt.last)
			}
			if tt.p.Kind == Custom && got.Days() != tt.p.Days() {
				t.Errorf("Previous has %d days, want %d", got.Days(), tt.p.Days())
			}
		})
	}
}

func TestPeriodContains(t *testing.T) {
	t.Parallel()
	p := MonthOf(2026, time.November)
	tests := []struct {
		t    time.Time
		want bool
	}{
		{date(t, "2026-11-01"), true},
		{date(t, "2026-11-30"), true},
		{date(t, "2026-12-01"), false},
		{date(t, "2026-10-31"), false},
		// 21:00 UTC on 31 October is 1 November in Baku.
		{time.Date(2026, 10, 31, 21, 0, 0, 0, time.UTC), true},
		// 20:30 UTC on 30 November is already 1 December in Baku.
		{time.Date(2026, 11, 30, 20, 30, 0, 0, time.UTC), false},
	}
	for _, tt := range tests {
		if got := p.Contains(tt.t); got != tt.want {
			t.Errorf("Contains(%v) = %v, want %v", tt.t, got, tt.want)
		}
	}
}

func TestPeriodLabel(t *testing.T) {
	t.Parallel()
	custom := Period{Kind: Custom, From: date(t, "2026-11-05"), To: date(t, "2026-12-04")}
	tests := []struct {
		p          Period
		az, en, ru string
	}{
		{MonthOf(2026, time.November), "Noyabr 2026", "November 2026", "ноябрь 2026"},
		{MonthOf(2026, time.June), "İyun 2026", "June 2026", "июнь 2026"},
		{QuarterOf(2026, 4), "2026, IV rüb", "Q4 2026", "IV квартал 2026"},
		{YearOf(2026), "2026", "2026", "2026 год"},
		{custom, "05.11.2026 – 04.12.2026", "5 Nov 2026 – 4 Dec 2026", "05.11.2026 – 04.12.2026"},
	}
	for _, tt := range tests {
		for lang, want := range map[i18n.Lang]string{i18n.AZ: tt.az, i18n.EN: tt.en, i18n.RU: tt.ru} {
			if got := tt.p.Label(printer(t, lang)); got != want {
				t.Errorf("%s label of %s = %q, want %q", lang, tt.p.Value(), got, want)
			}
		}
	}
}

func TestAgeBand(t *testing.T) {
	t.Parallel()
	on := date(t, "2026-11-30")
	tests := []struct {
		birth string
		want  AgeBand
	}{
		{"2026-11-30", Age0to17},
		{"2008-12-01", Age0to17},
		{"2008-11-30", Age18to24},
		{"2001-12-01", Age18to24},
		{"2001-11-30", Age25to34},
		{"1991-11-30", Age35to44},
		{"1981-11-30", Age45to54},
		{"1971-11-30", Age55to64},
		{"1961-12-01", Age55to64},
		{"1961-11-30", Age65Plus},
		{"1920-01-01", Age65Plus},
		{"2026-12-01", AgeUnknown},
	}
	for _, tt := range tests {
		if got := AgeBandOf(date(t, tt.birth), on); got != tt.want {
			t.Errorf("AgeBandOf(%s) = %s, want %s", tt.birth, got, tt.want)
		}
	}
	if got := AgeBandOf(time.Time{}, on); got != AgeUnknown {
		t.Errorf("AgeBandOf(zero) = %s", got)
	}
	// Born 29 February: 18 on 1 March of a common year.
	if got := AgeBandOf(date(t, "2008-02-29"), date(t, "2026-02-28")); got != Age0to17 {
		t.Errorf("29 February, day before: %s", got)
	}
	if got := AgeBandOf(date(t, "2008-02-29"), date(t, "2026-03-01")); got != Age18to24 {
		t.Errorf("29 February, 1 March: %s", got)
	}
	// The day is taken in Baku: 20:00 UTC on 29 November is 30 November.
	if got := AgeBandOf(date(t, "2008-11-30"), time.Date(2026, 11, 29, 20, 0, 0, 0, time.UTC)); got != Age18to24 {
		t.Errorf("birthday in Baku: %s", got)
	}
	years := []struct {
		year int
		want AgeBand
	}{{2009, Age0to17}, {2008, Age18to24}, {1961, Age65Plus}, {1962, Age55to64}, {0, AgeUnknown}, {2027, AgeUnknown}}
	for _, tt := range years {
		if got := AgeBandOfYear(tt.year, on); got != tt.want {
			t.Errorf("AgeBandOfYear(%d) = %s, want %s", tt.year, got, tt.want)
		}
	}
}

func TestParseCategory(t *testing.T) {
	t.Parallel()
	for _, c := range Categories {
		if got, ok := ParseCategory(string(c)); !ok || got != c {
			t.Errorf("ParseCategory(%q) = %q, %v", c, got, ok)
		}
	}
	if _, ok := ParseCategory("name"); ok {
		t.Error(`ParseCategory("name") accepted`)
	}
}
