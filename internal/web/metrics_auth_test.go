package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"inteqra/internal/access"
	"inteqra/internal/auth"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
)

// TestAccountThrottleCounted: issue 12 item 9. When an account is attacked
// from many addresses, a sign-in to it is slowed from every address, and
// /metrics counts it so that operators see the attack.
func TestAccountThrottleCounted(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	ctx := access.With(context.Background(), access.System())
	const email, pw = "aysel@example.az", "correct horse battery"
	if _, err := s.users.CreateUser(ctx, auth.UserInput{Email: email, Name: "Aysel", Role: access.Consultant, Active: true}, pw, false); err != nil {
		t.Fatal(err)
	}
	counter := func() float64 {
		t.Helper()
		mfs, err := s.cfg.Registry.Gather()
		if err != nil {
			t.Fatal(err)
		}
		for _, mf := range mfs {
			if mf.GetName() == "inteqra_auth_account_throttled_total" {
				return mf.GetMetric()[0].GetCounter().GetValue()
			}
		}
		t.Fatal("inteqra_auth_account_throttled_total is not registered")
		return 0
	}
	login := func() *httptest.ResponseRecorder {
		req := httptest.NewRequest("POST", "/login", strings.NewReader(url.Values{"email": {email}, "password": {pw}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		w := httptest.NewRecorder()
		s.Handler().ServeHTTP(w, req)
		return w
	}
	// An attack in progress: failures from many addresses, a few each.
	fail := func(n int) {
		for i := range n {
			if _, err := s.db.ExecContext(ctx, `INSERT INTO login_failures (email, addr, at) VALUES ($1, $2, $3)`,
				email, fmt.Sprintf("198.51.100.%d", i%250), db.Now()); err != nil {
				t.Fatal(err)
			}
		}
	}
	fail(auth.AccountFreeAttempts - 1)
	if w := login(); w.Code != http.StatusSeeOther || counter() != 0 {
		t.Fatalf("below the account limit: status %d, counter %v; want 303, 0", w.Code, counter())
	}
	fail(1)
	w := login()
	want := s.catalog.Printer(i18n.AZ).T("auth.error.throttled", "Minutes", 1)
	if w.Code != http.StatusUnauthorized || !strings.Contains(w.Body.String(), want) {
		t.Errorf("at the account limit: status %d, want 401 with %q", w.Code, want)
	}
	if got := counter(); got != 1 {
		t.Errorf("inteqra_auth_account_throttled_total = %v, want 1", got)
	}
}
