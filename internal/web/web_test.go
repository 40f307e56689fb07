package web_test

import (
	"context"
	"html/template"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"inteqra/internal/access"
	"inteqra/internal/app"
	"inteqra/internal/db/dbtest"
	"inteqra/internal/demo"
	"inteqra/internal/i18n"
	"inteqra/internal/storage"
)

// site is a running app on a fresh seeded database.
type site struct {
	t   *testing.T
	app *app.App
	srv *httptest.Server
}

func newSite(t *testing.T) *site {
	t.Helper()
	return newSeededSite(t, func(a *app.App) error {
		_, err := demo.Seed(context.Background(), a)
		return err
	})
}

// newSeededSite is a site on a database that seed fills.
func newSeededSite(t *testing.T, seed func(*app.App) error) *site {
	t.Helper()
	return newSiteAt(t, "http://example.test", seed)
}

// newSiteAt is a seeded site whose public address is baseURL.
func newSiteAt(t *testing.T, baseURL string, seed func(*app.App) error) *site {
	t.Helper()
	d := dbtest.SQLite(t)
	a, err := app.New(d, baseURL, storage.NewFolder(t.TempDir()), app.NewKeys())
	if err != nil {
		t.Fatal(err)
	}
	if err := seed(a); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a.Handler)
	t.Cleanup(srv.Close)
	return &site{t: t, app: a, srv: srv}
}

// startJobs works the site's background jobs until the test ends.
func (s *site) startJobs() {
	if err := s.app.Jobs.Start(context.Background()); err != nil {
		s.t.Fatal(err)
	}
	s.t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := s.app.Jobs.Stop(ctx); err != nil {
			s.t.Errorf("stop jobs: %v", err)
		}
	})
}

// client is a browser-like client with its own cookies that does not follow redirects.
type client struct {
	s  *site
	hc *http.Client
}

func (s *site) client() *client {
	jar, _ := cookiejar.New(nil)
	return &client{s: s, hc: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

type response struct {
	status   int
	body     string
	location string
	header   http.Header
}

func (c *client) do(method, path string, form url.Values, header ...string) response {
	c.s.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, c.s.srv.URL+path, body)
	if err != nil {
		c.s.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := c.hc.Do(req)
	if err != nil {
		c.s.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return response{status: res.StatusCode, body: string(b), location: res.Header.Get("Location"), header: res.Header}
}

func (c *client) get(path string, header ...string) response {
	return c.do("GET", path, nil, header...)
}
func (c *client) post(path string, form url.Values) response { return c.do("POST", path, form) }

var secretRE = regexp.MustCompile(`class="mfa-secret">([A-Z2-7]+)<`)

// signIn signs in as the demo user of role, enrolling TOTP when the role requires it.
func (c *client) signIn(role access.Role) {
	c.s.t.Helper()
	email := strings.ReplaceAll(string(role), "_", ".") + "@demo.inteqra.az"
	r := c.post("/login", url.Values{"email": {email}, "password": {demo.Password}})
	if r.status != http.StatusSeeOther {
		c.s.t.Fatalf("sign in as %s: status %d", role, r.status)
	}
	if !role.RequiresMFA() {
		return
	}
	r = c.get("/staff")
	if r.location != "/account/mfa" {
		c.s.t.Fatalf("%s without TOTP: redirected to %q, want /account/mfa", role, r.location)
	}
	m := secretRE.FindStringSubmatch(c.get("/account/mfa").body)
	if m == nil {
		c.s.t.Fatal("no TOTP secret on the enrolment page")
	}
	code, _ := totp.GenerateCode(m[1], time.Now())
	if r := c.post("/account/mfa", url.Values{"code": {code}}); r.status != http.StatusOK || !strings.Contains(r.body, "recovery-codes") {
		c.s.t.Fatalf("confirm TOTP: status %d", r.status)
	}
}

func htmlEscape(s string) string { return template.HTMLEscapeString(s) }

func langOf(s string) i18n.Lang { l, _ := i18n.Parse(s); return l }

func regexpMust(s string) *regexp.Regexp { return regexp.MustCompile(s) }
