package imports

import (
	"context"
	"errors"
	"log/slog"
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
	progress   Progress
	onProgress func(Progress)
	// afterChunk, when set (by tests), runs after every chunk; an error
	// fails the run there, as a crash would.
	afterChunk func(done int) error
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

// Batch returns the batch as it was when the run started.
func (r *Run) Batch() Batch { return r.batch }

// OnProgress makes Do call fn after every chunk of rows, for a progress bar.
func (r *Run) OnProgress(fn func(Progress)) { r.onProgress = fn }

func (r *Run) advance(done int) error {
	if r == nil {
		return nil
	}
	r.mu.Lock()
	r.progress.Done = done
	r.progress.Total = max(r.progress.Total, done)
	p := r.progress
	r.mu.Unlock()
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

// StartImport starts the import of a batch in mode; Do carries it out. A
// batch left "running" by a crash may be started again: its transaction
// was rolled back, and a second runner of the same batch waits for the
// first and then finds it committed.
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

// claim moves batch b from one of the states from (or the state of an
// interrupted run) to phase, or fails with the reason it cannot.
func claim(ctx context.Context, tx *db.Tx, b Batch, phase State, mode Mode, from []State, now time.Time) error {
	if b.Interrupted() {
		from = append(from, b.State)
	}
	args := []any{b.ID, phase, mode, now}
	in := make([]string, len(from))
	for i, st := range from {
		args = append(args, st)
		in[i] = "$" + strconv.Itoa(len(args))
	}
	res, err := tx.ExecContext(ctx, `UPDATE import_batches SET state = $2, mode = CASE WHEN $3 = '' THEN mode ELSE $3 END,
		error_key = '', error_args = '', updated_at = $4 WHERE id = $1 AND state IN (`+strings.Join(in, ", ")+`)`, args...)
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
// whole file was read: a run cut off halfway keeps those of the dry run.
func (s *Store) finish(ctx context.Context, r *Run, rep Report, runErr error) {
	if r.job != 0 && ctx.Err() != nil {
		return // a shutdown: the batch stays as it is, and its job runs again
	}
	ctx = context.WithoutCancel(ctx)
	state, whole := Checked, true
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
			state = Uploaded
		}
	}
	err := s.db.Transact(ctx, func(tx *db.Tx) error {
		// A second runner that failed must not undo a first one that committed.
		var now State
		if err := tx.QueryRowContext(ctx, `SELECT state FROM import_batches WHERE id = $1`, r.batch.ID).Scan(&now); err != nil || now == Committed {
			return err
		}
		if whole {
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
		_, err := tx.ExecContext(ctx, `UPDATE import_batches SET state = $2, error_key = $3, error_args = $4, updated_at = $5
			WHERE id = $1 AND state <> $6`, r.batch.ID, state, errKey, errArgs, s.now(), Committed)
		return err
	})
	if err != nil {
		// The batch stays "checking" or "running" and shows as interrupted.
		slog.ErrorContext(ctx, "import: record outcome", "batch", r.batch.ID, "err", err)
	}
}

// importPersons imports f in one transaction: the persons, their names,
// search keys, citizenships, languages and statuses, the report, the
// batch's new state and one audit event. Nothing of it is visible before
// the commit, and nothing remains after an error or a crash.
func (s *Store) importPersons(ctx context.Context, r *Run, f *File) (Report, error) {
	if err := requireImport(ctx); err != nil {
		return Report{}, err
	}
	if err := r.batch.Mapping.Check(f.Headers); err != nil {
		return Report{}, err
	}
	var rep Report
	err := s.db.TransactBulk(ctx, func(tx *db.Tx) error {
		// Taking the batch's row serialises two runners of the same batch;
		// the second finds it committed.
		res, err := tx.ExecContext(ctx, `UPDATE import_batches SET updated_at = $2 WHERE id = $1 AND state <> $3`,
			r.batch.ID, s.now(), Committed)
		if err != nil {
			return wrap("lock batch", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrDone
		}
		// The registry is read where db.BulkReader says: beside the
		// transaction, where its rows are not visible (PostgreSQL), or in
		// it (SQLite: its in-memory test databases block readers while a
		// writer works). In it the persons this import adds are told apart
		// by their ids, which the single writer hands out above all others.
		w := s.people.BulkWriter(tx)
		reader := s.db.BulkReader(tx)
		var own func() int64
		if reader == db.Querier(tx) {
			own = w.FirstOwn
		}
		p, err := s.newPipeline(ctx, f, r.batch.Mapping, r, reader, own)
		if err != nil {
			return wrap("start", err)
		}
		p.insert = func(ctx context.Context, rows []*importRow) error {
			return insert(ctx, tx, w, r.batch.ID, rows)
		}
		rep, err = p.do(ctx)
		if err == nil {
			err = w.Finish(ctx) // the search keys, held back until now
		}
		if err != nil && ctx.Err() != nil {
			err = ctx.Err() // a cancelled PostgreSQL statement reports a closed connection
		}
		if err != nil {
			return err
		}
		if r.mode == AllOrNothing && rep.Invalid > 0 {
			rep.Imported = 0
			return i18n.Errorf(ErrHasInvalid.Key, "Count", rep.Invalid)
		}
		if err := writeIssues(ctx, tx, r.batch.ID, rep.Issues); err != nil {
			return err
		}
		if err := s.queueFlagged(ctx, tx, r.batch.ID); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE import_batches SET state = $2, total_rows = $3, invalid_rows = $4, duplicate_rows = $5,
			flagged_rows = $6, imported_rows = $7, error_key = '', error_args = '', updated_at = $8, finished_at = $8 WHERE id = $1`,
			r.batch.ID, Committed, rep.Rows, rep.Invalid, rep.Duplicates, rep.Flagged, rep.Imported, s.now())
		if err != nil {
			return wrap("commit batch", err)
		}
		return audit.Record(ctx, tx, "person.import", "import_batch", strconv.FormatInt(r.batch.ID, 10),
			"mode="+string(r.mode), "rows="+strconv.Itoa(rep.Rows), "imported="+strconv.Itoa(rep.Imported),
			"invalid="+strconv.Itoa(rep.Invalid), "duplicates="+strconv.Itoa(rep.Duplicates), "flagged="+strconv.Itoa(rep.Flagged))
	})
	if err != nil {
		rep.Imported = 0
	}
	return rep, err
}
