package strategy

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/orgs"
)

const itemColumns = `id, strategy_id, coalesce(parent_id, 0), kind, position, title_az, title_en, title_ru,
	coalesce(responsible_org_id, 0), starts_on, ends_on, budget_planned, budget_source, budget_spent, status`

func scanItem(r db.Scanner) (*Item, error) {
	it := &Item{}
	var starts, ends sql.NullTime
	var planned, spent sql.NullInt64
	err := r.Scan(&it.ID, &it.StrategyID, &it.ParentID, &it.Kind, &it.Position, &it.Title.Az, &it.Title.En, &it.Title.Ru,
		&it.Responsible.ID, &starts, &ends, &planned, &it.Source, &spent, &it.Status)
	it.StartsOn, it.EndsOn = starts.Time, ends.Time
	it.Planned, it.Spent = Money{planned.Int64, planned.Valid}, Money{spent.Int64, spent.Valid}
	return it, db.NotFound(err)
}

// itemOn returns one item with its partners' ids (not their names).
func itemOn(ctx context.Context, q db.Querier, id int64) (*Item, error) {
	it, err := scanItem(q.QueryRowContext(ctx, `SELECT `+itemColumns+` FROM strategy_items WHERE id = $1`, id))
	if err != nil {
		return it, fmt.Errorf("strategy: item %d: %w", id, err)
	}
	rows, err := q.QueryContext(ctx, `SELECT org_id FROM strategy_partners WHERE item_id = $1 ORDER BY org_id`, id)
	it.Partners, err = db.Collect(rows, err, func(r db.Scanner) (Org, error) {
		var o Org
		return o, r.Scan(&o.ID)
	})
	if err != nil {
		return it, fmt.Errorf("strategy: partners of %d: %w", id, err)
	}
	return it, nil
}

// tree reads a strategy's items, names their organisations, and returns
// the goals with their descendants in order, each numbered, and every item
// by its id.
func tree(ctx context.Context, q db.Querier, strategyID int64) ([]*Item, map[int64]*Item, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+itemColumns+` FROM strategy_items WHERE strategy_id = $1 ORDER BY position, id`, strategyID)
	items, err := db.Collect(rows, err, scanItem)
	if err != nil {
		return nil, nil, fmt.Errorf("strategy: items of %d: %w", strategyID, err)
	}
	names, err := orgs.Names(ctx, q)
	if err != nil {
		return nil, nil, err
	}
	byID := make(map[int64]*Item, len(items))
	for _, it := range items {
		it.Responsible.Name = names[it.Responsible.ID]
		byID[it.ID] = it
	}
	rows, err = q.QueryContext(ctx, `SELECT p.item_id, p.org_id FROM strategy_partners p JOIN strategy_items i ON i.id = p.item_id
		WHERE i.strategy_id = $1 ORDER BY p.item_id, p.org_id`, strategyID)
	err = db.Each(rows, err, func(r db.Scanner) error {
		var item, org int64
		if err := r.Scan(&item, &org); err != nil {
			return err
		}
		if it := byID[item]; it != nil {
			it.Partners = append(it.Partners, Org{ID: org, Name: names[org]})
		}
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("strategy: partners of %d: %w", strategyID, err)
	}
	if err := indicatorsOf(ctx, q, strategyID, byID); err != nil {
		return nil, nil, err
	}
	var goals []*Item
	for _, it := range items { // in position order, so children come in order
		if p := byID[it.ParentID]; p != nil {
			p.Children = append(p.Children, it)
		} else {
			goals = append(goals, it)
		}
	}
	number("", goals)
	return goals, byID, nil
}

// number numbers items as the document does, from their order among their
// siblings: 1, 1.2, 1.2.3.
func number(prefix string, items []*Item) {
	for i, it := range items {
		it.Number = prefix + strconv.Itoa(i+1)
		number(it.Number+".", it.Children)
	}
}

// scope returns the organisation whose measures the principal is limited
// to, and whether they are limited: a focal point sees only their own
// organisation's (none without one).
func scope(p access.Principal) (int64, bool) {
	if p.Role == access.FocalPoint && !p.IsSystem() {
		return p.OrgID, true
	}
	return 0, false
}

// mayReport reports whether p may see and report on the measure it.
func mayReport(p access.Principal, it *Item) bool {
	org, limited := scope(p)
	return !limited || org != 0 && it.Responsible.ID == org
}

// Counts are measures counted by traffic light.
type Counts struct {
	OnTrack, AtRisk, Delayed, Completed, Cancelled int
}

// Total returns how many measures were counted.
func (c Counts) Total() int { return c.OnTrack + c.AtRisk + c.Delayed + c.Completed + c.Cancelled }

func (c *Counts) add(l Light) {
	switch l {
	case OnTrack:
		c.OnTrack++
	case AtRisk:
		c.AtRisk++
	case Late:
		c.Delayed++
	case Done:
		c.Completed++
	case Dropped:
		c.Cancelled++
	}
}

// Tally is the counts of one objective or one agency.
type Tally struct {
	Objective *Item // nil in the counts by agency
	Agency    Org
	Counts
}

// Plan is a strategy with its tree, as of the day Today, and its measures
// counted by traffic light: in all, by objective and by responsible agency.
type Plan struct {
	Strategy
	Goals       []*Item
	Today       time.Time
	Total       Counts
	ByObjective []Tally
	ByAgency    []Tally
	Measures    int
	Reports     map[int64]Flags // by measure, when the back office asks (ReportFlags)
}

// Plan returns a strategy's plan. A focal point gets only the measures of
// their organisation, with the goals and objectives above them; the
// numbers stay those of the whole plan.
func (s *Store) Plan(ctx context.Context, id int64) (Plan, error) {
	if err := access.Require(ctx, access.ReadStrategy); err != nil {
		return Plan{}, err
	}
	st, err := strategyOn(ctx, s.db, id)
	if err != nil {
		return Plan{}, err
	}
	return s.plan(ctx, st, access.From(ctx))
}

// Published returns the plan of the strategy published last, for the
// public page: anyone may read it. It returns db.ErrNotFound when none is
// published.
func (s *Store) Published(ctx context.Context) (Plan, error) {
	st, err := scanStrategy(s.db.QueryRowContext(ctx, `SELECT `+strategyColumns+` FROM strategies WHERE state = $1
		ORDER BY published_at DESC, id DESC LIMIT 1`, Published))
	if err != nil {
		return Plan{}, fmt.Errorf("strategy: published: %w", err)
	}
	return s.plan(ctx, st, access.Principal{})
}

func (s *Store) plan(ctx context.Context, st Strategy, p access.Principal) (Plan, error) {
	goals, _, err := tree(ctx, s.db, st.ID)
	if err != nil {
		return Plan{}, err
	}
	pl := Plan{Strategy: st, Today: s.today()}
	pl.Goals = goals
	if _, limited := scope(p); limited {
		pl.Goals = prune(goals, func(it *Item) bool { return mayReport(p, it) })
	}
	agencies := map[int64]*Tally{}
	for _, g := range pl.Goals {
		for _, o := range g.Children {
			t := Tally{Objective: o}
			for _, m := range o.Children {
				l := m.LightOn(pl.Today)
				t.add(l)
				pl.Total.add(l)
				a := agencies[m.Responsible.ID]
				if a == nil {
					a = &Tally{Agency: m.Responsible}
					agencies[m.Responsible.ID] = a
				}
				a.add(l)
			}
			pl.ByObjective = append(pl.ByObjective, t)
		}
	}
	for _, a := range agencies {
		pl.ByAgency = append(pl.ByAgency, *a)
	}
	slices.SortFunc(pl.ByAgency, func(a, b Tally) int {
		return cmp.Or(b.Total()-a.Total(), i18n.Compare(a.Agency.Name, b.Agency.Name))
	})
	pl.Measures = pl.Total.Total()
	return pl, nil
}

// prune keeps the measures keep accepts, and the goals and objectives
// above a kept measure.
func prune(items []*Item, keep func(*Item) bool) []*Item {
	var out []*Item
	for _, it := range items {
		if it.Kind == Measure {
			if keep(it) {
				out = append(out, it)
			}
			continue
		}
		kids := prune(it.Children, keep)
		if len(kids) > 0 {
			it.Children = kids
			out = append(out, it)
		}
	}
	return out
}

// Located is an item with the strategy it belongs to and the items above it.
type Located struct {
	*Item
	Strategy Strategy
	Path     []*Item // the goal, then the objective, above the item
	Today    time.Time
}

// Item returns one item of a plan with its place in it. A focal point
// reads only the measures of their organisation: any other item answers
// as a missing one does.
func (s *Store) Item(ctx context.Context, id int64) (Located, error) {
	if err := access.Require(ctx, access.ReadStrategy); err != nil {
		return Located{}, err
	}
	loc, err := s.locate(ctx, id)
	if err != nil {
		return loc, err
	}
	if _, limited := scope(access.From(ctx)); limited && (loc.Kind != Measure || !mayReport(access.From(ctx), loc.Item)) {
		return Located{}, fmt.Errorf("strategy: item %d: %w", id, db.ErrNotFound)
	}
	return loc, nil
}

// locate reads one item with its strategy and the items above it.
func (s *Store) locate(ctx context.Context, id int64) (Located, error) {
	var strategyID int64
	if err := s.db.QueryRowContext(ctx, `SELECT strategy_id FROM strategy_items WHERE id = $1`, id).Scan(&strategyID); err != nil {
		return Located{}, fmt.Errorf("strategy: item %d: %w", id, db.NotFound(err))
	}
	st, err := strategyOn(ctx, s.db, strategyID)
	if err != nil {
		return Located{}, err
	}
	_, byID, err := tree(ctx, s.db, strategyID)
	if err != nil {
		return Located{}, err
	}
	it := byID[id]
	loc := Located{Item: it, Strategy: st, Today: s.today()}
	for p := byID[it.ParentID]; p != nil; p = byID[p.ParentID] {
		loc.Path = append([]*Item{p}, loc.Path...)
	}
	return loc, nil
}

// MyMeasures returns the measures the principal's organisation is
// responsible for, in every strategy not closed, in the plans' order: the
// focal point's list.
func (s *Store) MyMeasures(ctx context.Context) ([]Located, error) {
	if err := access.Require(ctx, access.ReportStrategy); err != nil {
		return nil, err
	}
	org := access.From(ctx).OrgID
	if org == 0 {
		return nil, nil
	}
	return s.measures(ctx, func(m *Item) bool { return m.Responsible.ID == org })
}

// Delayed returns the delayed measures of every strategy not closed that
// the principal may read: the strategy officer's list of what needs
// chasing.
func (s *Store) Delayed(ctx context.Context) ([]Located, error) {
	if err := access.Require(ctx, access.ReadStrategy); err != nil {
		return nil, err
	}
	p, today := access.From(ctx), s.today()
	return s.measures(ctx, func(m *Item) bool { return mayReport(p, m) && m.StatusOn(today) == Delayed })
}

// measures returns the measures keep accepts in every strategy not closed,
// the latest strategy first, each in its plan's order.
func (s *Store) measures(ctx context.Context, keep func(*Item) bool) ([]Located, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+strategyColumns+` FROM strategies WHERE state <> $1 ORDER BY first_year DESC, id DESC`, Closed)
	list, err := db.Collect(rows, err, scanStrategy)
	if err != nil {
		return nil, fmt.Errorf("strategy: measures: %w", err)
	}
	var out []Located
	today := s.today()
	for _, st := range list {
		goals, _, err := tree(ctx, s.db, st.ID)
		if err != nil {
			return nil, err
		}
		for _, g := range goals {
			for _, o := range g.Children {
				for _, m := range o.Children {
					if keep(m) {
						out = append(out, Located{Item: m, Strategy: st, Path: []*Item{g, o}, Today: today})
					}
				}
			}
		}
	}
	return out, nil
}

func nullDay(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}
