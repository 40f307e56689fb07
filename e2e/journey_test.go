package e2e

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"inteqra/internal/access"
	"inteqra/internal/demo"
	"inteqra/internal/i18n"
	"inteqra/internal/training"
)

// journeyTimeout bounds the whole-course test, which signs four people in
// and out of one tab.
const journeyTimeout = 3 * time.Minute

// lastWorkingDay is the latest day up to today on which lessons can run, so
// that the test's one-lesson cohort has taken place.
func lastWorkingDay() time.Time {
	today := i18n.DayOf(time.Now())
	cal := training.NewCalendar(training.Holidays(today.AddDate(0, 0, -30), today), nil, nil)
	d := today
	for {
		if _, off := cal.Off(d); !off {
			return d
		}
		d = d.AddDate(0, 0, -1)
	}
}

// signOut forgets the session, as closing the browser would.
func (e *env) signOut() {
	e.t.Helper()
	if _, err := chromedp.Call(e.ctx, network.ClearBrowserCookies, cdp.Empty{}); err != nil {
		e.fatal("sign out", err)
	}
}

// TestCourseJourney follows a learner through a whole course in the
// browser: the coordinator plans a cohort and opens it, a person applies on
// the public page, the coordinator enrols them and starts the lessons, the
// trainer takes attendance and enters the final test, the coordinator
// finishes the cohort and downloads the certificate, the public page says it
// is valid, and after the coordinator revokes it, that it is revoked.
func TestCourseJourney(t *testing.T) {
	t.Parallel()
	e := newEnvWithin(t, "az", journeyTimeout)
	system := access.With(context.Background(), access.System())
	demoCohort, err := e.app.Training.Cohort(system, 1)
	if err != nil {
		t.Fatal(err)
	}
	day := lastWorkingDay()
	weekday := int(day.Weekday())
	if weekday == 0 {
		weekday = 7
	}

	// The coordinator plans a one-lesson cohort and opens it.
	if st := e.signIn(coordinatorEmail, demo.Password); st != http.StatusOK {
		t.Fatalf("coordinator signs in: status %d", st)
	}
	e.open("/training/cohorts/new")
	e.fill("#code", "A1-YOL")
	e.run("plan the cohort",
		chromedp.SetValue(chromedp.CSS("#course"), strconv.FormatInt(demoCohort.CourseID, 10)),
		chromedp.SetValue(chromedp.CSS("#starts_on"), day.Format(time.DateOnly)),
		chromedp.SetValue(chromedp.CSS("#ends_on"), day.Format(time.DateOnly)),
		chromedp.SetValue(chromedp.CSS("#weekday-0"), strconv.Itoa(weekday)),
		chromedp.SetValue(chromedp.CSS("#start-0"), "10:00"),
		chromedp.SetValue(chromedp.CSS("#end-0"), "12:00"),
		chromedp.SetValue(chromedp.CSS("#trainer"), strconv.FormatInt(demoCohort.TrainerID, 10)))
	e.fill("#venue", "Bakı, Təlim-tədris mərkəzi")
	if st := e.submit("form.usa-form button[type=submit]"); st != http.StatusOK || !strings.Contains(e.text("h1"), "A1-YOL") {
		t.Fatalf("plan the cohort: status %d, heading %q", st, e.text("h1"))
	}
	cohortPath := e.location().Path
	cohortID, _ := strconv.ParseInt(strings.TrimPrefix(cohortPath, "/training/cohorts/"), 10, 64)
	move := func(to training.CohortState) {
		t.Helper()
		if st := e.submit(`form.inline-form:has(input[name=to][value=` + string(to) + `]) button`); st != http.StatusOK {
			t.Fatalf("move the cohort to %s: status %d", to, st)
		}
	}
	move(training.Open)
	e.signOut()

	// A person applies on the public page.
	e.open(fmt.Sprintf("/courses/apply/%d", cohortID))
	checkA11y(t, e.ctx, "application form")
	e.fill("#surname", "Kravçenko")
	e.fill("#given", "Olqa")
	e.fill("#phone", "+994 50 777 12 34")
	e.fill("#declared_document", "DYİ 0099887")
	e.run("birth date and status",
		chromedp.SetValue(chromedp.CSS("#birth_date"), "1984-06-17"),
		chromedp.SetValue(chromedp.CSS("#declared_kind"), "prp"),
		chromedp.Click(`label[for="consent_data"]`),
		chromedp.Click(`label[for="consent_programme"]`))
	if st := e.submit(".apply-form button[type=submit]"); st != http.StatusOK {
		t.Fatalf("apply: status %d", st)
	}
	reference := e.text(".reference-number")
	status, err := e.app.Training.Lookup(system, reference)
	if err != nil || status.CohortID != cohortID {
		t.Fatalf("the reference %q: %+v, %v", reference, status, err)
	}

	// The coordinator enrols the applicant and starts the lessons.
	e.signIn(coordinatorEmail, demo.Password)
	e.open(cohortPath)
	if st := e.submit(fmt.Sprintf("#enrolment-%d form[action$='/accept'] button", status.ID)); st != http.StatusOK {
		t.Fatalf("accept: status %d", st)
	}
	move(training.Running)
	e.signOut()

	// The trainer takes attendance and enters the final test.
	lessons, err := e.app.Training.CohortLessons(system, cohortID)
	if err != nil || len(lessons) != 1 {
		t.Fatalf("lessons: %d, %v", len(lessons), err)
	}
	e.signIn(trainerEmail, demo.Password)
	e.open(fmt.Sprintf("/training/lessons/%d", lessons[0].ID))
	if st := e.submit("#all-present"); st != http.StatusOK {
		t.Fatalf("attendance: status %d", st)
	}
	e.open(fmt.Sprintf("%s/results?kind=final", cohortPath))
	e.run("test date", chromedp.SetValue(chromedp.CSS("#taken_on"), day.Format(time.DateOnly)))
	e.fill(fmt.Sprintf("#score-%d", status.ID), "88")
	if st := e.submit("#save-results"); st != http.StatusOK {
		t.Fatalf("final test: status %d", st)
	}
	e.signOut()

	// The coordinator finishes the cohort; the certificate is issued.
	e.signIn(coordinatorEmail, demo.Password)
	e.open(cohortPath)
	move(training.Finished)
	e.open(cohortPath + "/certificates")
	pdfHref := eval[string](e, `document.querySelector('a[href$="/pdf"]').getAttribute("href")`)
	verifyHref := eval[string](e, `document.querySelector('a[href^="/verify/"]').getAttribute("href")`)
	if pdf := sessionGet(e, pdfHref); pdf.StatusCode != http.StatusOK || !strings.HasPrefix(pdf.body, "%PDF") {
		t.Fatalf("certificate PDF: status %d", pdf.StatusCode)
	}
	e.open(verifyHref)
	if !e.exists(".usa-alert--success") {
		t.Error("the verification page does not say the certificate is valid")
	}
	e.open(cohortPath + "/certificates")
	e.run("open the revoke form", chromedp.Click("details summary"))
	e.fill(`input[name="reason"]`, "Sınaq: səhv verilib")
	if st := e.submit(`form[action$="/revoke"] button`); st != http.StatusOK {
		t.Fatalf("revoke: status %d", st)
	}
	e.signOut()
	e.open(verifyHref)
	if !e.exists(".usa-alert--error") || e.exists(".usa-alert--success") {
		t.Error("the verification page does not say the certificate is revoked")
	}
	checkA11y(t, e.ctx, "revoked certificate")
}
