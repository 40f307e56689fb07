package web

import (
	"crypto/ed25519"
	htmltemplate "html/template"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"inteqra/internal/audit"
	"inteqra/internal/auth"
	"inteqra/internal/auth/authtest"
	"inteqra/internal/db/dbtest"
	"inteqra/internal/i18n"
	"inteqra/internal/orgs"
)

func newServer(t *testing.T) *Server {
	t.Helper()
	d := dbtest.SQLite(t)
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(Config{DB: d, Catalog: cat, Users: authtest.NewStore(t, d), Orgs: orgs.NewStore(d), Audit: audit.NewStore(d, ed25519.NewKeyFromSeed(make([]byte, ed25519.SeedSize))),
		Sessions: auth.NewSessionStore(d), BaseURL: "https://inteqra.example.az", Registry: prometheus.NewRegistry()})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestPanicBecomesErrorPage checks that a panic gives the 500 page in the
// visitor's language with the request id, and no internal detail.
func TestPanicBecomesErrorPage(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	h := withRequestID(s.session.LoadAndSave(s.withPrincipal(s.withRecover(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		panic("secret internal detail")
	})))))
	req := httptest.NewRequest("GET", "/boom", nil)
	req.Header.Set("Accept-Language", "ru")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	body := rec.Body.String()
	id := rec.Header().Get("X-Request-Id")
	want := htmlEscape(s.catalog.Printer(i18n.RU).T("error.internal"))
	if rec.Code != http.StatusInternalServerError || !strings.Contains(body, want) || !strings.Contains(body, id) {
		t.Errorf("status %d; body lacks the Russian message or the request id %q", rec.Code, id)
	}
	if strings.Contains(body, "secret internal detail") {
		t.Error("the panic's detail reached the page")
	}
}

// TestHSTSBehindTLS checks that an https base URL turns on HSTS and Secure cookies.
func TestHSTSBehindTLS(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if !strings.Contains(rec.Header().Get("Strict-Transport-Security"), "max-age=") {
		t.Error("no HSTS header behind TLS")
	}
	if !s.session.Cookie.Secure {
		t.Error("session cookie is not Secure behind TLS")
	}
}

func htmlEscape(s string) string { return htmltemplate.HTMLEscapeString(s) }

func TestLogsCarryRequestID(t *testing.T) {
	t.Parallel()
	var buf strings.Builder
	log := slog.New(LogHandler(slog.NewTextHandler(&buf, nil)))
	h := withRequestID(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		log.InfoContext(r.Context(), "hello")
	}))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if id := rec.Header().Get("X-Request-Id"); id == "" || !strings.Contains(buf.String(), "request_id="+id) {
		t.Errorf("log %q lacks the request id %q", buf.String(), id)
	}
}
