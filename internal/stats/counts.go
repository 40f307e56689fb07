package stats

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"inteqra/internal/db"
	"inteqra/internal/i18n"
)

// The analytics table's counts (stat_counts) are what makes a dashboard
// fast at national scale: a year of a million registrations is a few
// thousand rows of counts by month instead of a million facts. Refresh
// builds them beside the facts in the same transaction, so they can never
// disagree with them; Count reads them whenever they answer the query
// exactly (whole months, at most one of the person's categories, no
// filter), the facts for the days at the edges of a custom period, and the
// facts alone otherwise.

// The grains of the counts.
const (
	grainMonth    = "month"     // facts by calendar month
	grainPMonth   = "p_month"   // persons by calendar month
	grainPQuarter = "p_quarter" // persons by quarter
	grainPYear    = "p_year"    // persons by year
	grainFirst    = "p_first"   // facts of persons by month and their previous fact's month
)

// catDays is the pseudo-category of the durations' counts: the value is
// the number of days.
const catDays = "days"

// countCats are the categories the counts are kept under, one at a time;
// "" is none.
var countCats = []Category{"", Sex, Age, Citizenship, Residence, Region}

// countKey is one row of stat_counts.
type countKey struct {
	kind, grain                        Kind
	day                                time.Time
	month, cat, value, value2, outcome string
	unit                               string
}

var countColumns = []string{"kind", "grain", "day", "month", "cat", "value", "value2", "outcome", "unit", "n", "version"}

// crossed are the pairs of categories counted crossed, by kind: the rows
// of a figure of a stock (the whole registry up to a day, which no period
// keeps small) with each other category, as a page broken down by one
// category asks for them. A pair's cat in stat_counts is "rows,other"; the
// values are value and value2.
var crossed = func() map[Kind][][2]Category {
	out := map[Kind][][2]Category{}
	for _, d := range Dashboards {
		for _, f := range d.Figures {
			if !f.Stock || f.Rows == "" {
				continue
			}
			for _, c := range Categories {
				if c != f.Rows {
					out[f.Kind] = append(out[f.Kind], [2]Category{f.Rows, c})
				}
			}
		}
	}
	return out
}()

// pairCat is the cat of a pair's counts.
func pairCat(pair [2]Category) string { return string(pair[0]) + "," + string(pair[1]) }

// counter adds up the counts while Refresh writes the facts.
type counter map[countKey]int

// add counts a fact's row (as factRow makes it) by month under each
// category.
func (c counter) add(row []any) {
	k := countKey{kind: Kind(row[0].(string)), grain: grainMonth, day: monthOf(row[1].(time.Time)),
		month: row[2].(string), outcome: row[4].(string), unit: row[5].(string)}
	c.addCats(k, row)
	for _, pair := range crossed[k.kind] {
		k.cat, k.value, k.value2 = pairCat(pair), row[factIndex[pair[0]]].(string), row[factIndex[pair[1]]].(string)
		c[k]++
	}
	k.value2 = ""
	if days, ok := row[6].(int); ok {
		k.cat, k.value = catDays, strconv.Itoa(days)
		c[k]++
	}
}

// addFirst counts the row of a fact counted once per person by its month
// and the month of the person's previous fact ("" for none), under each
// category: the persons of a custom period's whole months are then those
// whose previous fact is in a month before the period's first (see
// countFirsts).
func (c counter) addFirst(row []any) {
	k := countKey{kind: Kind(row[0].(string)), grain: grainFirst, day: monthOf(row[1].(time.Time)),
		outcome: row[4].(string), unit: row[5].(string)}
	if prev, ok := row[12].(time.Time); ok {
		k.month = prev.Format("2006-01")
	}
	c.addCats(k, row)
}

// addCats counts the row once under k with each category of countCats.
func (c counter) addCats(k countKey, row []any) {
	for _, cat := range countCats {
		k.cat, k.value = string(cat), ""
		if cat != "" {
			k.value = row[factIndex[cat]].(string)
		}
		c[k]++
	}
}

// monthOf is the first day of day's month.
func monthOf(day time.Time) time.Time {
	return time.Date(day.Year(), day.Month(), 1, 0, 0, 0, 0, time.UTC)
}

// factIndex is the place of each category in factColumns.
var factIndex = map[Category]int{Sex: 7, Age: 8, Citizenship: 9, Residence: 10, Region: 11}

// personKinds are the kinds some figure counts once per person.
func personKinds() []any {
	var out []any
	for _, d := range Dashboards {
		for _, f := range d.Figures {
			if f.Persons && !slices.Contains(out, any(string(f.Kind))) {
				out = append(out, string(f.Kind))
			}
		}
	}
	return out
}

// countPersons adds the persons of each calendar month, quarter and year
// of the kinds counted once per person, read back from the facts written
// in tx: each person once per period, under the least value of each
// category (and of the outcome, unit and month) among their facts in it.
func (c counter) countPersons(ctx context.Context, q db.Querier, v int64) error {
	kinds := personKinds()
	if len(kinds) == 0 {
		return nil
	}
	rows, err := q.QueryContext(ctx, `SELECT kind, person_id, month, MIN(outcome), MIN(unit), MIN(sex), MIN(age), MIN(citizenship),
		MIN(residence), MIN(region) FROM stat_facts WHERE version = $1 AND kind IN (`+db.Placeholders(2, len(kinds))+`) AND person_id <> 0
		GROUP BY kind, person_id, month ORDER BY kind, person_id, month`, append([]any{v}, kinds...)...)
	var cur personPeriods
	err = db.Each(rows, err, func(r db.Scanner) error {
		var m personMonth
		if err := r.Scan(&m.kind, &m.person, &m.month, &m.vals[0], &m.vals[1], &m.vals[2], &m.vals[3], &m.vals[4], &m.vals[5], &m.vals[6]); err != nil {
			return err
		}
		if len(cur) > 0 && (cur[0].kind != m.kind || cur[0].person != m.person) {
			c.addPerson(cur)
			cur = cur[:0]
		}
		cur = append(cur, m)
		return nil
	})
	if err != nil {
		return err
	}
	c.addPerson(cur)
	return nil
}

// personMonth is a person's least values in one month: outcome, unit,
// then the categories of countCats[1:].
type personMonth struct {
	kind   Kind
	person int64
	month  string
	vals   [7]string
}

// personPeriods are one person's months of one kind, in order.
type personPeriods []personMonth

// addPerson counts one person in each of their months, quarters and years.
func (c counter) addPerson(months personPeriods) {
	for _, grain := range []Kind{grainPMonth, grainPQuarter, grainPYear} {
		for i := 0; i < len(months); {
			start := periodStart(grain, months[i].month)
			least := months[i]
			j := i + 1
			for ; j < len(months) && periodStart(grain, months[j].month).Equal(start); j++ {
				for v := range least.vals {
					least.vals[v] = min(least.vals[v], months[j].vals[v])
				}
			}
			k := countKey{kind: least.kind, grain: grain, day: start, month: start.Format("2006-01"), outcome: least.vals[0]}
			for ci, cat := range countCats {
				k.cat, k.value = string(cat), ""
				if cat != "" {
					k.value = least.vals[ci+1]
				}
				c[k]++
			}
			k.cat, k.value = string(ByMonth), months[i].month // the person's first month in the period
			c[k]++
			i = j
		}
	}
}

// periodStart is the first day of the month, quarter or year of a month.
func periodStart(grain Kind, month string) time.Time {
	t, _ := time.Parse("2006-01", month)
	switch grain {
	case grainPQuarter:
		return time.Date(t.Year(), (t.Month()-1)/3*3+1, 1, 0, 0, 0, 0, time.UTC)
	case grainPYear:
		return time.Date(t.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return t
}

// write inserts the counts as version v.
func (c counter) write(ctx context.Context, w *rowWriter, v int64) error {
	for k, n := range c {
		err := w.add(ctx, []any{string(k.kind), string(k.grain), k.day, k.month, k.cat, k.value, k.value2, k.outcome, k.unit, n, v})
		if err != nil {
			return err
		}
	}
	return w.flush(ctx)
}

// countPlan is how the counts answer a query: under which category, and
// for a count of facts, which whole months; ok is false when they cannot.
type countPlan struct {
	cat           string
	pair          [2]Category // the categories of a crossed count; cat is pairCat(pair)
	grain         Kind
	first, last   time.Time // the whole months' first days; last before first when none
	before, after Query     // the days outside the whole months, counted from the facts; zero To when none
}

// plan returns how the counts answer q.
func (q Query) plan() (countPlan, bool) {
	var p countPlan
	if len(q.Where) > 0 {
		return p, false
	}
	month := false
	var cats []Category
	for _, c := range q.By {
		switch c {
		case Outcome, Unit:
		case ByMonth:
			month = true
		default:
			cats = append(cats, c)
		}
	}
	switch {
	case len(cats) == 1:
		p.cat = string(cats[0])
	case len(cats) == 2 && !q.Persons && slices.Contains(crossed[q.Kind], [2]Category{cats[0], cats[1]}):
		p.pair = [2]Category{cats[0], cats[1]}
		p.cat = pairCat(p.pair)
	case len(cats) > 1:
		return p, false
	}
	if q.Persons {
		// The persons' counts of calendar periods are kept under one
		// category or the month, not both; the facts' previous days
		// answer any breakdown.
		p.grain = calendarGrain(q.From, q.To)
		switch {
		case month:
			// By month a person counts in every month they have a fact
			// in; what is kept counts them once in the period.
			return p, false
		case p.grain == "" && !q.From.IsZero():
			p.grain = grainUniform
		}
		p.first, p.last = q.From, q.From
		return p, p.grain != ""
	}
	p.grain = grainMonth
	p.first, p.last, p.before, p.after = q.wholeMonths()
	if p.last.Before(p.first) { // within one month: the facts alone
		return p, false
	}
	return p, true
}

// wholeMonths splits q's days into whole calendar months, from the first
// day of first to that of last (last before first when none), and the
// days before and after them (zero To when none).
func (q Query) wholeMonths() (first, last time.Time, before, after Query) {
	first = monthOf(q.From)
	if q.From.IsZero() {
		first = time.Time{}
	} else if q.From.Day() != 1 {
		first = first.AddDate(0, 1, 0)
		before = q
		before.To = first.AddDate(0, 0, -1)
	}
	end := monthOf(q.To)
	last = end
	if !q.To.Equal(end.AddDate(0, 1, -1)) {
		last = end.AddDate(0, -1, 0)
		after = q
		after.From = end
	}
	return first, last, before, after
}

// calendarGrain is the persons' grain of a calendar month, quarter or
// year, or "" for any other run of days.
func calendarGrain(from, to time.Time) Kind {
	if from.IsZero() || from.Day() != 1 {
		return ""
	}
	switch {
	case to.Equal(from.AddDate(0, 1, -1)):
		return grainPMonth
	case to.Equal(from.AddDate(0, 3, -1)) && (from.Month()-1)%3 == 0:
		return grainPQuarter
	case to.Equal(from.AddDate(1, 0, -1)) && from.Month() == 1:
		return grainPYear
	}
	return ""
}

// countsSelect is the columns of stat_counts that give q's categories, as
// p plans them.
func countsSelect(q Query, p countPlan) []string {
	sel := make([]string, maxBy)
	for i := range sel {
		sel[i] = "''"
		if i < len(q.By) {
			switch q.By[i] {
			case Outcome:
				sel[i] = "outcome"
			case Unit:
				sel[i] = "unit"
			case ByMonth:
				sel[i] = "month"
				if q.Persons {
					sel[i] = "value"
				}
			case p.pair[1]:
				sel[i] = "value2"
			default:
				sel[i] = "value"
			}
		}
		sel[i] += fmt.Sprintf(" AS c%d", i)
	}
	return sel
}

// countFromCounts answers q from the counts as p plans, with the facts of
// the days outside the whole months.
func (s *Store) countFromCounts(ctx context.Context, q Query, p countPlan) (map[Key]int, error) {
	sel := countsSelect(q, p)
	rows, err := s.db.Replica(ctx).QueryContext(ctx, `SELECT `+strings.Join(sel, ", ")+`, SUM(n) FROM stat_counts
		WHERE version = $1 AND kind = $2 AND grain = $3 AND cat = $4 AND day >= $5 AND day <= $6 GROUP BY c0, c1, c2, c3`,
		q.version, string(q.Kind), string(p.grain), p.cat, p.first, p.last)
	out, err := scanCounts(rows, err, q.Kind)
	if err != nil {
		return nil, err
	}
	for _, edge := range []Query{p.before, p.after} {
		if edge.To.IsZero() {
			continue
		}
		more, err := s.countFacts(ctx, edge)
		if err != nil {
			return nil, err
		}
		for k, n := range more {
			out[k] += n
		}
	}
	return out, nil
}

// durationsFromCounts answers Durations from the counts of whole months
// and the facts of the days outside them.
func (s *Store) durationsFromCounts(ctx context.Context, q Query, p countPlan) ([]int, error) {
	rows, err := s.db.Replica(ctx).QueryContext(ctx, `SELECT value, SUM(n) FROM stat_counts
		WHERE version = $1 AND kind = $2 AND grain = $3 AND cat = $4 AND day >= $5 AND day <= $6 GROUP BY value`,
		q.version, string(q.Kind), grainMonth, catDays, p.first, p.last)
	var out []int
	err = db.Each(rows, err, func(r db.Scanner) error {
		var v string
		var n int
		if err := r.Scan(&v, &n); err != nil {
			return err
		}
		d, err := strconv.Atoi(v)
		for range n {
			out = append(out, d)
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("stats: durations of %s: %w", q.Kind, err)
	}
	for _, edge := range []Query{p.before, p.after} {
		if edge.To.IsZero() {
			continue
		}
		more, err := s.durationsOfFacts(ctx, edge)
		if err != nil {
			return nil, err
		}
		out = append(out, more...)
	}
	slices.Sort(out)
	return out, nil
}

// grainUniform marks a kind counted once per person whose facts of each
// person all have the same outcome and unit: for it, the categories of a
// person's first fact in any run of days are the least among their facts
// in it (the person's sex, citizenship, residence and region are the same
// on every fact, the age band and the month only grow), so the persons of
// a custom period are counted from the facts with a previous day before it.
const grainUniform = "uniform"

// previousDays writes the facts counted once per person in order of
// kind, person and day, each with its previous day, and marks the kinds
// whose persons' facts have a single outcome and unit.
func (c counter) previousDays(held []Fact, write func(Fact, any) error) error {
	slices.SortFunc(held, func(a, b Fact) int {
		return cmp.Or(cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.PersonID, b.PersonID), a.Day.Compare(b.Day))
	})
	mixed := map[Kind]bool{}
	for i, f := range held {
		var prev any
		if i > 0 && held[i-1].Kind == f.Kind && held[i-1].PersonID == f.PersonID {
			prev = i18n.DayOf(held[i-1].Day)
			mixed[f.Kind] = mixed[f.Kind] || held[i-1].Outcome != f.Outcome || held[i-1].Unit != f.Unit
		} else if _, seen := mixed[f.Kind]; !seen {
			mixed[f.Kind] = false
		}
		if err := write(f, prev); err != nil {
			return err
		}
	}
	for k, m := range mixed {
		if !m {
			c[countKey{kind: k, grain: grainUniform}] = 1
		}
	}
	return nil
}

// uniform reports whether the persons of kind may be counted from their
// facts' previous days (see grainUniform).
func (s *Store) uniform(ctx context.Context, q Query) (bool, error) {
	var n int
	rows, err := s.db.Replica(ctx).QueryContext(ctx, `SELECT count(*) FROM stat_counts WHERE version = $1 AND kind = $2 AND grain = $3`,
		q.version, string(q.Kind), grainUniform)
	err = db.ScanOne(rows, err, &n) // not QueryRowContext: a failed replica's query runs again on the primary
	return n > 0, err
}

// countFirsts counts the persons of a run of days as the facts in it whose
// previous day is before it, under the categories of those facts: for its
// whole months, from the counts by previous month (a previous month before
// the run's first), and from the facts whose previous day is in the part of
// that month before the run; for the days around them, from the facts.
func (s *Store) countFirsts(ctx context.Context, q Query, p countPlan) (map[Key]int, error) {
	first, last, before, after := q.wholeMonths()
	if last.Before(first) {
		return s.countFactsFirst(ctx, q, q.From, q.To)
	}
	rows, err := s.db.Replica(ctx).QueryContext(ctx, `SELECT `+strings.Join(countsSelect(q, p), ", ")+`, SUM(n) FROM stat_counts
		WHERE version = $1 AND kind = $2 AND grain = $3 AND cat = $4 AND day >= $5 AND day <= $6 AND month < $7
		GROUP BY c0, c1, c2, c3`, q.version, string(q.Kind), grainFirst, p.cat, first, last, q.From.Format("2006-01"))
	out, err := scanCounts(rows, err, q.Kind)
	if err != nil {
		return nil, err
	}
	parts := []func() (map[Key]int, error){}
	for _, edge := range []Query{before, after} {
		if !edge.To.IsZero() {
			parts = append(parts, func() (map[Key]int, error) { return s.countFactsFirst(ctx, q, edge.From, edge.To) })
		}
	}
	if q.From.Day() != 1 {
		// The facts of the whole months whose previous day is in the
		// part of the first month before the run: a short range of the
		// index by previous day (stat_facts_prev), each fact counted when
		// its own day is in the months; a condition on the day would lead
		// the database to the index by day, a range of every fact of the
		// months. A previous day means a person: no need to ask.
		parts = append(parts, func() (map[Key]int, error) {
			rows, err := s.db.Replica(ctx).QueryContext(ctx, `SELECT `+strings.Join(factsSelect(q), ", ")+`,
				SUM(CASE WHEN day >= $5 AND day <= $6 THEN 1 ELSE 0 END) AS n FROM stat_facts
				WHERE version = $1 AND kind = $2 AND prev_day >= $3 AND prev_day < $4
				GROUP BY c0, c1, c2, c3 HAVING SUM(CASE WHEN day >= $5 AND day <= $6 THEN 1 ELSE 0 END) > 0`,
				q.version, string(q.Kind), monthOf(q.From), q.From, first, last.AddDate(0, 1, -1))
			return scanCounts(rows, err, q.Kind)
		})
	}
	for _, part := range parts {
		more, err := part()
		if err != nil {
			return nil, err
		}
		for k, n := range more {
			out[k] += n
		}
	}
	return out, nil
}

// countFactsFirst counts the facts of q's kind from one day to another
// whose previous day is before q's first.
func (s *Store) countFactsFirst(ctx context.Context, q Query, from, to time.Time) (map[Key]int, error) {
	rows, err := s.db.Replica(ctx).QueryContext(ctx, `SELECT `+strings.Join(factsSelect(q), ", ")+`, count(*) FROM stat_facts
		WHERE version = $1 AND kind = $2 AND day >= $3 AND day <= $4 AND person_id <> 0 AND (prev_day IS NULL OR prev_day < $5)
		GROUP BY c0, c1, c2, c3`, q.version, string(q.Kind), from, to, q.From)
	return scanCounts(rows, err, q.Kind)
}

// factsSelect is the columns of stat_facts that give q's categories.
func factsSelect(q Query) []string {
	sel := make([]string, maxBy)
	for i := range sel {
		sel[i] = "''"
		if i < len(q.By) {
			sel[i], _ = column(q.By[i])
		}
		sel[i] += fmt.Sprintf(" AS c%d", i)
	}
	return sel
}
