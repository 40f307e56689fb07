package people

import (
	"context"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"inteqra/internal/access"
	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"
	"inteqra/internal/jobs"
)

// storeWithJobs returns a store on d whose scans run as jobs in a queue
// that works them once the test starts it.
func storeWithJobs(t *testing.T, d *db.DB) (*Store, *jobs.Queue) {
	t.Helper()
	workers := river.NewWorkers()
	q, err := jobs.New(d, jobs.Config{Workers: workers, Poll: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	s := NewStore(d, q)
	river.AddWorker(workers, &ScanWorker{Store: s})
	return s, q
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

func TestDuplicateScanJobs(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, q := storeWithJobs(t, d)
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
		if err != nil || again.ID != queued.ID || dbtest.Count(t, d, `SELECT count(*) FROM river_job WHERE kind = 'duplicate_scan'`) != 1 {
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
		if n := dbtest.Count(t, d, `SELECT count(*) FROM audit_events WHERE action = 'registry.duplicate_scan'`); n != 1 {
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
