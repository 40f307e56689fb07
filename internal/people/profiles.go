package people

import (
	"context"
	"fmt"
	"slices"

	"inteqra/internal/db"
)

// Profile is what statistics break figures down by; it carries no name.
type Profile struct {
	Sex          Sex
	Citizenships []string
	Stateless    bool
}

// Profiles returns the sex and citizenships of the given persons, for
// features that publish aggregate figures.
func Profiles(ctx context.Context, q db.Querier, ids []int64) (map[int64]Profile, error) {
	out := make(map[int64]Profile, len(ids))
	ids = slices.Compact(slices.Sorted(slices.Values(ids)))
	for chunk := range slices.Chunk(ids, 500) {
		in, args := inList(chunk)
		rows, err := q.QueryContext(ctx, `SELECT id, sex, stateless FROM persons WHERE id IN (`+in+`)`, args...)
		err = db.Each(rows, err, func(r db.Scanner) error {
			var id int64
			var p Profile
			if err := r.Scan(&id, &p.Sex, &p.Stateless); err != nil {
				return err
			}
			out[id] = p
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("people: profiles: %w", err)
		}
		rows, err = q.QueryContext(ctx, `SELECT person_id, country FROM person_citizenships WHERE person_id IN (`+in+`) ORDER BY country`, args...)
		err = db.Each(rows, err, func(r db.Scanner) error {
			var id int64
			var country string
			if err := r.Scan(&id, &country); err != nil {
				return err
			}
			p := out[id]
			p.Citizenships = append(p.Citizenships, country)
			out[id] = p
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("people: profiles: %w", err)
		}
	}
	return out, nil
}
