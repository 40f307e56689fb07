package api_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"inteqra/internal/access"
	"inteqra/internal/auth"
	"inteqra/internal/cases"
	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"
)

func TestCreatePerson(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		tok := s.token(access.Consultant, auth.Write("people"))
		body := map[string]any{"names": []map[string]string{{"kind": "az", "surname": "Bondarenko", "given": "Taras"}},
			"sex": "m", "birth_date": "1988-02-03", "citizenships": []string{"UA"}, "phone": "+994 55 321 45 67"}
		first := s.call("POST", "/api/v1/persons", tok, body, "Idempotency-Key", "person-1")
		wantStatus(t, first, http.StatusCreated)
		loc := first.header.Get("Location")
		if !strings.HasPrefix(loc, "http://api.test/api/v1/persons/") {
			t.Fatalf("Location %q", loc)
		}
		retry := s.call("POST", "/api/v1/persons", tok, body, "Idempotency-Key", "person-1")
		wantStatus(t, retry, http.StatusCreated)
		if retry.header.Get("Location") != loc {
			t.Errorf("retry registered again: %q", retry.header.Get("Location"))
		}
		read := s.get(strings.TrimPrefix(loc, "http://api.test"), tok)
		wantStatus(t, read, http.StatusOK)
		id := read.json(t)["id"].(float64)

		// The same person again: the candidates, and nothing saved until
		// the client says why this is someone else.
		dup := s.call("POST", "/api/v1/persons", tok, body, "Accept-Language", "en")
		wantStatus(t, dup, http.StatusConflict)
		m := dup.json(t)
		if c := m["candidates"].([]any); len(c) == 0 || c[0] != id {
			t.Errorf("candidates %v, want %v first", c, id)
		}
		if f := m["errors"].([]any)[0].(map[string]any)["field"]; f != "duplicate_reason" {
			t.Errorf("field %v", f)
		}
		body["duplicate_reason"] = "A namesake: another father's name, seen in person."
		wantStatus(t, s.call("POST", "/api/v1/persons", tok, body), http.StatusCreated)

		bad := s.call("POST", "/api/v1/persons", tok, map[string]any{"names": []map[string]string{{"kind": "az"}}, "email": "no"})
		wantStatus(t, bad, http.StatusUnprocessableEntity)
		fields := problemFields(t, bad)
		if !fields["names"] || !fields["email"] {
			t.Errorf("fields %v", fields)
		}
		// Reading is not registering.
		wantStatus(t, s.call("POST", "/api/v1/persons", s.token(access.Consultant, auth.Read("people")), body), http.StatusForbidden)
	})
}

func TestCases(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newFullSite(t, d)
		ctx := s.as(access.Consultant)
		want, err := s.app.Cases.Cases(ctx, cases.Filter{Open: true})
		if err != nil || len(want) < 2 {
			t.Fatalf("%d cases, %v", len(want), err)
		}
		tok := s.token(access.Consultant, auth.Read("cases"))
		seen := map[float64]bool{}
		for next := "/api/v1/cases?limit=1"; next != ""; {
			res := s.get(strings.TrimPrefix(next, "http://api.test"), tok)
			wantStatus(t, res, http.StatusOK)
			m := res.json(t)
			for _, c := range m["data"].([]any) {
				id := c.(map[string]any)["id"].(float64)
				if seen[id] {
					t.Fatalf("%v twice", id)
				}
				seen[id] = true
			}
			next, _ = m["next"].(string)
		}
		if len(seen) != len(want) {
			t.Errorf("%d cases through the API, %d on the page", len(seen), len(want))
		}
		path := "/api/v1/cases/" + jsonNumber(want[0].ID)
		one := s.get(path, tok)
		wantStatus(t, one, http.StatusOK)
		if one.json(t)["person_name"] != want[0].PersonName {
			t.Errorf("case %s", one.body)
		}
		tl := s.get(path+"/timeline", tok)
		wantStatus(t, tl, http.StatusOK)
		if len(tl.json(t)["data"].([]any)) == 0 {
			t.Error("an empty timeline")
		}
		wantStatus(t, s.get("/api/v1/cases/99999999", tok), http.StatusNotFound)
		wantStatus(t, s.get("/api/v1/cases?closed=true&mine=true", tok), http.StatusOK)
		// A partner officer works no cases.
		wantStatus(t, s.get(path, s.token(access.PartnerOfficer, auth.Read("cases"))), http.StatusForbidden)
	})
}

func jsonNumber(id int64) string { return strconv.FormatInt(id, 10) }
