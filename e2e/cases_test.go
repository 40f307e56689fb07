package e2e

import (
	"net/http"
	"os"
	"testing"

	"inteqra/internal/demo"
	"inteqra/internal/i18n"
)

// The case list, the intake form and the case page pass axe in every
// language; the demo's case is in the consultant's list.
func TestCasePagesAccessible(t *testing.T) {
	t.Parallel()
	for _, lang := range i18n.Langs {
		t.Run(string(lang), func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, string(lang))
			if st := e.signIn(consultantEmail, demo.Password); st != http.StatusOK {
				t.Fatalf("sign in: status %d", st)
			}
			e.switchLanguage(lang)
			for _, path := range []string{"/cases", "/cases/1", "/cases/new?person=1"} {
				if st := e.open(path); st != http.StatusOK {
					t.Fatalf("%s: status %d", path, st)
				}
				checkA11y(t, e.ctx, path+" "+string(lang))
			}
			e.open("/cases")
			if !e.exists(`a[href="/cases/1"]`) {
				t.Error("the demo case is not in the consultant's list")
			}
			if os.Getenv("INTEQRA_SCREENSHOTS") == "1" {
				e.open("/cases/1")
				e.shoot("case-" + string(lang) + "-1280")
			}
		})
	}
}
