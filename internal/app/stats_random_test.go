package app_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"
	"inteqra/internal/i18n"
	"inteqra/internal/stats"
)

// TestStatisticsEqualRecount makes a random series of changes through the
// features' stores, spreads their days over the last year and a half,
// refreshes the analytics table and holds every figure of every dashboard,
// for several periods and broken down by each category, equal to the
// recount from the source tables.
func TestStatisticsEqualRecount(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		c := &chaos{world: w, r: rand.New(rand.NewPCG(16, 2026))}
		c.cohorts = append(c.cohorts, w.cohort())
		for range 300 {
			c.step()
		}
		for _, co := range slices.Clone(c.cohorts) { // the term ends
			c.done(c.finishCohort(co))
		}
		t.Logf("%d steps refused: %v", c.refused, c.why)
		merged := dbtest.Count(t, d, `SELECT count(*) FROM persons WHERE state = 'merged'`)
		erased := dbtest.Count(t, d, `SELECT count(*) FROM persons WHERE state = 'erased'`)
		if merged == 0 || erased == 0 {
			t.Fatalf("%d persons merged and %d erased; want some of each", merged, erased)
		}
		w.check(must(w.a.People.ScanDuplicates(w.sys)))
		c.spread()
		if _, err := w.a.Stats.Refresh(w.sys); err != nil {
			t.Fatal(err)
		}
		rc := newRecount(t, d)
		if len(rc.events[stats.Measure]) < 3 || len(rc.events[stats.Attendance]) < 5 || len(rc.events[stats.Reached]) < 40 || len(rc.events[stats.ReferralClosed]) < 5 || len(rc.events[stats.CourseEnded]) < 3 {
			t.Fatalf("the random series made too little to compare: %d reached, %d referrals closed, %d courses ended",
				len(rc.events[stats.Reached]), len(rc.events[stats.ReferralClosed]), len(rc.events[stats.CourseEnded]))
		}
		compareAll(t, w, rc)
	})
}

// compareAll computes every dashboard for a month, a quarter, a year and a
// custom period, as a whole and by each category, and compares each figure
// with the recount.
func compareAll(t *testing.T, w *world, rc *recount) {
	t.Helper()
	today := rc.today
	periods := []stats.Period{
		stats.MonthOf(today.Year(), today.Month()),
		stats.QuarterOf(today.AddDate(0, -3, 0).Year(), int(today.AddDate(0, -3, 0).Month()-1)/3+1),
		stats.YearOf(today.Year()),
		{Kind: stats.Custom, From: today.AddDate(0, 0, -99), To: today},
	}
	var reqs []stats.Request
	for _, p := range periods {
		reqs = append(reqs, stats.Request{Period: p})
		for _, c := range stats.Categories {
			reqs = append(reqs, stats.Request{Period: p, By: []stats.Category{c}})
		}
	}
	// Filtered: women, and by age the persons of a region.
	year := stats.YearOf(today.Year())
	reqs = append(reqs, stats.Request{Period: year, Where: map[stats.Category]string{stats.Sex: "f"}},
		stats.Request{Period: year, By: []stats.Category{stats.Age}, Where: map[stats.Category]string{stats.Region: "1"}})
	for _, req := range reqs {
		p, all := req.Period, w.compute(req)
		for _, dash := range stats.Dashboards {
			for _, f := range dash.Figures {
				name := dash.Code + "." + f.Code + " " + p.From.Format(time.DateOnly) + ".." + p.To.Format(time.DateOnly)
				for _, c := range req.By {
					name += " by " + string(c)
				}
				for c, v := range req.Where {
					name += fmt.Sprintf(" where %s = %q", c, v)
				}
				for _, d := range differences(all[dash.Code][f.Code], rc.expect(f, req), name) {
					t.Error(d)
				}
			}
		}
	}
}

// must drops a result to keep its error.
func must[T any](_ T, err error) error { return err }

// chaos takes random steps through the stores and keeps what it needs to
// choose the next: the persons, cases, referrals, tasks, cohorts and
// proposals it made.
type chaos struct {
	*world
	r          *rand.Rand
	persons    []int64 // registered and not merged away or erased
	clients    []int64 // of whom those who consented to take part
	students   []int64 // and of these, those whose status a course admits
	cases      []int64
	referrals  []int64
	tasks      []int64
	cohorts    []int64
	proposals  []int64
	actionPlan int64 // the Action Plan, its one objective and its measures
	objective  int64
	measures   []int64
	refused    int
	why        map[string]int
}

// step takes one random step; a step the rules refuse (a case already
// open, a referral answered twice) is counted and changes nothing.
func (c *chaos) step() {
	steps := []struct {
		weight int
		do     func() error
	}{
		{20, c.register}, {18, c.open}, {12, c.assess}, {14, c.plan}, {14, c.refer}, {16, c.answer}, {6, c.contact},
		{4, c.task}, {3, c.doTask}, {2, c.close}, {2, c.cohort}, {16, c.apply}, {12, c.accept}, {3, c.drop}, {4, c.finish},
		{6, c.propose}, {5, c.answerProposal}, {3, c.member}, {3, c.meeting}, {4, c.merge}, {2, c.erase},
		{3, c.measure}, {3, c.measureStatus},
	}
	total := 0
	for _, s := range steps {
		total += s.weight
	}
	n := c.r.IntN(total)
	for _, s := range steps {
		if n -= s.weight; n < 0 {
			c.done(s.do())
			return
		}
	}
}

// done fails the test on an error no rule explains.
func (c *chaos) done(err error) {
	c.t.Helper()
	var refusal *i18n.Error
	switch {
	case err == nil:
	case errors.As(err, &refusal), errors.Is(err, db.ErrNotFound):
		c.refused++
		if c.why == nil {
			c.why = map[string]int{}
		}
		c.why[err.Error()]++
	default:
		c.t.Fatal(err)
	}
}

func pick[T any](r *rand.Rand, list []T) (T, bool) {
	var zero T
	if len(list) == 0 {
		return zero, false
	}
	return list[r.IntN(len(list))], true
}
