package strategy

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
	"inteqra/internal/orgs"
	"inteqra/internal/textcheck"
)

// AddItem adds a goal (ParentID 0), an objective under a goal or a measure
// under an objective, last among its siblings, and returns its id. A new
// measure is not started.
func (s *Store) AddItem(ctx context.Context, strategyID int64, in ItemInput) (int64, error) {
	if err := access.Require(ctx, access.ManageStrategy); err != nil {
		return 0, err
	}
	var id int64
	err := s.db.Transact(ctx, func(tx *db.Tx) error {
		if err := s.open(ctx, tx, strategyID); err != nil {
			return err
		}
		var l textcheck.List
		kind := Goal
		if in.ParentID != 0 {
			parent, err := itemOn(ctx, tx, in.ParentID)
			if err != nil && !errors.Is(err, db.ErrNotFound) {
				return err
			}
			kind = childKind[parent.Kind]
			if err != nil || parent.StrategyID != strategyID || kind == "" {
				// Checked again below as a goal's form, for its other problems.
				l.Add(textcheck.Unknown("strategy.item.parent"))
				kind = Goal
			}
		}
		m, err := in.validate(kind)
		l.Add(err)
		if kind == Measure {
			l.Add(checkOrgs(ctx, tx, in, nil))
		}
		if err := l.Err(); err != nil {
			return err
		}
		var position int
		if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(position), 0) + 1 FROM strategy_items
			WHERE strategy_id = $1 AND coalesce(parent_id, 0) = $2`, strategyID, in.ParentID).Scan(&position); err != nil {
			return fmt.Errorf("strategy: add item: %w", err)
		}
		status := Status("")
		if kind == Measure {
			status = NotStarted
		}
		now := db.Now()
		err = tx.QueryRowContext(ctx, `INSERT INTO strategy_items (strategy_id, parent_id, kind, position, title_az, title_en, title_ru,
			responsible_org_id, starts_on, ends_on, budget_planned, budget_source, budget_spent, status, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15) RETURNING id`,
			strategyID, db.NullID(in.ParentID), kind, position, in.Title.Az, in.Title.En, in.Title.Ru,
			db.NullID(in.ResponsibleID), nullDay(m.startsOn), nullDay(m.endsOn), m.planned.value(), in.Source, m.spent.value(), status, now).Scan(&id)
		if err != nil {
			return fmt.Errorf("strategy: add item: %w", err)
		}
		fields := []string{"title"}
		if kind == Measure {
			if err := setPartners(ctx, tx, id, in); err != nil {
				return err
			}
			fields = append(fields, "responsible", "partners", "dates", "budget")
		}
		return audit.Record(ctx, tx, "strategy_item.create", "strategy_item", strconv.FormatInt(id, 10), fields...)
	})
	return id, err
}

// UpdateItem changes an item's texts and, for a measure, what the form
// holds besides its status; where it stands in the tree changes with
// MoveItem.
func (s *Store) UpdateItem(ctx context.Context, id int64, in ItemInput) error {
	if err := access.Require(ctx, access.ManageStrategy); err != nil {
		return err
	}
	return s.db.Transact(ctx, func(tx *db.Tx) error {
		old, err := itemOn(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := s.open(ctx, tx, old.StrategyID); err != nil {
			return err
		}
		in.ParentID = old.ParentID
		var l textcheck.List
		m, err := in.validate(old.Kind)
		l.Add(err)
		if old.Kind == Measure {
			l.Add(checkOrgs(ctx, tx, in, old))
		}
		if err := l.Err(); err != nil {
			return err
		}
		if old.Kind != Measure {
			in = ItemInput{ParentID: old.ParentID, Title: in.Title}
		}
		changed := changes(old, in, m)
		if len(changed) == 0 {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE strategy_items SET title_az = $1, title_en = $2, title_ru = $3, responsible_org_id = $4,
			starts_on = $5, ends_on = $6, budget_planned = $7, budget_source = $8, budget_spent = $9, updated_at = $10 WHERE id = $11`,
			in.Title.Az, in.Title.En, in.Title.Ru, db.NullID(in.ResponsibleID), nullDay(m.startsOn), nullDay(m.endsOn),
			m.planned.value(), in.Source, m.spent.value(), db.Now(), id); err != nil {
			return fmt.Errorf("strategy: update item %d: %w", id, err)
		}
		if slices.Contains(changed, "partners") {
			if _, err := tx.ExecContext(ctx, `DELETE FROM strategy_partners WHERE item_id = $1`, id); err != nil {
				return fmt.Errorf("strategy: update item %d: %w", id, err)
			}
			if err := setPartners(ctx, tx, id, in); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, "strategy_item.update", "strategy_item", strconv.FormatInt(id, 10), changed...)
	})
}

// changes names the fields of old that in changes.
func changes(old *Item, in ItemInput, m measure) []string {
	var changed []string
	if old.Title != in.Title {
		changed = append(changed, "title")
	}
	if old.Responsible.ID != in.ResponsibleID {
		changed = append(changed, "responsible")
	}
	var partners []int64
	for _, p := range old.Partners {
		partners = append(partners, p.ID)
	}
	if !slices.Equal(partners, partnerIDs(in)) {
		changed = append(changed, "partners")
	}
	if !old.StartsOn.Equal(m.startsOn) || !old.EndsOn.Equal(m.endsOn) {
		changed = append(changed, "dates")
	}
	if old.Planned != m.planned || old.Source != in.Source || old.Spent != m.spent {
		changed = append(changed, "budget")
	}
	return changed
}

// partnerIDs returns the form's partners sorted, without repeats and
// without the responsible organisation.
func partnerIDs(in ItemInput) []int64 {
	ids := slices.Clone(in.PartnerIDs)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	return slices.DeleteFunc(ids, func(id int64) bool { return id == in.ResponsibleID })
}

// checkOrgs checks the organisations a measure's form chose: a new choice
// must be active, one the measure already names may since have become
// inactive.
func checkOrgs(ctx context.Context, tx *db.Tx, in ItemInput, old *Item) error {
	var l textcheck.List
	had := map[int64]bool{}
	if old != nil {
		had[old.Responsible.ID] = true
		for _, p := range old.Partners {
			had[p.ID] = true
		}
	}
	check := func(label string, id int64) error {
		if had[id] {
			return orgs.CheckExists(ctx, tx, label, id)
		}
		return orgs.CheckActive(ctx, tx, label, id)
	}
	if in.ResponsibleID != 0 {
		l.Add(check("strategy.measure.responsible", in.ResponsibleID))
	}
	for _, id := range partnerIDs(in) {
		if err := check("strategy.measure.partners", id); err != nil {
			l.Add(err)
			break
		}
	}
	return l.Err()
}

func setPartners(ctx context.Context, tx *db.Tx, id int64, in ItemInput) error {
	for _, org := range partnerIDs(in) {
		if _, err := tx.ExecContext(ctx, `INSERT INTO strategy_partners (item_id, org_id) VALUES ($1, $2)`, id, org); err != nil {
			return fmt.Errorf("strategy: partners of %d: %w", id, err)
		}
	}
	return nil
}

// MoveItem moves an item under parent (0 for a goal, which stays a goal),
// to position among its new siblings (1 for the first); the siblings it
// leaves and those it joins close up, so the numbers stay those of a
// document. An item keeps its kind: an objective moves under a goal, a
// measure under an objective.
func (s *Store) MoveItem(ctx context.Context, id, parent int64, position int) error {
	if err := access.Require(ctx, access.ManageStrategy); err != nil {
		return err
	}
	return s.db.Transact(ctx, func(tx *db.Tx) error {
		it, err := itemOn(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := s.open(ctx, tx, it.StrategyID); err != nil {
			return err
		}
		if parent != 0 {
			p, err := itemOn(ctx, tx, parent)
			if errors.Is(err, db.ErrNotFound) || err == nil && (p.StrategyID != it.StrategyID || childKind[p.Kind] != it.Kind) {
				return textcheck.Unknown("strategy.item.parent")
			}
			if err != nil {
				return err
			}
		} else if it.Kind != Goal {
			return textcheck.Unknown("strategy.item.parent")
		}
		siblings, err := childIDs(ctx, tx, it.StrategyID, parent)
		if err != nil {
			return err
		}
		siblings = slices.DeleteFunc(siblings, func(s int64) bool { return s == id })
		if position < 1 || position > len(siblings)+1 {
			return i18n.Errorf("strategy.error.position", "Field", i18n.Key("strategy.item.position"), "Max", len(siblings)+1)
		}
		siblings = slices.Insert(siblings, position-1, id)
		if err := renumber(ctx, tx, siblings); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE strategy_items SET parent_id = $1, updated_at = $2 WHERE id = $3`, db.NullID(parent), db.Now(), id); err != nil {
			return fmt.Errorf("strategy: move %d: %w", id, err)
		}
		fields := []string{"position"}
		if parent != it.ParentID {
			left, err := childIDs(ctx, tx, it.StrategyID, it.ParentID)
			if err != nil {
				return err
			}
			if err := renumber(ctx, tx, slices.DeleteFunc(left, func(s int64) bool { return s == id })); err != nil {
				return err
			}
			fields = append(fields, "parent")
		}
		return audit.Record(ctx, tx, "strategy_item.move", "strategy_item", strconv.FormatInt(id, 10), fields...)
	})
}

// childIDs returns the ids of parent's children (the goals for 0) in order.
func childIDs(ctx context.Context, q db.Querier, strategyID, parent int64) ([]int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT id FROM strategy_items WHERE strategy_id = $1 AND coalesce(parent_id, 0) = $2
		ORDER BY position, id`, strategyID, parent)
	ids, err := db.Collect(rows, err, func(r db.Scanner) (int64, error) {
		var id int64
		return id, r.Scan(&id)
	})
	if err != nil {
		return nil, fmt.Errorf("strategy: children of %d: %w", parent, err)
	}
	return ids, nil
}

// renumber gives ids the positions 1, 2, … in their order.
func renumber(ctx context.Context, tx *db.Tx, ids []int64) error {
	for i, id := range ids {
		if _, err := tx.ExecContext(ctx, `UPDATE strategy_items SET position = $1 WHERE id = $2 AND position <> $1`, i+1, id); err != nil {
			return fmt.Errorf("strategy: renumber %d: %w", id, err)
		}
	}
	return nil
}

// SetStatus sets a measure's status. A focal point sets it only on the
// measures of their own organisation: any other measure answers as a
// missing one does.
func (s *Store) SetStatus(ctx context.Context, id int64, status Status) error {
	if err := access.Require(ctx, access.ReportStrategy); err != nil {
		return err
	}
	if !slices.Contains(Statuses, status) {
		return textcheck.Unknown("strategy.measure.status")
	}
	return s.db.Transact(ctx, func(tx *db.Tx) error {
		it, err := itemOn(ctx, tx, id)
		if err != nil {
			return err
		}
		if it.Kind != Measure || !mayReport(access.From(ctx), it) {
			return fmt.Errorf("strategy: status of %d: %w", id, db.ErrNotFound)
		}
		if err := s.open(ctx, tx, it.StrategyID); err != nil {
			return err
		}
		if it.Status == status {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE strategy_items SET status = $1, updated_at = $2 WHERE id = $3`, status, db.Now(), id); err != nil {
			return fmt.Errorf("strategy: status of %d: %w", id, err)
		}
		return audit.Record(ctx, tx, "strategy_item.status", "strategy_item", strconv.FormatInt(id, 10), "status")
	})
}

// open returns nil when the strategy exists and is not closed: a closed
// strategy's plan is kept as it ended.
func (s *Store) open(ctx context.Context, q db.Querier, strategyID int64) error {
	st, err := strategyOn(ctx, q, strategyID)
	if err != nil {
		return err
	}
	if st.State == Closed {
		return stateError(st.State)
	}
	return nil
}
