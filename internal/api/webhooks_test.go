package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"inteqra/internal/access"
	"inteqra/internal/auth"
	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"
)

func TestWebhooks(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		tok := s.token(access.PartnerOfficer, auth.Write("webhooks"))
		if got := s.get("/api/v1/webhooks", tok).json(t)["data"].([]any); len(got) != 0 {
			t.Fatalf("got %v, want no webhooks yet", got)
		}
		// Only https on the public network, and known events; the problem
		// names the field.
		for _, tc := range []struct {
			body  map[string]any
			field string
			bad   bool
		}{
			{map[string]any{"url": "http://partner.example.az/hook", "events": []string{"referral.sent"}}, "url", false},
			{map[string]any{"url": "https://127.0.0.1/hook", "events": []string{"referral.sent"}}, "url", false},
			{map[string]any{"url": "https://partner.example.az/hook", "events": []string{"person.created"}}, "events", true},
		} {
			header := []string{}
			if tc.bad {
				header = append(header, badRequest, "1")
			}
			res := s.call("POST", "/api/v1/webhooks", tok, tc.body, header...)
			wantStatus(t, res, http.StatusUnprocessableEntity)
			if f := res.json(t)["errors"].([]any)[0].(map[string]any)["field"]; f != tc.field {
				t.Errorf("%v: field %v, want %s", tc.body, f, tc.field)
			}
		}
		res := s.call("POST", "/api/v1/webhooks", tok, map[string]any{"url": "https://partner.example.az/hook",
			"events": []string{"referral.sent", "referral.updated"}})
		wantStatus(t, res, http.StatusCreated)
		created := res.json(t)
		if secret, _ := created["secret"].(string); !strings.HasPrefix(secret, "whsec_") {
			t.Fatalf("got secret %q, want it shown once", secret)
		}
		path := fmt.Sprintf("/api/v1/webhooks/%v", created["id"])
		if res.header.Get("Location") != "http://api.test"+path {
			t.Errorf("Location %q", res.header.Get("Location"))
		}
		read := s.get(path, tok)
		wantStatus(t, read, http.StatusOK)
		if _, ok := read.json(t)["secret"]; ok {
			t.Error("the secret is shown again")
		}
		// Each referral sent to the organisation is a delivery, pages newest first.
		referralFixture(t, s, 3)
		var types []string
		next := path + "/deliveries?limit=2"
		for next != "" {
			res := s.get(strings.TrimPrefix(next, "http://api.test"), tok)
			wantStatus(t, res, http.StatusOK)
			m := res.json(t)
			for _, dl := range m["data"].([]any) {
				types = append(types, dl.(map[string]any)["event_type"].(string)+" "+dl.(map[string]any)["state"].(string))
			}
			next, _ = m["next"].(string)
		}
		if len(types) != 3 || types[0] != "referral.sent pending" {
			t.Fatalf("got %v, want three pending referral.sent", types)
		}
		// Only partner officers with the scope.
		reader := s.token(access.PartnerOfficer, auth.Read("webhooks"))
		wantStatus(t, s.get(path, reader), http.StatusOK)
		wantStatus(t, s.call("DELETE", path, reader, nil, "If-Match", "*"), http.StatusForbidden)
		wantStatus(t, s.get("/api/v1/webhooks", s.token(access.Consultant, auth.Read("webhooks"))), http.StatusForbidden)
		// Removing needs the ETag last read.
		wantStatus(t, s.call("DELETE", path, tok, nil, badRequest, "1"), http.StatusPreconditionRequired)
		wantStatus(t, s.call("DELETE", path, tok, nil, "If-Match", `"stale"`), http.StatusPreconditionFailed)
		wantStatus(t, s.call("DELETE", path, tok, nil, "If-Match", read.header.Get("ETag")), http.StatusNoContent)
		wantStatus(t, s.get(path, tok), http.StatusNotFound)
		if got := s.get("/api/v1/webhooks", tok).json(t)["data"].([]any); len(got) != 0 {
			t.Fatalf("got %v, want the webhook gone", got)
		}
	})
}
