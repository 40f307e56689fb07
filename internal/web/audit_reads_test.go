package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"inteqra/internal/access"
	"inteqra/internal/audit"
)

// TestReadsAreAudited opens every page and download that shows personal
// data in a list or a search; each leaves an event naming who read what.
func TestReadsAreAudited(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	auditor := access.With(context.Background(), access.Principal{UserID: 1, Role: access.Auditor})
	tests := []struct {
		role               access.Role
		path               string
		action, object, id string
	}{
		{access.Consultant, "/people?q=%C6%8Fhm%C9%99di", "person.search", "query", "Əhmədi"},
		{access.Consultant, "/people?q=Nobody+Known", "person.search", "query", "Nobody Known"},
		{access.Consultant, "/people/duplicates", "registry.duplicates", "duplicates", "open"},
		{access.Consultant, "/cases", "case.list", "cases", ""},
		{access.Coordinator, "/training/cohorts/1/register", "cohort.register", "cohort", "1"},
		{access.Coordinator, "/training/cohorts/1/register.xlsx", "cohort.register_export", "cohort", "1"},
		{access.Coordinator, "/training/cohorts/1", "cohort.roster", "cohort", "1"},
		{access.Coordinator, "/training/cohorts/1/certificates", "cohort.certificates", "cohort", "1"},
		{access.Coordinator, "/training/applications", "enrolment.pending", "applications", ""},
		{access.PartnerOfficer, "/referrals", "referral.inbox", "organisation", ""},
		{access.Consultant, "/council/members", "council_member.list", "council_member", ""},
	}
	for _, tt := range tests {
		c := s.client()
		c.signIn(tt.role)
		if r := c.get(tt.path); r.status != http.StatusOK {
			t.Errorf("%s as %s: status %d", tt.path, tt.role, r.status)
			continue
		}
		events, err := s.app.Audit.Events(auditor, audit.Filter{Action: tt.action, Actor: strings.ReplaceAll(string(tt.role), "_", ".") + "@"})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, e := range events {
			found = found || e.ObjectType == tt.object && (tt.id == "" || e.ObjectID == tt.id) && e.ClientAddr != ""
		}
		if !found {
			t.Errorf("%s as %s: no %s event on %s %q among %+v", tt.path, tt.role, tt.action, tt.object, tt.id, events)
		}
	}
}
