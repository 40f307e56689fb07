package e2e

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"inteqra/internal/demo"
	"inteqra/internal/i18n"
)

// download fetches path with the tab's cookies, as a link would.
func (e *env) download(path string) []byte {
	e.t.Helper()
	req, _ := http.NewRequest("GET", e.base+path, nil)
	for _, c := range e.cookies() {
		req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil || res.StatusCode != http.StatusOK {
		e.t.Fatalf("GET %s: status %d, %v", path, res.StatusCode, err)
	}
	return b
}

// fits checks the page at 320 px and 1280 px: nothing wider than the
// screen; with INTEQRA_SCREENSHOTS, a picture of each.
func (e *env) fits(name string) {
	e.t.Helper()
	for _, width := range []int64{320, 1280} {
		e.viewport(width)
		if sw := eval[int](e, `document.documentElement.scrollWidth`); int64(sw) > width {
			e.t.Errorf("%s at %d px is %d px wide:\n  %s", name, width, sw, strings.Join(eval[[]string](e, overflowJS), "\n  "))
		}
		if os.Getenv("INTEQRA_SCREENSHOTS") != "" {
			e.shoot(fmt.Sprintf("plan-import-%s-%d", name, width))
		}
	}
}

// The strategy officer downloads the demo's plan, adds a measure to the
// file and imports it: uploads it, sees the columns matched, the dry run
// with the change, imports, and finds the measure in the plan. A file
// with a bad row shows the row's problems. Every page passes axe in
// Azerbaijani, English and Russian and fits 320 px.
func TestPlanImportJourney(t *testing.T) {
	t.Parallel()
	if os.Getenv("INTEQRA_SCREENSHOTS") != "" {
		if err := os.MkdirAll(screenshotDir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	e, plan, _, _ := newPlanEnv(t, "az")
	if st := e.signIn(strategyOfficerEmail, demo.Password); st != http.StatusOK {
		t.Fatalf("officer signs in: status %d", st)
	}
	pl, err := e.app.Strategy.Published(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	objective := pl.Goals[0].Children[0]
	number := fmt.Sprintf("%s.%d", objective.Number, len(objective.Children)+1)
	responsible := objective.Children[0].Responsible.Name

	// The plan as exported, with a new measure in its last row.
	book, err := excelize.OpenReader(strings.NewReader(string(e.download(fmt.Sprintf("/action-plan/%d/export.xlsx", plan)))))
	if err != nil {
		t.Fatal(err)
	}
	sheet := book.GetSheetList()[0]
	rows, err := book.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	title := "Miqrant qadınlar üçün sahibkarlıq təlimləri"
	row := []any{number, title, "Entrepreneurship training for migrant women", "Обучение предпринимательству для женщин-мигрантов",
		responsible, "", "2027-01-15", "2027-12-20", 12000, "Dövlət büdcəsi", "İcra olunur"}
	if err := book.SetSheetRow(sheet, fmt.Sprintf("A%d", len(rows)+1), &row); err != nil {
		t.Fatal(err)
	}
	good := filepath.Join(t.TempDir(), "plan.xlsx")
	if err := book.SaveAs(good); err != nil {
		t.Fatal(err)
	}
	book.Close()
	bad := filepath.Join(t.TempDir(), "plan.csv")
	if err := os.WriteFile(bad, []byte("Nömrə,Mətn (az),Mətn (en),Mətn (ru),Məsul qurum,Başlama tarixi,Bitmə tarixi\n"+
		number+",A,B,C,Naməlum qurum,2027-05-01,2027-01-01\n"), 0o600); err != nil {
		t.Fatal(err)
	}

	upload := func(lang i18n.Lang, path string) {
		t.Helper()
		if st := e.open(fmt.Sprintf("/action-plan/%d/import", plan)); st != http.StatusOK {
			t.Fatalf("import page: status %d", st)
		}
		e.run("choose the file", chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{path}))
		if st := e.submit(".plan-import-upload button[type=submit]"); st != http.StatusOK {
			t.Fatalf("upload in %s: status %d", lang, st)
		}
		if got := eval[string](e, `document.querySelector("#col_0").value`); got != "number" {
			t.Errorf("the first column is mapped to %q in %s", got, lang)
		}
	}
	for _, lang := range i18n.Langs {
		if st := e.open(fmt.Sprintf("/action-plan/%d", plan)); st != http.StatusOK {
			t.Fatalf("the plan: status %d", st)
		}
		e.switchLanguage(lang)
		if st := e.submit(fmt.Sprintf(`a[href="/action-plan/%d/import"]`, plan)); st != http.StatusOK {
			t.Fatalf("the plan's link to the import: status %d", st)
		}
		checkA11y(t, e.ctx, "plan import upload "+string(lang))
		e.fits("upload-" + string(lang))

		upload(lang, bad)
		checkA11y(t, e.ctx, "plan import mapping "+string(lang))
		e.fits("mapping-" + string(lang))
		if st := e.submit(".plan-import-map button[type=submit]"); st != http.StatusOK {
			t.Fatalf("dry run of the bad file in %s: status %d", lang, st)
		}
		issues := e.text(".plan-import-issues")
		for _, want := range []string{T(t, lang, "strategy.import.error.org_unknown", "Name", "Naməlum qurum"), T(t, lang, "strategy.error.dates_order")} {
			if !strings.Contains(issues, want) {
				t.Errorf("the dry run in %s lacks %q: %s", lang, want, issues)
			}
		}
		if e.exists(".plan-import-run") {
			t.Errorf("a file with problems offers the import in %s", lang)
		}
		checkA11y(t, e.ctx, "plan import issues "+string(lang))
		e.fits("issues-" + string(lang))

		upload(lang, good)
		if st := e.submit(".plan-import-map button[type=submit]"); st != http.StatusOK {
			t.Fatalf("dry run in %s: status %d", lang, st)
		}
		if e.exists(".plan-import-issues") {
			t.Fatalf("the dry run of the plan in %s finds problems: %s", lang, e.text(".plan-import-issues"))
		}
		if got := e.text(".plan-import-summary__added"); got != "1" {
			t.Errorf("the dry run in %s adds %q items, want 1", lang, got)
		}
		checkA11y(t, e.ctx, "plan import dry run "+string(lang))
		e.fits("ready-" + string(lang))
	}
	// In Russian, the last language, the officer imports.
	if st := e.submit(".plan-import-run button[type=submit]"); st != http.StatusOK || !e.exists(".plan-import-done") {
		t.Fatalf("import: status %d", st)
	}
	checkA11y(t, e.ctx, "plan import done ru")
	e.fits("done-ru")
	if st := e.open(fmt.Sprintf("/action-plan/%d", plan)); st != http.StatusOK {
		t.Fatalf("the plan: status %d", st)
	}
	e.switchLanguage(i18n.AZ)
	if main := e.text("main"); !strings.Contains(main, number) || !strings.Contains(main, title) {
		t.Errorf("the plan does not show the imported measure %s", number)
	}
}
