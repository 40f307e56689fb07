package e2e

import (
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"inteqra/internal/demo"
	"inteqra/internal/i18n"
)

// axe-core finds no serious or critical violation on the public home, the
// sign-in page (also with its error) and the staff home, in every language.
func TestAccessibility(t *testing.T) {
	t.Parallel()
	for _, lang := range i18n.Langs {
		t.Run(string(lang), func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, string(lang))
			page := func(name string) string { return name + "/" + string(lang) }
			wantLang := func(where string) {
				t.Helper()
				if got := e.htmlLang(); got != string(lang) {
					t.Fatalf("%s: <html lang> = %q, want %q", where, got, lang)
				}
			}

			if st := e.open("/"); st != http.StatusOK {
				t.Fatalf("GET /: status %d", st)
			}
			wantLang("home")
			checkA11y(t, e.ctx, page("home"))
			for _, path := range []string{"/services", "/council", "/strategy", "/privacy", "/accessibility"} {
				if st := e.open(path); st != http.StatusOK {
					t.Fatalf("GET %s: status %d", path, st)
				}
				wantLang(path)
				checkA11y(t, e.ctx, page(strings.TrimPrefix(path, "/")))
			}

			if st := e.open("/login"); st != http.StatusOK {
				t.Fatalf("GET /login: status %d", st)
			}
			wantLang("sign-in")
			checkA11y(t, e.ctx, page("sign-in"))

			if st := e.signIn(consultantEmail, "wrong"); st != http.StatusUnauthorized {
				t.Fatalf("wrong password: status %d", st)
			}
			wantLang("sign-in with error")
			checkA11y(t, e.ctx, page("sign-in-error"))

			if st := e.signIn(consultantEmail, demo.Password); st != http.StatusOK || e.location().Path != "/staff" {
				t.Fatalf("sign in: status %d on %s", st, e.location())
			}
			if lang != i18n.AZ { // the consultant's profile says az
				e.switchLanguage(lang)
			}
			if p := e.location().Path; p != "/staff" {
				t.Fatalf("staff home in %s: on %s", lang, p)
			}
			wantLang("staff home")
			checkA11y(t, e.ctx, page("staff-home"))
		})
	}
}

// overflowJS lists the elements that reach past the viewport's right edge,
// to say what makes a page scroll sideways.
const overflowJS = `(() => {
	const w = document.documentElement.clientWidth, out = [];
	for (const el of document.querySelectorAll("body *")) {
		const r = el.getBoundingClientRect();
		if (r.width > 0 && Math.round(r.right) > w) {
			let sel = el.tagName.toLowerCase();
			if (el.id) sel += "#" + el.id;
			if (el.classList.length) sel += "." + [...el.classList].join(".");
			out.push(sel + " right=" + Math.round(r.right) + " width=" + Math.round(r.width));
		}
	}
	return out.slice(0, 15);
})()`

// On a 320 px wide screen (WCAG 1.4.10 Reflow) the home page and the sign-in
// page do not scroll sideways.
func TestNarrowScreenNoHorizontalScroll(t *testing.T) {
	t.Parallel()
	for _, lang := range i18n.Langs {
		t.Run(string(lang), func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, string(lang))
			e.viewport(320)
			for _, path := range []string{"/", "/login", "/services", "/council", "/strategy", "/privacy", "/accessibility"} {
				if st := e.open(path); st != http.StatusOK {
					t.Fatalf("GET %s: status %d", path, st)
				}
				if w := eval[int](e, `window.innerWidth`); w != 320 {
					t.Fatalf("viewport is %d px wide, want 320", w)
				}
				if sw := eval[int](e, `document.documentElement.scrollWidth`); sw > 320 {
					wide := eval[[]string](e, overflowJS)
					t.Errorf("%s in %s at 320 px: document.documentElement.scrollWidth = %d > 320; elements past the edge:\n  %s",
						path, lang, sw, strings.Join(wide, "\n  "))
				}
			}
		})
	}
}

// On a phone the portal's navigation folds behind a menu button that says
// whether it is open; on a wide screen the links show and the button does not.
func TestHeaderMenuOnPhone(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "az")
	shown := func(sel string) bool {
		return eval[bool](e, fmt.Sprintf(`(() => { const el = document.querySelector(%s);
			return !!el && el.offsetParent !== null && el.getBoundingClientRect().height > 0; })()`, strconv.Quote(sel)))
	}
	e.viewport(320)
	if st := e.open("/"); st != http.StatusOK {
		t.Fatalf("GET /: status %d", st)
	}
	if !shown(".site-menu-button") || shown(".site-nav__list") {
		t.Fatalf("at 320 px: menu button shown %t, links shown %t; want the button and no links", shown(".site-menu-button"), shown(".site-nav__list"))
	}
	if got := eval[string](e, `document.querySelector(".site-menu-button").getAttribute("aria-expanded")`); got != "false" {
		t.Errorf("closed menu: aria-expanded = %q, want false", got)
	}
	e.run("open the menu", chromedp.Click(chromedp.CSS(".site-menu-button")))
	if !shown(".site-nav__list") {
		t.Fatal("the menu button did not open the navigation")
	}
	if got := eval[string](e, `document.querySelector(".site-menu-button").getAttribute("aria-expanded")`); got != "true" {
		t.Errorf("open menu: aria-expanded = %q, want true", got)
	}
	if sw := eval[int](e, `document.documentElement.scrollWidth`); sw > 320 {
		t.Errorf("open menu at 320 px: page is %d px wide", sw)
	}
	checkA11y(t, e.ctx, "menu-open/az")
	if st := e.submit(`.site-nav__list a[href="/services"]`); st != http.StatusOK {
		t.Fatalf("the menu's link: status %d", st)
	}
	if p := e.location().Path; p != "/services" {
		t.Errorf("the menu's link went to %s, want /services", p)
	}
	e.viewport(1280)
	e.open("/")
	if shown(".site-menu-button") || !shown(".site-nav__list") {
		t.Errorf("at 1280 px: menu button shown %t, links shown %t; want the links only", shown(".site-menu-button"), shown(".site-nav__list"))
	}
}

// Back-office pages the first review found too wide: nothing reaches past
// the screen at 1280 or 320 px, and the coordinator's accept button stays
// in view on a wide screen.
func TestBackOfficeFitsTheScreen(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		email string
		paths []string
	}{
		{consultantEmail, []string{"/staff", "/cases", "/cases/1", "/people"}},
		{coordinatorEmail, []string{"/staff", "/training/applications", "/training"}},
	} {
		e := newEnv(t, "az")
		if st := e.signIn(tt.email, demo.Password); st != http.StatusOK {
			t.Fatalf("sign in as %s: status %d", tt.email, st)
		}
		for _, width := range []int64{1280, 320} {
			e.viewport(width)
			for _, path := range tt.paths {
				if st := e.open(path); st != http.StatusOK {
					t.Fatalf("GET %s: status %d", path, st)
				}
				if sw := eval[int](e, `document.documentElement.scrollWidth`); int64(sw) > width {
					t.Errorf("%s at %d px is %d px wide:\n  %s", path, width, sw, strings.Join(eval[[]string](e, overflowJS), "\n  "))
				}
				if path == "/training/applications" && width == 1280 {
					right := eval[float64](e, `document.querySelector(".applications-table button[type=submit]").getBoundingClientRect().right`)
					if right > float64(width) {
						t.Errorf("the accept button ends at %.0f px, past the %d px screen", right, width)
					}
				}
			}
		}
	}
}

// checkPages opens each path at 1280 px and at 320 px: each must answer
// 200, be no wider than the screen and, at 1280 px, pass axe. With
// INTEQRA_SCREENSHOTS set, each is saved as name-who_path-width.png.
func (e *env) checkPages(t *testing.T, name, who string, paths ...string) {
	t.Helper()
	shots := os.Getenv("INTEQRA_SCREENSHOTS") != ""
	if shots {
		if err := os.MkdirAll(screenshotDir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, width := range []int64{1280, 320} {
		e.viewport(width)
		for _, path := range paths {
			if st := e.open(path); st != http.StatusOK {
				t.Fatalf("%s %s GET %s: status %d", name, who, path, st)
			}
			if sw := eval[int](e, `document.documentElement.scrollWidth`); int64(sw) > width {
				t.Errorf("%s %s %s at %d px is %d px wide:\n  %s", name, who, path, width, sw, strings.Join(eval[[]string](e, overflowJS), "\n  "))
			}
			if width == 1280 {
				checkA11y(t, e.ctx, fmt.Sprintf("%s %s %s", name, who, path))
			}
			if shots {
				e.shoot(fmt.Sprintf("%s-%s%s-%d", name, who, strings.NewReplacer("/", "_", "?", "_", "=", "_").Replace(path), width))
			}
		}
	}
	e.viewport(1280)
}
