package people

import (
	"context"
	"fmt"

	"inteqra/internal/db"
	"inteqra/internal/i18n"
)

// ErrInUse refuses to remove persons that other records point at.
var ErrInUse = i18n.Errorf("people.error.in_use")

// DeleteImported removes persons that an import added and that are to be
// discarded with it, in tx: their names, keys, citizenships, languages,
// statuses, documents and places in the duplicates queue, then the
// persons. It is for the import's own undoing only, never for a person
// anyone has worked with: when another record (a case, an enrolment, a
// consent, a merge) points at one of them, the database refuses and
// ErrInUse says so. The caller checks the permission.
func DeleteImported(ctx context.Context, tx *db.Tx, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	in := `(` + db.Placeholders(1, len(ids)) + `)`
	steps := []string{
		`DELETE FROM person_names WHERE person_id IN ` + in,
		`DELETE FROM person_keys WHERE person_id IN ` + in,
		`DELETE FROM person_citizenships WHERE person_id IN ` + in,
		`DELETE FROM person_languages WHERE person_id IN ` + in,
		`DELETE FROM person_documents WHERE person_id IN ` + in,
		`DELETE FROM residence_statuses WHERE person_id IN ` + in,
		`DELETE FROM duplicate_pairs WHERE person_a IN ` + in + ` OR person_b IN ` + in,
		`DELETE FROM persons WHERE id IN ` + in,
	}
	for _, q := range steps {
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			if db.IsForeignKeyViolation(err) {
				return ErrInUse
			}
			return fmt.Errorf("people: delete imported persons: %w", err)
		}
	}
	return nil
}
