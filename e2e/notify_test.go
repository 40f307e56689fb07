package e2e

import (
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"

	"inteqra/internal/demo"
	"inteqra/internal/i18n"
)

// The notification pages, the bell's list, the preferences and the
// admins' outbox, pass axe in each language and fit 320 px and 1280 px;
// the outbox holds the e-mails the demo's applicants were written.
func TestNotifyPagesAccessible(t *testing.T) {
	t.Parallel()
	if os.Getenv("INTEQRA_SCREENSHOTS") != "" {
		if err := os.MkdirAll(screenshotDir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, lang := range i18n.Langs {
		t.Run(string(lang), func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, string(lang))
			check := func(who string, paths ...string) {
				for _, width := range []int64{1280, 320} {
					e.viewport(width)
					for _, path := range paths {
						if st := e.open(path); st != http.StatusOK {
							t.Fatalf("%s GET %s: status %d", who, path, st)
						}
						if sw := eval[int](e, `document.documentElement.scrollWidth`); int64(sw) > width {
							t.Errorf("%s %s in %s at %d px is %d px wide:\n  %s", who, path, lang, width, sw, strings.Join(eval[[]string](e, overflowJS), "\n  "))
						}
						if width == 1280 {
							checkA11y(t, e.ctx, fmt.Sprintf("%s %s %s", who, path, lang))
						}
						if os.Getenv("INTEQRA_SCREENSHOTS") != "" {
							e.shoot(fmt.Sprintf("notify-%s-%s%s-%d", lang, who, strings.NewReplacer("/", "_").Replace(path), width))
						}
					}
				}
				e.viewport(1280)
			}
			e.signInAs("admin@demo.inteqra.az")
			e.switchLanguage(lang)
			check("admin", "/notifications", "/account/notifications", "/admin/outbox")
			if !e.exists(".outbox-table tbody tr") {
				t.Errorf("the outbox holds none of the applicants' e-mails")
			}
			e.signOut()
			if st := e.signIn(partnerEmail, demo.Password); st != http.StatusOK {
				t.Fatalf("partner officer signs in: status %d", st)
			}
			e.switchLanguage(lang)
			check("partner", "/notifications", "/account/notifications")
		})
	}
}
