package web_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/i18n"

	"inteqra/internal/imports"
)

// importCSV has one bad row (line 3: a date that does not exist) and a
// row repeating the document of line 2.
const importCSV = "Soyad;Ad;Фамилия;Имя;Doğum tarixi;Vətəndaşlıq;Sənəd nömrəsi\n" +
	"Qasımova;Səbinə;Касимова;Сабина;12.04.1993;UZ;TRP 810001\n" +
	"Petrenko;Oksana;Петренко;Оксана;31.02.1990;UA;TRP 810002\n" +
	"Qasımova;Səbinə;Касимова;Сабина;1993-04-12;UZ;TRP 810001\n" +
	"Tsiklauri;Nino;Циклаури;Нино;1987-10-05;GE;TRP 810004\n"

// upload posts a file as the import form does.
func (c *client) upload(name string, content []byte) response {
	c.s.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	if name != "" {
		fw, _ := mw.CreateFormFile("file", name)
		fw.Write(content)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", c.s.srv.URL+"/people/import", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := c.hc.Do(req)
	if err != nil {
		c.s.t.Fatal(err)
	}
	defer res.Body.Close()
	var b bytes.Buffer
	b.ReadFrom(res.Body)
	return response{status: res.StatusCode, body: b.String(), location: res.Header.Get("Location"), header: res.Header}
}

var importURL = regexp.MustCompile(`^/imports/(\d+)$`)

// settle waits for the batch's run in the background to end and returns its page.
func (c *client) settle(path string) response {
	c.s.t.Helper()
	for range 800 {
		r := c.get(path)
		if !strings.Contains(r.body, `id="import-progress"`) {
			return r
		}
		time.Sleep(25 * time.Millisecond)
	}
	c.s.t.Fatalf("%s: the run did not finish", path)
	return response{}
}

func TestImportThroughTheWeb(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.startJobs()
	demo := countPersons(t, s) // the demo's course applicants
	p := s.app.Catalog.Printer(i18n.AZ)
	c := s.client()
	c.signIn(access.Consultant)

	if r := c.get("/people/import"); r.status != http.StatusOK || !strings.Contains(r.body, `enctype="multipart/form-data"`) {
		t.Fatalf("upload form: status %d", r.status)
	}
	r := c.upload("residents.csv", []byte(importCSV))
	m := importURL.FindStringSubmatch(r.location)
	if r.status != http.StatusSeeOther || m == nil {
		t.Fatalf("upload: status %d to %q: %s", r.status, r.location, r.body)
	}
	batch := r.location

	// The mapping page proposes a field for every column.
	r = c.get(batch)
	for _, want := range []string{`value="surname_az" selected`, `value="given_cyrillic" selected`, `value="birth_date" selected`,
		`value="document_no" selected`, htmlEscape(p.T("import.field.surname_az"))} {
		if !strings.Contains(r.body, want) {
			t.Errorf("mapping page lacks %s", want)
		}
	}
	// A mapping without a name column is refused in the user's language.
	if r := c.post(batch+"/check", url.Values{"col_4": {"birth_date"}}); r.status != http.StatusUnprocessableEntity ||
		!strings.Contains(r.body, htmlEscape(p.T("import.error.no_name_column"))) {
		t.Errorf("mapping without names: status %d", r.status)
	}
	mapping := url.Values{"col_0": {"surname_az"}, "col_1": {"given_az"}, "col_2": {"surname_cyrillic"}, "col_3": {"given_cyrillic"},
		"col_4": {"birth_date"}, "col_5": {"citizenship"}, "col_6": {"document_no"}}
	if r := c.post(batch+"/check", mapping); r.status != http.StatusSeeOther || r.location != batch {
		t.Fatalf("start the dry run: status %d to %q", r.status, r.location)
	}
	r = c.settle(batch)
	for _, want := range []string{`<th scope="row" class="import-issue__line">3</th>`, "Doğum tarixi",
		htmlEscape(p.T("import.error.date_format", "Value", "31.02.1990")), htmlEscape(p.T("import.issue.repeat", "Line", 2)),
		`name="mode" value="valid" checked`} {
		if !strings.Contains(r.body, want) {
			t.Errorf("dry-run report lacks %q", want)
		}
	}
	if n := countPersons(t, s) - demo; n != 0 {
		t.Fatalf("the dry run registered %d persons", n)
	}
	// The poll after the end sends the page on.
	if r := c.get(batch+"/progress", "HX-Request", "true"); r.header.Get("HX-Redirect") != batch {
		t.Errorf("progress poll after the run: HX-Redirect %q", r.header.Get("HX-Redirect"))
	}
	csv := c.get(batch + "/issues.csv")
	if !strings.Contains(csv.body, p.T("import.error.date_format", "Value", "31.02.1990")) || !strings.HasPrefix(csv.header.Get("Content-Type"), "text/csv") {
		t.Errorf("issues download: %q", csv.body)
	}

	// All or nothing refuses the file; valid-only imports the two good rows.
	c.post(batch+"/run", url.Values{"mode": {"all"}})
	r = c.settle(batch)
	if !strings.Contains(r.body, htmlEscape(p.T("import.error.has_invalid", "Count", 1))) || countPersons(t, s)-demo != 0 {
		t.Errorf("all-or-nothing with a bad row: %d persons", countPersons(t, s)-demo)
	}
	c.post(batch+"/run", url.Values{"mode": {"valid"}})
	r = c.settle(batch)
	if !strings.Contains(r.body, htmlEscape(p.T("import.result_title"))) || !strings.Contains(r.body, `class="import-summary__imported">2<`) {
		t.Errorf("valid-only import: no result page with 2 imported")
	}
	if n := countPersons(t, s) - demo; n != 2 {
		t.Errorf("persons after the import: %d, want 2", n)
	}
	if res := c.get("/people?" + url.Values{"q": {"Касимова Сабина"}}.Encode()); !strings.Contains(res.body, "Qasımova Səbinə") {
		t.Error("an imported person is not found from another script")
	}
	var imported int64
	if err := s.app.DB.QueryRowContext(t.Context(), `SELECT person_id FROM import_persons ORDER BY line LIMIT 1`).Scan(&imported); err != nil {
		t.Fatal(err)
	}
	if res := c.get(fmt.Sprintf("/people/%d", imported)); !strings.Contains(res.body, htmlEscape(p.T("people.imported_from"))) ||
		!strings.Contains(res.body, `href="`+batch+`"`) {
		t.Errorf("the imported person %d's page (status %d) does not say which import the record came from", imported, res.status)
	}
	if r := c.post(batch+"/run", url.Values{"mode": {"valid"}}); r.status != http.StatusUnprocessableEntity ||
		!strings.Contains(r.body, htmlEscape(p.T("import.error.done"))) {
		t.Errorf("running a committed batch again: status %d", r.status)
	}
	if home := c.get("/people/import"); !strings.Contains(home.body, `href="`+batch+`"`) {
		t.Error("the import is not listed on the import page")
	}
}

func countPersons(t *testing.T, s *site) int {
	t.Helper()
	var n int
	if err := s.app.DB.QueryRowContext(t.Context(), `SELECT count(*) FROM persons`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestImportUploadRefusals(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	p := s.app.Catalog.Printer(i18n.AZ)
	c := s.client()
	c.signIn(access.Supervisor)
	tests := []struct {
		name    string
		content []byte
		key     string
	}{
		{"", nil, "import.error.no_file"},
		{"old.xls", []byte{0xd0, 0xcf, 0x11, 0xe0, 0, 0}, "import.error.file_format"},
		{"empty.csv", []byte("\n\n"), "import.error.file_empty"},
		{"huge.csv", bytes.Repeat([]byte("Soyad;Ad\n"), imports.MaxBytes/9+1000), "import.error.file_too_large"},
	}
	for _, tt := range tests {
		r := c.upload(tt.name, tt.content)
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, htmlEscape(p.T(tt.key, "MB", imports.MaxBytes>>20))) {
			t.Errorf("%q: status %d, want 422 with %s", tt.name, r.status, tt.key)
		}
	}
}

// Only roles that register persons import them; visitors sign in first.
func TestImportAccess(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	for _, role := range access.Roles {
		c := s.client()
		c.signIn(role)
		allowed := access.Principal{UserID: 1, Role: role}.Can(access.WritePeople)
		r := c.get("/people/import")
		up := c.upload("x.csv", []byte("Soyad\nƏliyev\n"))
		switch {
		case allowed && (r.status != http.StatusOK || up.status != http.StatusSeeOther):
			t.Errorf("%s: GET %d, upload %d; want 200 and 303", role, r.status, up.status)
		case !allowed && (r.status != http.StatusForbidden || up.status != http.StatusForbidden):
			t.Errorf("%s: GET %d, upload %d; want 403", role, r.status, up.status)
		}
		if allowed {
			if r := c.get(up.location); r.status != http.StatusOK {
				t.Errorf("%s: batch page %d", role, r.status)
			}
		} else {
			for _, rt := range []struct{ method, path string }{{"GET", "/imports/1"}, {"GET", "/imports/1/progress"},
				{"GET", "/imports/1/issues.csv"}, {"POST", "/imports/1/check"}, {"POST", "/imports/1/run"}, {"POST", "/imports/1/discard"}} {
				if r := c.do(rt.method, rt.path, url.Values{}); r.status != http.StatusForbidden {
					t.Errorf("%s: %s %s gave %d, want 403", role, rt.method, rt.path, r.status)
				}
			}
		}
	}
	anon := s.client()
	for _, path := range []string{"/people/import", "/imports/1", "/imports/1/progress"} {
		if r := anon.get(path); r.status != http.StatusSeeOther || !strings.HasPrefix(r.location, "/login?next=") {
			t.Errorf("anonymous %s: status %d to %q", path, r.status, r.location)
		}
	}
}

// Every catalogue key an import page builds from a value exists in every language.
func TestImportKeysExist(t *testing.T) {
	t.Parallel()
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, f := range imports.Fields {
		keys = append(keys, "import.field."+string(f))
	}
	for _, k := range []imports.IssueKind{imports.IssueInvalid, imports.IssueRepeat, imports.IssueExisting, imports.IssuePossible} {
		keys = append(keys, "import.kind."+string(k))
	}
	for _, st := range []imports.State{imports.Uploaded, imports.Checking, imports.Checked, imports.Running,
		imports.Interrupted, imports.Committed, imports.RolledBack} {
		keys = append(keys, "import.state."+string(st), "import.phase."+string(st))
	}
	keys = append(keys, "import.phase.checking", "import.phase.running", "import.state.interrupted", "audit.action.person.import",
		"import.error.failed", "import.error.has_invalid", "import.error.busy", "import.error.done", "import.error.file_gone",
		"import.issue.repeat", "import.issue.existing", "import.issue.possible", "import.issue.possible_line",
		"import.error.interrupted", "import.error.discarded", "audit.action.person.import_discard")
	for _, k := range keys {
		for _, l := range i18n.Langs {
			if !cat.Has(l, k) {
				t.Errorf("%s lacks %q", l, k)
			}
		}
	}
	if n := len(imports.Fields); n != 31 {
		t.Errorf("%d import fields; update this test and the catalogues", n)
	}
}

// TestImportIssuesCSVHasNoFormulas uploads a file whose column heading and
// value are spreadsheet formulas; the issues download carries them as text.
func TestImportIssuesCSVHasNoFormulas(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.startJobs()
	c := s.client()
	c.signIn(access.Consultant)
	file := "Soyad;Ad;@SUM(1+1)*cmd|' /C calc'!A0\n" +
		"Qasımova;Səbinə;=HYPERLINK(\"https://evil.example\")\n"
	r := c.upload("formulas.csv", []byte(file))
	if importURL.FindStringSubmatch(r.location) == nil {
		t.Fatalf("upload: status %d to %q", r.status, r.location)
	}
	batch := r.location
	if r := c.post(batch+"/check", url.Values{"col_0": {"surname_az"}, "col_1": {"given_az"}, "col_2": {"birth_date"}}); r.status != http.StatusSeeOther {
		t.Fatalf("start the dry run: status %d", r.status)
	}
	c.settle(batch)
	body := c.get(batch + "/issues.csv").body
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\xef\xbb\xbf"))).ReadAll()
	if err != nil || len(rows) < 2 {
		t.Fatalf("issues.csv: %v, %d rows:\n%s", err, len(rows), body)
	}
	seen := false
	for _, row := range rows {
		for _, cell := range row {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("issues.csv cell %q would run as a formula", cell)
			}
			seen = seen || cell == "'@SUM(1+1)*cmd|' /C calc'!A0"
		}
	}
	if !seen {
		t.Errorf("issues.csv lacks the heading as text:\n%s", body)
	}
}
