package e2e

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"inteqra/internal/access"
	"inteqra/internal/demo"
	"inteqra/internal/i18n"
	"inteqra/internal/people"
	"inteqra/internal/training"
)

// finishedCohort runs a language cohort with past dates to its end through
// the store: one learner attends every lesson and passes the final test, so
// the cohort has one certificate, which it returns.
func finishedCohort(t *testing.T, st *training.Store) (training.Cohort, training.Certificate) {
	t.Helper()
	ctx := access.With(context.Background(), access.System())
	course, err := st.SaveCourse(ctx, 0, training.CourseInput{
		Kind: "lang_a2",
		Title: map[i18n.Lang]string{i18n.AZ: "Azərbaycan dili A2 (sınaq)", i18n.EN: "Azerbaijani A2 (test)",
			i18n.RU: "Азербайджанский язык A2 (тест)"},
		Hours: "40", PassMark: "60", AttendanceMin: "80", Eligible: []people.StatusKind{people.PermanentPermit},
	})
	if err != nil {
		t.Fatal(err)
	}
	cohort, err := st.CreateCohort(ctx, training.CohortInput{
		CourseID: course.ID, Code: "A2-CERT-01", StartsOn: "2025-02-03", EndsOn: "2025-02-14", Venue: "Bakı",
		Capacity: "10", Language: "az",
		Slots: []training.SlotInput{{Weekday: "1", Start: "18:30", End: "20:00"}, {Weekday: "3", Start: "18:30", End: "20:00"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.MoveCohort(ctx, cohort.ID, training.Open, ""); err != nil {
		t.Fatal(err)
	}
	e, err := st.Apply(context.Background(), training.ApplicationInput{
		CohortID: cohort.ID,
		Person: people.Input{Names: []people.Name{{Kind: people.NameAz, Surname: "Zəfərquliyeva", Given: "Ülviyyə"}},
			BirthDate: "1991-07-19", Phone: "+994 50 765 43 21"},
		DeclaredKind: people.PermanentPermit, DeclaredDocument: "PRP 765432", ConsentData: true, ConsentProgramme: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Accept(ctx, e.ID); err != nil {
		t.Fatal(err)
	}
	if err := st.MoveCohort(ctx, cohort.ID, training.Running, ""); err != nil {
		t.Fatal(err)
	}
	lessons, err := st.CohortLessons(ctx, cohort.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range lessons {
		if err := st.MarkAttendance(ctx, l.ID, map[int64]string{e.ID: training.Present}); err != nil {
			t.Fatal(err)
		}
	}
	err = st.RecordResults(ctx, cohort.ID, training.Final, "2025-02-14", []training.ResultInput{{EnrolmentID: e.ID, Score: "85", Level: "A2"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.MoveCohort(ctx, cohort.ID, training.Finished, ""); err != nil {
		t.Fatal(err)
	}
	certs, err := st.Certificates(ctx, cohort.ID)
	if err != nil || len(certs) != 1 {
		t.Fatalf("certificates: %+v, %v", certs, err)
	}
	return cohort, certs[0]
}

// fetched is a response read to the end.
type fetched struct {
	*http.Response
	body string
}

// sessionGet fetches path outside the tab with the tab's cookies, for what a
// browser downloads instead of showing (a PDF).
func sessionGet(e *env, path string) fetched {
	e.t.Helper()
	req, err := http.NewRequestWithContext(e.ctx, "GET", e.base+path, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	for _, c := range e.cookies() {
		req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatalf("GET %s: %v", path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		e.t.Fatalf("GET %s: %v", path, err)
	}
	return fetched{Response: res, body: string(b)}
}

// A coordinator finds a finished cohort's certificate, downloads its PDF,
// checks it on the public page and revokes it; the public page then says so.
func TestCertificateIssueVerifyRevoke(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "az")
	cohort, cert := finishedCohort(t, e.app.Training)
	shots := os.Getenv(envScreenshots) == "1"
	if shots {
		if err := os.MkdirAll(screenshotDir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if st := e.signIn(coordinatorEmail, demo.Password); st != http.StatusOK {
		t.Fatalf("sign in: status %d", st)
	}
	listPath := "/training/cohorts/" + fmt.Sprint(cohort.ID) + "/certificates"
	row := "#certificate-" + fmt.Sprint(cert.ID)
	for _, lang := range i18n.Langs {
		e.switchLanguage(lang)
		if st := e.open(listPath); st != http.StatusOK {
			t.Fatalf("%s in %s: status %d", listPath, lang, st)
		}
		if got := e.text(row + " .cert-number"); got != cert.Number {
			t.Errorf("certificates in %s: number %q, want %q", lang, got, cert.Number)
		}
		if got := e.text(row + " .cert-state"); got != T(t, lang, "cert.state.issued") {
			t.Errorf("certificates in %s: state %q", lang, got)
		}
		checkA11y(t, e.ctx, "certificates "+string(lang))
	}
	e.switchLanguage(i18n.AZ)
	e.run("open the revocation form", chromedp.Click(chromedp.CSS(row+" details.cert-revoke summary")))
	checkA11y(t, e.ctx, "certificates with the revocation form open")
	if shots {
		e.viewport(1280)
		e.shoot("certificates-az-1280")
	}

	// The PDF link works with the browser's session.
	href := eval[string](e, `document.querySelector("`+row+` a.cert-pdf").getAttribute("href")`)
	pdf := sessionGet(e, href)
	if pdf.StatusCode != http.StatusOK || pdf.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(pdf.body, "%PDF") {
		t.Fatalf("PDF %s: status %d, type %q", href, pdf.StatusCode, pdf.Header.Get("Content-Type"))
	}

	// The verification link leads to the public page, valid, with the name masked.
	e.open(eval[string](e, `document.querySelector("`+row+` a.cert-code").getAttribute("href")`))
	masked := training.Mask(cert.PersonName)
	for _, lang := range i18n.Langs {
		e.switchLanguage(lang)
		if !e.exists("#verify-state.usa-alert--success") {
			t.Fatalf("verify in %s: not shown as valid", lang)
		}
		if got := e.text("#verify-state h2"); got != T(t, lang, "verify.valid") {
			t.Errorf("verify in %s: heading %q", lang, got)
		}
		if got := e.text(".verify-holder"); got != masked {
			t.Errorf("verify in %s: holder %q, want %q", lang, got, masked)
		}
		if body := e.text("main"); strings.Contains(body, cert.PersonName) || !strings.Contains(body, cert.Number) {
			t.Errorf("verify in %s: the full name shown or the number missing", lang)
		}
		checkA11y(t, e.ctx, "verify "+string(lang))
		if shots {
			e.shoot("verify-valid-" + string(lang) + "-1280")
		}
	}
	if shots {
		e.viewport(320)
		e.shoot("verify-valid-ru-320")
		e.viewport(1280)
	}

	// Revoke with a reason.
	e.switchLanguage(i18n.AZ)
	e.open(listPath)
	e.run("open the revocation form", chromedp.Click(chromedp.CSS(row+" details.cert-revoke summary")))
	e.fill("#revoke-"+fmt.Sprint(cert.ID), "Sənəd saxta çıxdı")
	if st := e.submit(row + " form[action$='/revoke'] button"); st != http.StatusOK {
		t.Fatalf("revoke: status %d", st)
	}
	if got := e.text(row + " .cert-state"); got != T(t, i18n.AZ, "cert.state.revoked") {
		t.Errorf("after revoking: state %q", got)
	}
	if e.exists(row + " a.cert-pdf") {
		t.Error("after revoking: the PDF is still offered")
	}
	checkA11y(t, e.ctx, "certificates after revoking")
	if pdf := sessionGet(e, href); pdf.StatusCode != http.StatusBadRequest || !strings.Contains(pdf.body, T(t, i18n.AZ, "training.error.certificate_revoked")) {
		t.Errorf("PDF after revoking: status %d", pdf.StatusCode)
	}

	// Anyone typing the code now learns it was revoked, not why.
	e.open("/verify")
	e.fill("#code", strings.ToLower(cert.Code))
	if st := e.submit("form[action='/verify'] button"); st != http.StatusOK {
		t.Fatalf("verify by the form: status %d", st)
	}
	if !e.exists("#verify-state.usa-alert--error") || e.text("#verify-state h2") != T(t, i18n.AZ, "verify.revoked") {
		t.Fatal("verify after revoking: not shown as revoked")
	}
	if strings.Contains(e.text("main"), "Sənəd saxta") {
		t.Error("verify after revoking shows the reason")
	}
	checkA11y(t, e.ctx, "verify revoked")
	if shots {
		e.shoot("verify-revoked-az-1280")
	}

	if st := e.open("/verify/NOSUCHCODE"); st != http.StatusNotFound {
		t.Errorf("unknown code: status %d, want 404", st)
	}
	if got := e.text("#form-error .error-summary__list"); got != T(t, i18n.AZ, "verify.unknown") {
		t.Errorf("unknown code: message %q", got)
	}
	checkA11y(t, e.ctx, "verify unknown")
	if shots {
		e.shoot("verify-unknown-az-1280")
	}
}
