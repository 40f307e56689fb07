package db

import (
	"context"
	"database/sql"
	"testing"
	"time"
)

// CheckReplicasNow measures the replicas at once, as the checker does
// every few seconds, so that a test decides when the state changes.
func (d *DB) CheckReplicasNow(ctx context.Context) { d.checkReplicas(ctx) }

// FakeReplica gives d one replica at dsn that is believed healthy and up
// to date without being checked, as if the last check had found it so,
// and no checker: for the tests of what happens when it fails.
func (d *DB) FakeReplica(t testing.TB, dsn string) {
	t.Helper()
	pool, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	rs := &replicaSet{maxLag: time.Second, every: time.Hour, writes: map[int64]userWrite{},
		stop: make(chan struct{}), done: make(chan struct{})}
	close(rs.done)
	rs.list = []*replica{{name: ReplicaName(dsn), pool: pool, state: replicaState{ok: true, replay: LSN(1 << 62)}}}
	d.replicas = rs
}

// ServedByReplica reports whether q is a replica's reader, not the primary.
func ServedByReplica(q Querier) bool {
	_, ok := q.(*replicaReader)
	return ok
}
