package e2e

import (
	"net/http"
	"testing"

	"inteqra/internal/demo"
	"inteqra/internal/i18n"
)

// The notification pages, the bell's list, the preferences and the
// admins' outbox, pass axe in each language and fit 320 px and 1280 px;
// the outbox holds the e-mails the demo's applicants were written.
func TestNotifyPagesAccessible(t *testing.T) {
	t.Parallel()
	for _, lang := range i18n.Langs {
		t.Run(string(lang), func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, string(lang))
			check := func(who string, paths ...string) { e.checkPages(t, "notify-"+string(lang), who, paths...) }
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
