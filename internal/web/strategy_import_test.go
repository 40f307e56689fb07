package web_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"inteqra/internal/access"
	"inteqra/internal/i18n"
	"inteqra/internal/strategy"
)

// planImportForm is the form after the upload of a CSV file whose headers
// are the fields' codes, mapped as they say.
func planImportForm(csv string) url.Values {
	form := url.Values{"name": {"plan.csv"}, "content": {base64.StdEncoding.EncodeToString([]byte(csv))}}
	header, _, _ := strings.Cut(csv, "\n")
	for i, h := range strings.Split(header, ",") {
		form.Set(fmt.Sprintf("col_%d", i), h)
	}
	return form
}

// uploadPlan posts a plan file to the import's upload form.
func (c *client) uploadPlan(path, name string, content []byte) response {
	c.s.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(content)
	mw.Close()
	req, _ := http.NewRequest("POST", c.s.srv.URL+path+"/import", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := c.hc.Do(req)
	if err != nil {
		c.s.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return response{status: res.StatusCode, body: string(b), location: res.Header.Get("Location"), header: res.Header}
}

var (
	hiddenContentRE  = regexp.MustCompile(`name="content" value="([^"]*)"`)
	hiddenNameRE     = regexp.MustCompile(`name="name" value="([^"]*)"`)
	selectedColumnRE = regexp.MustCompile(`<select[^>]*name="(col_[0-9]+)"[^>]*>(?s:.*?)</select>`)
	selectedOptionRE = regexp.MustCompile(`<option value="([a-z_]+)" selected>`)
)

// mappedForm reads the mapping page's form as the browser would post it.
func mappedForm(t *testing.T, body string) url.Values {
	t.Helper()
	m := hiddenContentRE.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("the mapping page holds no file")
	}
	n := hiddenNameRE.FindStringSubmatch(body)
	if n == nil {
		t.Fatalf("the mapping page holds no file name")
	}
	form := url.Values{"name": {html.UnescapeString(n[1])}, "content": {html.UnescapeString(m[1])}}
	for _, sel := range selectedColumnRE.FindAllStringSubmatch(body, -1) {
		field := ""
		if o := selectedOptionRE.FindStringSubmatch(sel[0]); o != nil {
			field = o[1]
		}
		form.Set(sel[1], field)
	}
	return form
}

// TestPlanImportPages exports a plan, imports it again unchanged, imports
// a revised file that adds a measure, and shows the dry run of a bad file.
func TestPlanImportPages(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	f := strategyFixture(t, s)
	officer := s.client()
	officer.signIn(access.StrategyOfficer)
	en := s.app.Catalog.Printer(i18n.EN)
	if page := officer.get(f.plan); !strings.Contains(page.body, f.plan+"/import") || !strings.Contains(page.body, f.plan+"/export.xlsx") {
		t.Fatalf("the plan page links neither to the import nor to the export")
	}
	if page := officer.get(f.plan + "/import"); page.status != http.StatusOK || !strings.Contains(page.body, `enctype="multipart/form-data"`) {
		t.Fatalf("import page: %d", page.status)
	}
	// Export, then import the same file: every item unchanged.
	export := officer.get(f.plan + "/export.xlsx")
	if export.status != http.StatusOK || !strings.Contains(export.header.Get("Content-Type"), "spreadsheetml") {
		t.Fatalf("export: %d %s", export.status, export.header.Get("Content-Type"))
	}
	mapping := officer.uploadPlan(f.plan, "plan.xlsx", []byte(export.body))
	if mapping.status != http.StatusOK {
		t.Fatalf("upload of the export: %d", mapping.status)
	}
	form := mappedForm(t, mapping.body)
	for i, c := range strategy.Columns {
		if got := form.Get(fmt.Sprintf("col_%d", i)); got != string(c) {
			t.Errorf("column %d suggested as %q, want %q", i, got, c)
		}
	}
	check := officer.post(f.plan+"/import/check", form)
	if check.status != http.StatusOK || !strings.Contains(check.body, `plan-import-summary__unchanged">3<`) || !strings.Contains(check.body, "/import/run") {
		t.Fatalf("dry run of the export: %d %s", check.status, regexp.MustCompile(`(?s)usa-alert--error.*?</div>\s*</div>`).FindString(check.body))
	}
	// A revised file adds a measure to the objective.
	other, err := s.app.Orgs.Organisation(access.With(context.Background(), access.System()), f.otherOrg)
	if err != nil {
		t.Fatal(err)
	}
	csv := "Number;Text (az);Text (en);Text (ru);Responsible organisation;Start date;End date;Planned amount (manat);Source of funding;Status\n" +
		"1.1.2;Yeni tədbir;New measure;Новая мера;" + strings.ToUpper(other.Name) + ";01.02.2026;2026-12-31;1 000,50;Donor;Completed\n"
	mapping = officer.uploadPlan(f.plan, "plan.csv", []byte(csv))
	form = mappedForm(t, mapping.body)
	if check := officer.post(f.plan+"/import/check", form); check.status != http.StatusOK || !strings.Contains(check.body, `plan-import-summary__added">1<`) {
		t.Fatalf("dry run of the revised file: %d %s", check.status, regexp.MustCompile(`(?s)<main.*?</main>`).FindString(check.body))
	}
	if page := officer.get(f.plan); strings.Contains(page.body, "New measure") {
		t.Fatalf("the dry run wrote the measure")
	}
	done := officer.post(f.plan+"/import/run", form)
	if done.status != http.StatusOK || !strings.Contains(done.body, "plan-import-done") || !strings.Contains(done.body, "plan-import-missing") {
		t.Fatalf("import: %d", done.status)
	}
	if page := officer.get(f.plan); !strings.Contains(page.body, "1.1.2") || !strings.Contains(page.body, "New measure") {
		t.Errorf("the plan does not show the imported measure 1.1.2")
	}
	// A bad file: every problem listed with its row, nothing imported.
	bad := planImportForm("number,title_az,title_en,title_ru,responsible,starts_on,ends_on\n" +
		"1.1.3,A,B,C,Nobody,2026-05-01,2026-01-01\n9.1,A,B,\n")
	check = officer.post(f.plan+"/import/check", bad)
	for _, want := range []string{en.T("strategy.import.error.org_unknown", "Name", "Nobody"), en.T("strategy.error.dates_order"),
		en.T("strategy.import.error.parent_missing", "Number", "9.1", "Parent", "9"), "plan-import-issues"} {
		if !strings.Contains(check.body, htmlEscape(want)) {
			t.Errorf("dry run of a bad file lacks %q: %s", want, regexp.MustCompile(`(?s)<tbody>.*?</tbody>`).FindString(check.body))
		}
	}
	if !strings.Contains(check.body, `data-label="`+en.T("action_plan.import.line")+`">3<`) {
		t.Errorf("the dry run does not name row 3")
	}
	if strings.Contains(check.body, "/import/run") {
		t.Errorf("a file with problems can be imported")
	}
	if r := officer.post(f.plan+"/import/run", bad); r.status != http.StatusUnprocessableEntity {
		t.Errorf("import of a bad file: %d, want 422", r.status)
	}
	// A mapping without the number is refused with the mapping again.
	delete(bad, "col_0")
	if r := officer.post(f.plan+"/import/check", bad); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "error-summary") ||
		!strings.Contains(r.body, `name="col_1"`) {
		t.Errorf("mapping without a number: %d", r.status)
	}
	// A file over the cap says so.
	big := officer.uploadPlan(f.plan, "big.csv", bytes.Repeat([]byte("a"), strategy.MaxImportBytes+1))
	if want := htmlEscape(en.T("strategy.import.error.too_large", "KB", strategy.MaxImportBytes>>10)); big.status != http.StatusUnprocessableEntity ||
		!strings.Contains(big.body, want) {
		t.Errorf("a file over the cap: %d", big.status)
	}
}
