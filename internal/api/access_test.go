package api_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"inteqra/internal/access"
	"inteqra/internal/api"
	"inteqra/internal/auth"
	"inteqra/internal/cases"
	"inteqra/internal/council"
	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"
)

// grant is one row of the API's access matrix: the request that stands for
// a route, the scope a token needs for it and the roles that get through to
// a real answer. perm is the permission of access's grants the roles hold:
// the test checks that roles is exactly who holds it, so that a change of
// the grants shows here as a change of this table. A public route has no
// scope and no roles: anyone gets through, with or without a token.
type grant struct {
	pattern string
	path    string // with {name} for the fixture's ids
	body    any
	header  []string
	scope   auth.Scope
	perm    access.Permission
	roles   []access.Role
}

var (
	readPeople      = []access.Role{access.Consultant, access.Supervisor, access.Coordinator, access.Admin}
	answerReferrals = []access.Role{access.PartnerOfficer}
	writePeople     = []access.Role{access.Consultant, access.Supervisor, access.Coordinator}
	workCases       = []access.Role{access.Consultant, access.Supervisor}
	manageWebhooks  = []access.Role{access.PartnerOfficer, access.Admin}
)

// stale makes an update stop at its precondition (412) once the rules
// let it through, so the matrix changes nothing.
var stale = []string{"If-Match", `"stale"`}

var apiAccess = []grant{
	{pattern: "GET /api/v1/openapi.yaml", path: "/api/v1/openapi.yaml"},
	{pattern: "GET /api/v1/courses", path: "/api/v1/courses"},
	{pattern: "GET /api/v1/courses/{id}", path: "/api/v1/courses/{course}"},
	{pattern: "GET /api/v1/certificates/{code}", path: "/api/v1/certificates/{certificate}"},
	// An application the rules refuse (422): the matrix applies for no one.
	{pattern: "POST /api/v1/applications", path: "/api/v1/applications", body: map[string]any{"cohort_id": 1}},
	{pattern: "GET /api/v1/applications/{reference}", path: "/api/v1/applications/{application}"},
	{pattern: "GET /api/v1/council/proposals", path: "/api/v1/council/proposals"},
	{pattern: "GET /api/v1/council/proposals/{reference}", path: "/api/v1/council/proposals/{proposal}"},
	{pattern: "GET /api/v1/council/meetings", path: "/api/v1/council/meetings"},
	{pattern: "GET /api/v1/council/meetings/{id}", path: "/api/v1/council/meetings/{meeting}"},
	{pattern: "GET /api/v1/strategy", path: "/api/v1/strategy"},
	{pattern: "GET /api/v1/statistics", path: "/api/v1/statistics"},

	{pattern: "GET /api/v1/persons", path: "/api/v1/persons?q=Əhmədi", scope: auth.Read("people"), perm: access.ReadPeople, roles: readPeople},
	{pattern: "GET /api/v1/persons/{id}", path: "/api/v1/persons/{person}", scope: auth.Read("people"), perm: access.ReadPeople, roles: readPeople},

	{pattern: "POST /api/v1/persons", path: "/api/v1/persons", body: map[string]any{"names": []any{}},
		scope: auth.Write("people"), perm: access.WritePeople, roles: writePeople},

	{pattern: "GET /api/v1/cases", path: "/api/v1/cases", scope: auth.Read("cases"), perm: access.WorkCases, roles: workCases},
	{pattern: "GET /api/v1/cases/{id}", path: "/api/v1/cases/{case}", scope: auth.Read("cases"), perm: access.WorkCases, roles: workCases},
	{pattern: "GET /api/v1/cases/{id}/timeline", path: "/api/v1/cases/{case}/timeline", scope: auth.Read("cases"), perm: access.WorkCases, roles: workCases},

	{pattern: "GET /api/v1/statistics/dashboards/{code}", path: "/api/v1/statistics/dashboards/programme", scope: auth.Read("stats"),
		perm: access.ReadDashboards, roles: []access.Role{access.Analyst, access.Supervisor, access.Coordinator, access.StrategyOfficer, access.Admin}},

	{pattern: "GET /api/v1/strategy/measures/{id}/reports/{period}", path: "{report}", scope: auth.Read("strategy"), perm: access.ReadStrategy,
		roles: []access.Role{access.StrategyOfficer, access.FocalPoint, access.Analyst, access.Supervisor, access.Coordinator, access.Admin}},
	{pattern: "POST /api/v1/strategy/measures/{id}/reports/{period}", path: "{report}", header: stale, body: map[string]any{},
		scope: auth.Write("strategy"), perm: access.ReportStrategy, roles: []access.Role{access.StrategyOfficer, access.FocalPoint}},

	{pattern: "GET /api/v1/referrals", path: "/api/v1/referrals", scope: auth.Read("referrals"), perm: access.AnswerReferrals, roles: answerReferrals},
	{pattern: "GET /api/v1/referrals/{id}", path: "/api/v1/referrals/{referral}", scope: auth.Read("referrals"), perm: access.AnswerReferrals, roles: answerReferrals},
	{pattern: "POST /api/v1/referrals/{id}/accept", path: "/api/v1/referrals/{referral}/accept", header: stale,
		scope: auth.Write("referrals"), perm: access.AnswerReferrals, roles: answerReferrals},
	{pattern: "POST /api/v1/referrals/{id}/decline", path: "/api/v1/referrals/{referral}/decline", header: stale, body: map[string]string{"reason": "Full"},
		scope: auth.Write("referrals"), perm: access.AnswerReferrals, roles: answerReferrals},
	{pattern: "POST /api/v1/referrals/{id}/complete", path: "/api/v1/referrals/{referral}/complete", header: stale, body: map[string]string{"outcome": "Done"},
		scope: auth.Write("referrals"), perm: access.AnswerReferrals, roles: answerReferrals},
	{pattern: "POST /api/v1/referrals/{id}/no-show", path: "/api/v1/referrals/{referral}/no-show", header: stale,
		scope: auth.Write("referrals"), perm: access.AnswerReferrals, roles: answerReferrals},

	{pattern: "GET /api/v1/webhooks", path: "/api/v1/webhooks", scope: auth.Read("webhooks"), perm: access.ManageWebhooks, roles: manageWebhooks},
	// A webhook the rules refuse (422): the matrix creates nothing.
	{pattern: "POST /api/v1/webhooks", path: "/api/v1/webhooks", body: map[string]any{"url": "ftp://x"},
		scope: auth.Write("webhooks"), perm: access.ManageWebhooks, roles: manageWebhooks},
	{pattern: "GET /api/v1/webhooks/{id}", path: "/api/v1/webhooks/{webhook}", scope: auth.Read("webhooks"), perm: access.ManageWebhooks, roles: manageWebhooks},
	{pattern: "DELETE /api/v1/webhooks/{id}", path: "/api/v1/webhooks/{webhook}", header: stale,
		scope: auth.Write("webhooks"), perm: access.ManageWebhooks, roles: manageWebhooks},
	{pattern: "GET /api/v1/webhooks/{id}/deliveries", path: "/api/v1/webhooks/{webhook}/deliveries", scope: auth.Read("webhooks"),
		perm: access.ManageWebhooks, roles: manageWebhooks},
}

// TestAPIAccess sends every route's request as every role (with a token of
// the route's scope), with no token, an expired, a revoked token and one of
// another scope. Admin and supervisor tokens need a second factor: the test
// enrols TOTP for them as a user would, through auth's enrolment.
func TestAPIAccess(t *testing.T) {
	t.Parallel()
	rows := map[string]grant{}
	for _, g := range apiAccess {
		rows[g.pattern] = g
		if g.perm == "" {
			continue
		}
		var holders []access.Role
		for _, r := range access.Roles {
			if (access.Principal{UserID: 1, Role: r}).Can(g.perm) {
				holders = append(holders, r)
			}
		}
		if !sameRoles(holders, g.roles) {
			t.Errorf("%s: the table allows %v, the grants of %s give %v", g.pattern, g.roles, g.perm, holders)
		}
	}
	for _, p := range api.Patterns() {
		if _, ok := rows[p]; !ok {
			t.Errorf("%s has no row in the access matrix", p)
		}
		delete(rows, p)
	}
	for p := range rows {
		t.Errorf("%s is in the access matrix but not served", p)
	}
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newFullSite(t, d)
		for _, r := range []access.Role{access.Admin, access.Supervisor} {
			enrolTOTP(t, s, r)
		}
		ids := accessFixture(t, s, d)
		tokens := map[string]string{}
		tokenOf := func(r access.Role, sc auth.Scope) string {
			k := string(r) + " " + string(sc)
			if tokens[k] == "" {
				tokens[k] = s.token(r, sc)
			}
			return tokens[k]
		}
		expired, revoked := deadTokens(t, s, d)
		for _, g := range apiAccess {
			method, _, _ := strings.Cut(g.pattern, " ")
			path := g.path
			for k, v := range ids {
				path = strings.ReplaceAll(path, "{"+k+"}", v)
			}
			send := func(token string) int {
				return s.call(method, path, token, g.body, append([]string{badRequest, "1"}, g.header...)...).status
			}
			if g.scope == "" {
				for _, r := range tokenRoles() {
					if got := send(tokenOf(r, auth.Read("people"))); !through(got) {
						t.Errorf("%s as %s: %d, want a public answer", g.pattern, r, got)
					}
				}
				for name, tok := range map[string]string{"no": "", "an expired": expired, "a revoked": revoked} {
					if got := send(tok); !through(got) {
						t.Errorf("%s with %s token: %d, want a public answer", g.pattern, name, got)
					}
				}
				continue
			}
			for name, tok := range map[string]string{"no": "", "an expired": expired, "a revoked": revoked} {
				if got := send(tok); got != http.StatusUnauthorized {
					t.Errorf("%s with %s token: %d, want 401", g.pattern, name, got)
				}
			}
			if got := send(tokenOf(g.roles[0], otherScope(g.scope))); got != http.StatusForbidden {
				t.Errorf("%s as %s with scope %s: %d, want 403", g.pattern, g.roles[0], otherScope(g.scope), got)
			}
			for _, r := range tokenRoles() {
				got := send(tokenOf(r, g.scope))
				if want := slices.Contains(g.roles, r); through(got) != want || (!want && got != http.StatusForbidden) {
					t.Errorf("%s as %s: %d, allowed: %v", g.pattern, r, got, want)
				}
			}
		}
	})
}

// tokenRoles are the roles whose users may hold API tokens: the staff's;
// a migrant has their own area, and no token (auth.CreateToken refuses).
func tokenRoles() []access.Role {
	var out []access.Role
	for _, r := range access.Roles {
		if (access.Principal{UserID: 1, Role: r}).Can(access.StaffArea) {
			out = append(out, r)
		}
	}
	return out
}

// through reports whether a request got past the access rules to a real
// answer: a read, a lookup that found nothing, a refusal of its content
// or a stale precondition, not 401 or 403 (nor a failure).
func through(status int) bool {
	return status != http.StatusUnauthorized && status != http.StatusForbidden && status < 500
}

func sameRoles(a, b []access.Role) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// otherScope is a scope of another area than sc's.
func otherScope(sc auth.Scope) auth.Scope {
	if strings.HasPrefix(string(sc), "stats:") {
		return auth.Write("webhooks")
	}
	return auth.Write("stats")
}

// enrolTOTP gives the demo user of role a second factor, as the enrolment
// page does: a new secret, confirmed with a code of it.
func enrolTOTP(t *testing.T, s *site, role access.Role) {
	t.Helper()
	ctx := s.as(role)
	u, err := s.app.Users.UserByID(ctx, access.From(ctx).UserID)
	if err != nil {
		t.Fatal(err)
	}
	e, err := auth.NewEnrolment(u)
	if err != nil {
		t.Fatal(err)
	}
	code, err := totp.GenerateCode(e.Secret, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.app.Users.ConfirmEnrolment(ctx, u.ID, e.Secret, code); err != nil {
		t.Fatal(err)
	}
}

// deadTokens makes a consultant's token with every scope that has expired,
// and one that was revoked.
func deadTokens(t *testing.T, s *site, d *db.DB) (expired, revoked string) {
	t.Helper()
	var all []auth.Scope
	for _, a := range auth.Areas {
		all = append(all, auth.Write(a))
	}
	expired = s.token(access.Consultant, all...)
	if _, err := d.ExecContext(context.Background(), `UPDATE api_tokens SET expires_at = $1 WHERE prefix = $2`,
		time.Now().Add(-time.Minute), expired[:10]); err != nil {
		t.Fatal(err)
	}
	ctx := s.as(access.Consultant)
	tok, secret, err := s.app.Users.CreateToken(ctx, auth.TokenInput{Name: "revoked", Scopes: all,
		Expires: time.Now().AddDate(0, 1, 0).Format(time.DateOnly)})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.app.Users.RevokeToken(ctx, tok.ID); err != nil {
		t.Fatal(err)
	}
	return expired, secret
}

// accessFixture returns the ids of demo records the matrix's paths name.
func accessFixture(t *testing.T, s *site, d *db.DB) map[string]string {
	t.Helper()
	ids := map[string]string{"course": "1", "certificate": "NONE"}
	var code string
	if err := d.QueryRowContext(context.Background(), `SELECT code FROM certificates ORDER BY id LIMIT 1`).Scan(&code); err == nil {
		ids["certificate"] = code
	}
	if err := d.QueryRowContext(context.Background(), `SELECT reference FROM enrolments ORDER BY id LIMIT 1`).Scan(&code); err != nil {
		t.Fatal(err)
	}
	ids["application"] = code
	proposals, err := s.app.Council.Published(context.Background(), council.Filter{})
	if err != nil || len(proposals) == 0 {
		t.Fatal(proposals, err)
	}
	ids["proposal"] = proposals[0].Reference
	upcoming, past, err := s.app.Council.PublicMeetings(context.Background())
	if err != nil || len(upcoming)+len(past) == 0 {
		t.Fatal(err)
	}
	ids["meeting"] = fmt.Sprint(append(upcoming, past...)[0].ID)
	hits, err := s.app.People.Search(s.as(access.Consultant), "Əhmədi", 1)
	if err != nil || len(hits.Hits) == 0 {
		t.Fatal(hits, err)
	}
	ids["person"] = fmt.Sprint(hits.Hits[0].ID)
	list, err := s.app.Cases.Cases(s.as(access.Consultant), cases.Filter{})
	if err != nil || len(list) == 0 {
		t.Fatal(list, err)
	}
	ids["case"] = fmt.Sprint(list[0].ID)
	ids["report"], _ = openReport(t, s)
	referralFixture(t, s, 1)
	inbox, err := s.app.Cases.InboxAfter(s.as(access.PartnerOfficer), "sent", 0, 1)
	if err != nil || len(inbox) == 0 {
		t.Fatal(inbox, err)
	}
	ids["referral"] = fmt.Sprint(inbox[0].ID)
	var webhook int64
	if err := d.QueryRowContext(context.Background(), `SELECT COALESCE(min(id), 999999) FROM webhook_endpoints`).Scan(&webhook); err != nil {
		t.Fatal(err)
	}
	ids["webhook"] = fmt.Sprint(webhook)
	return ids
}
