package strategy

import (
	"context"
	"errors"
	"testing"
	"time"

	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"
	"inteqra/internal/i18n"
	"inteqra/internal/stats"
)

// counted is a reported count of persons broken down by sex, with a
// baseline and targets.
func counted() IndicatorInput {
	return IndicatorInput{Title: texts("Kursu bitirənlər"), Definition: texts("Say"), Kind: Output, Unit: Number,
		Baseline: "10", BaselineYear: "2025", Source: Reported, Breakdowns: []stats.Category{stats.Sex},
		Targets: map[int]string{2027: "100", 2028: "150"}}
}

func problemKeys(err error) []string {
	var out []string
	for _, p := range i18n.Problems(err) {
		out = append(out, p.Key)
	}
	return out
}

func TestIndicatorForm(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		st, m := f.reportPlan(t)
		o := f.add(t, st, ItemInput{ParentID: f.add(t, st, ItemInput{Title: texts("G2")}), Title: texts("O2")})

		// Every problem at once: a reported indicator of an objective, an
		// unknown kind, a share above 100, a baseline without its year, a
		// target outside the plan's years.
		bad := IndicatorInput{Title: texts("X"), Definition: texts("Y"), Kind: "big", Unit: Percent, Baseline: "120",
			Source: Reported, Targets: map[int]string{2031: "5", 2027: "x"}}
		_, err := f.s.AddIndicator(f.officer, o, bad)
		if got := problemKeys(err); len(got) != 6 {
			t.Fatalf("problems %v", got)
		}
		if _, err := f.s.AddIndicator(f.labour, m, counted()); err == nil {
			t.Fatal("a focal point added an indicator")
		}
		id, err := f.s.AddIndicator(f.officer, m, counted())
		if err != nil {
			t.Fatal(err)
		}
		// An objective takes a computed indicator, whose unit is its figure's.
		comp, err := f.s.AddIndicator(f.officer, o, IndicatorInput{Title: texts("Sertifikatlar"), Definition: texts("Say"),
			Kind: Outcome, Unit: Manat, Source: Computed, Figure: "course_completion"})
		if err != nil {
			t.Fatal(err)
		}
		ind, _, err := f.s.Indicator(f.officer, comp)
		if err != nil || ind.Unit != Percent {
			t.Fatalf("computed %+v, %v", ind, err)
		}
		ind, loc, err := f.s.Indicator(f.labour, id)
		if err != nil || loc.ID != m || ind.Baseline.Qepik != 1000 || len(ind.Targets) != 2 || ind.Targets[0] != (Target{2027, Money{10000, true}}) {
			t.Fatalf("indicator %+v, %v", ind, err)
		}
		if _, _, err := f.s.Indicator(f.education, id); !errors.Is(err, db.ErrNotFound) {
			t.Fatalf("education reads labour's indicator: %v", err)
		}
		// The form comes back as it was typed.
		in := ind.Edit()
		in.Targets[2028] = ""
		in.Unit = Manat
		if err := f.s.UpdateIndicator(f.officer, id, in); err != nil {
			t.Fatal(err)
		}
		ind, _, _ = f.s.Indicator(f.officer, id)
		if len(ind.Targets) != 1 || ind.Unit != Manat {
			t.Fatalf("updated %+v", ind)
		}
		in.Unit = Number
		if err := f.s.UpdateIndicator(f.officer, id, in); err != nil {
			t.Fatal(err)
		}

		// Once a value is reported the unit stays and the indicator stays.
		if _, err := f.s.SaveReport(f.labour, m, date("2027-04-01"), ReportInput{Narrative: "n", Status: InProgress,
			Entries: []EntryInput{{IndicatorID: id, Value: "12"}}}, false); err != nil {
			t.Fatal(err)
		}
		in.Unit = Percent
		if err := f.s.UpdateIndicator(f.officer, id, in); !errors.Is(err, i18n.Errorf("strategy.error.unit_reported")) {
			t.Fatalf("unit changed: %v", err)
		}
		if err := f.s.RemoveIndicator(f.officer, id); !errors.Is(err, i18n.Errorf("strategy.error.indicator_reported")) {
			t.Fatalf("removed: %v", err)
		}
		if err := f.s.RemoveIndicator(f.officer, comp); err != nil {
			t.Fatal(err)
		}
	})
}

func TestReportedValues(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		st, m := f.reportPlan(t)
		id, err := f.s.AddIndicator(f.officer, m, counted())
		if err != nil {
			t.Fatal(err)
		}
		entries := func(total, women, men string) []EntryInput {
			return []EntryInput{{IndicatorID: id, Value: total}, {IndicatorID: id, Category: stats.Sex, Key: "f", Value: women},
				{IndicatorID: id, Category: stats.Sex, Key: "m", Value: men}}
		}
		q1, q2, q3 := date("2027-01-01"), date("2027-04-01"), date("2027-07-01")
		report := func(start time.Time, e []EntryInput, submit bool) error {
			_, err := f.s.SaveReport(f.labour, m, start, ReportInput{Narrative: "n", Status: InProgress, Entries: e}, submit)
			return err
		}
		// Every problem at once: cells above the total, a fraction of a
		// person, a breakdown the indicator has not, an unknown value.
		bad := append(entries("10", "8", "7.5"), EntryInput{IndicatorID: id, Category: stats.Age, Key: "18-24", Value: "1"},
			EntryInput{IndicatorID: id, Category: stats.Sex, Key: "x", Value: "1"})
		if got := problemKeys(report(q1, bad, false)); len(got) != 3 {
			t.Fatalf("problems %v", got)
		}
		bad = entries("10", "8", "7")
		if got := problemKeys(report(q1, bad, false)); len(got) != 1 || got[0] != "strategy.error.entry_sum" {
			t.Fatalf("sum: %v", got)
		}
		// A submitted report gives every total; a cell needs its total.
		if got := problemKeys(report(q1, entries("", "1", ""), false)); len(got) != 1 || got[0] != "strategy.error.entry_total" {
			t.Fatalf("cell without total: %v", got)
		}
		if got := problemKeys(report(q1, nil, true)); len(got) != 1 || got[0] != "strategy.error.entry_total" {
			t.Fatalf("submitted without total: %v", got)
		}

		for _, r := range []struct {
			start        time.Time
			e            []EntryInput
			returnFirst  bool
			approve      bool
			correctWomen string
		}{
			{q1, entries("40", "30", "10"), false, true, ""},
			{q2, entries("20", "18", "1"), true, true, "19"},
			{q3, entries("500", "", ""), false, false, ""}, // submitted, not approved: not counted
		} {
			if err := report(r.start, r.e, true); err != nil {
				t.Fatal(err)
			}
			if r.returnFirst {
				if err := f.s.ReturnReport(f.officer, m, r.start, "Kişiləri yoxlayın"); err != nil {
					t.Fatal(err)
				}
				r.e[1].Value = r.correctWomen
				if err := report(r.start, r.e, true); err != nil {
					t.Fatal(err)
				}
			}
			if r.approve {
				if err := f.s.ApproveReport(f.officer, m, r.start); err != nil {
					t.Fatal(err)
				}
			}
		}
		v, err := f.s.Report(f.officer, m, q2)
		if err != nil {
			t.Fatal(err)
		}
		if v.Value(id, stats.Sex, "f") != (Money{1900, true}) || v.Value(id, "", "") != (Money{2000, true}) {
			t.Fatalf("values %+v", v.Entries)
		}
		// Each value keeps its history: three first written, one corrected.
		if h := v.ChangesOf(id); len(h) != 4 || h[0].Value.Qepik != 1900 || h[0].Key != "f" || h[0].By == "" {
			t.Fatalf("history %+v", h)
		}

		s, err := f.s.Strategy(f.officer, st)
		if err != nil {
			t.Fatal(err)
		}
		ind, _, _ := f.s.Indicator(f.officer, id)
		years, err := f.s.Progress(context.Background(), s, ind)
		if err != nil {
			t.Fatal(err)
		}
		if len(years) != 2 || years[0].Year != 2026 || years[0].Total.Value.Valid {
			t.Fatalf("years %+v", years)
		}
		y := years[1]
		if y.Total.Value.Qepik != 6000 || len(y.Breakdowns) != 1 {
			t.Fatalf("2027 %+v", y)
		}
		b := y.Breakdowns[0]
		if b.Keys[0] != "f" || b.Cells[0].Value.Qepik != 4900 || b.Cells[1].Value.Qepik != 1100 || b.Rest.Value.Valid {
			t.Fatalf("2027 by sex %+v", b)
		}
		// The annual report sets the year's value against its target.
		a, err := f.s.Annual(f.officer, st, 2027)
		if err != nil {
			t.Fatal(err)
		}
		if len(a.Indicators) != 1 || a.Indicators[0].Value.Value.Qepik != 6000 || a.Indicators[0].Target.Qepik != 10000 {
			t.Fatalf("annual %+v", a.Indicators)
		}
		cat, err := i18n.Load()
		if err != nil {
			t.Fatal(err)
		}
		p := cat.Printer(i18n.EN)
		sections := a.Sections(p)
		last := sections[len(sections)-1]
		if len(last.Rows) != 1 || last.Rows[0].Cells[4] != "100" || last.Rows[0].Cells[5] != "60" {
			t.Fatalf("indicators section %+v", last)
		}
	})
}

// TestProgressProtected: a reported count whose breakdown holds a small
// group hides it and the cell that would give it away; a computed
// indicator takes the statistics package's figure for each year.
func TestProgressProtected(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		day := func(s string) time.Time { return date(s) }
		persons := func(_ context.Context, _ time.Time, visit func(stats.Person) error) error {
			for i := range 12 {
				sex := "f"
				if i < 2 {
					sex = "m"
				}
				if err := visit(stats.Person{ID: int64(i + 1), Sex: sex, BirthYear: 1990}); err != nil {
					return err
				}
			}
			return nil
		}
		facts := func(_ context.Context, _ db.Querier, _ time.Time, emit func(stats.Fact) error) error {
			for i := range 12 {
				outcome := "completed"
				if i >= 6 {
					outcome = "dropped"
				}
				if err := emit(stats.Fact{Kind: stats.CourseEnded, Day: day("2026-06-01"), PersonID: int64(i + 1), Outcome: outcome}); err != nil {
					return err
				}
				if err := emit(stats.Fact{Kind: stats.Certificate, Day: day("2026-06-02"), PersonID: int64(i + 1)}); err != nil {
					return err
				}
			}
			return nil
		}
		sts := stats.NewStore(d, nil, persons, facts)
		if _, err := sts.Refresh(context.Background()); err != nil {
			t.Fatal(err)
		}
		f.s.Computing(sts)
		st, m := f.reportPlan(t)
		s, _ := f.s.Strategy(f.officer, st)

		id, err := f.s.AddIndicator(f.officer, m, counted())
		if err != nil {
			t.Fatal(err)
		}
		e := []EntryInput{{IndicatorID: id, Value: "60"}, {IndicatorID: id, Category: stats.Sex, Key: "f", Value: "57"},
			{IndicatorID: id, Category: stats.Sex, Key: "m", Value: "3"}}
		if _, err := f.s.SaveReport(f.labour, m, date("2027-01-01"), ReportInput{Narrative: "n", Status: InProgress, Entries: e}, true); err != nil {
			t.Fatal(err)
		}
		if err := f.s.ApproveReport(f.officer, m, date("2027-01-01")); err != nil {
			t.Fatal(err)
		}
		ind, _, _ := f.s.Indicator(f.officer, id)
		years, err := f.s.Progress(context.Background(), s, ind)
		if err != nil {
			t.Fatal(err)
		}
		b := years[1].Breakdowns[0]
		if years[1].Total.Hidden || !b.Cells[0].Hidden || !b.Cells[1].Hidden || b.Rest.Hidden {
			t.Fatalf("protected %+v", years[1])
		}

		o := f.add(t, st, ItemInput{ParentID: f.add(t, st, ItemInput{Title: texts("G2")}), Title: texts("O2")})
		for _, c := range []struct {
			figure    string
			total     int64
			men, rest bool // the men's cell hidden
		}{
			{"certificates", 1200, true, false},
			{"course_completion", 5000, true, false}, // 6 of 12
		} {
			cid, err := f.s.AddIndicator(f.officer, o, IndicatorInput{Title: texts(c.figure), Definition: texts("d"), Kind: Outcome,
				Source: Computed, Figure: c.figure, Breakdowns: []stats.Category{stats.Sex}})
			if err != nil {
				t.Fatal(err)
			}
			ind, _, _ := f.s.Indicator(f.officer, cid)
			years, err := f.s.Progress(context.Background(), s, ind)
			if err != nil {
				t.Fatal(err)
			}
			y := years[0]
			if y.Year != 2026 || y.Total.Value.Qepik != c.total || y.Total.Hidden || len(y.Breakdowns) != 1 {
				t.Fatalf("%s: %+v", c.figure, y)
			}
			for i, k := range y.Breakdowns[0].Keys {
				if k == "m" && y.Breakdowns[0].Cells[i].Hidden != c.men {
					t.Fatalf("%s by sex: %+v", c.figure, y.Breakdowns[0])
				}
			}
			// A report's period shows the figure for that period alone.
			for _, q := range []struct {
				start, end string
				want       Shown
			}{{"2026-04-01", "2026-06-30", y.Total}, {"2026-07-01", "2026-09-30", Shown{Value: Money{0, c.figure == "certificates"}}}} {
				got, err := f.s.ComputedIn(context.Background(), ind, Period{Cadence: Quarterly, Start: date(q.start), End: date(q.end)})
				if err != nil || got != q.want {
					t.Fatalf("%s in %s: %+v, %v; want %+v", c.figure, q.start, got, err, q.want)
				}
			}
		}
	})
}

func TestAgencies(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		st, m := f.reportPlan(t)
		o := f.add(t, st, ItemInput{ParentID: f.add(t, st, ItemInput{Title: texts("G2")}), Title: texts("O2")})
		edu := f.measure(t, st, o, f.orgEdu, "2029-12-31")
		for _, start := range []string{"2027-01-01", "2027-04-01"} {
			if _, err := f.s.SaveReport(f.labour, m, date(start), ReportInput{Narrative: "n", Status: InProgress}, false); err != nil {
				t.Fatal(err)
			}
		}
		_, list, err := f.s.Agencies(f.officer, st)
		if err != nil {
			t.Fatal(err)
		}
		// By name in the Azerbaijani alphabet: Əmək before Təhsil.
		if len(list) != 2 || list[0].Agency.ID != f.orgLabour || list[1].Agency.ID != f.orgEdu {
			t.Fatalf("agencies %+v", list)
		}
		if got := list[0].Measures[0]; got.ID != m || got.Last == nil || got.Last.Period.Key() != "2027-04-01" || got.Last.Period.N() != 2 {
			t.Fatalf("labour's measure %+v", got)
		}
		if got := list[1].Measures[0]; got.ID != edu || got.Last != nil {
			t.Fatalf("education's measure %+v", got)
		}
		_, mine, err := f.s.Agencies(f.education, st)
		if err != nil || len(mine) != 1 || mine[0].Agency.ID != f.orgEdu {
			t.Fatalf("education's list %+v, %v", mine, err)
		}
	})
}
