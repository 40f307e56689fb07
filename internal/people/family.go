package people

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"

	"inteqra/internal/access"
	"inteqra/internal/audit"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
)

// Relations a family link can have: the relative is the person's spouse,
// parent, child or sibling.
var Relations = []string{"spouse", "parent", "child", "sibling"}

// inverse gives the relation seen from the relative's side.
var inverse = map[string]string{"spouse": "spouse", "parent": "child", "child": "parent", "sibling": "sibling"}

// Relative is a family member of a person.
type Relative struct {
	Relation string
	Summary
}

// AddFamilyLink records that relativeID is personID's spouse, parent, child or sibling.
func (s *Store) AddFamilyLink(ctx context.Context, personID, relativeID int64, relation string) error {
	if err := access.Require(ctx, access.WritePeople); err != nil {
		return err
	}
	if !slices.Contains(Relations, relation) {
		return i18n.Errorf("people.error.relation_invalid", "Field", i18n.Key("people.relation"))
	}
	if personID == relativeID {
		return i18n.Errorf("people.error.relative_self", "Field", i18n.Key("people.relative_no"))
	}
	return s.db.Transact(ctx, func(tx *db.Tx) error {
		for _, id := range []int64{personID, relativeID} {
			if err := requireActive(ctx, tx, id); err != nil {
				if errors.Is(err, db.ErrNotFound) {
					return i18n.Errorf("people.error.relative_missing", "Field", i18n.Key("people.relative_no"))
				}
				return err
			}
		}
		var n int
		err := tx.QueryRowContext(ctx, `SELECT count(*) FROM family_links WHERE (person_id = $1 AND relative_id = $2)
			OR (person_id = $2 AND relative_id = $1)`, personID, relativeID).Scan(&n)
		if err != nil {
			return fmt.Errorf("people: family %d: %w", personID, err)
		}
		if n > 0 {
			return i18n.Errorf("people.error.relative_exists", "Field", i18n.Key("people.relative_no"))
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO family_links (person_id, relative_id, relation) VALUES ($1, $2, $3)`,
			personID, relativeID, relation)
		if err != nil {
			return fmt.Errorf("people: add family link %d: %w", personID, err)
		}
		for _, id := range []int64{personID, relativeID} {
			if err := audit.Record(ctx, tx, "person.add_relative", "person", strconv.FormatInt(id, 10), "family"); err != nil {
				return err
			}
		}
		return nil
	})
}

// Family returns a person's relatives, from links made on either side.
func (s *Store) Family(ctx context.Context, personID int64) ([]Relative, error) {
	if err := access.Require(ctx, access.ReadPeople); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `
		SELECT relative_id, relation, 0 FROM family_links WHERE person_id = $1
		UNION ALL
		SELECT person_id, relation, 1 FROM family_links WHERE relative_id = $1`, personID)
	relation := map[int64]string{}
	var ids []int64
	err = db.Each(rows, err, func(r db.Scanner) error {
		var id int64
		var rel string
		var reversed bool
		if err := r.Scan(&id, &rel, &reversed); err != nil {
			return err
		}
		if reversed {
			rel = inverse[rel]
		}
		relation[id] = rel
		ids = append(ids, id)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("people: family %d: %w", personID, err)
	}
	sums, err := summaries(ctx, s.db, ids)
	if err != nil {
		return nil, err
	}
	var out []Relative
	for _, sm := range sums {
		out = append(out, Relative{Relation: relation[sm.ID], Summary: sm})
	}
	i18n.SortFunc(out, func(r Relative) string { return r.DisplayName })
	return out, nil
}
