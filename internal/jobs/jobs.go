// Package jobs runs background work as River jobs kept in the system's own
// database: a job is enqueued in the transaction of the change that asks
// for it, so it exists exactly when the change does, and a job cut off by
// a crash or a shutdown is run again. Features define their job arguments
// and workers; this package runs them.
package jobs

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"inteqra/internal/db"
)

// Config says what the queue runs.
type Config struct {
	// Workers may be added to until Start: a store that enqueues jobs is
	// built on the queue, and its worker is built on the store.
	Workers  *river.Workers
	Periodic []*river.PeriodicJob
	// Poll is how often idle workers look for new jobs: a second when zero.
	Poll time.Duration
}

// Queue enqueues jobs and, once started, works them.
type Queue struct {
	d      *db.DB
	client *river.Client[*sql.Tx]
}

// stuckAfter is how long a job may run before River takes it for the job
// of a dead node and runs it again: longer than the largest import.
const stuckAfter = 30 * time.Minute

// New builds the queue on d; it works jobs after Start.
func New(d *db.DB, cfg Config) (*Queue, error) {
	poll := cfg.Poll
	if poll == 0 {
		poll = time.Second
	}
	client, err := river.NewClient(d.JobDriver(), &river.Config{
		Queues:               map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 2}},
		Workers:              cfg.Workers,
		PeriodicJobs:         cfg.Periodic,
		FetchPollInterval:    poll,
		FetchCooldown:        min(poll, river.FetchCooldownDefault),
		RescueStuckJobsAfter: stuckAfter,
		Logger:               slog.New(quiet{slog.Default().Handler()}).With("component", "jobs"),
	})
	if err != nil {
		return nil, fmt.Errorf("jobs: %w", err)
	}
	return &Queue{d: d, client: client}, nil
}

// AddPeriodic adds a periodic job after New, for one that a setting turns
// on (the nightly backup); its worker must be added before Start.
func (q *Queue) AddPeriodic(job *river.PeriodicJob) { q.client.PeriodicJobs().Add(job) }

// Start works jobs until Stop or until ctx ends.
func (q *Queue) Start(ctx context.Context) error { return q.client.Start(ctx) }

// Stop lets running jobs finish for half the time ctx has left, then
// cancels them and waits for them to return: a cancelled job is run again
// later, and the long ones (an import) stop at their next chunk, so that
// the whole stop ends within ctx's time.
func (q *Queue) Stop(ctx context.Context) error {
	soft := ctx
	if deadline, ok := ctx.Deadline(); ok {
		var cancel context.CancelFunc
		soft, cancel = context.WithDeadline(ctx, time.Now().Add(time.Until(deadline)/2))
		defer cancel()
	}
	err := q.client.Stop(soft)
	if err != nil && soft.Err() != nil {
		hard := ctx
		if ctx.Err() != nil {
			var cancel context.CancelFunc
			hard, cancel = context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
			defer cancel()
		}
		return q.client.StopAndCancel(hard)
	}
	return err
}

// Enqueue adds a job in tx and returns its id.
func (q *Queue) Enqueue(ctx context.Context, tx *db.Tx, args river.JobArgs) (int64, error) {
	res, err := q.client.InsertTx(ctx, tx.SQL(), args, nil)
	if err != nil {
		return 0, fmt.Errorf("jobs: enqueue %s: %w", args.Kind(), err)
	}
	return res.Job.ID, nil
}

// Waiting reports whether job id is still to run or running. It reads from
// the read pool: on SQLite the writer may be held by that very job.
func (q *Queue) Waiting(ctx context.Context, id int64) (bool, error) {
	state, err := q.state(ctx, id)
	return state == rivertype.JobStateRunning || queued(state), err
}

// Args decodes the arguments of job id into args.
func (q *Queue) Args(ctx context.Context, id int64, args any) error {
	job, err := q.client.JobGet(ctx, id)
	if err == nil {
		err = json.Unmarshal(job.EncodedArgs, args)
	}
	if err != nil {
		return fmt.Errorf("jobs: arguments of %d: %w", id, err)
	}
	return nil
}

// Queued reports whether job id waits to run and is not running yet.
func (q *Queue) Queued(ctx context.Context, id int64) (bool, error) {
	state, err := q.state(ctx, id)
	return queued(state), err
}

func queued(state rivertype.JobState) bool {
	switch state {
	case rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRetryable, rivertype.JobStateScheduled:
		return true
	}
	return false
}

// state is the state of job id, "" when there is none.
func (q *Queue) state(ctx context.Context, id int64) (rivertype.JobState, error) {
	var state rivertype.JobState
	err := q.d.QueryRowContext(ctx, `SELECT state FROM river_job WHERE id = $1`, id).Scan(&state)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("jobs: state of %d: %w", id, err)
	}
	return state, nil
}

// quiet passes on River's warnings and errors only: its information
// (every client start and stop, every retry) would drown the server's own.
type quiet struct{ slog.Handler }

func (q quiet) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= slog.LevelWarn && q.Handler.Enabled(ctx, l)
}

func (q quiet) WithAttrs(as []slog.Attr) slog.Handler { return quiet{q.Handler.WithAttrs(as)} }
func (q quiet) WithGroup(name string) slog.Handler    { return quiet{q.Handler.WithGroup(name)} }

// baku is Azerbaijan's time, UTC+4 all year since 2016.
var baku = time.FixedZone("AZT", 4*60*60)

// Daily is a schedule for a periodic job: every day at hour:00 Baku time.
func Daily(hour int) river.PeriodicSchedule { return daily(hour) }

type daily int

func (h daily) Next(t time.Time) time.Time {
	t = t.In(baku)
	next := time.Date(t.Year(), t.Month(), t.Day(), int(h), 0, 0, 0, baku)
	if !next.After(t) {
		next = next.AddDate(0, 0, 1)
	}
	return next
}
