package i18n

import (
	"math"
	"testing"
	"time"
)

func TestDate(t *testing.T) {
	t.Parallel()
	c := catalog(t)
	afternoon := time.Date(2026, 11, 25, 10, 5, 0, 0, time.UTC)  // 14:05 in Baku
	lateNight := time.Date(2026, 11, 25, 21, 30, 0, 0, time.UTC) // already the 26th in Baku
	birthday := time.Date(1990, 3, 5, 0, 0, 0, 0, time.UTC)      // a date stored as midnight UTC
	newYork := time.Date(2026, 1, 1, 0, 0, 0, 0, time.FixedZone("EST", -5*60*60))
	tests := []struct {
		lang         Lang
		t            time.Time
		date, dateTm string
	}{
		{AZ, afternoon, "25.11.2026", "25.11.2026 14:05"},
		{RU, afternoon, "25.11.2026", "25.11.2026 14:05"},
		{EN, afternoon, "25 Nov 2026", "25 Nov 2026 14:05"},
		{AZ, lateNight, "26.11.2026", "26.11.2026 01:30"},
		{EN, birthday, "5 Mar 1990", "5 Mar 1990 04:00"},
		{AZ, birthday, "05.03.1990", "05.03.1990 04:00"},
		{RU, newYork, "01.01.2026", "01.01.2026 09:00"},
		{AZ, time.Time{}, "", ""},
	}
	for _, tt := range tests {
		p := c.Printer(tt.lang)
		if got := p.Date(tt.t); got != tt.date {
			t.Errorf("%s: Date(%v) = %q, want %q", tt.lang, tt.t, got, tt.date)
		}
		if got := p.DateTime(tt.t); got != tt.dateTm {
			t.Errorf("%s: DateTime(%v) = %q, want %q", tt.lang, tt.t, got, tt.dateTm)
		}
	}
}

func TestNumber(t *testing.T) {
	t.Parallel()
	c := catalog(t)
	tests := []struct {
		n          float64
		decimals   int
		az, en, ru string
	}{
		{1234.5, 1, "1.234,5", "1,234.5", "1\u00a0234,5"},
		{1234.5, 2, "1.234,50", "1,234.50", "1\u00a0234,50"},
		{1234.5, -1, "1.234,5", "1,234.5", "1\u00a0234,5"},
		{0, 0, "0", "0", "0"},
		{999, 0, "999", "999", "999"},
		{1000, 0, "1.000", "1,000", "1\u00a0000"},
		{999.996, 2, "1.000,00", "1,000.00", "1\u00a0000,00"},
		{-1234567.891, 2, "-1.234.567,89", "-1,234,567.89", "-1\u00a0234\u00a0567,89"},
		{-0.001, 2, "0,00", "0.00", "0,00"},
		{0.5, 0, "0", "0", "0"}, // round half to even, as strconv does
		{12.3456, 3, "12,346", "12.346", "12,346"},
		{1e21, 0, "1.000.000.000.000.000.000.000", "1,000,000,000,000,000,000,000", "1\u00a0000\u00a0000\u00a0000\u00a0000\u00a0000\u00a0000\u00a0000"},
		{math.NaN(), 2, "NaN", "NaN", "NaN"},
		{math.Inf(-1), 2, "-Inf", "-Inf", "-Inf"},
	}
	for _, tt := range tests {
		for l, want := range map[Lang]string{AZ: tt.az, EN: tt.en, RU: tt.ru} {
			if got := c.Printer(l).Number(tt.n, tt.decimals); got != want {
				t.Errorf("%s: Number(%v, %d) = %q, want %q", l, tt.n, tt.decimals, got, want)
			}
		}
	}
}

func TestInt(t *testing.T) {
	t.Parallel()
	c := catalog(t)
	tests := []struct {
		n          int64
		az, en, ru string
	}{
		{0, "0", "0", "0"},
		{7, "7", "7", "7"},
		{999, "999", "999", "999"},
		{1000, "1.000", "1,000", "1\u00a0000"},
		{-12345, "-12.345", "-12,345", "-12\u00a0345"},
		{1234567, "1.234.567", "1,234,567", "1\u00a0234\u00a0567"},
		{math.MinInt64, "-9.223.372.036.854.775.808", "-9,223,372,036,854,775,808", "-9\u00a0223\u00a0372\u00a0036\u00a0854\u00a0775\u00a0808"},
	}
	for _, tt := range tests {
		for l, want := range map[Lang]string{AZ: tt.az, EN: tt.en, RU: tt.ru} {
			if got := c.Printer(l).Int(tt.n); got != want {
				t.Errorf("%s: Int(%d) = %q, want %q", l, tt.n, got, want)
			}
		}
	}
}
