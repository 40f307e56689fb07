package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"inteqra/internal/access"
	"inteqra/internal/auth"
	"inteqra/internal/i18n"
	"inteqra/internal/people"
	"inteqra/internal/training"
)

// openCourse creates a course with one open cohort through the store, as a
// coordinator would, and returns them.
func (s *site) openCourse(capacity int) (training.Course, training.Cohort) {
	s.t.Helper()
	system := access.With(context.Background(), access.System())
	u, err := s.app.Users.CreateUser(system, auth.UserInput{Email: "coordinator.test@example.az", Name: "Test Coordinator",
		Role: access.Coordinator, Active: true}, "long enough password", false)
	if err != nil {
		s.t.Fatal(err)
	}
	ctx := access.With(context.Background(), u.Principal())
	course, err := s.app.Training.SaveCourse(ctx, 0, training.CourseInput{
		Kind: "legislation",
		Title: map[i18n.Lang]string{i18n.AZ: "Hüquqlar və vəzifələr (sınaq)", i18n.EN: "Rights and duties (test)",
			i18n.RU: "Права и обязанности (тест)"},
		Description: map[i18n.Lang]string{i18n.AZ: "Miqrasiya Məcəlləsinin əsasları", i18n.EN: "The basics of the Migration Code",
			i18n.RU: "Основы Миграционного кодекса"},
		Hours: "24", PassMark: "70", AttendanceMin: "75", Modules: "Yaşamaq üçün icazələr\nƏmək hüququ\n",
		Eligible: []people.StatusKind{people.PermanentPermit, people.Refugee},
	})
	if err != nil {
		s.t.Fatal(err)
	}
	cohort, err := s.app.Training.CreateCohort(ctx, training.CohortInput{
		CourseID: course.ID, Code: "LEG-TEST-01", StartsOn: "2027-03-01", EndsOn: "2027-04-30",
		Venue: "Bakı, Təlim-tədris mərkəzi, otaq 3", Capacity: fmt.Sprint(capacity), Language: "ru",
		Slots: []training.SlotInput{{Weekday: "1", Start: "18:30", End: "20:00"}, {Weekday: "3", Start: "18:30", End: "20:00"}},
	})
	if err != nil {
		s.t.Fatal(err)
	}
	if err := s.app.Training.MoveCohort(ctx, cohort.ID, training.Open, ""); err != nil {
		s.t.Fatal(err)
	}
	return course, cohort
}

func applicationForm() url.Values {
	return url.Values{
		"surname": {"Məmmədov"}, "given": {"Rəşad"}, "patronymic": {"Əli oğlu"},
		"passport_surname": {"Mammadov"}, "passport_given": {"Rashad"},
		"sex": {"m"}, "birth_date": {"1985-04-12"}, "citizenship": {"GE"},
		"phone": {"+994 50 123 45 67"}, "email": {"rashad@example.az"},
		"declared_kind": {"prp"}, "declared_document": {"PRP 123456"},
		"consent_data": {"on"}, "consent_programme": {"on"},
	}
}

func TestPublicCoursePagesInEveryLanguage(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	course, cohort := s.openCourse(12)
	c := s.client()
	for _, lang := range i18n.Langs {
		t.Run(string(lang), func(t *testing.T) {
			p := s.app.Catalog.Printer(lang)
			r := c.get("/courses", "Accept-Language", string(lang))
			if r.status != http.StatusOK {
				t.Fatalf("GET /courses: status %d", r.status)
			}
			for _, want := range []string{htmlEscape(course.TitleIn(lang)), htmlEscape(p.T("courses.title")),
				fmt.Sprintf(`href="/courses/%d"`, course.ID), htmlEscape(p.N("courses.places_left", 12)),
				htmlEscape(p.T("training.kind.legislation"))} {
				if !strings.Contains(r.body, want) {
					t.Errorf("catalogue in %s: no %q", lang, want)
				}
			}
			r = c.get(fmt.Sprintf("/courses/%d", course.ID), "Accept-Language", string(lang))
			if r.status != http.StatusOK {
				t.Fatalf("GET course: status %d", r.status)
			}
			for _, want := range []string{htmlEscape(course.TitleIn(lang)), "LEG-TEST-01", htmlEscape(p.T("training.weekday.1")),
				htmlEscape(p.T("people.status_kind.prp")), htmlEscape(p.N("courses.hours_count", 24)),
				htmlEscape(p.T("courses.requirements_text", "Attendance", 75, "PassMark", 70)),
				fmt.Sprintf(`href="/courses/apply/%d"`, cohort.ID), p.Date(cohort.StartsOn)} {
				if !strings.Contains(r.body, want) {
					t.Errorf("course page in %s: no %q", lang, want)
				}
			}
			r = c.get(fmt.Sprintf("/courses/apply/%d", cohort.ID), "Accept-Language", string(lang))
			if r.status != http.StatusOK || !strings.Contains(r.body, htmlEscape(p.T("apply.consent_programme"))) {
				t.Fatalf("GET apply form in %s: status %d", lang, r.status)
			}
		})
	}
	if r := c.get("/courses/999999"); r.status != http.StatusNotFound {
		t.Errorf("unknown course: status %d, want 404", r.status)
	}
	if r := c.get("/courses/apply/999999"); r.status != http.StatusNotFound {
		t.Errorf("unknown cohort: status %d, want 404", r.status)
	}
}

var referenceRE = regexp.MustCompile(`TTM-[A-Z0-9]{10}`)

func TestPublicApplicationAndLookup(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	_, cohort := s.openCourse(12)
	c := s.client()
	applyPath := fmt.Sprintf("/courses/apply/%d", cohort.ID)
	az := s.app.Catalog.Printer(i18n.AZ)

	// Without the participation consent nobody is registered and the form keeps the input.
	form := applicationForm()
	form.Del("consent_programme")
	r := c.post(applyPath, form)
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("missing consent: status %d, want 422", r.status)
	}
	for _, want := range []string{`role="alert"`, htmlEscape(az.T("training.error.consent_required")), `value="Məmmədov"`,
		`value="PRP 123456"`, `value="GE" selected`} {
		if !strings.Contains(r.body, want) {
			t.Errorf("missing consent: no %q on the form", want)
		}
	}
	if referenceRE.MatchString(r.body) {
		t.Error("missing consent: a reference was shown")
	}
	var n int
	if err := s.app.DB.QueryRowContext(context.Background(), `SELECT count(*) FROM enrolments WHERE cohort_id = $1`, cohort.ID).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Fatalf("missing consent: %d applications saved", n)
	}

	// A good application redirects (303) to its confirmation, so a reload
	// never sends it twice; the reference is on the page, not in the URL.
	r = c.post(applyPath, applicationForm())
	if r.status != http.StatusSeeOther || r.location != "/courses/applied" {
		t.Fatalf("apply: status %d to %q, want 303 to /courses/applied", r.status, r.location)
	}
	r = c.get("/courses/applied")
	ref := referenceRE.FindString(r.body)
	if r.status != http.StatusOK || ref == "" {
		t.Fatalf("confirmation: status %d, no reference", r.status)
	}
	if again := c.get("/courses/applied"); referenceRE.FindString(again.body) != ref {
		t.Error("a reload of the confirmation lost the reference")
	}
	if n := countEnrolments(t, s, cohort.ID); n != 1 {
		t.Errorf("%d applications after the confirmation was reloaded, want 1", n)
	}
	if other := s.client().get("/courses/applied"); other.status != http.StatusSeeOther || referenceRE.MatchString(other.body) {
		t.Errorf("another browser on the confirmation: status %d, want a redirect and no reference", other.status)
	}

	// The lookup shows the state in the visitor's language and no name.
	for _, lang := range i18n.Langs {
		p := s.app.Catalog.Printer(lang)
		r := c.do("POST", "/applications", url.Values{"reference": {strings.ToLower(ref)}}, "Accept-Language", string(lang))
		if r.status != http.StatusOK {
			t.Fatalf("lookup in %s: status %d", lang, r.status)
		}
		if want := htmlEscape(p.T("training.state.applied")); !strings.Contains(r.body, want) {
			t.Errorf("lookup in %s: no %q", lang, want)
		}
		if !strings.Contains(r.body, "LEG-TEST-01") {
			t.Errorf("lookup in %s: no cohort code", lang)
		}
		if strings.Contains(r.body, "Məmmədov") || strings.Contains(r.body, "Mammadov") {
			t.Errorf("lookup in %s shows the applicant's name", lang)
		}
	}

	// An unknown reference is an error on the form.
	r = c.do("POST", "/applications", url.Values{"reference": {"TTM-AAAAAAAAAA"}}, "Accept-Language", "en")
	en := s.app.Catalog.Printer(i18n.EN)
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, htmlEscape(en.T("training.error.reference_unknown"))) {
		t.Errorf("unknown reference: status %d, want 422 with the message", r.status)
	}
	if !strings.Contains(r.body, `value="TTM-AAAAAAAAAA"`) {
		t.Error("unknown reference: the form lost the input")
	}
}

func countEnrolments(t *testing.T, s *site, cohortID int64) int {
	t.Helper()
	var n int
	if err := s.app.DB.QueryRowContext(context.Background(), `SELECT count(*) FROM enrolments WHERE cohort_id = $1`, cohortID).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
