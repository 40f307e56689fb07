package people

import (
	"context"
	"database/sql"
	"fmt"

	"inteqra/internal/i18n"
)

// Region is an entry of the catalogue of Azerbaijan's economic regions,
// cities and districts.
type Region struct {
	ID       int64
	Code     string
	ParentID int64
	Kind     string
	NameAz   string
	NameEn   string
	NameRu   string
	Active   bool
}

// Name returns the region's name in lang.
func (r Region) Name(lang i18n.Lang) string {
	switch lang {
	case i18n.EN:
		return r.NameEn
	case i18n.RU:
		return r.NameRu
	}
	return r.NameAz
}

// RegionGroup is a top-level region with the places inside it, for forms.
type RegionGroup struct {
	Region
	Places []Region
}

// Regions returns the active catalogue grouped under its top-level
// regions, each level sorted in lang's alphabetical order.
func (s *Store) Regions(ctx context.Context, lang i18n.Lang) ([]RegionGroup, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, code, parent_id, kind, name_az, name_en, name_ru, active FROM regions WHERE active = $1`, true)
	if err != nil {
		return nil, fmt.Errorf("people: regions: %w", err)
	}
	defer rows.Close()
	var all []Region
	for rows.Next() {
		var r Region
		var parent sql.NullInt64
		if err := rows.Scan(&r.ID, &r.Code, &parent, &r.Kind, &r.NameAz, &r.NameEn, &r.NameRu, &r.Active); err != nil {
			return nil, fmt.Errorf("people: regions: %w", err)
		}
		r.ParentID = parent.Int64
		all = append(all, r)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	byID := map[int64]Region{}
	for _, r := range all {
		byID[r.ID] = r
	}
	// Baku's districts hang under the city of Baku, which hangs under the
	// economic region: every place is listed under its top-level ancestor.
	top := func(r Region) int64 {
		for r.ParentID != 0 {
			r = byID[r.ParentID]
		}
		return r.ID
	}
	groups := map[int64]*RegionGroup{}
	var order []*RegionGroup
	for _, r := range all {
		if r.ParentID == 0 {
			g := &RegionGroup{Region: r}
			groups[r.ID] = g
			order = append(order, g)
		}
	}
	for _, r := range all {
		if r.ParentID != 0 {
			if g := groups[top(r)]; g != nil {
				g.Places = append(g.Places, r)
			}
		}
	}
	out := make([]RegionGroup, 0, len(order))
	for _, g := range order {
		i18n.SortFunc(g.Places, func(r Region) string { return r.Name(lang) })
		out = append(out, *g)
	}
	i18n.SortFunc(out, func(g RegionGroup) string { return g.Name(lang) })
	return out, nil
}

// RegionName returns the name in lang of the region with id, or "" when id is 0.
func (s *Store) RegionName(ctx context.Context, lang i18n.Lang, id int64) (string, error) {
	if id == 0 {
		return "", nil
	}
	var r Region
	err := s.db.QueryRowContext(ctx, `SELECT name_az, name_en, name_ru FROM regions WHERE id = $1`, id).Scan(&r.NameAz, &r.NameEn, &r.NameRu)
	if err != nil {
		return "", fmt.Errorf("people: region %d: %w", id, notFound(err))
	}
	return r.Name(lang), nil
}
