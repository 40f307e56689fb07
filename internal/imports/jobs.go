package imports

import (
	"context"
	"errors"
	"time"

	"github.com/riverqueue/river"

	"inteqra/internal/db"
	"inteqra/internal/jobs"
)

// Args asks for the dry run or the import a batch was queued for, on
// behalf of the user who asked.
type Args struct {
	BatchID int64 `json:"batch_id"`
	jobs.Requester
}

// Kind names the job.
func (Args) Kind() string { return "person_import" }

// QueueCheck starts the dry run of a batch as a job.
func (s *Store) QueueCheck(ctx context.Context, id int64) error {
	return s.queue(ctx, id, Checking, "", Uploaded, Checked, RolledBack)
}

// QueueImport starts the import of a batch in mode as a job. The batch's
// new state and the job are written in one transaction: the run is queued
// exactly when the batch says so.
func (s *Store) QueueImport(ctx context.Context, id int64, mode Mode) error {
	if mode != AllOrNothing && mode != ValidOnly {
		return errMode
	}
	return s.queue(ctx, id, Running, mode, Uploaded, Checked, RolledBack)
}

func (s *Store) queue(ctx context.Context, id int64, phase State, mode Mode, from ...State) error {
	if s.jobs == nil {
		return errors.New("imports: import jobs: no job queue")
	}
	b, err := s.Batch(ctx, id)
	if err != nil {
		return err
	}
	if err := s.refuseRepeat(ctx, b, phase); err != nil {
		return err
	}
	return s.db.Transact(ctx, func(tx *db.Tx) error {
		if err := claim(ctx, tx, b, phase, mode, from, s.now()); err != nil {
			return err
		}
		job, err := s.jobs.Enqueue(ctx, tx, Args{BatchID: id, Requester: jobs.RequesterFrom(ctx)})
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE import_batches SET job_id = $2 WHERE id = $1`, id, job); err != nil {
			return wrap("queue", err)
		}
		return nil
	})
}

// Worker carries out queued runs.
type Worker struct {
	river.WorkerDefaults[Args]
	Store *Store
}

// Timeout lets a run take as long as its file needs.
func (*Worker) Timeout(*river.Job[Args]) time.Duration { return -1 }

// Work runs the batch's dry run or import. The outcome, a failure
// included, is recorded in the batch; only a run cut off by a shutdown
// returns an error, so that River runs it again.
func (w *Worker) Work(ctx context.Context, job *river.Job[Args]) error {
	s := w.Store
	ctx = job.Args.Context(ctx)
	b, err := s.Batch(ctx, job.Args.BatchID)
	if err != nil {
		return err
	}
	if b.jobID != job.ID || (b.State != Checking && b.State != Running) {
		return nil // done, or queued again under another job
	}
	run, err := s.newRun(b, b.State, b.Mode)
	if errors.Is(err, ErrBusy) {
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
