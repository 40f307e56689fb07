package db

import (
	"bytes"
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// A backup (package backup) copies the whole database while it serves. The
// copy is made in the database's own way, and this file keeps both ways
// apart from the backup's archive: SQLite writes a consistent snapshot with
// VACUUM INTO from a reader, so the writer never waits; PostgreSQL's
// pg_dump reads a snapshot exported from a REPEATABLE READ transaction, so
// the counts read in that transaction describe exactly the dump.

// DumpName is the name a dump of this database has in a backup archive.
func (d *DB) DumpName() string { return DumpName(d.dialect) }

// DumpName is the name of a dump of the dialect in a backup archive:
// database.sqlite, a SQLite file, or database.pgdump, pg_dump's custom format.
func DumpName(dialect Dialect) string {
	if dialect == Postgres {
		return "database.pgdump"
	}
	return "database.sqlite"
}

// DialectOf returns the dialect of the database dsn names.
func DialectOf(dsn string) Dialect {
	if IsPostgres(dsn) {
		return Postgres
	}
	return SQLite
}

// Dump writes a consistent copy of the whole database to path (a new file)
// while the database keeps serving, then calls read on a read-only view of
// exactly what the copy holds, for the backup's manifest.
func (d *DB) Dump(ctx context.Context, path string, read func(q Querier) error) error {
	if d.dialect == Postgres {
		return d.dumpPostgres(ctx, path, read)
	}
	return d.dumpSQLite(ctx, path, read)
}

func (d *DB) dumpSQLite(ctx context.Context, path string, read func(q Querier) error) error {
	if err := d.vacuumInto(ctx, path); err != nil {
		return fmt.Errorf("db: copy sqlite into %s: %w", path, err)
	}
	copied, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=query_only(1)&_time_format=sqlite")
	if err != nil {
		return fmt.Errorf("db: open copy %s: %w", path, err)
	}
	defer copied.Close()
	tx, err := copied.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("db: open copy %s: %w", path, err)
	}
	defer func() { _ = tx.Rollback() }() // nothing was written
	return read(&Tx{tx: tx, dialect: SQLite})
}

// vacuumInto has a reader write the database into path. VACUUM INTO reads
// one snapshot, like any reader in WAL mode, so the writer goes on
// meanwhile; it cannot run inside a transaction. The readers are
// query_only, which forbids it, so this one is let write for the copy; a
// connection whose setting cannot be put back is closed, never reused.
func (d *DB) vacuumInto(ctx context.Context, path string) error {
	conn, err := d.read.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	defer func() {
		var on int
		restore := context.WithoutCancel(ctx)
		_, err := conn.ExecContext(restore, `PRAGMA query_only = 1`)
		if err == nil {
			err = conn.QueryRowContext(restore, `PRAGMA query_only`).Scan(&on)
		}
		if err != nil || on != 1 {
			_ = conn.Raw(func(any) error { return driver.ErrBadConn })
		}
	}()
	if _, err := conn.ExecContext(ctx, `PRAGMA query_only = 0`); err != nil {
		return err
	}
	_, err = conn.ExecContext(ctx, `VACUUM INTO $1`, path)
	return err
}

func (d *DB) dumpPostgres(ctx context.Context, path string, read func(q Querier) error) error {
	pgDump, err := postgresTool("pg_dump")
	if err != nil {
		return err
	}
	return d.Snapshot(ctx, func(q Querier) error {
		var snapshot string
		if err := q.QueryRowContext(ctx, `SELECT pg_export_snapshot()`).Scan(&snapshot); err != nil {
			return fmt.Errorf("db: export snapshot: %w", err)
		}
		// The snapshot lives as long as this transaction: pg_dump must
		// finish before it ends.
		if err := runTool(ctx, pgDump, "--format=custom", "--no-owner", "--snapshot="+snapshot, "--file="+path, "--dbname="+d.dsn); err != nil {
			return err
		}
		return read(q)
	})
}

// postgresTool finds one of PostgreSQL's programs (pg_dump, pg_restore) on
// PATH, or else in Debian's /usr/lib/postgresql/<version>/bin, newest first.
func postgresTool(name string) (string, error) {
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	found, _ := filepath.Glob("/usr/lib/postgresql/*/bin/" + name)
	slices.SortFunc(found, func(a, b string) int { return versionOf(b) - versionOf(a) })
	if len(found) == 0 {
		return "", fmt.Errorf("db: %s not found on PATH nor in /usr/lib/postgresql/*/bin: install PostgreSQL's client programs", name)
	}
	return found[0], nil
}

func versionOf(path string) int {
	var v int
	fmt.Sscanf(filepath.Base(filepath.Dir(filepath.Dir(path))), "%d", &v)
	return v
}

// runTool runs a PostgreSQL program and puts what it printed on error into
// the error.
func runTool(ctx context.Context, path string, args ...string) error {
	var out bytes.Buffer
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("db: %s: %w: %s", filepath.Base(path), err, strings.TrimSpace(out.String()))
	}
	return nil
}

// Tables lists the tables of the database q reads, sorted by name; on
// PostgreSQL a table outside the public schema is named schema.table.
func Tables(ctx context.Context, q Querier) ([]string, error) {
	query := `SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY name`
	if q.Dialect() == Postgres {
		query = `SELECT CASE WHEN table_schema = 'public' THEN table_name ELSE table_schema || '.' || table_name END
			FROM information_schema.tables
			WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')
			ORDER BY 1`
	}
	rows, err := q.QueryContext(ctx, query)
	names, err := Collect(rows, err, func(r Scanner) (string, error) {
		var s string
		return s, r.Scan(&s)
	})
	if err != nil {
		return nil, fmt.Errorf("db: tables: %w", err)
	}
	return names, nil
}

// QuoteTable quotes a name Tables returned for use in SQL.
func QuoteTable(name string) string {
	var parts []string
	for p := range strings.SplitSeq(name, ".") {
		parts = append(parts, `"`+strings.ReplaceAll(p, `"`, `""`)+`"`)
	}
	return strings.Join(parts, ".")
}

// CountRows counts the rows of every table of the database q reads.
func CountRows(ctx context.Context, q Querier) (map[string]int64, error) {
	tables, err := Tables(ctx, q)
	if err != nil {
		return nil, err
	}
	counts := make(map[string]int64, len(tables))
	for _, t := range tables {
		var n int64
		if err := q.QueryRowContext(ctx, `SELECT count(*) FROM `+QuoteTable(t)).Scan(&n); err != nil {
			return nil, fmt.Errorf("db: count %s: %w", t, err)
		}
		counts[t] = n
	}
	return counts, nil
}

// SchemaVersion returns the number of the latest migration applied to the
// database q reads (0 before any).
func SchemaVersion(ctx context.Context, q Querier) (int64, error) {
	var v int64
	err := q.QueryRowContext(ctx, `SELECT COALESCE(MAX(version_id), 0) FROM goose_db_version WHERE is_applied`).Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("db: schema version: %w", err)
	}
	return v, nil
}

// CheckIntegrity has SQLite check its whole file (PRAGMA integrity_check):
// a copy that fails it must not be restored. PostgreSQL checks its pages
// itself, and pg_restore fails on a damaged dump, so there it does nothing.
func (d *DB) CheckIntegrity(ctx context.Context) error {
	if d.dialect == Postgres {
		return nil
	}
	rows, err := d.read.QueryContext(ctx, `PRAGMA integrity_check`)
	problems, err := Collect(rows, err, func(r Scanner) (string, error) {
		var s string
		return s, r.Scan(&s)
	})
	if err != nil {
		return fmt.Errorf("db: integrity check: %w", err)
	}
	if len(problems) != 1 || problems[0] != "ok" {
		return fmt.Errorf("db: integrity check failed: %s", strings.Join(problems, "; "))
	}
	return nil
}

// ErrTargetInUse is returned by Load when the database to restore into
// holds data already and force was not given.
var ErrTargetInUse = errors.New("db: the target database exists and holds data; restore with force to replace it")

// Loaded is a dump on its way into place (Load): DB is open on it, to be
// checked before Commit.
type Loaded struct {
	DB     *DB
	commit func() (string, error)
	abort  func() error
}

// Commit puts the checked dump in place and closes DB. It returns where the
// database it replaced was moved, if anywhere.
func (l *Loaded) Commit() (string, error) { return l.commit() }

// Abort closes DB and leaves the target as it was, as far as it can: on
// PostgreSQL the dump was loaded already (see Load).
func (l *Loaded) Abort() error { return l.abort() }

// Load readies the dump at path (written by Dump for the same dialect) to
// become the database dsn names, and opens it to be checked. On SQLite the
// dump is opened where it lies; nothing at dsn changes until Commit moves
// the file to dsn's path, and the file there, if any (only with force), is
// moved aside with its WAL, named after now. On PostgreSQL pg_restore loads
// the dump into dsn's database in one transaction (the database must hold
// no tables, unless force: then the dump's objects are dropped first);
// the checks then run on the loaded database, and Abort cannot undo it.
func Load(ctx context.Context, path, dsn string, force bool, now time.Time) (*Loaded, error) {
	if IsPostgres(dsn) {
		return loadPostgres(ctx, path, dsn, force)
	}
	if err := checkSQLiteTarget(dsn, force); err != nil {
		return nil, err
	}
	d, err := Open(ctx, path)
	if err != nil {
		return nil, err
	}
	l := &Loaded{DB: d}
	l.abort = d.Close
	l.commit = func() (string, error) {
		if err := d.Close(); err != nil {
			return "", fmt.Errorf("db: close the restored copy: %w", err)
		}
		if err := checkSQLiteTarget(dsn, force); err != nil {
			return "", err
		}
		aside, err := moveAside(dsn, now)
		if err != nil {
			return "", err
		}
		// Closing the last connection folds the WAL into the file, but a
		// WAL left over must travel with it.
		for _, s := range sqliteSidecars {
			err := os.Rename(path+s, dsn+s)
			if err != nil && (s == "" || !errors.Is(err, fs.ErrNotExist)) {
				return aside, fmt.Errorf("db: put the restored database in place: %w", err)
			}
		}
		return aside, syncDir(filepath.Dir(dsn))
	}
	return l, nil
}

// CheckTarget reports ErrTargetInUse when the database dsn names holds
// data and force was not given, as Load would, so that a restore can
// refuse before it unpacks anything: on SQLite the file exists, on
// PostgreSQL the database has tables.
func CheckTarget(ctx context.Context, dsn string, force bool) error {
	if !IsPostgres(dsn) || force {
		return checkSQLiteTarget(dsn, force)
	}
	d, err := Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer d.Close()
	return checkPostgresTarget(ctx, d)
}

func checkPostgresTarget(ctx context.Context, d *DB) error {
	tables, err := Tables(ctx, d)
	if err != nil {
		return err
	}
	if len(tables) > 0 {
		return fmt.Errorf("%w (%d tables)", ErrTargetInUse, len(tables))
	}
	return nil
}

// sqliteSidecars are the files SQLite keeps beside a database in WAL mode.
var sqliteSidecars = []string{"", "-wal", "-shm"}

func checkSQLiteTarget(path string, force bool) error {
	if force {
		return nil
	}
	for _, s := range sqliteSidecars {
		if _, err := os.Stat(path + s); !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("%w (%s)", ErrTargetInUse, path+s)
		}
	}
	return nil
}

// moveAside renames the SQLite file at path and its WAL files, if there,
// to path.before-restore-<time>, and returns that name ("" when there was
// nothing to move).
func moveAside(path string, now time.Time) (string, error) {
	aside := path + ".before-restore-" + now.UTC().Format("20060102T150405Z")
	moved := ""
	for _, s := range sqliteSidecars {
		err := os.Rename(path+s, aside+s)
		switch {
		case err == nil:
			moved = aside
		case !errors.Is(err, fs.ErrNotExist):
			return moved, fmt.Errorf("db: move the old database aside: %w", err)
		}
	}
	return moved, nil
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return fmt.Errorf("db: sync %s: %w", dir, err)
	}
	return nil
}

func loadPostgres(ctx context.Context, path, dsn string, force bool) (*Loaded, error) {
	pgRestore, err := postgresTool("pg_restore")
	if err != nil {
		return nil, err
	}
	d, err := Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	if !force {
		if err := checkPostgresTarget(ctx, d); err != nil {
			d.Close()
			return nil, err
		}
	}
	args := []string{"--no-owner", "--exit-on-error", "--single-transaction", "--dbname=" + dsn}
	if force {
		args = append(args, "--clean", "--if-exists")
	}
	if err := runTool(ctx, pgRestore, append(args, path)...); err != nil {
		d.Close()
		return nil, err
	}
	return &Loaded{DB: d, abort: d.Close, commit: func() (string, error) { return "", d.Close() }}, nil
}
