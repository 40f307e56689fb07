package imports

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"inteqra/internal/audit"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
)

// Progress is how far a run has come.
type Progress struct {
	Phase   State // Checking or Running
	Done    int   // rows read
	Total   int   // rows in the file, estimated
	Started time.Time
	// LongestChunk is the longest a chunk's transaction held the writer.
	LongestChunk time.Duration
}

// Percent is Done as a share of Total, at most 100.
func (p Progress) Percent() int {
	if p.Total <= 0 {
		return 0
	}
	return min(100, p.Done*100/p.Total)
}

// Run is a dry run or an import of a batch that has been started and
// is carried out by Do, in the request or in the background.
type Run struct {
	s       *Store
	batch   Batch
	phase   State
	mode    Mode
	started time.Time
	job     int64 // the job carrying the run out, if any

	mu         sync.Mutex
	beat       time.Time // the last heartbeat written
	progress   Progress
	onProgress func(Progress)
	// afterChunk, when set (by tests), runs after every chunk; an error
	// fails the run there, as a crash would. beforeCommit runs in each
	// chunk's transaction, last: an error there rolls the chunk back.
	afterChunk   func(done int) error
	beforeCommit func(done int) error
}

type runKey struct {
	s  *Store
	id int64
}

// runs are the runs under way in this process, for progress pages.
var runs = struct {
	sync.Mutex
	m map[runKey]*Run
}{m: map[runKey]*Run{}}

func (s *Store) activeRun(id int64) *Run {
	runs.Lock()
	defer runs.Unlock()
	return runs.m[runKey{s, id}]
}

// Progress returns the progress of the run of batch id under way in
// this process.
func (s *Store) Progress(id int64) (Progress, bool) {
	r := s.activeRun(id)
	if r == nil {
		return Progress{}, false
	}
	return r.Progress(), true
}

// Progress returns how far the run has come.
func (r *Run) Progress() Progress {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.progress
}

// held notes how long a chunk's transaction held the writer.
func (r *Run) held(d time.Duration) {
	r.mu.Lock()
	r.progress.LongestChunk = max(r.progress.LongestChunk, d)
	r.mu.Unlock()
}

// Batch returns the batch as it was when the run started.
func (r *Run) Batch() Batch { return r.batch }

// OnProgress makes Do call fn after every chunk of rows, for a progress bar.
func (r *Run) OnProgress(fn func(Progress)) { r.onProgress = fn }

func (r *Run) advance(ctx context.Context, done int) error {
	if r == nil {
		return nil
	}
	r.mu.Lock()
	r.progress.Done = done
	r.progress.Total = max(r.progress.Total, done)
	p := r.progress
	beat := r.batch.ID != 0 && time.Since(r.beat) >= heartbeat
	if beat {
		r.beat = time.Now()
	}
	r.mu.Unlock()
	if beat {
		// A long dry run, or a long chunk: other processes see it alive.
		if _, err := r.s.db.ExecContext(ctx, `UPDATE import_batches SET updated_at = $2 WHERE id = $1`, r.batch.ID, r.s.now()); err != nil {
			return wrap("heartbeat", err)
		}
	}
	if r.onProgress != nil {
		r.onProgress(p)
	}
	if r.afterChunk != nil {
		return r.afterChunk(done)
	}
	return nil
}

// StartCheck starts the dry run of a batch; Do carries it out.
func (s *Store) StartCheck(ctx context.Context, id int64) (*Run, error) {
	return s.start(ctx, id, Checking, "", Uploaded, Checked, RolledBack)
}

// StartImport starts the import of a batch in mode; Do carries it out. An
// interrupted batch resumes after its last committed chunk, in the mode it
// was started in. Two runners of one batch cannot both commit a chunk: the
// second stops at its first (ErrBusy).
func (s *Store) StartImport(ctx context.Context, id int64, mode Mode) (*Run, error) {
	if mode != AllOrNothing && mode != ValidOnly {
		return nil, errMode
	}
	return s.start(ctx, id, Running, mode, Uploaded, Checked, RolledBack)
}

var errMode = i18n.Errorf("import.error.mode")

func (s *Store) start(ctx context.Context, id int64, phase State, mode Mode, from ...State) (*Run, error) {
	b, err := s.Batch(ctx, id)
	if err != nil {
		return nil, err
	}
	if phase == Running && b.resumable() {
		mode = b.Mode
	}
	if err := s.refuseRepeat(ctx, b, phase); err != nil {
		return nil, err
	}
	run, err := s.newRun(b, phase, mode)
	if err != nil {
		return nil, err
	}
	err = s.db.Transact(ctx, func(tx *db.Tx) error { return claim(ctx, tx, b, phase, mode, from, s.now()) })
	if err != nil {
		s.endRun(id)
		return nil, err
	}
	run.batch.State, run.batch.Active = phase, true
	if mode != "" {
		run.batch.Mode = mode
	}
	return run, nil
}

// newRun registers a run of b in this process, for progress pages; there
// is at most one per batch.
func (s *Store) newRun(b Batch, phase State, mode Mode) (*Run, error) {
	run := &Run{s: s, batch: b, phase: phase, mode: mode, started: time.Now()}
	run.progress = Progress{Phase: phase, Started: run.started}
	key := runKey{s, b.ID}
	runs.Lock()
	defer runs.Unlock()
	if runs.m[key] != nil {
		return nil, ErrBusy
	}
	runs.m[key] = run
	return run, nil
}

// resumable reports whether an import of b goes on from where an earlier
// run of it stopped.
func (b Batch) resumable() bool {
	return b.Interrupted() && (b.State == Running || b.State == Interrupted)
}

// claim moves batch b from one of the states from (or the state of an
// interrupted run) to phase, or fails with the reason it cannot. An
// import that does not resume starts from the first line; a batch whose
// discarding was cut off cannot start until that ends (Discard).
func claim(ctx context.Context, tx *db.Tx, b Batch, phase State, mode Mode, from []State, now time.Time) error {
	if b.Interrupted() {
		from = append(from, b.State)
	}
	resume := phase == Running && b.resumable()
	args := []any{b.ID, phase, mode, now, resume, RolledBack}
	in := make([]string, len(from))
	for i, st := range from {
		args = append(args, st)
		in[i] = "$" + strconv.Itoa(len(args))
	}
	res, err := tx.ExecContext(ctx, `UPDATE import_batches SET state = $2, mode = CASE WHEN $3 = '' OR $5 THEN mode ELSE $3 END,
		done_line = CASE WHEN $5 THEN done_line ELSE 0 END, registry_below = CASE WHEN $5 THEN registry_below ELSE 0 END,
		error_key = '', error_args = '', updated_at = $4
		WHERE id = $1 AND state IN (`+strings.Join(in, ", ")+`) AND NOT (state = $6 AND done_line > 0)`, args...)
	if err != nil {
		return wrap("start", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return stateError(b.State)
	}
	return nil
}

func (s *Store) endRun(id int64) {
	runs.Lock()
	delete(runs.m, runKey{s, id})
	runs.Unlock()
}

// Do carries the run out on f, or on the file kept with the batch when f
// is nil, and records the outcome in the batch.
func (r *Run) Do(ctx context.Context, f *File) (Report, error) {
	s := r.s
	defer s.endRun(r.batch.ID)
	if f == nil {
		var err error
		if f, err = s.OpenFile(ctx, r.batch); err != nil {
			s.finish(ctx, r, Report{}, err)
			return Report{}, err
		}
		defer f.Close()
	}
	r.mu.Lock()
	r.progress.Total = f.EstimatedRows()
	r.mu.Unlock()
	if r.phase == Checking {
		rep, err := s.dryRun(ctx, f, r.batch.Mapping, r)
		s.finish(ctx, r, rep, err)
		return rep, err
	}
	rep, err := s.importPersons(ctx, r, f)
	if err != nil {
		s.finish(ctx, r, rep, err)
	}
	return rep, err
}

// finish records a finished dry run, or a failed run, in the batch. It
// runs even when ctx was cancelled (a shutdown), so the page tells the
// truth. The report replaces the batch's counts and issues only when the
// whole file was checked. An import that failed after committing chunks
// is interrupted, to be resumed or discarded; one refused for its bad
// rows (all or nothing) has what it committed discarded at once.
func (s *Store) finish(ctx context.Context, r *Run, rep Report, runErr error) {
	if r.job != 0 && ctx.Err() != nil || errors.Is(runErr, errLostRun) {
		return // a shutdown (its job runs again), or another runner's batch
	}
	ctx = context.WithoutCancel(ctx)
	if r.phase == Running && errors.Is(runErr, ErrHasInvalid) {
		if _, err := s.discard(ctx, r.batch.ID); err != nil { // the rows before the first bad one
			slog.ErrorContext(ctx, "import: discard refused rows", "batch", r.batch.ID, "err", err)
			runErr = err
		}
	}
	state, whole := Checked, r.phase == Checking
	var errKey, errArgs string
	if runErr != nil {
		ie, ok := errors.AsType[*i18n.Error](runErr)
		if !ok {
			ie = i18n.Errorf("import.error.failed")
			if !errors.Is(runErr, context.Canceled) {
				slog.ErrorContext(ctx, "import failed", "batch", r.batch.ID, "phase", r.phase, "err", runErr)
			}
		}
		errKey, errArgs = ie.Key, encodeArgs(ie.Args)
		state, whole = RolledBack, errors.Is(runErr, ErrHasInvalid)
		if r.phase == Checking {
			state, whole = Uploaded, false
		}
	}
	err := s.db.Transact(ctx, func(tx *db.Tx) error {
		// A second runner that failed must not undo a first one that committed.
		var now State
		var done int
		err := tx.QueryRowContext(ctx, `SELECT state, done_line FROM import_batches WHERE id = $1`, r.batch.ID).Scan(&now, &done)
		if err != nil || now == Committed {
			return err
		}
		if r.phase == Running && done > 0 {
			state = Interrupted // what was committed stays until resumed or discarded
		}
		if whole {
			if r.phase == Running {
				rep.Issues = withoutOwnPersons(rep.Issues) // discarded
			}
			if err := writeIssues(ctx, tx, r.batch.ID, rep.Issues); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, `UPDATE import_batches SET total_rows = $2, invalid_rows = $3, duplicate_rows = $4,
				flagged_rows = $5, imported_rows = 0 WHERE id = $1 AND state <> $6`,
				r.batch.ID, rep.Rows, rep.Invalid, rep.Duplicates, rep.Flagged, Committed)
			if err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, `UPDATE import_batches SET state = $2, error_key = $3, error_args = $4, updated_at = $5
			WHERE id = $1 AND state <> $6`, r.batch.ID, state, errKey, errArgs, s.now(), Committed)
		return err
	})
	if err != nil {
		// The batch stays "checking" or "running" and shows as interrupted.
		slog.ErrorContext(ctx, "import: record outcome", "batch", r.batch.ID, "err", err)
	}
}

// withoutOwnPersons is the report of an import whose persons were
// discarded: no row made a person, and no flag points at one of them.
func withoutOwnPersons(issues []Issue) []Issue {
	out := slices.Clone(issues)
	for i := range out {
		out[i].NewPersonID = 0
		if out[i].OtherLine != 0 {
			out[i].PersonID = 0 // an earlier row's person
		}
	}
	return out
}

// errLostRun stops a runner whose batch another runner has moved on, or
// that was discarded meanwhile.
var errLostRun = fmt.Errorf("imports: %w", ErrBusy)

// importPersons imports f a chunk at a time (chunkRows rows): each chunk's
// persons, with their names, search keys, citizenships, languages and
// statuses, the line each came from, the chunk's issues and flagged pairs,
// and the batch's counts and last committed line, in one short
// transaction, so that the writer is never held for long. A run cut off
// keeps what it committed: resumed, it goes on after the batch's last
// committed line, comparing the file with the same registry as before;
// discarded, what it added is removed. The last transaction marks the
// batch committed and writes the audit event.
func (s *Store) importPersons(ctx context.Context, r *Run, f *File) (Report, error) {
	if err := requireImport(ctx); err != nil {
		return Report{}, err
	}
	if err := r.batch.Mapping.Check(f.Headers); err != nil {
		return Report{}, err
	}
	pos, err := s.position(ctx, r.batch.ID)
	if err != nil {
		return Report{}, err
	}
	p, err := s.newPipeline(ctx, f, r.batch.Mapping, r, pos.below)
	if err != nil {
		return Report{}, wrap("start", err)
	}
	p.done, p.doneIDs = pos.done, pos.ids
	last := pos.done
	defer s.db.Bulk().Close()
	// A chunk is committed in parts of step rows, step chosen after each
	// part so that a part holds the writer for about commitTarget: the
	// same number of rows takes longer as the registry grows.
	step := chunkRows
	commit := func(ctx context.Context, rows []*importRow, found []Issue, upTo, read int) error {
		began := time.Now()
		err := s.db.TransactBulk(ctx, func(tx *db.Tx) error {
			if err := insert(ctx, tx, s.people.BulkWriter(tx), r.batch.ID, rows); err != nil {
				return err
			}
			issues := append(found, p.account(rows)...) // and the flagged
			if err := s.saveChunk(ctx, tx, r.batch.ID, last, upTo, read, len(rows), issues); err != nil {
				return err
			}
			if r.beforeCommit != nil {
				return r.beforeCommit(read)
			}
			return nil
		})
		if err != nil {
			return err
		}
		took := time.Since(began)
		last = upTo
		r.held(took)
		step = min(chunkRows, max(minStep, int(float64(len(rows))*float64(commitTarget)/float64(max(took, time.Millisecond)))))
		return nil
	}
	p.save = func(ctx context.Context, c chunk, rows []*importRow) error {
		found := append(slices.Clone(c.issues), p.write.Issues[c.written:]...) // bad, repeated, registered
		slices.SortStableFunc(found, func(a, b Issue) int { return cmp.Compare(a.Line, b.Line) })
		for {
			part, rest := rows[:min(len(rows), step)], rows[min(len(rows), step):]
			upTo := c.last
			if len(rest) > 0 {
				upTo = part[len(part)-1].line
			}
			i := 0
			for i < len(found) && found[i].Line <= upTo {
				i++
			}
			if err := commit(ctx, part, found[:i:i], upTo, c.read); err != nil {
				return err
			}
			if found, rows = found[i:], rest; len(rows) == 0 && len(found) == 0 {
				return nil
			}
		}
	}
	rep, err := p.do(ctx)
	if err != nil && ctx.Err() != nil {
		err = ctx.Err() // a cancelled PostgreSQL statement reports a closed connection
	}
	if err != nil {
		return rep, err
	}
	if r.mode == AllOrNothing && rep.Invalid > 0 {
		return rep, i18n.Errorf(ErrHasInvalid.Key, "Count", rep.Invalid)
	}
	err = s.db.Transact(ctx, func(tx *db.Tx) error {
		var b Batch
		err := tx.QueryRowContext(ctx, `UPDATE import_batches SET state = $2, error_key = '', error_args = '',
			updated_at = $3, finished_at = $3 WHERE id = $1 AND state = $4 AND done_line = $5
			RETURNING total_rows, invalid_rows, duplicate_rows, flagged_rows, imported_rows`,
			r.batch.ID, Committed, s.now(), Running, last).Scan(&b.Rows, &b.Invalid, &b.Duplicates, &b.Flagged, &b.Imported)
		if errors.Is(err, sql.ErrNoRows) {
			return errLostRun
		}
		if err != nil {
			return wrap("commit batch", err)
		}
		rep.Rows, rep.Invalid, rep.Duplicates, rep.Flagged, rep.Imported = b.Rows, b.Invalid, b.Duplicates, b.Flagged, b.Imported
		return audit.Record(ctx, tx, "person.import", "import_batch", strconv.FormatInt(r.batch.ID, 10),
			"mode="+string(r.mode), "rows="+strconv.Itoa(rep.Rows), "imported="+strconv.Itoa(rep.Imported),
			"invalid="+strconv.Itoa(rep.Invalid), "duplicates="+strconv.Itoa(rep.Duplicates), "flagged="+strconv.Itoa(rep.Flagged))
	})
	return rep, err
}

// saveChunk records a chunk in its transaction: its issues, its flagged
// pairs in the duplicates queue, and the batch's counts and last line. The
// batch must still be running from the line the runner last committed;
// otherwise another runner took it, or it was discarded.
func (s *Store) saveChunk(ctx context.Context, tx *db.Tx, batchID int64, from, to, read, imported int, issues []Issue) error {
	var invalid, duplicates, flagged int
	var pairs [][2]int64
	for _, is := range issues {
		switch is.Kind {
		case IssueInvalid:
			invalid++
		case IssuePossible:
			flagged++
			if is.PersonID != 0 && is.NewPersonID != 0 {
				pairs = append(pairs, [2]int64{is.PersonID, is.NewPersonID})
			}
		default:
			duplicates++
		}
	}
	res, err := tx.ExecContext(ctx, `UPDATE import_batches SET done_line = $3, total_rows = $4, invalid_rows = invalid_rows + $5,
		duplicate_rows = duplicate_rows + $6, flagged_rows = flagged_rows + $7, imported_rows = imported_rows + $8, updated_at = $9
		WHERE id = $1 AND state = $10 AND done_line = $2`,
		batchID, from, to, read, invalid, duplicates, flagged, imported, s.now(), Running)
	if err != nil {
		return wrap("chunk progress", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errLostRun
	}
	if err := addIssues(ctx, tx, batchID, issues); err != nil {
		return err
	}
	return s.people.QueueImportFlags(ctx, tx, pairs)
}

// position is where an import of a batch starts: after the lines an
// earlier run committed, against the registry as it was then.
type position struct {
	done  int
	below int64
	ids   map[int]int64 // the persons made of the lines done
}

// position reads where the import of batch id starts. A first run clears
// the dry run's report (a chunk at a time: it may be long) and fixes which
// persons are the registry to compare with: those registered now.
func (s *Store) position(ctx context.Context, id int64) (position, error) {
	var pos position
	err := s.db.QueryRowContext(ctx, `SELECT done_line, registry_below FROM import_batches WHERE id = $1`, id).Scan(&pos.done, &pos.below)
	if err != nil {
		return pos, wrap("position", err)
	}
	if pos.done == 0 {
		if err := s.clearIssues(ctx, id); err != nil {
			return pos, err
		}
		err = s.db.Transact(ctx, func(tx *db.Tx) error {
			return tx.QueryRowContext(ctx, `UPDATE import_batches SET total_rows = 0, invalid_rows = 0, duplicate_rows = 0,
				flagged_rows = 0, imported_rows = 0, registry_below = (SELECT COALESCE(MAX(id), 0) + 1 FROM persons)
				WHERE id = $1 AND done_line = 0 RETURNING registry_below`, id).Scan(&pos.below)
		})
		if errors.Is(err, sql.ErrNoRows) {
			return pos, errLostRun
		}
		return pos, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT line, person_id FROM import_persons WHERE batch_id = $1`, id)
	pos.ids = map[int]int64{}
	err = db.Each(rows, err, func(r db.Scanner) error {
		var line int
		var person int64
		err := r.Scan(&line, &person)
		pos.ids[line] = person
		return err
	})
	if err != nil {
		return pos, wrap("lines done", err)
	}
	return pos, nil
}
