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

const coordinatorEmail = "coordinator@demo.inteqra.az"

// The Centre's back-office pages pass axe in every language.
func TestTrainingPagesAccessible(t *testing.T) {
	t.Parallel()
	for _, lang := range i18n.Langs {
		t.Run(string(lang), func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, string(lang))
			if st := e.signIn(coordinatorEmail, demo.Password); st != http.StatusOK {
				t.Fatalf("sign in: status %d", st)
			}
			e.switchLanguage(lang)
			for _, path := range []string{"/training", "/training/applications", "/training/cohorts/1", "/training/courses/new",
				"/training/cohorts/new", "/training/calendar"} {
				if st := e.open(path); st != http.StatusOK {
					t.Fatalf("%s: status %d", path, st)
				}
				checkA11y(t, e.ctx, path+" "+string(lang))
			}
		})
	}
}

// A coordinator plans a cohort and accepts an online application from the
// demo queue.
func TestCoordinatorPlansAndAccepts(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "az")
	if st := e.signIn(coordinatorEmail, demo.Password); st != http.StatusOK {
		t.Fatalf("sign in: status %d", st)
	}
	e.open("/training/cohorts/new")
	e.fill("#code", "TAR-DEMO")
	e.run("choose the course and dates",
		chromedp.SetValue(chromedp.CSS("#course"), "5"),
		chromedp.SetValue(chromedp.CSS("#starts_on"), "2031-02-03"),
		chromedp.SetValue(chromedp.CSS("#ends_on"), "2031-03-28"),
		chromedp.SetValue(chromedp.CSS("#weekday-0"), "2"),
		chromedp.SetValue(chromedp.CSS("#start-0"), "10:00"),
		chromedp.SetValue(chromedp.CSS("#end-0"), "12:00"))
	e.fill("#venue", "Bakı, Təlim-tədris mərkəzi")
	if st := e.submit("form.usa-form button[type=submit]"); st != http.StatusOK {
		t.Fatalf("create cohort: status %d", st)
	}
	if got := e.text("h1"); !strings.Contains(got, "TAR-DEMO") {
		t.Fatalf("after creating: heading %q", got)
	}
	if os.Getenv("INTEQRA_SCREENSHOTS") == "1" {
		e.shoot("cohort-new-az-1280")
	}

	e.open("/training/cohorts/1")
	if st := e.submit("#enrolment-1 form[action$='/accept'] button"); st != http.StatusOK {
		t.Fatalf("accept: status %d", st)
	}
	if got := e.text("#enrolment-1 td"); !strings.HasPrefix(got, T(t, i18n.AZ, "training.state.enrolled")) {
		t.Errorf("after accepting: %q", got)
	}
	checkA11y(t, e.ctx, "cohort after accepting")
	if os.Getenv("INTEQRA_SCREENSHOTS") == "1" {
		e.shoot("cohort-az-1280")
		e.viewport(320)
		e.shoot("cohort-az-320")
	}
}
