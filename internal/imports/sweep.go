package imports

import (
	"context"

	"inteqra/internal/db"
)

// Sweep looks for the batches whose run was cut off with its process (see
// Batch.Interrupted). A run a job carried out, on a node that died, is
// queued again for the user who asked for it, to go on from its last
// committed chunk on whichever node takes the job: its file is kept. Any
// other (the command line's) is marked interrupted, for a user to resume
// or discard; a dry run cut off goes back to uploaded, as it changed
// nothing. Every node sweeps at start and then now and again (app.Serve);
// the update that takes a batch is conditional on its state and its
// stale heartbeat, so two nodes never both take one.
func (s *Store) Sweep(ctx context.Context) (requeued, marked int, err error) {
	if err := requireImport(ctx); err != nil {
		return 0, 0, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+batchColumns+` FROM import_batches WHERE state IN ($1, $2)`, Checking, Running)
	list, err := db.Collect(rows, err, func(r db.Scanner) (Batch, error) { return s.scanBatch(r) })
	if err != nil {
		return 0, 0, wrap("running batches", err)
	}
	for _, b := range list {
		if err := s.withJob(ctx, &b); err != nil {
			return requeued, marked, err
		}
		if !b.Interrupted() {
			continue
		}
		took := false
		if b.jobID != 0 && b.HasFile && s.jobs != nil {
			took, err = s.requeue(ctx, b)
			if took {
				requeued++
			}
		} else {
			took, err = s.markInterrupted(ctx, b)
			if took {
				marked++
			}
		}
		if err != nil {
			return requeued, marked, err
		}
	}
	return requeued, marked, nil
}

// requeue queues batch b's run again under a new job, for the requester of
// the job that was cut off.
func (s *Store) requeue(ctx context.Context, b Batch) (bool, error) {
	var args Args
	if err := s.jobs.Args(ctx, b.jobID, &args); err != nil {
		return false, err
	}
	took := false
	err := s.db.Transact(ctx, func(tx *db.Tx) error {
		var err error
		if took, err = s.takeStale(ctx, tx, b, `updated_at = $4`, s.now()); err != nil || !took {
			return err // or another node took it
		}
		job, err := s.jobs.Enqueue(ctx, tx, Args{BatchID: b.ID, Requester: args.Requester})
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE import_batches SET job_id = $2 WHERE id = $1`, b.ID, job)
		return err
	})
	if err != nil {
		return false, wrap("queue again", err)
	}
	return took, nil
}

// markInterrupted records that batch b's run was cut off.
func (s *Store) markInterrupted(ctx context.Context, b Batch) (bool, error) {
	to, key := Interrupted, "import.error.interrupted"
	if b.State == Checking {
		to = Uploaded
	}
	took := false
	err := s.db.Transact(ctx, func(tx *db.Tx) error {
		var err error
		took, err = s.takeStale(ctx, tx, b, `state = $4, error_key = $5, error_args = ''`, to, key)
		return err
	})
	if err != nil {
		return false, wrap("mark interrupted", err)
	}
	return took, nil
}

// takeStale sets what set says on batch b, in tx, if b is still in the
// state it was read in and its heartbeat is stale, and reports whether it
// did: of two nodes sweeping at once, one takes the batch. set's
// parameters start at $4.
func (s *Store) takeStale(ctx context.Context, tx *db.Tx, b Batch, set string, args ...any) (bool, error) {
	res, err := tx.ExecContext(ctx, `UPDATE import_batches SET `+set+` WHERE id = $1 AND state = $2 AND updated_at < $3`,
		append([]any{b.ID, b.State, s.now().Add(-staleAfter)}, args...)...)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}
