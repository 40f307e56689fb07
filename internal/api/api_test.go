package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/api"
	"inteqra/internal/app"
	"inteqra/internal/auth"
	"inteqra/internal/cases"
	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"
	"inteqra/internal/demo"
	"inteqra/internal/i18n"
	"inteqra/internal/storage"
)

func TestMain(m *testing.M) {
	slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError})))
	os.Exit(m.Run())
}

// site is the app on a seeded database, served through the checker of
// openapi.yaml.
type site struct {
	t   *testing.T
	app *app.App
	srv *httptest.Server
}

func newSite(t *testing.T, d *db.DB) *site {
	t.Helper()
	return newSeededSite(t, d, func(a *app.App) error {
		_, err := demo.Seed(context.Background(), a)
		return err
	})
}

// newFullSite is the app on the full demo (without the years of history):
// the Council's proposals and meetings, the Action Plan and its reports.
func newFullSite(t *testing.T, d *db.DB) *site {
	t.Helper()
	return newSeededSite(t, d, func(a *app.App) error {
		_, _, err := demo.SeedFull(context.Background(), a, 0)
		return err
	})
}

func newSeededSite(t *testing.T, d *db.DB, seed func(*app.App) error) *site {
	t.Helper()
	a, err := app.New(d, "http://api.test", storage.NewFolder(t.TempDir()), app.NewKeys())
	if err != nil {
		t.Fatal(err)
	}
	if err := seed(a); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(checked{t: t, handler: a.Handler})
	t.Cleanup(srv.Close)
	return &site{t: t, app: a, srv: srv}
}

// as returns the context of the demo user of role.
func (s *site) as(role access.Role) context.Context {
	s.t.Helper()
	ctx := access.With(context.Background(), access.System())
	users, err := s.app.Users.Users(ctx)
	if err != nil {
		s.t.Fatal(err)
	}
	for _, u := range users {
		if u.Email == demo.Email(role) {
			return access.With(context.Background(), u.Principal())
		}
	}
	s.t.Fatalf("no demo %s", role)
	return nil
}

// token makes a personal token of the demo user of role with scopes.
func (s *site) token(role access.Role, scopes ...auth.Scope) string {
	s.t.Helper()
	_, secret, err := s.app.Users.CreateToken(s.as(role), auth.TokenInput{Name: "test", Scopes: scopes,
		Expires: time.Now().AddDate(0, 1, 0).Format(time.DateOnly)})
	if err != nil {
		s.t.Fatal(err)
	}
	return secret
}

type answer struct {
	status int
	header http.Header
	body   []byte
}

func (a answer) json(t testing.TB) map[string]any { return jsonOf(t, a.body) }

// call makes a request; header holds pairs of names and values.
func (s *site) call(method, path, token string, body any, header ...string) answer {
	s.t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, s.srv.URL+path, rd)
	if err != nil {
		s.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return answer{status: res.StatusCode, header: res.Header, body: b}
}

func (s *site) get(path, token string, header ...string) answer {
	s.t.Helper()
	return s.call("GET", path, token, nil, header...)
}

func wantStatus(t testing.TB, a answer, want int) {
	t.Helper()
	if a.status != want {
		t.Fatalf("status %d, want %d\n%s", a.status, want, a.body)
	}
}

func TestPublicEndpoints(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		res := s.get("/api/v1/courses", "")
		wantStatus(t, res, http.StatusOK)
		list := res.json(t)["data"].([]any)
		if len(list) == 0 {
			t.Fatal("no courses")
		}
		first := list[0].(map[string]any)
		id := int64(first["id"].(float64))
		one := s.get(fmt.Sprint("/api/v1/courses/", id), "")
		wantStatus(t, one, http.StatusOK)
		if one.json(t)["title"].(map[string]any)["az"] == "" {
			t.Error("course without an Azerbaijani title")
		}
		// A read again with its ETag is not sent again.
		again := s.get(fmt.Sprint("/api/v1/courses/", id), "", "If-None-Match", one.header.Get("ETag"))
		wantStatus(t, again, http.StatusNotModified)

		// Unknown things are problems in the language asked for.
		for _, c := range []struct{ lang, title string }{{"az", "Tapılmadı"}, {"en", "Not found"}, {"ru-RU,ru;q=0.9", "Не найдено"}} {
			res := s.get("/api/v1/courses/999999", "", "Accept-Language", c.lang)
			wantStatus(t, res, http.StatusNotFound)
			if got := res.json(t)["title"]; got != c.title || res.header.Get("Content-Type") != "application/problem+json" {
				t.Errorf("%s: title %q, type %q", c.lang, got, res.header.Get("Content-Type"))
			}
		}
		wantStatus(t, s.get("/api/v1/courses/abc", "", badRequest, "1"), http.StatusNotFound)
		wantStatus(t, s.get("/api/v1/certificates/NO-SUCH-CODE", ""), http.StatusNotFound)
		wantStatus(t, s.get("/api/v1/certificates/"+strings.Repeat("A", 500), ""), http.StatusNotFound)
		wantStatus(t, s.get("/api/v1/nothing", ""), http.StatusNotFound)
		spec := s.get("/api/v1/openapi.yaml", "")
		wantStatus(t, spec, http.StatusOK)
		if !strings.HasPrefix(string(spec.body), "openapi: 3.1") {
			t.Errorf("spec starts %.20q", spec.body)
		}
	})
}

func TestTokens(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		read := s.token(access.Consultant, auth.Read("people"))
		wantStatus(t, s.get("/api/v1/persons?q=Əhmədi", read), http.StatusOK)
		// No token, a made-up one, a session's scheme, the wrong scope, a
		// role that does not read the registry.
		for name, c := range map[string]struct {
			token  string
			header []string
			want   int
		}{
			"none":      {"", nil, http.StatusUnauthorized},
			"unknown":   {"iqt_" + strings.Repeat("x", 32), nil, http.StatusUnauthorized},
			"not ours":  {"ghp_abc", nil, http.StatusUnauthorized},
			"scheme":    {"", []string{"Authorization", "Basic dXNlcjpwYXNz"}, http.StatusUnauthorized},
			"scope":     {s.token(access.Consultant, auth.Read("cases")), nil, http.StatusForbidden},
			"role":      {s.token(access.Analyst, auth.Read("people")), nil, http.StatusForbidden},
			"write has": {s.token(access.Consultant, auth.Write("people")), nil, http.StatusOK},
		} {
			header := append([]string{badRequest, "1"}, c.header...)
			if got := s.get("/api/v1/persons?q=Əhmədi", c.token, header...); got.status != c.want {
				t.Errorf("%s: %d, want %d: %s", name, got.status, c.want, got.body)
			}
		}
		// A revoked token and an expired one stop at once.
		ctx := s.as(access.Consultant)
		tokens, err := s.app.Users.Tokens(ctx, access.From(ctx).UserID)
		if err != nil || len(tokens) == 0 {
			t.Fatal(tokens, err)
		}
		if err := s.app.Users.RevokeToken(ctx, tokens[len(tokens)-1].ID); err != nil {
			t.Fatal(err)
		}
		wantStatus(t, s.get("/api/v1/persons?q=Əhmədi", read), http.StatusUnauthorized)
		expired := s.token(access.Consultant, auth.Read("people"))
		if _, err := d.ExecContext(context.Background(), `UPDATE api_tokens SET expires_at = $1 WHERE prefix = $2`,
			time.Now().Add(-time.Minute), expired[:10]); err != nil {
			t.Fatal(err)
		}
		wantStatus(t, s.get("/api/v1/persons?q=Əhmədi", expired), http.StatusUnauthorized)
		// An admin's token needs a second factor.
		if _, _, err := s.app.Users.CreateToken(s.as(access.Admin), auth.TokenInput{Name: "x", Scopes: []auth.Scope{auth.Read("people")},
			Expires: time.Now().AddDate(0, 1, 0).Format(time.DateOnly)}); !i18n.HasProblem(err, "tokens.error.mfa") {
			t.Errorf("admin without TOTP made a token: %v", err)
		}
		// A form's rules: all problems at once.
		_, _, err = s.app.Users.CreateToken(ctx, auth.TokenInput{Scopes: []auth.Scope{"people:admin"}, Expires: "2099-01-01"})
		if got := i18n.ProblemKeys(err); len(got) != 3 {
			t.Errorf("problems %v", got)
		}
	})
}

func TestPersons(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		tok := s.token(access.Consultant, auth.Read("people"))
		// Cross-script: the Cyrillic spelling finds the Latin record.
		res := s.get("/api/v1/persons?q="+"Ахмади", tok)
		wantStatus(t, res, http.StatusOK)
		hits := res.json(t)["data"].([]any)
		if len(hits) == 0 {
			t.Fatal("no hits")
		}
		id := int64(hits[0].(map[string]any)["id"].(float64))
		res = s.get(fmt.Sprint("/api/v1/persons/", id), tok)
		wantStatus(t, res, http.StatusOK)
		rid := res.header.Get("X-Request-Id")
		// The view is audited, and so is the token's use, under the
		// request's id.
		var actions []string
		rows, err := d.QueryContext(context.Background(), `SELECT action FROM audit_events WHERE request_id = $1 ORDER BY seq`, rid)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var a string
			_ = rows.Scan(&a)
			actions = append(actions, a)
		}
		rows.Close()
		if strings.Join(actions, ",") != "api.request,person.view" {
			t.Errorf("audited %v", actions)
		}
		wantStatus(t, s.get("/api/v1/persons/99999999", tok), http.StatusNotFound)
		over := s.get("/api/v1/persons?q="+strings.Repeat("a", 400), tok, badRequest, "1")
		wantStatus(t, over, http.StatusUnprocessableEntity)
		if errs := over.json(t)["errors"].([]any); errs[0].(map[string]any)["field"] != "q" {
			t.Errorf("errors %v", errs)
		}
	})
}

// referralFixture sends n referrals to the demo partner's organisation.
func referralFixture(t *testing.T, s *site, n int) {
	t.Helper()
	ctx := s.as(access.Consultant)
	list, err := s.app.Cases.Cases(ctx, cases.Filter{})
	if err != nil || len(list) == 0 {
		t.Fatal(list, err)
	}
	org := access.From(s.as(access.PartnerOfficer)).OrgID
	for i := range n {
		if _, err := s.app.Cases.Refer(ctx, list[0].ID, cases.ReferralInput{OrganisationID: org, Domain: "work",
			Need: fmt.Sprint("Need ", i), DueOn: time.Now().AddDate(0, 0, 10).Format(time.DateOnly)}); err != nil {
			t.Fatal(err)
		}
	}
}

func TestReferrals(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		referralFixture(t, s, 23)
		tok := s.token(access.PartnerOfficer, auth.Write("referrals"))
		// Every page, through next, without repeats or gaps.
		seen := map[float64]bool{}
		next := "/api/v1/referrals?limit=5"
		pages := 0
		for next != "" {
			res := s.get(strings.TrimPrefix(next, "http://api.test"), tok)
			wantStatus(t, res, http.StatusOK)
			m := res.json(t)
			for _, r := range m["data"].([]any) {
				id := r.(map[string]any)["id"].(float64)
				if seen[id] {
					t.Fatalf("%v twice", id)
				}
				seen[id] = true
			}
			next, _ = m["next"].(string)
			pages++
		}
		if len(seen) != 23 || pages != 5 {
			t.Fatalf("%d referrals in %d pages", len(seen), pages)
		}
		wantStatus(t, s.get("/api/v1/referrals?limit=500", tok, badRequest, "1"), http.StatusUnprocessableEntity)
		wantStatus(t, s.get("/api/v1/referrals?cursor=!!", tok), http.StatusBadRequest)
		wantStatus(t, s.get("/api/v1/referrals?state=lost", tok, badRequest, "1"), http.StatusUnprocessableEntity)

		res := s.get("/api/v1/referrals?limit=1", tok)
		one := res.json(t)["data"].([]any)[0].(map[string]any)
		path := fmt.Sprintf("/api/v1/referrals/%v", one["id"])
		read := s.get(path, tok)
		wantStatus(t, read, http.StatusOK)
		tag := read.header.Get("ETag")
		// Without If-Match: 428; with a stale one: 412; nothing changes.
		wantStatus(t, s.call("POST", path+"/accept", tok, nil, badRequest, "1"), http.StatusPreconditionRequired)
		wantStatus(t, s.call("POST", path+"/accept", tok, nil, "If-Match", `"stale"`), http.StatusPreconditionFailed)
		if got := s.get(path, tok).json(t)["state"]; got != "sent" {
			t.Fatalf("state %v after refused answers", got)
		}
		// Accepted once, with a key; the retry replays the answer.
		first := s.call("POST", path+"/accept", tok, nil, "If-Match", tag, "Idempotency-Key", "accept-1")
		wantStatus(t, first, http.StatusOK)
		retry := s.call("POST", path+"/accept", tok, nil, "If-Match", tag, "Idempotency-Key", "accept-1")
		wantStatus(t, retry, http.StatusOK)
		if retry.header.Get("Idempotent-Replayed") != "true" || !bytes.Equal(first.body, retry.body) {
			t.Errorf("retry not replayed: %s", retry.header)
		}
		// The same key with another request is refused.
		wantStatus(t, s.call("POST", path+"/complete", tok, map[string]string{"outcome": "Done"}, "If-Match", first.header.Get("ETag"),
			"Idempotency-Key", "accept-1"), http.StatusUnprocessableEntity)
		// Completing needs an outcome; the problem names the field.
		res = s.call("POST", path+"/complete", tok, map[string]string{"outcome": " "}, "If-Match", first.header.Get("ETag"))
		wantStatus(t, res, http.StatusUnprocessableEntity)
		if f := res.json(t)["errors"].([]any)[0].(map[string]any)["field"]; f != "outcome" {
			t.Errorf("field %v", f)
		}
		res = s.call("POST", path+"/complete", tok, map[string]string{"outcome": "Found a job."}, "If-Match", first.header.Get("ETag"))
		wantStatus(t, res, http.StatusOK)
		if m := res.json(t); m["state"] != "completed" || m["answer"] != "Found a job." {
			t.Errorf("completed: %v", m)
		}
		// Unknown fields and bodies that are not JSON are refused.
		wantStatus(t, s.call("POST", path+"/decline", tok, map[string]string{"why": "x"}, "If-Match", "*", badRequest, "1"), http.StatusBadRequest)
		// A reader cannot answer.
		reader := s.token(access.PartnerOfficer, auth.Read("referrals"))
		wantStatus(t, s.call("POST", path+"/decline", reader, map[string]string{"reason": "x"}, "If-Match", "*"), http.StatusForbidden)
		// Another organisation's officer does not see it.
		wantStatus(t, s.get(path, s.token(access.Consultant, auth.Read("referrals"))), http.StatusForbidden)
	})
}

func TestRateLimit(t *testing.T) {
	t.Parallel()
	d := dbtest.SQLite(t)
	s := newSite(t, d)
	a := s.app
	limited := apiWithLimits(t, a, api.Limits{PerToken: 3, PerAddr: 6})
	tok := s.token(access.Consultant, auth.Read("people"))
	var last answer
	for range 4 {
		last = limited.get("/api/v1/persons?q=Əhmədi", tok)
	}
	wantStatus(t, last, http.StatusTooManyRequests)
	if last.header.Get("Retry-After") == "" || last.header.Get("X-RateLimit-Remaining") != "0" {
		t.Errorf("headers %v", last.header)
	}
	// The address is counted before any token is looked at: guessing
	// tokens is slowed as well.
	for range 3 {
		last = limited.get("/api/v1/persons?q=x", "iqt_guess", badRequest, "1")
	}
	wantStatus(t, last, http.StatusTooManyRequests)
}

// apiWithLimits serves the API of a with limits.
func apiWithLimits(t *testing.T, a *app.App, limits api.Limits) *site {
	h := api.New(api.Config{DB: a.DB, Catalog: a.Catalog, Users: a.Users, People: a.People, Training: a.Training, Cases: a.Cases,
		Council: a.Council, Strategy: a.Strategy, Stats: a.Stats, BaseURL: "http://api.test",
		Limits: limits}).Handler()
	srv := httptest.NewServer(checked{t: t, handler: h})
	t.Cleanup(srv.Close)
	return &site{t: t, app: a, srv: srv}
}
