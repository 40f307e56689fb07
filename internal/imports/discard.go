package imports

import (
	"context"
	"strconv"

	"inteqra/internal/audit"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/people"
)

// ErrOtherFile refuses to resume an import with another file than the one
// it was started with.
var ErrOtherFile = i18n.Errorf("import.error.other_file")

// discardRows is how many persons one transaction of a discard removes.
const discardRows = 500

// ErrNotInterrupted refuses to discard a batch that was not cut off.
var ErrNotInterrupted = i18n.Errorf("import.error.not_interrupted")

// Discard removes what an interrupted import added, a few hundred persons
// per transaction, and leaves the batch rolled back; it returns how many
// persons it removed. A discard cut off in turn leaves the batch rolled
// back with lines still done, and is run again. Persons that someone has
// worked with since (a case, an enrolment, a consent) are not removed:
// the discard stops with people.ErrInUse.
func (s *Store) Discard(ctx context.Context, id int64) (int, error) {
	if err := requireImport(ctx); err != nil {
		return 0, err
	}
	b, err := s.Batch(ctx, id)
	if err != nil {
		return 0, err
	}
	if !b.resumable() && (b.State != RolledBack || b.DoneLine == 0) {
		return 0, ErrNotInterrupted
	}
	run, err := s.newRun(b, RolledBack, b.Mode) // no run of the batch may start meanwhile
	if err != nil {
		return 0, err
	}
	defer s.endRun(run.batch.ID)
	err = s.db.Transact(ctx, func(tx *db.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE import_batches SET state = $2, error_key = $3, error_args = '', updated_at = $4
			WHERE id = $1 AND state = $5`, id, RolledBack, "import.error.discarded", s.now(), b.State)
		if err != nil {
			return wrap("discard", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrBusy
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return s.discard(ctx, id)
}

// discard removes the persons batch id added and its report, and records
// that in the audit log.
func (s *Store) discard(ctx context.Context, id int64) (int, error) {
	if err := s.clearIssues(ctx, id); err != nil {
		return 0, err
	}
	removed := 0
	for {
		var n int
		err := s.db.Transact(ctx, func(tx *db.Tx) error {
			rows, err := tx.QueryContext(ctx, `SELECT person_id FROM import_persons WHERE batch_id = $1 ORDER BY line DESC LIMIT $2`,
				id, discardRows)
			ids, err := db.Collect(rows, err, func(r db.Scanner) (int64, error) {
				var id int64
				return id, r.Scan(&id)
			})
			if err != nil || len(ids) == 0 {
				return err
			}
			args := []any{id}
			for _, p := range ids {
				args = append(args, p)
			}
			_, err = tx.ExecContext(ctx, `DELETE FROM import_persons WHERE batch_id = $1 AND person_id IN (`+db.Placeholders(2, len(ids))+`)`, args...)
			if err != nil {
				return wrap("discard lines", err)
			}
			// Other imports' reports keep the flag, without the link.
			_, err = tx.ExecContext(ctx, `UPDATE import_issues SET person_id = NULL WHERE person_id IN (`+db.Placeholders(1, len(ids))+`)`,
				args[1:]...)
			if err != nil {
				return wrap("discard flags", err)
			}
			n = len(ids)
			return people.DeleteImported(ctx, tx, ids)
		})
		if err != nil {
			return removed, err
		}
		if n == 0 {
			break
		}
		removed += n
	}
	err := s.db.Transact(ctx, func(tx *db.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE import_batches SET done_line = 0, total_rows = 0, invalid_rows = 0, duplicate_rows = 0,
			flagged_rows = 0, imported_rows = 0, updated_at = $2 WHERE id = $1`, id, s.now())
		if err != nil {
			return wrap("discard", err)
		}
		return audit.Record(ctx, tx, "person.import_discard", "import_batch", strconv.FormatInt(id, 10), "removed="+strconv.Itoa(removed))
	})
	return removed, err
}

// Resumable returns batch id for the command line to resume with content,
// the file it was started with: a batch whose file was not kept is
// resumed only with the very same file.
func (s *Store) Resumable(ctx context.Context, id int64, content []byte) (Batch, error) {
	b, err := s.Batch(ctx, id)
	if err != nil {
		return b, err
	}
	if !b.resumable() {
		return b, ErrNotInterrupted
	}
	if b.ContentSHA256 != "" && b.ContentSHA256 != ContentHash(content) {
		return b, ErrOtherFile
	}
	return b, nil
}
