package stats

import (
	"context"
	"errors"
	"time"

	"github.com/riverqueue/river"

	"inteqra/internal/access"
	"inteqra/internal/audit"
	"inteqra/internal/db"
	"inteqra/internal/jobs"
)

// RefreshArgs asks for the analytics table to be rebuilt.
type RefreshArgs struct {
	jobs.Requester
}

// Kind names the job.
func (RefreshArgs) Kind() string { return "statistics_refresh" }

// RefreshHour is the hour of the night (in Baku) at which the figures are
// rebuilt by themselves, as DHIS2 runs its analytics: at national scale a
// rebuild takes a minute or two (in short transactions, see Refresh). A
// user of the dashboards may ask for a refresh sooner.
const RefreshHour = 3

// PeriodicRefresh is the job the nightly refresh is enqueued with.
func PeriodicRefresh() (river.JobArgs, *river.InsertOpts) {
	return RefreshArgs{Requester: jobs.Requester{System: true}}, nil
}

// RequestRefresh asks for a refresh by a job, unless one is waiting
// already, and records when it was asked for: the dashboards say that new
// figures are on their way.
func (s *Store) RequestRefresh(ctx context.Context) error {
	if err := access.Require(ctx, access.ReadDashboards); err != nil {
		return err
	}
	if s.jobs == nil {
		return errors.New("stats: refresh: no job queue")
	}
	st, err := s.State(ctx)
	if err != nil || !st.RequestedAt.IsZero() {
		return err
	}
	return s.db.Transact(ctx, func(tx *db.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE stat_state SET requested_at = $1 WHERE id = 1`, db.Now()); err != nil {
			return err
		}
		if _, err := s.jobs.Enqueue(ctx, tx, RefreshArgs{Requester: jobs.RequesterFrom(ctx)}); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "statistics.refresh", "statistics", "")
	})
}

// RefreshWorker rebuilds the analytics table.
type RefreshWorker struct {
	river.WorkerDefaults[RefreshArgs]
	Store *Store
}

// Timeout lets a national-scale rebuild finish.
func (*RefreshWorker) Timeout(*river.Job[RefreshArgs]) time.Duration { return 30 * time.Minute }

// Work rebuilds the table.
func (w *RefreshWorker) Work(ctx context.Context, job *river.Job[RefreshArgs]) error {
	_, err := w.Store.Refresh(job.Args.Context(ctx))
	return err
}
