package audit_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/audit"
	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"
)

// otherKey is a key the attacker made: not the installation's.
var otherKey = ed25519.NewKeyFromSeed(bytes.Repeat([]byte{1}, ed25519.SeedSize))

var (
	system  = access.With(context.Background(), access.System())
	auditor = access.With(context.Background(), access.Principal{UserID: 8, Email: "auditor@example.az", Role: access.Auditor})
)

// checkpointedChain records 12 events and signs checkpoints after the 6th
// and the 10th, as a running server would; events 11 and 12 are not yet
// covered.
func checkpointedChain(t *testing.T, d *db.DB) *audit.Store {
	t.Helper()
	s := audit.NewStore(d, testKey)
	for i := 1; i <= 12; i++ {
		record(t, d, system, "person.view", fmt.Sprint(i))
		if i == 6 || i == 10 {
			if _, err := s.WriteCheckpoint(system); err != nil {
				t.Fatal(err)
			}
		}
	}
	return s
}

// exec runs statements as someone who can write the database file.
func exec(t *testing.T, d *db.DB, stmts ...string) {
	t.Helper()
	for _, stmt := range stmts {
		if _, err := d.ExecContext(system, stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
}

// dropGuards removes the append-only triggers of the log and its
// checkpoints, as the reviewers did with write access to the file.
func dropGuards(t *testing.T, d *db.DB) {
	t.Helper()
	if d.Dialect() == db.Postgres {
		exec(t, d, `DROP TRIGGER audit_events_no_change ON audit_events`,
			`DROP TRIGGER audit_checkpoints_no_change ON audit_checkpoints`)
		return
	}
	exec(t, d, `DROP TRIGGER audit_events_no_update`, `DROP TRIGGER audit_events_no_delete`,
		`DROP TRIGGER audit_checkpoints_no_update`, `DROP TRIGGER audit_checkpoints_no_delete`)
}

// allEvents returns the log oldest first.
func allEvents(t *testing.T, s *audit.Store) []audit.Event {
	t.Helper()
	events, err := s.Events(auditor, audit.Filter{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	slices.Reverse(events)
	return events
}

// rewrite changes event seq and recomputes its hash, every later hash and
// the head row exactly as Record would: the plain chain stays consistent.
func rewrite(t *testing.T, d *db.DB, s *audit.Store, seq int64) {
	t.Helper()
	dropGuards(t, d)
	events := allEvents(t, s)
	prev := ""
	for _, e := range events {
		if e.Seq == seq {
			e.Actor, e.ObjectID = "someone else", "42"
		}
		if e.Seq >= seq {
			e.PrevHash = prev
			e.Hash = audit.ComputeHash(e)
			_, err := d.ExecContext(system, `UPDATE audit_events SET actor = $1, object_id = $2, prev_hash = $3, hash = $4 WHERE seq = $5`,
				e.Actor, e.ObjectID, e.PrevHash, e.Hash, e.Seq)
			if err != nil {
				t.Fatal(err)
			}
		}
		prev = e.Hash
	}
	if _, err := d.ExecContext(system, `UPDATE audit_head SET hash = $1`, prev); err != nil {
		t.Fatal(err)
	}
}

// truncate deletes the last n events and moves the head row back to match.
func truncate(t *testing.T, d *db.DB, s *audit.Store, n int) {
	t.Helper()
	dropGuards(t, d)
	events := allEvents(t, s)
	last := events[len(events)-1-n]
	if _, err := d.ExecContext(system, `DELETE FROM audit_events WHERE seq > $1`, last.Seq); err != nil {
		t.Fatal(err)
	}
	if _, err := d.ExecContext(system, `UPDATE audit_head SET seq = $1, hash = $2`, last.Seq, last.Hash); err != nil {
		t.Fatal(err)
	}
}

// TestCheckpointsFindRewrites repeats the reviewers' attacks on the
// database: each must be found, naming what no longer matches.
func TestCheckpointsFindRewrites(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		tamper     func(t *testing.T, d *db.DB, s *audit.Store)
		wantBroken int64  // 0: the chain verifies
		wantReason string // part of Verification.Reason
	}{
		{"intact", func(*testing.T, *db.DB, *audit.Store) {}, 0, ""},
		{"an event edited and every hash and the head recomputed", func(t *testing.T, d *db.DB, s *audit.Store) {
			rewrite(t, d, s, 3)
		}, 6, "event 6 does not match the checkpoint of events 1-6"},
		{"a rewrite before the second checkpoint", func(t *testing.T, d *db.DB, s *audit.Store) {
			rewrite(t, d, s, 8)
		}, 10, "does not match the checkpoint of events 1-10"},
		{"the last three events deleted and the head moved back", func(t *testing.T, d *db.DB, s *audit.Store) {
			truncate(t, d, s, 3)
		}, 10, "covers 10 events, but the log holds only 9: events were deleted"},
		{"checkpoints replaced by ones signed with another key", func(t *testing.T, d *db.DB, s *audit.Store) {
			rewrite(t, d, s, 3)
			exec(t, d, `DELETE FROM audit_checkpoints`)
			if _, err := audit.NewStore(d, otherKey).WriteCheckpoint(system); err != nil {
				t.Fatal(err)
			}
		}, 12, "names another signing key"},
		{"a checkpoint's count and head changed to fit a truncation", func(t *testing.T, d *db.DB, s *audit.Store) {
			truncate(t, d, s, 3)
			nine := allEvents(t, s)[8]
			if _, err := d.ExecContext(system, `UPDATE audit_checkpoints SET events = 9, head = $1 WHERE events = 10`, nine.Hash); err != nil {
				t.Fatal(err)
			}
		}, 9, "signature that does not match"},
		{"a checkpoint's signature swapped for another key's under this key's name", func(t *testing.T, d *db.DB, s *audit.Store) {
			latest, err := s.LatestCheckpoint(auditor)
			if err != nil {
				t.Fatal(err)
			}
			forged := base64.StdEncoding.EncodeToString(ed25519.Sign(otherKey, latest.Message()))
			dropGuards(t, d)
			if _, err := d.ExecContext(system, `UPDATE audit_checkpoints SET signature = $1 WHERE id = $2`, forged, latest.ID); err != nil {
				t.Fatal(err)
			}
		}, 10, "signature that does not match"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dbtest.Each(t, func(t *testing.T, d *db.DB) {
				s := checkpointedChain(t, d)
				tt.tamper(t, d, s)
				v, err := s.Verify(auditor)
				if err != nil {
					t.Fatal(err)
				}
				if v.BrokenAt != tt.wantBroken || !strings.Contains(v.Reason, tt.wantReason) {
					t.Errorf("Verify = %+v; want broken at %d, reason containing %q", v, tt.wantBroken, tt.wantReason)
				}
				if tt.wantBroken == 0 && (v.Checked != 12 || v.Checkpoints != 2 || v.Covered != 10 || v.Uncovered() != 2) {
					t.Errorf("Verify = %+v; want 12 events, 2 checkpoints covering 10, 2 uncovered", v)
				}
			})
		})
	}
}

// TestKeptCopiesFindWhatTheDatabaseHides: whoever can write the database can
// also delete its checkpoints; a copy kept elsewhere still finds the rewrite.
func TestKeptCopiesFindWhatTheDatabaseHides(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		tamper     func(t *testing.T, d *db.DB, s *audit.Store)
		forge      func(c audit.Checkpoint) audit.Checkpoint // alters the kept copy
		wantBroken int64
		wantReason string
	}{
		{"nothing changed", func(*testing.T, *db.DB, *audit.Store) {}, nil, 0, ""},
		{"a rewrite, with the checkpoints deleted", func(t *testing.T, d *db.DB, s *audit.Store) {
			rewrite(t, d, s, 3)
			exec(t, d, `DELETE FROM audit_checkpoints`)
		}, nil, 10, "does not match the kept copy of the checkpoint of events 1-10"},
		{"a truncation, with the checkpoints deleted", func(t *testing.T, d *db.DB, s *audit.Store) {
			truncate(t, d, s, 3)
			exec(t, d, `DELETE FROM audit_checkpoints`)
		}, nil, 10, "the kept copy of the checkpoint of events 1-10 signed at"},
		{"a kept copy whose count was changed", func(*testing.T, *db.DB, *audit.Store) {}, func(c audit.Checkpoint) audit.Checkpoint {
			c.Events = 6
			return c
		}, 6, "signature that does not match"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dbtest.Each(t, func(t *testing.T, d *db.DB) {
				s := checkpointedChain(t, d)
				latest, err := s.LatestCheckpoint(auditor)
				if err != nil {
					t.Fatal(err)
				}
				line, err := latest.MarshalText()
				if err != nil {
					t.Fatal(err)
				}
				kept, err := audit.ParseCheckpoints(append(line, '\n'))
				if err != nil {
					t.Fatal(err)
				}
				if tt.forge != nil {
					kept[0] = tt.forge(kept[0])
				}
				tt.tamper(t, d, s)
				v, err := s.Verify(auditor, kept...)
				if err != nil {
					t.Fatal(err)
				}
				if v.BrokenAt != tt.wantBroken || !strings.Contains(v.Reason, tt.wantReason) {
					t.Errorf("Verify = %+v; want broken at %d, reason containing %q", v, tt.wantBroken, tt.wantReason)
				}
				if tt.wantBroken == 0 && v.Kept != 1 {
					t.Errorf("Verify = %+v; want the kept copy counted", v)
				}
			})
		})
	}
}

// TestCheckpointMessage holds the signed bytes to the documented v1 format,
// so that a kept copy can be checked with the public key alone.
func TestCheckpointMessage(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := checkpointedChain(t, d)
		c, err := s.LatestCheckpoint(auditor)
		if err != nil {
			t.Fatal(err)
		}
		head := allEvents(t, s)[9].Hash
		msg := fmt.Sprintf("inteqra-audit-checkpoint-v1\n10\n%s\n%s\n", head, c.At.UTC().Format(time.RFC3339))
		sig, err := base64.StdEncoding.DecodeString(c.Signature)
		if err != nil || !ed25519.Verify(testKey.Public().(ed25519.PublicKey), []byte(msg), sig) {
			t.Errorf("signature of %+v does not verify over %q", c, msg)
		}
		if c.PublicKey != s.PublicKey() || c.PublicKey != base64.StdEncoding.EncodeToString(testKey.Public().(ed25519.PublicKey)) {
			t.Errorf("checkpoint names key %q, want the store's %q", c.PublicKey, s.PublicKey())
		}
		line, _ := c.MarshalText()
		if bytes.ContainsRune(line, '\n') || !bytes.Contains(line, []byte(`"v":"inteqra-audit-checkpoint-v1"`)) {
			t.Errorf("printed checkpoint %s, want one JSON line with its version", line)
		}
		if _, err := audit.ParseCheckpoints([]byte("not a checkpoint\n")); err == nil {
			t.Error("ParseCheckpoints accepted a line that is not a checkpoint")
		}
	})
}

// TestCheckpointDue follows a server's loop: a first checkpoint as soon as
// there is an event, then after CheckpointEvery events or an hour.
func TestCheckpointDue(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := audit.NewStore(d, testKey)
		now := time.Now()
		due := func(step string, at time.Time, want bool) {
			t.Helper()
			got, err := s.CheckpointDue(system, at)
			if err != nil || got != want {
				t.Errorf("%s: CheckpointDue = %v, %v; want %v", step, got, err, want)
			}
		}
		due("empty log", now, false)
		if _, err := s.WriteCheckpoint(system); !errors.Is(err, audit.ErrEmptyLog) {
			t.Errorf("WriteCheckpoint on an empty log: got %v, want ErrEmptyLog", err)
		}
		record(t, d, system, "user.create", "1")
		due("first event", now, true)
		for range 2 { // the second call finds the head covered and adds nothing
			if _, err := s.WriteCheckpoint(system); err != nil {
				t.Fatal(err)
			}
		}
		var n int
		if err := d.QueryRowContext(system, `SELECT count(*) FROM audit_checkpoints`).Scan(&n); err != nil || n != 1 {
			t.Errorf("checkpoints after signing one head twice: %d, %v; want 1", n, err)
		}
		due("just signed", now, false)
		due("an hour later, nothing new", now.Add(2*audit.CheckpointInterval), false)
		record(t, d, system, "user.update", "1")
		due("one new event", now, false)
		due("one new event, an hour later", now.Add(audit.CheckpointInterval+time.Minute), true)
		err := d.Transact(system, func(tx *db.Tx) error {
			for i := range audit.CheckpointEvery - 1 {
				if err := audit.Record(system, tx, "person.view", "person", fmt.Sprint(i)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		due("CheckpointEvery new events", now, true)
	})
}

// TestNoCheckpointOverATamperedChain: the next checkpoint must not vouch
// for a rewrite made since the last one, or for a cut below it.
func TestNoCheckpointOverATamperedChain(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		tamper func(t *testing.T, d *db.DB, s *audit.Store)
	}{
		{"an uncovered event edited in place", func(t *testing.T, d *db.DB, s *audit.Store) {
			dropGuards(t, d)
			exec(t, d, `UPDATE audit_events SET actor = 'someone else' WHERE seq = 11`)
		}},
		{"a covered event edited and every hash recomputed", func(t *testing.T, d *db.DB, s *audit.Store) {
			rewrite(t, d, s, 3)
		}},
		{"the last three events deleted", func(t *testing.T, d *db.DB, s *audit.Store) {
			truncate(t, d, s, 3)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dbtest.Each(t, func(t *testing.T, d *db.DB) {
				s := checkpointedChain(t, d)
				tt.tamper(t, d, s)
				if c, err := s.WriteCheckpoint(system); !errors.Is(err, audit.ErrNotSigned) {
					t.Errorf("WriteCheckpoint = %+v, %v; want ErrNotSigned", c, err)
				}
				if c, err := s.LatestCheckpoint(auditor); err != nil || c.Events != 10 {
					t.Errorf("latest checkpoint = %+v, %v; want still the one of 10 events", c, err)
				}
			})
		})
	}
}
