package web_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/i18n"
)

// TestDuplicateScanQueued asks for a registry scan: the request queues a
// job and answers at once, the page says a scan is waiting instead of
// offering a second one, and the job reports its figures when it has run.
func TestDuplicateScanQueued(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	p := s.app.Catalog.Printer(i18n.AZ)
	c := s.client()
	c.signIn(access.Consultant)

	if r := c.get("/people/duplicates"); !strings.Contains(r.body, htmlEscape(p.T("duplicates.never_scanned"))) ||
		!strings.Contains(r.body, `action="/people/duplicates/scan"`) {
		t.Fatalf("before any scan: status %d", r.status)
	}
	if r := c.post("/people/duplicates/scan", nil); r.status != http.StatusSeeOther || r.location != "/people/duplicates" {
		t.Fatalf("queue a scan: status %d to %q", r.status, r.location)
	}
	r := c.get("/people/duplicates")
	if !strings.Contains(r.body, htmlEscape(p.T("duplicates.scan_queued"))) || strings.Contains(r.body, `action="/people/duplicates/scan"`) {
		t.Errorf("queued scan: the page does not say so, or offers another")
	}
	if !strings.Contains(r.body, htmlEscape(strings.SplitN(p.T("duplicates.scan_pending", "When", "|"), "|", 2)[1])) {
		t.Errorf("queued scan: no pending notice")
	}

	s.startJobs()
	for range 2400 { // at most a minute: the job shares the machine with other suites
		if r = c.get("/people/duplicates"); strings.Contains(r.body, `action="/people/duplicates/scan"`) {
			break
		}
		time.Sleep(25 * time.Millisecond)
	}
	if !strings.Contains(r.body, `class="duplicates-last"`) || strings.Contains(r.body, htmlEscape(p.T("duplicates.never_scanned"))) {
		t.Errorf("after the scan: no report of it")
	}
}
