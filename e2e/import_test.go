package e2e

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"inteqra/internal/demo"
	"inteqra/internal/i18n"
)

// importFile has one bad row: line 3's birth date does not exist.
const importFile = "Soyad;Ad;Фамилия;Имя;Doğum tarixi;Vətəndaşlıq;Sənəd nömrəsi\n" +
	"Rəsulova;Nərmin;Расулова;Нармин;03.07.1992;UZ;TRP 920001\n" +
	"Bondarenko;Taras;Бондаренко;Тарас;31.02.1984;UA;TRP 920002\n" +
	"Abashidze;Tamar;Абашидзе;Тамар;1990-11-19;GE;TRP 920003\n"

// A consultant uploads a file with one bad row, maps its columns, sees the
// dry-run report naming the line, the column and the reason in Azerbaijani,
// then imports the valid rows.
func TestImportFileWithOneBadRow(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "az")
	e.startJobs()
	if st := e.signIn(consultantEmail, demo.Password); st != http.StatusOK {
		t.Fatalf("sign in: status %d", st)
	}
	var before int
	if err := e.app.DB.QueryRowContext(e.ctx, `SELECT count(*) FROM persons`).Scan(&before); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "residents.csv")
	if err := os.WriteFile(path, []byte(importFile), 0o600); err != nil {
		t.Fatal(err)
	}

	if st := e.open("/people/import"); st != http.StatusOK {
		t.Fatalf("GET /people/import: status %d", st)
	}
	checkA11y(t, e.ctx, "import upload az")
	e.run("choose the file", chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{path}))
	if st := e.submit(".import-upload button[type=submit]"); st != http.StatusOK {
		t.Fatalf("upload: status %d", st)
	}
	batch := e.location().Path
	if !strings.HasPrefix(batch, "/imports/") {
		t.Fatalf("after the upload: on %s, want the mapping page", batch)
	}
	if got := eval[string](e, `document.querySelector("#col_4").value`); got != "birth_date" {
		t.Errorf("the birth date column is mapped to %q", got)
	}
	checkA11y(t, e.ctx, "import mapping az")

	// The dry run runs in the background; the page follows it and shows the report.
	e.submit(".import-map button[type=submit]")
	e.run("wait for the report", chromedp.WaitVisible(chromedp.CSS(".import-summary")))
	if got := e.text(".import-issue__line"); got != "3" {
		t.Errorf("first issue on line %q, want 3", got)
	}
	if got := e.text(".import-issue__column"); got != "Doğum tarixi" {
		t.Errorf("first issue in column %q", got)
	}
	if got, want := e.text(".import-issue__reason"), T(t, i18n.AZ, "import.error.date_format", "Value", "31.02.1984"); got != want {
		t.Errorf("reason %q, want %q", got, want)
	}
	if got := e.text(".import-summary__importable"); got != "2" {
		t.Errorf("rows to import: %q, want 2", got)
	}
	// The names as read, for the user to see the letters came out right.
	if got := e.text(".import-encoding"); got != "UTF-8" {
		t.Errorf("encoding %q, want UTF-8", got)
	}
	if got := e.text(".import-name"); got != "Rəsulova Nərmin" {
		t.Errorf("first name as read %q, want Rəsulova Nərmin", got)
	}
	checkA11y(t, e.ctx, "import report az")

	// Valid rows only (preselected, since a row is bad).
	if !eval[bool](e, `document.querySelector("#mode_valid").checked`) {
		t.Error("valid-only is not preselected for a file with a bad row")
	}
	e.submit(".import-run button[type=submit]")
	e.run("wait for the result", chromedp.WaitVisible(chromedp.CSS(".import-summary__imported")))
	if got := e.text(".import-summary__imported"); got != "2" {
		t.Errorf("imported %q, want 2", got)
	}
	if got := e.text("h1"); got != T(t, i18n.AZ, "import.result_title") {
		t.Errorf("result heading %q", got)
	}
	checkA11y(t, e.ctx, "import result az")
	var after int
	if err := e.app.DB.QueryRowContext(e.ctx, `SELECT count(*) FROM persons`).Scan(&after); err != nil || after != before+2 {
		t.Errorf("persons: %d after, %d before; want 2 more", after, before)
	}

	// The same file again asks for a confirmation, then skips its rows.
	e.open("/people/import")
	e.run("choose the file again", chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{path}))
	e.submit(".import-upload button[type=submit]")
	e.submit(".import-map button[type=submit]")
	e.run("wait for the second report", chromedp.WaitVisible(chromedp.CSS(`label[for="confirm_repeat"]`)))
	checkA11y(t, e.ctx, "import repeat az")
	e.run("confirm the repeat", chromedp.Click(chromedp.CSS(`label[for="confirm_repeat"]`)))
	e.submit(".import-run button[type=submit]")
	e.run("wait for the second result", chromedp.WaitVisible(chromedp.CSS(".import-summary__imported")))
	if got := e.text(".import-summary__imported"); got != "0" {
		t.Errorf("the same file again imported %q, want 0", got)
	}

	// An import cut off by a crash after committing its rows says so, and
	// offers to resume it or to discard what it imported.
	_, err := e.app.DB.ExecContext(e.ctx, `UPDATE import_batches SET state = 'interrupted', updated_at = $2 WHERE id = $1`,
		strings.TrimPrefix(batch, "/imports/"), time.Now().Add(-time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	e.open(batch)
	if !e.exists(`form[action="`+batch+`/run"]`) || !e.exists(`form[action="`+batch+`/discard"]`) {
		t.Error("an interrupted import offers no way to resume or discard it")
	}
	checkA11y(t, e.ctx, "import interrupted az")
	if os.Getenv(envScreenshots) == "1" {
		for _, w := range []int64{1280, 320} {
			e.viewport(w)
			e.open(batch)
			e.shoot(fmt.Sprintf("import-interrupted-az-%d", w))
		}
		e.viewport(1280)
	}
	// Unconfirmed, nothing is removed and the page says what is missing.
	if st := e.submit(`form[action="` + batch + `/discard"] button[type=submit]`); st != http.StatusUnprocessableEntity {
		t.Errorf("an unconfirmed discard: status %d, want 422", st)
	}
	if !e.exists(`a[href="#confirm_discard"]`) {
		t.Error("the refused discard does not point at its checkbox")
	}
	checkA11y(t, e.ctx, "import discard refused az")
	e.run("confirm the discard", chromedp.Click(chromedp.CSS(`label[for="confirm_discard"]`)))
	e.submit(`form[action="` + batch + `/discard"] button[type=submit]`)
	if !e.exists(".import-nothing") {
		t.Error("after the discard the page does not say nothing was imported")
	}
	if err := e.app.DB.QueryRowContext(e.ctx, `SELECT count(*) FROM persons`).Scan(&after); err != nil || after != before {
		t.Errorf("persons: %d after the discard, %d before the import", after, before)
	}
	e.open("/people/import")
	if !e.exists(`.import-batches a[href="` + batch + `"]`) {
		t.Error("the import is not listed")
	}
	checkA11y(t, e.ctx, "import list az")
}
