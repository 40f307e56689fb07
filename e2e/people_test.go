package e2e

import (
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"inteqra/internal/demo"
	"inteqra/internal/i18n"
)

// A consultant registers a person, finds them from another script, then
// enters the same person again in passport spelling and is warned with the
// existing record before anything is saved.
func TestRegisterPersonAndSeeDuplicateWarning(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "az")
	if st := e.signIn(consultantEmail, demo.Password); st != http.StatusOK {
		t.Fatalf("sign in: status %d", st)
	}
	e.open("/people/new")
	checkA11y(t, e.ctx, "person form az")
	e.fill("#surname_az", "Cəfərov")
	e.fill("#given_az", "Kamran")
	e.fill("#surname_cyrillic", "Джафаров")
	e.fill("#given_cyrillic", "Камран")
	e.run("birth date", chromedp.SetValue(chromedp.CSS("#birth_date"), "1988-09-21"))
	if st := e.submit(".person-form button[type=submit]"); st != http.StatusOK {
		t.Fatalf("register: status %d", st)
	}
	if !strings.HasPrefix(e.location().Path, "/people/") {
		t.Fatalf("after registering: on %s, want the person's page", e.location().Path)
	}
	personPath := e.location().Path
	if got := e.text("h1"); got != "Cəfərov Kamran" {
		t.Errorf("person page heading = %q", got)
	}
	checkA11y(t, e.ctx, "person page az")
	if os.Getenv("INTEQRA_SCREENSHOTS") == "1" {
		e.shoot("person-az-1280")
	}

	e.open("/people?q=Jafarov+Kamran")
	if !e.exists(`.people-hits a[href="` + personPath + `"]`) {
		t.Errorf("searching the English spelling does not find the person")
	}
	checkA11y(t, e.ctx, "search results az")

	e.open("/people/new")
	e.fill("#surname_passport", "DZHAFAROV")
	e.fill("#given_passport", "KAMRAN")
	e.run("birth date", chromedp.SetValue(chromedp.CSS("#birth_date"), "1988-09-21"))
	if st := e.submit(".person-form button[type=submit]"); st != http.StatusUnprocessableEntity {
		t.Fatalf("second entry: status %d, want 422 with the warning", st)
	}
	if got := e.text("#dup-title"); got != T(t, i18n.AZ, "people.duplicates_title") {
		t.Errorf("warning title = %q", got)
	}
	if !e.exists(`.duplicate-warning a[href="` + personPath + `"]`) {
		t.Errorf("the warning does not link the existing record")
	}
	checkA11y(t, e.ctx, "duplicate warning az")
	if os.Getenv("INTEQRA_SCREENSHOTS") == "1" {
		e.shoot("duplicate-warning-az-1280")
	}
	var n int
	err := e.app.DB.QueryRowContext(e.ctx, `SELECT count(*) FROM person_names WHERE given IN ('Kamran', 'KAMRAN')`).Scan(&n)
	if err != nil || n != 1 {
		t.Errorf("records named Kamran after the warning: %d, want 1 (nothing saved)", n)
	}
}
