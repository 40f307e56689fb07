package e2e

import (
	"net/http"
	"slices"
	"testing"

	"inteqra/internal/demo"
	"inteqra/internal/i18n"
)

// A wrong password shows the catalogue's message and signs nobody in.
func TestWrongPasswordShowsMessageAndSignsNobodyIn(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "az")

	if st := e.signIn(consultantEmail, "not-the-password"); st != http.StatusUnauthorized {
		t.Errorf("wrong password: status %d, want %d", st, http.StatusUnauthorized)
	}
	if p := e.location().Path; p != "/login" {
		t.Errorf("wrong password: on %s, want /login", p)
	}
	want := T(t, i18n.AZ, "auth.error.bad_credentials")
	if got := e.text(".error-summary__list"); got != want {
		t.Errorf("error alert = %q, want %q", got, want)
	}
	if role := eval[string](e, `document.querySelector(".usa-alert--error").getAttribute("role")`); role != "alert" {
		t.Errorf("error alert has role %q, want alert (so screen readers announce it)", role)
	}
	// The message is tied to the field it is about, and app.js moves the
	// focus to it so keyboard and screen-reader users meet it first.
	described := eval[[]string](e, `(() => {
		const ids = (document.getElementById("email").getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
		return ids.map(id => { const el = document.getElementById(id); return el ? el.textContent.trim() : "MISSING #" + id; });
	})()`)
	if !slices.Contains(described, want) {
		t.Errorf("#email aria-describedby resolves to %q, want it to include the error message %q", described, want)
	}
	if !eval[bool](e, `document.activeElement === document.querySelector(".usa-alert--error")`) {
		t.Errorf("focus is on %s, want the error alert", eval[string](e, `document.activeElement.outerHTML.slice(0, 80)`))
	}
	if got := eval[string](e, `document.getElementById("email").value`); got != consultantEmail {
		t.Errorf("e-mail field = %q after the failed attempt, want it kept: %q", got, consultantEmail)
	}
	if got := eval[string](e, `document.getElementById("password").value`); got != "" {
		t.Errorf("password field kept its value after the failed attempt")
	}
	if e.exists(".site-user") || e.exists(".site-signout") {
		t.Errorf("the header shows a signed-in user after a failed sign-in")
	}

	// An unknown address gets the very same message: nothing tells which
	// addresses have accounts.
	if st := e.signIn("nobody@demo.inteqra.az", demo.Password); st != http.StatusUnauthorized {
		t.Errorf("unknown e-mail: status %d, want %d", st, http.StatusUnauthorized)
	}
	if got := e.text(".error-summary__list"); got != want {
		t.Errorf("unknown e-mail: error alert = %q, want %q", got, want)
	}

	// Nobody is signed in: the staff home sends the browser to sign in.
	if st := e.open("/staff"); st != http.StatusOK {
		t.Errorf("GET /staff after the failed attempts: final status %d, want 200 (the sign-in page)", st)
	}
	loc := e.location()
	if loc.Path != "/login" {
		t.Fatalf("GET /staff after a failed sign-in landed on %s, want /login", loc)
	}
	if next := loc.Query().Get("next"); next != "/staff" {
		t.Errorf("sign-in page has next=%q, want /staff", next)
	}
	if got, want := e.text("main h1"), T(t, i18n.AZ, "login.title"); got != want {
		t.Errorf("h1 = %q, want %q", got, want)
	}
	if e.exists(".usa-alert--error") {
		t.Errorf("the sign-in page reached from /staff still shows the error of the failed attempt")
	}
}

// A correct sign-in lands on the staff home, which greets the user by name.
func TestConsultantSignInLandsOnStaffHome(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "az")

	if st := e.signIn(consultantEmail, demo.Password); st != http.StatusOK {
		t.Fatalf("sign in: status %d on %s, want 200", st, e.location())
	}
	if p := e.location().Path; p != "/staff" {
		t.Fatalf("sign in landed on %s, want /staff", p)
	}
	// The consultant's profile language is az (demo.go), whatever the browser says.
	if got := e.htmlLang(); got != "az" {
		t.Errorf("<html lang> = %q, want az", got)
	}
	if got, want := e.text("main h1"), T(t, i18n.AZ, "staff.welcome", "Name", consultantName); got != want {
		t.Errorf("h1 = %q, want %q", got, want)
	}
	if got := e.text(".site-user"); got != consultantName {
		t.Errorf("header shows %q, want the user's name %q", got, consultantName)
	}
	if got, want := e.text(`.site-nav a[aria-current="page"]`), T(t, i18n.AZ, "nav.staff_home"); got != want {
		t.Errorf("current navigation item = %q, want %q", got, want)
	}
	c, ok := e.cookies()["inteqra_session"]
	if !ok {
		t.Fatal("no session cookie after signing in")
	}
	if !c.HTTPOnly || c.SameSite != "Lax" {
		t.Errorf("session cookie: HttpOnly=%v SameSite=%q, want HttpOnly and Lax", c.HTTPOnly, c.SameSite)
	}

	// Reloading keeps the session.
	e.open("/staff")
	if p := e.location().Path; p != "/staff" {
		t.Errorf("reload of /staff landed on %s", p)
	}
	// /login sends a signed-in user home.
	e.open("/login")
	if p := e.location().Path; p != "/staff" {
		t.Errorf("GET /login while signed in landed on %s, want /staff", p)
	}
}
