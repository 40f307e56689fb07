package people

import (
	"context"
	"errors"
	"time"

	"github.com/riverqueue/river"

	"inteqra/internal/access"
	"inteqra/internal/audit"
	"inteqra/internal/db"
)

// Jobs is the background job queue (internal/jobs) as the registry uses it.
type Jobs interface {
	Enqueue(ctx context.Context, tx *db.Tx, args river.JobArgs) (int64, error)
	Waiting(ctx context.Context, id int64) (bool, error)
}

// UseJobs makes QueueCheck and QueueImport enqueue their runs in j.
func (s *Store) UseJobs(j Jobs) { s.jobs = j }

// ImportArgs asks for the dry run or the import a batch was queued for, on
// behalf of the user who asked.
type ImportArgs struct {
	BatchID int64            `json:"batch_id"`
	By      access.Principal `json:"by"`
	System  bool             `json:"system,omitempty"` // By is the system principal
	Client  audit.Client     `json:"client"`
}

func (a ImportArgs) principal() access.Principal {
	if a.System {
		return access.System()
	}
	return a.By
}

// Kind names the job.
func (ImportArgs) Kind() string { return "person_import" }

// QueueCheck starts the dry run of a batch as a job.
func (s *Store) QueueCheck(ctx context.Context, id int64) error {
	return s.queue(ctx, id, ImportChecking, "", ImportUploaded, ImportChecked, ImportRolledBack)
}

// QueueImport starts the import of a batch in mode as a job. The batch's
// new state and the job are written in one transaction: the run is queued
// exactly when the batch says so.
func (s *Store) QueueImport(ctx context.Context, id int64, mode ImportMode) error {
	if mode != AllOrNothing && mode != ValidOnly {
		return errImportMode
	}
	return s.queue(ctx, id, ImportRunning, mode, ImportUploaded, ImportChecked, ImportRolledBack)
}

func (s *Store) queue(ctx context.Context, id int64, phase ImportState, mode ImportMode, from ...ImportState) error {
	if s.jobs == nil {
		return errors.New("people: import jobs: no job queue")
	}
	b, err := s.ImportBatch(ctx, id)
	if err != nil {
		return err
	}
	return s.db.Transact(ctx, func(tx *db.Tx) error {
		if err := claim(ctx, tx, b, phase, mode, from, s.now()); err != nil {
			return err
		}
		by := access.From(ctx)
		job, err := s.jobs.Enqueue(ctx, tx, ImportArgs{BatchID: id, By: by, System: by.IsSystem(), Client: audit.ClientFrom(ctx)})
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE import_batches SET job_id = $2 WHERE id = $1`, id, job); err != nil {
			return wrapImport("queue", err)
		}
		return nil
	})
}

// ImportWorker carries out queued runs.
type ImportWorker struct {
	river.WorkerDefaults[ImportArgs]
	Store *Store
}

// Timeout lets a run take as long as its file needs.
func (*ImportWorker) Timeout(*river.Job[ImportArgs]) time.Duration { return -1 }

// Work runs the batch's dry run or import. The outcome, a failure
// included, is recorded in the batch; only a run cut off by a shutdown
// returns an error, so that River runs it again.
func (w *ImportWorker) Work(ctx context.Context, job *river.Job[ImportArgs]) error {
	s := w.Store
	ctx = audit.WithClient(access.With(ctx, job.Args.principal()), job.Args.Client)
	b, err := s.ImportBatch(ctx, job.Args.BatchID)
	if err != nil {
		return err
	}
	if b.jobID != job.ID || (b.State != ImportChecking && b.State != ImportRunning) {
		return nil // done, or queued again under another job
	}
	run, err := s.newRun(b, b.State, b.Mode)
	if errors.Is(err, ErrImportBusy) {
		return nil // a run of this batch is already under way here
	}
	if err != nil {
		return err
	}
	run.job = job.ID
	if _, err := run.Do(ctx, nil); err != nil && ctx.Err() != nil {
		return err
	}
	return nil
}
