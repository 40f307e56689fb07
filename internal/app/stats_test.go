package app_test

import (
	"maps"
	"testing"
	"time"

	"inteqra/internal/cases"
	"inteqra/internal/council"
	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"
	"inteqra/internal/people"
	"inteqra/internal/stats"
)

// TestProgrammeIndicators builds a small data set through the features'
// stores, dates what needs a past day, and checks each programme
// indicator's definition (stats.figure.*.about) against numbers written
// out here, on both databases.
func TestProgrammeIndicators(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		birth := func(years int) string { return w.today.AddDate(-years, 0, -10).Format(time.DateOnly) }
		// Four clients and one person only registered.
		p1 := w.person(someone{sex: people.Female, birth: birth(30), citizens: []string{"UA"}, region: 1, status: people.PermanentPermit})
		p2 := w.person(someone{sex: people.Male, birthYear: w.today.Year() - 70, citizens: []string{"AF"}, region: 2, status: people.Refugee})
		p3 := w.person(someone{sex: people.Male, stateless: true, status: people.Refugee})
		p4 := w.person(someone{sex: people.Female, birth: birth(16), citizens: []string{"UA", "RU"}, status: people.PermanentPermit})
		w.person(someone{noConsent: true})

		// Case A: opened 35 days ago just after midnight in Baku (the
		// evening before in UTC), assessed 5 days later, plan agreed 30
		// days after the intake (on time), a referral completed.
		a := w.openCase(p1)
		w.assess(a)
		w.agree(a, -5, true)
		w.refer(a, cases.ReferralCompleted)
		// Case B: opened 40 days ago late in the evening, assessed a day
		// later, plan agreed 31 days after the intake (late), a referral
		// declined.
		b := w.openCase(p2)
		w.assess(b)
		w.agree(b, -9, false)
		w.refer(b, cases.ReferralDeclined)
		// Case C: opened 31 days ago, no assessment and no plan (past its
		// 30 days: not agreed), a referral the person missed, a service.
		c := w.openCase(p3)
		w.refer(c, cases.ReferralNoShow)
		_, err := w.a.Cases.RecordContact(w.consultant, c, cases.ContactInput{ServiceID: w.service, HeldOn: w.day(0), Minutes: "30", Language: "az"})
		w.check(err)
		// Case D: opened and assessed today, still within its 30 days; a
		// referral cancelled, another still waiting.
		dd := w.openCase(p4)
		w.assess(dd)
		w.refer(dd, cases.ReferralCancelled)
		w.refer(dd, cases.ReferralSent)
		for _, back := range []struct {
			id     int64
			opened time.Time
			assess int
		}{{a, w.at(-35, 0, 30), -30}, {b, w.at(-40, 23, 30), -39}, {c, w.at(-31, 12, 0), 0}} {
			w.exec(`UPDATE cases SET opened_at = $1 WHERE id = $2`, back.opened, back.id)
			w.exec(`UPDATE assessments SET completed_at = $1 WHERE case_id = $2`, w.at(back.assess, 12, 0), back.id)
		}

		// A cohort: the first completes and earns a certificate, the
		// second fails the final test, the fourth drops out. The fourth
		// applied late on the day before the period (the period before),
		// the second early on its first day (the evening before in UTC).
		cohort := w.cohort()
		e1, e2, e4 := w.enrol(cohort, p1), w.enrol(cohort, p2), w.enrol(cohort, p4)
		w.check(w.a.Training.Drop(w.sys, e4, "Köçdü"))
		w.finish(cohort, map[int64]int{e1: 80, e2: 40}, nil)
		w.exec(`UPDATE enrolments SET applied_at = $1 WHERE id = $2`, w.at(-41, 23, 30), e4)
		w.exec(`UPDATE enrolments SET applied_at = $1 WHERE id = $2`, w.at(-40, 2, 0), e2)

		// The Council: two proposals accepted (one its own), one partly,
		// one rejected, one not answered yet.
		w.propose(false, council.Accepted)
		w.propose(true, council.Accepted)
		w.propose(true, council.PartlyAccepted)
		w.propose(true, council.Rejected)
		w.propose(true, "")

		period := stats.Period{Kind: stats.Custom, From: w.today.AddDate(0, 0, -40), To: w.today}
		got := w.figures(stats.Request{Period: period, By: []stats.Category{stats.Sex}})["programme"]
		want := []struct {
			code            string
			total, previous int
			num, den        int
			bySex           map[string]int // the figure's rows by sex
			rate            bool
		}{
			// Each person once, though the first was reached three times.
			{code: "reached", total: 4, previous: 1, bySex: map[string]int{"f": 2, "m": 2}},
			{code: "assessed", total: 3, bySex: map[string]int{"f": 2, "m": 1}},
			// Case D is not due yet: one on time, one late, one not agreed.
			{code: "plan_on_time", total: 3, num: 1, den: 3, rate: true, bySex: map[string]int{"f": 1, "m": 2}},
			// The waiting referral is not closed.
			{code: "referrals_completed", total: 4, num: 1, den: 4, rate: true, bySex: map[string]int{"f": 2, "m": 2}},
			{code: "course_completion", total: 3, num: 1, den: 3, rate: true, bySex: map[string]int{"f": 2, "m": 1}},
			{code: "pass_rate", total: 2, num: 1, den: 2, rate: true, bySex: map[string]int{"f": 1, "m": 1}},
			{code: "certificates", total: 1, bySex: map[string]int{"f": 1}},
			// The Council's own proposal has no author: unknown sex.
			{code: "proposals_accepted", total: 4, num: 2, den: 4, rate: true, bySex: map[string]int{"m": 3, "": 1}},
		}
		for _, f := range want {
			r := got[f.code]
			if r.Total.N != f.total || r.Previous.N != f.previous {
				t.Errorf("%s: %d, before %d; want %d, before %d", f.code, r.Total.N, r.Previous.N, f.total, f.previous)
			}
			if f.rate && (r.Rate.Num != f.num || r.Rate.Den != f.den) {
				t.Errorf("%s: %d of %d, want %d of %d", f.code, r.Rate.Num, r.Rate.Den, f.num, f.den)
			}
			if rows := rowsOf(r); !maps.Equal(rows, f.bySex) {
				t.Errorf("%s by sex: %v, want %v", f.code, rows, f.bySex)
			}
		}
		if r := got["plan_on_time"]; r.Main == nil || cell(r.Main, "m", stats.PlanLate) != 1 || cell(r.Main, "m", stats.PlanNone) != 1 ||
			cell(r.Main, "f", stats.PlanOnTime) != 1 {
			t.Errorf("plans by sex and outcome: %+v", r.Main)
		}

		// Each person once under their categories: citizenship, age band
		// on the day, residence today, region.
		wantBy := map[stats.Category]map[string]int{
			stats.Citizenship: {"UA": 1, "AF": 1, stats.Stateless: 1, stats.CitizenshipMany: 1},
			stats.Age:         {"25_34": 1, "65_plus": 1, "unknown": 1, "0_17": 1},
			stats.Residence:   {"prp": 2, "refugee": 2},
			stats.Region:      {"1": 1, "2": 1, "": 2},
		}
		for c, want := range wantBy {
			r := w.compute(stats.Request{Period: period, By: []stats.Category{c}})["programme"]["reached"]
			if rows := rowsOf(r); !maps.Equal(rows, want) {
				t.Errorf("reached by %s: %v, want %v", c, rows, want)
			}
		}

		services := w.compute(stats.Request{Period: period})["services"]
		if r := services["days_to_assessment"]; !r.HasMed || r.Median != 1 {
			t.Errorf("median days to assessment of 0, 1 and 5: %d (%v)", r.Median, r.HasMed)
		}
		if r := services["days_to_plan"]; !r.HasMed || r.Median != 31 {
			t.Errorf("median days to plan of 30 and 31 (the upper): %d (%v)", r.Median, r.HasMed)
		}
	})
}

// rowsOf returns a result's counts by the values of its rows, leaving out
// the empty ones.
func rowsOf(r stats.Result) map[string]int {
	out := map[string]int{}
	switch {
	case r.Main != nil:
		for i, k := range r.Main.RowKeys {
			if n := r.Main.RowTotals[i].N; n > 0 {
				out[k] = n
			}
		}
	case r.List != nil:
		for i, k := range r.List.Keys {
			if n := r.List.Cells[i].N; n > 0 {
				out[k] = n
			}
		}
	}
	return out
}

// cell returns the count of a table's row and column values.
func cell(t *stats.Table, row, col string) int {
	for i, r := range t.RowKeys {
		for j, c := range t.ColKeys {
			if r == row && c == col {
				return t.Cells[i][j].N
			}
		}
	}
	return -1
}

// TestStatisticsAfterMergeAndErasure merges a client and a proposal's
// author into one record and erases another client: the merged records'
// facts count under the survivor's categories, and the erased person's
// still count, under unknown categories, on both databases.
func TestStatisticsAfterMergeAndErasure(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		keep := w.person(someone{sex: people.Female, birth: w.today.AddDate(-30, 0, -10).Format(time.DateOnly), citizens: []string{"UA"},
			region: 1, status: people.PermanentPermit})
		gone := w.person(someone{sex: people.Male, birth: w.today.AddDate(-50, 0, 0).Format(time.DateOnly), citizens: []string{"AF"},
			region: 2, status: people.Refugee})
		erased := w.person(someone{sex: people.Male, birth: w.today.AddDate(-40, 0, 0).Format(time.DateOnly), citizens: []string{"SY"},
			region: 3, status: people.Refugee})
		for _, p := range []int64{gone, erased} {
			c := w.openCase(p)
			w.assess(c)
			w.refer(c, cases.ReferralCompleted)
		}
		cohort := w.cohort()
		scores := map[int64]int{w.enrol(cohort, gone): 90, w.enrol(cohort, erased): 70}
		w.finish(cohort, scores, nil)
		_, author := w.propose(true, council.Accepted)

		for _, merged := range []int64{gone, author} {
			w.check(w.a.People.Merge(w.sys, people.MergeInput{Survivor: keep, Merged: merged}))
		}
		w.check(w.a.People.Erase(w.sys, erased, "Qanuni tələb"))
		period := stats.Period{Kind: stats.Custom, From: w.today.AddDate(0, 0, -1), To: w.today}
		w.figures(stats.Request{Period: period})
		if n := dbtest.Count(t, d, `SELECT count(*) FROM stat_facts
			WHERE version = (SELECT version FROM stat_state) AND person_id IN ($1, $2)`, gone, author); n != 0 {
			t.Errorf("%d facts still under the merged records", n)
		}

		// The survivor has both citizenships, her own sex, birth and
		// region, and of the two statuses in force the later recorded.
		want := map[stats.Category]map[string]int{
			stats.Sex:         {"f": 1, "": 1},
			stats.Age:         {"25_34": 1, "unknown": 1},
			stats.Citizenship: {stats.CitizenshipMany: 1, "": 1},
			stats.Residence:   {"refugee": 1, "": 1},
			stats.Region:      {"1": 1, "": 1},
		}
		for c, byValue := range want {
			got := w.compute(stats.Request{Period: period, By: []stats.Category{c}})
			for _, code := range []string{"reached", "assessed", "referrals_completed", "course_completion", "pass_rate", "certificates"} {
				if rows := rowsOf(got["programme"][code]); !maps.Equal(rows, byValue) {
					t.Errorf("%s by %s: %v, want %v", code, c, rows, byValue)
				}
			}
			// The author's proposal is the survivor's now.
			if rows := rowsOf(got["programme"]["proposals_accepted"]); !maps.Equal(rows, map[string]int{keyOf(byValue): 1}) {
				t.Errorf("proposals accepted by %s: %v", c, rows)
			}
			// Only the survivor is in the registry.
			if rows := rowsOf(got["registry"]["registered"]); !maps.Equal(rows, map[string]int{keyOf(byValue): 1}) {
				t.Errorf("registered by %s: %v", c, rows)
			}
		}
	})
}

// keyOf returns the value of a breakdown that is not the unknown one.
func keyOf(counts map[string]int) string {
	for k := range counts {
		if k != "" && k != string(stats.AgeUnknown) {
			return k
		}
	}
	return ""
}

// TestDuplicatesMerged merges one of three likely duplicates into another:
// three pairs were found and one was merged, though the merge closes all
// three.
func TestDuplicatesMerged(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		var ids []int64
		for range 3 {
			ids = append(ids, w.person(someone{sex: people.Male, birth: "1980-01-01", surname: "Həsənov", given: "Əli"}))
		}
		_, err := w.a.People.ScanDuplicates(w.sys)
		w.check(err)
		w.check(w.a.People.Merge(w.sys, people.MergeInput{Survivor: ids[0], Merged: ids[1]}))
		got := w.figures(stats.Request{Period: stats.Period{Kind: stats.Custom, From: w.today, To: w.today}})["registry"]
		if found, merged := got["duplicates_flagged"].Total.N, got["duplicates_merged"].Total.N; found != 3 || merged != 1 {
			t.Errorf("%d pairs found and %d merged, want 3 and 1", found, merged)
		}
	})
}
