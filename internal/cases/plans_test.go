package cases

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

// fullAssessment rates every domain.
func fullAssessment(complete bool) AssessmentInput {
	in := AssessmentInput{Domains: map[string]DomainInput{}, Strengths: "Rus dilini bilir, mühəndis təhsili var",
		Vulnerabilities: []string{"single_parent", "no_documents"}, Complete: complete}
	for i, d := range Domains {
		in.Domains[d] = DomainInput{Level: i%4 + 1, Priority: Priorities[i%4], Note: "qeyd " + d}
	}
	return in
}

func (f *fixture) caseState(t *testing.T, id int64) CaseState {
	t.Helper()
	c, err := load(context.Background(), f.d, id)
	if err != nil {
		t.Fatal(err)
	}
	return c.State
}

func TestAssessmentValidation(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		f.consent(t)
		c := f.open(t)
		partial := AssessmentInput{Domains: map[string]DomainInput{"language": {Level: 1, Priority: "high"}}}
		tests := []struct {
			name string
			in   AssessmentInput
			want string
		}{
			{"unknown domain", AssessmentInput{Domains: map[string]DomainInput{"astrology": {Level: 1, Priority: "high"}}}, "assessment.error.domain"},
			{"level out of range", AssessmentInput{Domains: map[string]DomainInput{"work": {Level: 5, Priority: "high"}}}, "assessment.error.level"},
			{"note without a level", AssessmentInput{Domains: map[string]DomainInput{"work": {Note: "işsizdir"}}}, "assessment.error.level"},
			{"unknown priority", AssessmentInput{Domains: map[string]DomainInput{"work": {Level: 2, Priority: "urgent"}}}, "assessment.error.priority"},
			{"unknown flag", AssessmentInput{Vulnerabilities: []string{"tall"}}, "assessment.error.vulnerability"},
			{"complete with a domain missing", AssessmentInput{Domains: partial.Domains, Complete: true}, "assessment.error.incomplete"},
		}
		for _, tt := range tests {
			if _, err := f.s.SaveAssessment(f.consultant, c.ID, tt.in); errKey(err) != tt.want {
				t.Errorf("%s: %v, want %s", tt.name, err, tt.want)
			}
		}
		if list, _ := f.s.Assessments(f.consultant, c.ID); len(list) != 0 {
			t.Errorf("bad input saved %d assessments", len(list))
		}
		if _, err := f.s.SaveAssessment(f.outsider, c.ID, partial); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("another office's consultant: %v", err)
		}
		// A draft may leave domains blank; blank rows are not stored.
		blank := AssessmentInput{Domains: map[string]DomainInput{"language": {Level: 1, Priority: "high"}, "work": {}}}
		a, err := f.s.SaveAssessment(f.consultant, c.ID, blank)
		if err != nil || a.State != AssessmentDraft || len(a.Domains) != 1 {
			t.Fatalf("draft: %+v, %v", a, err)
		}
	})
}

func TestAssessmentSupersession(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		f.consent(t)
		c := f.open(t)
		draft, err := f.s.SaveAssessment(f.consultant, c.ID, AssessmentInput{Domains: map[string]DomainInput{"language": {Level: 1, Priority: "high"}}})
		if err != nil {
			t.Fatal(err)
		}
		if f.caseState(t, c.ID) != Intake {
			t.Errorf("a draft moved the case to %s", f.caseState(t, c.ID))
		}
		// Completing updates the same draft.
		first, err := f.s.SaveAssessment(f.colleague, c.ID, fullAssessment(true))
		if err != nil {
			t.Fatal(err)
		}
		if first.ID != draft.ID || first.State != AssessmentCompleted || first.CompletedAt.IsZero() {
			t.Errorf("completed: %+v (draft %d)", first, draft.ID)
		}
		if f.caseState(t, c.ID) != Assessed {
			t.Errorf("case after the assessment: %s", f.caseState(t, c.ID))
		}
		second, err := f.s.SaveAssessment(f.consultant, c.ID, fullAssessment(true))
		if err != nil {
			t.Fatal(err)
		}
		list, err := f.s.Assessments(f.supervisor, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 2 || list[0].ID != second.ID || list[0].State != AssessmentCompleted || list[1].State != AssessmentSuperseded {
			t.Fatalf("assessments: %+v", list)
		}
		got := list[1]
		if len(got.Domains) != len(Domains) || got.Domains["housing"].Level != 1 || got.Domains["work"].Priority != "low" ||
			got.Domains["language"].Note != "qeyd language" || !slices.Equal(got.Vulnerabilities, []string{"single_parent", "no_documents"}) {
			t.Errorf("kept assessment: %+v", got)
		}
		if f.caseState(t, c.ID) != Assessed {
			t.Errorf("case after a second assessment: %s", f.caseState(t, c.ID))
		}
		if _, err := f.s.Assessments(f.outsider, c.ID); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("another office reads the assessments: %v", err)
		}
		// A closed case takes no assessment.
		if err := f.s.RequestClosure(f.supervisor, c.ID, "no_contact", ""); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.SaveAssessment(f.consultant, c.ID, fullAssessment(false)); errKey(err) != "assessment.error.case_closed" {
			t.Errorf("assess a closed case: %v", err)
		}
	})
}

func planWith(due ...string) PlanInput {
	var in PlanInput
	for i, d := range due {
		in.Goals = append(in.Goals, GoalInput{Domain: Domains[i], Action: "Addım", Responsible: "Təlim-tədris mərkəzi", DueOn: d})
	}
	in.Goals = append(in.Goals, GoalInput{}) // an empty row of the form
	return in
}

func TestPlanStates(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		f.consent(t)
		c := f.open(t)
		in := planWith("2031-03-01", "2031-06-01")
		if _, err := f.s.SavePlan(f.consultant, c.ID, in); !errors.Is(err, ErrNoAssessment) {
			t.Errorf("a plan without an assessment: %v", err)
		}
		if _, err := f.s.SaveAssessment(f.consultant, c.ID, fullAssessment(true)); err != nil {
			t.Fatal(err)
		}
		for _, bad := range []struct {
			name string
			in   PlanInput
			want string
		}{
			{"no goals", PlanInput{Goals: []GoalInput{{}, {}}}, "plan.error.no_goals"},
			{"unknown domain", PlanInput{Goals: []GoalInput{{Domain: "fun", Action: "x", DueOn: "2031-01-01"}}}, "plan.error.domain"},
			{"no action", PlanInput{Goals: []GoalInput{{Domain: "work", DueOn: "2031-01-01"}}}, "plan.error.action_required"},
			{"bad date", PlanInput{Goals: []GoalInput{{Domain: "work", Action: "CV", DueOn: "01.02.2031"}}}, "plan.error.due_on"},
		} {
			if _, err := f.s.SavePlan(f.consultant, c.ID, bad.in); errKey(err) != bad.want {
				t.Errorf("%s: %v, want %s", bad.name, err, bad.want)
			}
		}
		p, err := f.s.SavePlan(f.consultant, c.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		if p.Version != 1 || p.State != PlanDraft || len(p.Goals) != 2 {
			t.Fatalf("first plan: %+v", p)
		}
		// Saving again edits the same draft.
		if again, err := f.s.SavePlan(f.consultant, c.ID, planWith("2031-03-01")); err != nil || again.ID != p.ID || len(again.Goals) != 1 {
			t.Fatalf("save the draft again: %+v, %v", again, err)
		}
		if err := f.s.ApprovePlan(f.supervisor, p.ID); !errors.Is(err, ErrPlanMove) {
			t.Errorf("approve a draft: %v", err)
		}
		if err := f.s.AgreePlan(f.consultant, p.ID, "tomorrow"); errKey(err) != "plan.error.agreed_on" {
			t.Errorf("a bad agreement date: %v", err)
		}
		if err := f.s.AgreePlan(f.consultant, p.ID, time.Now().AddDate(0, 0, 3).Format(time.DateOnly)); errKey(err) != "plan.error.agreed_future" {
			t.Errorf("an agreement in the future: %v", err)
		}
		if err := f.s.AgreePlan(f.consultant, p.ID, "2026-01-15"); err != nil {
			t.Fatal(err)
		}
		if err := f.s.AgreePlan(f.consultant, p.ID, "2026-01-15"); !errors.Is(err, ErrPlanMove) {
			t.Errorf("agree twice: %v", err)
		}
		if _, err := f.s.SavePlan(f.consultant, c.ID, in); errKey(err) != "plan.error.awaiting_approval" {
			t.Errorf("edit an agreed plan: %v", err)
		}
		if err := f.s.ApprovePlan(f.consultant, p.ID); !errors.Is(err, access.ErrForbidden) {
			t.Errorf("a consultant approves: %v", err)
		}
		if err := f.s.ReturnPlan(f.supervisor, p.ID, " "); errKey(err) != "plan.error.comment_required" {
			t.Errorf("return without a comment: %v", err)
		}
		if err := f.s.ReturnPlan(f.supervisor, p.ID, "Məşğulluq hədəfi yoxdur"); err != nil {
			t.Fatal(err)
		}
		plans, _ := f.s.Plans(f.consultant, c.ID)
		if len(plans) != 1 || plans[0].State != PlanReturned || plans[0].Comment != "Məşğulluq hədəfi yoxdur" || !plans[0].AgreedOn.IsZero() {
			t.Fatalf("returned plan: %+v", plans)
		}
		// The returned plan is reworked, agreed again and approved.
		if again, err := f.s.SavePlan(f.consultant, c.ID, in); err != nil || again.ID != p.ID || again.State != PlanDraft {
			t.Fatalf("rework the returned plan: %+v, %v", again, err)
		}
		if err := f.s.AgreePlan(f.consultant, p.ID, "2026-01-20"); err != nil {
			t.Fatal(err)
		}
		if err := f.s.ApprovePlan(f.supervisor, p.ID); err != nil {
			t.Fatal(err)
		}
		if f.caseState(t, c.ID) != PlanActive {
			t.Errorf("case after approval: %s", f.caseState(t, c.ID))
		}
		if err := f.s.ReturnPlan(f.supervisor, p.ID, "late"); !errors.Is(err, ErrPlanMove) {
			t.Errorf("return an approved plan: %v", err)
		}
		// A new version replaces the approved one once it is approved in turn.
		v2, err := f.s.SavePlan(f.colleague, c.ID, planWith("2031-09-01"))
		if err != nil || v2.Version != 2 || v2.ID == p.ID {
			t.Fatalf("version 2: %+v, %v", v2, err)
		}
		if err := f.s.AgreePlan(f.colleague, v2.ID, "2026-02-01"); err != nil {
			t.Fatal(err)
		}
		if err := f.s.ApprovePlan(f.supervisor, v2.ID); err != nil {
			t.Fatal(err)
		}
		plans, err = f.s.Plans(f.consultant, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(plans) != 2 || plans[0].State != PlanApproved || plans[1].State != PlanSuperseded || plans[1].Version != 1 ||
			plans[0].DecidedBy != access.From(f.supervisor).UserID || plans[1].AgreedOn.Format(time.DateOnly) != "2026-01-20" {
			t.Fatalf("versions: %+v", plans)
		}
		if f.caseState(t, c.ID) != PlanActive {
			t.Errorf("case after the second approval: %s", f.caseState(t, c.ID))
		}
		if _, err := f.s.Plans(f.outsider, c.ID); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("another office reads the plans: %v", err)
		}
		if err := f.s.AgreePlan(f.outsider, v2.ID, "2026-02-01"); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("another office agrees: %v", err)
		}
		events, _ := f.s.Timeline(f.consultant, c.ID)
		var kinds []string
		for _, e := range events {
			kinds = append(kinds, e.Kind)
		}
		want := []string{"opened", "assessment_completed", "state.assessed", "plan_saved", "plan_saved", "plan_agreed", "plan_returned",
			"plan_saved", "plan_agreed", "plan_approved", "state.plan_active", "plan_saved", "plan_agreed", "plan_approved"}
		if !slices.Equal(kinds, want) {
			t.Errorf("timeline %v,\nwant %v", kinds, want)
		}
	})
}

func TestPlanReviewsAndOverdue(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		f.consent(t)
		c := f.open(t)
		if _, err := f.s.SaveAssessment(f.consultant, c.ID, fullAssessment(true)); err != nil {
			t.Fatal(err)
		}
		past := time.Now().AddDate(0, 0, -10).Format(time.DateOnly)
		p, err := f.s.SavePlan(f.consultant, c.ID, planWith(past, past, "2031-01-01"))
		if err != nil {
			t.Fatal(err)
		}
		if err := f.s.ReviewPlan(f.consultant, p.ID, "Görüş", nil); !errors.Is(err, ErrPlanMove) {
			t.Errorf("review a draft: %v", err)
		}
		if list, _ := f.s.OverdueGoals(f.supervisor); len(list) != 0 {
			t.Errorf("a draft's goals are overdue: %+v", list)
		}
		f.s.AgreePlan(f.consultant, p.ID, past)
		if err := f.s.ApprovePlan(f.supervisor, p.ID); err != nil {
			t.Fatal(err)
		}
		overdue, err := f.s.OverdueGoals(f.supervisor)
		if err != nil || len(overdue) != 2 || overdue[0].CaseID != c.ID || overdue[0].PersonName != "Əhmədi Mürtəza" {
			t.Fatalf("overdue goals: %+v, %v", overdue, err)
		}
		if list, _ := f.s.OverdueGoals(f.outsider); len(list) != 0 {
			t.Errorf("another office sees %d overdue goals", len(list))
		}
		g := p.Goals
		for _, bad := range []struct {
			name     string
			note     string
			progress map[int64]string
			want     string
		}{
			{"no note", " ", nil, "plan.error.note_required"},
			{"unknown progress", "Görüş", map[int64]string{g[0].ID: "nearly"}, "plan.error.progress"},
			{"another plan's goal", "Görüş", map[int64]string{g[0].ID + 1000: "achieved"}, "plan.error.goal"},
		} {
			if err := f.s.ReviewPlan(f.consultant, p.ID, bad.note, bad.progress); errKey(err) != bad.want {
				t.Errorf("%s: %v, want %s", bad.name, err, bad.want)
			}
		}
		if err := f.s.ReviewPlan(f.consultant, p.ID, "A1 kursuna yazılıb", map[int64]string{g[0].ID: "achieved", g[2].ID: "in_progress"}); err != nil {
			t.Fatal(err)
		}
		if err := f.s.ReviewPlan(f.colleague, p.ID, "İş axtarır", map[int64]string{g[1].ID: "dropped"}); err != nil {
			t.Fatal(err)
		}
		plans, err := f.s.Plans(f.consultant, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		got := plans[0]
		if len(got.Reviews) != 2 || got.Reviews[0].Note != "İş axtarır" || got.Reviews[1].Progress[g[0].ID] != "achieved" ||
			got.Reviews[1].Progress[g[1].ID] != "not_started" || got.Reviews[0].Progress[g[1].ID] != "dropped" {
			t.Errorf("reviews: %+v", got.Reviews)
		}
		if got.Goals[0].Progress != "achieved" || got.Goals[2].Progress != "in_progress" || got.Goals[0].Overdue || got.Goals[1].Overdue {
			t.Errorf("goals after the reviews: %+v", got.Goals)
		}
		if list, _ := f.s.OverdueGoals(f.consultant); len(list) != 0 {
			t.Errorf("achieved and dropped goals are overdue: %+v", list)
		}
	})
}

func TestPlanEventsAreKinds(t *testing.T) {
	t.Parallel()
	for _, k := range planEvents {
		if !slices.Contains(EventKinds(), k) {
			t.Errorf("%s is not an event kind", k)
		}
	}
}
