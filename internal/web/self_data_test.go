package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"inteqra/internal/access"
	"inteqra/internal/auth"
	"inteqra/internal/db"
	"inteqra/internal/people"
)

// linkedMigrant registers a person with participation consent and links
// the demo migrant's account to them; it returns the person and their
// consent's id.
func linkedMigrant(t *testing.T, s *site, surname, given string) (people.Person, int64) {
	t.Helper()
	ctx := access.With(context.Background(), access.System())
	p, _, err := s.app.People.CreatePerson(ctx, people.Input{Names: []people.Name{{Kind: people.NameAz, Surname: surname, Given: given}},
		BirthDate: "1988-02-" + strconv.Itoa(10+len(given)), Email: strings.ToLower(given) + "@example.org"})
	if err != nil {
		t.Fatal(err)
	}
	c, err := s.app.People.GiveConsent(ctx, p.ID, people.ConsentInput{Purpose: people.Participation})
	if err != nil {
		t.Fatal(err)
	}
	err = s.app.DB.Transact(ctx, func(tx *db.Tx) error {
		var id int64
		if err := tx.QueryRowContext(ctx, `SELECT id FROM users WHERE email = $1`, "migrant@demo.inteqra.az").Scan(&id); err != nil {
			return err
		}
		return auth.Link(ctx, tx, id, p.ID, "invite")
	})
	if err != nil {
		t.Fatal(err)
	}
	return p, c.ID
}

// TestSelfDataAccess: the migrant's own pages need a migrant, the staff's
// list of correction requests staff who may link accounts.
func TestSelfDataAccess(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	anon, consultant, migrant := s.client(), s.client(), s.client()
	consultant.signIn(access.Consultant)
	migrant.signIn(access.Migrant)
	rows := []struct {
		c          *client
		who, path  string
		wantStatus int
	}{
		{anon, "visitor", "/me/data", http.StatusSeeOther},
		{anon, "visitor", "/me/data.json", http.StatusSeeOther},
		{anon, "visitor", "/me/data.pdf", http.StatusSeeOther},
		{anon, "visitor", "/me/consents", http.StatusSeeOther},
		{anon, "visitor", "/people/corrections", http.StatusSeeOther},
		{consultant, "consultant", "/me/data", http.StatusForbidden},
		{consultant, "consultant", "/me/data.json", http.StatusForbidden},
		{consultant, "consultant", "/me/data.pdf", http.StatusForbidden},
		{consultant, "consultant", "/me/consents", http.StatusForbidden},
		{consultant, "consultant", "/people/corrections", http.StatusOK},
		{consultant, "consultant", "/people/corrections/999/answer", http.StatusNotFound},
		{migrant, "migrant", "/people/corrections", http.StatusForbidden},
		{migrant, "migrant", "/people/corrections/1/answer", http.StatusForbidden},
		{migrant, "migrant", "/me/data", http.StatusOK},
		{migrant, "migrant", "/me/consents", http.StatusOK},
		{migrant, "migrant", "/me/data.json", http.StatusBadRequest}, // not linked yet
	}
	for _, r := range rows {
		got := r.c.get(r.path)
		if got.status != r.wantStatus {
			t.Errorf("%s GET %s: status %d, want %d", r.who, r.path, got.status, r.wantStatus)
		}
		if r.wantStatus == http.StatusSeeOther && !strings.HasPrefix(got.location, "/login") {
			t.Errorf("%s GET %s: redirected to %q, want the sign-in page", r.who, r.path, got.location)
		}
	}
	for _, path := range []string{"/me/corrections", "/me/consents/1/withdraw"} {
		if got := consultant.post(path, url.Values{"text": {"x"}}); got.status != http.StatusForbidden {
			t.Errorf("consultant POST %s: status %d, want 403", path, got.status)
		}
	}
	if got := migrant.post("/people/corrections/1/answer", url.Values{"answer": {"x"}}); got.status != http.StatusForbidden {
		t.Errorf("migrant POST an answer: status %d, want 403", got.status)
	}
	if page := migrant.get("/me/data"); !strings.Contains(page.body, htmlEscape(migrant.s.app.Catalog.Printer("ru").T("mydata.not_linked"))) {
		t.Error("an unlinked migrant's page does not say why there is no data")
	}
}

// TestSelfDataDownload: the linked migrant downloads their own data as
// pretty JSON and as a PDF, attachments both.
func TestSelfDataDownload(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	linkedMigrant(t, s, "Kovalenko", "Olena")
	ctx := access.With(context.Background(), access.System())
	if _, _, err := s.app.People.CreatePerson(ctx, people.Input{Names: []people.Name{{Kind: people.NameAz, Surname: "Məmmədov", Given: "Rauf"}},
		BirthDate: "1960-01-01"}); err != nil {
		t.Fatal(err)
	}
	migrant := s.client()
	migrant.signIn(access.Migrant)
	r := migrant.get("/me/data.json")
	if r.status != http.StatusOK {
		t.Fatalf("/me/data.json: status %d", r.status)
	}
	if ct, cd := r.header.Get("Content-Type"), r.header.Get("Content-Disposition"); ct != "application/json; charset=utf-8" || !strings.HasPrefix(cd, "attachment") {
		t.Errorf("headers: %q, %q", ct, cd)
	}
	var data struct {
		Person struct {
			Names []struct{ Surname, Given string }
			Email string
		}
	}
	if err := json.Unmarshal([]byte(r.body), &data); err != nil {
		t.Fatal(err)
	}
	if len(data.Person.Names) != 1 || data.Person.Names[0].Surname != "Kovalenko" || data.Person.Email != "olena@example.org" {
		t.Errorf("person: %+v", data.Person)
	}
	if !strings.Contains(r.body, "\n  \"person\": {") || strings.Contains(r.body, "Məmmədov") {
		t.Errorf("not pretty or another person's data: %s", r.body)
	}
	pdf := migrant.get("/me/data.pdf")
	if pdf.status != http.StatusOK || pdf.header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(pdf.body, "%PDF") {
		t.Errorf("/me/data.pdf: status %d, type %q", pdf.status, pdf.header.Get("Content-Type"))
	}
}

// TestSelfDataForms: bad input is refused with its message and saves
// nothing; a request goes to the staff, whose answer comes back; a
// withdrawal is the migrant's to make.
func TestSelfDataForms(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	_, consentID := linkedMigrant(t, s, "Kovalenko", "Olena")
	migrant, consultant := s.client(), s.client()
	migrant.signIn(access.Migrant)
	consultant.signIn(access.Consultant)
	ru := s.app.Catalog.Printer("ru")
	count := func() int {
		var n int
		if err := s.app.DB.QueryRowContext(context.Background(), `SELECT count(*) FROM correction_requests`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	for _, text := range []string{"", strings.Repeat("я", 2001)} {
		r := migrant.post("/me/corrections", url.Values{"text": {text}})
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `href="#text"`) || !strings.Contains(r.body, `aria-invalid="true"`) {
			t.Errorf("request %d characters: status %d, want 422 with the message on the field", len(text), r.status)
		}
	}
	if count() != 0 {
		t.Fatal("a refused request was saved")
	}
	withdraw := "/me/consents/" + strconv.FormatInt(consentID, 10) + "/withdraw"
	if r := migrant.post(withdraw, url.Values{"reason": {strings.Repeat("я", 301)}}); r.status != http.StatusUnprocessableEntity ||
		!strings.Contains(r.body, `href="#reason-`+strconv.FormatInt(consentID, 10)+`"`) {
		t.Errorf("a reason too long: status %d, want 422", r.status)
	}
	r := migrant.post("/me/corrections", url.Values{"text": {"Моя фамилия пишется Коваленко, а не Kovalenko."}})
	if r.status != http.StatusSeeOther || r.location != "/me/data" {
		t.Fatalf("request: status %d to %q", r.status, r.location)
	}
	list := consultant.get("/people/corrections")
	if !strings.Contains(list.body, "Kovalenko") {
		t.Error("the staff's list lacks the request's person")
	}
	var id int64
	if err := s.app.DB.QueryRowContext(context.Background(), `SELECT id FROM correction_requests`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	answer := "/people/corrections/" + strconv.FormatInt(id, 10) + "/answer"
	if page := consultant.get(answer); page.status != http.StatusOK || !strings.Contains(page.body, "Коваленко") {
		t.Errorf("the request's page: status %d", page.status)
	}
	if r := consultant.post(answer, url.Values{"answer": {" "}}); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `href="#answer"`) {
		t.Errorf("an empty answer: status %d, want 422", r.status)
	}
	if r := consultant.post(answer, url.Values{"answer": {"Исправлено в реестре."}}); r.status != http.StatusSeeOther {
		t.Errorf("answer: status %d", r.status)
	}
	page := migrant.get("/me/data")
	if !strings.Contains(page.body, "Исправлено в реестре.") || !strings.Contains(page.body, ru.T("mydata.correction.state.answered")) {
		t.Error("the migrant's page lacks the answer")
	}
	if r := migrant.post(withdraw, url.Values{"reason": {""}}); r.status != http.StatusSeeOther {
		t.Errorf("withdraw: status %d", r.status)
	}
	if page := migrant.get("/me/consents"); strings.Contains(page.body, `action="`+withdraw+`"`) {
		t.Error("the consent is not shown withdrawn")
	}
}
