package e2e

import (
	"context"
	"net/http"
	"os"
	"strconv"
	"testing"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/app"
	"inteqra/internal/demo"
	"inteqra/internal/i18n"
	"inteqra/internal/stats"
)

const analystEmail = "analyst@demo.inteqra.az"

// TestDashboardsAccessible opens every dashboard on the full demo in az, en
// and ru, a year broken down by sex and crossed with age, and runs axe on
// each; the charts are drawn and nothing is wider than a 320 px screen.
func TestDashboardsAccessible(t *testing.T) {
	t.Parallel()
	shots := os.Getenv("INTEQRA_SCREENSHOTS") == "1"
	if shots {
		if err := os.MkdirAll(screenshotDir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, lang := range i18n.Langs {
		t.Run(string(lang), func(t *testing.T) {
			t.Parallel()
			e := newEnvSeeded(t, string(lang), testTimeout, func(a *app.App) error {
				_, _, err := demo.SeedFull(context.Background(), a, 40)
				return err
			})
			if _, err := e.app.Stats.Refresh(access.With(context.Background(), access.System())); err != nil {
				t.Fatal(err)
			}
			if st := e.signIn(analystEmail, demo.Password); st != http.StatusOK {
				t.Fatalf("analyst signs in: status %d", st)
			}
			e.switchLanguage(lang)
			year := strconv.Itoa(i18n.DayOf(time.Now()).Year())
			e.viewport(1280)
			for _, d := range stats.Dashboards {
				path := "/dashboards/" + d.Code + "?kind=year&value=" + year + "&by=sex&by2=age"
				if st := e.open(path); st != http.StatusOK {
					t.Fatalf("GET %s: status %d", path, st)
				}
				checkA11y(t, e.ctx, path+" "+string(lang))
				for _, p := range []string{path, "/dashboards/" + d.Code + "?kind=year&value=" + year} {
					e.open(p)
					if hidden := eval[[]string](e, scrolledJS); len(hidden) > 0 {
						t.Errorf("%s at 1280 px in %s hides part of a table behind a scroll bar: %v", p, lang, hidden)
					}
				}
				e.open(path)
				if n := eval[int](e, `document.querySelectorAll('main svg[role="img"]').length`); n < len(d.Figures) {
					t.Errorf("%s %s: %d charts for %d figures", lang, d.Code, n, len(d.Figures))
				}
				if shots && lang != i18n.RU {
					e.shoot("dashboard-" + d.Code + "-" + string(lang) + "-1280")
				}
			}
			e.viewport(320)
			e.open("/dashboards/programme?kind=year&value=" + year + "&by=region")
			checkA11y(t, e.ctx, "programme at 320 px "+string(lang))
			if sw := eval[int](e, `document.documentElement.scrollWidth`); sw > 320 {
				t.Errorf("programme at 320 px in %s: scrollWidth %d; past the edge: %v", lang, sw, eval[[]string](e, overflowJS))
			}
			if shots {
				e.shoot("dashboard-programme-" + string(lang) + "-320")
			}
		})
	}
}
