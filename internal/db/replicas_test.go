package db_test

import (
	"context"
	"database/sql"
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"
)

// unreachable is a replica no one answers at.
const unreachable = "postgres://postgres@127.0.0.1:1/nothing?sslmode=disable&connect_timeout=2"

func TestReplicasRefusedWithSQLite(t *testing.T) {
	t.Parallel()
	_, err := db.Open(context.Background(), "file:/replicas-refused?vfs=memdb", db.WithReplicas([]string{unreachable}, 0))
	if err == nil || !strings.Contains(err.Error(), "PostgreSQL") {
		t.Fatalf("Open of SQLite with a replica: %v, want a refusal", err)
	}
}

func TestReplicaFallsBackToThePrimary(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if q := d.Replica(ctx); db.ServedByReplica(q) {
			t.Fatal("a database without replicas reads from a replica")
		}
		insertOrganisation(t, d, "Primary only")

		// A replica believed healthy that cannot be reached: the query runs
		// on the primary, and the replica is skipped from then on.
		d.FakeReplica(t, unreachable)
		q := d.Replica(ctx)
		if !db.ServedByReplica(q) {
			t.Fatal("the healthy-looking replica is not used")
		}
		if _, err := q.ExecContext(ctx, `DELETE FROM organisations`); !errors.Is(err, db.ErrReplicaWrite) {
			t.Fatalf("a write through the replica reader: %v, want ErrReplicaWrite", err)
		}
		rows, err := q.QueryContext(ctx, `SELECT name FROM organisations`)
		names, err := db.Collect(rows, err, scanName)
		if err != nil || len(names) != 1 || names[0] != "Primary only" {
			t.Fatalf("read through a failed replica = %v, %v; want the primary's row", names, err)
		}
		if st := d.Replicas(); len(st) != 1 || st[0].Usable || st[0].Err == nil {
			t.Fatalf("replica state after the failure = %+v, want unusable with its error", st)
		}
		if db.ServedByReplica(d.Replica(ctx)) {
			t.Fatal("a failed replica is still used")
		}

		// A snapshot on a replica that fails runs on the primary.
		d.FakeReplica(t, unreachable)
		var n int
		err = d.ReplicaSnapshot(ctx, func(q db.Querier) error {
			return q.QueryRowContext(ctx, `SELECT count(*) FROM organisations`).Scan(&n)
		})
		if err != nil || n != 1 {
			t.Fatalf("snapshot through a failed replica = %d, %v; want 1 from the primary", n, err)
		}
		// A query's own error is no reason to leave the replica.
		err = d.ReplicaSnapshot(ctx, func(q db.Querier) error { return errors.New("the query's own") })
		if err == nil || err.Error() != "the query's own" {
			t.Fatalf("snapshot error = %v, want the query's own", err)
		}
	})
}

// collectNames is the names of the organisations as read through q.
func collectNames(t *testing.T, q db.Querier) []string {
	t.Helper()
	rows, err := q.QueryContext(context.Background(), `SELECT name FROM organisations ORDER BY name`)
	names, err := db.Collect(rows, err, scanName)
	if err != nil {
		t.Fatal(err)
	}
	return names
}

func insertOrganisation(t *testing.T, d *db.DB, name string) {
	t.Helper()
	insertOrganisationAs(t, context.Background(), d, name)
}

func insertOrganisationAs(t *testing.T, ctx context.Context, d *db.DB, name string) {
	t.Helper()
	err := d.Transact(ctx, func(tx *db.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO organisations (name, kind, created_at, updated_at) VALUES ($1, 'ngo', $2, $2)`, name, db.Now())
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

type userKey struct{}

func asUser(id int64) context.Context { return context.WithValue(context.Background(), userKey{}, id) }

func userOf(ctx context.Context) int64 {
	id, _ := ctx.Value(userKey{}).(int64)
	return id
}

// onStandby reports whether q runs on a replica, asking the server.
func onStandby(t *testing.T, q db.Querier) bool {
	t.Helper()
	var standby bool
	if err := q.QueryRowContext(context.Background(), `SELECT pg_is_in_recovery()`).Scan(&standby); err != nil {
		t.Fatal(err)
	}
	return standby
}

// until checks the replicas and tries ok until it holds, for at most 20 s.
func until(t *testing.T, d *db.DB, what string, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); ; {
		d.CheckReplicasNow(context.Background())
		if ok() {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("after 20 s: %s; replicas: %+v", what, d.Replicas())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestRealReplica runs against a real streaming replica. The checker runs
// only when the test says (CheckReplicasNow), so that every step sees the
// state it expects; it is not parallel because it pauses the replica's
// replay, which is the whole server's.
func TestRealReplica(t *testing.T) {
	primary, replica := dbtest.PostgresReplica(t)
	ctx := context.Background()
	const maxLag = time.Second
	// Besides the replica: one that does not answer, the replica's other
	// database, and the primary itself, none of which may serve.
	otherDB := strings.Replace(replica, "/"+dbName(t, primary)+"?", "/postgres?", 1)
	d, err := db.Open(ctx, primary, db.WithReplicas([]string{replica, unreachable, otherDB, primary}, maxLag),
		db.WithReplicaCheck(time.Hour), db.WithUserOf(userOf))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()

	// The bogus replicas are skipped; the real one serves every read.
	st := d.Replicas()
	if len(st) != 4 || !st[0].Usable {
		t.Fatalf("replicas after Open = %+v, want the real one usable", st)
	}
	for i, want := range map[int]string{1: "connect", 2: `names database "postgres"`, 3: "not a standby"} {
		if st[i].Usable || st[i].Err == nil || !strings.Contains(st[i].Err.Error(), want) {
			t.Errorf("replica %s = %+v, want skipped for %q", st[i].Name, st[i], want)
		}
	}
	for range 6 {
		if !onStandby(t, d.Replica(ctx)) {
			t.Fatal("a read that may be stale went to the primary though the replica is healthy")
		}
	}

	// A write on the primary is seen on the replica once it has replayed it.
	insertOrganisation(t, d, "Written on the primary")
	until(t, d, "the replica does not show the primary's write", func() bool {
		q := d.Replica(ctx)
		return db.ServedByReplica(q) && onStandby(t, q) && len(collectNames(t, q)) == 1
	})

	// Read-your-writes: right after user 7's write, 7 reads from the
	// primary (the replica was last measured before the commit), user 8
	// still from the replica; once the replica has it, 7 reads there too.
	insertOrganisationAs(t, asUser(7), d, "User 7's")
	if q := d.Replica(asUser(7)); onStandby(t, q) || len(collectNames(t, q)) != 2 {
		t.Fatal("the writer's read right after the write did not go to the primary")
	}
	if !onStandby(t, d.Replica(asUser(8))) {
		t.Fatal("another user's read went to the primary")
	}
	until(t, d, "the writer never reads from the replica again", func() bool {
		q := d.Replica(asUser(7))
		return onStandby(t, q) && len(collectNames(t, q)) == 2
	})
	var n int
	err = d.ReplicaSnapshot(asUser(8), func(q db.Querier) error {
		if !onStandby(t, q) {
			return errors.New("the snapshot is not on the replica")
		}
		return q.QueryRowContext(ctx, `SELECT count(*) FROM organisations`).Scan(&n)
	})
	if err != nil || n != 2 {
		t.Fatalf("snapshot on the replica = %d, %v; want 2", n, err)
	}

	// A replica whose replay is paused falls behind as the primary moves
	// on, and is skipped once past the bound; resumed, it serves again.
	resume := dbtest.PauseReplica(t, replica)
	// (Whether it still serves just before the bound depends on how long
	// the pause waited for other packages' tests: TestReplicaPick checks
	// the bound itself.)
	insertOrganisation(t, d, "While paused")
	d.CheckReplicasNow(ctx)
	time.Sleep(maxLag + 200*time.Millisecond)
	d.CheckReplicasNow(ctx)
	if st := d.Replicas(); st[0].Usable || st[0].Lag <= maxLag {
		t.Fatalf("paused replica = %+v, want unusable with a lag past %v", st[0], maxLag)
	}
	if q := d.Replica(ctx); onStandby(t, q) || len(collectNames(t, q)) != 3 {
		t.Fatal("a read went to the lagging replica")
	}
	resume()
	until(t, d, "the resumed replica does not serve again", func() bool {
		q := d.Replica(ctx)
		return onStandby(t, q) && len(collectNames(t, q)) == 3
	})
}

func scanName(r db.Scanner) (string, error) {
	var s string
	err := r.Scan(&s)
	return s, err
}

func TestScanOne(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		insertOrganisation(t, d, "Only one")
		var name string
		rows, err := d.QueryContext(ctx, `SELECT name FROM organisations`)
		if err := db.ScanOne(rows, err, &name); err != nil || name != "Only one" {
			t.Fatalf("ScanOne = %q, %v; want the row", name, err)
		}
		rows, err = d.QueryContext(ctx, `SELECT name FROM organisations WHERE name = 'none'`)
		if err := db.ScanOne(rows, err, &name); !errors.Is(err, sql.ErrNoRows) {
			t.Fatalf("ScanOne of no row = %v, want sql.ErrNoRows", err)
		}
		rows, err = d.QueryContext(ctx, `SELECT no_such_column FROM organisations`)
		if err := db.ScanOne(rows, err, &name); err == nil {
			t.Fatal("ScanOne hid the query's error")
		}
	})
}

// dbName is the database a DSN names.
func dbName(t *testing.T, dsn string) string {
	t.Helper()
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimPrefix(u.Path, "/")
}
