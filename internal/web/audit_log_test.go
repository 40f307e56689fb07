package web_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"net/url"
	"strings"
	"testing"

	"inteqra/internal/access"
	"inteqra/internal/audit"
	"inteqra/internal/db"
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

// TestAuditVerifyPageShowsAnEarlierKey: after a change of key, checkpoints
// of the earlier key that the current key's cover are shown as not checked,
// and the chain as intact.
func TestAuditVerifyPageShowsAnEarlierKey(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	c := s.client()
	c.signIn(access.Auditor)
	sys := access.With(context.Background(), access.System())
	earlier := audit.NewStore(s.app.DB, ed25519.NewKeyFromSeed(bytes.Repeat([]byte{1}, ed25519.SeedSize)))
	old, err := earlier.WriteCheckpoint(sys)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.app.DB.Transact(sys, func(tx *db.Tx) error { return audit.Record(sys, tx, "user.update", "user", "1") }); err != nil {
		t.Fatal(err)
	}
	if _, err := s.app.Audit.WriteCheckpoint(sys); err != nil {
		t.Fatal(err)
	}
	pr := s.app.Catalog.Printer(i18n.EN)
	c.post("/lang", url.Values{"lang": {"en"}, "next": {"/audit"}})
	want := pr.T("audit.verify_not_checked", "Key", audit.Fingerprint(earlier.PublicKey()), "Count", pr.Int(1), "Events", pr.Int(old.Events))
	if r := c.post("/audit/verify", url.Values{}); !strings.Contains(r.body, "usa-alert--success") || !strings.Contains(r.body, htmlEscape(want)) {
		t.Errorf("the page does not show the earlier key's checkpoint as not checked (%q):\n%s", want, r.body)
	}
}
