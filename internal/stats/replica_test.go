package stats

import (
	"context"
	"slices"
	"testing"
	"time"

	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"
)

// TestCountReadsTheReplica runs against a real streaming replica
// (.ci/replica.sh): the dashboards' counts read the replica, so a refresh
// shows there once the replica has replayed it, not before.
func TestCountReadsTheReplica(t *testing.T) {
	primary, replica := dbtest.PostgresReplica(t)
	ctx := context.Background()
	d, err := db.Open(ctx, primary, db.WithReplicas([]string{replica}, time.Minute),
		db.WithReplicaCheck(time.Hour)) // only the check at Open: the replica stays "healthy"
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	persons, _ := fakeSources()
	facts := slices.Clone(handBuilt.facts)
	s := NewStore(d, nil, persons, func(_ context.Context, _ db.Querier, _ time.Time, emit func(Fact) error) error {
		for _, f := range facts {
			if err := emit(f); err != nil {
				return err
			}
		}
		return nil
	})
	nov := Query{Kind: Reached, From: on("2026-11-01"), To: on("2026-11-30"), Persons: true}
	reached := func() int {
		got, err := s.Count(ctx, nov)
		if err != nil {
			t.Fatal(err)
		}
		return got[Key{}]
	}
	until := func(what string, want int) {
		t.Helper()
		for deadline := time.Now().Add(20 * time.Second); reached() != want; time.Sleep(50 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("after 20 s: %s: %d persons reached, want %d", what, reached(), want)
			}
		}
	}
	if _, err := s.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	until("the replica has the first refresh", 3)

	resume := dbtest.PauseReplica(t, replica)
	facts = append(facts, Fact{Kind: Reached, Day: on("2026-11-20"), PersonID: 2})
	if _, err := s.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	if n := dbtest.Count(t, d, `SELECT count(DISTINCT person_id) FROM stat_facts WHERE kind = 'reached' AND day >= '2026-11-01' AND day <= '2026-11-30' AND version = (SELECT version FROM stat_state)`); n != 4 {
		t.Fatalf("the primary's new version counts %d persons reached, want 4", n)
	}
	if n := reached(); n != 3 {
		t.Fatalf("count while the replica is paused = %d, want the replica's 3: it did not read the replica", n)
	}
	resume()
	until("the replica has the second refresh", 4)
}
