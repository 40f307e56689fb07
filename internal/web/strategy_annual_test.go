package web_test

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"inteqra/internal/access"
	"inteqra/internal/i18n"
)

// TestPlanAnnualReport downloads a plan's annual report as the strategy
// officer, in PDF and XLSX, and is refused it for a role without the
// Action Plan, an unknown plan, a bad year and a bad format.
func TestPlanAnnualReport(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	f := strategyFixture(t, s)
	officer := s.client()
	officer.signIn(access.StrategyOfficer)
	officer.post("/lang", url.Values{"lang": {"en"}, "next": {"/"}})
	en := s.app.Catalog.Printer(i18n.EN)
	if page := officer.get(f.plan); !strings.Contains(page.body, `action="`+f.plan+`/annual"`) || !strings.Contains(page.body, `<option value="2026">`) {
		t.Fatal("the plan page has no form for the annual report of 2026")
	}

	pdf := officer.get(f.plan + "/annual?year=2026&format=pdf")
	if pdf.status != http.StatusOK || pdf.header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(pdf.body, "%PDF") ||
		!strings.Contains(pdf.header.Get("Content-Disposition"), "2026-en.pdf") {
		t.Fatalf("PDF: %d %s %s", pdf.status, pdf.header.Get("Content-Type"), pdf.header.Get("Content-Disposition"))
	}
	x := officer.get(f.plan + "/annual?year=2026&format=xlsx")
	if x.status != http.StatusOK || !strings.Contains(x.header.Get("Content-Type"), "spreadsheetml") ||
		!strings.Contains(x.header.Get("Content-Disposition"), "2026-en.xlsx") {
		t.Fatalf("XLSX: %d %s %s", x.status, x.header.Get("Content-Type"), x.header.Get("Content-Disposition"))
	}
	book, err := excelize.OpenReader(bytes.NewReader([]byte(x.body)))
	if err != nil {
		t.Fatalf("workbook: %v", err)
	}
	sheets := book.GetSheetList()
	if len(sheets) != 7 || sheets[6] != "6 "+en.T("strategy.annual.indicators", "Year", 2026) || sheets[0] != en.T("strategy.annual.cover") || sheets[2] != "2 "+en.T("strategy.annual.measures") {
		t.Fatalf("sheets %q", sheets)
	}
	cell := func(sheet, at string) string {
		v, err := book.GetCellValue(sheet, at)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if cell(sheets[0], "A2") != en.T("action_plan.strategy") || cell(sheets[0], "B2") != "Strategiya (en)" || cell(sheets[0], "B4") != "2026" {
		t.Errorf("cover: %q %q %q", cell(sheets[0], "A2"), cell(sheets[0], "B2"), cell(sheets[0], "B4"))
	}
	// Row 2 is objective 1.1, row 3 its measure with its planned amount as a number.
	if cell(sheets[2], "A1") != en.T("strategy.annual.number") || cell(sheets[2], "A3") != "1.1.1" || cell(sheets[2], "B3") != "Dil kursları (en)" ||
		cell(sheets[2], "F3") != "25000" {
		t.Errorf("measures: %q %q %q", cell(sheets[2], "A3"), cell(sheets[2], "B3"), cell(sheets[2], "F3"))
	}
	if cell(sheets[5], "C1") != en.T("strategy.report.period_quarter", "Year", 2026, "N", 1) ||
		!strings.HasPrefix(cell(sheets[5], "C2"), en.T("strategy.report.state.draft")) {
		t.Errorf("reports: %q %q", cell(sheets[5], "C1"), cell(sheets[5], "C2"))
	}

	for _, tc := range []struct {
		path   string
		status int
		want   string
	}{
		{"/annual?year=2025&format=pdf", http.StatusBadRequest, en.T("strategy.annual.error.year", "First", 2026, "Last", min(2030, i18n.DayOf(time.Now()).Year()))},
		{"/annual?year=2031&format=xlsx", http.StatusBadRequest, ""},
		{"/annual?year=abc&format=pdf", http.StatusBadRequest, ""},
		{"/annual?format=pdf", http.StatusBadRequest, ""},
		{"/annual?year=2026&format=doc", http.StatusBadRequest, en.T("strategy.annual.error.format")},
	} {
		r := officer.get(f.plan + tc.path)
		if r.status != tc.status || !strings.Contains(r.body, htmlEscape(tc.want)) {
			t.Errorf("%s: %d, want %d with %q", tc.path, r.status, tc.status, tc.want)
		}
	}
	if r := officer.get("/action-plan/999999/annual?year=2026&format=pdf"); r.status != http.StatusNotFound {
		t.Errorf("unknown plan: %d", r.status)
	}
	consultant := s.client()
	consultant.signIn(access.Consultant)
	if r := consultant.get(f.plan + "/annual?year=2026&format=pdf"); r.status != http.StatusForbidden {
		t.Errorf("consultant: %d", r.status)
	}
}
