package audit_test

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"inteqra/internal/access"
	"inteqra/internal/audit"
	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"
)

// testKey stands for the installation's key file.
var testKey = ed25519.NewKeyFromSeed(make([]byte, ed25519.SeedSize))

func record(t *testing.T, d *db.DB, ctx context.Context, action, id string) {
	t.Helper()
	err := d.Transact(ctx, func(tx *db.Tx) error {
		objectType, _, _ := strings.Cut(action, ".")
		return audit.Record(ctx, tx, action, objectType, id, "name", "role")
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestChainAndFilters(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := audit.WithClient(access.With(context.Background(), access.Principal{UserID: 7, Email: "aysel@example.az", Role: access.Admin}),
			audit.Client{Addr: "10.0.0.1", RequestID: "req-1"})
		record(t, d, ctx, "user.create", "1")
		record(t, d, ctx, "user.update", "1")
		record(t, d, access.With(context.Background(), access.System()), "organisation.create", "9")

		// A rolled-back change leaves no event.
		_ = d.Transact(ctx, func(tx *db.Tx) error {
			if err := audit.Record(ctx, tx, "user.delete", "user", "1"); err != nil {
				return err
			}
			return errors.New("changed my mind")
		})

		s := audit.NewStore(d, testKey)
		auditor := access.With(context.Background(), access.Principal{UserID: 8, Email: "auditor@example.az", Role: access.Auditor})
		tests := []struct {
			name string
			f    audit.Filter
			want []string
		}{
			{"all, newest first", audit.Filter{}, []string{"organisation.create", "user.update", "user.create"}},
			{"by actor", audit.Filter{Actor: "AYSEL"}, []string{"user.update", "user.create"}},
			{"by action prefix", audit.Filter{Action: "user."}, []string{"user.update", "user.create"}},
			{"by exact action", audit.Filter{Action: "user.create"}, []string{"user.create"}},
			{"by object", audit.Filter{ObjectType: "organisation", ObjectID: "9"}, []string{"organisation.create"}},
			{"paging", audit.Filter{Before: 3, Limit: 1}, []string{"user.update"}},
		}
		for _, tt := range tests {
			events, err := s.Events(auditor, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range events {
				got = append(got, e.Action)
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
			}
		}
		events, _ := s.Events(auditor, audit.Filter{Action: "user.create"})
		if e := events[0]; e.ActorID != 7 || e.ClientAddr != "10.0.0.1" || e.RequestID != "req-1" || fmt.Sprint(e.Fields) != "[name role]" {
			t.Errorf("event = %+v, want actor 7 from 10.0.0.1 req-1 with fields [name role]", e)
		}

		v, err := s.Verify(auditor)
		if err != nil || !v.OK() || v.Checked != 3 {
			t.Fatalf("Verify = %+v, %v; want 3 checked and OK", v, err)
		}

		// Consultants may not read the log.
		consultant := access.With(context.Background(), access.Principal{UserID: 9, Role: access.Consultant})
		if _, err := s.Events(consultant, audit.Filter{}); !errors.Is(err, access.ErrForbidden) {
			t.Errorf("consultant Events error = %v, want ErrForbidden", err)
		}
	})
}

func TestAppendOnly(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := access.With(context.Background(), access.System())
		record(t, d, ctx, "user.create", "1")
		for _, stmt := range []string{`UPDATE audit_events SET actor = 'someone else'`, `DELETE FROM audit_events`} {
			if _, err := d.ExecContext(ctx, stmt); err == nil {
				t.Errorf("%s succeeded; the log must be append-only", stmt)
			}
		}
	})
}

// TestVerifyFindsTampering drops the append-only guard, as an attacker with
// database access could, and checks that Verify names the altered row.
func TestVerifyFindsTampering(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := access.With(context.Background(), access.System())
		for i := range 5 {
			record(t, d, ctx, "user.update", fmt.Sprint(i))
		}
		drop := []string{`DROP TRIGGER audit_events_no_update`}
		if d.Dialect() == db.Postgres {
			drop = []string{`DROP TRIGGER audit_events_no_change ON audit_events`}
		}
		for _, stmt := range append(drop, `UPDATE audit_events SET object_id = '42' WHERE seq = 3`) {
			if _, err := d.ExecContext(ctx, stmt); err != nil {
				t.Fatal(err)
			}
		}
		v, err := audit.NewStore(d, testKey).Verify(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if v.OK() || v.BrokenAt != 3 {
			t.Errorf("Verify = %+v, want broken at 3", v)
		}
	})
}

// TestConcurrentWritersKeepOneChain writes from many goroutines at once; the
// chain must stay linear on both databases.
func TestConcurrentWritersKeepOneChain(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := access.With(context.Background(), access.System())
		var wg sync.WaitGroup
		for i := range 40 {
			wg.Go(func() {
				err := d.Transact(ctx, func(tx *db.Tx) error {
					return audit.Record(ctx, tx, "user.update", "user", fmt.Sprint(i))
				})
				if err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		v, err := audit.NewStore(d, testKey).Verify(ctx)
		if err != nil || !v.OK() || v.Checked != 40 {
			t.Fatalf("Verify = %+v, %v; want 40 checked and OK", v, err)
		}
	})
}

// TestReadsWrittenTogether records the reads of many requests at once:
// each is written once, with its own actor and request, and every caller
// returns only after its event is in the log.
func TestReadsWrittenTogether(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		const n = 300 // more than one batch
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				ctx := audit.WithClient(access.With(context.Background(), access.Principal{UserID: int64(i + 1), Email: fmt.Sprintf("u%d@example.az", i)}),
					audit.Client{Addr: "10.0.0.1", RequestID: fmt.Sprint("req-", i)})
				if err := audit.RecordRead(ctx, d, "person.search", "query", fmt.Sprint(i)); err != nil {
					t.Error(err)
					return
				}
				if got := dbtest.Count(t, d, `SELECT count(*) FROM audit_events WHERE request_id = $1 AND actor = $2 AND object_id = $3`,
					fmt.Sprint("req-", i), fmt.Sprintf("u%d@example.az", i), fmt.Sprint(i)); got != 1 {
					t.Errorf("read %d: %d events after RecordRead returned, want 1", i, got)
				}
			})
		}
		wg.Wait()
		sys := access.With(context.Background(), access.System())
		v, err := audit.NewStore(d, testKey).Verify(sys)
		if err != nil || !v.OK() || v.Checked != n {
			t.Fatalf("Verify = %+v, %v; want %d checked and OK", v, err, n)
		}
	})
}
