package training

import (
	"context"
	"fmt"
	"time"

	"inteqra/internal/i18n"
)

// YearCounts are the Centre's open-data figures of one calendar year (in
// Baku): the learners who completed a course and the certificates issued
// and not revoked. They are counts of persons before any protection: the
// statistics layer hides the small ones before anyone sees them.
type YearCounts struct {
	Year         int
	Completed    int
	Certificates int
}

// CountYears counts the Centre's figures for each of the years given. Each
// year is a range of the indexed dates, so neither dialect's date
// arithmetic is needed. It names nobody, so it checks no permission.
func (s *Store) CountYears(ctx context.Context, years []int) ([]YearCounts, error) {
	out := make([]YearCounts, 0, len(years))
	for _, y := range years {
		// Times are instants, counted by Baku's calendar; days are kept as
		// midnight UTC (i18n.DayOf), so their year is UTC's.
		from, to := i18n.YearIn(y)
		first, next := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(y+1, 1, 1, 0, 0, 0, 0, time.UTC)
		c := YearCounts{Year: y}
		err := s.db.QueryRowContext(ctx, `SELECT
			(SELECT count(*) FROM enrolments WHERE state = 'completed' AND ended_at >= $1 AND ended_at < $2),
			(SELECT count(*) FROM certificates WHERE state = 'issued' AND issued_on >= $3 AND issued_on < $4)`,
			from, to, first, next).Scan(&c.Completed, &c.Certificates)
		if err != nil {
			return nil, fmt.Errorf("training: count %d: %w", y, err)
		}
		out = append(out, c)
	}
	return out, nil
}
