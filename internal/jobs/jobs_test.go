package jobs

import (
	"testing"
	"time"

	"github.com/riverqueue/river"

	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"
)

func TestDaily(t *testing.T) {
	t.Parallel()
	at := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, c := range []struct{ now, want string }{
		{"2026-11-25T12:00:00Z", "2026-11-25T22:00:00Z"}, // 16:00 in Baku: tonight at 02:00 is tomorrow there
		{"2026-11-25T21:59:59Z", "2026-11-25T22:00:00Z"},
		{"2026-11-25T22:00:00Z", "2026-11-26T22:00:00Z"}, // exactly at 02:00: the next day's
		{"2026-12-31T23:00:00Z", "2027-01-01T22:00:00Z"},
	} {
		if got := Daily(2).Next(at(c.now)); !got.Equal(at(c.want)) {
			t.Errorf("Daily(2).Next(%s) = %s, want %s", c.now, got.UTC().Format(time.RFC3339), c.want)
		}
	}
}

func TestWaitingUnknownJob(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		q, err := New(d, Config{Workers: river.NewWorkers()})
		if err != nil {
			t.Fatal(err)
		}
		if waiting, err := q.Waiting(t.Context(), 12345); err != nil || waiting {
			t.Errorf("Waiting(unknown) = %v, %v", waiting, err)
		}
	})
}
