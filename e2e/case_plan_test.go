package e2e

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"inteqra/internal/access"
	"inteqra/internal/cases"
	"inteqra/internal/demo"
	"inteqra/internal/i18n"
)

// planCase gives the demo case a history: two completed assessments (the
// first superseded) and a draft; plan version 1 superseded by version 2,
// which is approved, reviewed and has an overdue goal; and a draft version 3.
func (e *env) planCase() int64 {
	e.t.Helper()
	staff := func(role access.Role) context.Context {
		list, err := e.app.Users.Colleagues(access.With(context.Background(), access.System()), role)
		if err != nil || len(list) == 0 {
			e.t.Fatalf("demo %s: %v", role, err)
		}
		return access.With(context.Background(), list[0].Principal())
	}
	consultant, supervisor := staff(access.Consultant), staff(access.Supervisor)
	s := e.app.Cases
	open, err := s.Cases(consultant, cases.Filter{Open: true})
	if err != nil || len(open) == 0 {
		e.t.Fatalf("demo case: %v", err)
	}
	id := open[0].ID
	must := func(err error) {
		e.t.Helper()
		if err != nil {
			e.t.Fatal(err)
		}
	}
	full := cases.AssessmentInput{Domains: map[string]cases.DomainInput{}, Strengths: "Mühəndis, rus və fars dillərini bilir",
		Vulnerabilities: []string{"single_parent"}, Complete: true}
	for i, d := range cases.Domains {
		full.Domains[d] = cases.DomainInput{Level: i%4 + 1, Priority: cases.Priorities[i%4]}
	}
	for range 2 {
		_, err := s.SaveAssessment(consultant, id, full)
		must(err)
	}
	_, err = s.SaveAssessment(consultant, id, cases.AssessmentInput{Domains: map[string]cases.DomainInput{
		"language": {Level: 2, Priority: "high", Note: "A1 səviyyəsini keçib"}}})
	must(err)

	today := i18n.DayOf(time.Now())
	day := func(days int) string { return today.AddDate(0, 0, days).Format(time.DateOnly) }
	plan := func(goals ...cases.GoalInput) cases.Plan {
		p, err := s.SavePlan(consultant, id, cases.PlanInput{Goals: goals})
		must(err)
		return p
	}
	approve := func(p cases.Plan) {
		must(s.AgreePlan(consultant, p.ID, day(-20)))
		must(s.ApprovePlan(supervisor, p.ID))
	}
	approve(plan(cases.GoalInput{Domain: "language", Action: "A1 kursuna yazılmaq", Responsible: "Təlim-tədris mərkəzi", DueOn: day(30)}))
	v2 := plan(cases.GoalInput{Domain: "language", Action: "A2 kursuna yazılmaq", Responsible: "Təlim-tədris mərkəzi", DueOn: day(-5)},
		cases.GoalInput{Domain: "work", Action: "CV hazırlamaq və DOST mərkəzinə müraciət etmək", Responsible: "Aysel Məmmədova", DueOn: day(60)})
	approve(v2)
	must(s.ReviewPlan(consultant, v2.ID, "Kursa yazılıb, CV hazırdır", map[int64]string{v2.Goals[1].ID: "in_progress"}))
	plan(cases.GoalInput{Domain: "children", Action: "Uşaqları 45 nömrəli məktəbə yazdırmaq", Responsible: "Rayon təhsil şöbəsi", DueOn: day(90)})
	return id
}

// The assessment and plan pages are axe-clean in az, en and ru: the
// consultant's assessment form (also with an error) and plan with a draft
// version; in az also the supervisor's view of the plan the person agreed to.
func TestCasePlanPages(t *testing.T) {
	t.Parallel()
	for _, lang := range i18n.Langs {
		t.Run(string(lang), func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, string(lang))
			shots := os.Getenv(envScreenshots) == "1"
			shoot := func(name string) {
				if shots {
					e.shoot("case-" + name + "-" + string(lang))
				}
			}
			id := e.planCase()
			e.viewport(1280)
			path := fmt.Sprintf("/cases/%d", id)
			if st := e.signIn(consultantEmail, demo.Password); st != http.StatusOK {
				t.Fatalf("sign in: status %d", st)
			}
			if st := e.open(path + "/assessment"); st != http.StatusOK {
				t.Fatalf("assessment: status %d", st)
			}
			if lang != i18n.AZ { // the consultant's profile says az
				e.switchLanguage(lang)
			}
			if got := e.htmlLang(); got != string(lang) {
				t.Fatalf("<html lang> = %q", got)
			}
			if got := e.text("#level-language option:checked"); got != T(t, lang, "assessment.level.2") {
				t.Errorf("the draft's language level = %q", got)
			}
			checkA11y(t, e.ctx, "assessment "+string(lang))
			shoot("assessment")

			// The draft rates one domain only: it cannot be completed.
			if st := e.submit(`form.assessment-form button[name=complete]`); st != http.StatusUnprocessableEntity {
				t.Fatalf("complete a partial assessment: status %d", st)
			}
			if got := e.text("#form-error .error-summary__list"); got != T(t, lang, "assessment.error.incomplete") {
				t.Errorf("error = %q", got)
			}
			checkA11y(t, e.ctx, "assessment with an error "+string(lang))

			e.open(path + "/plan")
			if n := eval[int](e, `document.querySelectorAll(".goal-rows tbody tr").length`); n != 1+5 {
				t.Errorf("the goals form has %d rows, want the draft's goal and 5 empty ones", n)
			}
			if !e.exists(".goal-overdue") {
				t.Error("the overdue goal is not marked")
			}
			checkA11y(t, e.ctx, "plan "+string(lang))
			shoot("plan")
			if st := e.submit(`form.agree-form button[type=submit]`); st != http.StatusOK {
				t.Fatalf("record the agreement: status %d", st)
			}
			if e.exists(`form[action$="/approve"]`) {
				t.Error("the consultant is offered the approval")
			}
			if lang != i18n.AZ {
				return // the supervisor's part once: it is slow with its second factor
			}

			// The supervisor enrols a second factor, then approves version 3.
			e.submit(`form[action="/logout"] button[type=submit]`)
			if st := e.signIn("supervisor@demo.inteqra.az", demo.Password); st != http.StatusOK || e.location().Path != "/account/mfa" {
				t.Fatalf("supervisor sign in: status %d on %s", st, e.location())
			}
			code, err := totp.GenerateCode(e.text(".mfa-secret"), time.Now())
			if err != nil {
				t.Fatal(err)
			}
			e.fill("#code", code)
			e.submit(`form[action="/account/mfa"] button[type=submit]`)
			e.open(path + "/plan")
			checkA11y(t, e.ctx, "plan for the supervisor "+string(lang))
			shoot("plan-supervisor")
			if st := e.submit(`form[action$="/approve"] button[type=submit]`); st != http.StatusOK {
				t.Fatalf("approve: status %d", st)
			}
			if got, want := e.text("#h-active"), T(t, lang, "plan.active", "Version", 3)+" "+T(t, lang, "plan.state.approved"); got != want {
				t.Errorf("active plan heading = %q, want %q", got, want)
			}
		})
	}
}
