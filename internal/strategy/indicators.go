package strategy

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
	"inteqra/internal/stats"
	"inteqra/internal/textcheck"
)

// IndicatorKind is what an indicator measures.
type IndicatorKind string

// Indicator kinds, as results frameworks name them: the change sought,
// what the measure delivers, and how the work goes.
const (
	Outcome IndicatorKind = "outcome"
	Output  IndicatorKind = "output"
	Process IndicatorKind = "process"
)

// IndicatorKinds lists the kinds in the order forms show them.
var IndicatorKinds = []IndicatorKind{Outcome, Output, Process}

// Unit is what an indicator's values count.
type Unit string

// Units: a whole number, a percentage (0 to 100, two decimals), an amount
// in manat (two decimals).
const (
	Number  Unit = "number"
	Percent Unit = "percent"
	Manat   Unit = "manat"
)

// Units lists the units in the order forms show them.
var Units = []Unit{Number, Percent, Manat}

// IndicatorSource is where an indicator's values come from.
type IndicatorSource string

// Reported values are typed by the measure's focal point in its progress
// reports; computed ones are the programme's figures, counted by the
// statistics package for every period with no typing.
const (
	Reported IndicatorSource = "reported"
	Computed IndicatorSource = "computed"
)

// IndicatorSources lists the sources in the order forms show them.
var IndicatorSources = []IndicatorSource{Reported, Computed}

// Figures are the programme figures (stats.Dashboards' "programme") a
// computed indicator may take its values from.
var Figures = []string{"reached", "assessed", "plan_on_time", "referrals_completed", "course_completion",
	"certificates", "proposals_accepted"}

// figureOf returns the programme's figure of a code.
func figureOf(code string) (stats.Figure, bool) {
	d, _ := stats.DashboardOf("programme")
	for _, f := range d.Figures {
		if f.Code == code && slices.Contains(Figures, code) {
			return f, true
		}
	}
	return stats.Figure{}, false
}

// figureUnit is the unit of a figure's values: a share for a rate, a count
// otherwise.
func figureUnit(f stats.Figure) Unit {
	if f.Rate != "" {
		return Percent
	}
	return Number
}

// Indicator is an indicator of an objective or a measure, with its
// targets by year. Values, the baseline and targets are in hundredths
// (Money), whatever the unit.
type Indicator struct {
	ID           int64
	ItemID       int64
	Position     int
	Title        Texts
	Definition   Texts
	Kind         IndicatorKind
	Unit         Unit
	Baseline     Money
	BaselineYear int
	Source       IndicatorSource
	Figure       string // the programme figure of a computed indicator
	Breakdowns   []stats.Category
	Targets      []Target // by year, ascending
}

// Target is an indicator's target for a year.
type Target struct {
	Year  int
	Value Money
}

// TargetOf returns the indicator's target for a year.
func (ind *Indicator) TargetOf(year int) (Money, bool) {
	for _, t := range ind.Targets {
		if t.Year == year {
			return t.Value, true
		}
	}
	return Money{}, false
}

// Format writes a value of the indicator for the reader: a count with the
// language's grouping, a percentage, or an amount in manat.
func (ind *Indicator) Format(p *i18n.Printer, v Money) string {
	if !v.Valid {
		return p.T("strategy.indicator.no_value")
	}
	return FormatValue(p, ind.Unit, v)
}

// FormatValue writes a value of a unit for the reader.
func FormatValue(p *i18n.Printer, u Unit, v Money) string {
	switch u {
	case Percent:
		return p.T("stats.percent", "Value", p.Number(v.Manat(), decimals(v)))
	case Manat:
		return p.T("strategy.indicator.manat", "Value", p.Number(v.Manat(), decimals(v)))
	}
	return p.Number(v.Manat(), decimals(v))
}

// decimals is how many decimals a value in hundredths needs.
func decimals(v Money) int {
	switch {
	case v.Qepik%100 == 0:
		return 0
	case v.Qepik%10 == 0:
		return 1
	}
	return 2
}

// Edit returns the input that reproduces the indicator, for its form.
func (ind *Indicator) Edit() IndicatorInput {
	in := IndicatorInput{Title: ind.Title, Definition: ind.Definition, Kind: ind.Kind, Unit: ind.Unit,
		Baseline: ind.Baseline.Form(), Source: ind.Source, Figure: ind.Figure, Breakdowns: ind.Breakdowns,
		Targets: map[int]string{}}
	if ind.BaselineYear != 0 {
		in.BaselineYear = strconv.Itoa(ind.BaselineYear)
	}
	for _, t := range ind.Targets {
		in.Targets[t.Year] = t.Value.Form()
	}
	return in
}

// IndicatorInput is the indicator form.
type IndicatorInput struct {
	Title        Texts
	Definition   Texts
	Kind         IndicatorKind
	Unit         Unit // a computed indicator takes its figure's
	Baseline     string
	BaselineYear string
	Source       IndicatorSource
	Figure       string
	Breakdowns   []stats.Category
	Targets      map[int]string // year → value as typed
}

// HasBreakdown reports whether the form asks for a breakdown.
func (in IndicatorInput) HasBreakdown(c stats.Category) bool {
	return slices.Contains(in.Breakdowns, c)
}

// indicator is an indicator's form read into values.
type indicator struct {
	baseline     Money
	baselineYear int
	targets      []Target
	breakdowns   string
}

// checkValue checks a value read as an amount against the unit: a count
// is whole, a percentage at most 100.
func checkValue(u Unit, v Money, label string) error {
	switch {
	case !v.Valid:
	case u == Number && v.Qepik%100 != 0:
		return i18n.Errorf("strategy.error.whole", "Field", i18n.Key(label))
	case u == Percent && v.Qepik > 100*100:
		return i18n.Errorf("strategy.error.percent", "Field", i18n.Key(label))
	}
	return nil
}

// readValue reads a value typed for a unit.
func readValue(u Unit, typed, label string) (Money, error) {
	v, err := amount(typed, label)
	if err != nil {
		return v, i18n.Errorf("strategy.error.value", "Field", i18n.Key(label))
	}
	return v, checkValue(u, v, label)
}

// validate checks the form of an indicator of an item of kind in st and
// returns its values, with every problem at once.
func (in *IndicatorInput) validate(kind Kind, st Strategy) (indicator, error) {
	var l textcheck.List
	var ind indicator
	checkTexts(&l, &in.Title, "strategy.indicator.title", textcheck.Medium)
	checkTexts(&l, &in.Definition, "strategy.indicator.definition", textcheck.Long)
	if !slices.Contains(IndicatorKinds, in.Kind) {
		l.Add(textcheck.Unknown("strategy.indicator.kind"))
	}
	switch in.Source {
	case Computed:
		f, ok := figureOf(in.Figure)
		if !ok {
			l.Add(textcheck.Unknown("strategy.indicator.figure"))
		}
		in.Unit = figureUnit(f)
	case Reported:
		in.Figure = ""
		if kind != Measure {
			l.Add(i18n.Errorf("strategy.error.reported_objective", "Field", i18n.Key("strategy.indicator.source")))
		}
		if !slices.Contains(Units, in.Unit) {
			l.Add(textcheck.Unknown("strategy.indicator.unit"))
		}
	default:
		l.Add(textcheck.Unknown("strategy.indicator.source"))
	}
	var cats []string
	for _, c := range in.Breakdowns {
		if _, ok := stats.ParseCategory(string(c)); !ok || slices.Contains(cats, string(c)) {
			l.Add(textcheck.Unknown("strategy.indicator.breakdowns"))
			break
		}
		cats = append(cats, string(c))
	}
	ind.breakdowns = strings.Join(cats, ",")
	var err error
	ind.baseline, err = readValue(in.Unit, in.Baseline, "strategy.indicator.baseline")
	l.Add(err)
	if y := strings.TrimSpace(in.BaselineYear); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil || n < minYear || n > maxYear {
			l.Add(i18n.Errorf("strategy.error.year", "Field", i18n.Key("strategy.indicator.baseline_year"), "Min", minYear, "Max", maxYear))
		}
		ind.baselineYear = n
	}
	if ind.baseline.Valid != (strings.TrimSpace(in.BaselineYear) != "") {
		l.Add(i18n.Errorf("strategy.error.baseline", "Field", i18n.Key("strategy.indicator.baseline_year")))
	}
	for y, typed := range in.Targets {
		if y < st.FirstYear || y > st.LastYear {
			l.Add(textcheck.Unknown("strategy.indicator.targets"))
			continue
		}
		v, err := readValue(in.Unit, typed, "strategy.indicator.target_"+strconv.Itoa(y))
		if err != nil {
			l.Add(i18n.Errorf("strategy.error.target", "Year", y, "Field", i18n.Key("strategy.indicator.targets")))
			continue
		}
		if v.Valid {
			ind.targets = append(ind.targets, Target{Year: y, Value: v})
		}
	}
	slices.SortFunc(ind.targets, func(a, b Target) int { return a.Year - b.Year })
	return ind, l.Err()
}

const indicatorColumns = `id, item_id, position, title_az, title_en, title_ru, definition_az, definition_en, definition_ru, ` +
	`kind, unit, baseline, baseline_year, source, figure, breakdowns`

func scanIndicator(r db.Scanner) (*Indicator, error) {
	ind := &Indicator{}
	var baseline, year sql.NullInt64
	var breakdowns string
	err := r.Scan(&ind.ID, &ind.ItemID, &ind.Position, &ind.Title.Az, &ind.Title.En, &ind.Title.Ru,
		&ind.Definition.Az, &ind.Definition.En, &ind.Definition.Ru, &ind.Kind, &ind.Unit, &baseline, &year,
		&ind.Source, &ind.Figure, &breakdowns)
	ind.Baseline, ind.BaselineYear = Money{baseline.Int64, baseline.Valid}, int(year.Int64)
	for c := range strings.SplitSeq(breakdowns, ",") {
		if c != "" {
			ind.Breakdowns = append(ind.Breakdowns, stats.Category(c))
		}
	}
	return ind, db.NotFound(err)
}

// indicatorsOf reads the indicators of a strategy's items with their
// targets and hangs them on their items.
func indicatorsOf(ctx context.Context, q db.Querier, strategyID int64, byID map[int64]*Item) error {
	rows, err := q.QueryContext(ctx, `SELECT `+prefixed("i.", indicatorColumns)+` FROM strategy_indicators i
		JOIN strategy_items it ON it.id = i.item_id WHERE it.strategy_id = $1 ORDER BY i.item_id, i.position, i.id`, strategyID)
	list, err := db.Collect(rows, err, scanIndicator)
	if err != nil {
		return fmt.Errorf("strategy: indicators of %d: %w", strategyID, err)
	}
	inds := make(map[int64]*Indicator, len(list))
	for _, ind := range list {
		inds[ind.ID] = ind
		if it := byID[ind.ItemID]; it != nil {
			it.Indicators = append(it.Indicators, ind)
		}
	}
	if len(list) == 0 {
		return nil
	}
	rows, err = q.QueryContext(ctx, `SELECT t.indicator_id, t.year, t.value FROM strategy_targets t
		JOIN strategy_indicators i ON i.id = t.indicator_id JOIN strategy_items it ON it.id = i.item_id
		WHERE it.strategy_id = $1 ORDER BY t.indicator_id, t.year`, strategyID)
	err = db.Each(rows, err, func(r db.Scanner) error {
		var id int64
		var t Target
		if err := r.Scan(&id, &t.Year, &t.Value.Qepik); err != nil {
			return err
		}
		t.Value.Valid = true
		if ind := inds[id]; ind != nil {
			ind.Targets = append(ind.Targets, t)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("strategy: targets of %d: %w", strategyID, err)
	}
	return nil
}

// indicatorOn reads one indicator with the item it belongs to.
func indicatorOn(ctx context.Context, q db.Querier, id int64) (*Indicator, *Item, error) {
	ind, err := scanIndicator(q.QueryRowContext(ctx, `SELECT `+indicatorColumns+` FROM strategy_indicators WHERE id = $1`, id))
	if err != nil {
		return nil, nil, fmt.Errorf("strategy: indicator %d: %w", id, err)
	}
	it, err := itemOn(ctx, q, ind.ItemID)
	return ind, it, err
}

// AddIndicator adds an indicator to an objective or a measure, last among
// its indicators, and returns its id.
func (s *Store) AddIndicator(ctx context.Context, itemID int64, in IndicatorInput) (int64, error) {
	if err := access.Require(ctx, access.ManageStrategy); err != nil {
		return 0, err
	}
	var id int64
	err := s.db.Transact(ctx, func(tx *db.Tx) error {
		it, err := itemOn(ctx, tx, itemID)
		if err != nil {
			return err
		}
		if it.Kind == Goal {
			return fmt.Errorf("strategy: indicator of goal %d: %w", itemID, db.ErrNotFound)
		}
		st, err := strategyOn(ctx, tx, it.StrategyID)
		if err != nil {
			return err
		}
		if st.State == Closed {
			return stateError(st.State)
		}
		ind, err := in.validate(it.Kind, st)
		if err != nil {
			return err
		}
		now := db.Now()
		err = tx.QueryRowContext(ctx, `INSERT INTO strategy_indicators (item_id, position, title_az, title_en, title_ru,
			definition_az, definition_en, definition_ru, kind, unit, baseline, baseline_year, source, figure, breakdowns, created_at, updated_at)
			VALUES ($1, (SELECT coalesce(max(position), 0) + 1 FROM strategy_indicators WHERE item_id = $1), $2, $3, $4, $5, $6, $7,
			$8, $9, $10, $11, $12, $13, $14, $15, $15) RETURNING id`,
			itemID, in.Title.Az, in.Title.En, in.Title.Ru, in.Definition.Az, in.Definition.En, in.Definition.Ru,
			in.Kind, in.Unit, ind.baseline.value(), nullYear(ind.baselineYear), in.Source, in.Figure, ind.breakdowns, now).Scan(&id)
		if err != nil {
			return fmt.Errorf("strategy: add indicator: %w", err)
		}
		if err := setTargets(ctx, tx, id, ind.targets); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "strategy_indicator.create", "strategy_indicator", strconv.FormatInt(id, 10),
			"title", "definition", "kind", "unit", "baseline", "source", "breakdowns", "targets")
	})
	return id, err
}

// UpdateIndicator changes an indicator. Its unit no longer changes once a
// value is reported in it, as the values would then read wrong.
func (s *Store) UpdateIndicator(ctx context.Context, id int64, in IndicatorInput) error {
	if err := access.Require(ctx, access.ManageStrategy); err != nil {
		return err
	}
	return s.db.Transact(ctx, func(tx *db.Tx) error {
		old, it, err := indicatorOn(ctx, tx, id)
		if err != nil {
			return err
		}
		st, err := strategyOn(ctx, tx, it.StrategyID)
		if err != nil {
			return err
		}
		if st.State == Closed {
			return stateError(st.State)
		}
		ind, err := in.validate(it.Kind, st)
		if err != nil {
			return err
		}
		if in.Unit != old.Unit {
			n, err := valuesIn(ctx, tx, id)
			if err != nil {
				return err
			}
			if n > 0 {
				return i18n.Errorf("strategy.error.unit_reported", "Field", i18n.Key("strategy.indicator.unit"))
			}
		}
		old.Targets, err = targetsOf(ctx, tx, id)
		if err != nil {
			return err
		}
		changed := indicatorChanges(old, in, ind)
		if len(changed) == 0 {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE strategy_indicators SET title_az = $1, title_en = $2, title_ru = $3,
			definition_az = $4, definition_en = $5, definition_ru = $6, kind = $7, unit = $8, baseline = $9, baseline_year = $10,
			source = $11, figure = $12, breakdowns = $13, updated_at = $14 WHERE id = $15`,
			in.Title.Az, in.Title.En, in.Title.Ru, in.Definition.Az, in.Definition.En, in.Definition.Ru, in.Kind, in.Unit,
			ind.baseline.value(), nullYear(ind.baselineYear), in.Source, in.Figure, ind.breakdowns, db.Now(), id); err != nil {
			return fmt.Errorf("strategy: update indicator %d: %w", id, err)
		}
		if slices.Contains(changed, "targets") {
			if _, err := tx.ExecContext(ctx, `DELETE FROM strategy_targets WHERE indicator_id = $1`, id); err != nil {
				return fmt.Errorf("strategy: update indicator %d: %w", id, err)
			}
			if err := setTargets(ctx, tx, id, ind.targets); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, "strategy_indicator.update", "strategy_indicator", strconv.FormatInt(id, 10), changed...)
	})
}

// RemoveIndicator removes an indicator no value has been reported in.
func (s *Store) RemoveIndicator(ctx context.Context, id int64) error {
	if err := access.Require(ctx, access.ManageStrategy); err != nil {
		return err
	}
	return s.db.Transact(ctx, func(tx *db.Tx) error {
		_, it, err := indicatorOn(ctx, tx, id)
		if err != nil {
			return err
		}
		st, err := strategyOn(ctx, tx, it.StrategyID)
		if err != nil {
			return err
		}
		if st.State == Closed {
			return stateError(st.State)
		}
		n, err := valuesIn(ctx, tx, id)
		if err != nil {
			return err
		}
		if n > 0 {
			return i18n.Errorf("strategy.error.indicator_reported")
		}
		for _, q := range []string{`DELETE FROM strategy_targets WHERE indicator_id = $1`, `DELETE FROM strategy_indicators WHERE id = $1`} {
			if _, err := tx.ExecContext(ctx, q, id); err != nil {
				return fmt.Errorf("strategy: remove indicator %d: %w", id, err)
			}
		}
		return audit.Record(ctx, tx, "strategy_indicator.delete", "strategy_indicator", strconv.FormatInt(id, 10))
	})
}

// indicatorChanges names the fields of old that the form changes.
func indicatorChanges(old *Indicator, in IndicatorInput, ind indicator) []string {
	var changed []string
	add := func(field string, differs bool) {
		if differs {
			changed = append(changed, field)
		}
	}
	add("title", old.Title != in.Title)
	add("definition", old.Definition != in.Definition)
	add("kind", old.Kind != in.Kind)
	add("unit", old.Unit != in.Unit)
	add("baseline", old.Baseline != ind.baseline || old.BaselineYear != ind.baselineYear)
	add("source", old.Source != in.Source || old.Figure != in.Figure)
	add("breakdowns", strings.Join(categoryNames(old.Breakdowns), ",") != ind.breakdowns)
	add("targets", !slices.Equal(old.Targets, ind.targets))
	return changed
}

func categoryNames(cs []stats.Category) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = string(c)
	}
	return out
}

func targetsOf(ctx context.Context, q db.Querier, id int64) ([]Target, error) {
	rows, err := q.QueryContext(ctx, `SELECT year, value FROM strategy_targets WHERE indicator_id = $1 ORDER BY year`, id)
	list, err := db.Collect(rows, err, func(r db.Scanner) (Target, error) {
		t := Target{Value: Money{Valid: true}}
		return t, r.Scan(&t.Year, &t.Value.Qepik)
	})
	if err != nil {
		return nil, fmt.Errorf("strategy: targets of %d: %w", id, err)
	}
	return list, nil
}

func setTargets(ctx context.Context, tx *db.Tx, id int64, targets []Target) error {
	for _, t := range targets {
		if _, err := tx.ExecContext(ctx, `INSERT INTO strategy_targets (indicator_id, year, value) VALUES ($1, $2, $3)`,
			id, t.Year, t.Value.Qepik); err != nil {
			return fmt.Errorf("strategy: targets of %d: %w", id, err)
		}
	}
	return nil
}

// valuesIn counts the values reported in an indicator, in any report.
func valuesIn(ctx context.Context, q db.Querier, id int64) (int, error) {
	var n int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM strategy_values WHERE indicator_id = $1`, id).Scan(&n); err != nil {
		return 0, fmt.Errorf("strategy: values of indicator %d: %w", id, err)
	}
	return n, nil
}

func nullYear(y int) any {
	if y == 0 {
		return nil
	}
	return y
}

// Indicator returns one indicator with the item it belongs to, as Item
// reads the item.
func (s *Store) Indicator(ctx context.Context, id int64) (*Indicator, Located, error) {
	var itemID int64
	if err := s.db.QueryRowContext(ctx, `SELECT item_id FROM strategy_indicators WHERE id = $1`, id).Scan(&itemID); err != nil {
		return nil, Located{}, fmt.Errorf("strategy: indicator %d: %w", id, db.NotFound(err))
	}
	loc, err := s.Item(ctx, itemID)
	if err != nil {
		return nil, loc, err
	}
	for _, ind := range loc.Indicators {
		if ind.ID == id {
			return ind, loc, nil
		}
	}
	return nil, loc, fmt.Errorf("strategy: indicator %d: %w", id, db.ErrNotFound)
}

// PublicIndicator returns an indicator of the plan published last, with
// its item, for the public page: any other answers as a missing one.
func (s *Store) PublicIndicator(ctx context.Context, id int64) (*Indicator, Located, error) {
	pl, err := s.Published(ctx)
	if err != nil {
		return nil, Located{}, err
	}
	var walk func(path []*Item, items []*Item) (*Indicator, Located, bool)
	walk = func(path []*Item, items []*Item) (*Indicator, Located, bool) {
		for _, it := range items {
			for _, ind := range it.Indicators {
				if ind.ID == id {
					return ind, Located{Item: it, Strategy: pl.Strategy, Path: path, Today: pl.Today}, true
				}
			}
			if ind, loc, ok := walk(append(slices.Clip(path), it), it.Children); ok {
				return ind, loc, true
			}
		}
		return nil, Located{}, false
	}
	if ind, loc, ok := walk(nil, pl.Goals); ok {
		return ind, loc, nil
	}
	return nil, Located{}, fmt.Errorf("strategy: public indicator %d: %w", id, db.ErrNotFound)
}
