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
		if err != nil {
			return nil, fmt.Errorf("people: profiles: %w", err)
		}
		for rows.Next() {
			var id int64
			var p Profile
			if err := rows.Scan(&id, &p.Sex, &p.Stateless); err != nil {
				rows.Close()
				return nil, fmt.Errorf("people: profiles: %w", err)
			}
			out[id] = p
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		rows, err = q.QueryContext(ctx, `SELECT person_id, country FROM person_citizenships WHERE person_id IN (`+in+`) ORDER BY country`, args...)
		if err != nil {
			return nil, fmt.Errorf("people: profiles: %w", err)
		}
		for rows.Next() {
			var id int64
			var country string
			if err := rows.Scan(&id, &country); err != nil {
				rows.Close()
				return nil, fmt.Errorf("people: profiles: %w", err)
			}
			p := out[id]
			p.Citizenships = append(p.Citizenships, country)
			out[id] = p
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}
