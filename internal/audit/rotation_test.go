package audit_test

import (
	"fmt"
	"strings"
	"testing"

	"inteqra/internal/audit"
	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"
)

// TestCheckpointsOfAnEarlierKey: after the installation's key was changed,
// the checkpoints signed with the earlier one cannot be checked. They are
// reported as not checked, rather than failing verify for ever, when a
// checkpoint of the current key covers their events; a checkpoint of the
// current key that was altered still fails, and one of another key that no
// checkpoint of the current key covers still fails.
func TestCheckpointsOfAnEarlierKey(t *testing.T) {
	t.Parallel()
	earlier := audit.Fingerprint(audit.NewStore(nil, otherKey).PublicKey())
	tests := []struct {
		name       string
		tamper     func(t *testing.T, d *db.DB, s *audit.Store)
		wantBroken int64
		wantReason string
	}{
		{"nothing changed", func(*testing.T, *db.DB, *audit.Store) {}, 0, ""},
		{"the current key's checkpoint given another count and head", func(t *testing.T, d *db.DB, s *audit.Store) {
			truncate(t, d, s, 3)
			nine := allEvents(t, s)[8]
			exec(t, d, fmt.Sprintf(`UPDATE audit_checkpoints SET events = 9, head = '%s' WHERE events = 10`, nine.Hash))
		}, 9, "signature that does not match"},
		{"a covered event rewritten", func(t *testing.T, d *db.DB, s *audit.Store) {
			rewrite(t, d, s, 3)
		}, 10, "does not match the checkpoint of events 1-10"},
		{"a checkpoint of another key beyond the current key's", func(t *testing.T, d *db.DB, s *audit.Store) {
			if _, err := audit.NewStore(d, otherKey).WriteCheckpoint(system); err != nil {
				t.Fatal(err)
			}
		}, 12, "names another signing key (fingerprint " + earlier + ")"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dbtest.Each(t, func(t *testing.T, d *db.DB) {
				// Six events signed with the earlier key, then the key
				// changed: the new one signs events 1-10.
				for i := 1; i <= 12; i++ {
					record(t, d, system, "person.view", fmt.Sprint(i))
					store := map[int]*audit.Store{6: audit.NewStore(d, otherKey), 10: audit.NewStore(d, testKey)}[i]
					if store != nil {
						if _, err := store.WriteCheckpoint(system); err != nil {
							t.Fatal(err)
						}
					}
				}
				s := audit.NewStore(d, testKey)
				tt.tamper(t, d, s)
				v, err := s.Verify(auditor)
				if err != nil {
					t.Fatal(err)
				}
				if v.BrokenAt != tt.wantBroken || !strings.Contains(v.Reason, tt.wantReason) {
					t.Errorf("Verify = %+v; want broken at %d, reason containing %q", v, tt.wantBroken, tt.wantReason)
				}
				if tt.wantBroken != 0 {
					return
				}
				want := []audit.OtherKey{{Fingerprint: earlier, Checkpoints: 1, Events: 6}}
				if v.Checkpoints != 1 || v.Covered != 10 || fmt.Sprint(v.NotChecked) != fmt.Sprint(want) {
					t.Errorf("Verify = %+v; want 1 checkpoint of this key covering 10, and %+v not checked", v, want)
				}
			})
		})
	}
}
