package imports

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
)

// State is where an import batch stands.
type State string

// The states of a batch. An import commits its rows a chunk at a time
// (see importPersons), so that it never holds the writer for long; a batch
// is still never left partly imported by accident: a run cut off by a
// crash or a failure is interrupted, and then either resumed after its
// last committed chunk or discarded, which removes what it added.
const (
	Uploaded    State = "uploaded"    // file read, mapping suggested
	Checking    State = "checking"    // dry run under way
	Checked     State = "checked"     // dry run done: the report is ready
	Running     State = "running"     // import under way
	Interrupted State = "interrupted" // import cut off: resume or discard it
	Committed   State = "committed"   // imported
	RolledBack  State = "rolled_back" // refused, failed or discarded: nothing imported
)

// A run writes to its batch at least every heartbeat (each chunk it
// commits, or a heartbeat alone); a batch that says it runs and has not
// been written for staleAfter has lost its process.
const (
	heartbeat  = 20 * time.Second
	staleAfter = 2 * time.Minute
)

// MaxBytes bounds an import file taken through the web; larger files
// go through the command line.
const MaxBytes = 50 << 20

// Errors of the batch life cycle.
var (
	ErrBusy = i18n.Errorf("import.error.busy")
	ErrDone = i18n.Errorf("import.error.done")
	ErrGone = i18n.Errorf("import.error.file_gone")
)

// Batch is one file on its way into the registry.
type Batch struct {
	ID         int64
	State      State
	FileName   string
	Format     string
	Headers    []string
	Mapping    Mapping
	Mode       Mode
	Rows       int
	Invalid    int
	Duplicates int
	Flagged    int
	Imported   int
	Error      *i18n.Error // why the last run failed or was refused
	CreatedBy  int64
	CreatedAt  time.Time
	UpdatedAt  time.Time
	FinishedAt time.Time
	HasFile    bool // the file is kept, so the batch can be checked and run from the web
	Active     bool // a run of this batch is under way, or its job waits to run
	DoneLine   int  // the last line of the file whose chunk an import committed
	// ContentSHA256 is the hex SHA-256 of the file, to tell a file imported
	// before (SameFile); RepeatConfirmed says the user chose to import it
	// again all the same (ConfirmRepeat).
	ContentSHA256   string
	RepeatConfirmed bool
	jobID           int64
	below           int64 // registry_below
}

// Interrupted reports whether the batch's run was cut off: it says so, or
// it says a run is under way but none is and no job will carry it out. A
// dry run cut off changed nothing and can run again; an import keeps the
// chunks it committed (Imported persons, up to DoneLine) until it is
// resumed or discarded.
func (b Batch) Interrupted() bool {
	return b.State == Interrupted || (b.State == Checking || b.State == Running) && !b.Active
}

func requireImport(ctx context.Context) error { return access.Require(ctx, access.WritePeople) }

func wrap(op string, err error) error { return fmt.Errorf("imports: %s: %w", op, err) }

// CreateBatch reads a file, suggests a mapping and records the batch.
// keep stores the file with it, for a web import that is mapped, checked
// and run over several requests.
func (s *Store) CreateBatch(ctx context.Context, name string, content []byte, keep bool) (Batch, error) {
	if err := requireImport(ctx); err != nil {
		return Batch{}, err
	}
	if keep && len(content) > MaxBytes {
		return Batch{}, i18n.Errorf("import.error.file_too_large", "MB", MaxBytes>>20)
	}
	f, err := ReadFile(name, content)
	if err != nil {
		return Batch{}, err
	}
	defer f.Close()
	now := s.now()
	b := Batch{State: Uploaded, FileName: f.Name, Format: f.Format, Headers: f.Headers,
		Mapping: SuggestMapping(f.Headers, f.Sample(20)), CreatedBy: access.From(ctx).UserID, CreatedAt: now, UpdatedAt: now, HasFile: keep,
		ContentSHA256: ContentHash(content)}
	headers, _ := json.Marshal(b.Headers)
	err = s.db.Transact(ctx, func(tx *db.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO import_batches (state, file_name, format, headers, mapping, created_by, created_at, updated_at, content_sha256)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8) RETURNING id`,
			b.State, b.FileName, b.Format, string(headers), mappingText(b.Mapping), db.NullID(b.CreatedBy), now, b.ContentSHA256).Scan(&b.ID)
		if err != nil || !keep {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO import_files (batch_id, content) VALUES ($1, $2)`, b.ID, content)
		return err
	})
	if err != nil {
		return Batch{}, wrap("create batch", err)
	}
	return b, nil
}

func mappingText(m Mapping) string {
	b, _ := json.Marshal(m)
	return string(b)
}

const batchColumns = `id, state, file_name, format, headers, mapping, mode, total_rows, invalid_rows, duplicate_rows,
	flagged_rows, imported_rows, error_key, error_args, created_by, created_at, updated_at, finished_at,
	EXISTS (SELECT 1 FROM import_files f WHERE f.batch_id = import_batches.id), job_id, done_line, registry_below,
	content_sha256, repeat_confirmed`

func (s *Store) scanBatch(row db.Scanner) (Batch, error) {
	var b Batch
	var headers, mapping, errKey, errArgs string
	var by, job sql.NullInt64
	var finished sql.NullTime
	err := row.Scan(&b.ID, &b.State, &b.FileName, &b.Format, &headers, &mapping, &b.Mode, &b.Rows, &b.Invalid, &b.Duplicates,
		&b.Flagged, &b.Imported, &errKey, &errArgs, &by, &b.CreatedAt, &b.UpdatedAt, &finished, &b.HasFile, &job,
		&b.DoneLine, &b.below, &b.ContentSHA256, &b.RepeatConfirmed)
	if err != nil {
		return b, db.NotFound(err)
	}
	_ = json.Unmarshal([]byte(headers), &b.Headers)
	_ = json.Unmarshal([]byte(mapping), &b.Mapping)
	if errKey != "" {
		b.Error = i18n.Errorf(errKey, decodeArgs(errArgs)...)
	}
	b.CreatedBy, b.jobID = by.Int64, job.Int64
	if finished.Valid {
		b.FinishedAt = finished.Time.UTC()
	}
	// A run of another process (the command line) writes a heartbeat.
	b.Active = s.activeRun(b.ID) != nil ||
		(b.State == Checking || b.State == Running) && s.now().Sub(b.UpdatedAt) < staleAfter
	return b, nil
}

// withJob marks a batch active while the job that carries out its run
// waits to run, here or on another node. A job that runs writes a
// heartbeat (scanBatch); one that says it runs without doing so was cut
// off with its node, and River will run it again only much later.
func (s *Store) withJob(ctx context.Context, b *Batch) error {
	if b.Active || b.jobID == 0 || s.jobs == nil || (b.State != Checking && b.State != Running) {
		return nil
	}
	var err error
	b.Active, err = s.jobs.Queued(ctx, b.jobID)
	return err
}

// Batch returns the batch with id.
func (s *Store) Batch(ctx context.Context, id int64) (Batch, error) {
	if err := requireImport(ctx); err != nil {
		return Batch{}, err
	}
	b, err := s.scanBatch(s.db.QueryRowContext(ctx, `SELECT `+batchColumns+` FROM import_batches WHERE id = $1`, id))
	if err == nil {
		err = s.withJob(ctx, &b)
	}
	if err != nil {
		return b, fmt.Errorf("people: import batch %d: %w", id, err)
	}
	return b, nil
}

// Batches returns the latest batches, newest first.
func (s *Store) Batches(ctx context.Context, limit int) ([]Batch, error) {
	if err := requireImport(ctx); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+batchColumns+` FROM import_batches ORDER BY id DESC LIMIT $1`, limit)
	list, err := db.Collect(rows, err, func(r db.Scanner) (Batch, error) {
		b, err := s.scanBatch(r)
		if err == nil {
			err = s.withJob(ctx, &b)
		}
		return b, err
	})
	if err != nil {
		return nil, wrap("batches", err)
	}
	return list, nil
}

// OpenFile reads the file kept with a batch.
func (s *Store) OpenFile(ctx context.Context, b Batch) (*File, error) {
	var content []byte
	err := s.db.QueryRowContext(ctx, `SELECT content FROM import_files WHERE batch_id = $1`, b.ID).Scan(&content)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrGone
	}
	if err != nil {
		return nil, wrap("read file", err)
	}
	return ReadFile(b.FileName, content)
}

// SetMapping stores the mapping of a batch that is not running or
// imported; a new mapping needs a new dry run.
func (s *Store) SetMapping(ctx context.Context, id int64, m Mapping) error {
	b, err := s.Batch(ctx, id)
	if err != nil {
		return err
	}
	if err := m.Check(b.Headers); err != nil {
		return err
	}
	for len(m) < len(b.Headers) {
		m = append(m, "")
	}
	from := []any{Uploaded, Checked, RolledBack}
	if b.Interrupted() {
		from = append(from, b.State)
	}
	return s.db.Transact(ctx, func(tx *db.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE import_batches SET mapping = $2, state = $3, error_key = '', error_args = '', updated_at = $4
			WHERE id = $1 AND state IN ($5, $6, $7, $8)`, id, mappingText(m), Uploaded, s.now(), from[0], from[1], from[2], from[len(from)-1])
		if err != nil {
			return wrap("set mapping", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return stateError(b.State)
		}
		return nil
	})
}

func stateError(st State) error {
	if st == Committed {
		return ErrDone
	}
	return ErrBusy
}

// Issues returns up to limit issues of a batch's last run, by line.
func (s *Store) Issues(ctx context.Context, id int64, limit int) ([]Issue, error) {
	if err := requireImport(ctx); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT line, kind, col, reason, args, person_id, other_line, new_person_id
		FROM import_issues WHERE batch_id = $1 ORDER BY seq LIMIT $2`, id, limit)
	list, err := db.Collect(rows, err, func(r db.Scanner) (Issue, error) {
		var is Issue
		var key, args string
		var person, created sql.NullInt64
		if err := r.Scan(&is.Line, &is.Kind, &is.Column, &key, &args, &person, &is.OtherLine, &created); err != nil {
			return is, err
		}
		is.Reason = i18n.Errorf(key, decodeArgs(args)...)
		is.PersonID, is.NewPersonID = person.Int64, created.Int64
		return is, nil
	})
	if err != nil {
		return nil, wrap("issues", err)
	}
	return list, nil
}

// writeIssues replaces the report of a batch's dry run.
func writeIssues(ctx context.Context, tx *db.Tx, batchID int64, issues []Issue) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM import_issues WHERE batch_id = $1`, batchID); err != nil {
		return wrap("clear issues", err)
	}
	return addIssues(ctx, tx, batchID, issues)
}

// clearIssues removes the report of a batch a thousand rows at a time: a
// large file's report must not hold the writer for long.
func (s *Store) clearIssues(ctx context.Context, id int64) error {
	for {
		var n int64
		err := s.db.Transact(ctx, func(tx *db.Tx) error {
			res, err := tx.ExecContext(ctx, `DELETE FROM import_issues WHERE batch_id = $1 AND seq IN
				(SELECT seq FROM import_issues WHERE batch_id = $1 ORDER BY seq LIMIT 1000)`, id)
			if err == nil {
				n, err = res.RowsAffected()
			}
			return err
		})
		if err != nil {
			return wrap("clear issues", err)
		}
		if n == 0 {
			return nil
		}
	}
}

// addIssues writes the issues of a chunk of an import. An issue's place in
// the report is its line: a row has one issue at most.
func addIssues(ctx context.Context, tx *db.Tx, batchID int64, issues []Issue) error {
	vals := make([]any, 0, len(issues)*10)
	for _, is := range issues {
		vals = append(vals, batchID, is.Line, is.Line, is.Kind, is.Column, is.Reason.Key, encodeArgs(is.Reason.Args),
			db.NullID(is.PersonID), is.OtherLine, db.NullID(is.NewPersonID))
	}
	err := tx.InsertMany(ctx, `INSERT INTO import_issues (batch_id, seq, line, kind, col, reason, args, person_id, other_line, new_person_id)`, 10, vals)
	if err != nil {
		return wrap("write issues", err)
	}
	return nil
}

// encodeArgs keeps a message's arguments as text: numbers print the same.
func encodeArgs(args []any) string {
	if len(args) == 0 {
		return ""
	}
	text := make([]string, len(args))
	for i, a := range args {
		text[i] = fmt.Sprint(a)
	}
	b, _ := json.Marshal(text)
	return string(b)
}

func decodeArgs(s string) []any {
	var text []string
	if s == "" || json.Unmarshal([]byte(s), &text) != nil {
		return nil
	}
	args := make([]any, len(text))
	for i, t := range text {
		args[i] = t
	}
	return args
}

// queueFlagged puts the rows an import flagged as possible duplicates into
// the registry's duplicates queue, each with the record it resembles,
// inside the import's transaction.
func (s *Store) queueFlagged(ctx context.Context, tx *db.Tx, batchID int64) error {
	rows, err := tx.QueryContext(ctx, `SELECT person_id, new_person_id FROM import_issues
		WHERE batch_id = $1 AND kind = $2 AND person_id IS NOT NULL AND new_person_id IS NOT NULL`, batchID, IssuePossible)
	pairs, err := db.Collect(rows, err, func(r db.Scanner) ([2]int64, error) {
		var p [2]int64
		err := r.Scan(&p[0], &p[1])
		return p, err
	})
	if err != nil {
		return wrap("flagged rows", err)
	}
	return s.people.QueueImportFlags(ctx, tx, pairs)
}
