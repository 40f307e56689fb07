package e2e

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/pquerna/otp/totp"

	"inteqra/internal/access"
	"inteqra/internal/cases"
	"inteqra/internal/demo"
	"inteqra/internal/i18n"
)

// TestCaseJourney follows a case in the browser, each person in their own
// tab: the consultant opens it at intake, assesses the needs and drafts a
// plan the person agrees to; the supervisor approves it; the consultant
// refers the person to a partner organisation, whose officer accepts and
// completes the referral; the consultant asks to close the case and the
// supervisor approves the closure.
func TestCaseJourney(t *testing.T) {
	t.Parallel()
	consultant := newEnvWithin(t, "az", journeyTimeout)
	supervisor, partner := consultant.otherTab(), consultant.otherTab()
	system := access.With(context.Background(), access.System())
	found, err := consultant.app.People.Search(system, "Beridze Nino", 1)
	if err != nil || len(found.Hits) == 0 {
		t.Fatalf("the demo applicant: %v", err)
	}
	personID := found.Hits[0].ID
	officers, err := consultant.app.Users.Colleagues(system, access.PartnerOfficer)
	if err != nil || len(officers) == 0 {
		t.Fatalf("the demo partner officer: %v", err)
	}
	partnerOrg := officers[0].OrganisationID

	// Intake.
	if st := consultant.signIn(consultantEmail, demo.Password); st != http.StatusOK {
		t.Fatalf("consultant signs in: status %d", st)
	}
	consultant.open(fmt.Sprintf("/people/%d", personID))
	if st := consultant.submit(fmt.Sprintf(`a[href="/cases/new?person=%d"]`, personID)); st != http.StatusOK {
		t.Fatalf("open the intake form: status %d", st)
	}
	consultant.fill("#needs", "Dil öyrənmək və iş tapmaq istəyir.")
	if st := consultant.submit(`form[action="/cases"] button[type=submit]`); st != http.StatusOK {
		t.Fatalf("open the case: status %d", st)
	}
	casePath := consultant.location().Path
	caseID, _ := strconv.ParseInt(strings.TrimPrefix(casePath, "/cases/"), 10, 64)

	// Needs assessment, completed.
	consultant.open(casePath + "/assessment")
	var levels []chromedp.Action[chromedp.Void]
	for _, d := range cases.Domains {
		levels = append(levels, chromedp.SetValue(chromedp.CSS("#level-"+d), "2"), chromedp.SetValue(chromedp.CSS("#priority-"+d), "medium"))
	}
	consultant.run("levels and priorities", levels...)
	if st := consultant.submit(`button[name=complete]`); st != http.StatusOK {
		t.Fatalf("complete the assessment: status %d", st)
	}

	// The plan, agreed by the person.
	consultant.open(casePath + "/plan")
	due := i18n.DayOf(time.Now()).AddDate(0, 2, 0).Format(time.DateOnly)
	consultant.run("a goal", chromedp.SetValue(chromedp.CSS("#goal-domain-1"), "language"),
		chromedp.SetValue(chromedp.CSS("#goal-due-1"), due))
	consultant.fill("#goal-action-1", "Azərbaycan dili A1 kursunu bitirmək")
	if st := consultant.submit(".goals-form button[type=submit]"); st != http.StatusOK {
		t.Fatalf("save the plan: status %d", st)
	}
	if st := consultant.submit(".agree-form button[type=submit]"); st != http.StatusOK {
		t.Fatalf("the person agrees: status %d", st)
	}

	// The supervisor enrols a second factor and approves the plan.
	if st := supervisor.signIn("supervisor@demo.inteqra.az", demo.Password); st != http.StatusOK || supervisor.location().Path != "/account/mfa" {
		t.Fatalf("supervisor signs in: status %d on %s", st, supervisor.location())
	}
	code, err := totp.GenerateCode(supervisor.text(".mfa-secret"), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	supervisor.fill("#code", code)
	supervisor.submit(`form[action="/account/mfa"] button[type=submit]`)
	supervisor.open(casePath + "/plan")
	if st := supervisor.submit(`form[action$="/approve"] button[type=submit]`); st != http.StatusOK {
		t.Fatalf("approve the plan: status %d", st)
	}

	// The consultant refers the person to the partner organisation.
	consultant.open(casePath + "/referrals")
	consultant.run("the referral", chromedp.SetValue(chromedp.CSS("#organisation"), strconv.FormatInt(partnerOrg, 10)),
		chromedp.SetValue(chromedp.CSS("#domain"), "work"), chromedp.SetValue(chromedp.CSS("#due_on"), due))
	consultant.fill("#need", "Məşğulluq məsləhəti və vakansiyalar.")
	if st := consultant.submit(`form[action$="/referrals"] button[type=submit]`); st != http.StatusOK {
		t.Fatalf("send the referral: status %d", st)
	}

	// The partner officer accepts and completes it.
	if st := partner.signIn("partner.officer@demo.inteqra.az", demo.Password); st != http.StatusOK {
		t.Fatalf("partner officer signs in: status %d", st)
	}
	partner.open("/referrals")
	if st := partner.submit(`table a[href^="/referrals/"]`); st != http.StatusOK {
		t.Fatalf("open the referral: status %d", st)
	}
	if strings.Contains(partner.text("main"), "Dil öyrənmək") {
		t.Error("the partner sees the case's intake notes")
	}
	if st := partner.submit(`form[action$="/accept"] button`); st != http.StatusOK {
		t.Fatalf("accept: status %d", st)
	}
	partner.fill("#complete-text", "İki vakansiyaya müsahibə təşkil olundu.")
	if st := partner.submit(`form[action$="/complete"] button`); st != http.StatusOK {
		t.Fatalf("complete: status %d", st)
	}

	// The consultant asks to close the case; the supervisor approves.
	consultant.open(casePath)
	consultant.run("open the closure form", chromedp.Click("details.person-action summary"))
	consultant.run("outcome", chromedp.SetValue(chromedp.CSS("#outcome"), "completed"))
	if st := consultant.submit(`form[action$="/close"] button[type=submit]`); st != http.StatusOK {
		t.Fatalf("ask to close: status %d", st)
	}
	supervisor.open(casePath)
	if st := supervisor.submit(`form[action$="/approve_closure"] button[type=submit]`); st != http.StatusOK {
		t.Fatalf("approve the closure: status %d", st)
	}
	c, err := consultant.app.Cases.Case(system, caseID)
	if err != nil || c.State != cases.Closed || c.Outcome != "completed" {
		t.Fatalf("the case at the end: %+v, %v", c, err)
	}
	timeline := supervisor.text(".case-timeline")
	for _, key := range []string{"cases.event.opened", "cases.event.assessment_completed", "cases.event.plan_approved",
		"cases.event.referral.completed", "cases.event.closed"} {
		if want := T(t, i18n.AZ, key); !strings.Contains(timeline, want) {
			t.Errorf("the timeline lacks %q", want)
		}
	}
	checkA11y(t, supervisor.ctx, "closed case")
}
