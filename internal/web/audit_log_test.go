package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"inteqra/internal/access"
	"inteqra/internal/i18n"
)

// TestAuditVerifyPageChecksCheckpoints: the auditor's "verify" button holds
// the chain to its signed checkpoints too, so a checkpoint altered in the
// database shows as a broken chain, not as OK.
func TestAuditVerifyPageChecksCheckpoints(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	c := s.client()
	c.signIn(access.Auditor)
	pr := s.app.Catalog.Printer(i18n.AZ)
	if r := c.post("/audit/verify", url.Values{}); !strings.Contains(r.body, pr.T("audit.verify_no_checkpoint")) {
		t.Errorf("before any checkpoint the page does not say so:\n%s", r.body)
	}
	sys := access.With(context.Background(), access.System())
	cp, err := s.app.Audit.WriteCheckpoint(sys)
	if err != nil {
		t.Fatal(err)
	}
	want := pr.T("audit.verify_checkpoints", "Count", pr.Int(1), "Covered", pr.Int(cp.Events), "When", pr.DateTime(cp.At))
	if r := c.post("/audit/verify", url.Values{}); !strings.Contains(r.body, "usa-alert--success") || !strings.Contains(r.body, want) {
		t.Errorf("after a checkpoint the page does not show %q:\n%s", want, r.body)
	}
	for _, stmt := range []string{`DROP TRIGGER audit_checkpoints_no_update`, `UPDATE audit_checkpoints SET events = events - 1`} {
		if _, err := s.app.DB.ExecContext(sys, stmt); err != nil {
			t.Fatal(err)
		}
	}
	if r := c.post("/audit/verify", url.Values{}); !strings.Contains(r.body, "usa-alert--error") {
		t.Errorf("a checkpoint altered in the database: the page does not show a broken chain:\n%s", r.body)
	}
}
