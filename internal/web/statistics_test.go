package web_test

import (
	"encoding/csv"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"inteqra/internal/stats"
)

// TestStatisticsPage reads the public statistics in three languages and
// their CSV: every figure by year with its total, charts with their title,
// and no count below the threshold anywhere.
func TestStatisticsPage(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	c := s.client()
	for _, lang := range []string{"az", "en", "ru"} {
		c.post("/lang", url.Values{"lang": {lang}, "next": {"/"}})
		p := s.app.Catalog.Printer(langOf(lang))
		r := c.get("/statistics")
		if r.status != http.StatusOK {
			t.Fatalf("/statistics in %s: status %d", lang, r.status)
		}
		for _, code := range stats.OpenFigureCodes {
			if !strings.Contains(r.body, htmlEscape(p.T("stats.open."+code))) || !strings.Contains(r.body, `id="open-`+code+`"`) {
				t.Errorf("%s: figure %s missing", lang, code)
			}
		}
		if strings.Count(r.body, `role="img"`) != 4 || !strings.Contains(r.body, `href="/statistics"`) {
			t.Errorf("%s: want three charts and the statistics link in the navigation", lang)
		}
		r = c.get("/statistics.csv")
		if r.status != http.StatusOK || !strings.HasPrefix(r.header.Get("Content-Type"), "text/csv") {
			t.Fatalf("CSV in %s: status %d, %s", lang, r.status, r.header.Get("Content-Type"))
		}
		cr := csv.NewReader(strings.NewReader(strings.TrimPrefix(r.body, "\ufeff")))
		cr.FieldsPerRecord = -1 // the rule and the time of extraction follow the figures
		rows, err := cr.ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) < 4*6+1 || rows[0][0] != p.T("stats.open.figure") {
			t.Fatalf("CSV in %s: %d rows, header %v", lang, len(rows), rows[0])
		}
		for _, row := range rows[1 : 4*6+1] {
			if n, err := strconv.Atoi(strings.NewReplacer(".", "", ",", "", "\u00a0", "").Replace(row[2])); err == nil && n > 0 && n < 5 {
				t.Errorf("CSV in %s shows a small count: %v", lang, row)
			}
		}
	}
}
