package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"inteqra/internal/access"
	"inteqra/internal/cases"
	"inteqra/internal/i18n"
	"inteqra/internal/people"
)

// planStaff returns a context acting as the demo user of role.
func planStaff(t *testing.T, s *site, role access.Role) context.Context {
	t.Helper()
	list, err := s.app.Users.Colleagues(access.With(context.Background(), access.System()), role)
	if err != nil || len(list) == 0 {
		t.Fatalf("demo %s: %v", role, err)
	}
	return access.With(context.Background(), list[0].Principal())
}

// demoCase returns the demo consultant's case.
func demoCase(t *testing.T, s *site) cases.Case {
	t.Helper()
	list, err := s.app.Cases.Cases(planStaff(t, s, access.Consultant), cases.Filter{Open: true})
	if err != nil || len(list) == 0 {
		t.Fatalf("demo case: %v", err)
	}
	return list[0]
}

// TestAssessmentAndPlanPages follows a case through the web: a consultant
// assesses the needs and drafts a plan the person agrees to, the supervisor
// approves it, the consultant reviews it.
func TestAssessmentAndPlanPages(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	c := demoCase(t, s)
	path := fmt.Sprintf("/cases/%d", c.ID)
	consultant, supervisor := s.client(), s.client()
	consultant.signIn(access.Consultant)
	supervisor.signIn(access.Supervisor)
	az := s.app.Catalog.Printer(i18n.AZ)
	msg := func(key string) string { return htmlEscape(az.T(key)) }
	expect := func(what string, r response, status int, contains ...string) {
		t.Helper()
		if r.status != status {
			t.Fatalf("%s: status %d, want %d", what, r.status, status)
		}
		for _, s := range contains {
			if !strings.Contains(r.body, s) {
				t.Errorf("%s: the page does not show %q", what, s)
			}
		}
	}
	goal := url.Values{"goal_domain": {"language", ""}, "goal_action": {"A1 kursuna yazılmaq", ""},
		"goal_responsible": {"Təlim-tədris mərkəzi", ""}, "goal_due": {"2031-03-01", ""}}

	expect("plan before the assessment", consultant.get(path+"/plan"), http.StatusOK, msg("plan.needs_assessment"))
	expect("a plan before the assessment", consultant.post(path+"/plan", goal), http.StatusUnprocessableEntity, msg("plan.error.no_assessment"))
	expect("the assessment form", consultant.get(path+"/assessment"), http.StatusOK, msg("domain.legal_status"), msg("assessment.vulnerability.homeless"))

	form := url.Values{"strengths": {"Mühəndis, rus dilini bilir"}, "vulnerability": {"single_parent"}, "complete": {"1"}}
	for i, d := range cases.Domains {
		form.Set("level_"+d, fmt.Sprint(i%4+1))
		form.Set("priority_"+d, cases.Priorities[i%4])
		form.Set("note_"+d, "qeyd "+d)
	}
	bad := url.Values{}
	for k, v := range form {
		bad[k] = v
	}
	bad.Set("level_work", "9")
	expect("a bad level", consultant.post(path+"/assessment", bad), http.StatusUnprocessableEntity,
		msg("assessment.error.level"), "Mühəndis, rus dilini bilir", "qeyd housing")
	if r := consultant.post(path+"/assessment", form); r.status != http.StatusSeeOther || r.location != path+"/assessment" {
		t.Fatalf("complete the assessment: %d to %q", r.status, r.location)
	}
	expect("the completed assessment", consultant.get(path+"/assessment"), http.StatusOK,
		msg("assessment.completed"), msg("assessment.state.completed"), msg("assessment.to_plan"))

	badGoal := url.Values{"goal_domain": {"work"}, "goal_action": {"CV hazırlamaq"}, "goal_responsible": {""}, "goal_due": {"sabah"}}
	expect("a bad due date", consultant.post(path+"/plan", badGoal), http.StatusUnprocessableEntity, msg("plan.error.due_on"), "CV hazırlamaq")
	if r := consultant.post(path+"/plan", goal); r.status != http.StatusSeeOther {
		t.Fatalf("save the plan: %d", r.status)
	}
	expect("the draft plan", consultant.get(path+"/plan"), http.StatusOK, "A1 kursuna yazılmaq", msg("plan.agree"))
	plans, err := s.app.Cases.Plans(planStaff(t, s, access.Consultant), c.ID)
	if err != nil || len(plans) != 1 {
		t.Fatalf("plans: %+v, %v", plans, err)
	}
	planPath := fmt.Sprintf("%s/plan/%d", path, plans[0].ID)
	expect("an agreement in the future", consultant.post(planPath+"/agree", url.Values{"agreed_on": {"2099-01-01"}}),
		http.StatusUnprocessableEntity, msg("plan.error.agreed_future"), `value="2099-01-01"`)
	if r := consultant.post(planPath+"/agree", url.Values{"agreed_on": {"2026-01-15"}}); r.status != http.StatusSeeOther {
		t.Fatalf("agree: %d", r.status)
	}
	expect("agree twice", consultant.post(planPath+"/agree", url.Values{"agreed_on": {"2026-01-15"}}),
		http.StatusUnprocessableEntity, msg("plan.error.invalid_move"))
	expect("a consultant approves", consultant.post(planPath+"/approve", url.Values{}), http.StatusForbidden)
	if r := consultant.get(path + "/plan"); strings.Contains(r.body, planPath+"/approve") {
		t.Error("a consultant is offered the approval")
	}
	expect("the supervisor's view", supervisor.get(path+"/plan"), http.StatusOK, planPath+"/approve", planPath+"/return")
	if r := supervisor.post(planPath+"/approve", url.Values{}); r.status != http.StatusSeeOther {
		t.Fatalf("approve: %d", r.status)
	}
	if got, _ := s.app.Cases.Case(planStaff(t, s, access.Supervisor), c.ID); got.State != cases.PlanActive {
		t.Errorf("case after approval: %s", got.State)
	}
	goalID := plans[0].Goals[0].ID
	expect("a review without a note", consultant.post(planPath+"/review", url.Values{fmt.Sprintf("progress_%d", goalID): {"achieved"}}),
		http.StatusUnprocessableEntity, msg("plan.error.note_required"))
	review := url.Values{"note": {"Kursa yazılıb"}, fmt.Sprintf("progress_%d", goalID): {"in_progress"}}
	if r := consultant.post(planPath+"/review", review); r.status != http.StatusSeeOther {
		t.Fatalf("review: %d", r.status)
	}
	expect("the reviewed plan", consultant.get(path+"/plan"), http.StatusOK, "Kursa yazılıb", msg("plan.progress.in_progress"), msg("plan.revise"))
	expect("an unknown step", consultant.post(planPath+"/celebrate", url.Values{}), http.StatusNotFound)
}

// planRoutesFixture gives TestRouteAccess a case of the demo consultant with
// a completed assessment and a draft plan, and returns the paths of the case
// and of the plan.
func planRoutesFixture(t *testing.T, s *site) (casePath, planPath string) {
	t.Helper()
	system := access.With(context.Background(), access.System())
	person, _, err := s.app.People.CreatePerson(system, people.Input{
		Names: []people.Name{{Kind: people.NameAz, Surname: "Nəbiyeva", Given: "Zəhra"}}, BirthDate: "1988-04-12"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.app.People.GiveConsent(system, person.ID, people.ConsentInput{Purpose: people.Participation}); err != nil {
		t.Fatal(err)
	}
	ctx := planStaff(t, s, access.Consultant)
	c, err := s.app.Cases.OpenCase(ctx, cases.IntakeInput{PersonID: person.ID, Source: "walk_in"})
	if err != nil {
		t.Fatal(err)
	}
	in := cases.AssessmentInput{Domains: map[string]cases.DomainInput{}, Complete: true}
	for _, d := range cases.Domains {
		in.Domains[d] = cases.DomainInput{Level: 2, Priority: "medium"}
	}
	if _, err := s.app.Cases.SaveAssessment(ctx, c.ID, in); err != nil {
		t.Fatal(err)
	}
	p, err := s.app.Cases.SavePlan(ctx, c.ID, cases.PlanInput{Goals: []cases.GoalInput{{Domain: "work", Action: "CV", DueOn: "2031-01-01"}}})
	if err != nil {
		t.Fatal(err)
	}
	casePath = fmt.Sprintf("/cases/%d", c.ID)
	return casePath, fmt.Sprintf("%s/plan/%d", casePath, p.ID)
}

// planRouteForms are the forms TestRouteAccess sends to the plan's routes.
var planRouteForms = struct{ assessment, plan, agree, comment, review url.Values }{
	assessment: url.Values{"strengths": {"Sürücülük vəsiqəsi var"}},
	plan:       url.Values{"goal_domain": {"work"}, "goal_action": {"CV"}, "goal_responsible": {""}, "goal_due": {"2031-01-01"}},
	agree:      url.Values{"agreed_on": {"2026-01-15"}},
	comment:    url.Values{"comment": {"Müddətləri dəqiqləşdirin"}},
	review:     url.Values{"note": {"Görüş keçirildi"}},
}
