package e2e

import (
	"fmt"
	"net/http"
	"testing"

	"inteqra/internal/demo"
	"inteqra/internal/i18n"
)

// checkLanguage asserts that the loaded page is in lang: <html lang>, the
// heading selected by h1 (the catalogue's text of key), the title and the
// switcher's current button.
func (e *env) checkLanguage(lang i18n.Lang, h1, key string) {
	e.t.Helper()
	t := e.t
	if got := e.htmlLang(); got != string(lang) {
		t.Errorf("%s: <html lang> = %q, want %q", e.location().Path, got, lang)
	}
	if got, want := e.text(h1), T(t, lang, key); got != want {
		t.Errorf("%s in %s: heading = %q, want %q", e.location().Path, lang, got, want)
	}
	wantTitle := T(t, lang, key) + " · " + T(t, lang, "app.name")
	if key == "home.heading" {
		wantTitle = T(t, lang, "home.title") + " · " + T(t, lang, "app.name")
	}
	if got := eval[string](e, `document.title`); got != wantTitle {
		t.Errorf("%s in %s: title = %q, want %q", e.location().Path, lang, got, wantTitle)
	}
	current := eval[[]string](e, `[...document.querySelectorAll('form.lang-switch button[aria-current="true"]')].map(b => b.value)`)
	if len(current) != 1 || current[0] != string(lang) {
		t.Errorf("%s in %s: switcher marks %v as current, want [%s]", e.location().Path, lang, current, lang)
	}
}

// Switching language on a public page keeps the page (path and query) and
// changes its language and text.
func TestLanguageSwitchKeepsPageAndChangesText(t *testing.T) {
	t.Parallel()
	pages := []struct {
		path, h1, key string
	}{
		{"/", "#home-title", "home.heading"},
		{"/login?next=%2Fstaff", "main h1", "login.title"},
	}
	for _, p := range pages {
		t.Run(p.path, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, "az")
			if st := e.open(p.path); st != http.StatusOK {
				t.Fatalf("GET %s: status %d", p.path, st)
			}
			e.checkLanguage(i18n.AZ, p.h1, p.key)
			for _, lang := range []i18n.Lang{i18n.EN, i18n.RU, i18n.AZ} {
				e.switchLanguage(lang)
				if got := e.location().RequestURI(); got != p.path {
					t.Errorf("after switching to %s the browser is on %s, want %s", lang, got, p.path)
				}
				e.checkLanguage(lang, p.h1, p.key)
			}
		})
	}
}

// A first visit follows Accept-Language; the switcher's choice is kept in a
// cookie and wins over Accept-Language on the next page loads.
func TestLanguageFromAcceptLanguageAndRemembered(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "ru-RU,ru;q=0.9,en;q=0.5")

	if st := e.open("/"); st != http.StatusOK {
		t.Fatalf("GET /: status %d", st)
	}
	e.checkLanguage(i18n.RU, "#home-title", "home.heading")
	if _, ok := e.cookies()["lang"]; ok {
		t.Errorf("a lang cookie was set before the visitor chose a language")
	}

	e.switchLanguage(i18n.EN)
	e.checkLanguage(i18n.EN, "#home-title", "home.heading")
	c, ok := e.cookies()["lang"]
	if !ok {
		t.Fatal("no lang cookie after choosing English")
	}
	if c.Value != "en" || c.Path != "/" || c.Session || !c.HTTPOnly {
		t.Errorf("lang cookie = %s=%s path %s session %v httpOnly %v; want en, path /, persistent, HttpOnly",
			c.Name, c.Value, c.Path, c.Session, c.HTTPOnly)
	}

	// The browser still asks for Russian; the remembered choice wins, on
	// this page and on the next.
	for _, p := range []struct{ path, h1, key string }{
		{"/login", "main h1", "login.title"},
		{"/", "#home-title", "home.heading"},
	} {
		if st := e.open(p.path); st != http.StatusOK {
			t.Fatalf("GET %s: status %d", p.path, st)
		}
		e.checkLanguage(i18n.EN, p.h1, p.key)
	}

	// Other Accept-Language values, each on a fresh visitor.
	for _, tc := range []struct {
		header string
		want   i18n.Lang
	}{
		{"en-GB,en;q=0.9", i18n.EN},
		{"az-Latn-AZ", i18n.AZ},
		{"de-DE,fr;q=0.8", i18n.AZ}, // nothing we speak: the default
	} {
		t.Run(fmt.Sprintf("Accept-Language=%s", tc.header), func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, tc.header)
			e.open("/login")
			e.checkLanguage(tc.want, "main h1", "login.title")
		})
	}
}

// A signed-in consultant switches to Russian for a visitor: the switcher
// and ?lang= both win over the profile at once and are kept in it.
func TestLanguageSwitchWhenSignedIn(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "az")
	if st := e.signIn("consultant@demo.inteqra.az", demo.Password); st != http.StatusOK {
		t.Fatalf("sign in: status %d", st)
	}
	if got := e.htmlLang(); got != "az" {
		t.Fatalf("after sign-in: <html lang> = %q, want az (the profile)", got)
	}
	e.switchLanguage(i18n.RU)
	if got := e.htmlLang(); got != "ru" {
		t.Errorf("after the switch: <html lang> = %q, want ru", got)
	}
	e.open("/cases")
	if got := e.htmlLang(); got != "ru" {
		t.Errorf("the next page: <html lang> = %q, want ru kept in the profile", got)
	}
	e.open("/cases?lang=en")
	if got := e.htmlLang(); got != "en" {
		t.Errorf("?lang=en: <html lang> = %q, want en", got)
	}
	e.open("/staff")
	if got := e.htmlLang(); got != "en" {
		t.Errorf("after ?lang=en: <html lang> = %q, want en kept", got)
	}
}
