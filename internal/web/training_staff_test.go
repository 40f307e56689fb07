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

// A consultant applies to a course for a registered person from the
// person's page: refused without participation consent, recorded with it.
func TestApplyOnBehalfFromPersonPage(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	system := access.With(context.Background(), access.System())
	p, _, err := s.app.People.CreatePerson(system, people.Input{
		Names: []people.Name{{Kind: people.NameAz, Surname: "Petrenko", Given: "Taras"}}, BirthDate: "1980-02-02"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.app.People.AddStatus(system, p.ID, people.StatusInput{Kind: people.PermanentPermit, DocumentNo: "DYİ 1",
		ValidFrom: "2024-01-01", ValidTo: "2099-01-01", State: people.Granted})
	if err != nil {
		t.Fatal(err)
	}
	c := s.client()
	c.signIn(access.Consultant)
	c.post("/lang", url.Values{"lang": {"az"}})
	pr := s.app.Catalog.Printer(i18n.AZ)
	form := url.Values{"person": {fmt.Sprint(p.ID)}, "cohort": {"1"}}
	r := c.post("/training/apply", form)
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, htmlEscape(pr.Error(people.ErrNoParticipationConsent))) {
		t.Fatalf("without consent: status %d", r.status)
	}
	if _, err := s.app.People.GiveConsent(system, p.ID, people.ConsentInput{Purpose: people.Participation}); err != nil {
		t.Fatal(err)
	}
	if r := c.post("/training/apply", form); r.status != http.StatusSeeOther {
		t.Fatalf("with consent: status %d", r.status)
	}
	page := c.get(fmt.Sprintf("/people/%d", p.ID))
	if !strings.Contains(page.body, htmlEscape(pr.T("training.state.applied"))) || !strings.Contains(page.body, "A1-") {
		t.Error("the person's page does not list the application")
	}
}
