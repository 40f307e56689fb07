package app_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/cases"
	"inteqra/internal/council"
	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"
	"inteqra/internal/i18n"
	"inteqra/internal/people"
	"inteqra/internal/stats"
	"inteqra/internal/training"
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
		if len(rc.events[stats.Attendance]) < 5 || len(rc.events[stats.Reached]) < 40 || len(rc.events[stats.ReferralClosed]) < 5 || len(rc.events[stats.CourseEnded]) < 3 {
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
	r         *rand.Rand
	persons   []int64 // registered and not merged away or erased
	clients   []int64 // of whom those who consented to take part
	students  []int64 // and of these, those whose status a course admits
	cases     []int64
	referrals []int64
	tasks     []int64
	cohorts   []int64
	proposals []int64
	refused   int
	why       map[string]int
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

func (c *chaos) register() error {
	s := someone{sex: []people.Sex{people.Female, people.Male, ""}[c.r.IntN(3)], region: int64(c.r.IntN(4)),
		status:    []people.StatusKind{"", people.PermanentPermit, people.Refugee, people.TemporaryPermit}[c.r.IntN(4)],
		noConsent: c.r.IntN(6) == 0}
	switch c.r.IntN(4) {
	case 0:
		s.birthYear = 1940 + c.r.IntN(85)
	case 1:
	default:
		s.birth = c.today.AddDate(-c.r.IntN(80), 0, -c.r.IntN(365)).Format(time.DateOnly)
	}
	switch c.r.IntN(5) {
	case 0:
		s.stateless = true
	case 1:
		s.citizens = []string{"UA", "RU"}
	case 2:
	default:
		s.citizens = []string{[]string{"AF", "UA", "SY", "IR"}[c.r.IntN(4)]}
	}
	if c.r.IntN(5) == 0 { // a likely duplicate of someone
		s.surname, s.given = "Həsənov", "Əli"
	}
	id := c.person(s)
	c.persons = append(c.persons, id)
	if !s.noConsent {
		c.clients = append(c.clients, id)
		if s.status == people.PermanentPermit || s.status == people.Refugee {
			c.students = append(c.students, id)
		}
	}
	return nil
}

func (c *chaos) open() error {
	p, ok := pick(c.r, c.clients)
	if !ok {
		return nil
	}
	got, err := c.a.Cases.OpenCase(c.consultant, cases.IntakeInput{PersonID: p, Source: cases.Sources[0]})
	if err == nil {
		c.cases = append(c.cases, got.ID)
	}
	return err
}

func (c *chaos) assess() error {
	id, ok := pick(c.r, c.cases)
	if !ok {
		return nil
	}
	return c.assessCase(id)
}

func (c *chaos) assessCase(id int64) error {
	in := cases.AssessmentInput{Domains: map[string]cases.DomainInput{}, Complete: true}
	for _, d := range cases.Domains {
		in.Domains[d] = cases.DomainInput{Level: 1 + c.r.IntN(4), Priority: "low"}
	}
	_, err := c.a.Cases.SaveAssessment(c.consultant, id, in)
	return err
}

func (c *chaos) plan() error {
	id, ok := pick(c.r, c.cases)
	if !ok {
		return nil
	}
	in := cases.PlanInput{Goals: []cases.GoalInput{{Domain: "work", Action: "İş", DueOn: c.day(60)}}}
	p, err := c.a.Cases.SavePlan(c.consultant, id, in)
	if errors.Is(err, cases.ErrNoAssessment) { // assess first, as a consultant would
		if err := c.assessCase(id); err != nil {
			return err
		}
		p, err = c.a.Cases.SavePlan(c.consultant, id, in)
	}
	if err != nil {
		return err
	}
	if err := c.a.Cases.AgreePlan(c.consultant, p.ID, c.day(-c.r.IntN(60))); err != nil || c.r.IntN(3) == 0 {
		return err
	}
	if c.r.IntN(4) == 0 {
		return c.a.Cases.ReturnPlan(c.supervisor, p.ID, "Yenidən")
	}
	return c.a.Cases.ApprovePlan(c.supervisor, p.ID)
}

func (c *chaos) refer() error {
	id, ok := pick(c.r, c.cases)
	if !ok {
		return nil
	}
	r, err := c.a.Cases.Refer(c.consultant, id, cases.ReferralInput{OrganisationID: c.partner, Domain: "housing", Need: "Mənzil", DueOn: c.day(c.r.IntN(20))})
	if err == nil {
		c.referrals = append(c.referrals, r.ID)
	}
	return err
}

func (c *chaos) answer() error {
	id, ok := pick(c.r, c.referrals)
	if !ok {
		return nil
	}
	to := []cases.ReferralState{cases.ReferralAccepted, cases.ReferralDeclined, cases.ReferralCancelled, cases.ReferralCompleted,
		cases.ReferralNoShow}[c.r.IntN(5)]
	return c.answerReferral(id, to)
}

func (c *chaos) contact() error {
	id, ok := pick(c.r, c.cases)
	if !ok {
		return nil
	}
	_, err := c.a.Cases.RecordContact(c.consultant, id, cases.ContactInput{ServiceID: c.service, HeldOn: c.day(0), Minutes: "45", Language: "ru"})
	return err
}

func (c *chaos) task() error {
	id, ok := pick(c.r, c.cases)
	if !ok {
		return nil
	}
	got, err := c.a.Cases.AddTask(c.consultant, id, cases.TaskInput{AssigneeID: c.consultantID, Title: "Zəng", DueOn: c.day(c.r.IntN(10))})
	if err == nil {
		c.tasks = append(c.tasks, got.ID)
	}
	return err
}

func (c *chaos) doTask() error {
	id, ok := pick(c.r, c.tasks)
	if !ok {
		return nil
	}
	return c.a.Cases.CompleteTask(c.consultant, id)
}

func (c *chaos) close() error {
	id, ok := pick(c.r, c.cases)
	if !ok {
		return nil
	}
	if err := c.a.Cases.RequestClosure(c.consultant, id, cases.Outcomes[c.r.IntN(len(cases.Outcomes))], "Son"); err != nil {
		return err
	}
	c.cases = slices.DeleteFunc(c.cases, func(k int64) bool { return k == id })
	return c.a.Cases.DecideClosure(c.supervisor, id, true, "")
}

func (c *chaos) cohort() error {
	c.cohorts = append(c.cohorts, c.world.cohort())
	return nil
}

func (c *chaos) apply() error {
	co, ok := pick(c.r, c.cohorts)
	p, ok2 := pick(c.r, c.students)
	if !ok || !ok2 {
		return nil
	}
	_, err := c.a.Training.ApplyFor(c.sys, co, p)
	return err
}

// learners returns the enrolments of a random cohort in one of states.
func (c *chaos) learners(states ...training.EnrolmentState) ([]int64, error) {
	co, ok := pick(c.r, c.cohorts)
	if !ok {
		return nil, nil
	}
	roster, err := c.a.Training.Roster(c.sys, co)
	var ids []int64
	for _, e := range roster {
		if slices.Contains(states, e.State) {
			ids = append(ids, e.ID)
		}
	}
	return ids, err
}

func (c *chaos) accept() error {
	ids, err := c.learners(training.Applied, training.Waitlisted)
	if id, ok := pick(c.r, ids); ok && err == nil {
		_, err = c.a.Training.Accept(c.sys, id)
	}
	return err
}

func (c *chaos) drop() error {
	ids, err := c.learners(training.Enrolled)
	if id, ok := pick(c.r, ids); ok && err == nil {
		err = c.a.Training.Drop(c.sys, id, "Getdi")
	}
	return err
}

// finish runs a random cohort to its end.
func (c *chaos) finish() error {
	co, ok := pick(c.r, c.cohorts)
	if !ok {
		return nil
	}
	return c.finishCohort(co)
}

// finishCohort runs a cohort with learners to its end: most pass, some
// fail or miss lessons.
func (c *chaos) finishCohort(co int64) error {
	roster, err := c.a.Training.Roster(c.sys, co)
	var ids []int64
	for _, e := range roster {
		if e.State == training.Enrolled {
			ids = append(ids, e.ID)
		}
	}
	if err != nil || len(ids) == 0 {
		return err
	}
	scores, absent := map[int64]int{}, map[int64]bool{}
	for _, id := range ids {
		scores[id], absent[id] = 30+c.r.IntN(70), c.r.IntN(6) == 0
	}
	c.world.finish(co, scores, absent)
	c.cohorts = slices.DeleteFunc(c.cohorts, func(id int64) bool { return id == co })
	return nil
}

func (c *chaos) propose() error {
	id, _ := c.world.propose(c.r.IntN(3) > 0, "")
	c.proposals = append(c.proposals, id)
	return nil
}

func (c *chaos) answerProposal() error {
	id, ok := pick(c.r, c.proposals)
	if !ok {
		return nil
	}
	sec := access.With(context.Background(), access.System())
	if err := c.a.Council.Review(sec, id, council.ReviewInput{UnitName: "Şöbə"}); err != nil {
		return err
	}
	return c.a.Council.Answer(sec, id, council.AnswerInput{Outcome: council.Outcomes[c.r.IntN(len(council.Outcomes))],
		Answer: council.Texts{Az: "Cavab", En: "Answer", Ru: "Ответ"}})
}

// member seats a random person on the Council.
func (c *chaos) member() error {
	p, ok := pick(c.r, c.persons)
	if !ok {
		return nil
	}
	m, err := c.a.Council.AddMember(c.sys, council.MemberInput{PersonID: p, Origin: "UA", Role: council.Member, StartsOn: c.day(-400)})
	if err != nil {
		return err
	}
	return c.a.Council.ActivateTerm(c.sys, m.Term.ID)
}

// meeting holds a meeting that began an hour ago, each member present,
// excused or absent.
func (c *chaos) meeting() error {
	m, err := c.a.Council.PlanMeeting(c.sys, council.MeetingInput{Venue: "Bakı",
		StartsAt: time.Now().In(i18n.Baku).Add(-time.Hour).Format(council.StartsAtLayout)})
	if err != nil {
		return err
	}
	members, err := c.a.Council.ActiveMembers(c.sys)
	if err != nil {
		return err
	}
	in := council.AttendanceInput{Presence: map[int64]council.Presence{}}
	for _, mb := range members {
		in.Presence[mb.ID] = council.Presences[c.r.IntN(len(council.Presences))]
	}
	return c.a.Council.RecordAttendance(c.sys, m.ID, in)
}

// merge merges a random person into another, taking some of the merged
// record's fields.
func (c *chaos) merge() error {
	if len(c.persons) < 2 {
		return nil
	}
	i, j := c.r.IntN(len(c.persons)), c.r.IntN(len(c.persons))
	keep, gone := c.persons[i], c.persons[j]
	take := map[string]int64{}
	for _, f := range []string{"sex", "birth", "region"} {
		if c.r.IntN(2) == 0 {
			take[f] = gone
		}
	}
	err := c.a.People.Merge(c.sys, people.MergeInput{Survivor: keep, Merged: gone, Take: take})
	if err == nil {
		c.gone(gone, keep)
	}
	return err
}

func (c *chaos) erase() error {
	i := c.r.IntN(max(len(c.persons), 1))
	if i >= len(c.persons) {
		return nil
	}
	err := c.a.People.Erase(c.sys, c.persons[i], "Qanuni tələb")
	if err == nil {
		c.gone(c.persons[i], 0)
	}
	return err
}

// gone takes a person merged into another (survivor) or erased (0) out of
// the lists; the survivor has what the merged record had.
func (c *chaos) gone(id, survivor int64) {
	for _, list := range []*[]int64{&c.persons, &c.clients, &c.students} {
		had := slices.Contains(*list, id)
		*list = slices.DeleteFunc(*list, func(k int64) bool { return k == id })
		if had && survivor != 0 && !slices.Contains(*list, survivor) {
			*list = append(*list, survivor)
		}
	}
}

// spreads are the days the stores stamped and the recount reads: each is
// moved to a random day between the days before today given (a due day
// may lie ahead), at a random hour in Baku for an instant.
var spreads = []struct {
	table, keys, column string
	instant             bool
	from, to            int
}{
	{"persons", "id", "created_at", true, -540, 0},
	{"cases", "id", "opened_at", true, -540, 0},
	{"assessments", "id", "completed_at", true, -500, 0},
	{"plans", "id", "agreed_on", false, -500, 0},
	{"service_contacts", "id", "held_on", false, -500, 0},
	{"referrals", "id", "sent_at", true, -500, 0},
	{"referrals", "id", "answered_at", true, -500, 0},
	{"referrals", "id", "closed_at", true, -500, 0},
	{"referrals", "id", "due_on", false, -60, 20},
	{"case_tasks", "id", "due_on", false, -60, 20},
	{"enrolments", "id", "applied_at", true, -540, 0},
	{"enrolments", "id", "ended_at", true, -500, 0},
	{"test_results", "id", "taken_on", false, -500, 0},
	{"certificates", "id", "issued_on", false, -500, 0},
	{"proposals", "id", "submitted_at", true, -540, 0},
	{"proposals", "id", "answered_at", true, -500, 0},
	{"duplicate_pairs", "person_a, person_b", "found_at", true, -500, 0},
	{"duplicate_pairs", "person_a, person_b", "decided_at", true, -500, 0},
	{"council_meetings", "id", "starts_at", true, -500, 0},
}

// spread moves every stamped day to a random one, so that the figures
// fall in many periods, some on either side of a midnight in Baku.
func (c *chaos) spread() {
	ctx := context.Background()
	err := c.d.Transact(ctx, func(tx *db.Tx) error {
		for _, s := range spreads {
			var keys [][2]int64
			two := s.keys != "id"
			r, err := tx.QueryContext(ctx, `SELECT `+s.keys+` FROM `+s.table+` WHERE `+s.column+` IS NOT NULL`)
			err = db.Each(r, err, func(r db.Scanner) error {
				var k [2]int64
				if two {
					err = r.Scan(&k[0], &k[1])
				} else {
					err = r.Scan(&k[0])
				}
				keys = append(keys, k)
				return err
			})
			if err != nil {
				return err
			}
			where := `id = $2`
			if two {
				where = `person_a = $2 AND person_b = $3`
			}
			for _, k := range keys {
				day := c.today.AddDate(0, 0, s.from+c.r.IntN(s.to-s.from+1))
				v := any(day)
				if s.instant {
					v = db.Time(time.Date(day.Year(), day.Month(), day.Day(), c.r.IntN(24), c.r.IntN(60), 0, 0, i18n.Baku))
				}
				args := []any{v, k[0]}
				if two {
					args = append(args, k[1])
				}
				if _, err := tx.ExecContext(ctx, `UPDATE `+s.table+` SET `+s.column+` = $1 WHERE `+where, args...); err != nil {
					return err
				}
			}
		}
		return nil
	})
	c.check(err)
}
