package people

import (
	"context"
	"testing"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/auth"
	"inteqra/internal/auth/authtest"
	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"
)

// TestSearchReadsTheReplica runs against a real streaming replica
// (.ci/replica.sh): the search reads the replica, except for a user who
// has just written, who reads the primary and so finds what they saved.
// The replica's replay is paused so that it is certainly behind.
func TestSearchReadsTheReplica(t *testing.T) {
	primary, replica := dbtest.PostgresReplica(t)
	ctx := context.Background()
	d, err := db.Open(ctx, primary, db.WithReplicas([]string{replica}, time.Minute),
		db.WithReplicaCheck(time.Hour), // only the check at Open: the replica stays "healthy"
		db.WithUserOf(func(ctx context.Context) int64 { return access.From(ctx).UserID }))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	s := NewStore(d, nil)
	consultant := staff(t, d, access.Consultant)
	u, err := authtest.NewStore(t, d).CreateUser(system, auth.UserInput{Email: "colleague@example.az", Name: "Colleague", Role: access.Consultant, Active: true},
		"long enough password", false)
	if err != nil {
		t.Fatal(err)
	}
	colleague := access.With(ctx, u.Principal())

	// The users above must be on the replica before it stops.
	r, err := db.Open(ctx, replica)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	waitFor(t, "the replica has the users", func() bool {
		var n int
		return r.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE email = 'colleague@example.az'`).Scan(&n) == nil && n == 1
	})
	resume := dbtest.PauseReplica(t, replica)

	in := mammadov()
	in.DuplicateReason = "test fixture"
	p, _, err := s.CreatePerson(consultant, in)
	if err != nil {
		t.Fatal(err)
	}
	found := func(ctx context.Context) bool {
		res, err := s.Search(ctx, "Mamedov Rashad", 1)
		if err != nil {
			t.Fatal(err)
		}
		return len(res.Hits) == 1 && res.Hits[0].ID == p.ID
	}
	if !found(consultant) {
		t.Fatal("the consultant does not find the person they just registered")
	}
	if found(colleague) {
		t.Fatal("a colleague's search found a person the paused replica has not got: it did not read the replica")
	}
	resume()
	waitFor(t, "the colleague finds the person once the replica has it", func() bool { return found(colleague) })
}

func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); !ok(); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("after 20 s: not %s", what)
		}
	}
}
