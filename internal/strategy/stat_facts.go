package strategy

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"

	"inteqra/internal/db"
	"inteqra/internal/stats"
)

// StatFacts gives the statistics the Action Plan's measures as they stand
// today: each measure of the strategy published last, with its traffic
// light and its responsible organisation, for the programme's indicator
// "measures on track".
func (s *Store) StatFacts(ctx context.Context, q db.Querier, today time.Time, emit func(stats.Fact) error) error {
	rows, err := q.QueryContext(ctx, `SELECT starts_on, ends_on, status, responsible_org_id FROM strategy_items
		WHERE kind = $1 AND strategy_id = (SELECT id FROM strategies WHERE state = $2 ORDER BY published_at DESC, id DESC LIMIT 1)`,
		Measure, Published)
	err = db.Each(rows, err, func(r db.Scanner) error {
		var starts, ends sql.NullTime
		var org sql.NullInt64
		var it Item
		if err := r.Scan(&starts, &ends, &it.Status, &org); err != nil {
			return err
		}
		it.StartsOn, it.EndsOn = starts.Time, ends.Time
		f := stats.Fact{Kind: stats.Measure, Day: today, Outcome: string(it.LightOn(today))}
		if org.Valid {
			f.Unit = strconv.FormatInt(org.Int64, 10)
		}
		return emit(f)
	})
	if err != nil {
		return fmt.Errorf("strategy: statistics: %w", err)
	}
	return nil
}
