package web_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"inteqra/internal/access"
	"inteqra/internal/i18n"
	"inteqra/internal/stats"
)

// An analyst reads every dashboard in three languages, broken down and
// exported, with small counts hidden until an admin lowers the threshold;
// bad input is refused with messages and names never show.
func TestDashboards(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	sys := access.With(context.Background(), access.System())
	if _, err := s.app.Stats.Refresh(sys); err != nil {
		t.Fatal(err)
	}
	year := strconv.Itoa(i18n.DayOf(time.Now()).Year())
	c := s.client()
	c.signIn(access.Analyst)
	for _, lang := range []string{"az", "en", "ru"} {
		c.post("/lang", url.Values{"lang": {lang}, "next": {"/"}})
		p := s.app.Catalog.Printer(i18n.Lang(lang))
		for _, d := range stats.Dashboards {
			r := c.get("/dashboards/" + d.Code + "?kind=year&value=" + year + "&by=sex&by2=age")
			if r.status != http.StatusOK {
				t.Fatalf("%s %s: status %d", lang, d.Code, r.status)
			}
			for _, f := range d.Figures {
				if !strings.Contains(r.body, htmlEscape(p.T("stats.figure."+f.Code))) {
					t.Errorf("%s %s: figure %s missing", lang, d.Code, f.Code)
				}
			}
			if !strings.Contains(r.body, `role="img"`) || strings.Contains(r.body, "Kovalenko") {
				t.Errorf("%s %s: no chart, or a name shows", lang, d.Code)
			}
		}
	}
	// The demo's three applications are fewer than five: hidden.
	c.post("/lang", url.Values{"lang": {"en"}, "next": {"/"}})
	r := c.get("/dashboards/centre?kind=year&value=" + year)
	if !strings.Contains(r.body, `<p class="dashboard-figure__value">&lt;5</p>`) {
		t.Errorf("three applications are not hidden")
	}
	// Bad input: every problem at once, nothing computed.
	r = c.get("/dashboards/programme?kind=month&value=2026-13&by=name")
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "usa-error-message") || strings.Contains(r.body, `role="img"`) {
		t.Errorf("bad period and breakdown: status %d", r.status)
	}
	if r := c.get("/dashboards/nothing"); r.status != http.StatusNotFound {
		t.Errorf("unknown dashboard: status %d", r.status)
	}
	if r := c.get("/dashboards/programme?f_sex=" + strings.Repeat("x", 100)); r.status != http.StatusUnprocessableEntity {
		t.Errorf("over-long filter: status %d", r.status)
	}

	admin := s.client()
	admin.signIn(access.Admin)
	if r := admin.post("/admin/statistics", url.Values{"threshold": {"2"}}); r.status != http.StatusUnprocessableEntity {
		t.Errorf("threshold 2: status %d", r.status)
	}
	if r := admin.post("/admin/statistics", url.Values{"threshold": {"3"}}); r.status != http.StatusSeeOther {
		t.Fatalf("threshold 3: status %d", r.status)
	}
	r = c.get("/dashboards/centre?kind=year&value=" + year)
	if !strings.Contains(r.body, `<p class="dashboard-figure__value">3</p>`) {
		t.Errorf("with a threshold of 3, three applications show")
	}

	x := c.get("/dashboards/centre/export.csv?kind=year&value=" + year + "&by=sex")
	if x.status != http.StatusOK || !strings.HasPrefix(x.header.Get("Content-Type"), "text/csv") {
		t.Fatalf("CSV: status %d", x.status)
	}
	cr := csv.NewReader(strings.NewReader(x.body))
	cr.FieldsPerRecord = -1
	rows, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	p := s.app.Catalog.Printer(i18n.EN)
	if rows[0][1] != p.T("stats.dashboard.centre") || rows[1][1] != year || !strings.Contains(x.body, p.T("stats.category.sex")) ||
		!strings.Contains(x.body, stats.SuppressedNote(p, 3)) || !strings.Contains(x.body, p.T("stats.figure.applications")) {
		t.Errorf("CSV lacks what it is: %v", rows[:7])
	}
	x = c.get("/dashboards/programme/export.xlsx?kind=year&value=" + year)
	book, err := excelize.OpenReader(bytes.NewReader([]byte(x.body)))
	if err != nil {
		t.Fatalf("workbook: %v", err)
	}
	if n := len(book.GetSheetList()); n != 1+len(stats.Dashboards[0].Figures) {
		t.Errorf("workbook sheets: %d", n)
	}

	if r := c.post("/dashboards/refresh", url.Values{"back": {"/dashboards/registry"}}); r.status != http.StatusSeeOther || r.location != "/dashboards/registry" {
		t.Errorf("refresh: status %d to %s", r.status, r.location)
	}
	if st, _ := s.app.Stats.State(sys); st.RequestedAt.IsZero() {
		t.Error("the refresh asked for is not recorded")
	}
}
