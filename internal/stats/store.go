package stats

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/audit"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/jobs"
)

// Store keeps the analytics table (stat_facts) and the statistics'
// settings. The table is rebuilt as a whole from the features' Go APIs by
// Refresh, never edited, so it can never drift from its sources for longer
// than a refresh; a dashboard counts one indexed range of it.
type Store struct {
	db      *db.DB
	jobs    *jobs.Queue
	persons Persons
	sources []Source
	// factsOnly counts over the facts alone, for the benchmarks' reference.
	factsOnly bool
}

// NewStore returns the store that rebuilds its facts from the registry's
// persons and the features' sources (wired in internal/app).
func NewStore(d *db.DB, queue *jobs.Queue, persons Persons, sources ...Source) *Store {
	return &Store{db: d, jobs: queue, persons: persons, sources: sources}
}

// State is the statistics' settings and the state of the last refresh.
type State struct {
	Threshold   int
	RefreshedAt time.Time // zero before the first refresh
	Took        time.Duration
	Facts       int
	RequestedAt time.Time // a refresh asked for and not yet done; zero when none
}

// The columns a count may be broken down or filtered by, beside the
// person's categories: a fact's outcome, its unit (a partner organisation,
// a course) and its month ("2026-11").
const (
	Outcome Category = "outcome"
	Unit    Category = "unit"
	ByMonth Category = "month"
)

// column returns the analytics table's column of a category; only these
// names ever reach the SQL.
func column(c Category) (string, bool) {
	switch c {
	case Sex, Age, Citizenship, Residence, Region, Outcome, Unit, ByMonth:
		return string(c), true
	}
	return "", false
}

// Query asks for a count of facts of one kind over a run of days,
// broken down by at most four categories and filtered by the values of
// others.
type Query struct {
	Kind     Kind
	From, To time.Time // days, inclusive; From zero counts from the start
	By       []Category
	Where    map[Category]string
	// Persons counts each person once, under the categories of their
	// first fact in the range by the categories' order, so that the
	// breakdown still adds up to the total; broken down by month, once in
	// each month they have a fact in.
	Persons bool
}

// Key is the values of a count's categories, in the query's By order.
type Key [maxBy]string

const maxBy = 4

// Count returns the counts of the query by the values of its categories;
// a query with no categories returns the total under Key{}. It reads the
// counts by month where they answer the query (see counts.go), the facts
// otherwise: the same numbers either way.
func (s *Store) Count(ctx context.Context, q Query) (map[Key]int, error) {
	if len(q.By) > maxBy {
		return nil, fmt.Errorf("stats: %d categories", len(q.By))
	}
	for _, c := range q.By {
		if _, ok := column(c); !ok {
			return nil, fmt.Errorf("stats: no breakdown by %q", c)
		}
	}
	p, ok := q.plan()
	switch {
	case !ok || s.factsOnly:
	case p.grain != grainUniform:
		return s.countFromCounts(ctx, q, p)
	default:
		if uniform, err := s.uniform(ctx, q.Kind); err != nil || uniform {
			if err != nil {
				return nil, err
			}
			return s.countFirsts(ctx, q)
		}
	}
	return s.countFacts(ctx, q)
}

// countFacts counts the query over the facts.
func (s *Store) countFacts(ctx context.Context, q Query) (map[Key]int, error) {
	where, args, err := q.where()
	if err != nil {
		return nil, err
	}
	sel, outer := make([]string, maxBy), make([]string, maxBy)
	group := "person_id"
	for i := range sel {
		sel[i], outer[i] = "''", fmt.Sprintf("c%d", i)
		if i < len(q.By) {
			col, ok := column(q.By[i])
			if !ok {
				return nil, fmt.Errorf("stats: no breakdown by %q", q.By[i])
			}
			sel[i] = col
		}
		switch {
		case q.Persons && i < len(q.By) && q.By[i] == ByMonth:
			group += ", month"
		case q.Persons:
			sel[i] = "MIN(" + sel[i] + ")"
		}
		sel[i] += " AS " + outer[i]
	}
	cols := strings.Join(outer, ", ")
	var query string
	if q.Persons {
		query = `SELECT ` + cols + `, count(*) FROM (SELECT person_id, ` + strings.Join(sel, ", ") + `
			FROM stat_facts WHERE ` + where + ` AND person_id <> 0 GROUP BY ` + group + `) f GROUP BY ` + cols
	} else {
		query = `SELECT ` + strings.Join(sel, ", ") + `, count(*) FROM stat_facts WHERE ` + where + ` GROUP BY ` + cols
	}
	rows, err := s.db.QueryContext(ctx, query, args...)
	return scanCounts(rows, err, q.Kind)
}

// scanCounts reads rows of four category values and a count.
func scanCounts(rows *sql.Rows, err error, kind Kind) (map[Key]int, error) {
	out := map[Key]int{}
	err = db.Each(rows, err, func(r db.Scanner) error {
		var k Key
		var n int
		if err := r.Scan(&k[0], &k[1], &k[2], &k[3], &n); err != nil {
			return err
		}
		out[k] += n
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("stats: count %s: %w", kind, err)
	}
	return out, nil
}

// where returns the query's conditions and their arguments.
func (q Query) where() (string, []any, error) {
	conds, args := []string{"kind = $1", "day <= $2"}, []any{string(q.Kind), q.To}
	if !q.From.IsZero() {
		args = append(args, q.From)
		conds = append(conds, fmt.Sprintf("day >= $%d", len(args)))
	}
	cats := make([]Category, 0, len(q.Where))
	for c := range q.Where {
		cats = append(cats, c)
	}
	slices.Sort(cats) // the same statement for the same filters
	for _, c := range cats {
		col, ok := column(c)
		if !ok {
			return "", nil, fmt.Errorf("stats: no filter by %q", c)
		}
		args = append(args, q.Where[c])
		conds = append(conds, fmt.Sprintf("%s = $%d", col, len(args)))
	}
	return strings.Join(conds, " AND "), args, nil
}

// Durations returns the durations in days of the query's facts, shortest
// first: their median is what the dashboards show.
func (s *Store) Durations(ctx context.Context, q Query) ([]int, error) {
	if p, ok := q.plan(); ok && !q.Persons && !s.factsOnly {
		return s.durationsFromCounts(ctx, q, p)
	}
	return s.durationsOfFacts(ctx, q)
}

func (s *Store) durationsOfFacts(ctx context.Context, q Query) ([]int, error) {
	where, args, err := q.where()
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT days FROM stat_facts WHERE `+where+` AND days IS NOT NULL ORDER BY days`, args...)
	out, err := db.Collect(rows, err, func(r db.Scanner) (int, error) {
		var n int
		return n, r.Scan(&n)
	})
	if err != nil {
		return nil, fmt.Errorf("stats: durations of %s: %w", q.Kind, err)
	}
	return out, nil
}

// State returns the settings and the last refresh.
func (s *Store) State(ctx context.Context) (State, error) {
	var st State
	var at, asked sql.NullTime
	var ms int64
	err := s.db.QueryRowContext(ctx, `SELECT threshold, refreshed_at, took_ms, facts, requested_at FROM stat_state WHERE id = 1`).
		Scan(&st.Threshold, &at, &ms, &st.Facts, &asked)
	if err != nil {
		return st, fmt.Errorf("stats: state: %w", err)
	}
	st.RefreshedAt, st.RequestedAt, st.Took = at.Time.UTC(), asked.Time.UTC(), time.Duration(ms)*time.Millisecond
	if !at.Valid {
		st.RefreshedAt = time.Time{}
	}
	if !asked.Valid {
		st.RequestedAt = time.Time{}
	}
	return st, nil
}

// The threshold's bounds: below 3 a published table would reveal pairs;
// above 20 the programme's figures would mostly vanish.
const (
	MinThreshold = 3
	MaxThreshold = 20
)

// SetThreshold changes the least number of persons a published cell may
// show, for every dashboard, export and the public page at once.
func (s *Store) SetThreshold(ctx context.Context, n int) error {
	if err := access.Require(ctx, access.ManageStatistics); err != nil {
		return err
	}
	if n < MinThreshold || n > MaxThreshold {
		return i18n.Errorf("stats.error.threshold", "Field", i18n.Key("stats.settings.threshold"), "Min", MinThreshold, "Max", MaxThreshold)
	}
	return s.db.Transact(ctx, func(tx *db.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE stat_state SET threshold = $1 WHERE id = 1`, n); err != nil {
			return fmt.Errorf("stats: set threshold: %w", err)
		}
		return audit.Record(ctx, tx, "statistics.threshold", "statistics", "", "threshold")
	})
}

// Refresh rebuilds the analytics table from the registry and the features,
// in one transaction: readers see the old facts or the new, never a mix.
// It returns the new state.
func (s *Store) Refresh(ctx context.Context) (State, error) {
	start := time.Now()
	today := i18n.DayOf(start)
	persons := map[int64]Person{}
	err := s.persons(ctx, today, func(p Person) error {
		persons[p.ID] = p
		return nil
	})
	if err != nil {
		return State{}, fmt.Errorf("stats: refresh: %w", err)
	}
	n := 0
	err = s.db.TransactBulk(ctx, func(tx *db.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM stat_facts`); err != nil {
			return err
		}
		const per = 2000
		batch := make([]any, 0, per*len(factColumns))
		flush := func() error {
			err := tx.BulkInsert(ctx, "stat_facts", factColumns, batch)
			batch = batch[:0]
			return err
		}
		// A fact of a person no longer in the registry (erased) still
		// counts, under unknown categories.
		counts := counter{}
		write := func(f Fact, prev any) error {
			row := append(factRow(f, persons[f.PersonID]), prev)
			counts.add(row)
			batch = append(batch, row...)
			n++
			if len(batch) >= per*len(factColumns) {
				return flush()
			}
			return nil
		}
		// The facts counted once per person wait until each has its
		// previous day.
		var held []Fact
		perPerson := personKinds()
		emit := func(f Fact) error {
			if f.PersonID != 0 && slices.Contains(perPerson, any(string(f.Kind))) {
				held = append(held, f)
				return nil
			}
			return write(f, nil)
		}
		for _, src := range s.sources {
			if err := src(ctx, s.db.BulkReader(tx), today, emit); err != nil {
				return err
			}
		}
		if err := counts.previousDays(held, write); err != nil {
			return err
		}
		if len(batch) > 0 {
			if err := flush(); err != nil {
				return err
			}
		}
		if err := counts.countPersons(ctx, tx); err != nil {
			return err
		}
		if err := counts.write(ctx, tx); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE stat_state SET refreshed_at = $1, took_ms = $2, facts = $3, requested_at = NULL WHERE id = 1`,
			db.Now(), time.Since(start).Milliseconds(), n)
		return err
	})
	if err != nil {
		return State{}, fmt.Errorf("stats: refresh: %w", err)
	}
	return s.State(ctx)
}

var factColumns = []string{"kind", "day", "month", "person_id", "outcome", "unit", "days",
	"sex", "age", "citizenship", "residence", "region", "prev_day"}

// factRow is the analytics table's row of a fact, with the categories of
// its person on its day, without its previous day.
func factRow(f Fact, p Person) []any {
	day := i18n.DayOf(f.Day)
	var days any
	if f.HasDays {
		days = f.Days
	}
	return []any{string(f.Kind), day, day.Format("2006-01"), f.PersonID, f.Outcome, f.Unit, days,
		p.Sex, string(p.ageOn(day)), p.Citizenship, p.Residence, p.Region}
}
