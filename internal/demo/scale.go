package demo

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/app"
	"inteqra/internal/auth"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/orgs"
	"inteqra/internal/training"
)

// Scale sizes the programme's activity that GenerateStatistics writes
// around a registry: cases (each with its assessment, plan, contacts,
// referrals and tasks as they happened), cohorts of learners with their
// lessons and attendance, and proposals to the Council.
type Scale struct {
	Cases     int
	Cohorts   int
	Proposals int
	Years     int // the activity spreads over this many years before today
	Seed      uint64
}

// NationalScale is the size issue 16's dashboards are measured at.
var NationalScale = Scale{Cases: 200_000, Cohorts: 20_000, Proposals: 20_000, Years: 4, Seed: 1}

// ScaleCounts is what GenerateStatistics wrote.
type ScaleCounts struct {
	Persons, Cases, Assessments, Plans, Contacts, Referrals, Tasks  int
	Cohorts, Lessons, Enrolments, Marks, Tests, Certificates, Props int
}

// GenerateStatistics fills a database whose registry is already loaded
// (inteqra generate persons + inteqra import persons) with the programme's
// activity at the given scale, for the dashboards' measurements. It writes
// with the bulk machinery of the import: rows the features would have
// written, with consistent states and dates, but without the case events
// and audit entries of each step, which no statistic reads. The persons'
// registrations are spread over the years first, so that no case opens
// before its person was registered. The same seed gives the same data.
func GenerateStatistics(ctx context.Context, a *app.App, sc Scale) (ScaleCounts, error) {
	ctx = access.With(ctx, access.System())
	var out ScaleCounts
	if err := a.DB.QueryRowContext(ctx, `SELECT count(*) FROM persons`).Scan(&out.Persons); err != nil {
		return out, err
	}
	if out.Persons == 0 {
		return out, errors.New("demo: the registry is empty: import persons first")
	}
	g := &scaleGen{r: rand.New(rand.NewPCG(sc.Seed, sc.Seed^0x5ca1e)), today: i18n.DayOf(db.Now())}
	g.start = g.today.AddDate(-sc.Years, 0, 0)
	if err := g.spreadRegistrations(ctx, a.DB); err != nil {
		return out, err
	}
	if err := g.setup(ctx, a); err != nil {
		return out, err
	}
	steps := []func(context.Context, *db.Tx, Scale, *ScaleCounts) error{g.cases, g.training, g.council}
	for _, step := range steps {
		if err := a.DB.TransactBulk(ctx, func(tx *db.Tx) error { return step(ctx, tx, sc, &out) }); err != nil {
			return out, fmt.Errorf("demo: statistics: %w", err)
		}
	}
	return out, nil
}

// scaleGen draws the activity; persons are referred to by their place
// among the registry's ids, whose registration days grow with it.
type scaleGen struct {
	r            *rand.Rand
	today, start time.Time
	persons      []int64
	registered   []time.Time // of each person, in the order of persons
	consultants  []int64
	trainers     []int64
	partners     []int64
	courses      []training.Course
}

// spreadRegistrations gives the persons registration days from the start
// to today in the order of their ids, a thousand at a time.
func (g *scaleGen) spreadRegistrations(ctx context.Context, d *db.DB) error {
	rows, err := d.QueryContext(ctx, `SELECT id FROM persons ORDER BY id`)
	g.persons, err = db.Collect(rows, err, func(r db.Scanner) (id int64, err error) { return id, r.Scan(&id) })
	if err != nil {
		return err
	}
	span := int(g.today.Sub(g.start).Hours() / 24)
	g.registered = make([]time.Time, len(g.persons))
	return d.Transact(ctx, func(tx *db.Tx) error {
		const per = 1000
		for i := 0; i < len(g.persons); i += per {
			j := min(i+per, len(g.persons))
			at := g.start.AddDate(0, 0, span*i/len(g.persons)).Add(10 * time.Hour)
			for k := i; k < j; k++ {
				g.registered[k] = at
			}
			if _, err := tx.ExecContext(ctx, `UPDATE persons SET created_at = $1, updated_at = $1 WHERE id BETWEEN $2 AND $3`,
				at, g.persons[i], g.persons[j-1]); err != nil {
				return err
			}
		}
		return nil
	})
}

// setup creates through the features' APIs what the activity refers to:
// consultants, trainers, partner organisations and the demo's courses.
func (g *scaleGen) setup(ctx context.Context, a *app.App) error {
	for i := range 40 {
		role, list := access.Consultant, &g.consultants
		if i%4 == 3 {
			role, list = access.Trainer, &g.trainers
		}
		in := auth.UserInput{Email: fmt.Sprintf("scale-%02d@inteqra.invalid", i), Name: fmt.Sprintf("Əməkdaş %02d", i),
			Role: role, Active: true, Language: i18n.AZ}
		u, _, err := a.Users.CreateUserGenerated(ctx, in, false)
		if err != nil {
			return err
		}
		*list = append(*list, u.ID)
	}
	for i := range 20 {
		kind := []orgs.Kind{orgs.NGO, orgs.Ministry, orgs.International, orgs.Employer}[i%4]
		o, err := a.Orgs.CreateOrganisation(ctx, orgs.Input{Name: fmt.Sprintf("Tərəfdaş təşkilat %02d", i+1), Kind: kind, Active: true})
		if err != nil {
			return err
		}
		g.partners = append(g.partners, o.ID)
	}
	for _, dc := range demoCourses {
		in := training.CourseInput{Kind: dc.kind, Hours: dc.hours, PassMark: "60", Modules: dc.modules,
			Title:       map[i18n.Lang]string{i18n.AZ: dc.title[0], i18n.EN: dc.title[1], i18n.RU: dc.title[2]},
			Description: map[i18n.Lang]string{i18n.AZ: dc.desc[0], i18n.EN: dc.desc[1], i18n.RU: dc.desc[2]},
			Eligible:    training.DefaultEligible}
		c, err := a.Training.SaveCourse(ctx, 0, in)
		if err != nil {
			return err
		}
		g.courses = append(g.courses, c)
	}
	return nil
}

// person draws a person and a day after their registration, before today.
func (g *scaleGen) person() (int64, time.Time) {
	i := g.r.IntN(len(g.persons))
	return g.persons[i], g.after(g.registered[i], int(g.today.Sub(g.registered[i]).Hours()/24))
}

// after returns a time within days after t (working hours), later than t
// and on no day after today unless t is late today.
func (g *scaleGen) after(t time.Time, days int) time.Time {
	d := i18n.DayOf(t).AddDate(0, 0, g.r.IntN(max(days, 0)+1))
	if d.After(g.today) {
		d = g.today
	}
	at := d.Add(time.Duration(5+g.r.IntN(8))*time.Hour + time.Duration(g.r.IntN(60))*time.Minute)
	if !at.After(t) { // the same day, later than t
		at = t.Add(time.Duration(1+g.r.IntN(90)) * time.Minute)
	}
	return at
}

func (g *scaleGen) chance(p float64) bool { return g.r.Float64() < p }

// past reports whether t has come by today.
func (g *scaleGen) past(t time.Time) bool { return !i18n.DayOf(t).After(g.today) }

// bulkRows collects rows of the tables of one transaction and writes them
// parents first, so that PostgreSQL's foreign keys hold at every COPY.
type bulkRows struct {
	tx     *db.Tx
	tables []string
	cols   map[string][]string
	vals   map[string][]any
	rows   int
}

func newBulkRows(tx *db.Tx) *bulkRows {
	return &bulkRows{tx: tx, cols: map[string][]string{}, vals: map[string][]any{}}
}

// table declares a table's columns; tables are written in this order.
func (b *bulkRows) table(name string, cols ...string) {
	b.tables = append(b.tables, name)
	b.cols[name] = cols
}

// add queues a row.
func (b *bulkRows) add(ctx context.Context, table string, vals ...any) error {
	if len(vals) != len(b.cols[table]) {
		return fmt.Errorf("demo: %s: %d values for %d columns", table, len(vals), len(b.cols[table]))
	}
	b.vals[table] = append(b.vals[table], vals...)
	b.rows++
	return nil
}

// spill writes the rows when enough wait; callers spill between parents,
// never between a parent and its children.
func (b *bulkRows) spill(ctx context.Context) error {
	if b.rows < 20_000 {
		return nil
	}
	return b.flush(ctx)
}

func (b *bulkRows) flush(ctx context.Context) error {
	for _, t := range b.tables {
		if len(b.vals[t]) == 0 {
			continue
		}
		if err := b.tx.BulkInsert(ctx, t, b.cols[t], b.vals[t]); err != nil {
			return fmt.Errorf("%s: %w", t, err)
		}
		b.vals[t] = b.vals[t][:0]
	}
	b.rows = 0
	return nil
}

// ids hands out ids of a table a thousand at a time.
type ids struct {
	db.IDs
	free []int64
}

func (a *ids) next(ctx context.Context, tx *db.Tx) (int64, error) {
	if len(a.free) == 0 {
		var err error
		if a.free, err = a.Take(ctx, tx, 1000); err != nil {
			return 0, err
		}
	}
	id := a.free[0]
	a.free = a.free[1:]
	return id, nil
}

// one draws an element of list.
func one[T any](g *scaleGen, list []T) T { return list[g.r.IntN(len(list))] }
