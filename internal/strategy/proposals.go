package strategy

import (
	"context"
	"fmt"

	"inteqra/internal/db"
	"inteqra/internal/textcheck"
)

// CheckMeasure makes sure that id is a measure of a published strategy,
// for a feature that links its records to the measure carrying them out
// (a Council proposal the Service accepted) without reading this package's
// tables; anything else is refused on the field label.
func CheckMeasure(ctx context.Context, q db.Querier, label string, id int64) error {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM strategy_items i JOIN strategies s ON s.id = i.strategy_id
		WHERE i.id = $1 AND i.kind = $2 AND s.state = $3`, id, Measure, Published).Scan(&n)
	if err != nil {
		return fmt.Errorf("strategy: check measure %d: %w", id, err)
	}
	if n == 0 {
		return textcheck.Unknown(label)
	}
	return nil
}

// PublicMeasure returns a measure of a published strategy with its place
// in the plan, for the public pages that name it (a Council proposal's);
// any other item is not found. It names nobody, so it checks no
// permission.
func (s *Store) PublicMeasure(ctx context.Context, id int64) (Located, error) {
	loc, err := s.locate(ctx, id)
	if err == nil && (loc.Kind != Measure || loc.Strategy.State != Published) {
		err = fmt.Errorf("strategy: measure %d: %w", id, db.ErrNotFound)
	}
	return loc, err
}
