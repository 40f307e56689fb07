package e2e

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"
)

// axeSource is the vendored axe-core (testdata/axe.min.js, 4.14.1).
var axeSource = sync.OnceValues(func() ([]byte, error) { return os.ReadFile("testdata/axe.min.js") })

// axeViolation is the part of an axe result the report needs.
type axeViolation struct {
	ID      string `json:"id"`
	Impact  string `json:"impact"`
	Help    string `json:"help"`
	HelpURL string `json:"helpUrl"`
	Nodes   []struct {
		Target  []any  `json:"target"` // selectors; nested arrays across shadow roots
		HTML    string `json:"html"`
		Summary string `json:"summary"`
	} `json:"nodes"`
}

// axeRun runs axe on the whole document and keeps what the report needs.
const axeRun = `axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.map(v => ({
	id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
	nodes: v.nodes.map(n => ({target: n.target, html: n.html, summary: n.failureSummary})),
})))`

// checkA11y runs axe-core on the page loaded in the tab ctx and fails the
// test on every violation of impact serious or critical, listing the rule,
// its impact and help and the selectors of the offending nodes. Moderate and
// minor violations are logged only.
//
// axe is injected with Runtime.evaluate, which the page's Content Security
// Policy does not govern, so the app's CSP needs no hole for the test.
func checkA11y(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	src, err := axeSource()
	if err != nil {
		t.Fatalf("a11y %s: read axe-core: %v", name, err)
	}
	loaded, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`typeof window.axe === "object"`))
	if err != nil {
		t.Fatalf("a11y %s: %v", name, err)
	}
	if !loaded {
		if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](string(src))); err != nil {
			t.Fatalf("a11y %s: inject axe-core: %v", name, err)
		}
	}
	violations, err := chromedp.Run(ctx, chromedp.Evaluate[[]axeViolation](axeRun, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("a11y %s: run axe-core: %v", name, err)
	}
	var serious []string
	for _, v := range violations {
		line := formatViolation(v)
		switch v.Impact {
		case "serious", "critical":
			serious = append(serious, line)
		default:
			t.Logf("a11y %s: %s (not failing: impact %s)", name, line, v.Impact)
		}
	}
	if len(serious) > 0 {
		t.Errorf("a11y %s: axe-core found %d serious or critical violation(s):\n%s",
			name, len(serious), strings.Join(serious, "\n"))
	}
}

func formatViolation(v axeViolation) string {
	var b strings.Builder
	fmt.Fprintf(&b, "- %s [%s]: %s (%s)", v.ID, v.Impact, v.Help, v.HelpURL)
	for _, n := range v.Nodes {
		fmt.Fprintf(&b, "\n    at %s", selectorOf(n.Target))
		if n.HTML != "" {
			fmt.Fprintf(&b, "\n       %s", n.HTML)
		}
		if n.Summary != "" {
			fmt.Fprintf(&b, "\n       %s", strings.ReplaceAll(n.Summary, "\n", "\n       "))
		}
	}
	return b.String()
}

// selectorOf joins an axe target: a list of selectors, where a nested list
// steps into a shadow root or an iframe.
func selectorOf(target []any) string {
	parts := make([]string, 0, len(target))
	for _, p := range target {
		switch p := p.(type) {
		case string:
			parts = append(parts, p)
		case []any:
			parts = append(parts, selectorOf(p))
		default:
			parts = append(parts, fmt.Sprint(p))
		}
	}
	return strings.Join(parts, " >> ")
}
