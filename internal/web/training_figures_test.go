package web_test

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"inteqra/internal/access"
	"inteqra/internal/i18n"
)

// An analyst reads the Centre's figures, without names, on the page and as
// a workbook; a bad period is refused with a message.
func TestTrainingFigures(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	c := s.client()
	c.signIn(access.Analyst)
	c.post("/lang", url.Values{"lang": {"az"}})
	p := s.app.Catalog.Printer(i18n.AZ)
	r := c.get("/training/figures?from=2000-01-01&to=2100-12-31")
	if r.status != http.StatusOK {
		t.Fatalf("figures: status %d", r.status)
	}
	// The demo's three online applications, to its first cohort.
	for _, want := range []string{htmlEscape(p.T("figures.by_citizenship")), `<p class="figure">3</p>`, htmlEscape(p.T("figures.pooled"))} {
		if !strings.Contains(r.body, want) {
			t.Errorf("figures page lacks %q", want)
		}
	}
	if strings.Contains(r.body, "Kovalenko") {
		t.Error("the figures page shows a name")
	}
	x := c.get("/training/figures.xlsx?from=2000-01-01&to=2100-12-31")
	book, err := excelize.OpenReader(bytes.NewReader([]byte(x.body)))
	if err != nil {
		t.Fatalf("workbook: %v", err)
	}
	if n := len(book.GetSheetList()); n != 5 {
		t.Errorf("workbook sheets: %d, want 5", n)
	}
	total, _ := book.GetCellValue(p.T("figures.total"), "B2")
	if total != "3" {
		t.Errorf("applications in the workbook: %q, want 3", total)
	}
	bad := c.get("/training/figures?from=2027-01-01&to=2026-01-01")
	if bad.status != http.StatusUnprocessableEntity || !strings.Contains(bad.body, htmlEscape(p.T("figures.error.period"))) {
		t.Errorf("reversed period: status %d", bad.status)
	}
}
