package cases

import (
	"context"
	"errors"
	"fmt"

	"inteqra/internal/db"
	"inteqra/internal/people"
	"inteqra/internal/storage"
)

// ConsentWithdrawn closes the person's open cases with the outcome
// "withdrawn" when participation consent is withdrawn, inside the
// withdrawal's transaction (a people.WithdrawHook).
func (s *Store) ConsentWithdrawn(ctx context.Context, tx *db.Tx, personID int64, purpose people.Purpose) error {
	if purpose != people.Participation {
		return nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT `+caseColumns+` FROM cases WHERE person_id = $1 AND state <> 'closed'`, personID)
	open, err := db.Collect(rows, err, scanCase)
	if err != nil {
		return fmt.Errorf("cases: open cases of %d: %w", personID, err)
	}
	for _, c := range open {
		if err := s.close(ctx, tx, &c, "withdrawn", ""); err != nil {
			return err
		}
	}
	return nil
}

// MovePerson hands a merged person's cases to the surviving record, inside
// the merge's transaction (a people.MergeHook).
func (s *Store) MovePerson(ctx context.Context, tx *db.Tx, from, to int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE cases SET person_id = $1 WHERE person_id = $2`, to, from)
	return err
}

// ErasePerson removes what the person's cases say about them when the person is
// erased: the stated needs, the text of notes, referrals and the timeline,
// and the uploaded documents, files included. The cases stay, with their
// states and dates, so the figures still count them. It runs inside the
// erasure's transaction (a people.EraseHook).
func (s *Store) ErasePerson(ctx context.Context, tx *db.Tx, personID int64) error {
	rows, err := tx.QueryContext(ctx, `SELECT a.storage_key FROM case_attachments a JOIN cases c ON c.id = a.case_id WHERE c.person_id = $1`, personID)
	keys, err := db.Collect(rows, err, func(r db.Scanner) (k string, err error) {
		err = r.Scan(&k)
		return k, err
	})
	if err != nil {
		return fmt.Errorf("cases: erase %d: %w", personID, err)
	}
	for _, q := range []string{
		`DELETE FROM case_attachments WHERE case_id IN (SELECT id FROM cases WHERE person_id = $1)`,
		`UPDATE case_notes SET body = '' WHERE case_id IN (SELECT id FROM cases WHERE person_id = $1)`,
		`UPDATE case_events SET detail = '' WHERE case_id IN (SELECT id FROM cases WHERE person_id = $1)`,
		`UPDATE referrals SET need = '', answer = '' WHERE case_id IN (SELECT id FROM cases WHERE person_id = $1)`,
		`UPDATE service_contacts SET outcome = '' WHERE case_id IN (SELECT id FROM cases WHERE person_id = $1)`,
		`UPDATE assessments SET strengths = '' WHERE case_id IN (SELECT id FROM cases WHERE person_id = $1)`,
		`UPDATE assessment_domains SET note = '' WHERE assessment_id IN
			(SELECT a.id FROM assessments a JOIN cases c ON c.id = a.case_id WHERE c.person_id = $1)`,
		`UPDATE plan_goals SET action = '', responsible = '' WHERE plan_id IN
			(SELECT p.id FROM plans p JOIN cases c ON c.id = p.case_id WHERE c.person_id = $1)`,
		`UPDATE plan_reviews SET note = '' WHERE plan_id IN
			(SELECT p.id FROM plans p JOIN cases c ON c.id = p.case_id WHERE c.person_id = $1)`,
		`UPDATE case_tasks SET title = '' WHERE case_id IN (SELECT id FROM cases WHERE person_id = $1)`,
		`UPDATE cases SET stated_needs = '' WHERE person_id = $1`,
	} {
		if _, err := tx.ExecContext(ctx, q, personID); err != nil {
			return fmt.Errorf("cases: erase %d: %w", personID, err)
		}
	}
	for _, k := range keys {
		if err := s.files.Delete(ctx, k); err != nil && !errors.Is(err, storage.ErrNotFound) {
			return fmt.Errorf("cases: erase %d: %w", personID, err)
		}
	}
	return nil
}
