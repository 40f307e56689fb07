package e2e

import (
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"inteqra/internal/demo"
	"inteqra/internal/i18n"
)

// enrolTOTP confirms the second factor the page on offer shows, right
// after a sign-in that requires one.
func (e *env) enrolTOTP() {
	e.t.Helper()
	code, err := totp.GenerateCode(e.text(".mfa-secret"), time.Now())
	if err != nil {
		e.t.Fatal(err)
	}
	e.fill("#code", code)
	e.submit(`form[action="/account/mfa"] button[type=submit]`)
}

// A consultant makes a token, sees its secret once and revokes it; every
// step passes axe and fits a phone.
func TestTokensJourney(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "en")
	shots := os.Getenv("INTEQRA_SCREENSHOTS") != ""
	if st := e.signIn(consultantEmail, demo.Password); st != http.StatusOK {
		t.Fatalf("sign in: status %d", st)
	}
	e.open("/account")
	if st := e.submit(`a[href="/account/tokens"]`); st != http.StatusOK {
		t.Fatalf("the account page's link to the tokens: status %d", st)
	}
	e.checkPages(t, "tokens", "consultant", "/account/tokens")

	// Refused: every problem in the summary, the form kept.
	eval[bool](e, `document.querySelector('form[action="/account/tokens"]').noValidate = true`)
	eval[bool](e, `(() => { document.getElementById("expires").value = ""; return true })()`)
	if st := e.submit(`form[action="/account/tokens"] button[type=submit]`); st != http.StatusUnprocessableEntity {
		t.Fatalf("an empty token form: status %d", st)
	}
	if n := eval[int](e, `document.querySelectorAll("#form-error .error-summary__list li").length`); n != 3 {
		t.Errorf("the error summary lists %d problems, want 3 (name, scopes, last day)", n)
	}
	checkA11y(t, e.ctx, "token form with errors")

	e.fill("#name", "Weekly report")
	eval[bool](e, `document.getElementById("scope-people-read").checked = true`)
	eval[bool](e, `(() => { document.getElementById("expires").value = "`+time.Now().AddDate(0, 0, 30).Format(time.DateOnly)+`"; return true })()`)
	if st := e.submit(`form[action="/account/tokens"] button[type=submit]`); st != http.StatusCreated {
		t.Fatalf("make a token: status %d", st)
	}
	secret := e.text(".token-secret")
	if !strings.HasPrefix(secret, "iqt_") {
		t.Fatalf("the secret shown is %q", secret)
	}
	checkA11y(t, e.ctx, "token made")
	if shots {
		e.viewport(320)
		e.shoot("tokens-made-320")
		e.viewport(1280)
		e.shoot("tokens-made-1280")
	}
	if _, _, err := e.app.Users.AuthenticateToken(e.ctx, secret, "127.0.0.1"); err != nil {
		t.Fatalf("the token shown does not work: %v", err)
	}
	e.open("/account/tokens")
	if e.exists(".token-secret") || strings.Contains(eval[string](e, `document.body.innerHTML`), secret) {
		t.Error("the secret shows a second time")
	}
	if st := e.submit(`form[action$="/revoke"] button[type=submit]`); st != http.StatusOK {
		t.Fatalf("revoke: status %d", st)
	}
	lang := i18n.Lang(e.htmlLang()) // the consultant's own language, not the browser's
	if got := e.text(`td[data-label="` + T(t, lang, "tokens.state") + `"]`); got != T(t, lang, "tokens.state.revoked") {
		t.Errorf("state after revoking: %q", got)
	}
	if _, _, err := e.app.Users.AuthenticateToken(e.ctx, secret, "127.0.0.1"); err == nil {
		t.Error("the revoked token still works")
	}
}

// An admin makes a partner system's service account and its token.
func TestServiceAccountPages(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "az")
	if st := e.signIn("admin@demo.inteqra.az", demo.Password); st != http.StatusOK || e.location().Path != "/account/mfa" {
		t.Fatalf("admin sign in: status %d on %s", st, e.location())
	}
	e.enrolTOTP()
	e.open("/admin/service-accounts/new")
	e.fill("#name", "Tərəfdaşın qəbul sistemi")
	eval[bool](e, `(() => { const s = document.getElementById("organisation"); s.selectedIndex = 1; return true })()`)
	if st := e.submit(`form[action="/admin/service-accounts"] button[type=submit]`); st != http.StatusOK || !strings.HasPrefix(e.location().Path, "/admin/service-accounts/") {
		t.Fatalf("make the service account: status %d on %s", st, e.location())
	}
	page := e.location().Path
	eval[bool](e, `document.getElementById("scope-referrals-write").checked = true`)
	e.fill("#name", "Qəbul")
	if st := e.submit(`form[action$="/tokens"] button[type=submit]`); st != http.StatusCreated || !strings.HasPrefix(e.text(".token-secret"), "iqt_") {
		t.Fatalf("make its token: status %d", st)
	}
	checkA11y(t, e.ctx, "service token made")
	e.checkPages(t, "service-accounts", "admin", "/admin/service-accounts", "/admin/service-accounts/new", page)
}

// The API reference in every language: axe clean, nothing wider than a phone.
func TestAPIDocsPage(t *testing.T) {
	t.Parallel()
	for _, lang := range i18n.Langs {
		t.Run(string(lang), func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, string(lang))
			e.open("/")
			e.switchLanguage(lang)
			e.checkPages(t, "api-docs", string(lang), "/api/docs")
			if got := e.text("h1"); got != T(t, lang, "api.docs.title") {
				t.Errorf("heading %q", got)
			}
			if !e.exists(`#problem-validation`) || !e.exists(`a[href="#op-acceptReferral"]`) {
				t.Error("the problem types or the contents are missing")
			}
		})
	}
}
