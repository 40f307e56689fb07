package training

import (
	"errors"
	"slices"
	"testing"
	"time"

	"inteqra/internal/i18n"
)

func TestParseClock(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		want    ClockTime
		wantErr bool
	}{
		{in: "18:30", want: ClockTime{18, 30}},
		{in: "08:05", want: ClockTime{8, 5}},
		{in: "8:05", want: ClockTime{8, 5}},
		{in: "00:00", want: ClockTime{0, 0}},
		{in: "23:59:00", want: ClockTime{23, 59}},
		{in: "23:59:30", wantErr: true},
		{in: "24:00", wantErr: true},
		{in: "12:60", wantErr: true},
		{in: "12:5", wantErr: true},
		{in: "-1:00", wantErr: true},
		{in: "1830", wantErr: true},
		{in: "", wantErr: true},
		{in: "ab:cd", wantErr: true},
	}
	for _, tt := range tests {
		got, err := ParseClock(tt.in)
		if tt.wantErr {
			if !errors.Is(err, ErrTimeInvalid) {
				t.Errorf("ParseClock(%q) error = %v, want %v", tt.in, err, ErrTimeInvalid)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseClock(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
		if s := got.String(); s != tt.want.String() || len(s) != 5 {
			t.Errorf("String() = %q", s)
		}
	}
}

func TestParseSlot(t *testing.T) {
	t.Parallel()
	tests := []struct {
		weekday    int
		start, end string
		want       Slot
		wantErr    error
	}{
		{1, "18:30", "20:00", Slot{time.Monday, ClockTime{18, 30}, ClockTime{20, 0}}, nil},
		{6, "10:00", "12:30", Slot{time.Saturday, ClockTime{10, 0}, ClockTime{12, 30}}, nil},
		{7, "10:00", "11:00", Slot{time.Sunday, ClockTime{10, 0}, ClockTime{11, 0}}, nil},
		{0, "10:00", "11:00", Slot{time.Sunday, ClockTime{10, 0}, ClockTime{11, 0}}, nil},
		{8, "10:00", "11:00", Slot{}, ErrWeekdayInvalid},
		{-1, "10:00", "11:00", Slot{}, ErrWeekdayInvalid},
		{1, "20:00", "18:30", Slot{}, ErrSlotOrder},
		{1, "18:30", "18:30", Slot{}, ErrSlotOrder},
		{1, "18:30", "", Slot{}, ErrTimeInvalid},
	}
	for _, tt := range tests {
		got, err := ParseSlot(tt.weekday, tt.start, tt.end)
		if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil && err != nil) || got != tt.want {
			t.Errorf("ParseSlot(%d, %q, %q) = %v, %v; want %v, %v", tt.weekday, tt.start, tt.end, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestGenerateLessons(t *testing.T) {
	t.Parallel()
	monWed := []Slot{
		{time.Wednesday, ClockTime{18, 30}, ClockTime{20, 0}},
		{time.Monday, ClockTime{18, 30}, ClockTime{20, 0}},
	}
	cal2026 := NewCalendar(Holidays(civil(2026, 1, 1), civil(2026, 12, 31)), nil, nil)
	tests := []struct {
		name       string
		start, end time.Time
		slots      []Slot
		cal        Calendar
		want       []time.Time // lesson days
		wantErr    error
	}{
		{
			// 20–30 March 2026 are all off (Novruz, Ramazan, carry-over).
			name:  "Novruz week skipped",
			start: civil(2026, 3, 16), end: civil(2026, 4, 3),
			slots: monWed, cal: cal2026,
			want: []time.Time{civil(2026, 3, 16), civil(2026, 3, 18), civil(2026, 4, 1)},
		},
		{
			// Victory over Fascism Day, Saturday 9 May 2026, frees Monday 11 May.
			name:  "Saturday holiday carried to Monday",
			start: civil(2026, 5, 4), end: civil(2026, 5, 15),
			slots: monWed, cal: cal2026,
			want: []time.Time{civil(2026, 5, 4), civil(2026, 5, 6), civil(2026, 5, 13)},
		},
		{
			name:  "Saturday lesson on the holiday itself skipped",
			start: civil(2026, 5, 1), end: civil(2026, 5, 16),
			slots: []Slot{{time.Saturday, ClockTime{10, 0}, ClockTime{12, 30}}}, cal: cal2026,
			want: []time.Time{civil(2026, 5, 2), civil(2026, 5, 16)},
		},
		{
			name:  "coordinator's changes",
			start: civil(2026, 5, 4), end: civil(2026, 5, 13),
			slots: monWed,
			cal:   NewCalendar(Holidays(civil(2026, 5, 4), civil(2026, 5, 13)), []time.Time{civil(2026, 5, 6)}, []time.Time{civil(2026, 5, 11)}),
			want:  []time.Time{civil(2026, 5, 4), civil(2026, 5, 11), civil(2026, 5, 13)},
		},
		{
			name:  "Baku midnight bounds are inclusive",
			start: mustDay(t, "2026-05-04"), end: mustDay(t, "2026-05-06"),
			slots: monWed,
			want:  []time.Time{civil(2026, 5, 4), civil(2026, 5, 6)},
		},
		{
			name:  "end before start",
			start: civil(2026, 5, 6), end: civil(2026, 5, 5),
			slots: monWed, wantErr: ErrEndBeforeStart,
		},
		{
			name:  "overlapping slots",
			start: civil(2026, 5, 4), end: civil(2026, 6, 30),
			slots: []Slot{
				{time.Monday, ClockTime{18, 0}, ClockTime{19, 30}},
				{time.Wednesday, ClockTime{18, 0}, ClockTime{19, 30}},
				{time.Monday, ClockTime{19, 0}, ClockTime{20, 0}},
			},
			wantErr: ErrSlotsOverlap,
		},
		{
			name:  "same slot twice",
			start: civil(2026, 5, 4), end: civil(2026, 6, 30),
			slots:   []Slot{monWed[0], monWed[1], monWed[0]},
			wantErr: ErrSlotsOverlap,
		},
		{
			name:  "slot ends before it starts",
			start: civil(2026, 5, 4), end: civil(2026, 6, 30),
			slots:   []Slot{{time.Monday, ClockTime{20, 0}, ClockTime{18, 0}}},
			wantErr: ErrSlotOrder,
		},
		{
			name:  "bad time in a slot",
			start: civil(2026, 5, 4), end: civil(2026, 6, 30),
			slots:   []Slot{{time.Monday, ClockTime{18, 0}, ClockTime{25, 0}}},
			wantErr: ErrTimeInvalid,
		},
		{
			name:  "bad weekday in a slot",
			start: civil(2026, 5, 4), end: civil(2026, 6, 30),
			slots:   []Slot{{time.Weekday(7), ClockTime{18, 0}, ClockTime{19, 0}}},
			wantErr: ErrWeekdayInvalid,
		},
		{
			name:  "no slots",
			start: civil(2026, 5, 4), end: civil(2026, 6, 30),
			wantErr: ErrSlotsRequired,
		},
		{
			name:  "cohort inside the holidays",
			start: civil(2026, 3, 20), end: civil(2026, 3, 30),
			slots: monWed, cal: cal2026, wantErr: ErrNoLessons,
		},
		{
			name:  "no slot weekday in the range",
			start: civil(2026, 5, 5), end: civil(2026, 5, 5),
			slots: monWed, wantErr: ErrNoLessons,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := GenerateLessons(tt.start, tt.end, tt.slots, tt.cal)
			if tt.wantErr != nil {
				var ie *i18n.Error
				if !errors.Is(err, tt.wantErr) || !errors.As(err, &ie) || got != nil {
					t.Fatalf("got %v, %v; want error %v", got, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var days []time.Time
			for _, l := range got {
				days = append(days, l.Day)
			}
			if !slices.Equal(days, tt.want) {
				t.Errorf("got days %v, want %v", days, tt.want)
			}
		})
	}
}

func TestGenerateLessonsSorted(t *testing.T) {
	t.Parallel()
	// Given out of order, two lessons on Saturday, touching but not overlapping.
	slots := []Slot{
		{time.Saturday, ClockTime{12, 0}, ClockTime{13, 30}},
		{time.Tuesday, ClockTime{9, 0}, ClockTime{10, 0}},
		{time.Saturday, ClockTime{10, 0}, ClockTime{12, 0}},
	}
	got, err := GenerateLessons(civil(2026, 6, 1), civil(2026, 6, 14), slots, Calendar{})
	if err != nil {
		t.Fatal(err)
	}
	want := []Lesson{
		{civil(2026, 6, 2), ClockTime{9, 0}, ClockTime{10, 0}},
		{civil(2026, 6, 6), ClockTime{10, 0}, ClockTime{12, 0}},
		{civil(2026, 6, 6), ClockTime{12, 0}, ClockTime{13, 30}},
		{civil(2026, 6, 9), ClockTime{9, 0}, ClockTime{10, 0}},
		{civil(2026, 6, 13), ClockTime{10, 0}, ClockTime{12, 0}},
		{civil(2026, 6, 13), ClockTime{12, 0}, ClockTime{13, 30}},
	}
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if h := Hours(got); h != 9 {
		t.Errorf("Hours = %v, want 9", h)
	}
}

func TestHours(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		lessons []Lesson
		want    float64
	}{
		{"none", nil, 0},
		{"one 90 minutes", []Lesson{{civil(2026, 6, 1), ClockTime{18, 30}, ClockTime{20, 0}}}, 1.5},
		{"mixed", []Lesson{
			{civil(2026, 6, 1), ClockTime{18, 30}, ClockTime{20, 0}},
			{civil(2026, 6, 3), ClockTime{10, 0}, ClockTime{12, 30}},
			{civil(2026, 6, 5), ClockTime{9, 15}, ClockTime{10, 0}},
		}, 4.75},
	}
	for _, tt := range tests {
		if got := Hours(tt.lessons); got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
}
