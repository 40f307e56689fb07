package db

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestParseLSN(t *testing.T) {
	t.Parallel()
	for text, want := range map[string]LSN{"0/0": 0, "0/905BD378": 0x905BD378, "16/B374D848": 0x16<<32 | 0xB374D848} {
		got, err := ParseLSN(text)
		if err != nil || got != want {
			t.Errorf("ParseLSN(%q) = %x, %v; want %x", text, got, err, want)
		}
	}
	for _, bad := range []string{"", "12", "x/1", "1/y", "1/100000000"} {
		if _, err := ParseLSN(bad); err == nil {
			t.Errorf("ParseLSN(%q) gave no error", bad)
		}
	}
}

func TestReplicaLag(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)
	samples := []lsnSample{{100, t0}, {200, t0.Add(2 * time.Second)}, {300, t0.Add(5 * time.Second)}}
	now := t0.Add(6 * time.Second)
	for _, c := range []struct {
		replay LSN
		want   time.Duration
	}{
		{300, 0},               // has all the primary had
		{400, 0},               // ahead of the last sample: the primary moved since
		{299, time.Second},     // missing what the primary had 1 s ago
		{150, 4 * time.Second}, // missing what it had at t0+2s
		{50, 6 * time.Second},  // missing even the oldest sample
	} {
		if got := replicaLag(samples, c.replay, now); got != c.want {
			t.Errorf("lag at replay %d = %v, want %v", c.replay, got, c.want)
		}
	}
	// An idle primary: its one position is old, and a replica that has it
	// does not lag, however long ago the last write was.
	idle := []lsnSample{{100, t0}}
	if got := replicaLag(idle, 100, t0.Add(time.Hour)); got != 0 {
		t.Errorf("lag of an up-to-date replica of an idle primary = %v, want 0", got)
	}
	if got := replicaLag(idle, 99, t0.Add(time.Hour)); got != time.Hour {
		t.Errorf("lag of a replica stuck behind an old write = %v, want 1h", got)
	}
}

func TestAddSample(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)
	var s []lsnSample
	s = addSample(s, lsnSample{100, t0}, 10*time.Second)
	s = addSample(s, lsnSample{100, t0.Add(time.Second)}, 10*time.Second) // same position: the first time counts
	s = addSample(s, lsnSample{200, t0.Add(2 * time.Second)}, 10*time.Second)
	if len(s) != 2 || !s[0].at.Equal(t0) || s[1].lsn != 200 {
		t.Fatalf("samples = %v, want 100@t0 and 200@t0+2s", s)
	}
	// Old samples go, but the newest stays however old it is.
	s = addSample(s, lsnSample{200, t0.Add(time.Hour)}, 10*time.Second)
	if len(s) != 1 || s[0].lsn != 200 || !s[0].at.Equal(t0.Add(2*time.Second)) {
		t.Fatalf("samples after an hour idle = %v, want only 200@t0+2s", s)
	}
}

func fakeSet(states ...replicaState) *replicaSet {
	rs := &replicaSet{maxLag: 5 * time.Second, every: time.Second, writes: map[int64]userWrite{}}
	for i, s := range states {
		rs.list = append(rs.list, &replica{name: string(rune('a' + i)), state: s})
	}
	return rs
}

func TestReplicaPick(t *testing.T) {
	t.Parallel()
	healthy := replicaState{ok: true, replay: 1000, lag: time.Second}
	lagging := replicaState{ok: true, replay: 1000, lag: 6 * time.Second}
	failed := replicaState{err: errors.New("connection refused")}
	behind := replicaState{ok: true, replay: 500}

	if r := fakeSet(lagging, failed).pick(0); r != nil {
		t.Errorf("picked %s among a lagging and a failed replica, want none", r.name)
	}
	// Only the healthy one is ever picked, whatever the turn.
	rs := fakeSet(failed, healthy, lagging)
	for range 6 {
		if r := rs.pick(0); r == nil || r.name != "b" {
			t.Fatalf("picked %v, want b", r)
		}
	}
	// Two healthy replicas take turns.
	rs = fakeSet(healthy, healthy)
	seen := map[string]bool{}
	for range 4 {
		seen[rs.pick(0).name] = true
	}
	if len(seen) != 2 {
		t.Errorf("picked only %v of two healthy replicas", seen)
	}
	// A read that must see position 800 skips the replica at 500.
	rs = fakeSet(behind, healthy)
	for range 4 {
		if r := rs.pick(800); r == nil || r.name != "b" {
			t.Fatalf("picked %v for need 800, want b", r)
		}
	}
	if r := fakeSet(behind).pick(800); r != nil {
		t.Errorf("picked the replica at 500 for need 800")
	}
	// At the bound exactly it still serves.
	if !usable(replicaState{ok: true, lag: 5 * time.Second}, 5*time.Second, 0) {
		t.Error("a replica exactly at the bound is refused")
	}
}

func TestReadYourWritesDecision(t *testing.T) {
	t.Parallel()
	rs := fakeSet(replicaState{ok: true, replay: 1000})
	t0 := time.Now()
	rs.wrote(7, 1500, t0)
	if got := rs.need(7, t0.Add(time.Second)); got != 1500 {
		t.Errorf("need of the writer = %d, want 1500", got)
	}
	if got := rs.need(8, t0); got != 0 {
		t.Errorf("need of another user = %d, want 0", got)
	}
	if got := rs.need(0, t0); got != 0 {
		t.Errorf("need of no user = %d, want 0", got)
	}
	if r := rs.pick(rs.need(7, t0)); r != nil {
		t.Error("the writer reads from a replica that has not replayed the write")
	}
	if r := rs.pick(rs.need(8, t0)); r == nil {
		t.Error("another user does not read from the replica")
	}
	// A later write at a lower position (read when another commit had
	// moved the primary) never lowers what the user must see.
	rs.wrote(7, 1200, t0.Add(time.Second))
	if got := rs.need(7, t0.Add(time.Second)); got != 1500 {
		t.Errorf("need after a lower position = %d, want 1500", got)
	}
	// Once the replica has replayed it, the writer reads from it again.
	rs.list[0].set(replicaState{ok: true, replay: 1500})
	if r := rs.pick(rs.need(7, t0)); r == nil {
		t.Error("the writer does not read from a replica that has the write")
	}
	// Forgotten past the memory: by then a replica without it is lagging.
	rs.list[0].set(replicaState{ok: true, replay: 1000})
	if got := rs.need(7, t0.Add(time.Second+rs.writeMemory()+time.Millisecond)); got != 0 {
		t.Errorf("need after the memory = %d, want 0", got)
	}
}

func TestOneReplica(t *testing.T) {
	t.Parallel()
	healthy := replicaState{ok: true, replay: 1000}
	d := &DB{dialect: Postgres, replicas: fakeSet(healthy, healthy)}
	ctx := d.OneReplica(context.Background())
	first := d.Replica(ctx).(*replicaReader).r
	for range 4 {
		if r := d.Replica(ctx).(*replicaReader).r; r != first {
			t.Fatalf("replica %s then %s in one request", first.name, r.name)
		}
	}
	if again := d.OneReplica(ctx); again != ctx {
		t.Error("OneReplica chose again in a context that holds one")
	}
	// Without one chosen, reads take turns.
	seen := map[string]bool{}
	for range 4 {
		seen[d.Replica(context.Background()).(*replicaReader).r.name] = true
	}
	if len(seen) != 2 {
		t.Errorf("reads without a chosen replica used %v", seen)
	}
	// The chosen replica failed: the next read picks another.
	first.down(errors.New("connection reset"))
	if r := d.Replica(ctx).(*replicaReader).r; r == first {
		t.Error("the chosen replica is used after it failed")
	}
}
