package app_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"inteqra/internal/app"
	"inteqra/internal/backup"
	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"
	"inteqra/internal/storage"
)

// TestScheduledBackupRunsAsJob runs the job ScheduleBackups registers
// through the queue, as the nightly schedule would enqueue it.
func TestScheduledBackupRunsAsJob(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d := dbtest.SQLiteFile(t)
	a, err := app.New(d, "http://localhost", storage.NewFolder(t.TempDir()), app.NewKeys())
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "backups")
	a.ScheduleBackups(dir, 2, backup.Options{})
	if err := d.Transact(ctx, func(tx *db.Tx) error {
		args, _ := backup.Periodic()
		_, err := a.Jobs.Enqueue(ctx, tx, args)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if err := a.Jobs.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer a.Jobs.Stop(ctx)
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if made, _ := filepath.Glob(filepath.Join(dir, "inteqra-*.tar.gz")); len(made) == 1 {
			if _, _, err := backup.Check(ctx, made[0], a.Keys.Audit); err != nil {
				t.Errorf("the scheduled archive: %v", err)
			}
			return
		}
	}
	t.Fatal("no archive written by the scheduled job")
}
