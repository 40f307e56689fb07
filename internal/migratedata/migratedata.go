// Package migratedata copies a whole SQLite database into a PostgreSQL one
// of the same schema version, for an installation that outgrows SQLite
// (inteqra migrate-data, docs/OPERATIONS.md). The target's schema is made
// by the program's own migrations; only rows travel, converted to the
// target's column types, and the copy is checked table by table.
package migratedata

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strings"

	"inteqra/internal/db"
)

// batchRows is how many rows go to PostgreSQL in one COPY at most: large
// enough that a round trip is nothing beside the rows. batchBytes bounds a
// batch's text and blobs too, for a table of whole files (import_files
// keeps each import's file, up to 50 MB) must not be held 2,000 at a time.
const batchRows = 2000

var batchBytes = 32 << 20 // a variable for the tests' small batches

// ErrTargetInUse is returned when the target holds rows a freshly
// migrated database does not, and Force was not given.
var ErrTargetInUse = errors.New("migratedata: the target database holds data already; copy with -force to replace it")

// ErrSchemaVersion is returned when the source is not at the schema
// version this program migrates to.
var ErrSchemaVersion = errors.New("migratedata: the source database is not at this program's schema version")

// Options tunes Copy.
type Options struct {
	// Force empties the target's tables before the copy even when they
	// hold data.
	Force bool
	// CheckReferences keeps the target's foreign-key triggers on, so that
	// PostgreSQL checks every reference as the rows arrive (slower); they
	// are on anyway when the target's user is not a superuser.
	CheckReferences bool
}

// Report says what Copy did.
type Report struct {
	Version int64            // the schema version of both databases
	Rows    map[string]int64 // the rows copied, per table (checked equal on both sides)
	// Skipped are the source's tables not copied, with the reason.
	Skipped map[string]string
	// PendingJobs counts the background jobs the source had not finished,
	// by kind, carried over to the target (copyJobs).
	PendingJobs map[string]int64
	// ReplicaRole is true when the target's foreign-key triggers were off
	// during the copy (session_replication_role = replica, superuser only);
	// otherwise the tables were copied parents first.
	ReplicaRole bool
}

// Copy copies every table of source (a SQLite database) into target (a
// PostgreSQL database), which it first migrates to the program's schema.
// It refuses a source whose schema is not current, and a target holding
// data unless opts.Force. All rows are written in one transaction on the
// target, so a failed copy leaves it as it was; the identity sequences are
// moved past the copied ids, and the row counts of both sides compared.
func Copy(ctx context.Context, source, target *db.DB, opts Options) (Report, error) {
	rep := Report{Rows: map[string]int64{}, Skipped: map[string]string{}}
	if source.Dialect() != db.SQLite || target.Dialect() != db.Postgres {
		return rep, errors.New("migratedata: the source must be a SQLite file and the target a postgres:// database")
	}
	current, err := source.SchemaCurrent(ctx)
	if err != nil {
		return rep, err
	}
	if !current {
		return rep, fmt.Errorf("%w: run this version of inteqra once on it (inteqra migrate -db FILE), then copy", ErrSchemaVersion)
	}
	if err := target.Migrate(ctx); err != nil {
		return rep, err
	}
	if rep.Version, err = sameVersion(ctx, source, target); err != nil {
		return rep, err
	}
	tables, err := plan(ctx, source, target, &rep)
	if err != nil {
		return rep, err
	}
	if !opts.Force {
		if err := checkEmpty(ctx, target, tables); err != nil {
			return rep, err
		}
	}
	err = source.Snapshot(ctx, func(src db.Querier) error {
		return target.TransactBulk(ctx, func(tx *db.Tx) error {
			return copyAll(ctx, src, tx, tables, opts, &rep)
		})
	})
	if err != nil {
		return rep, err
	}
	return rep, compareCounts(ctx, source, target, tables)
}

// sameVersion returns the schema version of both databases, which must be
// one: the target is migrated by this program, the source must be too.
func sameVersion(ctx context.Context, source, target *db.DB) (int64, error) {
	from, err := db.SchemaVersion(ctx, source)
	if err != nil {
		return 0, err
	}
	to, err := db.SchemaVersion(ctx, target)
	if err != nil {
		return 0, err
	}
	if from != to {
		return 0, fmt.Errorf("%w: the source is at %d, the target at %d", ErrSchemaVersion, from, to)
	}
	return from, nil
}

// skip says why a table of the source is not copied as it is, or "" to
// copy it. goose's table is the target's own (its migrations made the
// schema); River's tables hold the queue's machinery and jobs: the
// leader, clients and queues are made again at start, the periodic jobs
// are enqueued again by the leader, and a finished job is history nobody
// reads. The unfinished jobs (an e-mail or a webhook delivery still to
// send, an import stopped by a shutdown) are carried over by copyJobs.
func skip(table string) string {
	switch {
	case table == "goose_db_version":
		return "the schema's version table: the target was migrated by this program"
	case strings.HasPrefix(table, "river_"):
		return "background jobs' queue: made again at start; unfinished jobs are carried over"
	}
	return ""
}

// table is one table to copy, with the target's columns.
type table struct {
	name    string
	columns []column
}

type column struct {
	name string
	typ  string // the target's udt_name: int8, text, timestamptz, bool, …
}

// plan lists the tables to copy, parents before children, with the
// target's columns, and records in rep the source's tables it skips.
func plan(ctx context.Context, source, target *db.DB, rep *Report) ([]table, error) {
	from, err := db.Tables(ctx, source)
	if err != nil {
		return nil, err
	}
	to, err := db.Tables(ctx, target)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, t := range from {
		switch {
		case skip(t) != "":
			rep.Skipped[t] = skip(t)
		case !slices.Contains(to, t):
			return nil, fmt.Errorf("migratedata: the source's table %s has no counterpart on the target", t)
		default:
			names = append(names, t)
		}
	}
	for _, t := range to {
		if skip(t) == "" && !slices.Contains(names, t) {
			return nil, fmt.Errorf("migratedata: the target's table %s has no counterpart in the source", t)
		}
	}
	ordered, err := parentsFirst(ctx, target, names)
	if err != nil {
		return nil, err
	}
	var tables []table
	for _, name := range ordered {
		cols, err := columns(ctx, target, name)
		if err != nil {
			return nil, err
		}
		if err := checkColumns(ctx, source, name, cols); err != nil {
			return nil, err
		}
		tables = append(tables, table{name: name, columns: cols})
	}
	return tables, nil
}

// columns lists the target's columns of t that take a value; a generated
// column is computed by PostgreSQL.
func columns(ctx context.Context, target *db.DB, t string) ([]column, error) {
	rows, err := target.QueryContext(ctx, `SELECT column_name, udt_name FROM information_schema.columns
		WHERE table_schema = 'public' AND table_name = $1 AND is_generated = 'NEVER'
		ORDER BY ordinal_position`, t)
	return db.Collect(rows, err, func(r db.Scanner) (column, error) {
		var c column
		return c, r.Scan(&c.name, &c.typ)
	})
}

// checkColumns makes sure the source has every column the target fills.
func checkColumns(ctx context.Context, source *db.DB, t string, cols []column) error {
	rows, err := source.QueryContext(ctx, `SELECT name FROM pragma_table_info($1)`, t)
	have, err := db.Collect(rows, err, func(r db.Scanner) (string, error) {
		var s string
		return s, r.Scan(&s)
	})
	if err != nil {
		return fmt.Errorf("migratedata: columns of %s: %w", t, err)
	}
	for _, c := range cols {
		if !slices.Contains(have, c.name) {
			return fmt.Errorf("migratedata: the source's table %s has no column %s", t, c.name)
		}
	}
	return nil
}

// parentsFirst orders names so that a table comes after every table its
// foreign keys name on the target (a table's references to itself aside),
// so the copy holds its foreign keys even when the triggers stay on.
func parentsFirst(ctx context.Context, target *db.DB, names []string) ([]string, error) {
	rows, err := target.QueryContext(ctx, `SELECT DISTINCT c.conrelid::regclass::text, c.confrelid::regclass::text
		FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
		WHERE c.contype = 'f' AND n.nspname = 'public'`)
	parents := map[string][]string{}
	err = db.Each(rows, err, func(r db.Scanner) error {
		var child, parent string
		if err := r.Scan(&child, &parent); err != nil {
			return err
		}
		if child != parent {
			parents[child] = append(parents[child], parent)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("migratedata: foreign keys: %w", err)
	}
	var ordered []string
	state := map[string]int{} // 1 while visiting, 2 when placed
	var visit func(t string) error
	visit = func(t string) error {
		switch state[t] {
		case 1:
			return fmt.Errorf("migratedata: the foreign keys of %s form a cycle", t)
		case 2:
			return nil
		}
		state[t] = 1
		for _, p := range parents[t] {
			if slices.Contains(names, p) {
				if err := visit(p); err != nil {
					return err
				}
			}
		}
		state[t] = 2
		ordered = append(ordered, t)
		return nil
	}
	for _, t := range names {
		if err := visit(t); err != nil {
			return nil, err
		}
	}
	return ordered, nil
}

var insertInto = regexp.MustCompile(`(?i)INSERT\s+INTO\s+"?([a-z_0-9]+)"?`)

// seededTables are the tables the PostgreSQL migrations put rows into
// (regions, services, settings): a fresh target holds those rows, which
// the copy replaces with the source's.
func seededTables() (map[string]bool, error) {
	seeded := map[string]bool{}
	err := fs.WalkDir(db.Migrations, "migrations/postgres", func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		text, err := fs.ReadFile(db.Migrations, path)
		if err != nil {
			return err
		}
		for _, m := range insertInto.FindAllStringSubmatch(string(text), -1) {
			seeded[strings.ToLower(m[1])] = true
		}
		return nil
	})
	return seeded, err
}

// checkEmpty returns ErrTargetInUse when a table of the target holds rows
// its migrations did not put there.
func checkEmpty(ctx context.Context, target *db.DB, tables []table) error {
	seeded, err := seededTables()
	if err != nil {
		return err
	}
	var used []string
	for _, t := range tables {
		if seeded[t.name] {
			continue
		}
		var any bool
		if err := target.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM `+db.QuoteTable(t.name)+`)`).Scan(&any); err != nil {
			return fmt.Errorf("migratedata: read %s: %w", t.name, err)
		}
		if any {
			used = append(used, t.name)
		}
	}
	if len(used) > 0 {
		return fmt.Errorf("%w (rows in %s)", ErrTargetInUse, strings.Join(used, ", "))
	}
	return nil
}

// copyJobs carries the source's unfinished River jobs over to the target,
// whose old jobs (of the data the copy replaces) it deletes, and counts
// them by kind. SQLite's River keeps args and metadata as binary JSON
// (json() reads them as text) and its own encoding of the uniqueness
// states; the jobs are copied without their uniqueness key, which only
// kept a second such job from being enqueued meanwhile. A job that was
// running when the server stopped is available again, as River's rescuer
// would make it.
func copyJobs(ctx context.Context, src db.Querier, tx *db.Tx) (map[string]int64, error) {
	if _, err := tx.ExecContext(ctx, `DELETE FROM river_job`); err != nil {
		return nil, fmt.Errorf("migratedata: empty the target's jobs: %w", err)
	}
	insert, err := tx.Prepare(ctx, `INSERT INTO river_job (args, attempt, kind, max_attempts, metadata, priority, queue, state, scheduled_at, created_at)
		VALUES ($1::jsonb, $2, $3, $4, $5::jsonb, $6, $7, $8::river_job_state, $9, $10)`)
	if err != nil {
		return nil, fmt.Errorf("migratedata: jobs: %w", err)
	}
	rows, err := src.QueryContext(ctx, `SELECT json(args), attempt, kind, max_attempts, json(metadata), priority, queue,
			CASE state WHEN 'running' THEN 'available' ELSE state END, scheduled_at, created_at
		FROM river_job WHERE state NOT IN ('completed', 'cancelled', 'discarded') ORDER BY id`)
	pending := map[string]int64{}
	err = db.Each(rows, err, func(r db.Scanner) error {
		var args, kind, metadata, queue, state string
		var attempt, maxAttempts, priority int64
		var scheduled, created any
		if err := r.Scan(&args, &attempt, &kind, &maxAttempts, &metadata, &priority, &queue, &state, &scheduled, &created); err != nil {
			return err
		}
		scheduledAt, err := toTime(scheduled)
		if err != nil {
			return err
		}
		createdAt, err := toTime(created)
		if err != nil {
			return err
		}
		if _, err := insert.ExecContext(ctx, args, attempt, kind, maxAttempts, metadata, priority, queue, state, scheduledAt, createdAt); err != nil {
			return err
		}
		pending[kind]++
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("migratedata: copy the unfinished jobs: %w", err)
	}
	return pending, nil
}

// copyAll empties the target's tables and copies every table into them,
// in tx. With superuser rights, unless opts.CheckReferences, the
// foreign-key triggers are off for the transaction: the rows are the
// source's, whose foreign keys SQLite enforced, and each check would read
// the parent table again. Otherwise the parents-first order keeps every
// reference valid as it arrives.
func copyAll(ctx context.Context, src db.Querier, tx *db.Tx, tables []table, opts Options, rep *Report) error {
	var super bool
	if err := tx.QueryRowContext(ctx, `SELECT rolsuper FROM pg_roles WHERE rolname = current_user`).Scan(&super); err != nil {
		return fmt.Errorf("migratedata: role: %w", err)
	}
	if super && !opts.CheckReferences {
		if _, err := tx.ExecContext(ctx, `SET LOCAL session_replication_role = replica`); err != nil {
			return fmt.Errorf("migratedata: foreign keys off: %w", err)
		}
		rep.ReplicaRole = true
	}
	var names []string
	for _, t := range tables {
		names = append(names, db.QuoteTable(t.name))
	}
	if _, err := tx.ExecContext(ctx, `TRUNCATE `+strings.Join(names, ", ")); err != nil {
		return fmt.Errorf("migratedata: empty the target: %w", err)
	}
	for _, t := range tables {
		n, err := copyTable(ctx, src, tx, t)
		if err != nil {
			return err
		}
		rep.Rows[t.name] = n
	}
	if err := resetSequences(ctx, tx, tables); err != nil {
		return err
	}
	var err error
	rep.PendingJobs, err = copyJobs(ctx, src, tx)
	return err
}

// copyTable copies the rows of t in batches of batchRows with COPY.
func copyTable(ctx context.Context, src db.Querier, tx *db.Tx, t table) (int64, error) {
	var names, quoted []string
	for _, c := range t.columns {
		names = append(names, c.name)
		quoted = append(quoted, `"`+c.name+`"`)
	}
	rows, err := src.QueryContext(ctx, `SELECT `+strings.Join(quoted, ", ")+` FROM `+db.QuoteTable(t.name))
	if err != nil {
		return 0, fmt.Errorf("migratedata: read %s: %w", t.name, err)
	}
	defer rows.Close()
	var n int64
	batch := make([][]any, 0, batchRows)
	size := 0
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if err := tx.CopyFrom(ctx, t.name, names, batch); err != nil {
			return fmt.Errorf("migratedata: %w", err)
		}
		n += int64(len(batch))
		batch, size = batch[:0], 0
		return nil
	}
	for rows.Next() {
		raw := make([]any, len(t.columns))
		ptrs := make([]any, len(raw))
		for i := range raw {
			ptrs[i] = &raw[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return n, fmt.Errorf("migratedata: read %s: %w", t.name, err)
		}
		for i, c := range t.columns {
			v, err := convert(raw[i], c.typ)
			if err != nil {
				return n, fmt.Errorf("migratedata: %s.%s: %w", t.name, c.name, err)
			}
			raw[i] = v
			size += sizeOf(v)
		}
		batch = append(batch, raw)
		if len(batch) == batchRows || size >= batchBytes {
			if err := flush(); err != nil {
				return n, err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return n, fmt.Errorf("migratedata: read %s: %w", t.name, err)
	}
	return n, flush()
}

// sizeOf is about the memory a value takes: its length for text and
// blobs, which are what can be large.
func sizeOf(v any) int {
	switch x := v.(type) {
	case string:
		return len(x)
	case []byte:
		return len(x)
	}
	return 8
}

// resetSequences moves every identity or serial column's sequence past the
// largest id copied, so the next row the server inserts gets a new id.
func resetSequences(ctx context.Context, tx *db.Tx, tables []table) error {
	rows, err := tx.QueryContext(ctx, `SELECT table_name, column_name FROM information_schema.columns
		WHERE table_schema = 'public' AND (is_identity = 'YES' OR column_default LIKE 'nextval(%')`)
	type seq struct{ table, column string }
	seqs, err := db.Collect(rows, err, func(r db.Scanner) (seq, error) {
		var s seq
		return s, r.Scan(&s.table, &s.column)
	})
	if err != nil {
		return fmt.Errorf("migratedata: sequences: %w", err)
	}
	for _, s := range seqs {
		if !slices.ContainsFunc(tables, func(t table) bool { return t.name == s.table }) {
			continue
		}
		_, err := tx.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence($1, $2), COALESCE(MAX("`+s.column+`"), 0) + 1, false) FROM `+db.QuoteTable(s.table),
			db.QuoteTable(s.table), s.column)
		if err != nil {
			return fmt.Errorf("migratedata: sequence of %s.%s: %w", s.table, s.column, err)
		}
	}
	return nil
}

// compareCounts checks that every copied table holds as many rows on the
// target as in the source.
func compareCounts(ctx context.Context, source, target *db.DB, tables []table) error {
	from, err := db.CountRows(ctx, source)
	if err != nil {
		return err
	}
	to, err := db.CountRows(ctx, target)
	if err != nil {
		return err
	}
	var differ []string
	for _, t := range tables {
		if from[t.name] != to[t.name] {
			differ = append(differ, fmt.Sprintf("%s: %d in the source, %d in the target", t.name, from[t.name], to[t.name]))
		}
	}
	if len(differ) > 0 {
		return fmt.Errorf("migratedata: the copy's rows differ: %s", strings.Join(differ, "; "))
	}
	return nil
}
