package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"inteqra/internal/access"
	"inteqra/internal/i18n"
	"inteqra/internal/people"
	"inteqra/internal/training"
)

// finishedCohort runs a language cohort with past dates to its end through
// the store: one learner attends every lesson and passes the final test, so
// the cohort has one certificate, which it returns.
func (s *site) finishedCohort() (training.Cohort, training.Certificate) {
	s.t.Helper()
	ctx := access.With(context.Background(), access.System())
	st := s.app.Training
	course, err := st.SaveCourse(ctx, 0, training.CourseInput{
		Kind: "lang_a2",
		Title: map[i18n.Lang]string{i18n.AZ: "Azərbaycan dili A2 (sınaq)", i18n.EN: "Azerbaijani A2 (test)",
			i18n.RU: "Азербайджанский язык A2 (тест)"},
		Hours: "40", PassMark: "60", AttendanceMin: "80", Eligible: []people.StatusKind{people.PermanentPermit},
	})
	if err != nil {
		s.t.Fatal(err)
	}
	cohort, err := st.CreateCohort(ctx, training.CohortInput{
		CourseID: course.ID, Code: "A2-CERT-01", StartsOn: "2025-02-03", EndsOn: "2025-02-14", Venue: "Bakı",
		Capacity: "10", Language: "az",
		Slots: []training.SlotInput{{Weekday: "1", Start: "18:30", End: "20:00"}, {Weekday: "3", Start: "18:30", End: "20:00"}},
	})
	if err != nil {
		s.t.Fatal(err)
	}
	if err := st.MoveCohort(ctx, cohort.ID, training.Open, ""); err != nil {
		s.t.Fatal(err)
	}
	e, err := st.Apply(context.Background(), training.ApplicationInput{
		CohortID: cohort.ID,
		Person: people.Input{Names: []people.Name{{Kind: people.NameAz, Surname: "Zəfərquliyeva", Given: "Ülviyyə"}},
			BirthDate: "1991-07-19", Phone: "+994 50 765 43 21"},
		DeclaredKind: people.PermanentPermit, DeclaredDocument: "PRP 765432", ConsentData: true, ConsentProgramme: true,
	})
	if err != nil {
		s.t.Fatal(err)
	}
	if _, err := st.Accept(ctx, e.ID); err != nil {
		s.t.Fatal(err)
	}
	if err := st.MoveCohort(ctx, cohort.ID, training.Running, ""); err != nil {
		s.t.Fatal(err)
	}
	lessons, err := st.CohortLessons(ctx, cohort.ID)
	if err != nil || len(lessons) == 0 {
		s.t.Fatalf("lessons: %d, %v", len(lessons), err)
	}
	for _, l := range lessons {
		if err := st.MarkAttendance(ctx, l.ID, map[int64]string{e.ID: training.Present}); err != nil {
			s.t.Fatal(err)
		}
	}
	err = st.RecordResults(ctx, cohort.ID, training.Final, "2025-02-14", []training.ResultInput{{EnrolmentID: e.ID, Score: "85", Level: "A2"}})
	if err != nil {
		s.t.Fatal(err)
	}
	if err := st.MoveCohort(ctx, cohort.ID, training.Finished, ""); err != nil {
		s.t.Fatal(err)
	}
	certs, err := st.Certificates(ctx, cohort.ID)
	if err != nil || len(certs) != 1 {
		s.t.Fatalf("certificates: %+v, %v", certs, err)
	}
	return cohort, certs[0]
}

func TestCertificatesIssueVerifyRevoke(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	cohort, cert := s.finishedCohort()
	listPath := fmt.Sprintf("/training/cohorts/%d/certificates", cohort.ID)
	pdfPath := fmt.Sprintf("/training/certificates/%d/pdf", cert.ID)
	revokePath := fmt.Sprintf("/training/certificates/%d/revoke", cert.ID)
	masked := training.Mask(cert.PersonName)
	c := s.client()
	c.signIn(access.Coordinator)
	az := s.app.Catalog.Printer(i18n.AZ)

	r := c.get(listPath)
	if r.status != http.StatusOK {
		t.Fatalf("certificates page: status %d", r.status)
	}
	for _, want := range []string{cert.Number, htmlEscape(cert.PersonName), az.Date(cert.IssuedOn), htmlEscape(az.T("cert.state.issued")),
		`href="` + pdfPath + `"`, `action="` + revokePath + `"`, `href="/verify/` + cert.Code + `"`, "<details"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("certificates page: no %q", want)
		}
	}

	r = c.get(pdfPath)
	if r.status != http.StatusOK || !strings.HasPrefix(r.body, "%PDF") {
		t.Fatalf("PDF: status %d, starts %.8q", r.status, r.body)
	}
	if got := r.header.Get("Content-Type"); got != "application/pdf" {
		t.Errorf("PDF Content-Type %q", got)
	}
	if got, want := r.header.Get("Content-Disposition"), `attachment; filename=`+cert.Number+`.pdf`; got != want {
		t.Errorf("PDF Content-Disposition %q, want %q", got, want)
	}

	// The public check needs no sign-in and never shows the full name.
	public := s.client()
	for _, lang := range i18n.Langs {
		p := s.app.Catalog.Printer(lang)
		r := public.get("/verify/"+strings.ToLower(cert.Code), "Accept-Language", string(lang))
		if r.status != http.StatusOK {
			t.Fatalf("verify in %s: status %d", lang, r.status)
		}
		for _, want := range []string{"usa-alert--success", htmlEscape(p.T("verify.valid")), cert.Number, htmlEscape(masked),
			htmlEscape(p.T("verify.level")), ">A2<", "A2-CERT-01", p.Date(cohort.StartsOn), p.Date(cohort.EndsOn), p.Date(cert.IssuedOn),
			htmlEscape(map[i18n.Lang]string{i18n.AZ: "Azərbaycan dili A2 (sınaq)", i18n.EN: "Azerbaijani A2 (test)",
				i18n.RU: "Азербайджанский язык A2 (тест)"}[lang])} {
			if !strings.Contains(r.body, want) {
				t.Errorf("verify in %s: no %q", lang, want)
			}
		}
		if strings.Contains(r.body, "Zəfərquliyeva") || strings.Contains(r.body, htmlEscape("Zəfərquliyeva")) {
			t.Errorf("verify in %s shows the holder's full name", lang)
		}
	}
	if r := public.get("/verify?code=+" + cert.Code + "+"); r.status != http.StatusOK || !strings.Contains(r.body, cert.Number) {
		t.Errorf("verify by the form: status %d", r.status)
	}
	if r := public.get("/verify"); r.status != http.StatusOK || !strings.Contains(r.body, `name="code"`) {
		t.Errorf("verify form: status %d", r.status)
	}

	// Revoking needs a reason; without one nothing changes.
	r = c.post(revokePath, url.Values{"cohort": {fmt.Sprint(cohort.ID)}, "reason": {"  "}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, htmlEscape(az.T("training.error.reason_required"))) {
		t.Errorf("revoke without a reason: status %d, want 422 with the message", r.status)
	}
	if r := public.get("/verify/" + cert.Code); !strings.Contains(r.body, "usa-alert--success") {
		t.Error("revoke without a reason: the certificate is no longer valid")
	}
	if r := c.post(revokePath, url.Values{"cohort": {"x"}, "reason": {"Sənəd saxtadır"}}); r.status != http.StatusBadRequest {
		t.Errorf("revoke with a broken form: status %d, want 400", r.status)
	}
	if r := public.get("/verify/" + cert.Code); !strings.Contains(r.body, "usa-alert--success") {
		t.Error("revoke with a broken form: the certificate is no longer valid")
	}

	r = c.post(revokePath, url.Values{"cohort": {fmt.Sprint(cohort.ID)}, "reason": {"Sənəd saxtadır"}})
	if want := listPath + fmt.Sprintf("#certificate-%d", cert.ID); r.status != http.StatusSeeOther || r.location != want {
		t.Fatalf("revoke: status %d to %q, want 303 to %q", r.status, r.location, want)
	}
	r = c.get(listPath)
	for _, want := range []string{htmlEscape(az.T("cert.revoked_flash")), htmlEscape(az.T("cert.state.revoked")), htmlEscape("Sənəd saxtadır")} {
		if !strings.Contains(r.body, want) {
			t.Errorf("certificates page after revoking: no %q", want)
		}
	}
	if strings.Contains(r.body, `href="`+pdfPath+`"`) || strings.Contains(r.body, `action="`+revokePath+`"`) {
		t.Error("certificates page after revoking still offers the PDF or the revocation")
	}
	for _, lang := range i18n.Langs {
		p := s.app.Catalog.Printer(lang)
		r := public.get("/verify/"+cert.Code, "Accept-Language", string(lang))
		if r.status != http.StatusOK || !strings.Contains(r.body, "usa-alert--error") || !strings.Contains(r.body, htmlEscape(p.T("verify.revoked"))) {
			t.Errorf("verify after revoking in %s: status %d, not shown as revoked", lang, r.status)
		}
		if strings.Contains(r.body, "usa-alert--success") || strings.Contains(r.body, htmlEscape("Sənəd saxtadır")) {
			t.Errorf("verify after revoking in %s: shown as valid or with the reason", lang)
		}
	}
	r = c.post(revokePath, url.Values{"cohort": {fmt.Sprint(cohort.ID)}, "reason": {"again"}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, htmlEscape(az.T("training.error.invalid_move"))) {
		t.Errorf("revoke twice: status %d, want 422", r.status)
	}
	r = c.get(pdfPath)
	if r.status != http.StatusBadRequest || strings.HasPrefix(r.body, "%PDF") ||
		!strings.Contains(r.body, htmlEscape(az.T("training.error.certificate_revoked"))) {
		t.Errorf("PDF of a revoked certificate: status %d, want 400 with the message", r.status)
	}

	// An unknown code is a 404 with the form and a message in the visitor's language.
	for _, lang := range i18n.Langs {
		p := s.app.Catalog.Printer(lang)
		for _, path := range []string{"/verify/NOSUCHCODE", "/verify?code=NOSUCHCODE", "/verify/" + strings.Repeat("A", 100)} {
			r := public.get(path, "Accept-Language", string(lang))
			if r.status != http.StatusNotFound || !strings.Contains(r.body, htmlEscape(p.T("verify.unknown"))) || !strings.Contains(r.body, `name="code"`) {
				t.Errorf("%s in %s: status %d, want 404 with the message and the form", path, lang, r.status)
			}
		}
	}
	if r := public.get("/verify?code=+"); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, htmlEscape(az.T("verify.code_required"))) {
		t.Errorf("empty code: status %d, want 422 with the message", r.status)
	}
}

// TestCertificateAccess checks the routes that need a certificate, which the
// demo data has none of, for every role: the list is for coordinators and
// the cohort's trainer, the PDF and revocation for coordinators only.
func TestCertificateAccess(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	cohort, cert := s.finishedCohort()
	listPath := fmt.Sprintf("/training/cohorts/%d/certificates", cohort.ID)
	pdfPath := fmt.Sprintf("/training/certificates/%d/pdf", cert.ID)
	// A revocation without a reason passes the access check and changes nothing.
	revoke := func(c *client) response {
		return c.post(fmt.Sprintf("/training/certificates/%d/revoke", cert.ID), url.Values{"cohort": {fmt.Sprint(cohort.ID)}})
	}
	for _, role := range access.Roles {
		t.Run(string(role), func(t *testing.T) {
			c := s.client()
			c.signIn(role)
			coordinator := role == access.Coordinator
			// The cohort has no trainer, so a trainer may not see it.
			if r := c.get(listPath); (r.status == http.StatusOK) != coordinator || (!coordinator && r.status != http.StatusForbidden) {
				t.Errorf("list as %s: status %d", role, r.status)
			}
			// A migrant prints their own certificates only; another's is missing.
			pdfRefused := http.StatusForbidden
			if role == access.Migrant {
				pdfRefused = http.StatusNotFound
			}
			if r := c.get(pdfPath); (r.status == http.StatusOK) != coordinator || (!coordinator && r.status != pdfRefused) {
				t.Errorf("PDF as %s: status %d", role, r.status)
			}
			want := http.StatusForbidden
			if coordinator {
				want = http.StatusUnprocessableEntity
			}
			if r := revoke(c); r.status != want {
				t.Errorf("revoke as %s: status %d, want %d", role, r.status, want)
			}
		})
	}
	t.Run("anonymous", func(t *testing.T) {
		c := s.client()
		for _, r := range []response{c.get(listPath), c.get(pdfPath), revoke(c)} {
			if r.status != http.StatusSeeOther || !strings.HasPrefix(r.location, "/login?next=") {
				t.Errorf("anonymous: status %d to %q, want the sign-in page", r.status, r.location)
			}
		}
	})
	t.Run("trainer of the cohort", func(t *testing.T) {
		// The demo trainer's cohort 1 has no certificates; the page says so.
		c := s.client()
		c.signIn(access.Trainer)
		r := c.get("/training/cohorts/1/certificates")
		if r.status != http.StatusOK || !strings.Contains(r.body, htmlEscape(s.app.Catalog.Printer(i18n.AZ).T("cert.none"))) {
			t.Errorf("trainer's own cohort: status %d", r.status)
		}
	})
}
