package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"inteqra/internal/config"
	"inteqra/internal/db"
)

func TestCommands(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "cli.db")
	steps := []struct {
		args    []string
		wantErr string
	}{
		{[]string{"migrate", "-db", path}, ""},
		{[]string{"user", "create", "-db", path, "-email", "Admin@Example.az", "-name", "Rəşad Əliyev", "-role", "admin"}, ""},
		{[]string{"user", "create", "-db", path, "-email", "admin@example.az", "-name", "Again", "-role", "admin"}, "already exists"},
		{[]string{"user", "create", "-db", path, "-email", "x@example.az", "-name", "X", "-role", "king"}, "role"},
		{[]string{"audit", "checkpoint", "-db", path}, ""},
		{[]string{"audit", "verify", "-db", path}, ""},
		// Without its key file verify refuses rather than print OK.
		{[]string{"audit", "verify", "-db", path, "-audit-key-file", filepath.Join(t.TempDir(), "missing.key")}, "audit key file"},
		{[]string{"version"}, ""},
		{[]string{"frobnicate"}, "unknown command"},
	}
	for _, s := range steps {
		err := run(ctx, s.args)
		switch {
		case s.wantErr == "" && err != nil:
			t.Errorf("%v: %v", s.args, err)
		case s.wantErr != "" && (err == nil || !strings.Contains(err.Error(), s.wantErr)):
			t.Errorf("%v: got %v, want an error mentioning %q", s.args, err, s.wantErr)
		}
	}
	// A copy of the latest checkpoint, kept elsewhere by the operator.
	var line bytes.Buffer
	if err := auditCheckpoint(ctx, []string{"-db", path}, &line); err != nil {
		t.Fatal(err)
	}
	kept := filepath.Join(t.TempDir(), "kept-checkpoints")
	if err := os.WriteFile(kept, line.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := run(ctx, []string{"audit", "verify", "-db", path, "-checkpoint", kept}); err != nil {
		t.Errorf("verify against the kept copy: %v", err)
	}
	// Another installation (other.db, empty) makes its own key at first
	// start; this database's checkpoints do not verify with it.
	other := filepath.Join(t.TempDir(), "other.key")
	if err := run(ctx, []string{"audit", "checkpoint", "-db", filepath.Join(t.TempDir(), "other.db"), "-audit-key-file", other}); err == nil {
		t.Error("checkpoint of an empty log: want an error")
	}
	if err := run(ctx, []string{"audit", "verify", "-db", path, "-audit-key-file", other}); err == nil || !strings.Contains(err.Error(), "broken") {
		t.Errorf("verify with another installation's key: got %v, want broken", err)
	}

	// Tamper with the log behind the application's back: verify must fail.
	d, err := db.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	for _, stmt := range []string{`DROP TRIGGER audit_events_no_update`, `UPDATE audit_events SET actor = 'someone' WHERE seq = 1`} {
		if _, err := d.ExecContext(ctx, stmt); err != nil {
			t.Fatal(err)
		}
	}
	if err := run(ctx, []string{"audit", "verify", "-db", path}); err == nil || !strings.Contains(err.Error(), "broken at event 1") {
		t.Errorf("verify after tampering: got %v, want broken at event 1", err)
	}
}

// TestVerifyWritesNothing: a verifier distrusts the database, so it neither
// writes to it (sealing a plain TOTP secret is a write) nor makes key files.
func TestVerifyWritesNothing(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "inteqra.db")
	for _, args := range [][]string{
		{"user", "create", "-db", path, "-email", "admin@example.az", "-name", "Rəşad Əliyev", "-role", "admin"},
		{"audit", "checkpoint", "-db", path},
	} {
		if err := run(ctx, args); err != nil {
			t.Fatalf("%v: %v", args, err)
		}
	}
	const plain = "JBSWY3DPEHPK3PXP" // as a database from before sealing holds it
	d, err := db.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if _, err := d.ExecContext(ctx, `UPDATE users SET totp_secret = $1`, plain); err != nil {
		t.Fatal(err)
	}
	keyFiles := func() []string {
		t.Helper()
		found, err := filepath.Glob(filepath.Join(dir, "*.key"))
		if err != nil {
			t.Fatal(err)
		}
		return found
	}
	secretKey := path + "-secret.key"
	if err := os.Remove(secretKey); err != nil {
		t.Fatal(err)
	}
	if err := run(ctx, []string{"audit", "verify", "-db", path}); err != nil {
		t.Errorf("verify with the audit key: %v", err)
	}
	if _, err := os.Stat(secretKey); err == nil {
		t.Errorf("verify made the secret key file %s", secretKey)
	}
	var stored string
	if err := d.QueryRowContext(ctx, `SELECT totp_secret FROM users`).Scan(&stored); err != nil || stored != plain {
		t.Errorf("after verify the TOTP secret is %q, %v; want it left as it was, %q: verify must not write", stored, err, plain)
	}

	// Without any key file, verify refuses and makes none.
	if err := os.Remove(path + "-audit.key"); err != nil {
		t.Fatal(err)
	}
	if err := run(ctx, []string{"audit", "verify", "-db", path}); err == nil || !strings.Contains(err.Error(), "audit key file") {
		t.Errorf("verify without key files: got %v, want an error naming the audit key file", err)
	}
	if found := keyFiles(); len(found) != 0 {
		t.Errorf("verify without key files left %v behind", found)
	}
}

// TestCommandsHoldTheDatabaseToTheRecord: audit checkpoint keeps a record
// beside the key; once someone who can write the database deletes the
// checkpoints, neither audit checkpoint signs again nor verify passes.
func TestCommandsHoldTheDatabaseToTheRecord(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "inteqra.db")
	for _, args := range [][]string{
		{"user", "create", "-db", path, "-email", "admin@example.az", "-name", "Rəşad Əliyev", "-role", "admin"},
		{"audit", "checkpoint", "-db", path},
		{"audit", "verify", "-db", path},
	} {
		if err := run(ctx, args); err != nil {
			t.Fatalf("%v: %v", args, err)
		}
	}
	record, err := os.ReadFile(path + "-audit.key.checkpoints")
	if err != nil || bytes.Count(record, []byte("\n")) != 1 {
		t.Fatalf("local record after audit checkpoint: %q, %v; want one line", record, err)
	}
	d, err := db.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	for _, stmt := range []string{`DROP TRIGGER audit_checkpoints_no_delete`, `DELETE FROM audit_checkpoints`} {
		if _, err := d.ExecContext(ctx, stmt); err != nil {
			t.Fatal(err)
		}
	}
	if err := run(ctx, []string{"user", "create", "-db", path, "-email", "x@example.az", "-name", "X Y", "-role", "admin"}); err != nil {
		t.Fatal(err)
	}
	if err := run(ctx, []string{"audit", "checkpoint", "-db", path}); err == nil || !strings.Contains(err.Error(), "local record") {
		t.Errorf("audit checkpoint after the checkpoints were deleted: got %v, want a refusal naming the local record", err)
	}
	if err := run(ctx, []string{"audit", "verify", "-db", path}); err == nil || !strings.Contains(err.Error(), "broken") {
		t.Errorf("audit verify after the checkpoints were deleted: got %v, want broken", err)
	}
}

// TestFreshDemoRecord: the demo on a database file that is not there yet
// moves the old checkpoint record aside (a newcomer starting over); on an
// existing database it leaves the record alone.
func TestFreshDemoRecord(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cfg := config.Config{DB: filepath.Join(dir, "inteqra.db"), Files: filepath.Join(dir, "files")}
	record := cfg.CheckpointRecord()
	if err := os.WriteFile(record, []byte("{}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 2, 8, 0, 0, 0, time.UTC)
	if err := freshDemoRecord(cfg, now); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(record); !os.IsNotExist(err) {
		t.Errorf("the record is still in place for a new database: %v", err)
	}
	if _, err := os.Stat(record + ".before-20261202T080000Z"); err != nil {
		t.Errorf("the old record was not kept aside: %v", err)
	}
	if err := os.WriteFile(cfg.DB, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(record, []byte("{}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := freshDemoRecord(cfg, now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(record); err != nil {
		t.Errorf("the record of an existing database was moved: %v", err)
	}
}
