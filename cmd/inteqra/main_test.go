package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

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
		{[]string{"audit", "verify", "-db", path}, ""},
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
