package migratedata

import (
	"testing"
	"time"
)

// TestConvert turns values as SQLite's driver returns them into the
// target column's type, and refuses what does not fit rather than guess.
func TestConvert(t *testing.T) {
	at := time.Date(2026, 12, 4, 10, 30, 0, 123456000, time.UTC)
	baku := time.FixedZone("Baku", 4*3600)
	for _, c := range []struct {
		in   any
		typ  string
		want any
	}{
		{int64(1), "bool", true},
		{int64(0), "bool", false},
		{nil, "bool", nil},
		{"2026-12-04 10:30:00.123456+00:00", "timestamptz", at},
		{"2026-12-04 14:30:00.123456+04:00", "timestamptz", at},
		{"2026-12-04T10:30:00.123456Z", "timestamptz", at},
		{at.In(baku), "timestamptz", at},
		{"2026-12-04", "date", time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC)},
		{"12", "int8", int64(12)},
		{int64(3), "float8", 3.0},
		{[]byte("x"), "text", "x"},
		{"x", "bytea", []byte("x")},
		{`{"a":1}`, "jsonb", `{"a":1}`},
	} {
		got, err := convert(c.in, c.typ)
		if err != nil {
			t.Errorf("convert(%#v, %s): %v", c.in, c.typ, err)
			continue
		}
		switch w := c.want.(type) {
		case time.Time:
			if g, ok := got.(time.Time); !ok || !g.Equal(w) || g.Location() != time.UTC {
				t.Errorf("convert(%#v, %s) = %#v, want %v in UTC", c.in, c.typ, got, w)
			}
		case []byte:
			if g, ok := got.([]byte); !ok || string(g) != string(w) {
				t.Errorf("convert(%#v, %s) = %#v, want %#v", c.in, c.typ, got, w)
			}
		default:
			if got != c.want {
				t.Errorf("convert(%#v, %s) = %#v, want %#v", c.in, c.typ, got, c.want)
			}
		}
	}
	for _, c := range []struct {
		in  any
		typ string
	}{
		{int64(2), "bool"},
		{"yesterday", "timestamptz"},
		{1.5, "int8"},
		{"x", "river_job_state"},
	} {
		if got, err := convert(c.in, c.typ); err == nil {
			t.Errorf("convert(%#v, %s) = %#v, want an error", c.in, c.typ, got)
		}
	}
}
