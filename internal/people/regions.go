package people

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"inteqra/internal/access"
	"inteqra/internal/audit"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/textcheck"
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
	all, err := s.regions(ctx, true)
	if err != nil {
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
		return "", fmt.Errorf("people: region %d: %w", id, db.NotFound(err))
	}
	return r.Name(lang), nil
}

// RegionKinds are the kinds of place in the catalogue.
var RegionKinds = []string{"economic_region", "autonomous_republic", "city", "district"}

// RegionInput is what the admin form gives for a region.
type RegionInput struct {
	Code     string
	ParentID int64
	Kind     string
	NameAz   string
	NameEn   string
	NameRu   string
	Active   bool
}

// Validate trims the input and returns every problem as translatable errors, joined.
func (in *RegionInput) Validate() error {
	var l textcheck.List
	if l.Check("regions.code", strings.TrimSpace(in.Code), textcheck.CodeRule) {
		if in.Code = strings.ToUpper(strings.TrimSpace(in.Code)); in.Code == "" {
			l.Add(i18n.Errorf("regions.error.code_required", "Field", i18n.Key("regions.code")))
		}
	}
	namesOK := l.Check("regions.name_az", in.NameAz, textcheck.Title)
	namesOK = l.Check("regions.name_en", in.NameEn, textcheck.Title) && namesOK
	namesOK = l.Check("regions.name_ru", in.NameRu, textcheck.Title) && namesOK
	in.NameAz, in.NameEn, in.NameRu = clean(in.NameAz), clean(in.NameEn), clean(in.NameRu)
	if namesOK && (in.NameAz == "" || in.NameEn == "" || in.NameRu == "") {
		first := "regions.name_az" // the first name missing: the form points there
		switch {
		case in.NameAz == "":
		case in.NameEn == "":
			first = "regions.name_en"
		default:
			first = "regions.name_ru"
		}
		l.Add(i18n.Errorf("regions.error.names_required", "Field", i18n.Key(first)))
	}
	switch {
	case !slices.Contains(RegionKinds, in.Kind):
		l.Add(i18n.Errorf("regions.error.kind_invalid", "Field", i18n.Key("regions.kind")))
	case (in.Kind == "city" || in.Kind == "district") && in.ParentID == 0:
		l.Add(i18n.Errorf("regions.error.parent_required", "Field", i18n.Key("regions.parent")))
	}
	if in.ParentID < 0 {
		l.Add(textcheck.Unknown("regions.parent"))
	}
	return l.Err()
}

// checkRegion returns nil when id is 0 (none chosen) or names a region in
// the catalogue, and textcheck.Unknown on the field label otherwise.
func checkRegion(ctx context.Context, q db.Querier, label string, id int64) error {
	if id == 0 {
		return nil
	}
	var n int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM regions WHERE id = $1`, id).Scan(&n); err != nil {
		return fmt.Errorf("people: region %d: %w", id, err)
	}
	if n == 0 {
		return textcheck.Unknown(label)
	}
	return nil
}

// AllRegions returns the whole catalogue, inactive entries included, in
// Azerbaijani order, for the admin page.
func (s *Store) AllRegions(ctx context.Context) ([]Region, error) {
	if err := access.Require(ctx, access.ManageRegions); err != nil {
		return nil, err
	}
	all, err := s.regions(ctx, false)
	i18n.SortFunc(all, func(r Region) string { return r.NameAz })
	return all, err
}

// regions reads the catalogue, or only its active entries.
func (s *Store) regions(ctx context.Context, onlyActive bool) ([]Region, error) {
	query := `SELECT id, code, parent_id, kind, name_az, name_en, name_ru, active FROM regions`
	var args []any
	if onlyActive {
		query, args = query+` WHERE active = $1`, []any{true}
	}
	rows, err := s.db.QueryContext(ctx, query, args...)
	all, err := db.Collect(rows, err, scanRegion)
	if err != nil {
		return nil, fmt.Errorf("people: regions: %w", err)
	}
	return all, nil
}

func scanRegion(row db.Scanner) (Region, error) {
	var r Region
	var parent sql.NullInt64
	err := row.Scan(&r.ID, &r.Code, &parent, &r.Kind, &r.NameAz, &r.NameEn, &r.NameRu, &r.Active)
	r.ParentID = parent.Int64
	if err != nil {
		return r, fmt.Errorf("people: region: %w", db.NotFound(err))
	}
	return r, nil
}

// Region returns one catalogue entry.
func (s *Store) Region(ctx context.Context, id int64) (Region, error) {
	if err := access.Require(ctx, access.ManageRegions); err != nil {
		return Region{}, err
	}
	return scanRegion(s.db.QueryRowContext(ctx, `SELECT id, code, parent_id, kind, name_az, name_en, name_ru, active FROM regions WHERE id = $1`, id))
}

// SaveRegion creates (id 0) or changes a catalogue entry.
func (s *Store) SaveRegion(ctx context.Context, id int64, in RegionInput) (int64, error) {
	if err := access.Require(ctx, access.ManageRegions); err != nil {
		return 0, err
	}
	if err := in.Validate(); err != nil {
		return 0, err
	}
	if id != 0 && in.ParentID == id {
		return 0, i18n.Errorf("regions.error.parent_self", "Field", i18n.Key("regions.parent"))
	}
	err := s.db.Transact(ctx, func(tx *db.Tx) error {
		if err := checkRegion(ctx, tx, "regions.parent", in.ParentID); err != nil {
			return err
		}
		var err error
		if id == 0 {
			err = tx.QueryRowContext(ctx, `INSERT INTO regions (code, parent_id, kind, name_az, name_en, name_ru, active)
				VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
				in.Code, db.NullID(in.ParentID), in.Kind, in.NameAz, in.NameEn, in.NameRu, in.Active).Scan(&id)
		} else {
			_, err = tx.ExecContext(ctx, `UPDATE regions SET code = $1, parent_id = $2, kind = $3, name_az = $4, name_en = $5,
				name_ru = $6, active = $7 WHERE id = $8`, in.Code, db.NullID(in.ParentID), in.Kind, in.NameAz, in.NameEn, in.NameRu, in.Active, id)
		}
		if db.IsUniqueViolation(err) {
			return i18n.Errorf("regions.error.code_taken", "Field", i18n.Key("regions.code"))
		}
		if err != nil {
			return fmt.Errorf("people: save region: %w", err)
		}
		return audit.Record(ctx, tx, "region.save", "region", strconv.FormatInt(id, 10), "code", "parent", "kind", "names", "active")
	})
	return id, err
}
