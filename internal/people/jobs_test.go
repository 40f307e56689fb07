package people

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
)

// jobQueue gives s a job queue on d that works import jobs; it is started
// by the test.
func jobQueue(t *testing.T, d *db.DB, s *Store) *jobs.Queue {
	t.Helper()
	workers := river.NewWorkers()
	river.AddWorker(workers, &ImportWorker{Store: s})
	river.AddWorker(workers, &ScanWorker{Store: s})
	q, err := jobs.New(d, jobs.Config{Workers: workers, Poll: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	s.UseJobs(q)
	return q
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
func waitBatch(t *testing.T, s *Store, id int64, want ImportState) ImportBatch {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		b, err := s.ImportBatch(system, id)
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
		s := NewStore(d)
		q := jobQueue(t, d, s)
		b := newImport(t, system, s, importFile)

		// Queued but not yet picked up, the run shows as under way, not as
		// cut off, and cannot be queued twice.
		if err := s.QueueCheck(system, b.ID); err != nil {
			t.Fatal(err)
		}
		got, err := s.ImportBatch(system, b.ID)
		if err != nil || got.State != ImportChecking || !got.Active || got.Interrupted() {
			t.Fatalf("queued dry run: %+v, %v", got, err)
		}
		jobsBefore := countRows(t, d, `SELECT count(*) FROM river_job`)
		if err := s.QueueCheck(system, b.ID); err == nil {
			t.Error("a dry run was queued twice")
		}
		if err := s.QueueImport(system, b.ID, "some"); err == nil {
			t.Error("an import in an unknown mode was queued")
		}
		if n := countRows(t, d, `SELECT count(*) FROM river_job`); n != jobsBefore {
			t.Errorf("a refused request left %d jobs, want %d", n, jobsBefore)
		}

		startJobs(t, q)
		got = waitBatch(t, s, b.ID, ImportChecked)
		if got.Rows != 8 || got.Invalid != 2 || countRows(t, d, `SELECT count(*) FROM persons`) != 0 {
			t.Errorf("dry run by a job: %+v", got)
		}
		if err := s.QueueImport(system, b.ID, ValidOnly); err != nil {
			t.Fatal(err)
		}
		got = waitBatch(t, s, b.ID, ImportCommitted)
		if got.Imported == 0 || countRows(t, d, `SELECT count(*) FROM persons`) != got.Imported {
			t.Errorf("import by a job: %+v", got)
		}
		if n := countRows(t, d, `SELECT count(*) FROM audit_events WHERE action = 'person.import'`); n != 1 {
			t.Errorf("audit events of the import: %d", n)
		}
	})
}

// TestImportJobResumes stops the job queue in the middle of an import, as
// a shutdown does: nothing is imported, the batch still says it is running
// and is not offered to be run again by hand, and the next queue finishes
// the import on its own.
func TestImportJobResumes(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := NewStore(d)
		q := jobQueue(t, d, s)
		b, err := s.CreateImport(system, "big.csv", genCSV(20000, 7), true)
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
			if p, ok := s.ImportProgress(b.ID); ok && p.Done > 0 {
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
			if _, running := s.ImportProgress(b.ID); !running {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("the cancelled import did not end")
			}
		}

		got, err := s.ImportBatch(system, b.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.State != ImportRunning || got.Interrupted() || got.Error != nil {
			t.Errorf("after the shutdown: state %s, interrupted %v, error %v", got.State, got.Interrupted(), got.Error)
		}
		if n := countRows(t, d, `SELECT count(*) FROM persons`); n != 0 {
			t.Fatalf("a cut-off import left %d persons", n)
		}

		startJobs(t, jobQueue(t, d, s))
		got = waitBatch(t, s, b.ID, ImportCommitted)
		if got.Imported < 18000 || countRows(t, d, `SELECT count(*) FROM persons`) != got.Imported {
			t.Errorf("resumed import: %+v", got)
		}
	})
}

func TestDuplicateScanJobs(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := NewStore(d)
		q := jobQueue(t, d, s)
		consultant := staff(t, d, access.Consultant)
		a := register(t, s, Input{Names: []Name{{Kind: NameAz, Surname: "Qasımova", Given: "Lalə"}}, BirthDate: "1991-02-03"})
		b := register(t, s, Input{Names: []Name{{Kind: NameCyrillic, Surname: "Гасымова", Given: "Лала"}}, BirthDate: "1991-02-03",
			DuplicateReason: "another office"})

		if last, pending, err := s.DuplicateScans(consultant); err != nil || last != nil || pending != nil {
			t.Fatalf("before any scan: %v, %v, %v", last, pending, err)
		}
		queued, err := s.QueueScan(consultant)
		if err != nil {
			t.Fatal(err)
		}
		// Asking again while it waits gives the same scan, not a second job.
		again, err := s.QueueScan(consultant)
		if err != nil || again.ID != queued.ID || countRows(t, d, `SELECT count(*) FROM river_job WHERE kind = 'duplicate_scan'`) != 1 {
			t.Errorf("second request: scan %d, want %d (%v)", again.ID, queued.ID, err)
		}
		if _, pending, err := s.DuplicateScans(consultant); err != nil || pending == nil || pending.ID != queued.ID {
			t.Errorf("pending scan: %+v, %v", pending, err)
		}
		if _, err := s.QueueScan(access.With(context.Background(), access.Principal{Role: access.Analyst, UserID: 1})); err == nil {
			t.Error("an analyst queued a scan")
		}

		startJobs(t, q)
		var last *DuplicateScan
		for deadline := time.Now().Add(time.Minute); ; time.Sleep(20 * time.Millisecond) {
			var pending *DuplicateScan
			if last, pending, err = s.DuplicateScans(consultant); err != nil {
				t.Fatal(err)
			}
			if pending == nil && last != nil {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("the queued scan did not end")
			}
		}
		if last.ID != queued.ID || last.Found != 1 || last.Compared == 0 || last.FinishedAt.IsZero() {
			t.Errorf("finished scan: %+v", last)
		}
		pairs, _, err := s.Pairs(consultant, "open", 1)
		if err != nil || len(pairs) != 1 || pairs[0].A.ID != a.ID || pairs[0].B.ID != b.ID {
			t.Errorf("pairs after the scan: %+v, %v", pairs, err)
		}
		if n := countRows(t, d, `SELECT count(*) FROM audit_events WHERE action = 'registry.duplicate_scan'`); n != 1 {
			t.Errorf("audit events of the scan: %d", n)
		}

		// The nightly job scans as the system and records a scan of its own.
		args, _ := NightlyScan()
		if err := (&ScanWorker{Store: s}).Work(context.Background(), &river.Job[ScanArgs]{Args: args.(ScanArgs)}); err != nil {
			t.Fatal(err)
		}
		if last, _, err = s.DuplicateScans(consultant); err != nil || last.ID == queued.ID || last.Found != 0 {
			t.Errorf("nightly scan: %+v, %v", last, err)
		}
	})
}
