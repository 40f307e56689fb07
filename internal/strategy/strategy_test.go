package strategy

import (
	"context"
	"errors"
	"maps"
	"slices"
	"strconv"
	"testing"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/auth"
	"inteqra/internal/auth/authtest"
	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"
	"inteqra/internal/i18n"
	"inteqra/internal/orgs"
	"inteqra/internal/stats"
	"inteqra/internal/storage"
)

var system = access.With(context.Background(), access.System())

type fixture struct {
	d                 *db.DB
	s                 *Store
	officer, analyst  context.Context
	labour, education context.Context // focal points of two ministries
	consultant        context.Context
	orgLabour, orgEdu int64
	orgNGO            int64
}

func newFixture(t *testing.T, d *db.DB) *fixture {
	t.Helper()
	// Today is 1 July 2027 in Baku.
	f := &fixture{d: d, s: NewStore(d, storage.NewFolder(t.TempDir())).Dated(func() time.Time { return time.Date(2027, 7, 1, 9, 0, 0, 0, time.UTC) })}
	os := orgs.NewStore(d)
	for _, o := range []struct {
		id   *int64
		name string
		kind orgs.Kind
	}{{&f.orgLabour, "Əmək Nazirliyi", orgs.Ministry}, {&f.orgEdu, "Təhsil Nazirliyi", orgs.Ministry}, {&f.orgNGO, "Birlik", orgs.NGO}} {
		org, err := os.CreateOrganisation(system, orgs.Input{Name: o.name, Kind: o.kind, Active: true})
		if err != nil {
			t.Fatal(err)
		}
		*o.id = org.ID
	}
	f.officer = authtest.SignedIn(t, d, access.StrategyOfficer, "officer@example.az")
	f.analyst = authtest.SignedIn(t, d, access.Analyst, "analyst@example.az")
	f.consultant = authtest.SignedIn(t, d, access.Consultant, "consultant@example.az")
	users := authtest.NewStore(t, d)
	focal := func(email string, org int64) context.Context {
		u, err := users.CreateUser(system, auth.UserInput{Email: email, Name: "Focal", Role: access.FocalPoint, Active: true,
			OrganisationID: org}, "long enough password", false)
		if err != nil {
			t.Fatal(err)
		}
		return access.With(context.Background(), u.Principal())
	}
	f.labour, f.education = focal("labour@example.az", f.orgLabour), focal("education@example.az", f.orgEdu)
	return f
}

func texts(s string) Texts { return Texts{Az: s + " az", En: s + " en", Ru: s + " ru"} }

func (f *fixture) strategy(t *testing.T) int64 {
	t.Helper()
	id, err := f.s.CreateStrategy(f.officer, StrategyInput{Title: texts("Strategiya"), FirstYear: 2026, LastYear: 2030})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func (f *fixture) add(t *testing.T, strategy int64, in ItemInput) int64 {
	t.Helper()
	id, err := f.s.AddItem(f.officer, strategy, in)
	if err != nil {
		t.Fatalf("add %+v: %v", in, err)
	}
	return id
}

func (f *fixture) measure(t *testing.T, strategy, objective, org int64, ends string) int64 {
	t.Helper()
	return f.add(t, strategy, ItemInput{ParentID: objective, Title: texts("Tədbir"), ResponsibleID: org,
		PartnerIDs: []int64{f.orgNGO, org}, StartsOn: "2026-01-01", EndsOn: ends, Planned: "15 000,50", Source: StateBudget})
}

// numbers returns the plan's items as number → text in Azerbaijani.
func numbers(goals []*Item) map[string]string {
	out := map[string]string{}
	var walk func([]*Item)
	walk = func(items []*Item) {
		for _, it := range items {
			out[it.Number] = it.Title.Az
			walk(it.Children)
		}
	}
	walk(goals)
	return out
}

func TestTreeNumbersAndMoves(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		st := f.strategy(t)
		g1 := f.add(t, st, ItemInput{Title: texts("G1")})
		g2 := f.add(t, st, ItemInput{Title: texts("G2")})
		o11 := f.add(t, st, ItemInput{ParentID: g1, Title: texts("O11")})
		o12 := f.add(t, st, ItemInput{ParentID: g1, Title: texts("O12")})
		o21 := f.add(t, st, ItemInput{ParentID: g2, Title: texts("O21")})
		m := f.measure(t, st, o12, f.orgLabour, "2027-12-31")
		m2 := f.measure(t, st, o12, f.orgEdu, "2027-12-31")
		pl, err := f.s.Plan(f.officer, st)
		if err != nil {
			t.Fatal(err)
		}
		got := numbers(pl.Goals)
		want := map[string]string{"1": "G1 az", "2": "G2 az", "1.1": "O11 az", "1.2": "O12 az", "2.1": "O21 az",
			"1.2.1": "Tədbir az", "1.2.2": "Tədbir az"}
		if !maps.Equal(got, want) {
			t.Errorf("numbers = %v, want %v", got, want)
		}
		loc, err := f.s.Item(f.officer, m)
		if err != nil {
			t.Fatal(err)
		}
		if loc.Number != "1.2.1" || len(loc.Path) != 2 || loc.Path[1].ID != o12 || loc.Planned.Qepik != 1500050 ||
			len(loc.Partners) != 1 || loc.Partners[0].ID != f.orgNGO || loc.Responsible.Name != "Əmək Nazirliyi" || loc.Status != NotStarted {
			t.Errorf("measure = %+v, want 1.2.1 under O12, 15000.50 ₼, the NGO its only partner", loc)
		}
		// The measure moves to the other goal's objective, first there; the
		// one left behind closes up.
		if err := f.s.MoveItem(f.officer, m, o21, 1); err != nil {
			t.Fatal(err)
		}
		// The second goal moves before the first.
		if err := f.s.MoveItem(f.officer, g2, 0, 1); err != nil {
			t.Fatal(err)
		}
		pl, _ = f.s.Plan(f.officer, st)
		for id, want := range map[int64]string{m: "1.1.1", m2: "2.2.1", o11: "2.1", g1: "2", o21: "1.1"} {
			if loc, err := f.s.Item(f.officer, id); err != nil || loc.Number != want {
				t.Errorf("item %d numbered %q, %v; want %s", id, loc.Number, err, want)
			}
		}
		// An item keeps its kind: a measure does not go under a goal, nor
		// an objective to the top; a position past the end is refused.
		for _, bad := range []struct {
			id, parent int64
			pos        int
			key        string
		}{{m, g1, 1, "error.unknown_choice"}, {o11, 0, 1, "error.unknown_choice"}, {m, o21, 3, "strategy.error.position"},
			{m, m2, 1, "error.unknown_choice"}} {
			if err := f.s.MoveItem(f.officer, bad.id, bad.parent, bad.pos); !i18n.HasProblem(err, bad.key) {
				t.Errorf("move %d under %d at %d: %v, want %s", bad.id, bad.parent, bad.pos, err, bad.key)
			}
		}
		if _, err := f.s.AddItem(f.officer, st, ItemInput{ParentID: m, Title: texts("Under a measure")}); !i18n.HasProblem(err, "error.unknown_choice") {
			t.Errorf("item under a measure: %v, want refused", err)
		}
		if n := dbtest.Count(t, d, `SELECT count(*) FROM audit_events WHERE action = 'strategy_item.move'`); n != 2 {
			t.Errorf("%d moves audited, want 2", n)
		}
		if n := dbtest.Count(t, d, `SELECT count(*) FROM audit_events WHERE action = 'strategy_item.create'`); n != 7 {
			t.Errorf("%d items audited, want 7", n)
		}
	})
}

func TestDelayedAndCounts(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		st := f.strategy(t)
		g := f.add(t, st, ItemInput{Title: texts("G")})
		o := f.add(t, st, ItemInput{ParentID: g, Title: texts("O")})
		// Today is 2027-07-01.
		late := f.measure(t, st, o, f.orgLabour, "2027-06-30")
		endsToday := f.measure(t, st, o, f.orgLabour, "2027-07-01")
		doneLate := f.measure(t, st, o, f.orgEdu, "2027-01-31")
		dropped := f.measure(t, st, o, f.orgEdu, "2027-01-31")
		inProgress := f.measure(t, st, o, f.orgEdu, "2026-12-31")
		for id, s := range map[int64]Status{doneLate: Completed, dropped: Cancelled, inProgress: InProgress} {
			if err := f.s.SetStatus(f.officer, id, s); err != nil {
				t.Fatal(err)
			}
		}
		pl, err := f.s.Plan(f.analyst, st)
		if err != nil {
			t.Fatal(err)
		}
		want := map[int64]Status{late: Delayed, endsToday: NotStarted, doneLate: Completed, dropped: Cancelled, inProgress: Delayed}
		for _, m := range pl.Goals[0].Children[0].Children {
			if got := m.StatusOn(pl.Today); got != want[m.ID] {
				t.Errorf("measure %s: %s, want %s", m.Number, got, want[m.ID])
			}
		}
		if pl.Total != (Counts{AtRisk: 1, Delayed: 2, Completed: 1, Cancelled: 1}) || len(pl.ByObjective) != 1 || pl.ByObjective[0].Counts != pl.Total {
			t.Errorf("counts = %+v by objective %+v", pl.Total, pl.ByObjective)
		}
		if len(pl.ByAgency) != 2 || pl.ByAgency[0].Agency.ID != f.orgEdu || pl.ByAgency[0].Counts != (Counts{Delayed: 1, Completed: 1, Cancelled: 1}) ||
			pl.ByAgency[1].Counts != (Counts{AtRisk: 1, Delayed: 1}) {
			t.Errorf("by agency = %+v", pl.ByAgency)
		}
		// The public reads only a published strategy.
		if _, err := f.s.Published(context.Background()); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("public read of a draft: %v", err)
		}
		if err := f.s.Publish(f.officer, st); err != nil {
			t.Fatal(err)
		}
		if pub, err := f.s.Published(context.Background()); err != nil || pub.ID != st || pub.Measures != 5 {
			t.Errorf("published = %d with %d measures, %v", pub.ID, pub.Measures, err)
		}
		// The statistics count the published plan's measures by light,
		// with the same lights the monitoring views count.
		lights, units := map[string]int{}, map[string]int{}
		err = f.s.StatFacts(context.Background(), d, pl.Today, func(fact stats.Fact) error {
			lights[fact.Outcome]++
			units[fact.Unit]++
			return nil
		})
		wantLights := map[string]int{string(AtRisk): 1, string(Late): 2, string(Done): 1, string(Dropped): 1}
		if err != nil || !maps.Equal(lights, wantLights) || units[strconv.FormatInt(f.orgEdu, 10)] != 3 {
			t.Errorf("facts by light %v, by unit %v, %v", lights, units, err)
		}
		for i, l := range Lights {
			if stats.MeasureLights[i] != string(l) {
				t.Errorf("the statistics' lights %v, the plan's %v", stats.MeasureLights, Lights)
			}
		}
		if err := f.s.Publish(f.officer, st); !i18n.HasProblem(err, "strategy.error.state") {
			t.Errorf("published twice: %v", err)
		}
		empty := f.strategy(t)
		if err := f.s.Publish(f.officer, empty); !i18n.HasProblem(err, "strategy.error.empty") {
			t.Errorf("empty strategy published: %v", err)
		}
		if n := dbtest.Count(t, d, `SELECT count(*) FROM audit_events WHERE action = 'strategy_item.status'`); n != 3 {
			t.Errorf("%d status changes audited, want 3", n)
		}
	})
}

func TestValidationReportsEverything(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		_, err := f.s.CreateStrategy(f.officer, StrategyInput{Title: Texts{Az: "Strategiya", Ru: "x\x00"}, FirstYear: 2030, LastYear: 2026})
		if got := i18n.ProblemKeys(err); !slices.Equal(got, []string{"strategy.error.required", "error.control_chars", "strategy.error.years_order"}) {
			t.Errorf("strategy problems = %v", got)
		}
		if _, err := f.s.CreateStrategy(f.officer, StrategyInput{Title: texts("S"), FirstYear: -1, LastYear: 3000}); len(i18n.Problems(err)) != 2 {
			t.Errorf("years out of range: %v", err)
		}
		st := f.strategy(t)
		g := f.add(t, st, ItemInput{Title: texts("G")})
		o := f.add(t, st, ItemInput{ParentID: g, Title: texts("O")})
		_, err = f.s.AddItem(f.officer, st, ItemInput{ParentID: o, Title: Texts{Az: "Tədbir"}, ResponsibleID: 9999,
			PartnerIDs: []int64{-1}, StartsOn: "2027-05-01", EndsOn: "2027-04-31", Planned: "12.345", Spent: "abc", Source: "lottery"})
		want := []string{"strategy.error.required", "strategy.error.required", "strategy.error.date", "strategy.error.amount",
			"strategy.error.amount", "error.unknown_choice", "error.unknown_choice", "error.unknown_choice"}
		if got := i18n.ProblemKeys(err); !slices.Equal(got, want) {
			t.Errorf("measure problems = %v, want %v", got, want)
		}
		_, err = f.s.AddItem(f.officer, st, ItemInput{ParentID: o, Title: texts("T"), ResponsibleID: f.orgEdu,
			StartsOn: "2027-05-01", EndsOn: "2027-04-30", Planned: "100"})
		if got := i18n.ProblemKeys(err); !slices.Equal(got, []string{"strategy.error.dates_order", "strategy.error.source"}) {
			t.Errorf("dates and source: %v", got)
		}
		if n := dbtest.Count(t, d, `SELECT count(*) FROM strategy_items`); n != 2 {
			t.Errorf("%d items written, want the 2 valid ones", n)
		}
		// The analyst and the consultant change nothing.
		if _, err := f.s.CreateStrategy(f.analyst, StrategyInput{Title: texts("S"), FirstYear: 2026, LastYear: 2030}); !errors.Is(err, access.ErrForbidden) {
			t.Errorf("analyst creates a strategy: %v", err)
		}
		if _, err := f.s.Plan(f.consultant, st); !errors.Is(err, access.ErrForbidden) {
			t.Errorf("consultant reads the plan: %v", err)
		}
	})
}

func TestFocalPointSeesOnlyOwnMeasures(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		st := f.strategy(t)
		g := f.add(t, st, ItemInput{Title: texts("G")})
		g2 := f.add(t, st, ItemInput{Title: texts("G2")})
		o := f.add(t, st, ItemInput{ParentID: g, Title: texts("O")})
		o2 := f.add(t, st, ItemInput{ParentID: g2, Title: texts("O2")})
		mine := f.measure(t, st, o, f.orgLabour, "2028-12-31")
		theirs := f.measure(t, st, o2, f.orgEdu, "2028-12-31")
		if err := f.s.SetStatus(f.labour, mine, InProgress); err != nil {
			t.Fatalf("focal point sets own measure's status: %v", err)
		}
		if err := f.s.SetStatus(f.labour, theirs, Completed); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("focal point sets another agency's measure: %v, want not found", err)
		}
		if _, err := f.s.Item(f.labour, theirs); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("focal point reads another agency's measure: %v, want not found", err)
		}
		if _, err := f.s.Item(f.labour, o); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("focal point reads an objective as an item: %v, want not found", err)
		}
		if loc, err := f.s.Item(f.labour, mine); err != nil || loc.Status != InProgress {
			t.Errorf("own measure: %+v, %v", loc.Status, err)
		}
		pl, err := f.s.Plan(f.labour, st)
		if err != nil {
			t.Fatal(err)
		}
		if got := numbers(pl.Goals); !maps.Equal(got, map[string]string{"1": "G az", "1.1": "O az", "1.1.1": "Tədbir az"}) || pl.Measures != 1 {
			t.Errorf("focal point's plan = %v", got)
		}
		if list, err := f.s.MyMeasures(f.education); err != nil || len(list) != 1 || list[0].ID != theirs || list[0].Number != "2.1.1" {
			t.Errorf("education's measures = %+v, %v", list, err)
		}
		// A focal point changes nothing else.
		if err := f.s.UpdateItem(f.labour, mine, ItemInput{Title: texts("X")}); !errors.Is(err, access.ErrForbidden) {
			t.Errorf("focal point edits a measure: %v", err)
		}
		if err := f.s.SetStatus(f.analyst, mine, Completed); !errors.Is(err, access.ErrForbidden) {
			t.Errorf("analyst sets a status: %v", err)
		}
		if loc, _ := f.s.Item(f.officer, theirs); loc.Status != NotStarted {
			t.Errorf("another agency's measure changed to %s", loc.Status)
		}
		if n := dbtest.Count(t, d, `SELECT count(*) FROM audit_events WHERE action = 'strategy_item.status'`); n != 1 {
			t.Errorf("%d status changes audited, want 1", n)
		}
	})
}

func TestUpdateItem(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		st := f.strategy(t)
		g := f.add(t, st, ItemInput{Title: texts("G")})
		o := f.add(t, st, ItemInput{ParentID: g, Title: texts("O")})
		m := f.measure(t, st, o, f.orgLabour, "2028-12-31")
		loc, err := f.s.Item(f.officer, m)
		if err != nil {
			t.Fatal(err)
		}
		in := loc.Edit()
		if err := f.s.UpdateItem(f.officer, m, in); err != nil {
			t.Fatal(err)
		}
		in.ResponsibleID, in.PartnerIDs, in.Spent = f.orgEdu, nil, "2000"
		if err := f.s.UpdateItem(f.officer, m, in); err != nil {
			t.Fatal(err)
		}
		loc, _ = f.s.Item(f.officer, m)
		if loc.Responsible.ID != f.orgEdu || len(loc.Partners) != 0 || loc.Spent != (Money{200000, true}) {
			t.Errorf("updated measure = %+v", loc.Item)
		}
		var fields string
		if err := d.QueryRowContext(context.Background(), `SELECT fields FROM audit_events WHERE action = 'strategy_item.update'`).Scan(&fields); err != nil {
			t.Fatalf("one update audited, the unchanged save none: %v", err)
		}
		if fields != "responsible,partners,budget" {
			t.Errorf("fields audited = %q", fields)
		}
		if err := f.s.UpdateStrategy(f.officer, st, StrategyInput{Title: texts("Yeni"), FirstYear: 2026, LastYear: 2031}); err != nil {
			t.Fatal(err)
		}
		if s, _ := f.s.Strategy(f.analyst, st); s.LastYear != 2031 || s.Title.Az != "Yeni az" {
			t.Errorf("strategy = %+v", s)
		}
	})
}
