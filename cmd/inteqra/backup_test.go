package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"inteqra/internal/db"
)

func TestBackupCommands(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "live.db")
	files := filepath.Join(dir, "files")
	keyFile := path + "-audit.key"
	for _, args := range [][]string{
		{"migrate", "-db", path},
		{"user", "create", "-db", path, "-email", "admin@example.az", "-name", "Rəşad Əliyev", "-role", "admin"},
		{"audit", "checkpoint", "-db", path},
	} {
		if err := run(ctx, args); err != nil {
			t.Fatalf("%v: %v", args, err)
		}
	}
	if err := os.MkdirAll(filepath.Join(files, "cases"), 0o750); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(files, "cases", "note.pdf"), []byte("%PDF"), 0o600); err != nil {
		t.Fatal(err)
	}
	archives := filepath.Join(dir, "archives")
	if err := os.Mkdir(archives, 0o750); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := backupCommand(ctx, []string{"-db", path, "-files", files, "-o", archives}, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "1 files") || !strings.Contains(out.String(), "with the latest signed checkpoint") {
		t.Errorf("backup printed %q", out.String())
	}
	made, _ := filepath.Glob(filepath.Join(archives, "inteqra-*.tar.gz"))
	if len(made) != 1 {
		t.Fatalf("archives: %v", made)
	}
	archive := made[0]
	// Events signed after the backup: the local record beside the key now
	// lists a checkpoint the archive lacks.
	for _, args := range [][]string{
		{"user", "create", "-db", path, "-email", "second@example.az", "-name", "Leyla", "-role", "consultant"},
		{"audit", "checkpoint", "-db", path},
	} {
		if err := run(ctx, args); err != nil {
			t.Fatalf("%v: %v", args, err)
		}
	}
	damaged := filepath.Join(dir, "damaged.tar.gz")
	data, err := os.ReadFile(archive)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(damaged, data[:len(data)/2], 0o600); err != nil {
		t.Fatal(err)
	}
	newDB, newFiles := filepath.Join(dir, "new", "restored.db"), filepath.Join(dir, "new", "files")
	steps := []struct {
		args    []string
		wantErr string
		wantOut string
	}{
		{[]string{"backup", "-db", path}, "usage", ""},
		{[]string{"backup", "verify", archive, "-db", path}, "", "the audit chain of 1 events verifies"},
		{[]string{"backup", "verify", damaged, "-db", path}, "not valid", ""},
		{[]string{"backup", "verify", archive, "-db", path, "-audit-key-file", filepath.Join(dir, "missing.key")}, "audit key file", ""},
		{[]string{"restore", "-db", path}, "usage", ""},
		{[]string{"restore", archive, "-db", path, "-files", files}, "files folder exists", ""},
		{[]string{"restore", archive, "-db", path, "-files", filepath.Join(dir, "nothing")}, "target database exists", ""},
		{[]string{"restore", archive, "-db", newDB, "-files", newFiles}, "audit key file", ""},
		{[]string{"restore", archive, "-db", newDB, "-files", newFiles, "-audit-key-file", keyFile}, "", "until it is moved aside"},
	}
	for _, s := range steps {
		out.Reset()
		var err error
		if s.args[0] == "backup" {
			err = backupCommand(ctx, s.args[1:], &out)
		} else {
			err = restoreCommand(ctx, s.args[1:], &out)
		}
		switch {
		case s.wantErr == "" && err != nil:
			t.Errorf("%v: %v", s.args, err)
		case s.wantErr != "" && (err == nil || !strings.Contains(err.Error(), s.wantErr)):
			t.Errorf("%v: got %v, want an error mentioning %q", s.args, err, s.wantErr)
		case !strings.Contains(out.String(), s.wantOut):
			t.Errorf("%v: printed %q, want %q", s.args, out.String(), s.wantOut)
		}
	}
	d, err := db.Open(ctx, newDB)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var users int
	if err := d.QueryRowContext(ctx, `SELECT count(*) FROM users`).Scan(&users); err != nil || users != 1 {
		t.Errorf("restored users: %d, %v; want the 1 of the backup", users, err)
	}
	if b, err := os.ReadFile(filepath.Join(newFiles, "cases", "note.pdf")); err != nil || string(b) != "%PDF" {
		t.Errorf("restored file: %q, %v", b, err)
	}
}
