package e2e

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// pageProblems collects what goes wrong while a page loads: console errors,
// uncaught exceptions, browser log errors (CSP violations, failed loads),
// failed requests and HTTP errors for any resource.
type pageProblems struct {
	mu       sync.Mutex
	problems []string
	urls     map[network.RequestID]string
	loaded   []string // paths of the resources that loaded
}

func (p *pageProblems) add(format string, args ...any) {
	p.problems = append(p.problems, fmt.Sprintf(format, args...))
}

// handle runs in the tab's event loop: it must be quick and send no command.
func (p *pageProblems) handle(ev any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
			var args []string
			for _, a := range ev.Args {
				if a.Value != nil {
					args = append(args, string(a.Value))
				} else {
					args = append(args, a.Description)
				}
			}
			p.add("console.%s: %s", ev.Type, strings.Join(args, " "))
		}
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		msg := d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			msg += " " + d.Exception.Description
		}
		p.add("uncaught exception at %s:%d: %s", d.URL, d.LineNumber+1, msg)
	case *log.EventEntryAdded:
		if ev.Entry.Level == log.EntryLevelError {
			p.add("browser log (%s): %s %s", ev.Entry.Source, ev.Entry.Text, ev.Entry.URL)
		}
	case *network.EventRequestWillBeSent:
		p.urls[ev.RequestID] = ev.Request.URL
	case *network.EventLoadingFailed:
		p.add("request failed: %s (%s): %s%s", p.urls[ev.RequestID], ev.Type, ev.ErrorText, blocked(ev))
	case *network.EventResponseReceived:
		u, _ := url.Parse(ev.Response.URL)
		if ev.Response.Status >= 400 {
			kind := "resource"
			if u != nil && strings.HasPrefix(u.Path, "/static/") {
				kind = "static file"
			}
			p.add("%s %s: HTTP %d", kind, ev.Response.URL, ev.Response.Status)
		} else if u != nil {
			p.loaded = append(p.loaded, u.Path)
		}
	}
}

func blocked(ev *network.EventLoadingFailed) string {
	if ev.BlockedReason != "" {
		return " (blocked: " + string(ev.BlockedReason) + ")"
	}
	return ""
}

// The home page loads without a console error and without a failed request.
func TestHomePageLoadsCleanly(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "az")
	p := &pageProblems{urls: map[network.RequestID]string{}}
	if err := chromedp.Listen(e.ctx, p.handle); err != nil {
		e.fatal("listen", err)
	}
	if st := e.open("/"); st != http.StatusOK {
		t.Fatalf("GET /: status %d", st)
	}
	// Web fonts may still be loading after the load event; wait for them,
	// then for the deferred scripts' work (uswds-init drops usa-js-loading
	// on load).
	fonts, err := chromedp.Run(e.ctx, chromedp.Evaluate[[]string](
		`document.fonts.ready.then(fs => [...fs].filter(f => f.status === "loaded").map(f => f.family + " " + f.weight + " " + f.style))`,
		chromedp.EvalAwaitPromise))
	if err != nil {
		e.fatal("wait for fonts", err)
	}
	if eval[bool](e, `document.documentElement.classList.contains("usa-js-loading")`) {
		t.Errorf("<html> still has usa-js-loading after the load event: USWDS's script did not run")
	}
	if eval[string](e, `typeof window.htmx`) != "object" {
		t.Errorf("htmx did not load")
	}
	if len(fonts) == 0 {
		t.Errorf("no web font loaded: the page falls back to system fonts")
	}
	// The stylesheets applied: app.css sets Noto Sans on the body.
	if ff := eval[string](e, `getComputedStyle(document.body).fontFamily`); !strings.Contains(ff, "Noto Sans") {
		t.Errorf("body font-family = %q: the stylesheets did not apply", ff)
	}

	p.mu.Lock()
	defer p.mu.Unlock()
	for _, want := range []string{"/static/vendor/uswds/css/uswds.min.css", "/static/app.css", "/static/vendor/uswds/js/uswds.min.js", "/static/app.js"} {
		found := false
		for _, l := range p.loaded {
			found = found || l == want
		}
		if !found {
			t.Errorf("%s was not loaded", want)
		}
	}
	if len(p.problems) > 0 {
		t.Errorf("the home page had %d problem(s) while loading:\n  %s", len(p.problems), strings.Join(p.problems, "\n  "))
	}
	t.Logf("fonts loaded: %v", fonts)
}
