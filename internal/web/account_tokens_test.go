package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/auth"
)

var tokenSecretRE = regexp.MustCompile(`class="token-secret">(iqt_[A-Za-z0-9_-]+)<`)

// tokenForm is a valid form of a new token.
func tokenForm(name string, scopes ...string) url.Values {
	return url.Values{"name": {name}, "scope": scopes, "expires": {time.Now().AddDate(0, 0, 30).Format(time.DateOnly)}}
}

func TestOwnTokens(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	c := s.client()
	c.signIn(access.Consultant)
	if r := c.get("/account"); !strings.Contains(r.body, `href="/account/tokens"`) {
		t.Error("the account page has no link to the tokens")
	}
	r := c.get("/account/tokens")
	if r.status != http.StatusOK || !strings.Contains(r.body, `id="scope-people-read"`) || !strings.Contains(r.body, `href="/api/docs"`) {
		t.Fatalf("tokens page: status %d", r.status)
	}

	r = c.post("/account/tokens", url.Values{"name": {""}, "expires": {"2020-01-01"}})
	if r.status != http.StatusUnprocessableEntity || strings.Count(r.body, `usa-error-message`) != 3 || !strings.Contains(r.body, "error-summary") {
		t.Errorf("empty form: status %d, want 422 with three messages and the summary", r.status)
	}

	r = c.post("/account/tokens", tokenForm("Reports", "people:read", "referrals:write"))
	m := tokenSecretRE.FindStringSubmatch(r.body)
	if r.status != http.StatusCreated || m == nil {
		t.Fatalf("create: status %d, secret shown: %v", r.status, m != nil)
	}
	if cc := r.header.Get("Cache-Control"); !strings.Contains(cc, "no-store") {
		t.Errorf("page with the secret: Cache-Control %q", cc)
	}
	secret := m[1]
	if r := c.get("/account/tokens"); strings.Contains(r.body, secret) || !strings.Contains(r.body, "Reports") {
		t.Error("the secret shows again, or the token is not listed")
	}
	ctx := context.Background()
	_, tok, err := s.app.Users.AuthenticateToken(ctx, secret, "192.0.2.7")
	if err != nil {
		t.Fatalf("the new token does not work: %v", err)
	}
	if r := c.get("/account/tokens"); !strings.Contains(r.body, "192.0.2.7") {
		t.Error("the last use's address is not listed")
	}
	if r := c.post(fmt.Sprintf("/account/tokens/%d/revoke", tok.ID), url.Values{}); r.status != http.StatusSeeOther {
		t.Fatalf("revoke: status %d", r.status)
	}
	if _, _, err := s.app.Users.AuthenticateToken(ctx, secret, "192.0.2.7"); err == nil {
		t.Error("a revoked token still works")
	}

	other := s.client()
	other.signIn(access.Trainer)
	if r := other.post(fmt.Sprintf("/account/tokens/%d/revoke", tok.ID), url.Values{}); r.status != http.StatusForbidden {
		t.Errorf("revoke another's token: status %d, want 403", r.status)
	}
}

func TestServiceAccounts(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	c := s.client()
	c.signIn(access.Admin)
	if r := c.get("/admin/service-accounts"); r.status != http.StatusOK || !strings.Contains(r.body, `href="/admin/service-accounts/new"`) {
		t.Fatalf("list: status %d", r.status)
	}
	r := c.post("/admin/service-accounts", url.Values{"name": {"Partner system"}, "role": {"partner_officer"}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `id="organisation-error"`) {
		t.Errorf("partner system without organisation: status %d, want 422 naming the organisation", r.status)
	}
	if r := c.post("/admin/service-accounts", url.Values{"name": {"Root"}, "role": {"admin"}}); r.status != http.StatusUnprocessableEntity {
		t.Errorf("an admin service account: status %d, want 422", r.status)
	}
	r = c.post("/admin/service-accounts", url.Values{"name": {"Partner system"}, "role": {"partner_officer"}, "organisation": {"3"}})
	if r.status != http.StatusSeeOther || !strings.HasPrefix(r.location, "/admin/service-accounts/") {
		t.Fatalf("create: status %d to %q", r.status, r.location)
	}
	page := r.location
	r = c.post(page+"/tokens", tokenForm("Intake", "referrals:write"))
	m := tokenSecretRE.FindStringSubmatch(r.body)
	if r.status != http.StatusCreated || m == nil {
		t.Fatalf("service token: status %d", r.status)
	}
	ctx := context.Background()
	u, tok, err := s.app.Users.AuthenticateToken(ctx, m[1], "192.0.2.8")
	if err != nil || !u.Service || u.Role != access.PartnerOfficer {
		t.Fatalf("service token: user %+v, %v", u, err)
	}
	if r := c.get(page); !strings.Contains(r.body, "Intake") || strings.Contains(r.body, m[1]) {
		t.Error("the account's page does not list the token, or shows its secret again")
	}
	if r := c.get("/admin/users"); !strings.Contains(r.body, "usa-tag") {
		t.Error("the users list does not mark the service account")
	}
	// A service account is no person to give work to, and never signs in.
	staff := access.With(ctx, access.System())
	list, err := s.app.Users.Colleagues(staff, access.PartnerOfficer)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range list {
		if x.ID == u.ID {
			t.Error("the service account is listed among colleagues")
		}
	}
	if _, err := s.app.Users.Authenticate(ctx, u.Email, "anything", "192.0.2.8"); err == nil {
		t.Error("a service account signed in")
	}
	if r := c.post(fmt.Sprintf("%s/tokens/%d/revoke", page, tok.ID), url.Values{}); r.status != http.StatusSeeOther || r.location != page {
		t.Fatalf("revoke: status %d to %q", r.status, r.location)
	}
	if _, _, err := s.app.Users.AuthenticateToken(ctx, m[1], "192.0.2.8"); err == nil {
		t.Error("a revoked service token still works")
	}
	if r := c.get("/admin/service-accounts/1"); r.status != http.StatusNotFound {
		t.Errorf("a person's account as a service account: status %d, want 404", r.status)
	}
}

// serviceAccountFixture makes a service account with a token, for the
// access matrix, and returns the account's page and the token's revoke path.
func serviceAccountFixture(t *testing.T, s *site) (page, revoke string) {
	t.Helper()
	sys := access.With(context.Background(), access.System())
	u, err := s.app.Users.CreateServiceAccount(sys, auth.ServiceAccountInput{Name: "Matrix system", Role: access.Analyst})
	if err != nil {
		t.Fatal(err)
	}
	tok, _, err := s.app.Users.CreateServiceToken(sys, u.ID, auth.TokenInput{Name: "x", Scopes: []auth.Scope{auth.Read("stats")},
		Expires: time.Now().AddDate(0, 0, 30).Format(time.DateOnly)})
	if err != nil {
		t.Fatal(err)
	}
	page = fmt.Sprintf("/admin/service-accounts/%d", u.ID)
	return page, fmt.Sprintf("%s/tokens/%d/revoke", page, tok.ID)
}
