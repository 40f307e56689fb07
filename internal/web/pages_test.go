package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"inteqra/internal/access"
	"inteqra/internal/audit"
	"inteqra/internal/demo"
	"inteqra/internal/i18n"
)

func TestLanguageChoice(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	cat := s.app.Catalog
	heading := func(l i18n.Lang) string { return htmlEscape(cat.Printer(l).T("home.heading")) }

	c := s.client()
	if r := c.get("/"); !strings.Contains(r.body, `<html lang="az"`) || !strings.Contains(r.body, heading(i18n.AZ)) {
		t.Error("a first visit without Accept-Language is not in Azerbaijani")
	}
	if r := c.get("/", "Accept-Language", "ru-RU,ru;q=0.9,en;q=0.5"); !strings.Contains(r.body, `<html lang="ru"`) || !strings.Contains(r.body, heading(i18n.RU)) {
		t.Error("a first visit with Accept-Language ru is not in Russian")
	}
	// The switcher returns to the same page and the cookie wins over the header.
	r := c.post("/lang", url.Values{"lang": {"en"}, "next": {"/login?next=%2Fstaff"}})
	if r.status != http.StatusSeeOther || r.location != "/login?next=%2Fstaff" {
		t.Errorf("switch: %d to %q, want 303 back to the same page", r.status, r.location)
	}
	if r := c.get("/", "Accept-Language", "ru"); !strings.Contains(r.body, heading(i18n.EN)) {
		t.Error("the chosen language was not remembered")
	}
	// An outside address is never a redirect target.
	if r := c.post("/lang", url.Values{"lang": {"ru"}, "next": {"//evil.example/"}}); r.location != "/" {
		t.Errorf("switch with an outside next went to %q, want /", r.location)
	}

	// ?lang= in the address is a choice too, remembered for the next page.
	v := s.client()
	if r := v.get("/courses?lang=ru"); !strings.Contains(r.body, `<html lang="ru"`) {
		t.Error("?lang=ru did not give Russian at once")
	}
	if r := v.get("/courses"); !strings.Contains(r.body, `<html lang="ru"`) {
		t.Error("?lang=ru was not remembered")
	}
	// A signed-in user's ?lang= wins over the profile at once and is saved.
	signed := s.client()
	signed.signIn(access.Coordinator)
	if r := signed.get("/staff?lang=ru"); !strings.Contains(r.body, `<html lang="ru"`) {
		t.Error("a signed-in ?lang=ru did not win over the profile")
	}
	if r := signed.get("/staff"); !strings.Contains(r.body, `<html lang="ru"`) {
		t.Error("a signed-in ?lang=ru was not saved in the profile")
	}

	// A signed-in user's choice goes into the profile and follows them.
	c.signIn(access.Consultant)
	c.post("/lang", url.Values{"lang": {"ru"}, "next": {"/staff"}})
	other := s.client()
	other.signIn(access.Consultant)
	if r := other.get("/staff"); !strings.Contains(r.body, `<html lang="ru"`) {
		t.Error("the profile language was not used on another device")
	}
}

func TestSignIn(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	p := s.app.Catalog.Printer(i18n.AZ)
	c := s.client()
	r := c.post("/login", url.Values{"email": {"consultant@demo.inteqra.az"}, "password": {"wrong password"}})
	if r.status != http.StatusUnauthorized || !strings.Contains(r.body, htmlEscape(p.T("auth.error.bad_credentials"))) {
		t.Errorf("wrong password: status %d, want 401 with the message", r.status)
	}
	if r := c.get("/staff"); r.status != http.StatusSeeOther {
		t.Errorf("after a failed sign-in /staff gave %d, want a redirect to sign in", r.status)
	}
	for range 4 {
		c.post("/login", url.Values{"email": {"consultant@demo.inteqra.az"}, "password": {"wrong password"}})
	}
	r = c.post("/login", url.Values{"email": {"consultant@demo.inteqra.az"}, "password": {demo.Password}})
	if r.status != http.StatusUnauthorized || !strings.Contains(r.body, htmlEscape(p.T("auth.error.throttled", "Minutes", 1))) {
		t.Errorf("after 5 failures: status %d, want the slow-down message", r.status)
	}

	// Every failure is in the audit log.
	events, err := s.app.Audit.Events(access.With(context.Background(), access.System()), audit.Filter{Action: "auth."})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, e := range events {
		seen[e.Action]++
	}
	if seen["auth.login_failed"] != 5 || seen["auth.login_throttled"] != 1 {
		t.Errorf("audit log holds %v, want 5 failures and 1 throttled attempt", seen)
	}

	// The address is slowed down too, so the rest runs on a fresh site.
	s = newSite(t)
	c = s.client()
	c.post("/login", url.Values{"email": {"auditor@demo.inteqra.az"}, "password": {"wrong password"}})
	c.signIn(access.Auditor)
	if r := c.get("/staff"); r.status != http.StatusOK || !strings.Contains(r.body, "Fidan Nağıyeva") {
		t.Errorf("staff home: status %d", r.status)
	}
	if r := c.post("/logout", url.Values{}); r.status != http.StatusSeeOther {
		t.Errorf("sign out: %d", r.status)
	}
	if r := c.get("/staff"); r.status != http.StatusSeeOther {
		t.Errorf("after sign-out /staff gave %d, want a redirect", r.status)
	}
	// Signing in, out and failing are all in the audit log.
	c.signIn(access.Auditor)
	r = c.get("/audit")
	pr := s.app.Catalog.Printer(i18n.AZ)
	for _, action := range []string{"auth.login_failed", "auth.login", "auth.logout"} {
		if name := htmlEscape(pr.T("audit.action." + action)); !strings.Contains(r.body, "<td>"+name+"</td>") {
			t.Errorf("audit log does not show %s as %q", action, name)
		}
	}
	if r := c.post("/audit/verify", url.Values{}); !strings.Contains(r.body, "usa-alert--success") {
		t.Error("the audit chain does not verify")
	}
}

func TestAdminCreatesUserWhoMustChangePassword(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	admin := s.client()
	admin.signIn(access.Admin)
	bad := admin.post("/admin/users", url.Values{"email": {"not an address"}, "name": {"X"}, "role": {"analyst"}})
	if bad.status != http.StatusUnprocessableEntity {
		t.Errorf("bad e-mail: status %d, want 422", bad.status)
	}
	r := admin.post("/admin/users", url.Values{"email": {"Nigar@Example.az"}, "name": {"Nigar Əhmədova"}, "role": {"analyst"}, "active": {"on"}, "language": {"en"}})
	if r.status != http.StatusCreated {
		t.Fatalf("create: status %d", r.status)
	}
	m := passwordRE.FindStringSubmatch(r.body)
	if m == nil {
		t.Fatal("the temporary password is not shown")
	}
	u := s.client()
	if r := u.post("/login", url.Values{"email": {"nigar@example.az"}, "password": {m[1]}}); r.status != http.StatusSeeOther {
		t.Fatalf("sign in with the temporary password: %d", r.status)
	}
	if r := u.get("/staff"); r.location != "/account/password" {
		t.Fatalf("first page went to %q, want /account/password", r.location)
	}
	r = u.post("/account/password", url.Values{"current": {m[1]}, "new": {"my own passphrase"}, "confirm": {"my own passphrase"}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("change password: %d", r.status)
	}
	if r := u.get("/staff"); r.status != http.StatusOK || !strings.Contains(r.body, `<html lang="en"`) {
		t.Errorf("staff home after the change: %d", r.status)
	}
}

var passwordRE = regexpMust(`class="temp-password">([a-z0-9]+)<`)

func TestSecurityHeadersAndCrossOrigin(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	c := s.client()
	r := c.get("/")
	for h, want := range map[string]string{
		"Content-Security-Policy": "frame-ancestors 'none'",
		"X-Content-Type-Options":  "nosniff",
		"Referrer-Policy":         "same-origin",
	} {
		if !strings.Contains(r.header.Get(h), want) {
			t.Errorf("%s = %q, want it to contain %q", h, r.header.Get(h), want)
		}
	}
	if strings.Contains(r.header.Get("Content-Security-Policy"), "unsafe-inline") {
		t.Error("CSP allows unsafe-inline")
	}
	// A form posted from another site is refused before it does anything.
	x := c.do("POST", "/login", url.Values{"email": {"a@b.az"}, "password": {"x"}}, "Sec-Fetch-Site", "cross-site")
	if x.status != http.StatusForbidden {
		t.Errorf("cross-site POST: status %d, want 403", x.status)
	}
	if r := c.get("/no/such/page"); r.status != http.StatusNotFound || !strings.Contains(r.body, "<html") {
		t.Errorf("unknown page: status %d, want the 404 page", r.status)
	}
	big := strings.Repeat("x", 2<<20)
	if r := c.post("/login", url.Values{"email": {big}}); r.status < 400 {
		t.Errorf("2 MB form: status %d, want it refused", r.status)
	}
}

func TestOperations(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	c := s.client()
	if r := c.get("/healthz"); r.status != http.StatusOK {
		t.Errorf("healthz: %d", r.status)
	}
	if r := c.get("/readyz"); r.status != http.StatusOK {
		t.Errorf("readyz: %d %s", r.status, r.body)
	}
	if r := c.get("/static/app.css"); r.header.Get("Cache-Control") != "public, max-age=3600" {
		t.Errorf("static file: Cache-Control %q, want it cacheable", r.header.Get("Cache-Control"))
	}
	if r := c.get("/verify"); r.header.Get("Cache-Control") != "no-store" {
		t.Errorf("public page: Cache-Control %q, want no-store", r.header.Get("Cache-Control"))
	}
	c.get("/")
	// Metrics are never on the public address (the app serves them on
	// INTEQRA_METRICS_ADDR only); signed in or not, /metrics is not found.
	if r := c.get("/metrics"); r.status != http.StatusNotFound || strings.Contains(r.body, "inteqra_http_requests_total") {
		t.Errorf("public /metrics: status %d, want 404 without metrics", r.status)
	}
	rec := httptest.NewRecorder()
	s.app.Metrics.ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	r := response{status: rec.Code, body: rec.Body.String()}
	for _, want := range []string{`inteqra_http_requests_total{method="GET",route="GET /{$}",status="200"}`, "inteqra_db_open_connections", "inteqra_http_request_duration_seconds"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

// TestConcurrentLanguages renders pages in three languages at once; no
// request may get another's language.
func TestConcurrentLanguages(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	var wg sync.WaitGroup
	for i := range 30 {
		lang := i18n.Langs[i%3]
		wg.Go(func() {
			r := s.client().get("/", "Accept-Language", string(lang))
			want := htmlEscape(s.app.Catalog.Printer(lang).T("home.heading"))
			if !strings.Contains(r.body, want) {
				t.Errorf("page for %s lacks %q", lang, want)
			}
		})
	}
	wg.Wait()
}
