package training

import (
	"slices"
	"testing"
	"time"

	"inteqra/internal/i18n"
)

func TestHolidays(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		from, to time.Time
		want     []Holiday
	}{
		{
			// Cabinet decision for 2026: Novruz 20–24 March, Ramazan 20–21
			// March; Novruz's weekend goes to 25–26 March, the Ramazan days
			// that fall on Novruz to 27 and 30 March.
			name: "Novruz and Ramazan 2026",
			from: civil(2026, 3, 19), to: civil(2026, 3, 31),
			want: []Holiday{
				holiday(2026, 3, 20, keyNovruz), holiday(2026, 3, 21, keyNovruz),
				holiday(2026, 3, 22, keyNovruz), holiday(2026, 3, 23, keyNovruz),
				holiday(2026, 3, 24, keyNovruz), holiday(2026, 3, 25, keyNovruz),
				holiday(2026, 3, 26, keyNovruz), holiday(2026, 3, 27, keyRamazan),
				holiday(2026, 3, 30, keyRamazan),
			},
		},
		{
			name: "Saturday 9 May 2026 carried to Monday",
			from: civil(2026, 5, 1), to: civil(2026, 5, 12),
			want: []Holiday{holiday(2026, 5, 9, keyVictoryOverFascism), holiday(2026, 5, 11, keyVictoryOverFascism)},
		},
		{
			// Qurban on 28 May gives 29 May off (Labour Code 105.6).
			name: "Qurban on Independence Day 2026",
			from: civil(2026, 5, 26), to: civil(2026, 6, 1),
			want: []Holiday{
				holiday(2026, 5, 27, keyQurban), holiday(2026, 5, 28, keyIndependence),
				holiday(2026, 5, 29, keyQurban),
			},
		},
		{
			// Sunday 8 November skips Flag Day, a holiday, to Tuesday.
			name: "Victory Day 2026 on Sunday",
			from: civil(2026, 11, 1), to: civil(2026, 11, 30),
			want: []Holiday{holiday(2026, 11, 8, keyVictory), holiday(2026, 11, 9, keyFlag), holiday(2026, 11, 10, keyVictory)},
		},
		{
			name: "Victory and Flag Day 2025 on a weekend",
			from: civil(2025, 11, 1), to: civil(2025, 11, 30),
			want: []Holiday{
				holiday(2025, 11, 8, keyVictory), holiday(2025, 11, 9, keyFlag),
				holiday(2025, 11, 10, keyVictory), holiday(2025, 11, 11, keyFlag),
			},
		},
		{
			// The Cabinet joined 20–31 March 2025 into one stretch: 10 March
			// and 1 April were worked for 27 and 28 March.
			name: "Cabinet transfers 2025",
			from: civil(2025, 3, 1), to: civil(2025, 4, 2),
			want: []Holiday{
				holiday(2025, 3, 8, keyWomensDay),
				holiday(2025, 3, 20, keyNovruz), holiday(2025, 3, 21, keyNovruz),
				holiday(2025, 3, 22, keyNovruz), holiday(2025, 3, 23, keyNovruz),
				holiday(2025, 3, 24, keyNovruz), holiday(2025, 3, 25, keyNovruz),
				holiday(2025, 3, 26, keyNovruz), holiday(2025, 3, 27, keyWomensDay),
				holiday(2025, 3, 28, keyRamazan), holiday(2025, 3, 30, keyRamazan),
				holiday(2025, 3, 31, keyRamazan),
			},
		},
		{
			// 31 December 2028 is a Sunday; 1–2 January 2029 are holidays.
			name: "Solidarity Day carried into the next year",
			from: civil(2028, 12, 30), to: civil(2029, 1, 5),
			want: []Holiday{
				holiday(2028, 12, 31, keySolidarity), holiday(2029, 1, 1, keyNewYear),
				holiday(2029, 1, 2, keyNewYear), holiday(2029, 1, 3, keySolidarity),
			},
		},
		{
			name: "Baku midnight bounds",
			from: mustDay(t, "2026-06-15"), to: mustDay(t, "2026-06-15"),
			want: []Holiday{holiday(2026, 6, 15, keyNationalSalvation)},
		},
		{name: "to before from", from: civil(2026, 6, 16), to: civil(2026, 6, 15)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := Holidays(tt.from, tt.to)
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", fmtHolidays(got), fmtHolidays(tt.want))
			}
		})
	}
}

// TestHolidaysSorted checks every known year: sorted, one entry a day, each
// day a known key, and no day off on a weekday that the law does not give.
func TestHolidaysSorted(t *testing.T) {
	t.Parallel()
	got := Holidays(civil(2025, 1, 1), civil(2028, 12, 31))
	known := []string{keyNewYear, keyWomensDay, keyNovruz, keyVictoryOverFascism, keyIndependence,
		keyNationalSalvation, keyArmedForces, keyVictory, keyFlag, keySolidarity, keyRamazan, keyQurban}
	for i, h := range got {
		if i > 0 && !got[i-1].Day.Before(h.Day) {
			t.Errorf("not sorted or repeated: %s after %s", h.Day.Format(time.DateOnly), got[i-1].Day.Format(time.DateOnly))
		}
		if !slices.Contains(known, h.Key) {
			t.Errorf("%s: unknown key %q", h.Day.Format(time.DateOnly), h.Key)
		}
	}
	// Each year has 15 fixed days and 4 moving ones, some shared.
	if n := len(got); n < 4*17 || n > 4*30 {
		t.Errorf("got %d days off in 2025–2028, want between 68 and 120", n)
	}
}

func TestCarryOver(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name          string
		fixed, moving []Holiday
		want          []Holiday
	}{
		{name: "weekday holiday stays", fixed: []Holiday{holiday(2026, 6, 15, "a")}},
		{
			name:  "Saturday to Monday",
			fixed: []Holiday{holiday(2026, 5, 9, "a")},
			want:  []Holiday{holiday(2026, 5, 11, "a")},
		},
		{
			name:  "Sunday past a Monday holiday",
			fixed: []Holiday{holiday(2026, 11, 8, "a"), holiday(2026, 11, 9, "b")},
			want:  []Holiday{holiday(2026, 11, 10, "a")},
		},
		{
			name:  "two weekend days to two weekdays",
			fixed: []Holiday{holiday(2025, 11, 8, "a"), holiday(2025, 11, 9, "b")},
			want:  []Holiday{holiday(2025, 11, 10, "a"), holiday(2025, 11, 11, "b")},
		},
		{
			name:   "moving holiday on a fixed one",
			fixed:  []Holiday{holiday(2026, 5, 28, "a")},
			moving: []Holiday{holiday(2026, 5, 27, "m"), holiday(2026, 5, 28, "m")},
			want:   []Holiday{holiday(2026, 5, 29, "m")},
		},
		{
			name:   "moving holiday on a weekend",
			moving: []Holiday{holiday(2025, 6, 6, "m"), holiday(2025, 6, 7, "m")},
			want:   []Holiday{holiday(2025, 6, 9, "m")},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := carryOver(tt.fixed, tt.moving); !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", fmtHolidays(got), fmtHolidays(tt.want))
			}
		})
	}
}

func TestCalendar(t *testing.T) {
	t.Parallel()
	cal := NewCalendar(
		[]Holiday{holiday(2026, 6, 15, keyNationalSalvation), holiday(2026, 6, 26, keyArmedForces)},
		[]time.Time{civil(2026, 6, 16), mustDay(t, "2026-06-17")},
		[]time.Time{mustDay(t, "2026-06-26")},
	)
	tests := []struct {
		day     time.Time
		wantKey string // "" for a working day
	}{
		{civil(2026, 6, 15), keyNationalSalvation},
		{mustDay(t, "2026-06-15"), keyNationalSalvation},
		{time.Date(2026, 6, 15, 23, 30, 0, 0, i18n.Baku), keyNationalSalvation},
		{civil(2026, 6, 16), keyExtra},
		{civil(2026, 6, 17), keyExtra},
		{civil(2026, 6, 18), ""},
		{civil(2026, 6, 26), ""},
	}
	for _, tt := range tests {
		h, off := cal.Off(tt.day)
		if off != (tt.wantKey != "") || h.Key != tt.wantKey {
			t.Errorf("Off(%s) = %q, %t; want %q", tt.day, h.Key, off, tt.wantKey)
		}
	}
	if _, off := (Calendar{}).Off(civil(2026, 1, 1)); off {
		t.Error("zero Calendar has a day off")
	}
}

func mustDay(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := i18n.ParseDay(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func fmtHolidays(hs []Holiday) []string {
	out := make([]string, len(hs))
	for i, h := range hs {
		out[i] = h.Day.Format("2006-01-02 Mon ") + h.Key
	}
	return out
}
