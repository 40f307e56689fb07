package web_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"inteqra/internal/access"
	"inteqra/internal/app"
	"inteqra/internal/demo"
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

// TestDashboardExportsResistDifferencing attacks the CSV exports of every
// dashboard, on the full demo, a year broken down by two categories: a
// reader who takes every line of every table whose total is shown and
// solves it for a lone hidden count, again and again, recovers none; and
// no count hidden in one table of a figure is shown in another.
func TestDashboardExportsResistDifferencing(t *testing.T) {
	t.Parallel()
	s := newSeededSite(t, func(a *app.App) error {
		_, _, err := demo.SeedFull(context.Background(), a, 40)
		return err
	})
	c := s.client()
	c.signIn(access.Analyst)
	c.post("/lang", url.Values{"lang": {"en"}, "next": {"/"}})
	p := s.app.Catalog.Printer(i18n.EN)
	mark, total := stats.SuppressedMark(p, stats.DefaultThreshold), p.T("stats.chart.total")
	year := strconv.Itoa(i18n.DayOf(time.Now()).Year() - 1)
	hiddenSeen := 0
	for _, d := range stats.Dashboards {
		for _, by := range []string{"by=sex&by2=age", "by=citizenship&by2=residence", "by=region&by2=sex"} {
			x := c.get("/dashboards/" + d.Code + "/export.csv?kind=year&value=" + year + "&" + by)
			// A blank line ends each block (csv.Reader would skip it).
			for block := range strings.SplitSeq(strings.ReplaceAll(x.body, "\r\n", "\n"), "\n\n") {
				cr := csv.NewReader(strings.NewReader(block))
				cr.FieldsPerRecord = -1
				rows, err := cr.ReadAll()
				if err != nil {
					t.Fatal(err)
				}
				if tb, ok := exportedTableOf(rows); ok {
					hiddenSeen += tb.attack(t, d.Code+" "+by+" "+tb.caption, mark, total)
				}
			}
		}
	}
	if hiddenSeen == 0 {
		t.Error("no hidden count in any export: the attack proved nothing")
	}
}

// exportedTable is a table read back from an export: its caption, head and
// rows as text.
type exportedTable struct {
	caption string
	head    []string
	rows    [][]string
}

// exportedTableOf reads a block of an export as a table: a caption line
// of one cell, the head, then the rows.
func exportedTableOf(rows [][]string) (exportedTable, bool) {
	if len(rows) < 3 || len(rows[0]) != 1 {
		return exportedTable{}, false
	}
	return exportedTable{caption: rows[0][0], head: rows[1], rows: rows[2:]}, true
}

// attack solves the table's lines for lone hidden counts until nothing
// changes, and fails the test on any it recovers; it returns how many
// counts were hidden.
func (tb exportedTable) attack(t *testing.T, name, mark, total string) int {
	t.Helper()
	cols := len(tb.head)
	if i := slices.Index(tb.head, total); i > 0 {
		cols = i + 1 // the share that may follow is not a count
	}
	grid := make([][]int, len(tb.rows)) // -1: hidden
	hidden := 0
	for i, row := range tb.rows {
		grid[i] = make([]int, cols)
		for j := 1; j < cols && j < len(row); j++ {
			if row[j] == mark {
				grid[i][j], hidden = -1, hidden+1
				continue
			}
			n, err := strconv.Atoi(strings.NewReplacer(",", "", ".", "", "\u00a0", "").Replace(row[j]))
			if err != nil {
				t.Fatalf("%s: cell %q", name, row[j])
			}
			grid[i][j] = n
		}
	}
	hasTotalRow := len(tb.rows) > 0 && tb.rows[len(tb.rows)-1][0] == total
	hasTotalCol := slices.Contains(tb.head, total)
	// Each line: the cells and the total they add up to.
	type line struct{ cells [][2]int }
	var lines []line
	n, m := len(grid), cols
	if hasTotalCol {
		for i := range n {
			var l line
			for j := 1; j < m; j++ {
				l.cells = append(l.cells, [2]int{i, j})
			}
			lines = append(lines, l)
		}
	}
	if hasTotalRow {
		for j := 1; j < m; j++ {
			var l line
			for i := range n {
				l.cells = append(l.cells, [2]int{i, j})
			}
			lines = append(lines, l)
		}
	}
	for changed := true; changed; {
		changed = false
		for _, l := range lines {
			members, sum := l.cells[:len(l.cells)-1], l.cells[len(l.cells)-1]
			if grid[sum[0]][sum[1]] < 0 {
				continue
			}
			rest, unknown := grid[sum[0]][sum[1]], -1
			for k, c := range members {
				if v := grid[c[0]][c[1]]; v < 0 {
					if unknown >= 0 {
						unknown = -2
						break
					}
					unknown = k
				} else {
					rest -= v
				}
			}
			if unknown >= 0 {
				c := members[unknown]
				t.Errorf("%s: the hidden count at row %q, column %q is %d", name, tb.rows[c[0]][0], tb.head[c[1]], rest)
				grid[c[0]][c[1]] = rest
				changed = true
			}
		}
	}
	return hidden
}
