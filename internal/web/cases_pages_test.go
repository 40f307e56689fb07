package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"inteqra/internal/access"
	"inteqra/internal/i18n"
	"inteqra/internal/people"
)

// A consultant opens a case from the intake form, asks to close it, and the
// supervisor approves; every step is on the case's timeline.
func TestCaseLifecycleThroughTheWeb(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	system := access.With(context.Background(), access.System())
	p, _, err := s.app.People.CreatePerson(system, people.Input{
		Names: []people.Name{{Kind: people.NameAz, Surname: "Lomidze", Given: "Giorgi"}}, BirthDate: "1975-05-05"})
	if err != nil {
		t.Fatal(err)
	}
	pr := s.app.Catalog.Printer(i18n.AZ)
	c := s.client()
	c.signIn(access.Consultant)
	c.post("/lang", url.Values{"lang": {"az"}})
	form := url.Values{"person": {fmt.Sprint(p.ID)}, "source": {"walk_in"}, "needs": {"İş axtarır"}, "language": {"ka"}, "interpreter": {"on"}}
	if r := c.post("/cases", form); r.status != http.StatusUnprocessableEntity ||
		!strings.Contains(r.body, htmlEscape(pr.Error(people.ErrNoParticipationConsent))) {
		t.Fatalf("open without consent: status %d", r.status)
	}
	if _, err := s.app.People.GiveConsent(system, p.ID, people.ConsentInput{Purpose: people.Participation}); err != nil {
		t.Fatal(err)
	}
	if r := c.get(fmt.Sprintf("/cases/new?person=%d", p.ID)); r.status != http.StatusOK || !strings.Contains(r.body, "Lomidze Giorgi") {
		t.Fatalf("intake form: status %d", r.status)
	}
	r := c.post("/cases", form)
	if r.status != http.StatusSeeOther || !strings.HasPrefix(r.location, "/cases/") {
		t.Fatalf("open: status %d to %q", r.status, r.location)
	}
	casePath := r.location
	page := c.get(casePath)
	for _, want := range []string{"Lomidze Giorgi", htmlEscape(pr.T("cases.event.opened")), "İş axtarır"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("case page lacks %q", want)
		}
	}
	if r := c.post(casePath+"/close", url.Values{"outcome": {"completed"}, "reason": {"Məqsədlərə çatıb"}}); r.status != http.StatusSeeOther {
		t.Fatalf("request closure: status %d", r.status)
	}
	if r := c.post(casePath+"/approve_closure", url.Values{}); r.status != http.StatusForbidden {
		t.Errorf("a consultant approves the closure: status %d", r.status)
	}
	sup := s.client()
	sup.signIn(access.Supervisor)
	sup.post("/lang", url.Values{"lang": {"az"}})
	if r := sup.post(casePath+"/approve_closure", url.Values{"reason": {"Razıyam"}}); r.status != http.StatusSeeOther {
		t.Fatalf("approve closure: status %d", r.status)
	}
	page = sup.get(casePath)
	for _, want := range []string{htmlEscape(pr.T("cases.event.closure_requested")), htmlEscape(pr.T("cases.event.closed")),
		htmlEscape(pr.T("cases.outcome.completed"))} {
		if !strings.Contains(page.body, want) {
			t.Errorf("closed case page lacks %q", want)
		}
	}
	if r := c.post(casePath+"/reopen", url.Values{"reason": {""}}); r.status != http.StatusUnprocessableEntity {
		t.Errorf("reopen without a reason: status %d", r.status)
	}
	if list := c.get("/cases?closed=1"); !strings.Contains(list.body, "Lomidze Giorgi") {
		t.Error("the consultant's list with closed cases lacks the case")
	}
}
