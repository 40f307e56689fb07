package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"inteqra/internal/access"
	"inteqra/internal/auth"
	"inteqra/internal/i18n"
)

// TestStaffHomeWorkList: each role's home lists what waits for it, with
// counts and links, and only what that user may see.
func TestStaffHomeWorkList(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	p := s.app.Catalog.Printer(i18n.AZ)
	tests := []struct {
		role access.Role
		want []string // catalogue keys of the lists
		has  []string // text or links that must be there
	}{
		{access.Consultant, []string{"work.my_cases", "work.tasks_due", "work.referrals_overdue"}, []string{`href="/cases/1"`, p.T("work.next.intake")}},
		{access.Supervisor, []string{"work.my_cases", "work.approvals", "work.goals_overdue"}, nil},
		{access.Coordinator, []string{"work.applications", "work.cohorts_soon", "work.registers_missing"}, []string{`<span class="usa-tag work-section__count">3</span>`}},
		{access.Trainer, []string{"work.lessons_today", "work.registers_missing"}, nil},
		{access.PartnerOfficer, []string{"work.referrals_waiting"}, []string{p.T("work.referrals_waiting_none")}},
		{access.Auditor, []string{"work.audit"}, nil},
		{access.Analyst, nil, []string{`href="/dashboards/programme"`, `href="/dashboards/council"`}}, // in English, the analyst's language
	}
	for _, tt := range tests {
		c := s.client()
		c.signIn(tt.role)
		r := c.get("/staff")
		if r.status != http.StatusOK {
			t.Fatalf("%s: status %d", tt.role, r.status)
		}
		for _, key := range tt.want {
			if !strings.Contains(r.body, htmlEscape(p.T(key))) {
				t.Errorf("%s: the home lacks the list %q", tt.role, key)
			}
		}
		for _, want := range tt.has {
			if !strings.Contains(r.body, want) && !strings.Contains(r.body, htmlEscape(want)) {
				t.Errorf("%s: the home lacks %q", tt.role, want)
			}
		}
	}
	// A consultant of another office sees none of the demo office's cases.
	if _, err := s.app.Users.CreateUser(access.With(context.Background(), access.System()), auth.UserInput{Email: "ganja@example.az",
		Name: "Gəncə Məsləhətçi", Role: access.Consultant, OrganisationID: 3, Active: true}, "long enough password", false); err != nil {
		t.Fatal(err)
	}
	c := s.client()
	if r := c.post("/login", url.Values{"email": {"ganja@example.az"}, "password": {"long enough password"}}); r.status != http.StatusSeeOther {
		t.Fatalf("sign in: %d", r.status)
	}
	if r := c.get("/staff"); strings.Contains(r.body, `href="/cases/1"`) || !strings.Contains(r.body, htmlEscape(p.T("work.my_cases_none"))) {
		t.Error("another office's consultant sees the demo case on the home")
	}
}
