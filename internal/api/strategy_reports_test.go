package api_test

import (
	"fmt"
	"net/http"
	"testing"

	"inteqra/internal/access"
	"inteqra/internal/auth"
	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"
	"inteqra/internal/strategy"
)

// openReport returns the path of a report the demo's focal point may
// still write, and its measure's reported indicators.
func openReport(t *testing.T, s *site) (string, []int64) {
	t.Helper()
	ctx := s.as(access.FocalPoint)
	measures, err := s.app.Strategy.MyMeasures(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range measures {
		slots, err := s.app.Strategy.Slots(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, sl := range slots {
			if sl.Editable() {
				var reported []int64
				for _, ind := range m.Indicators {
					if ind.Source == strategy.Reported {
						reported = append(reported, ind.ID)
					}
				}
				return fmt.Sprintf("/api/v1/strategy/measures/%d/reports/%s", m.ID, sl.Period.Key()), reported
			}
		}
	}
	t.Fatal("no report for the focal point to write")
	return "", nil
}

func TestSubmitReport(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newFullSite(t, d)
		path, reported := openReport(t, s)
		tok := s.token(access.FocalPoint, auth.Write("strategy"))
		read := s.get(path, tok)
		wantStatus(t, read, http.StatusOK)
		tag := read.header.Get("ETag")
		body := map[string]any{"narrative": "Courses held in three regions.", "status": "in_progress", "spent": 1500.5, "values": []any{}}
		values := []any{}
		for _, id := range reported {
			values = append(values, map[string]any{"indicator_id": id, "value": 12})
		}
		body["values"] = values
		wantStatus(t, s.call("POST", path, tok, body, badRequest, "1"), http.StatusPreconditionRequired)
		wantStatus(t, s.call("POST", path, tok, body, "If-Match", `"stale"`), http.StatusPreconditionFailed)
		if got := s.get(path, tok).json(t)["state"]; got == "submitted" {
			t.Fatal("submitted by a refused request")
		}
		bad := s.call("POST", path, tok, map[string]any{"status": "lost", "values": []any{}}, "If-Match", tag)
		wantStatus(t, bad, http.StatusUnprocessableEntity)
		if f := bad.json(t)["errors"].([]any)[0].(map[string]any)["field"]; f != "status" && f != "narrative" {
			t.Errorf("field %v", f)
		}
		res := s.call("POST", path, tok, body, "If-Match", tag, "Idempotency-Key", "report-1")
		wantStatus(t, res, http.StatusOK)
		m := res.json(t)
		if m["state"] != "submitted" || m["narrative"] != body["narrative"] || m["spent"] != 1500.5 {
			t.Fatalf("submitted: %v", m)
		}
		// Submitted, it is the officer's: the focal point cannot change it.
		wantStatus(t, s.call("POST", path, tok, body, "If-Match", res.header.Get("ETag")), http.StatusUnprocessableEntity)
		// An analyst reads the plan but reports on nothing.
		analyst := s.token(access.Analyst, auth.Write("strategy"))
		wantStatus(t, s.get(path, analyst), http.StatusOK)
		wantStatus(t, s.call("POST", path, analyst, body, "If-Match", res.header.Get("ETag")), http.StatusForbidden)
		wantStatus(t, s.get("/api/v1/strategy/measures/999999/reports/2026-01-01", tok), http.StatusNotFound)
	})
}
