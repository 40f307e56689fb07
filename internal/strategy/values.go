package strategy

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/people"
	"inteqra/internal/stats"
	"inteqra/internal/textcheck"
)

// Entry is a value reported in a report for an indicator: its total
// (Category "") or one cell of a breakdown, Key being the category's
// value as the statistics package writes it ("f", "18-24", "AF", a
// region's id).
type Entry struct {
	IndicatorID int64
	Category    stats.Category
	Key         string
	Value       Money
}

// EntryInput is one value of the report form, as typed; an empty one
// reports nothing.
type EntryInput struct {
	IndicatorID int64
	Category    stats.Category
	Key         string
	Value       string
}

// EntryChange is one change of a reported value: what it became, or
// Removed, with who changed it and when.
type EntryChange struct {
	Entry
	Removed bool
	By      string
	At      time.Time
}

// Value returns the report's value of an indicator: its total when cat is
// "", or a cell of its breakdown by cat.
func (r *Report) Value(indicatorID int64, cat stats.Category, key string) Money {
	for _, e := range r.Entries {
		if e.IndicatorID == indicatorID && e.Category == cat && e.Key == key {
			return e.Value
		}
	}
	return Money{}
}

// EntryKeys returns the keys of the report's cells of an indicator's
// breakdown by cat, in the order they were written.
func (r *Report) EntryKeys(indicatorID int64, cat stats.Category) []string {
	var out []string
	for _, e := range r.Entries {
		if e.IndicatorID == indicatorID && e.Category == cat && cat != "" {
			out = append(out, e.Key)
		}
	}
	return out
}

// ChangesOf returns the history of an indicator's values in the report,
// the latest first.
func (r *Report) ChangesOf(indicatorID int64) []EntryChange {
	var out []EntryChange
	for _, c := range r.Changes {
		if c.IndicatorID == indicatorID {
			out = append(out, c)
		}
	}
	return out
}

// valuesField is the label of the report's values, which their errors name.
const valuesField = i18n.Key("strategy.report.values")

// fixedKeys are the values of the categories that have a fixed list.
var fixedKeys = map[stats.Category]func() []string{
	stats.Sex: func() []string { return []string{"f", "m"} },
	stats.Age: func() []string {
		var out []string
		for _, b := range stats.AgeBands {
			out = append(out, string(b))
		}
		return out
	},
	stats.Residence: func() []string {
		var out []string
		for _, k := range people.StatusKinds {
			out = append(out, string(k))
		}
		return out
	},
}

// FixedKeys returns the values of a category with a fixed list (sex, age
// band, residence kind), and false for a category whose values are many
// and chosen one by one (citizenship, region).
func FixedKeys(c stats.Category) ([]string, bool) {
	f, ok := fixedKeys[c]
	if !ok {
		return nil, false
	}
	return f(), true
}

// validKey reports whether key is a value of the category; regions holds
// the regions' ids.
func validKey(c stats.Category, key string, regions map[string]bool) bool {
	if keys, ok := FixedKeys(c); ok {
		return slices.Contains(keys, key)
	}
	switch c {
	case stats.Citizenship:
		return key == stats.Stateless || people.IsCountry(key)
	case stats.Region:
		return regions[key]
	}
	return false
}

// readEntries checks the values of a measure's report form and returns
// them, with every problem at once. A value belongs to a reported
// indicator of the measure and to one of its breakdowns; a cell of a
// breakdown needs the total, and the cells of a count's or an amount's
// breakdown add up to no more than it. A submitted report gives every
// reported indicator its total.
func readEntries(ctx context.Context, q db.Querier, m *Item, in []EntryInput, submit bool) ([]Entry, error) {
	var l textcheck.List
	inds := map[int64]*Indicator{}
	for _, ind := range m.Indicators {
		if ind.Source == Reported {
			inds[ind.ID] = ind
		}
	}
	regions := map[string]bool{}
	rows, err := q.QueryContext(ctx, `SELECT id FROM regions`)
	if err := db.Each(rows, err, func(r db.Scanner) error {
		var id int64
		err := r.Scan(&id)
		regions[strconv.FormatInt(id, 10)] = true
		return err
	}); err != nil {
		return nil, fmt.Errorf("strategy: regions: %w", err)
	}
	var out []Entry
	seen := map[Entry]bool{}
	for _, e := range in {
		ind := inds[e.IndicatorID]
		if ind == nil || e.Category != "" && (!slices.Contains(ind.Breakdowns, e.Category) || !validKey(e.Category, e.Key, regions)) {
			if strings.TrimSpace(e.Value) != "" {
				l.Add(textcheck.Unknown(string(valuesField)))
			}
			continue
		}
		if e.Category == "" {
			e.Key = ""
		}
		v, err := amount(e.Value, "strategy.report.values")
		if err == nil {
			err = checkValue(ind.Unit, v, "strategy.report.values")
		}
		if err != nil {
			l.Add(i18n.Errorf("strategy.error.entry_"+string(ind.Unit), "Indicator", ind.Title, "Field", valuesField))
			continue
		}
		if !v.Valid {
			continue
		}
		k := Entry{IndicatorID: ind.ID, Category: e.Category, Key: e.Key}
		if seen[k] {
			l.Add(i18n.Errorf("strategy.error.entry_twice", "Indicator", ind.Title, "Category", i18n.Key(e.Category.LabelKey()), "Field", valuesField))
			continue
		}
		seen[k] = true
		k.Value = v
		out = append(out, k)
	}
	for _, ind := range m.Indicators {
		if inds[ind.ID] == nil {
			continue
		}
		total := Money{}
		sums := map[stats.Category]int64{}
		for _, e := range out {
			switch {
			case e.IndicatorID != ind.ID:
			case e.Category == "":
				total = e.Value
			default:
				sums[e.Category] += e.Value.Qepik
			}
		}
		switch {
		case !total.Valid && (len(sums) > 0 || submit):
			l.Add(i18n.Errorf("strategy.error.entry_total", "Indicator", ind.Title, "Field", valuesField))
		case ind.Unit != Percent:
			for _, c := range ind.Breakdowns {
				if sums[c] > total.Qepik {
					l.Add(i18n.Errorf("strategy.error.entry_sum", "Indicator", ind.Title, "Category", i18n.Key(c.LabelKey()), "Field", valuesField))
				}
			}
		}
	}
	return out, l.Err()
}

const entryColumns = `indicator_id, category, value_key, value`

func scanEntry(r db.Scanner) (Entry, error) {
	var e Entry
	return e, r.Scan(&e.IndicatorID, &e.Category, &e.Key, &e.Value.Qepik)
}

func entriesOf(ctx context.Context, q db.Querier, reportID int64) ([]Entry, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+entryColumns+` FROM strategy_values WHERE report_id = $1
		ORDER BY indicator_id, category, value_key`, reportID)
	list, err := db.Collect(rows, err, func(r db.Scanner) (Entry, error) {
		e, err := scanEntry(r)
		e.Value.Valid = true
		return e, err
	})
	if err != nil {
		return nil, fmt.Errorf("strategy: values of report %d: %w", reportID, err)
	}
	return list, nil
}

func changesOf(ctx context.Context, q db.Querier, reportID int64) ([]EntryChange, error) {
	rows, err := q.QueryContext(ctx, `SELECT c.indicator_id, c.category, c.value_key, c.value, coalesce(u.name, ''), c.at
		FROM strategy_value_changes c LEFT JOIN users u ON u.id = c.user_id WHERE c.report_id = $1 ORDER BY c.id DESC`, reportID)
	list, err := db.Collect(rows, err, func(r db.Scanner) (EntryChange, error) {
		var c EntryChange
		var v sql.NullInt64
		err := r.Scan(&c.IndicatorID, &c.Category, &c.Key, &v, &c.By, &c.At)
		c.Value, c.Removed = Money{v.Int64, v.Valid}, !v.Valid
		return c, err
	})
	if err != nil {
		return nil, fmt.Errorf("strategy: value history of report %d: %w", reportID, err)
	}
	return list, nil
}

// saveEntries makes the report's values those given, recording each
// change, and reports whether any changed.
func saveEntries(ctx context.Context, tx *db.Tx, reportID int64, entries []Entry) (bool, error) {
	old, err := entriesOf(ctx, tx, reportID)
	if err != nil {
		return false, err
	}
	type cell struct {
		ind      int64
		cat, key string
	}
	was := map[cell]Money{}
	for _, e := range old {
		was[cell{e.IndicatorID, string(e.Category), e.Key}] = e.Value
	}
	now, user := db.Now(), db.NullID(access.From(ctx).UserID)
	record := func(c cell, v Money) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO strategy_value_changes (report_id, indicator_id, category, value_key, value, user_id, at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, reportID, c.ind, c.cat, c.key, v.value(), user, now); err != nil {
			return fmt.Errorf("strategy: value history of report %d: %w", reportID, err)
		}
		return nil
	}
	changed := false
	for _, e := range entries {
		c := cell{e.IndicatorID, string(e.Category), e.Key}
		prev, ok := was[c]
		delete(was, c)
		if ok && prev == e.Value {
			continue
		}
		q := `INSERT INTO strategy_values (report_id, indicator_id, category, value_key, value) VALUES ($1, $2, $3, $4, $5)`
		if ok {
			q = `UPDATE strategy_values SET value = $5 WHERE report_id = $1 AND indicator_id = $2 AND category = $3 AND value_key = $4`
		}
		if _, err := tx.ExecContext(ctx, q, reportID, c.ind, c.cat, c.key, e.Value.Qepik); err != nil {
			return false, fmt.Errorf("strategy: values of report %d: %w", reportID, err)
		}
		if err := record(c, e.Value); err != nil {
			return false, err
		}
		changed = true
	}
	for c := range was {
		if _, err := tx.ExecContext(ctx, `DELETE FROM strategy_values WHERE report_id = $1 AND indicator_id = $2 AND category = $3
			AND value_key = $4`, reportID, c.ind, c.cat, c.key); err != nil {
			return false, fmt.Errorf("strategy: values of report %d: %w", reportID, err)
		}
		if err := record(c, Money{}); err != nil {
			return false, err
		}
		changed = true
	}
	return changed, nil
}
