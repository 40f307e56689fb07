package e2e

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"inteqra/internal/access"
	"inteqra/internal/demo"
	"inteqra/internal/i18n"
)

// The auditor verifies the chain in the browser: the page reports the
// signed checkpoints, and a checkpoint altered in the database as a broken
// chain; both pages pass axe in every language.
func TestAuditVerifyPage(t *testing.T) {
	t.Parallel()
	for _, lang := range i18n.Langs {
		t.Run(string(lang), func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, string(lang))
			if st := e.signIn("auditor@demo.inteqra.az", demo.Password); st != http.StatusOK {
				t.Fatalf("auditor sign in: status %d on %s", st, e.location())
			}
			if access.Auditor.RequiresMFA() {
				code, err := totp.GenerateCode(e.text(".mfa-secret"), time.Now())
				if err != nil {
					t.Fatal(err)
				}
				e.fill("#code", code)
				e.submit(`form[action="/account/mfa"] button[type=submit]`)
			}
			e.switchLanguage(lang)

			sys := access.With(context.Background(), access.System())
			cp, err := e.app.Audit.WriteCheckpoint(sys)
			if err != nil {
				t.Fatal(err)
			}
			e.open("/audit")
			if st := e.submit(`form[action="/audit/verify"] button[type=submit]`); st != http.StatusOK {
				t.Fatalf("verify: status %d", st)
			}
			c, err := catalog()
			if err != nil {
				t.Fatal(err)
			}
			pr := c.Printer(lang)
			want := T(t, lang, "audit.verify_checkpoints", "Count", pr.Int(1), "Covered", pr.Int(cp.Events), "When", pr.DateTime(cp.At))
			if got := e.text(".usa-alert--success"); !strings.Contains(got, want) {
				t.Errorf("verify page says %q, want it to contain %q", got, want)
			}
			checkA11y(t, e.ctx, "audit verified "+string(lang))

			for _, stmt := range []string{`DROP TRIGGER audit_checkpoints_no_update`, `UPDATE audit_checkpoints SET events = events - 1`} {
				if _, err := e.app.DB.ExecContext(sys, stmt); err != nil {
					t.Fatal(err)
				}
			}
			e.open("/audit")
			e.submit(`form[action="/audit/verify"] button[type=submit]`)
			if !e.exists(".usa-alert--error") {
				t.Error("a checkpoint altered in the database: the page does not show a broken chain")
			}
			checkA11y(t, e.ctx, "audit broken "+string(lang))
		})
	}
}
