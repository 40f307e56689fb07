package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"inteqra/internal/access"
	"inteqra/internal/i18n"
)

// The dry run's report shows the names as read from the file and its
// encoding; a file already imported asks for a confirmation, and then its
// rows are skipped as the earlier import's (issue 21).
func TestImportNamesAndRepeatedFile(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.startJobs()
	p := s.app.Catalog.Printer(i18n.EN)
	c := s.client()
	c.signIn(access.Consultant)
	c.get("/?lang=en")

	// A Windows-1251 file: Cyrillic names must come out as Cyrillic.
	cp1251, err := charmap.Windows1251.NewEncoder().Bytes([]byte("Фамилия;Имя;Дата рождения\nЖуравлёва;Юлия;1991-07-02\nЩербаков;Эдуард;1984-01-30\n"))
	if err != nil {
		t.Fatal(err)
	}
	mapping := url.Values{"col_0": {"surname_cyrillic"}, "col_1": {"given_cyrillic"}, "col_2": {"birth_date"}}
	batch := c.upload("old.csv", cp1251).location
	if !importURL.MatchString(batch) {
		t.Fatalf("upload of a Windows-1251 file: %q", batch)
	}
	c.post(batch+"/check", mapping)
	r := c.settle(batch)
	for _, want := range []string{htmlEscape(p.T("import.names_sample")), `<dd class="import-encoding">Windows-1251</dd>`,
		`<span class="import-name">Журавлёва Юлия</span>`, `<span class="import-name">Щербаков Эдуард</span>`} {
		if !strings.Contains(r.body, want) {
			t.Errorf("report of the Windows-1251 file lacks %s", want)
		}
	}

	// A UTF-8 file with Azerbaijani and Cyrillic spellings, imported once.
	file := []byte("Soyad;Ad;Фамилия;Имя;Doğum tarixi\nƏliyeva;Gülnarə;Алиева;Гюльнара;1990-05-17\nŞükürov;Üzeyir;Шукюров;Узеир;1979-11-03\n")
	mapping = url.Values{"col_0": {"surname_az"}, "col_1": {"given_az"}, "col_2": {"surname_cyrillic"}, "col_3": {"given_cyrillic"},
		"col_4": {"birth_date"}}
	first := c.upload("people.csv", file).location
	c.post(first+"/check", mapping)
	r = c.settle(first)
	for _, want := range []string{`<dd class="import-encoding">UTF-8</dd>`,
		`<span class="import-name">Əliyeva Gülnarə</span> / <span class="import-name">Алиева Гюльнара</span>`,
		`<span class="import-name">Şükürov Üzeyir</span>`} {
		if !strings.Contains(r.body, want) {
			t.Errorf("report of the UTF-8 file lacks %s", want)
		}
	}
	if strings.Contains(r.body, `id="confirm_repeat"`) {
		t.Error("a file never imported asks to confirm a repeat")
	}
	c.post(first+"/run", url.Values{"mode": {"valid"}})
	if r := c.settle(first); !strings.Contains(r.body, `class="import-summary__imported">2<`) {
		t.Fatal("the first import did not import 2 persons")
	}
	persons := countPersons(t, s)

	// The same file again: the page warns, and the import is refused
	// without the checkbox.
	second := c.upload("people-again.csv", file).location
	c.post(second+"/check", mapping)
	r = c.settle(second)
	if !strings.Contains(r.body, `id="confirm_repeat"`) || !strings.Contains(r.body, `class="usa-alert usa-alert--warning usa-alert--slim import-repeat"`) {
		t.Fatal("the report of a file imported before does not ask to confirm")
	}
	firstID := strings.TrimPrefix(first, "/imports/")
	var earlier int64
	if err := s.app.DB.QueryRowContext(t.Context(), `SELECT person_id FROM import_persons WHERE batch_id = $1 AND line = 2`, firstID).Scan(&earlier); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(r.body, htmlEscape(p.T("import.issue.repeat_import", "Line", 2, "ID", earlier, "Batch", firstID))) {
		t.Errorf("the dry run does not report the rows as imported before:\n%s", r.body)
	}
	if r := c.post(second+"/run", url.Values{"mode": {"valid"}}); r.status != http.StatusUnprocessableEntity ||
		!strings.Contains(r.body, "import #"+firstID) {
		t.Errorf("importing the same file without confirming: status %d", r.status)
	}
	c.post(second+"/run", url.Values{"mode": {"valid"}, "confirm_repeat": {"1"}})
	r = c.settle(second)
	if !strings.Contains(r.body, `class="import-summary__imported">0<`) || !strings.Contains(r.body, `class="import-summary__duplicates">2<`) {
		t.Errorf("the confirmed repeat: want 0 imported, 2 duplicates")
	}
	if n := countPersons(t, s); n != persons {
		t.Errorf("the same file again created %d persons", n-persons)
	}
}
