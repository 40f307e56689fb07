package people

import (
	"context"
	"fmt"
	"slices"
	"strconv"

	"inteqra/internal/access"
	"inteqra/internal/audit"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
)

// MergeFields are the single-valued fields the user picks from one record or
// the other when merging. Names, citizenships and languages are united, and
// all history moves to the survivor.
var MergeFields = []string{"sex", "birth", "script", "education", "phone", "email", "address", "region"}

// MergeInput says which record survives and, for each field of
// MergeFields, which record's value it keeps (the survivor's when absent).
type MergeInput struct {
	Survivor int64
	Merged   int64
	Take     map[string]int64 // field → id of the record whose value is kept
}

// MergeHook moves what another feature keeps about a person (cases,
// enrolments, certificates) from one record to another, inside the merge's
// transaction.
type MergeHook func(ctx context.Context, tx *db.Tx, from, to int64) error

// OnMerge registers a hook that every merge runs; the app wires features'
// hooks at start.
func (s *Store) OnMerge(h MergeHook) { s.mergeHooks = append(s.mergeHooks, h) }

// Merge merges one record into another in one transaction: the chosen
// values, every spelling, citizenship and language, the statuses, consents
// and family links, and whatever other features hold through their hooks,
// end on the survivor; the merged record stays, marked "merged into".
func (s *Store) Merge(ctx context.Context, in MergeInput) error {
	if err := access.Require(ctx, access.MergePeople); err != nil {
		return err
	}
	if in.Survivor == in.Merged || in.Survivor == 0 || in.Merged == 0 {
		return i18n.Errorf("people.error.merge_same")
	}
	for f, id := range in.Take {
		if !slices.Contains(MergeFields, f) || (id != in.Survivor && id != in.Merged) {
			return i18n.Errorf("people.error.merge_choice")
		}
	}
	return s.db.Transact(ctx, func(tx *db.Tx) error {
		keep, err := loadPerson(ctx, tx, in.Survivor)
		if err != nil {
			return err
		}
		gone, err := loadPerson(ctx, tx, in.Merged)
		if err != nil {
			return err
		}
		if keep.State != Active || gone.State != Active {
			return errNotActive
		}
		var changed []string
		for _, f := range MergeFields {
			if in.Take[f] == in.Merged {
				takeField(&keep, gone, f)
				changed = append(changed, f)
			}
		}
		for _, n := range gone.Names {
			if !slices.ContainsFunc(keep.Names, func(k Name) bool { return k.Kind == n.Kind && k.Full() == n.Full() }) {
				keep.Names = append(keep.Names, n)
			}
		}
		keep.Stateless = keep.Stateless && len(gone.Citizenships) == 0
		keep.DisplayName = displayName(keep.Names)
		if err := s.mergeRows(ctx, tx, keep, gone); err != nil {
			return err
		}
		for _, h := range s.mergeHooks {
			if err := h(ctx, tx, gone.ID, keep.ID); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, `UPDATE duplicate_pairs SET state = 'merged', decided_by = $1, decided_at = $2
			WHERE state = 'open' AND (person_a IN ($3, $4) OR person_b IN ($3, $4))`, db.NullID(access.From(ctx).UserID), s.now(), keep.ID, gone.ID)
		if err != nil {
			return fmt.Errorf("people: close pairs: %w", err)
		}
		fields := append([]string{"names", "citizenships", "languages", "statuses", "consents", "family"}, changed...)
		if err := audit.Record(ctx, tx, "person.merge", "person", strconv.FormatInt(keep.ID, 10), fields...); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "person.merged_into", "person", strconv.FormatInt(gone.ID, 10), "state", "merged_into")
	})
}

// takeField copies field f from src into dst.
func takeField(dst *Person, src Person, f string) {
	switch f {
	case "sex":
		dst.Sex = src.Sex
	case "birth":
		dst.BirthDate, dst.BirthYear = src.BirthDate, src.BirthYear
	case "script":
		dst.Script = src.Script
	case "education":
		dst.Education = src.Education
	case "phone":
		dst.Phone = src.Phone
	case "email":
		dst.Email = src.Email
	case "address":
		dst.Address = src.Address
	case "region":
		dst.RegionID = src.RegionID
	}
}

// mergeRows writes the survivor and moves the merged record's rows to it.
func (s *Store) mergeRows(ctx context.Context, tx *db.Tx, keep, gone Person) error {
	now := s.now()
	keepKeys, err := keysOf(ctx, tx, keep.ID)
	if err != nil {
		return err
	}
	goneKeys, err := keysOf(ctx, tx, gone.ID)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE persons SET display_name = $1, sex = $2, birth_date = $3, birth_year = $4, stateless = $5,
		script = $6, education = $7, phone = $8, email = $9, address = $10, region_id = $11, updated_at = $12 WHERE id = $13`,
		keep.DisplayName, keep.Sex, nullDate(keep.BirthDate), db.NullID(int64(keep.BirthYear)), keep.Stateless, keep.Script,
		keep.Education, keep.Phone, keep.Email, keep.Address, db.NullID(keep.RegionID), now, keep.ID)
	if err != nil {
		return fmt.Errorf("people: merge %d into %d: %w", gone.ID, keep.ID, err)
	}
	// Parameters in a SELECT list are cast: PostgreSQL cannot infer their type there.
	moves := []string{
		// Spellings the survivor lacks move over; identical ones stay behind.
		`INSERT INTO person_names (person_id, kind, surname, given, patronymic)
			SELECT CAST($1 AS BIGINT), g.kind, g.surname, g.given, g.patronymic FROM person_names g WHERE g.person_id = $2
			AND NOT EXISTS (SELECT 1 FROM person_names k WHERE k.person_id = $1 AND k.kind = g.kind
				AND k.surname = g.surname AND k.given = g.given AND k.patronymic = g.patronymic)`,
		`INSERT INTO person_citizenships (person_id, country) SELECT CAST($1 AS BIGINT), country FROM person_citizenships WHERE person_id = $2
			ON CONFLICT DO NOTHING`,
		`INSERT INTO person_languages (person_id, language) SELECT CAST($1 AS BIGINT), language FROM person_languages WHERE person_id = $2
			ON CONFLICT DO NOTHING`,
		`UPDATE residence_statuses SET person_id = $1 WHERE person_id = $2`,
		`INSERT INTO person_documents (person_id, document_no) SELECT CAST($1 AS BIGINT), document_no FROM person_documents WHERE person_id = $2
			ON CONFLICT DO NOTHING`,
		`UPDATE consents SET person_id = $1 WHERE person_id = $2`,
		// A link the survivor already has would break the unique pair.
		`DELETE FROM family_links WHERE person_id = $2 AND relative_id IN (SELECT relative_id FROM family_links WHERE person_id = $1)`,
		`DELETE FROM family_links WHERE relative_id = $2 AND person_id IN (SELECT person_id FROM family_links WHERE relative_id = $1)`,
		`UPDATE family_links SET person_id = $1 WHERE person_id = $2`,
		`UPDATE family_links SET relative_id = $1 WHERE relative_id = $2`,
	}
	for _, q := range moves {
		if _, err := tx.ExecContext(ctx, q, keep.ID, gone.ID); err != nil {
			return fmt.Errorf("people: merge %d into %d: %w", gone.ID, keep.ID, err)
		}
	}
	// A link between the two records themselves has become a self-link.
	if _, err := tx.ExecContext(ctx, `DELETE FROM family_links WHERE person_id = $1 AND relative_id = $1`, keep.ID); err != nil {
		return fmt.Errorf("people: merge %d into %d: %w", gone.ID, keep.ID, err)
	}
	_, err = tx.ExecContext(ctx, `UPDATE persons SET state = $1, merged_into = $2, updated_at = $3 WHERE id = $4`,
		Merged, keep.ID, now, gone.ID)
	if err != nil {
		return fmt.Errorf("people: mark %d merged: %w", gone.ID, err)
	}
	// The survivor's keys follow from its data, united with the merged
	// record's; a merged record has none.
	if err := updateKeys(ctx, tx, keep.ID, keepKeys); err != nil {
		return err
	}
	return updateKeys(ctx, tx, gone.ID, goneKeys)
}
