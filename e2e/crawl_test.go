package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/pquerna/otp/totp"

	"inteqra/internal/access"
	"inteqra/internal/app"
	"inteqra/internal/demo"
	"inteqra/internal/i18n"
)

// crawlLimit bounds the pages one role's crawl opens: the crawl opens one page
// of each kind (see pageKind), and the back office has fewer kinds than this.
const crawlLimit = 120

// skippedPath matches links the crawl does not follow: files (they are not
// pages), signing out, and the language switch (it changes the profile).
var skippedPath = regexp.MustCompile(`\.(xlsx|csv|pdf|json|png|svg|ico|js|css)$|/download|/file$|^/logout|^/lang|^/static/`)

// digits stands for the ids in a path, so /cases/1 and /cases/2 are one kind.
var digits = regexp.MustCompile(`/\d+`)

// pageKind is what makes two links the same kind of page: the path with its
// ids blanked and the names of its query parameters.
func pageKind(u *url.URL) string {
	keys := make([]string, 0, len(u.Query()))
	for k := range u.Query() {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return digits.ReplaceAllString(u.Path, "/N") + "?" + strings.Join(keys, "&")
}

// shots are the kinds of page the crawl photographs when INTEQRA_SCREENSHOTS=1:
// the records, whose layout a person should look at.
var shots = map[string]bool{"/people/N?": true, "/cases/N?": true, "/cases/N/plan?": true, "/cases/N/tasks?": true}

// crawledPage is one page the crawl opened: its path, and the HTML the server
// sent (for the HTML checker), not the document after scripts ran.
type crawledPage struct {
	Path string
	HTML string
}

// scrolledJS lists the scrollable table containers whose table is wider than
// they are: on a wide screen every column, actions included, is in view.
const scrolledJS = `[...document.querySelectorAll(".usa-table-container--scrollable")]
	.filter(el => el.scrollWidth > el.clientWidth + 1)
	.map(el => (el.getAttribute("aria-label") || el.className) + " (" + el.scrollWidth + " > " + el.clientWidth + " px)")`

// linksJS lists the page's links to the app, with fragments removed.
const linksJS = `[...document.querySelectorAll("a[href]")]
	.map(a => new URL(a.getAttribute("href"), location.href))
	.filter(u => u.origin === location.origin)
	.map(u => u.pathname + u.search)`

// fetchJS fetches a path with the tab's cookies and returns its status, its
// content type and, for HTML, its text.
const fetchJS = `fetch(%q, {redirect: "manual"}).then(async r => ({
	status: r.status, type: r.headers.get("Content-Type") || "",
	text: (r.headers.get("Content-Type") || "").startsWith("text/html") ? await r.text() : ""}))`

type fetchResult struct {
	Status int    `json:"status"`
	Type   string `json:"type"`
	Text   string `json:"text"`
}

// crawl walks the app breadth-first from start, one page of each kind, and
// for every page checks that it answers 200 and fits the screen at 1280 and
// at 320 px. It returns the pages it opened.
func (e *env) crawl(start ...string) []crawledPage {
	e.t.Helper()
	seen := map[string]bool{}
	queue := slices.Clone(start)
	var pages []crawledPage
	e.open(start[0]) // fetch needs a page of the app to resolve paths and send cookies
	for len(queue) > 0 && len(pages) < crawlLimit {
		path := queue[0]
		queue = queue[1:]
		u, err := url.Parse(path)
		if err != nil || skippedPath.MatchString(u.Path) || u.Query().Has("lang") || seen[pageKind(u)] {
			continue
		}
		seen[pageKind(u)] = true
		f, err := chromedp.Run(e.ctx, chromedp.Evaluate[fetchResult](fmt.Sprintf(fetchJS, path), chromedp.EvalAwaitPromise))
		if err != nil {
			e.fatal("fetch "+path, err)
		}
		if !strings.HasPrefix(f.Type, "text/html") {
			continue // a download behind a link with no file name
		}
		if f.Status != http.StatusOK {
			e.t.Errorf("%s: a link leads to %s, which answers %d", e.location().Path, path, f.Status)
			continue
		}
		e.viewport(1280)
		if st := e.open(path); st != http.StatusOK {
			e.t.Errorf("GET %s: status %d", path, st)
			continue
		}
		pages = append(pages, crawledPage{Path: path, HTML: f.Text})
		for _, width := range []int64{1280, 320} {
			e.viewport(width)
			if shots[pageKind(u)] && os.Getenv(envScreenshots) == "1" {
				e.shoot(fmt.Sprintf("record%s-%d", strings.NewReplacer("/", "-", "?", "").Replace(pageKind(u)), width))
			}
			if sw := eval[int](e, `document.documentElement.scrollWidth`); int64(sw) > width {
				e.t.Errorf("%s at %d px is %d px wide; past the edge:\n  %s", path, width, sw, strings.Join(eval[[]string](e, overflowJS), "\n  "))
			}
			if width == 1280 {
				checkA11y(e.t, e.ctx, path+" in "+e.htmlLang())
				if hidden := eval[[]string](e, scrolledJS); len(hidden) > 0 {
					e.t.Errorf("%s at 1280 px hides part of a table behind a scroll bar: %s", path, strings.Join(hidden, ", "))
				}
			}
		}
		queue = append(queue, eval[[]string](e, linksJS)...)
	}
	return pages
}

// signInAs signs in as role's demo account, enrolling the second factor
// when the role needs one.
func (e *env) signInAs(email string) {
	e.t.Helper()
	if st := e.signIn(email, demo.Password); st != http.StatusOK {
		e.t.Fatalf("sign in as %s: status %d", email, st)
	}
	if e.location().Path != "/account/mfa" {
		return
	}
	code, err := totp.GenerateCode(e.text(".mfa-secret"), time.Now())
	if err != nil {
		e.t.Fatal(err)
	}
	e.fill("#code", code)
	if st := e.submit(`form[action="/account/mfa"] button[type=submit]`); st != http.StatusOK {
		e.t.Fatalf("enrol %s's second factor: status %d", email, st)
	}
}

// Every page a user can reach by following links, as each role and as the
// public in every language, answers 200, is no wider than the screen at 1280
// and at 320 px, hides no table column behind a scroll bar at 1280 px and
// passes axe-core; with INTEQRA_VNU_JAR set (CI), the Nu HTML Checker finds
// no error in the HTML of any of them.
//
// It runs alone, before the package's parallel tests start: it is the
// longest, and sharing the browser with them would starve both.
func TestEveryPageFitsTheScreen(t *testing.T) {
	e := newEnvSeeded(t, "az", 45*time.Minute, func(a *app.App) error {
		_, _, err := demo.SeedFull(context.Background(), a, 40)
		return err
	})
	var pages []crawledPage
	for _, lang := range i18n.Langs {
		public := e.otherTab()
		public.setAcceptLanguage(string(lang))
		pages = append(pages, public.crawl("/")...)
	}
	logins, err := demo.Seed(context.Background(), e.app) // the accounts, already made
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range logins {
		if l.Role == access.Migrant {
			continue // no self-service area yet
		}
		tab := e.otherTab()
		tab.signInAs(l.Email)
		pages = append(pages, tab.crawl("/staff")...)
		if l.Role == access.Consultant || l.Role == access.Coordinator {
			// The two busiest desks also in the other languages (Russian
			// has the longest words); the rest in their profile's.
			for _, lang := range []i18n.Lang{i18n.RU, i18n.EN} {
				tab.switchLanguage(lang)
				pages = append(pages, tab.crawl("/staff")...)
			}
		}
	}
	t.Logf("crawled %d pages", len(pages))
	if missing := e.app.Catalog.Problems(); len(missing) > 0 {
		t.Errorf("the pages used catalogue keys that are missing or broken:\n  %s", strings.Join(missing, "\n  "))
	}
	if jar := os.Getenv("INTEQRA_VNU_JAR"); jar != "" {
		checkHTML(t, jar, pages)
	}
}

// checkHTML runs the Nu HTML Checker over pages and fails on every error
// it reports.
func checkHTML(t *testing.T, jar string, pages []crawledPage) {
	t.Helper()
	dir := t.TempDir()
	names := map[string]string{}
	for i, p := range pages {
		name := filepath.Join(dir, fmt.Sprintf("page%03d.html", i))
		names[name] = p.Path
		if err := os.WriteFile(name, []byte(p.HTML), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	out, err := exec.Command("java", "-jar", jar, "--errors-only", "--format", "json", "--exit-zero-always", dir).CombinedOutput()
	if err != nil {
		t.Fatalf("vnu: %v\n%s", err, out)
	}
	var report struct {
		Messages []struct {
			URL     string `json:"url"`
			Type    string `json:"type"`
			Message string `json:"message"`
			Extract string `json:"extract"`
			Line    int    `json:"lastLine"`
		} `json:"messages"`
	}
	if err := json.Unmarshal(out, &report); err != nil {
		t.Fatalf("vnu's report: %v\n%s", err, out)
	}
	for _, m := range report.Messages {
		path := names[filepath.Clean(strings.TrimPrefix(m.URL, "file:"))]
		t.Errorf("HTML checker, %s line %d: %s: %s\n  %s", path, m.Line, m.Type, m.Message, m.Extract)
	}
}
