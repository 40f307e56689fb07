package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"inteqra/internal/db/dbtest"
)

// TestMigrateDataCommand moves a SQLite installation to PostgreSQL as
// docs/OPERATIONS.md tells the operator to: migrate-data, then the key
// files copied as it says; audit verify then passes on PostgreSQL with the
// files folder the server will use.
func TestMigrateDataCommand(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	file := filepath.Join(dir, "inteqra.db")
	for _, args := range [][]string{
		{"migrate-data", "-from", file},
		{"migrate-data", "-from", "postgres://x/y", "-to", "postgres://x/z"},
		{"migrate-data", "-from", file, "-to", "postgres://127.0.0.1:1/none"},
	} {
		if err := run(ctx, args); err == nil {
			t.Errorf("%v: want an error", args)
		}
	}
	if _, err := os.Stat(file); err == nil {
		t.Fatal("a refused migrate-data created the SQLite file")
	}

	dsn := dbtest.PostgresDSN(t) // skips without INTEQRA_TEST_POSTGRES
	for _, args := range [][]string{
		{"migrate", "-db", file},
		{"user", "create", "-db", file, "-email", "admin@example.az", "-name", "Rəşad Əliyev", "-role", "admin"},
		{"audit", "checkpoint", "-db", file},
	} {
		if err := run(ctx, args); err != nil {
			t.Fatalf("%v: %v", args, err)
		}
	}
	pgFiles := filepath.Join(dir, "pg-files")
	var out bytes.Buffer
	if err := migrateData(ctx, []string{"-from", file, "-to", dsn, "-files", pgFiles}, &out); err != nil {
		t.Fatalf("migrate-data: %v\n%s", err, out.String())
	}
	t.Log(out.String())
	if !strings.Contains(out.String(), "audit chain on the target") {
		t.Errorf("no audit check reported:\n%s", out.String())
	}
	moves := regexp.MustCompile(`(?m)^  cp -p (\S+) (\S+)$`).FindAllStringSubmatch(out.String(), -1)
	if len(moves) != 3 {
		t.Fatalf("%d key files to copy, want 3:\n%s", len(moves), out.String())
	}
	if err := os.MkdirAll(pgFiles, 0o700); err != nil {
		t.Fatal(err)
	}
	for _, m := range moves {
		if !strings.HasPrefix(m[1], file) || !strings.HasPrefix(m[2], pgFiles+string(filepath.Separator)) {
			t.Errorf("copy %s to %s: want from beside %s into %s", m[1], m[2], file, pgFiles)
		}
		b, err := os.ReadFile(m[1])
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(m[2], b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := run(ctx, []string{"audit", "verify", "-db", dsn, "-files", pgFiles}); err != nil {
		t.Errorf("audit verify on PostgreSQL with the copied keys: %v", err)
	}
	// A second copy into the same database is refused without -force.
	if err := migrateData(ctx, []string{"-from", file, "-to", dsn, "-files", pgFiles}, &out); err == nil || !strings.Contains(err.Error(), "-force") {
		t.Errorf("second migrate-data: %v, want a refusal naming -force", err)
	}
}
