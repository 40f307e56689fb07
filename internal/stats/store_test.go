package stats

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"
)

func on(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// handBuilt is a small registry and its facts, with the figures expected of
// them written out in the tests below.
var handBuilt = struct {
	persons []Person
	facts   []Fact
}{
	persons: []Person{
		{ID: 1, Sex: "f", Birth: on("1990-05-01"), Citizenship: "UA", Residence: "trp", Region: "1"},
		{ID: 2, Sex: "f", Birth: on("2010-01-01"), Citizenship: "UA", Residence: "trp", Region: "1"},
		{ID: 3, Sex: "m", BirthYear: 1960, Citizenship: "AF", Residence: "refugee", Region: "2"},
		{ID: 4, Sex: "m", Citizenship: Stateless, Residence: "stateless"},
		{ID: 5, Sex: "", Birth: on("2000-11-20"), Citizenship: CitizenshipMany, Residence: "prp", Region: "1"},
	},
	facts: []Fact{
		{Kind: Registered, Day: on("2026-10-05"), PersonID: 1},
		{Kind: Registered, Day: on("2026-11-02"), PersonID: 2},
		{Kind: Registered, Day: on("2026-11-03"), PersonID: 3},
		{Kind: Registered, Day: on("2026-11-30"), PersonID: 4},
		{Kind: Registered, Day: on("2026-12-01"), PersonID: 5},
		// Person 1 is reached three times in November, once in October.
		{Kind: Reached, Day: on("2026-10-06"), PersonID: 1},
		{Kind: Reached, Day: on("2026-11-06"), PersonID: 1},
		{Kind: Reached, Day: on("2026-11-07"), PersonID: 1},
		{Kind: Reached, Day: on("2026-11-28"), PersonID: 1},
		{Kind: Reached, Day: on("2026-11-10"), PersonID: 3},
		{Kind: Reached, Day: on("2026-11-11"), PersonID: 4},
		// Plans: two on time and one late in November, one not agreed.
		{Kind: PlanDue, Day: on("2026-11-01"), PersonID: 1, Outcome: PlanOnTime},
		{Kind: PlanDue, Day: on("2026-11-02"), PersonID: 3, Outcome: PlanOnTime},
		{Kind: PlanDue, Day: on("2026-11-03"), PersonID: 4, Outcome: PlanLate},
		{Kind: PlanDue, Day: on("2026-11-04"), PersonID: 2, Outcome: PlanNone},
		{Kind: PlanDue, Day: on("2026-10-04"), PersonID: 2, Outcome: PlanLate},
		{Kind: Assessed, Day: on("2026-11-05"), PersonID: 1, Days: 4, HasDays: true},
		{Kind: Assessed, Day: on("2026-11-06"), PersonID: 3, Days: 10, HasDays: true},
		{Kind: Assessed, Day: on("2026-11-07"), PersonID: 4, Days: 30, HasDays: true},
		{Kind: ReferralClosed, Day: on("2026-11-09"), PersonID: 1, Outcome: "completed", Unit: "7"},
		{Kind: ReferralClosed, Day: on("2026-11-09"), PersonID: 3, Outcome: "declined", Unit: "7"},
		{Kind: ReferralClosed, Day: on("2026-11-09"), PersonID: 4, Outcome: "completed", Unit: "8"},
		{Kind: DuplicateFlagged, Day: on("2026-11-12")},
		// The Action Plan: two measures on track, one delayed.
		{Kind: Measure, Day: on("2026-11-15"), Outcome: "on_track", Unit: "7"},
		{Kind: Measure, Day: on("2026-11-15"), Outcome: "on_track", Unit: "8"},
		{Kind: Measure, Day: on("2026-11-15"), Outcome: "delayed", Unit: "8"},
		{Kind: ProposalAnswered, Day: on("2026-11-13"), Outcome: "accepted"}, // the Council's own
	},
}

// fakeSources serves the hand-built data as the features would.
func fakeSources() (Persons, Source) {
	persons := func(_ context.Context, _ time.Time, visit func(Person) error) error {
		for _, p := range handBuilt.persons {
			if err := visit(p); err != nil {
				return err
			}
		}
		return nil
	}
	facts := func(_ context.Context, _ db.Querier, _ time.Time, emit func(Fact) error) error {
		for _, f := range handBuilt.facts {
			if err := emit(f); err != nil {
				return err
			}
		}
		return nil
	}
	return persons, facts
}

func refreshed(t *testing.T, d *db.DB) *Store {
	t.Helper()
	persons, facts := fakeSources()
	s := NewStore(d, nil, persons, facts)
	st, err := s.Refresh(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if st.Facts != len(handBuilt.facts) || st.RefreshedAt.IsZero() || st.Threshold != DefaultThreshold {
		t.Fatalf("state %+v", st)
	}
	return s
}

func TestCountFacts(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := refreshed(t, d)
		ctx := context.Background()
		nov := MonthOf(2026, time.November)
		got, err := s.Count(ctx, Query{Kind: Registered, From: nov.From, To: nov.To, By: []Category{Sex}})
		if err != nil {
			t.Fatal(err)
		}
		if want := map[Key]int{{0: "f"}: 1, {0: "m"}: 2}; !equalCounts(got, want) {
			t.Errorf("registered by sex = %v, want %v", got, want)
		}
		// Ages on the day of the fact; the birth year alone gives the age reached that year.
		got, _ = s.Count(ctx, Query{Kind: Registered, To: on("2026-12-31"), By: []Category{Age}})
		if want := map[Key]int{{0: "0_17"}: 1, {0: "25_34"}: 1, {0: "35_44"}: 1, {0: "65_plus"}: 1, {0: "unknown"}: 1}; !equalCounts(got, want) {
			t.Errorf("registered by age = %v, want %v", got, want)
		}
		// Each person once: person 1 was reached three times in November.
		got, _ = s.Count(ctx, Query{Kind: Reached, From: nov.From, To: nov.To, Persons: true, By: []Category{Citizenship}})
		if want := map[Key]int{{0: "UA"}: 1, {0: "AF"}: 1, {0: Stateless}: 1}; !equalCounts(got, want) {
			t.Errorf("reached by citizenship = %v, want %v", got, want)
		}
		// By month, each person once in each month: person 1 in October
		// and in November.
		got, _ = s.Count(ctx, Query{Kind: Reached, To: nov.To, Persons: true, By: []Category{ByMonth}})
		if want := map[Key]int{{0: "2026-10"}: 1, {0: "2026-11"}: 3}; !equalCounts(got, want) {
			t.Errorf("reached by month = %v, want %v", got, want)
		}
		got, _ = s.Count(ctx, Query{Kind: Reached, From: nov.From, To: nov.To, Where: map[Category]string{Sex: "m"}})
		if got[Key{}] != 2 {
			t.Errorf("reached facts of men = %v, want 2", got)
		}
		if _, err := s.Count(ctx, Query{Kind: Reached, To: nov.To, By: []Category{"name"}}); err == nil {
			t.Error("a breakdown by an unknown column was accepted")
		}
		// A second refresh replaces the facts; it never adds to them.
		if st, err := s.Refresh(ctx); err != nil || st.Facts != len(handBuilt.facts) ||
			dbtest.Count(t, d, `SELECT count(*) FROM stat_facts WHERE version = (SELECT version FROM stat_state)`) != len(handBuilt.facts) {
			t.Errorf("second refresh: %+v %v", st, err)
		}
	})
}

func equalCounts(got, want map[Key]int) bool {
	if len(got) != len(want) {
		return false
	}
	for k, n := range want {
		if got[k] != n {
			return false
		}
	}
	return true
}

// TestProgrammeFigures computes the programme's dashboard on the hand-built
// data, with no protection (threshold 1) so that every number shows.
func TestProgrammeFigures(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := refreshed(t, d)
		ctx := access.With(context.Background(), access.Principal{UserID: 1, Role: access.Analyst})
		dash, _ := DashboardOf("programme")
		res, err := s.Compute(ctx, dash, Request{Period: MonthOf(2026, time.November), By: []Category{Sex}}, 1)
		if err != nil {
			t.Fatal(err)
		}
		by := map[string]Result{}
		for _, r := range res {
			by[r.Code] = r
		}
		reached := by["reached"]
		if reached.Total.N != 3 || reached.Previous.N != 1 || reached.List.Cells[0].N != 1 || reached.List.Cells[1].N != 2 {
			t.Errorf("reached: total %d, previous %d, by sex %+v", reached.Total.N, reached.Previous.N, reached.List)
		}
		plan := by["plan_on_time"]
		if plan.Rate.Num != 2 || plan.Rate.Den != 4 || plan.PrevRate.Num != 0 || plan.PrevRate.Den != 1 {
			t.Errorf("plans on time: %+v, before %+v", plan.Rate, plan.PrevRate)
		}
		// Rows by sex, columns by outcome: women one on time of two (the
		// other not agreed), men one on time and one late.
		if m := plan.Main; m == nil || m.Cells[0][0].N != 1 || m.Cells[0][2].N != 1 || m.RowTotals[0].N != 2 ||
			m.Cells[1][0].N != 1 || m.Cells[1][1].N != 1 || m.RowTotals[1].N != 2 {
			t.Errorf("plans by sex: %+v", m)
		}
		ref := by["referrals_completed"]
		if ref.Rate.Num != 2 || ref.Rate.Den != 3 {
			t.Errorf("referrals completed: %+v", ref.Rate)
		}
		if by["proposals_accepted"].Rate.Num != 1 || by["proposals_accepted"].Main.RowTotals[2].N != 1 {
			t.Errorf("the Council's own proposal counts under the unknown sex: %+v", by["proposals_accepted"].Main)
		}
		if by["assessed"].Total.N != 3 {
			t.Errorf("assessed: %+v", by["assessed"].Total)
		}
		// Measures are not persons: at a threshold of 5 their small
		// counts still show, where the persons' are hidden.
		res, err = s.Compute(ctx, dash, Request{Period: MonthOf(2026, time.November)}, 5)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range res {
			by[r.Code] = r
		}
		if m := by["measures_on_track"]; m.Total.Hidden || m.Total.N != 3 || m.Rate.Hidden || m.Rate.Num != 2 || m.List.Cells[2].N != 1 {
			t.Errorf("measures on track: %+v, %+v", m.Total, m.Rate)
		}
		if !by["reached"].Total.Hidden {
			t.Errorf("three persons reached shown at a threshold of 5: %+v", by["reached"].Total)
		}

		services, _ := DashboardOf("services")
		res, err = s.Compute(ctx, services, Request{Period: MonthOf(2026, time.November)}, 1)
		if err != nil {
			t.Fatal(err)
		}
		if r := res[1]; r.Code != "days_to_assessment" || !r.HasMed || r.Median != 10 {
			t.Errorf("median days to assessment: %+v", r)
		}
		if r := res[3]; r.Main == nil || r.Rows != Unit || len(r.Main.RowKeys) != 2 || r.Main.RowKeys[0] != "7" {
			t.Errorf("referrals by partner: %+v", r.Main)
		}

		registry, _ := DashboardOf("registry")
		res, err = s.Compute(ctx, registry, Request{Period: QuarterOf(2026, 4), By: []Category{Region, Residence}}, 1)
		if err != nil {
			t.Fatal(err)
		}
		reg := res[0]
		if reg.Total.N != 5 || reg.Trend == nil || len(reg.Trend.Keys) != 3 || reg.Trend.Cells[1].N != 3 || reg.Cross == nil {
			t.Errorf("registrations in Q4: %+v trend %+v", reg.Total, reg.Trend)
		}
		if reg.List.Keys[0] != "1" || reg.List.Cells[0].N != 3 || reg.List.Keys[len(reg.List.Keys)-1] != "" {
			t.Errorf("largest region first, unknown last: %+v", reg.List)
		}
		if stock := res[1]; stock.Total.N != 5 || stock.Previous.N != 0 || stock.List.Category != Residence ||
			stock.Cross == nil || stock.Cross.RowCategory != Residence || stock.Cross.ColCategory != Region {
			t.Errorf("registry at the end of Q4 by residence, crossed with the region asked for: %+v, of Q3: %+v", stock, stock.Previous)
		}
		if flagged := res[4]; flagged.Total.N != 1 || flagged.List != nil || flagged.Cross != nil {
			t.Errorf("duplicates are not broken down: %+v", flagged)
		}

		consultant := access.With(context.Background(), access.Principal{UserID: 2, Role: access.Consultant})
		if _, err := s.Compute(consultant, dash, Request{Period: MonthOf(2026, time.November)}, 1); !errors.Is(err, access.ErrForbidden) {
			t.Errorf("a consultant read the dashboard: %v", err)
		}
	})
}

// TestDashboardProtection computes with the real threshold: no shown count
// is below it, and the hidden ones cannot be had from the totals.
func TestDashboardProtection(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := refreshed(t, d)
		ctx := access.With(context.Background(), access.Principal{UserID: 1, Role: access.Analyst})
		dash, _ := DashboardOf("registry")
		res, err := s.Compute(ctx, dash, Request{Period: QuarterOf(2026, 4), By: []Category{Sex, Region}}, DefaultThreshold)
		if err != nil {
			t.Fatal(err)
		}
		reg := res[0]
		if reg.Total.Hidden || reg.Total.N != 5 {
			t.Errorf("a total of 5 is shown: %+v", reg.Total)
		}
		for _, l := range []*List{reg.List, reg.Trend} {
			for _, c := range l.Cells {
				if c.N > 0 && c.N < DefaultThreshold && !c.Hidden {
					t.Errorf("%s: a count of %d is shown", l.Category, c.N)
				}
			}
		}
		for _, row := range reg.Cross.Cells {
			for _, c := range row {
				if c.N > 0 && !c.Hidden {
					t.Errorf("crossed: a count of %d is shown", c.N)
				}
			}
		}
		prog, _ := DashboardOf("programme")
		res, err = s.Compute(ctx, prog, Request{Period: MonthOf(2026, time.November)}, DefaultThreshold)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range res {
			if r.Things {
				continue // measures, not persons
			}
			if r.Total.N > 0 && r.Total.N < DefaultThreshold && !r.Total.Hidden || r.Rate.Den > 0 && !r.Rate.Hidden {
				t.Errorf("%s: small figures shown: %+v %+v", r.Code, r.Total, r.Rate)
			}
		}
	})
}

// TestRefreshVersions checks that a refresh writes a new version beside the
// one in force and switches to it: a count pinned to the old version still
// reads it whole, one refresh runs at a time, and the versions no page
// reads any more are removed.
func TestRefreshVersions(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		persons, _ := fakeSources()
		facts := slices.Clone(handBuilt.facts)
		s := NewStore(d, nil, persons, func(_ context.Context, _ db.Querier, _ time.Time, emit func(Fact) error) error {
			for _, f := range facts {
				if err := emit(f); err != nil {
					return err
				}
			}
			return nil
		})
		exec := func(query string, args ...any) {
			t.Helper()
			if _, err := d.ExecContext(ctx, query, args...); err != nil {
				t.Fatal(err)
			}
		}
		versions := func() int {
			return dbtest.Count(t, d, `SELECT count(DISTINCT version) FROM stat_facts`)
		}
		if _, err := s.Refresh(ctx); err != nil {
			t.Fatal(err)
		}
		nov := Query{Kind: Reached, From: on("2026-11-01"), To: on("2026-11-30"), Persons: true}
		old, err := s.pin(ctx, nov)
		if err != nil {
			t.Fatal(err)
		}
		facts = append(facts, Fact{Kind: Reached, Day: on("2026-11-20"), PersonID: 2})
		if _, err := s.Refresh(ctx); err != nil {
			t.Fatal(err)
		}
		if got, err := s.Count(ctx, old); err != nil || got[Key{}] != 3 {
			t.Errorf("persons reached in the version replaced = %v, %v; want 3", got, err)
		}
		if got, err := s.Count(ctx, nov); err != nil || got[Key{}] != 4 {
			t.Errorf("persons reached after the refresh = %v, %v; want 4", got, err)
		}
		// Right after a refresh the version it replaced stays for the
		// pages still reading it; the ones before it go.
		for range 2 {
			if _, err := s.Refresh(ctx); err != nil {
				t.Fatal(err)
			}
		}
		if n := versions(); n != 3 {
			t.Errorf("%d versions after refreshes a moment apart, want 3", n)
		}
		// Another refresh running: refused. One that died an hour ago,
		// leaving its rows: taken over, its rows removed.
		exec(`UPDATE stat_state SET building = version + 1, building_since = $1`, db.Now())
		exec(`INSERT INTO stat_facts (kind, day, month, version) SELECT kind, day, month, version + 1 FROM stat_facts
			WHERE version = (SELECT version FROM stat_state)`)
		if _, err := s.Refresh(ctx); !errors.Is(err, ErrRefreshing) {
			t.Errorf("refresh beside another = %v, want ErrRefreshing", err)
		}
		exec(`UPDATE stat_state SET building_since = $1, refreshed_at = $1`, db.Now().Add(-2*time.Hour))
		st, err := s.Refresh(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n := dbtest.Count(t, d, `SELECT count(*) FROM stat_facts`); versions() != 2 || n != 2*st.Facts {
			t.Errorf("%d versions, %d facts after a refresh long after the last, want the two last of %d facts each", versions(), n, st.Facts)
		}
	})
}
