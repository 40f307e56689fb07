package people

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/riverqueue/river"

	"inteqra/internal/access"
	"inteqra/internal/db"
	"inteqra/internal/jobs"
)

// DuplicateScan is a registry-wide duplicate scan, asked for or done.
type DuplicateScan struct {
	ID          int64
	RequestedAt time.Time
	FinishedAt  time.Time // zero while the scan waits or runs
	ScanResult
}

// ScanArgs asks for a duplicate scan: the one queued as ScanID, or a new
// one (the nightly scan) when it is 0.
type ScanArgs struct {
	ScanID int64 `json:"scan_id,omitempty"`
	jobs.Requester
}

// Kind names the job.
func (ScanArgs) Kind() string { return "duplicate_scan" }

// NightlyScan is the job the nightly scan is enqueued with.
func NightlyScan() (river.JobArgs, *river.InsertOpts) {
	return ScanArgs{Requester: jobs.Requester{System: true}}, nil
}

// QueueScan asks for a scan of the whole registry by a job, unless one is
// waiting or running already, and returns the scan that will answer.
func (s *Store) QueueScan(ctx context.Context) (DuplicateScan, error) {
	if err := access.Require(ctx, access.MergePeople); err != nil {
		return DuplicateScan{}, err
	}
	if s.jobs == nil {
		return DuplicateScan{}, errors.New("people: duplicate scan: no job queue")
	}
	_, pending, err := s.DuplicateScans(ctx)
	if err != nil || pending != nil {
		return derefScan(pending), err
	}
	scan := DuplicateScan{RequestedAt: s.now()}
	err = s.db.Transact(ctx, func(tx *db.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO duplicate_scans (requested_by, requested_at) VALUES ($1, $2) RETURNING id`,
			db.NullID(access.From(ctx).UserID), scan.RequestedAt).Scan(&scan.ID)
		if err != nil {
			return fmt.Errorf("people: queue scan: %w", err)
		}
		job, err := s.jobs.Enqueue(ctx, tx, ScanArgs{ScanID: scan.ID, Requester: jobs.RequesterFrom(ctx)})
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE duplicate_scans SET job_id = $2 WHERE id = $1`, scan.ID, job)
		return err
	})
	return scan, err
}

func derefScan(p *DuplicateScan) DuplicateScan {
	if p == nil {
		return DuplicateScan{}
	}
	return *p
}

// DuplicateScans returns the last finished scan and the one waiting or
// running, either nil when there is none.
func (s *Store) DuplicateScans(ctx context.Context) (last, pending *DuplicateScan, err error) {
	if err := access.Require(ctx, access.MergePeople); err != nil {
		return nil, nil, err
	}
	var sc DuplicateScan
	var finished nullTime
	err = s.db.QueryRowContext(ctx, `SELECT id, requested_at, finished_at, blocks, compared, found FROM duplicate_scans
		WHERE finished_at IS NOT NULL ORDER BY finished_at DESC, id DESC LIMIT 1`).
		Scan(&sc.ID, &sc.RequestedAt, &finished, &sc.Blocks, &sc.Compared, &sc.Found)
	switch {
	case err == nil:
		sc.FinishedAt = finished.utc()
		last = &sc
	case !errors.Is(err, sql.ErrNoRows):
		return nil, nil, fmt.Errorf("people: last scan: %w", err)
	}
	var p DuplicateScan
	var job sql.NullInt64
	err = s.db.QueryRowContext(ctx, `SELECT id, requested_at, job_id FROM duplicate_scans WHERE finished_at IS NULL ORDER BY id DESC LIMIT 1`).
		Scan(&p.ID, &p.RequestedAt, &job)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && s.jobs == nil) {
		return last, nil, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("people: pending scan: %w", err)
	}
	if waiting, err := s.jobs.Waiting(ctx, job.Int64); err != nil || !waiting {
		return last, nil, err // a scan whose job was given up on is not pending
	}
	return last, &p, nil
}

// recordScan writes the outcome of scan id, or of a new scan when id is 0.
func recordScan(ctx context.Context, tx *db.Tx, id int64, res ScanResult, now time.Time) error {
	var err error
	if id == 0 {
		_, err = tx.ExecContext(ctx, `INSERT INTO duplicate_scans (requested_by, requested_at, finished_at, blocks, compared, found)
			VALUES ($1, $2, $2, $3, $4, $5)`, db.NullID(access.From(ctx).UserID), now, res.Blocks, res.Compared, res.Found)
	} else {
		_, err = tx.ExecContext(ctx, `UPDATE duplicate_scans SET finished_at = $2, blocks = $3, compared = $4, found = $5 WHERE id = $1`,
			id, now, res.Blocks, res.Compared, res.Found)
	}
	if err != nil {
		return fmt.Errorf("people: record scan: %w", err)
	}
	return nil
}

// ScanWorker carries out duplicate scans.
type ScanWorker struct {
	river.WorkerDefaults[ScanArgs]
	Store *Store
}

// Timeout lets a scan of a large registry finish: a million persons take
// about half a minute.
func (*ScanWorker) Timeout(*river.Job[ScanArgs]) time.Duration { return 30 * time.Minute }

// Work scans the registry, unless the queued scan is done already (a job
// run again after its commit).
func (w *ScanWorker) Work(ctx context.Context, job *river.Job[ScanArgs]) error {
	a := job.Args
	ctx = a.Context(ctx)
	if a.ScanID != 0 {
		var done bool
		if err := w.Store.db.QueryRowContext(ctx, `SELECT finished_at IS NOT NULL FROM duplicate_scans WHERE id = $1`, a.ScanID).Scan(&done); err != nil || done {
			return err
		}
	}
	_, err := w.Store.scanDuplicates(ctx, a.ScanID)
	return err
}
