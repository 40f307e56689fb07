package strategy

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	"inteqra/internal/access"
	"inteqra/internal/audit"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
)

const strategyColumns = `id, title_az, title_en, title_ru, first_year, last_year, state, published_at, closed_at, created_at, updated_at,
	report_period, report_due_days`

func scanStrategy(r db.Scanner) (Strategy, error) {
	var s Strategy
	var published, closed sql.NullTime
	err := r.Scan(&s.ID, &s.Title.Az, &s.Title.En, &s.Title.Ru, &s.FirstYear, &s.LastYear, &s.State, &published, &closed,
		&s.CreatedAt, &s.UpdatedAt, &s.Reporting.Period, &s.Reporting.DueDays)
	s.PublishedAt, s.ClosedAt = published.Time, closed.Time
	return s, db.NotFound(err)
}

// Strategies returns every strategy, the latest period first.
func (s *Store) Strategies(ctx context.Context) ([]Strategy, error) {
	if err := access.Require(ctx, access.ReadStrategy); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+strategyColumns+` FROM strategies ORDER BY first_year DESC, id DESC`)
	list, err := db.Collect(rows, err, scanStrategy)
	if err != nil {
		return nil, fmt.Errorf("strategy: strategies: %w", err)
	}
	return list, nil
}

// Strategy returns one strategy.
func (s *Store) Strategy(ctx context.Context, id int64) (Strategy, error) {
	if err := access.Require(ctx, access.ReadStrategy); err != nil {
		return Strategy{}, err
	}
	return strategyOn(ctx, s.db, id)
}

func strategyOn(ctx context.Context, q db.Querier, id int64) (Strategy, error) {
	st, err := scanStrategy(q.QueryRowContext(ctx, `SELECT `+strategyColumns+` FROM strategies WHERE id = $1`, id))
	if err != nil {
		return st, fmt.Errorf("strategy: strategy %d: %w", id, err)
	}
	return st, nil
}

// CreateStrategy drafts a new strategy.
func (s *Store) CreateStrategy(ctx context.Context, in StrategyInput) (int64, error) {
	if err := access.Require(ctx, access.ManageStrategy); err != nil {
		return 0, err
	}
	if err := in.Validate(); err != nil {
		return 0, err
	}
	var id int64
	err := s.db.Transact(ctx, func(tx *db.Tx) error {
		now := db.Now()
		err := tx.QueryRowContext(ctx, `INSERT INTO strategies (title_az, title_en, title_ru, first_year, last_year, state, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id`, in.Title.Az, in.Title.En, in.Title.Ru, in.FirstYear, in.LastYear, Draft, now).Scan(&id)
		if err != nil {
			return fmt.Errorf("strategy: create: %w", err)
		}
		return audit.Record(ctx, tx, "strategy.create", "strategy", strconv.FormatInt(id, 10), "title", "years")
	})
	return id, err
}

// UpdateStrategy changes a strategy's title and period; a closed strategy
// is kept as it was.
func (s *Store) UpdateStrategy(ctx context.Context, id int64, in StrategyInput) error {
	if err := access.Require(ctx, access.ManageStrategy); err != nil {
		return err
	}
	if err := in.Validate(); err != nil {
		return err
	}
	return s.db.Transact(ctx, func(tx *db.Tx) error {
		old, err := strategyOn(ctx, tx, id)
		if err != nil {
			return err
		}
		if old.State == Closed {
			return stateError(old.State)
		}
		var changed []string
		if old.Title != in.Title {
			changed = append(changed, "title")
		}
		if old.FirstYear != in.FirstYear || old.LastYear != in.LastYear {
			changed = append(changed, "years")
		}
		if len(changed) == 0 {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE strategies SET title_az = $1, title_en = $2, title_ru = $3, first_year = $4, last_year = $5,
			updated_at = $6 WHERE id = $7`, in.Title.Az, in.Title.En, in.Title.Ru, in.FirstYear, in.LastYear, db.Now(), id); err != nil {
			return fmt.Errorf("strategy: update %d: %w", id, err)
		}
		return audit.Record(ctx, tx, "strategy.update", "strategy", strconv.FormatInt(id, 10), changed...)
	})
}

func stateError(st State) error {
	return i18n.Errorf("strategy.error.state", "State", i18n.Key("strategy.state."+string(st)))
}

// Publish publishes a draft strategy: the public page shows it from now on.
// A strategy without a measure has nothing to show and is refused.
func (s *Store) Publish(ctx context.Context, id int64) error {
	return s.move(ctx, id, Draft, Published, "strategy.publish")
}

// Close closes a published strategy once its period is over; the public
// page shows the latest published one.
func (s *Store) Close(ctx context.Context, id int64) error {
	return s.move(ctx, id, Published, Closed, "strategy.close")
}

func (s *Store) move(ctx context.Context, id int64, from, to State, action string) error {
	if err := access.Require(ctx, access.ManageStrategy); err != nil {
		return err
	}
	return s.db.Transact(ctx, func(tx *db.Tx) error {
		st, err := strategyOn(ctx, tx, id)
		if err != nil {
			return err
		}
		if st.State != from {
			return stateError(st.State)
		}
		if to == Published {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM strategy_items WHERE strategy_id = $1 AND kind = $2`, id, Measure).Scan(&n); err != nil {
				return fmt.Errorf("strategy: publish %d: %w", id, err)
			}
			if n == 0 {
				return i18n.Errorf("strategy.error.empty")
			}
		}
		now := db.Now()
		column := "published_at"
		if to == Closed {
			column = "closed_at"
		}
		if _, err := tx.ExecContext(ctx, `UPDATE strategies SET state = $1, `+column+` = $2, updated_at = $2 WHERE id = $3 AND state = $4`,
			to, now, id, from); err != nil {
			return fmt.Errorf("strategy: %s %d: %w", to, id, err)
		}
		return audit.Record(ctx, tx, action, "strategy", strconv.FormatInt(id, 10), "state")
	})
}
