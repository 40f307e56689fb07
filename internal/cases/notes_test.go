package cases

import (
	"context"
	"errors"
	"strings"
	"testing"

	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"
)

func TestRestrictedNotes(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		f.consent(t)
		c := f.open(t)
		if _, err := f.s.AddNote(f.consultant, c.ID, "  ", false); errKey(err) != "note.error.required" {
			t.Errorf("an empty note: %v", err)
		}
		if _, err := f.s.AddNote(f.consultant, c.ID, strings.Repeat("ə", MaxNote+1), false); errKey(err) != "note.error.too_long" {
			t.Errorf("a long note: %v", err)
		}
		if _, err := f.s.AddNote(f.consultant, c.ID, strings.Repeat("ə", MaxNote), false); err != nil {
			t.Errorf("a note of the longest length: %v", err)
		}
		if _, err := f.s.AddNote(f.outsider, c.ID, "Salam", false); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("another office's consultant writes a note: %v", err)
		}
		byColleague, err := f.s.AddNote(f.colleague, c.ID, "Həmkarın məxfi qeydi", true)
		if err != nil {
			t.Fatal(err)
		}
		byConsultant, err := f.s.AddNote(f.consultant, c.ID, "Məsləhətçinin məxfi qeydi: ailədə zorakılıq", true)
		if err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name string
			ctx  context.Context
			want []int64 // restricted notes seen
		}{
			{"consultant", f.consultant, []int64{byConsultant.ID, byColleague.ID}},
			{"author colleague", f.colleague, []int64{byColleague.ID}},
			{"supervisor", f.supervisor, []int64{byConsultant.ID, byColleague.ID}},
		} {
			list, err := f.s.Notes(tc.ctx, c.ID)
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			var seen []int64
			for _, n := range list {
				if n.Restricted {
					seen = append(seen, n.ID)
				}
			}
			if len(list) != len(tc.want)+1 || len(seen) != len(tc.want) || seen[0] != tc.want[0] {
				t.Errorf("%s sees restricted %v of %d notes, want %v", tc.name, seen, len(list), tc.want)
			}
		}
		if _, err := f.s.Notes(f.outsider, c.ID); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("another office's consultant reads notes: %v", err)
		}
		events, err := f.s.Timeline(f.colleague, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		notes := 0
		for _, e := range events {
			if strings.Contains(e.Detail, "zorakılıq") || strings.Contains(e.Detail, "məxfi") {
				t.Errorf("the timeline shows a note's text: %+v", e)
			}
			if e.Kind == "note" {
				notes++
				if e.RefID == 0 || e.Detail != "" {
					t.Errorf("note event: %+v", e)
				}
			}
		}
		if notes != 3 {
			t.Errorf("%d note events, want 3", notes)
		}
	})
}
