package stats

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
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
	// version is the analytics table's version counted; zero for the one
	// in force (see Refresh).
	version int64
}

// Key is the values of a count's categories, in the query's By order.
type Key [maxBy]string

const maxBy = 4

// Count returns the counts of the query by the values of its categories;
// a query with no categories returns the total under Key{}. It reads the
// counts by month where they answer the query (see counts.go), the facts
// otherwise: the same numbers either way.
func (s *Store) Count(ctx context.Context, q Query) (map[Key]int, error) {
	ctx = s.db.OneReplica(ctx) // the version and its counts from one replica
	if len(q.By) > maxBy {
		return nil, fmt.Errorf("stats: %d categories", len(q.By))
	}
	for _, c := range q.By {
		if _, ok := column(c); !ok {
			return nil, fmt.Errorf("stats: no breakdown by %q", c)
		}
	}
	q, err := s.pin(ctx, q)
	if err != nil {
		return nil, err
	}
	p, ok := q.plan()
	switch {
	case !ok || s.factsOnly:
	case p.grain != grainUniform:
		return s.countFromCounts(ctx, q, p)
	default:
		if uniform, err := s.uniform(ctx, q); err != nil || uniform {
			if err != nil {
				return nil, err
			}
			return s.countFirsts(ctx, q, p)
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
	rows, err := s.db.Replica(ctx).QueryContext(ctx, query, args...)
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
	conds, args := []string{"version = $1", "kind = $2", "day <= $3"}, []any{q.version, string(q.Kind), q.To}
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
	ctx = s.db.OneReplica(ctx)
	q, err := s.pin(ctx, q)
	if err != nil {
		return nil, err
	}
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
	rows, err := s.db.Replica(ctx).QueryContext(ctx, `SELECT days FROM stat_facts WHERE `+where+` AND days IS NOT NULL ORDER BY days`, args...)
	out, err := db.Collect(rows, err, func(r db.Scanner) (int, error) {
		var n int
		return n, r.Scan(&n)
	})
	if err != nil {
		return nil, fmt.Errorf("stats: durations of %s: %w", q.Kind, err)
	}
	return out, nil
}

// pin returns q counting the version in force unless it names one, so
// that each count reads one whole version of the table.
func (s *Store) pin(ctx context.Context, q Query) (Query, error) {
	if q.version != 0 {
		return q, nil
	}
	rows, err := s.db.Replica(ctx).QueryContext(ctx, `SELECT version FROM stat_state WHERE id = 1`)
	// Not QueryRowContext: a failed replica's query runs again on the primary.
	if err := db.ScanOne(rows, err, &q.version); err != nil {
		return q, fmt.Errorf("stats: version: %w", err)
	}
	return q, nil
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

// ErrRefreshing is what Refresh returns while another refresh is running.
var ErrRefreshing = errors.New("stats: a refresh is running")

// staleClaim is how long a refresh may hold its claim on the next version:
// one that has not switched by then has died (a national rebuild takes two
// minutes).
const staleClaim = time.Hour

// Refresh rebuilds the analytics table from the registry and the features
// as a new version beside the one in force: it reads every source in one
// snapshot, writes the facts and their counts in short transactions, so
// that the database's writer is never held for long, and then switches to
// the new version in one small transaction. Readers see the old figures or
// the new, never a mix. One refresh runs at a time; another gets
// ErrRefreshing. It returns the new state.
func (s *Store) Refresh(ctx context.Context) (State, error) {
	start := time.Now()
	next, err := s.claim(ctx, start)
	if err != nil {
		return State{}, err
	}
	n, err := s.build(ctx, i18n.DayOf(start), next)
	if err == nil {
		_, err = s.db.ExecContext(ctx, `UPDATE stat_state SET version = $1, building = NULL, building_since = NULL,
			refreshed_at = $2, took_ms = $3, facts = $4, requested_at = NULL WHERE id = 1 AND building = $1`,
			next, db.Now(), time.Since(start).Milliseconds(), n)
	}
	if err != nil {
		// The claim goes, so that the next refresh may run; the rows
		// written go at its start.
		_, _ = s.db.ExecContext(context.WithoutCancel(ctx), `UPDATE stat_state SET building = NULL, building_since = NULL
			WHERE id = 1 AND building = $1`, next)
		return State{}, fmt.Errorf("stats: refresh: %w", err)
	}
	if err := s.db.Vacuum(ctx, "stat_facts", "stat_counts"); err != nil {
		return State{}, fmt.Errorf("stats: refresh: %w", err)
	}
	return s.State(ctx)
}

// claim takes the next version for a refresh starting at now, after
// removing the rows of the versions not in force.
func (s *Store) claim(ctx context.Context, now time.Time) (int64, error) {
	var cur int64
	var building sql.NullInt64
	var since, refreshed sql.NullTime
	err := s.db.QueryRowContext(ctx, `SELECT version, building, building_since, refreshed_at FROM stat_state WHERE id = 1`).
		Scan(&cur, &building, &since, &refreshed)
	if err != nil {
		return 0, fmt.Errorf("stats: refresh: %w", err)
	}
	if building.Valid && since.Time.After(now.Add(-staleClaim)) {
		return 0, ErrRefreshing
	}
	next := cur + 1 // the rows of a refresh that died go in the sweep below
	res, err := s.db.ExecContext(ctx, `UPDATE stat_state SET building = $1, building_since = $2
		WHERE id = 1 AND version = $3 AND (building IS NULL OR building_since < $4)`, next, db.Time(now), cur, db.Time(now.Add(-staleClaim)))
	if err != nil {
		return 0, fmt.Errorf("stats: refresh: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return 0, cmp.Or(err, ErrRefreshing)
	}
	// The version replaced a moment ago stays for the pages still reading
	// it, until the next refresh.
	keepPrevious := refreshed.Valid && refreshed.Time.After(now.Add(-time.Minute))
	if err := s.sweep(ctx, cur, keepPrevious); err != nil {
		return 0, fmt.Errorf("stats: refresh: %w", err)
	}
	return next, nil
}

// sweep deletes the rows of every version but cur (and the one before it
// when keepPrevious), in short transactions: the facts a kind and about a
// week at a time (ranges of the index, a few thousand rows each), the
// counts a thousand rows at a time. Versions follow one another without
// gaps.
func (s *Store) sweep(ctx context.Context, cur int64, keepPrevious bool) error {
	conds := []string{"version > $1", "version < $1"}
	if keepPrevious {
		conds[1] = "version < $1 - 1"
	}
	type part struct {
		version int64
		kind    string
		month   string
	}
	for _, cond := range conds {
		rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT version, kind, month FROM stat_facts WHERE `+cond, cur)
		parts, err := db.Collect(rows, err, func(r db.Scanner) (part, error) {
			var p part
			return p, r.Scan(&p.version, &p.kind, &p.month)
		})
		if err != nil {
			return err
		}
		for _, p := range parts {
			first, err := time.Parse("2006-01", p.month)
			if err != nil {
				return err
			}
			for _, days := range [][2]int{{0, 7}, {7, 14}, {14, 21}} {
				if err := s.deleteFacts(ctx, p.version, p.kind, first.AddDate(0, 0, days[0]), first.AddDate(0, 0, days[1])); err != nil {
					return err
				}
			}
			if err := s.deleteFacts(ctx, p.version, p.kind, first.AddDate(0, 0, 21), first.AddDate(0, 1, 0)); err != nil {
				return err
			}
		}
		if _, err := s.db.DeleteInChunks(ctx, "stat_counts", cond, rowsPerTx, cur); err != nil {
			return err
		}
	}
	return nil
}

// deleteFacts deletes the facts of a version and kind from one day until
// another.
func (s *Store) deleteFacts(ctx context.Context, version int64, kind string, from, until time.Time) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM stat_facts WHERE version = $1 AND kind = $2 AND day >= $3 AND day < $4`,
		version, kind, from, until)
	return err
}

// build writes version v of the facts and their counts, and returns the
// number of facts.
func (s *Store) build(ctx context.Context, today time.Time, v int64) (int, error) {
	persons := map[int64]Person{}
	err := s.persons(ctx, today, func(p Person) error {
		persons[p.ID] = p
		return nil
	})
	if err != nil {
		return 0, err
	}
	// The facts counted once per person are held apart until each has
	// its previous day.
	var facts, held []Fact
	perPerson := personKinds()
	err = s.db.Snapshot(ctx, func(q db.Querier) error {
		for _, src := range s.sources {
			err := src(ctx, q, today, func(f Fact) error {
				if f.PersonID != 0 && slices.Contains(perPerson, any(string(f.Kind))) {
					held = append(held, f)
				} else {
					facts = append(facts, f)
				}
				return nil
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	counts := counter{}
	w := s.newRowWriter("stat_facts", factColumns)
	// A fact of a person no longer in the registry (erased) still counts,
	// under unknown categories.
	write := func(f Fact, prev any, perPerson bool) error {
		row := append(factRow(f, persons[f.PersonID]), prev, v)
		counts.add(row)
		if perPerson {
			counts.addFirst(row)
		}
		return w.add(ctx, row)
	}
	for _, f := range facts {
		if err := write(f, nil, false); err != nil {
			return 0, err
		}
	}
	err = counts.previousDays(held, func(f Fact, prev any) error { return write(f, prev, true) })
	if err != nil {
		return 0, err
	}
	if err := w.flush(ctx); err != nil {
		return 0, err
	}
	if err := counts.countPersons(ctx, s.db, v); err != nil {
		return 0, err
	}
	return len(facts) + len(held), counts.write(ctx, s.newRowWriter("stat_counts", countColumns), v)
}

// rowWriter inserts the rows of a table in transactions of a few thousand
// rows each, so that a rebuild never holds the database's writer for long.
type rowWriter struct {
	db    *db.DB
	table string
	cols  []string
	rows  []any
}

// rowsPerTx is how many rows a rebuild writes in one transaction: a tenth
// of a second or so on SQLite.
const rowsPerTx = 1000

func (s *Store) newRowWriter(table string, cols []string) *rowWriter {
	return &rowWriter{db: s.db, table: table, cols: cols, rows: make([]any, 0, rowsPerTx*len(cols))}
}

// add adds a row of len(cols) values, writing those waiting when enough are.
func (w *rowWriter) add(ctx context.Context, row []any) error {
	w.rows = append(w.rows, row...)
	if len(w.rows) < rowsPerTx*len(w.cols) {
		return nil
	}
	return w.flush(ctx)
}

// flush writes the rows waiting.
func (w *rowWriter) flush(ctx context.Context) error {
	if len(w.rows) == 0 {
		return nil
	}
	err := w.db.TransactBulk(ctx, func(tx *db.Tx) error { return tx.BulkInsert(ctx, w.table, w.cols, w.rows) })
	w.rows = w.rows[:0]
	return err
}

var factColumns = []string{"kind", "day", "month", "person_id", "outcome", "unit", "days",
	"sex", "age", "citizenship", "residence", "region", "prev_day", "version"}

// factRow is the analytics table's row of a fact, with the categories of
// its person on its day, without its previous day and version.
func factRow(f Fact, p Person) []any {
	day := i18n.DayOf(f.Day)
	var days any
	if f.HasDays {
		days = f.Days
	}
	return []any{string(f.Kind), day, day.Format("2006-01"), f.PersonID, f.Outcome, f.Unit, days,
		p.Sex, string(p.ageOn(day)), p.Citizenship, p.Residence, p.Region}
}
