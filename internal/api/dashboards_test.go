package api_test

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/auth"
	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"
	"inteqra/internal/stats"
)

// TestDashboards reads every dashboard as an analyst and holds the
// programme's, broken down by two categories, to the figures the page
// computes: the same counts shown, the same hidden.
func TestDashboards(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newFullSite(t, d)
		tok := s.token(access.Analyst, auth.Read("stats"))
		for _, dash := range stats.Dashboards {
			wantStatus(t, s.get("/api/v1/statistics/dashboards/"+dash.Code, tok), http.StatusOK)
		}
		q := url.Values{"kind": {"year"}, "value": {time.Now().Format("2006")}, "by": {"sex"}, "by2": {"age"}}
		res := s.get("/api/v1/statistics/dashboards/programme?"+q.Encode(), tok)
		wantStatus(t, res, http.StatusOK)
		ctx := s.as(access.Analyst)
		st, err := s.app.Stats.State(ctx)
		if err != nil {
			t.Fatal(err)
		}
		req, err := stats.ParseRequest(q, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		dash, _ := stats.DashboardOf("programme")
		want, err := s.app.Stats.Compute(ctx, dash, req, st.Threshold)
		if err != nil {
			t.Fatal(err)
		}
		figures := res.json(t)["figures"].([]any)
		hidden := 0
		for i, f := range figures {
			fig, w := f.(map[string]any), want[i]
			if w.Duration {
				continue
			}
			sameCount(t, w.Code+" total", fig["total"], w.Total)
			var tables []*stats.Table // in the page's order
			for _, tb := range []*stats.Table{w.Main, w.Cross} {
				if tb != nil {
					tables = append(tables, tb)
				}
			}
			if got := fig["tables"].([]any); len(got) != len(tables) {
				t.Fatalf("%s: %d tables, the page %d", w.Code, len(got), len(tables))
			}
			for i, tb := range fig["tables"].([]any) {
				cells, wt := tb.(map[string]any)["cells"].([]any), tables[i]
				for r, row := range cells {
					for c, cell := range row.([]any) {
						sameCount(t, w.Code+" cell", cell, wt.Cells[r][c])
						if wt.Cells[r][c].Hidden {
							hidden++
						}
					}
				}
			}
		}
		if hidden == 0 {
			t.Error("no hidden cell on the small demo: the test shows nothing")
		}
		bad := s.get("/api/v1/statistics/dashboards/programme?by=shoe", tok, badRequest, "1")
		wantStatus(t, bad, http.StatusUnprocessableEntity)
		if f := bad.json(t)["errors"].([]any)[0].(map[string]any)["field"]; f != "by" {
			t.Errorf("field %v", f)
		}
		wantStatus(t, s.get("/api/v1/statistics/dashboards/nothing", tok, badRequest, "1"), http.StatusNotFound)
		wantStatus(t, s.get("/api/v1/statistics/dashboards/programme", s.token(access.Consultant, auth.Read("stats"))), http.StatusForbidden)
	})
}

// sameCount holds a count of the API to the page's cell: hidden alike,
// and equal when shown.
func sameCount(t *testing.T, what string, got any, want stats.Cell) {
	t.Helper()
	c := got.(map[string]any)
	if c["hidden"] != want.Hidden {
		t.Errorf("%s: hidden %v, the page %v", what, c["hidden"], want.Hidden)
		return
	}
	if want.Hidden {
		if c["n"] != nil {
			t.Errorf("%s: a hidden count is given", what)
		}
		return
	}
	if !want.None && c["n"] != float64(want.N) {
		t.Errorf("%s: %v, the page %d", what, c["n"], want.N)
	}
}
