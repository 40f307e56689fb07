package backup

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/riverqueue/river"

	"inteqra/internal/db"
)

// Hour is when the scheduled backup runs each day, Baku time: after the
// duplicate scan (2:00) and the statistics' refresh (3:00), so the copy
// holds their results and does not compete with them.
const Hour = 4

// DefaultKeep is how many scheduled archives are kept when the setting
// does not say.
const DefaultKeep = 7

// Args are the arguments of the scheduled backup's job: none, for the
// folder and how many to keep are settings of the node (Worker).
type Args struct{}

// Kind names the job.
func (Args) Kind() string { return "backup" }

// Periodic is the job the daily backup is enqueued with.
func Periodic() (river.JobArgs, *river.InsertOpts) { return Args{}, nil }

// Worker writes a scheduled archive into Dir and deletes the oldest beyond
// Keep.
type Worker struct {
	river.WorkerDefaults[Args]
	DB      *db.DB
	Dir     string
	Keep    int
	Options Options
}

// Timeout lets the copy of a large database and its files finish.
func (*Worker) Timeout(*river.Job[Args]) time.Duration { return 2 * time.Hour }

// Work runs the scheduled backup.
func (w *Worker) Work(ctx context.Context, _ *river.Job[Args]) error {
	_, err := w.Run(ctx)
	return err
}

// Run writes an archive named by Name into Dir, then deletes the oldest
// archives beyond Keep; it returns the new archive's path. An archive that
// failed is never counted: only complete ones carry the final name.
func (w *Worker) Run(ctx context.Context) (string, error) {
	if err := os.MkdirAll(w.Dir, 0o750); err != nil {
		return "", fmt.Errorf("backup: %w", err)
	}
	path, m, err := Create(ctx, w.DB, w.Dir, w.Options)
	if err != nil {
		return "", err
	}
	slog.InfoContext(ctx, "backup written", "path", path, "tables", len(m.Tables), "members", len(m.Members), "audit_events", m.Audit.Events)
	deleted, err := Prune(w.Dir, w.Keep)
	for _, p := range deleted {
		slog.InfoContext(ctx, "old backup deleted", "path", p, "keep", w.Keep)
	}
	return path, err
}

// Prune deletes the oldest archives in dir (named by Name) beyond the
// newest keep, and returns the paths it deleted. Other files are left
// alone. keep below 1 keeps one.
func Prune(dir string, keep int) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("backup: prune: %w", err)
	}
	var names []string
	for _, e := range entries {
		if n := e.Name(); e.Type().IsRegular() && strings.HasPrefix(n, "inteqra-") && strings.HasSuffix(n, ".tar.gz") {
			names = append(names, n)
		}
	}
	slices.Sort(names) // the names sort by time
	var deleted []string
	for _, n := range names[:max(0, len(names)-max(keep, 1))] {
		p := filepath.Join(dir, n)
		if err := os.Remove(p); err != nil {
			return deleted, fmt.Errorf("backup: prune: %w", err)
		}
		deleted = append(deleted, p)
	}
	return deleted, nil
}
