package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"inteqra/internal/access"
	"inteqra/internal/i18n"
)

var personURL = regexp.MustCompile(`^/people/(\d+)$`)

// TestRegisterFindAndDuplicate registers a person through the form, finds
// them from another script, and sees the duplicate warning on a second entry.
func TestRegisterFindAndDuplicate(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	p := s.app.Catalog.Printer(i18n.AZ)
	c := s.client()
	c.signIn(access.Consultant)
	form := url.Values{
		"surname_az": {"Hüseynov"}, "given_az": {"Elçin"}, "patronymic_az": {"Vaqif oğlu"},
		"surname_cyrillic": {"Гусейнов"}, "given_cyrillic": {"Эльчин"},
		"sex": {"m"}, "birth_date": {"1979-06-02"}, "citizenship": {"GE"}, "language": {"az", "ka"},
		"phone": {"+994 55 200 10 10"}, "document_no": {"TRP-554433"},
	}
	r := c.post("/people", form)
	m := personURL.FindStringSubmatch(r.location)
	if r.status != http.StatusSeeOther || m == nil {
		t.Fatalf("register: status %d to %q", r.status, r.location)
	}
	page := c.get(r.location)
	for _, want := range []string{"Hüseynov Elçin Vaqif oğlu", "Гусейнов Эльчин", "Gürcüstan", htmlEscape(p.T("people.created"))} {
		if !strings.Contains(page.body, want) {
			t.Errorf("person page lacks %q", want)
		}
	}
	for _, q := range []string{"Guseynov Elchin", "Гусейнов", "TRP554433"} {
		res := c.get("/people?" + url.Values{"q": {q}}.Encode())
		if !strings.Contains(res.body, `href="/people/`+m[1]+`"`) {
			t.Errorf("search %q does not find the person", q)
		}
	}
	// A second entry in passport spelling warns and saves nothing.
	dup := url.Values{"surname_passport": {"HUSEYNOV"}, "given_passport": {"ELCHIN"}, "birth_date": {"1979-06-02"}}
	r = c.post("/people", dup)
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "duplicate-warning") || !strings.Contains(r.body, `href="/people/`+m[1]+`"`) {
		t.Fatalf("duplicate entry: status %d, want the warning listing the record", r.status)
	}
	dup.Set("duplicate_reason", "a namesake: different mother")
	if r := c.post("/people", dup); r.status != http.StatusSeeOther {
		t.Errorf("save anyway: status %d", r.status)
	}
	// Bad input is refused with the message in the user's language.
	r = c.post("/people", url.Values{"surname_az": {"X"}, "birth_date": {"2099-01-01"}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, htmlEscape(p.T("people.error.birth_date_range"))) {
		t.Errorf("future birth date: status %d", r.status)
	}
	// The page's history shows the views.
	page = c.get("/people/" + m[1])
	if !strings.Contains(page.body, htmlEscape(p.T("audit.action.person.view"))) {
		t.Error("the record's history does not show the views")
	}
}
