package people

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"inteqra/internal/access"
	"inteqra/internal/audit"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/textcheck"
)

// Erase anonymises a person on a lawful request: names, birth, contacts,
// document numbers, citizenships, languages and family links are removed
// and the record can no longer be found. The record's number, its consents
// and the audit log keep that it existed and that it was erased, not who it was.
func (s *Store) Erase(ctx context.Context, id int64, reason string) error {
	if err := access.Require(ctx, access.ErasePeople); err != nil {
		return err
	}
	if err := textcheck.Field("people.erase_reason", reason, textcheck.Short); err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return i18n.Errorf("people.error.reason_required", "Field", i18n.Key("people.erase_reason"))
	}
	return s.db.Transact(ctx, func(tx *db.Tx) error {
		var state State
		if err := tx.QueryRowContext(ctx, `SELECT state FROM persons WHERE id = $1`, id).Scan(&state); err != nil {
			return fmt.Errorf("people: erase %d: %w", id, db.NotFound(err))
		}
		if state == Erased {
			return i18n.Errorf("people.error.already_erased")
		}
		now := s.now()
		oldKeys, err := keysOf(ctx, tx, id)
		if err != nil {
			return err
		}
		steps := []string{
			`DELETE FROM person_names WHERE person_id = $1`,
			`DELETE FROM person_citizenships WHERE person_id = $1`,
			`DELETE FROM person_languages WHERE person_id = $1`,
			`DELETE FROM person_documents WHERE person_id = $1`,
			`DELETE FROM family_links WHERE person_id = $1 OR relative_id = $1`,
			`DELETE FROM duplicate_pairs WHERE person_a = $1 OR person_b = $1`,
			`UPDATE residence_statuses SET document_no = '' WHERE person_id = $1`,
		}
		for _, q := range steps {
			if _, err := tx.ExecContext(ctx, q, id); err != nil {
				return fmt.Errorf("people: erase %d: %w", id, err)
			}
		}
		_, err = tx.ExecContext(ctx, `UPDATE persons SET state = $1, display_name = '', sex = '', birth_date = NULL, birth_year = NULL,
			stateless = $2, education = '', script = '', phone = '', email = '', address = '', region_id = NULL,
			erased_at = $3, erasure_reason = $4, updated_at = $3 WHERE id = $5`, Erased, false, now, reason, id)
		if err != nil {
			return fmt.Errorf("people: erase %d: %w", id, err)
		}
		if err := updateKeys(ctx, tx, id, oldKeys); err != nil { // an erased person has none
			return err
		}
		if err := audit.Record(ctx, tx, "person.erase", "person", strconv.FormatInt(id, 10), "personal_data", "reason"); err != nil {
			return err
		}
		// Last, because a hook may remove files, which no rollback brings back.
		for _, h := range s.eraseHooks {
			if err := h(ctx, tx, id); err != nil {
				return err
			}
		}
		return nil
	})
}

// EraseHook removes what another feature keeps about a person (the text of
// case notes, uploaded documents, declared document numbers) when the person
// is erased, inside the erasure's transaction.
type EraseHook func(ctx context.Context, tx *db.Tx, personID int64) error

// OnErase registers a hook that every erasure runs.
func (s *Store) OnErase(h EraseHook) { s.eraseHooks = append(s.eraseHooks, h) }
