package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"inteqra/internal/access"
	"inteqra/internal/auth"
	"inteqra/internal/i18n"
)

// TestCaseBoundaries holds two findings of the security review over HTTP:
// a supervisor cannot hand a case to a consultant of another office (who
// would then read its restricted notes), and another office cannot tell an
// existing case from a missing one.
func TestCaseBoundaries(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	sys := access.With(context.Background(), access.System())
	outsider, err := s.app.Users.CreateUser(sys, auth.UserInput{Email: "ganja@example.az", Name: "Gəncə Məsləhətçi",
		Role: access.Consultant, OrganisationID: 3, Active: true}, "long enough password", false)
	if err != nil {
		t.Fatal(err)
	}
	demo, err := s.app.Cases.Case(sys, 1)
	if err != nil {
		t.Fatal(err)
	}

	sup := s.client()
	sup.signIn(access.Supervisor)
	if r := sup.get("/cases/1"); regexp.MustCompile(`<option value="` + strconv.FormatInt(outsider.ID, 10) + `"`).MatchString(r.body) {
		t.Error("the reassignment form offers a consultant of another office")
	}
	r := sup.post("/cases/1/reassign", url.Values{"consultant": {strconv.FormatInt(outsider.ID, 10)}})
	if r.status != http.StatusUnprocessableEntity {
		t.Errorf("reassign to another office: status %d, want 422", r.status)
	}
	if after, _ := s.app.Cases.Case(sys, 1); after.ConsultantID != demo.ConsultantID || after.OrganisationID != demo.OrganisationID {
		t.Errorf("after the refused reassignment the case is %d/%d, want %d/%d", after.ConsultantID, after.OrganisationID, demo.ConsultantID, demo.OrganisationID)
	}

	c := s.client()
	if r := c.post("/login", url.Values{"email": {"ganja@example.az"}, "password": {"long enough password"}}); r.status != http.StatusSeeOther {
		t.Fatalf("sign in: %d", r.status)
	}
	for _, path := range []string{"/cases/%d", "/cases/%d/notes", "/cases/%d/attachments", "/cases/%d/plan"} {
		existing, missing := c.get(fmt.Sprintf(path, 1)), c.get(fmt.Sprintf(path, 999999))
		if existing.status != http.StatusNotFound || missing.status != http.StatusNotFound {
			t.Errorf("%s from another office: existing %d, missing %d, want 404 for both", path, existing.status, missing.status)
		}
	}
	if r := c.post("/cases/1/notes", url.Values{"body": {"Qeyd"}}); r.status != http.StatusNotFound {
		t.Errorf("a note on another office's case: %d, want 404", r.status)
	}
}

// TestCaseNextStep: the case page offers the next step of the case's state
// as its primary button.
func TestCaseNextStep(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	c := s.client()
	c.signIn(access.Consultant)
	r := c.get("/cases/1") // the demo case, at intake
	want := `<a class="usa-button usa-button--big" href="/cases/1/assessment">` + htmlEscape(s.app.Catalog.Printer(i18n.AZ).T("cases.next_step.assessment")) + `</a>`
	if !strings.Contains(r.body, want) {
		t.Errorf("the case page lacks its next step %s", want)
	}
}
