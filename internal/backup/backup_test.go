package backup_test

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/audit"
	"inteqra/internal/backup"
	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"
	"inteqra/internal/orgs"
)

var (
	key    = ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, ed25519.SeedSize))
	admin  = access.With(context.Background(), access.Principal{UserID: 1, Email: "admin@example.az", Role: access.Admin})
	system = access.With(context.Background(), access.System())
)

// source is a database of either dialect with some organisations, a
// signed checkpoint, and a files folder; target names an empty place of
// the same dialect to restore into.
type source struct {
	d      *db.DB
	files  string
	target func(t *testing.T) string
}

func sources(t *testing.T, fn func(t *testing.T, s source)) {
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		fn(t, prepare(t, dbtest.SQLiteFile(t), func(t *testing.T) string { return filepath.Join(t.TempDir(), "restored.db") }))
	})
	if os.Getenv(dbtest.EnvPostgres) != "" {
		t.Run("postgres", func(t *testing.T) {
			t.Parallel()
			for _, tool := range []string{"pg_dump", "pg_restore"} {
				found, _ := filepath.Glob("/usr/lib/postgresql/*/bin/" + tool)
				if _, err := exec.LookPath(tool); err != nil && len(found) == 0 {
					t.Skipf("%s is not installed (neither on PATH nor in /usr/lib/postgresql/*/bin): the PostgreSQL backup is not tested", tool)
				}
			}
			fn(t, prepare(t, dbtest.Postgres(t), emptyPostgres))
		})
	}
}

func prepare(t *testing.T, d *db.DB, target func(t *testing.T) string) source {
	t.Helper()
	s := orgs.NewStore(d)
	for i := range 5 {
		if _, err := s.CreateOrganisation(admin, orgs.Input{Name: fmt.Sprintf("Təşkilat %d", i), Kind: orgs.NGO, Active: true}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := audit.NewStore(d, key).WriteCheckpoint(system); err != nil {
		t.Fatal(err)
	}
	files := filepath.Join(t.TempDir(), "files")
	for name, text := range map[string]string{"cases/a1/doc.pdf": "%PDF-1.7 a document", "minutes/2026.pdf": "minutes", "inteqra-audit.key": "secret"} {
		p := filepath.Join(files, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o750); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return source{d: d, files: files, target: target}
}

var restoreDBs atomic.Int64

// emptyPostgres creates an empty database on the test server and returns
// its DSN.
func emptyPostgres(t *testing.T) string {
	t.Helper()
	dsn := os.Getenv(dbtest.EnvPostgres)
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	name := fmt.Sprintf("inteqra_restore_%d_%d", os.Getpid(), restoreDBs.Add(1))
	for _, stmt := range []string{"DROP DATABASE IF EXISTS " + name, "CREATE DATABASE " + name} {
		if _, err := admin.Exec(stmt); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() {
		if a, err := sql.Open("pgx", dsn); err == nil {
			_, _ = a.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
			a.Close()
		}
	})
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

// TestBackupUnderWriteLoad backs up while organisations are being created,
// each with its audit event in one transaction, restores the archive into
// a new place and compares it table by table with the source as it was at
// the copy's snapshot.
func TestBackupUnderWriteLoad(t *testing.T) {
	t.Parallel()
	sources(t, func(t *testing.T, s source) {
		ctx := context.Background()
		stop := make(chan struct{})
		var wg sync.WaitGroup
		var written atomic.Int64
		wg.Go(func() {
			st := orgs.NewStore(s.d)
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				if _, err := st.CreateOrganisation(admin, orgs.Input{Name: fmt.Sprintf("Yük %d", i), Kind: orgs.Employer, Active: true}); err != nil {
					t.Error(err)
					return
				}
				written.Add(1)
			}
		})
		// Let the writer get going, so the copy is made between writes.
		for deadline := time.Now().Add(10 * time.Second); written.Load() < 20 && time.Now().Before(deadline); {
			time.Sleep(time.Millisecond)
		}
		path, m, err := backup.Create(ctx, s.d, t.TempDir(), backup.Options{Files: s.files, Exclude: []string{filepath.Join(s.files, "inteqra-audit.key")}, Version: "test"})
		before, deadline := written.Load(), time.Now().Add(10*time.Second)
		for written.Load() < before+20 && err == nil && time.Now().Before(deadline) {
			time.Sleep(time.Millisecond)
		}
		close(stop)
		wg.Wait()
		if err != nil {
			t.Fatal(err)
		}
		if got, want := filepath.Base(path), backup.Name(m.Created); got != want {
			t.Errorf("archive name: got %s, want %s", got, want)
		}
		orgsAtCopy := m.Tables["organisations"]
		var orgsNow int64
		if err := s.d.QueryRowContext(ctx, `SELECT count(*) FROM organisations`).Scan(&orgsNow); err != nil {
			t.Fatal(err)
		}
		if orgsAtCopy <= 5 || orgsAtCopy >= orgsNow {
			t.Fatalf("the copy holds %d organisations, the source %d now: want a copy made during the writes", orgsAtCopy, orgsNow)
		}
		if m.Audit.Events != orgsAtCopy || len(m.Audit.Checkpoint) == 0 {
			t.Errorf("manifest audit: %d events and checkpoint %q, want %d events (one per organisation) and the checkpoint", m.Audit.Events, m.Audit.Checkpoint, orgsAtCopy)
		}
		if _, ok := m.Members["files/cases/a1/doc.pdf"]; !ok {
			t.Errorf("members %v: want files/cases/a1/doc.pdf", m.Members)
		}
		if _, ok := m.Members["files/inteqra-audit.key"]; ok {
			t.Error("the audit key is in the archive")
		}

		target := backup.Target{DB: s.target(t), Files: filepath.Join(t.TempDir(), "files"), AuditKey: key}
		r, err := backup.Restore(ctx, path, target)
		if err != nil {
			t.Fatal(err)
		}
		if r.Verification.Checked != m.Audit.Events || r.Verification.Kept != 1 {
			t.Errorf("verification: %+v, want %d events checked and the manifest's checkpoint", r.Verification, m.Audit.Events)
		}
		restored, err := db.Open(ctx, target.DB)
		if err != nil {
			t.Fatal(err)
		}
		defer restored.Close()
		counts, err := db.CountRows(ctx, restored)
		if err != nil {
			t.Fatal(err)
		}
		if len(counts) != len(m.Tables) {
			t.Errorf("restored %d tables, manifest %d", len(counts), len(m.Tables))
		}
		// Rows written after the copy are left out of the source's side:
		// ids and sequence numbers grow in commit order with one writer.
		after := map[string]string{
			"organisations": fmt.Sprintf("id <= %d", orgsAtCopy),
			"audit_events":  fmt.Sprintf("seq <= %d", m.Audit.Events),
			"audit_head":    "1 = 0", // compared through the chain below
		}
		for table, n := range counts {
			if n != m.Tables[table] {
				t.Errorf("%s: restored %d rows, manifest %d", table, n, m.Tables[table])
			}
			where := after[table]
			if strings.HasPrefix(table, "river_") {
				continue // the queue's own bookkeeping moves on its own
			}
			if where == "" {
				where = "1 = 1"
			}
			if got, want := tableHash(t, restored, table, "1 = 1"), tableHash(t, s.d, table, where); table != "audit_head" && got != want {
				t.Errorf("%s: restored content differs from the source's at the copy", table)
			}
		}
		events, head, err := audit.Head(ctx, restored)
		if err != nil {
			t.Fatal(err)
		}
		var want string
		if err := s.d.QueryRowContext(ctx, `SELECT hash FROM audit_events WHERE seq = $1`, events).Scan(&want); err != nil || head != want {
			t.Errorf("restored head %d %s, source's event %d has %s (%v)", events, head, events, want, err)
		}
		v, err := audit.NewStore(restored, key).Verify(system)
		if err != nil || !v.OK() {
			t.Errorf("audit verify on the restored database: %+v, %v", v, err)
		}
		doc, err := os.ReadFile(filepath.Join(target.Files, "cases", "a1", "doc.pdf"))
		if err != nil || string(doc) != "%PDF-1.7 a document" {
			t.Errorf("restored file: %q, %v", doc, err)
		}
		if _, err := os.Stat(filepath.Join(target.Files, "inteqra-audit.key")); err == nil {
			t.Error("the audit key was restored from the archive")
		}
	})
}

// tableHash hashes the rows of table that meet where, in a fixed order, so
// that two databases with the same content give the same hash.
func tableHash(t *testing.T, d *db.DB, table, where string) string {
	t.Helper()
	rows, err := d.QueryContext(context.Background(), `SELECT * FROM `+db.QuoteTable(table)+` WHERE `+where)
	if err != nil {
		t.Fatalf("%s: %v", table, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		for i, v := range vals {
			if tm, ok := v.(time.Time); ok {
				vals[i] = tm.UTC().Format(time.RFC3339Nano)
			}
		}
		lines = append(lines, fmt.Sprintf("%q", vals))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	slices.Sort(lines)
	sum := sha256.Sum256([]byte(strings.Join(lines, "\n")))
	return hex.EncodeToString(sum[:])
}

// rewrite copies the archive at path to a new one, passing each member
// through change (which may alter its bytes), and returns the new path.
func rewrite(t *testing.T, path string, change func(name string, data []byte) []byte) string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "changed.tar.gz")
	w, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	zw := gzip.NewWriter(w)
	tw := tar.NewWriter(zw)
	tr := tar.NewReader(gz)
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		data = change(hdr.Name, data)
		hdr.Size = int64(len(data))
		if err := tw.WriteHeader(hdr); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write(data); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestRestoreRefuses checks that an altered archive, one whose manifest
// does not match, and an occupied target are refused with nothing
// replaced, and that force replaces the target and keeps the old one.
func TestRestoreRefuses(t *testing.T) {
	t.Parallel()
	sources(t, func(t *testing.T, s source) {
		ctx := context.Background()
		path, m, err := backup.Create(ctx, s.d, t.TempDir(), backup.Options{Files: s.files, Version: "test"})
		if err != nil {
			t.Fatal(err)
		}
		dump := s.d.DumpName()
		flipped := rewrite(t, path, func(name string, data []byte) []byte {
			if name == dump {
				data[len(data)/2] ^= 0x01
			}
			return data
		})
		miscounted := rewrite(t, path, func(name string, data []byte) []byte {
			if name != backup.ManifestName {
				return data
			}
			var mm backup.Manifest
			if err := json.Unmarshal(data, &mm); err != nil {
				t.Fatal(err)
			}
			mm.Tables["organisations"]++
			out, _ := json.Marshal(mm)
			return out
		})
		tests := []struct {
			name    string
			archive string
			want    string
		}{
			{"a changed byte in the database", flipped, "does not match its SHA-256"},
			{"counts that do not match", miscounted, "organisations holds 5 rows, the manifest says 6"},
		}
		for _, tt := range tests {
			target := backup.Target{DB: s.target(t), Files: filepath.Join(t.TempDir(), "files"), AuditKey: key}
			_, err := backup.Restore(ctx, tt.archive, target)
			if !errors.Is(err, backup.ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("%s: got %v, want ErrInvalid mentioning %q", tt.name, err, tt.want)
			}
			if _, err := os.Stat(target.Files); err == nil {
				t.Errorf("%s: the files folder was created", tt.name)
			}
			if !db.IsPostgres(target.DB) {
				if _, err := os.Stat(target.DB); err == nil {
					t.Errorf("%s: the database was created", tt.name)
				}
			}
		}
		if _, _, err := backup.Check(ctx, flipped, key); !errors.Is(err, backup.ErrInvalid) {
			t.Errorf("check of the altered archive: got %v, want ErrInvalid", err)
		}
		if got, _, err := backup.Check(ctx, path, key); err != nil || got.Audit.Events != m.Audit.Events || got.Audit.Head != m.Audit.Head {
			t.Errorf("check of the archive: %v, manifest %+v", err, got.Audit)
		}

		// Restoring over the source itself: refused without force.
		over := backup.Target{DB: dsnOf(t, s), Files: s.files, AuditKey: key, Keep: []string{filepath.Join(s.files, "inteqra-audit.key")}}
		if _, err := backup.Restore(ctx, path, over); !errors.Is(err, backup.ErrFilesInUse) {
			t.Errorf("restore over a used files folder: got %v, want ErrFilesInUse", err)
		}
		os.RemoveAll(s.files)
		if _, err := backup.Restore(ctx, path, over); !errors.Is(err, db.ErrTargetInUse) {
			t.Errorf("restore over a used database: got %v, want ErrTargetInUse", err)
		}
	})
}

// dsnOf returns the DSN the source database was opened with.
func dsnOf(t *testing.T, s source) string {
	t.Helper()
	var name string
	if s.d.Dialect() == db.Postgres {
		if err := s.d.QueryRowContext(context.Background(), `SELECT current_database()`).Scan(&name); err != nil {
			t.Fatal(err)
		}
		u, _ := url.Parse(os.Getenv(dbtest.EnvPostgres))
		u.Path = "/" + name
		return u.String()
	}
	if err := s.d.QueryRowContext(context.Background(), `SELECT file FROM pragma_database_list WHERE name = 'main'`).Scan(&name); err != nil {
		t.Fatal(err)
	}
	return name
}

// TestRestoreForce replaces an existing SQLite database and files folder,
// moving both aside and keeping the key files.
func TestRestoreForce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := prepare(t, dbtest.SQLiteFile(t), nil)
	path, _, err := backup.Create(ctx, s.d, t.TempDir(), backup.Options{Files: s.files, Exclude: []string{filepath.Join(s.files, "inteqra-audit.key")}})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	target := backup.Target{DB: filepath.Join(dir, "live.db"), Files: filepath.Join(dir, "files"), AuditKey: key,
		Keep: []string{filepath.Join(dir, "files", "inteqra-audit.key")}, Force: true,
		Now: func() time.Time { return time.Date(2026, 12, 4, 22, 0, 0, 0, time.UTC) }}
	for name, text := range map[string]string{"live.db": "old database", "files/old.pdf": "old", "files/inteqra-audit.key": "the key"} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o750)
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	r, err := backup.Restore(ctx, path, target)
	if err != nil {
		t.Fatal(err)
	}
	if want := target.DB + ".before-restore-20261204T220000Z"; r.DBAside != want {
		t.Errorf("old database moved to %q, want %q", r.DBAside, want)
	}
	for p, want := range map[string]string{
		r.DBAside:                              "old database",
		filepath.Join(r.FilesAside, "old.pdf"): "old",
		filepath.Join(target.Files, "inteqra-audit.key"): "the key",
		filepath.Join(target.Files, "minutes/2026.pdf"):  "minutes",
	} {
		if got, err := os.ReadFile(p); err != nil || string(got) != want {
			t.Errorf("%s: got %q, %v; want %q", p, got, err, want)
		}
	}
	if _, err := os.Stat(filepath.Join(target.Files, "old.pdf")); err == nil {
		t.Error("the old files folder's file is still in place")
	}
}

// TestScheduledBackupsKeepN runs the scheduled job's work five times and
// finds the newest three archives kept.
func TestScheduledBackupsKeepN(t *testing.T) {
	t.Parallel()
	d := dbtest.SQLiteFile(t)
	dir := filepath.Join(t.TempDir(), "backups")
	at := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	w := &backup.Worker{DB: d, Dir: dir, Keep: 3, Options: backup.Options{Now: func() time.Time { return at }}}
	var made []string
	for range 5 {
		at = at.Add(24 * time.Hour)
		p, err := w.Run(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		made = append(made, p)
	}
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := backup.Prune(dir, 3); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, filepath.Join(dir, e.Name()))
	}
	want := append(slices.Clone(made[2:]), filepath.Join(dir, "notes.txt"))
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("kept %v, want %v", got, want)
	}
}
