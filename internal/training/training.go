// Package training is the Training-Education Centre: courses and their
// cohorts, lessons generated from a weekly schedule, applications from the
// public portal and from staff, enrolment with a waitlist that holds under
// concurrency, attendance, tests and certificates.
//
// A learner is always a registry person: the package reaches the registry
// through internal/people's Go API and never reads its tables.
package training

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/notify"
	"inteqra/internal/people"
)

// Store reads and writes the Centre's records.
type Store struct {
	db     *db.DB
	people *people.Store
	now    func() time.Time
	notify *notify.Store // writes to applicants; nil writes to nobody
}

// NewStore returns a Store on d; registry persons are matched and created
// through ps. What a merge or an erasure of a person does to the Centre's
// records (MovePerson, ErasePerson) is hooked to the registry by
// app.FeatureStores.
func NewStore(d *db.DB, ps *people.Store) *Store {
	return &Store{db: d, people: ps, now: db.Now}
}

// MovePerson hands a merged person's applications and certificates to the
// surviving record, inside the merge's transaction (a people.MergeHook).
// A person holds one application to a cohort, so two records that both
// applied to the same cohort are not merged.
func (s *Store) MovePerson(ctx context.Context, tx *db.Tx, from, to int64) error {
	var both int
	err := tx.QueryRowContext(ctx, `SELECT count(*) FROM enrolments a JOIN enrolments b ON b.cohort_id = a.cohort_id
		WHERE a.person_id = $1 AND b.person_id = $2`, from, to).Scan(&both)
	if err != nil {
		return fmt.Errorf("training: move person %d: %w", from, err)
	}
	if both > 0 {
		return i18n.Errorf("training.error.merge_same_cohort")
	}
	for _, q := range []string{
		`UPDATE enrolments SET person_id = $1 WHERE person_id = $2`,
		`UPDATE certificates SET person_id = $1 WHERE person_id = $2`,
	} {
		if _, err := tx.ExecContext(ctx, q, to, from); err != nil {
			return err
		}
	}
	return nil
}

// ErasePerson clears the document number a person declared when applying,
// inside the erasure's transaction (a people.EraseHook).
func (s *Store) ErasePerson(ctx context.Context, tx *db.Tx, personID int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE enrolments SET declared_document = '' WHERE person_id = $1`, personID)
	return err
}

// ErrInvalidMove is returned when a state change is not allowed from the
// record's current state.
var ErrInvalidMove = i18n.Errorf("training.error.invalid_move")

type nullInt64 = sql.NullInt64

// nullTimeValue scans a nullable timestamp as a zero time when NULL.
type nullTimeValue struct{ sql.NullTime }

func (n *nullTimeValue) Scan(v any) error {
	if err := n.NullTime.Scan(v); err != nil {
		return err
	}
	n.Time = n.Time.UTC()
	return nil
}
