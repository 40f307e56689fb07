package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"inteqra/internal/access"
	"inteqra/internal/council"
)

// TestCouncilPublicPages follows a proposal from the public form through
// review: the form's error summary, the reference, the public list and
// page (never the author), and the author's lookup and withdrawal.
func TestCouncilPublicPages(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	c := s.client()

	r := c.post("/council/propose", url.Values{"surname": {"Petrova"}, "title": {"Kurslar"}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "error-summary") {
		t.Fatalf("empty proposal: status %d, want 422 with the error summary", r.status)
	}
	for _, id := range []string{"birth_date", "phone", "text", "topic", "consent_data"} {
		if !strings.Contains(r.body, `href="#`+id+`"`) || !strings.Contains(r.body, `id="`+id+`-error"`) {
			t.Errorf("refused form: no problem linked to and shown at #%s", id)
		}
	}
	if !strings.Contains(r.body, `value="Kurslar"`) {
		t.Error("refused form lost the title typed")
	}

	form := url.Values{"surname": {"Петрова"}, "given": {"Анна"}, "birth_date": {"1985-04-12"}, "email": {"anna@example.org"},
		"title": {"Axşam kursları"}, "text": {"Axşam qrupları açılsın."}, "topic": {"2"}, "consent_data": {"on"}}
	if r = c.post("/council/propose", form); r.status != http.StatusSeeOther || r.location != "/council/proposed" {
		t.Fatalf("proposal: status %d to %q, want 303 to /council/proposed", r.status, r.location)
	}
	r = c.get("/council/proposed")
	ref := "MS-"
	if i := strings.Index(r.body, "MS-"); i >= 0 {
		ref = r.body[i : i+len("MS-2026-000001")]
	}
	if r.status != http.StatusOK || len(ref) != len("MS-2026-000001") {
		t.Fatalf("confirmation: status %d, reference %q", r.status, ref)
	}

	// Not public before review.
	if r = c.get("/council/proposals/" + ref); r.status != http.StatusNotFound {
		t.Errorf("unreviewed proposal page: status %d, want 404", r.status)
	}
	sys := access.With(context.Background(), access.System())
	p, err := s.app.Council.Lookup(sys, ref, council.Check{Email: "anna@example.org"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.app.Council.Review(sys, p.ID, council.ReviewInput{UnitName: "Təhsil şöbəsi"}); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/council/proposals", "/council/proposals?topic=2&state=under_review&year=2026", "/council/proposals/" + ref} {
		r = c.get(path)
		if r.status != http.StatusOK || !strings.Contains(r.body, "Axşam kursları") {
			t.Errorf("GET %s: status %d, want the proposal", path, r.status)
		}
		if strings.Contains(r.body, "Петрова") || strings.Contains(r.body, "anna@example.org") {
			t.Errorf("GET %s shows the author", path)
		}
	}

	// The lookup needs the author's check; then the author may withdraw.
	if r = c.post("/council/proposals/status", url.Values{"reference": {ref}, "birth_date": {"1990-01-01"}}); r.status != http.StatusUnprocessableEntity {
		t.Errorf("lookup with a wrong birth date: status %d, want 422", r.status)
	}
	check := url.Values{"reference": {strings.ToLower(ref)}, "birth_date": {"1985-04-12"}}
	if r = c.post("/council/proposals/status", check); r.status != http.StatusOK || !strings.Contains(r.body, "/council/proposals/status/withdraw") {
		t.Fatalf("lookup: status %d, want the proposal with a withdraw button", r.status)
	}
	if r = c.post("/council/proposals/status/withdraw", check); r.status != http.StatusOK {
		t.Errorf("withdraw: status %d", r.status)
	}
	if p, _ = s.app.Council.Lookup(sys, ref, council.Check{Email: "anna@example.org"}); p.State != council.Withdrawn {
		t.Errorf("after withdrawal: %s", p.State)
	}
	if r = c.get("/council"); !strings.Contains(r.body, `href="/council/propose"`) {
		t.Error("the Council page does not link to the proposal form")
	}
}

// TestCouncilSecretaryHome shows the secretary what waits: proposals to
// review and answers overdue.
func TestCouncilSecretaryHome(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	sys := access.With(context.Background(), access.System())
	if _, err := s.app.Council.SubmitFor(sys, council.SubmitInput{Title: "Gözləyən təklif", Body: "Mətn", TopicID: 1, Language: "az"}); err != nil {
		t.Fatal(err)
	}
	c := s.client()
	c.signIn(access.CouncilSecretary)
	r := c.get("/staff")
	overdue := htmlEscape(s.app.Catalog.Printer(langOf("az")).T("work.answers_overdue"))
	if r.status != http.StatusOK || !strings.Contains(r.body, "Gözləyən təklif") || !strings.Contains(r.body, overdue) {
		t.Errorf("secretary's home: status %d, want the waiting proposal and the overdue list", r.status)
	}
}
