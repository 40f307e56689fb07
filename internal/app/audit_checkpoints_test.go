package app_test

import (
	"bytes"
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	"inteqra/internal/access"
	"inteqra/internal/app"
	"inteqra/internal/audit"
	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"
	"inteqra/internal/demo"
	"inteqra/internal/storage"
)

// TestServerWillNotSignBehindItsRecord: someone who can write the database
// deletes the checkpoints and lets the server sign again. The server keeps
// a record of what it signed beside the key; it refuses, logs the problem
// once (not at every poll), and verify names the record.
//
// Not parallel: it reads the default logger.
func TestServerWillNotSignBehindItsRecord(t *testing.T) {
	keys := app.NewKeys()
	keys.AuditRecord = filepath.Join(t.TempDir(), "inteqra-audit.key.checkpoints")
	a, err := app.New(dbtest.SQLite(t), "http://localhost", storage.NewFolder(t.TempDir()), keys)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := demo.Seed(ctx, a); err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	defer slog.SetDefault(slog.Default())
	slog.SetDefault(slog.New(slog.NewTextHandler(&logs, nil)))

	a.SignAudit(ctx)
	sys := access.With(ctx, access.System())
	signed, err := a.Audit.LatestCheckpoint(sys)
	if err != nil {
		t.Fatalf("the first checkpoint of a new installation: %v", err)
	}
	for _, stmt := range []string{`DROP TRIGGER audit_checkpoints_no_delete`, `DELETE FROM audit_checkpoints`} {
		if _, err := a.DB.ExecContext(ctx, stmt); err != nil {
			t.Fatal(err)
		}
	}
	if err := a.DB.Transact(sys, func(tx *db.Tx) error { return audit.Record(sys, tx, "user.update", "user", "1") }); err != nil {
		t.Fatal(err)
	}
	for range 3 { // three polls of the server
		a.SignAudit(ctx)
	}
	if c, err := a.Audit.LatestCheckpoint(sys); err == nil {
		t.Errorf("the server signed %+v over a database behind its record", c)
	}
	if n := strings.Count(logs.String(), "audit chain not signed"); n != 1 {
		t.Errorf("logged the refusal %d times, want once:\n%s", n, logs.String())
	}
	if !strings.Contains(logs.String(), keys.AuditRecord) {
		t.Errorf("the log does not name the record %s:\n%s", keys.AuditRecord, logs.String())
	}
	v, err := a.Audit.Verify(sys)
	if err != nil || v.OK() || !strings.Contains(v.Reason, "the local record "+keys.AuditRecord) || v.BrokenAt != signed.Events {
		t.Errorf("Verify = %+v, %v; want broken at event %d, naming the local record", v, err, signed.Events)
	}
}
