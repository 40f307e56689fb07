package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"
)

// openCohort returns an open cohort of the demo and a residence status
// its course admits.
func openCohort(t *testing.T, s *site) (cohort float64, status string) {
	t.Helper()
	for _, c := range s.get("/api/v1/courses", "").json(t)["data"].([]any) {
		course := c.(map[string]any)
		cohorts, eligible := course["open_cohorts"].([]any), course["eligible_statuses"].([]any)
		if len(cohorts) > 0 && len(eligible) > 0 {
			return cohorts[0].(map[string]any)["id"].(float64), eligible[0].(string)
		}
	}
	t.Fatal("no open cohort in the demo")
	return 0, ""
}

// problemFields lists the fields a problem names.
func problemFields(t *testing.T, a answer) map[string]bool {
	t.Helper()
	fields := map[string]bool{}
	for _, e := range a.json(t)["errors"].([]any) {
		fields[e.(map[string]any)["field"].(string)] = true
	}
	return fields
}

func TestApplications(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		cohort, status := openCohort(t, s)
		body := map[string]any{"cohort_id": cohort, "surname": "Kovalenko", "given": "Olena", "passport_surname": "KOVALENKO",
			"passport_given": "OLENA", "sex": "f", "birth_date": "1991-04-12", "citizenship": "UA", "languages": []string{"uk", "ru"},
			"phone": "+994 50 555 12 34", "declared_status": status, "declared_document": "AB 123456",
			"consent_data": true, "consent_programme": true}
		first := s.call("POST", "/api/v1/applications", "", body, "Idempotency-Key", "apply-1", "Accept-Language", "en")
		wantStatus(t, first, http.StatusCreated)
		app := first.json(t)
		ref, _ := app["reference"].(string)
		if app["state"] != "applied" || !strings.HasPrefix(ref, "TTM-") || first.header.Get("Location") != "http://api.test/api/v1/applications/"+ref {
			t.Fatalf("applied: %v, Location %q", app, first.header.Get("Location"))
		}
		// A retry gets the same answer and applies nothing twice.
		retry := s.call("POST", "/api/v1/applications", "", body, "Idempotency-Key", "apply-1", "Accept-Language", "en")
		wantStatus(t, retry, http.StatusCreated)
		if retry.json(t)["reference"] != ref || retry.header.Get("Idempotent-Replayed") != "true" {
			t.Errorf("retry: %s %s", retry.header, retry.body)
		}
		// The lookup takes the reference as people type it.
		typed := strings.ToLower(strings.ReplaceAll(ref, "-", " "))
		got := s.get("/api/v1/applications/"+strings.ReplaceAll(typed, " ", "%20"), "")
		wantStatus(t, got, http.StatusOK)
		if m := got.json(t); m["reference"] != ref || m["cohort_id"] != cohort {
			t.Errorf("lookup: %v", m)
		}
		wantStatus(t, s.get("/api/v1/applications/TTM-NONE", ""), http.StatusNotFound)

		// Every refusal at once, named by the body's fields; nothing saved.
		bad := map[string]any{"cohort_id": cohort, "surname": "Kovalenko", "given": "Olena", "declared_status": "tourist"}
		res := s.call("POST", "/api/v1/applications", "", bad, "Accept-Language", "ru")
		wantStatus(t, res, http.StatusUnprocessableEntity)
		fields := problemFields(t, res)
		for _, f := range []string{"birth_date", "consent_data", "declared_status", "declared_document", "phone"} {
			if !fields[f] {
				t.Errorf("no problem named %s: %s", f, res.body)
			}
		}
		body["cohort_id"] = 999999
		res = s.call("POST", "/api/v1/applications", "", body)
		wantStatus(t, res, http.StatusUnprocessableEntity)
		if f := res.json(t)["errors"].([]any)[0].(map[string]any)["field"]; f != "cohort_id" {
			t.Errorf("closed cohort: field %v", f)
		}
		wantStatus(t, s.call("POST", "/api/v1/applications", "", map[string]any{"cohort_id": 1, "nickname": "x"}, badRequest, "1"), http.StatusBadRequest)
	})
}

func TestCouncilAndPlan(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newFullSite(t, d)
		res := s.get("/api/v1/council/proposals", "")
		wantStatus(t, res, http.StatusOK)
		list := res.json(t)["data"].([]any)
		if len(list) == 0 {
			t.Fatal("no published proposals")
		}
		first := list[0].(map[string]any)
		if _, ok := first["author"]; ok {
			t.Error("a published proposal names its author")
		}
		one := s.get(fmt.Sprint("/api/v1/council/proposals/", first["reference"]), "")
		wantStatus(t, one, http.StatusOK)
		if one.json(t)["title"] != first["title"] {
			t.Errorf("proposal %s", one.body)
		}
		wantStatus(t, s.get("/api/v1/council/proposals?state=answered&year=2025", ""), http.StatusOK)
		res = s.get("/api/v1/council/proposals?state=lost", "", badRequest, "1")
		wantStatus(t, res, http.StatusUnprocessableEntity)
		if f := res.json(t)["errors"].([]any)[0].(map[string]any)["field"]; f != "state" {
			t.Errorf("field %v", f)
		}
		wantStatus(t, s.get("/api/v1/council/proposals/2024-99999", ""), http.StatusNotFound)

		meetings := s.get("/api/v1/council/meetings", "").json(t)["data"].([]any)
		if len(meetings) == 0 {
			t.Fatal("no public meetings")
		}
		for _, m := range meetings {
			id := m.(map[string]any)["id"]
			wantStatus(t, s.get(fmt.Sprint("/api/v1/council/meetings/", id), ""), http.StatusOK)
		}
		wantStatus(t, s.get("/api/v1/council/meetings/999999", ""), http.StatusNotFound)

		plan := s.get("/api/v1/strategy", "")
		wantStatus(t, plan, http.StatusOK)
		if goals := plan.json(t)["goals"].([]any); len(goals) == 0 {
			t.Error("a plan without goals")
		}

		stats := s.get("/api/v1/statistics", "")
		wantStatus(t, stats, http.StatusOK)
		figures := stats.json(t)["figures"].([]any)
		if len(figures) != 4 {
			t.Fatalf("figures %v", figures)
		}
		for _, f := range figures {
			for _, y := range f.(map[string]any)["years"].([]any) {
				c := y.(map[string]any)
				if c["hidden"] == true && c["n"] != nil {
					t.Errorf("a hidden count is given: %v", c)
				}
			}
		}
	})
}
