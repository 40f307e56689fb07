package imports

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"inteqra/internal/access"
	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"
	"inteqra/internal/jobs"
	"inteqra/internal/people"
)

// storeWithJobs returns the registry on d and an import store whose
// queued runs are jobs in a queue that works them once the test starts it.
func storeWithJobs(t *testing.T, d *db.DB) (*people.Store, *Store, *jobs.Queue) {
	t.Helper()
	workers := river.NewWorkers()
	q, err := jobs.New(d, jobs.Config{Workers: workers, Poll: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ps := people.NewStore(d, nil)
	s := NewStore(d, ps, q)
	river.AddWorker(workers, &Worker{Store: s})
	return ps, s, q
}

func startJobs(t *testing.T, q *jobs.Queue) {
	t.Helper()
	if err := q.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		q.Stop(ctx)
	})
}

// waitBatch waits until batch id is in state want.
func waitBatch(t *testing.T, s *Store, id int64, want State) Batch {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		b, err := s.Batch(system, id)
		// An in-memory SQLite test database keeps readers out while the job
		// writes, for longer than the busy timeout on a loaded machine.
		if err != nil && !strings.Contains(err.Error(), "SQLITE_BUSY") {
			t.Fatal(err)
		}
		if err == nil && b.State == want && !b.Active {
			return b
		}
		if time.Now().After(deadline) {
			t.Fatalf("batch %d: state %s (active %v), want %s", id, b.State, b.Active, want)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestImportJobs(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		_, s, q := storeWithJobs(t, d)
		b := newImport(t, system, s, importFile)

		// Queued but not yet picked up, the run shows as under way, not as
		// cut off, and cannot be queued twice.
		if err := s.QueueCheck(system, b.ID); err != nil {
			t.Fatal(err)
		}
		got, err := s.Batch(system, b.ID)
		if err != nil || got.State != Checking || !got.Active || got.Interrupted() {
			t.Fatalf("queued dry run: %+v, %v", got, err)
		}
		jobsBefore := dbtest.Count(t, d, `SELECT count(*) FROM river_job`)
		if err := s.QueueCheck(system, b.ID); err == nil {
			t.Error("a dry run was queued twice")
		}
		if err := s.QueueImport(system, b.ID, "some"); err == nil {
			t.Error("an import in an unknown mode was queued")
		}
		if n := dbtest.Count(t, d, `SELECT count(*) FROM river_job`); n != jobsBefore {
			t.Errorf("a refused request left %d jobs, want %d", n, jobsBefore)
		}

		startJobs(t, q)
		got = waitBatch(t, s, b.ID, Checked)
		if got.Rows != 8 || got.Invalid != 2 || dbtest.Count(t, d, `SELECT count(*) FROM persons`) != 0 {
			t.Errorf("dry run by a job: %+v", got)
		}
		if err := s.QueueImport(system, b.ID, ValidOnly); err != nil {
			t.Fatal(err)
		}
		got = waitBatch(t, s, b.ID, Committed)
		if got.Imported == 0 || dbtest.Count(t, d, `SELECT count(*) FROM persons`) != got.Imported {
			t.Errorf("import by a job: %+v", got)
		}
		if n := dbtest.Count(t, d, `SELECT count(*) FROM audit_events WHERE action = 'person.import'`); n != 1 {
			t.Errorf("audit events of the import: %d", n)
		}
	})
}

// TestImportJobResumes stops the job queue in the middle of an import, as
// a shutdown does: the chunks committed stay, the batch still says it is
// running and is not offered to be run again by hand, and the next queue
// imports the rest on its own, each row once.
func TestImportJobResumes(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		_, s, q := storeWithJobs(t, d)
		b, err := s.CreateBatch(system, "big.csv", genCSV(20000, 7), true)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.QueueImport(system, b.ID, ValidOnly); err != nil {
			t.Fatal(err)
		}
		if err := q.Start(context.Background()); err != nil {
			t.Fatal(err)
		}
		for {
			if p, ok := s.Progress(b.ID); ok && p.Done > 0 {
				break
			}
			time.Sleep(5 * time.Millisecond)
		}
		stopped, cancel := context.WithCancel(context.Background())
		cancel() // no grace: running jobs are cancelled at once
		q.Stop(stopped)
		// The cancelled run rolls back at its next chunk; on a loaded machine
		// that may outlast Stop's own wait.
		for deadline := time.Now().Add(time.Minute); ; time.Sleep(10 * time.Millisecond) {
			if _, running := s.Progress(b.ID); !running {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("the cancelled import did not end")
			}
		}

		got, err := s.Batch(system, b.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.State != Running || got.Interrupted() || got.Error != nil {
			t.Errorf("after the shutdown: state %s, interrupted %v, error %v", got.State, got.Interrupted(), got.Error)
		}
		if n := dbtest.Count(t, d, `SELECT count(*) FROM persons`); n != got.Imported || got.DoneLine == 0 && n != 0 {
			t.Fatalf("a cut-off import left %d persons, its batch says %d up to line %d", n, got.Imported, got.DoneLine)
		}

		// The next node: a store of its own on a queue of its own.
		_, next, q2 := storeWithJobs(t, d)
		startJobs(t, q2)
		got = waitBatch(t, next, b.ID, Committed)
		if got.Imported < 18000 || dbtest.Count(t, d, `SELECT count(*) FROM persons`) != got.Imported ||
			dbtest.Count(t, d, `SELECT count(DISTINCT line) FROM import_persons`) != got.Imported {
			t.Errorf("resumed import: %+v", got)
		}
	})
}

// TestImportJobOfADeadNodeRunsAgain leaves an import's job "running" with
// no heartbeat, as a node killed in the middle of it does: the sweep of
// another node queues the run again for the same user, and that node's
// queue imports every row once.
func TestImportJobOfADeadNodeRunsAgain(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		_, s, q := storeWithJobs(t, d)
		ctx := staff(t, d, access.Supervisor)
		b, err := s.CreateBatch(ctx, "big.csv", chunkedCSV(chunkRows+300, 61), true)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.QueueImport(ctx, b.ID, ValidOnly); err != nil {
			t.Fatal(err)
		}
		b, _ = s.Batch(ctx, b.ID)
		// The dead node took the job and then stopped writing.
		if _, err := d.ExecContext(ctx, `UPDATE river_job SET state = 'running', attempt = 1, attempted_at = $2 WHERE id = $1`,
			b.jobID, time.Now()); err != nil {
			t.Fatal(err)
		}
		if _, err := d.ExecContext(ctx, `UPDATE import_batches SET updated_at = $2 WHERE id = $1`, b.ID, time.Now().Add(-time.Hour)); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.Batch(ctx, b.ID); !got.Interrupted() {
			t.Fatalf("a running job with no heartbeat: %+v", got)
		}
		requeued, marked, err := s.Sweep(system)
		if err != nil || requeued != 1 || marked != 0 {
			t.Fatalf("sweep: queued again %d, marked %d, %v", requeued, marked, err)
		}
		if again, _, _ := s.Sweep(system); again != 0 {
			t.Error("a second sweep queued the run again")
		}
		startJobs(t, q)
		got := waitBatch(t, s, b.ID, Committed)
		if got.Imported != got.Rows-2 || got.Invalid != 2 || got.CreatedBy == 0 ||
			dbtest.Count(t, d, `SELECT count(*) FROM persons WHERE created_by = $1`, got.CreatedBy) != got.Imported {
			t.Errorf("the run queued again: %+v", got)
		}
	})
}
