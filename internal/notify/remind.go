package notify

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/riverqueue/river"

	"inteqra/internal/access"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
)

// Reminder raises the reminders of a feature due on the day today: each
// with its Once key, so that it is raised once however often it runs.
type Reminder func(ctx context.Context, today time.Time) error

// OnRemind adds a feature's reminder to those the daily job runs.
func (s *Store) OnRemind(r Reminder) { s.reminders = append(s.reminders, r) }

// Remind runs every reminder for the day today, as the system; one that
// fails does not keep the others from running.
func (s *Store) Remind(ctx context.Context, today time.Time) error {
	ctx = access.With(ctx, access.System())
	var errs []error
	for _, r := range s.reminders {
		errs = append(errs, r(ctx, today))
	}
	return errors.Join(errs...)
}

// first reports whether the event with once is raised for the first time,
// recording it in tx: the reminders run daily, and on several nodes.
func first(ctx context.Context, tx *db.Tx, kind, once string) (bool, error) {
	res, err := tx.ExecContext(ctx, `INSERT INTO notify_once (kind, key, at) VALUES ($1, $2, $3) ON CONFLICT (kind, key) DO NOTHING`,
		kind, once, db.Now())
	if err != nil {
		return false, fmt.Errorf("notify: %s %s: %w", kind, once, err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// RemindHour is when the reminders go out, Baku time: the evening before a
// lesson.
const RemindHour = 18

// RemindArgs is the daily job that runs the reminders.
type RemindArgs struct{}

// Kind names the job.
func (RemindArgs) Kind() string { return "notify_remind" }

// PeriodicRemind is the daily reminders' periodic job.
func PeriodicRemind() (river.JobArgs, *river.InsertOpts) { return RemindArgs{}, nil }

// RemindWorker runs the reminders.
type RemindWorker struct {
	river.WorkerDefaults[RemindArgs]
	Store *Store
}

// Work runs the reminders of today in Baku.
func (w *RemindWorker) Work(ctx context.Context, _ *river.Job[RemindArgs]) error {
	return w.Store.Remind(ctx, i18n.DayOf(time.Now()))
}
