package audit_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"inteqra/internal/audit"
	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"
)

// recordedChain is checkpointedChain with a local record of checkpoints
// beside the key, as a real installation keeps: 12 events, checkpoints
// after the 6th and the 10th, in the database and in the record.
func recordedChain(t *testing.T, d *db.DB) (*audit.Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "inteqra.db-audit.key.checkpoints")
	s := audit.NewStore(d, testKey)
	s.UseRecord(path)
	for i := 1; i <= 12; i++ {
		record(t, d, system, "person.view", fmt.Sprint(i))
		if i == 6 || i == 10 {
			if _, err := s.WriteCheckpoint(system); err != nil {
				t.Fatal(err)
			}
		}
	}
	return s, path
}

func checkpointRows(t *testing.T, d *db.DB) []int64 {
	t.Helper()
	rows, err := d.QueryContext(system, `SELECT events FROM audit_checkpoints ORDER BY events`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var list []int64
	for rows.Next() {
		var n int64
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		list = append(list, n)
	}
	return list
}

// TestRecordRefusesToSignAForgery: the reviewers' attack on the checkpoints.
// With write access to the database they rewrite a covered event, recompute
// every hash and the head, and delete the checkpoints that would show it;
// the server would then sign the forged chain from event 1 with the real
// key. The record beside the key remembers what was signed: the store
// refuses to sign, and Verify fails naming the record.
func TestRecordRefusesToSignAForgery(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		tamper     func(t *testing.T, d *db.DB, s *audit.Store)
		wantBroken int64
	}{
		{"event 3 rewritten, every checkpoint covering it deleted", func(t *testing.T, d *db.DB, s *audit.Store) {
			rewrite(t, d, s, 3)
			exec(t, d, `DELETE FROM audit_checkpoints WHERE events >= 3`)
		}, 6},
		{"event 8 rewritten, the latest checkpoint deleted", func(t *testing.T, d *db.DB, s *audit.Store) {
			rewrite(t, d, s, 8)
			exec(t, d, `DELETE FROM audit_checkpoints WHERE events >= 8`)
		}, 10},
		{"the checkpoints deleted, no event changed", func(t *testing.T, d *db.DB, s *audit.Store) {
			dropGuards(t, d)
			exec(t, d, `DELETE FROM audit_checkpoints`)
		}, 6},
		{"event 3 rewritten, the checkpoints replaced by another key's at the same counts", func(t *testing.T, d *db.DB, s *audit.Store) {
			rewrite(t, d, s, 3)
			exec(t, d, `DELETE FROM audit_checkpoints`)
			forger := audit.NewStore(d, otherKey)
			for _, n := range []int64{6, 10} {
				e := allEvents(t, s)[n-1]
				if _, err := d.ExecContext(system, `INSERT INTO audit_checkpoints (events, head, at, public_key, signature) VALUES ($1, $2, $3, $4, 'x')`,
					n, e.Hash, db.Now(), forger.PublicKey()); err != nil {
					t.Fatal(err)
				}
			}
		}, 6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dbtest.Each(t, func(t *testing.T, d *db.DB) {
				s, path := recordedChain(t, d)
				before := checkpointRows(t, d)
				tt.tamper(t, d, s)
				tampered := checkpointRows(t, d)
				for range 2 { // the server tries again at every poll
					c, err := s.WriteCheckpoint(system)
					if !errors.Is(err, audit.ErrNotSigned) || !strings.Contains(err.Error(), path) {
						t.Fatalf("WriteCheckpoint after the attack = %+v, %v; want ErrNotSigned naming the record %s", c, err, path)
					}
				}
				if got := checkpointRows(t, d); fmt.Sprint(got) != fmt.Sprint(tampered) {
					t.Errorf("checkpoints after refusing = %v, want the %v left by the attack (before it: %v)", got, tampered, before)
				}
				v, err := s.Verify(auditor)
				if err != nil {
					t.Fatal(err)
				}
				if v.BrokenAt != tt.wantBroken || !strings.Contains(v.Reason, "the local record "+path) {
					t.Errorf("Verify = %+v; want broken at %d, naming the local record %s", v, tt.wantBroken, path)
				}
			})
		})
	}
}

// TestRecordKeepsWhatWasSigned: a new installation, with no record yet,
// signs its first checkpoint and starts the record (mode 0600, the same
// line audit checkpoint prints); later ones are appended, and Verify holds
// the chain to every recorded line.
func TestRecordKeepsWhatWasSigned(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		path := filepath.Join(t.TempDir(), "audit.key.checkpoints")
		s := audit.NewStore(d, testKey)
		s.UseRecord(path)
		if _, err := s.WriteCheckpoint(system); !errors.Is(err, audit.ErrEmptyLog) {
			t.Errorf("WriteCheckpoint on an empty log: %v, want ErrEmptyLog", err)
		}
		if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("an empty log started the record (stat: %v)", err)
		}
		record(t, d, system, "user.create", "1")
		first, err := s.WriteCheckpoint(system)
		if err != nil || first.Events != 1 {
			t.Fatalf("first checkpoint of a new installation = %+v, %v; want one of 1 event", first, err)
		}
		info, err := os.Stat(path)
		if err != nil || info.Mode().Perm() != 0o600 {
			t.Fatalf("record after the first checkpoint: %v, %v; want a file of mode 0600", info, err)
		}
		if _, err := s.WriteCheckpoint(system); err != nil { // nothing new: no line
			t.Fatal(err)
		}
		record(t, d, system, "user.update", "1")
		second, err := s.WriteCheckpoint(system)
		if err != nil {
			t.Fatal(err)
		}
		text, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		l1, _ := first.MarshalText()
		l2, _ := second.MarshalText()
		if want := string(l1) + "\n" + string(l2) + "\n"; string(text) != want {
			t.Errorf("record = %q, want the two printed lines %q", text, want)
		}
		v, err := s.Verify(auditor)
		if err != nil || !v.OK() || v.Recorded != 2 || v.Checkpoints != 2 {
			t.Errorf("Verify = %+v, %v; want OK with 2 checkpoints and 2 recorded", v, err)
		}
	})
}

// TestRecordOfNodesSigningAtOnce: nodes sharing the record (the files folder
// on PostgreSQL) sign at the same time; every line stays whole, and each
// checkpoint written is recorded once.
func TestRecordOfNodesSigningAtOnce(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		path := filepath.Join(t.TempDir(), "shared.checkpoints")
		var wg sync.WaitGroup
		for node := range 4 {
			wg.Go(func() {
				s := audit.NewStore(d, testKey)
				s.UseRecord(path)
				for i := range 5 {
					if err := d.Transact(system, func(tx *db.Tx) error {
						return audit.Record(system, tx, "person.view", "person", fmt.Sprint(node, i))
					}); err != nil {
						t.Error(err)
						return
					}
					if _, err := s.WriteCheckpoint(system); err != nil {
						t.Error(err)
						return
					}
				}
			})
		}
		wg.Wait()
		text, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		lines, err := audit.ParseCheckpoints(text)
		if err != nil {
			t.Fatalf("record written by nodes at once does not parse: %v\n%s", err, text)
		}
		var got []int64
		for _, c := range lines {
			got = append(got, c.Events)
		}
		rows := checkpointRows(t, d)
		if len(got) != len(rows) {
			t.Errorf("record holds checkpoints %v, database %v; want each written checkpoint recorded once", got, rows)
		}
	})
}
