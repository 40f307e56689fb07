package e2e

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"inteqra/internal/access"
	"inteqra/internal/auth"
	"inteqra/internal/i18n"
	"inteqra/internal/people"
	"inteqra/internal/training"
)

// openCourse creates a language course with one open cohort through the
// app's store, as a coordinator would, and returns the cohort.
func (e *env) openCourse() (training.Course, training.Cohort) {
	e.t.Helper()
	system := access.With(context.Background(), access.System())
	u, err := e.app.Users.CreateUser(system, auth.UserInput{Email: "coordinator.e2e@example.az", Name: "E2E Coordinator",
		Role: access.Coordinator, Active: true}, "long enough password", false)
	if err != nil {
		e.t.Fatal(err)
	}
	ctx := access.With(context.Background(), u.Principal())
	course, err := e.app.Training.SaveCourse(ctx, 0, training.CourseInput{
		Kind: "lang_a2",
		Title: map[i18n.Lang]string{i18n.AZ: "Azərbaycan dili: gündəlik ünsiyyət", i18n.EN: "Azerbaijani for everyday life",
			i18n.RU: "Азербайджанский язык для повседневного общения"},
		Description: map[i18n.Lang]string{i18n.AZ: "Alış-veriş, həkim, dövlət qurumları: gündəlik vəziyyətlərdə ünsiyyət.",
			i18n.EN: "Shopping, the doctor, public offices: talking in everyday situations.",
			i18n.RU: "Покупки, врач, государственные учреждения: общение в повседневных ситуациях."},
		Hours: "120", PassMark: "60", Modules: "Tanışlıq\nAlış-veriş\nSəhiyyə\nDövlət xidmətləri\n",
		Eligible: []people.StatusKind{people.PermanentPermit, people.Refugee, people.TemporaryPermit},
	})
	if err != nil {
		e.t.Fatal(err)
	}
	cohort, err := e.app.Training.CreateCohort(ctx, training.CohortInput{
		CourseID: course.ID, Code: "A2-E2E-01", StartsOn: "2027-03-01", EndsOn: "2027-06-30",
		Venue: "Bakı, Təlim-tədris mərkəzi, otaq 3", OnlineURL: "https://meet.example.az/a2", Capacity: "15", Language: "az",
		Slots: []training.SlotInput{{Weekday: "2", Start: "18:30", End: "20:00"}, {Weekday: "4", Start: "18:30", End: "20:00"},
			{Weekday: "6", Start: "10:00", End: "12:30"}},
	})
	if err != nil {
		e.t.Fatal(err)
	}
	if err := e.app.Training.MoveCohort(ctx, cohort.ID, training.Open, ""); err != nil {
		e.t.Fatal(err)
	}
	return course, cohort
}

var referenceRE = regexp.MustCompile(`TTM-[A-Z0-9]{10}`)

// A visitor browses the catalogue and a course, applies to a cohort and
// looks the application up by its reference, in each language; every page
// passes axe-core and none scrolls sideways at 320 px.
func TestCoursesBrowseApplyLookup(t *testing.T) {
	t.Parallel()
	shots := os.Getenv(envScreenshots) == "1"
	if shots {
		if err := os.MkdirAll(screenshotDir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, lang := range i18n.Langs {
		t.Run(string(lang), func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, string(lang))
			course, cohort := e.openCourse()
			look := func(path, name string) {
				t.Helper()
				if st := e.open(path); st != http.StatusOK {
					t.Fatalf("GET %s: status %d", path, st)
				}
				if got := e.htmlLang(); got != string(lang) {
					t.Errorf("%s: <html lang> = %q", path, got)
				}
				checkA11y(t, e.ctx, name+"/"+string(lang))
				if shots {
					e.shoot(name + "-" + string(lang) + "-1280")
				}
				e.viewport(320)
				e.open(path)
				if sw := eval[int](e, `document.documentElement.scrollWidth`); sw > 320 {
					t.Errorf("%s in %s at 320 px scrolls sideways:\n  %s", path, lang, strings.Join(eval[[]string](e, overflowJS), "\n  "))
				}
				if shots {
					e.shoot(name + "-" + string(lang) + "-320")
				}
				e.viewport(1280)
			}
			e.viewport(1280)
			look("/courses", "courses")
			if !e.exists(fmt.Sprintf(`a[href="/courses/%d"]`, course.ID)) {
				t.Fatalf("the catalogue does not link the course")
			}
			look(fmt.Sprintf("/courses/%d", course.ID), "course")
			if got := e.text("h1"); got != course.TitleIn(lang) {
				t.Errorf("course page heading = %q", got)
			}
			look(fmt.Sprintf("/courses/apply/%d", cohort.ID), "apply")

			if lang == i18n.AZ {
				// Past the browser's own check, the server refuses a missing consent.
				e.fill("#surname", "Əliyeva")
				e.fill("#given", "Nərgiz")
				e.run("birth date", chromedp.SetValue(chromedp.CSS("#birth_date"), "1990-02-03"))
				e.run("drop required", chromedp.Evaluate[chromedp.Void](`document.querySelectorAll("[required]").forEach(el => el.removeAttribute("required"))`))
				if st := e.submit(".apply-form button[type=submit]"); st != http.StatusUnprocessableEntity {
					t.Fatalf("missing consent: status %d, want 422", st)
				}
				// Every problem of the form is listed at once, the consent among them.
				got := e.text("#form-error")
				for _, key := range []string{"error.summary", "training.error.consent_required", "training.error.contact_required"} {
					if !strings.Contains(got, T(t, lang, key)) {
						t.Errorf("missing consent: error %q lacks %q", got, T(t, lang, key))
					}
				}
				if got := eval[string](e, `document.querySelector("#surname").value`); got != "Əliyeva" {
					t.Errorf("missing consent: the form lost the surname (%q)", got)
				}
				checkA11y(t, e.ctx, "apply-error/az")
				if shots {
					e.shoot("apply-error-az-1280")
				}
				e.open(fmt.Sprintf("/courses/apply/%d", cohort.ID))
			}

			e.fill("#surname", "Əliyeva")
			e.fill("#given", "Nərgiz")
			e.fill("#patronymic", "Rauf qızı")
			e.run("birth date", chromedp.SetValue(chromedp.CSS("#birth_date"), "1990-02-03"))
			e.run("citizenship", chromedp.SetValue(chromedp.CSS("#citizenship"), "UA"))
			e.fill("#phone", "+994 55 765 43 21")
			e.run("status", chromedp.SetValue(chromedp.CSS("#declared_kind"), "prp"))
			e.fill("#declared_document", "DYİ 998877")
			e.run("consents", chromedp.Click(chromedp.CSS(`label[for="consent_data"]`)), chromedp.Click(chromedp.CSS(`label[for="consent_programme"]`)))
			if st := e.submit(".apply-form button[type=submit]"); st != http.StatusOK {
				t.Fatalf("apply: status %d", st)
			}
			ref := referenceRE.FindString(e.text(".reference-number"))
			if ref == "" {
				t.Fatalf("no reference on the confirmation page")
			}
			checkA11y(t, e.ctx, "applied/"+string(lang))
			if shots {
				e.shoot("applied-" + string(lang) + "-1280")
			}

			look("/applications", "application-lookup")
			e.fill("#reference", strings.ToLower(ref))
			if st := e.submit(`form[action="/applications"] button[type=submit]`); st != http.StatusOK {
				t.Fatalf("lookup: status %d", st)
			}
			if got, want := e.text(".application-state"), T(t, lang, "training.state.applied"); got != want {
				t.Errorf("state = %q, want %q", got, want)
			}
			checkA11y(t, e.ctx, "application-status/"+string(lang))
			if shots {
				e.shoot("application-status-" + string(lang) + "-1280")
			}
		})
	}
}

// TestApplicationErrorSummary sends the public application form empty: the
// design system's error summary lists every problem at once, has focus,
// and each of its links moves focus to the field it names, where the same
// message stands beside the input, tied to it by aria-describedby.
func TestApplicationErrorSummary(t *testing.T) {
	t.Parallel()
	for _, lang := range i18n.Langs {
		t.Run(string(lang), func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, string(lang))
			_, cohort := e.openCourse()
			if st := e.open(fmt.Sprintf("/courses/apply/%d", cohort.ID)); st != http.StatusOK {
				t.Fatalf("open the form: status %d", st)
			}
			e.fill("#patronymic", "Rauf qızı")
			if st := e.submit(".apply-form button[type=submit]"); st != http.StatusUnprocessableEntity {
				t.Fatalf("empty form: status %d, want 422 from the server (no browser check in between)", st)
			}
			if got := eval[string](e, `document.activeElement.id`); got != "form-error" {
				t.Errorf("focus after the refusal is on %q, want the error summary", got)
			}
			summary := e.text("#form-error")
			for _, key := range []string{"people.error.name_required", "training.error.birth_date_required", "training.error.contact_required",
				"training.error.declared_kind", "training.error.declared_document", "training.error.consent_required"} {
				if !strings.Contains(summary, T(t, lang, key)) {
					t.Errorf("the summary lacks %q:\n%s", T(t, lang, key), summary)
				}
			}
			if got := eval[string](e, `document.querySelector("#patronymic").value`); got != "Rauf qızı" {
				t.Errorf("the form lost the patronymic (%q)", got)
			}
			for _, id := range []string{"surname", "birth_date", "phone", "declared_kind", "declared_document", "consent_data"} {
				link := fmt.Sprintf(`#form-error a[href="#%s"]`, id)
				if !e.exists(link) {
					t.Errorf("the summary has no link to #%s", id)
					continue
				}
				e.run("follow "+link, chromedp.Click(chromedp.CSS(link)))
				if got := eval[string](e, `document.activeElement.id`); got != id {
					t.Errorf("the link to #%s moved focus to %q", id, got)
				}
				described := eval[string](e, fmt.Sprintf(`document.getElementById(%q).getAttribute("aria-describedby") || ""`, id))
				invalid := eval[string](e, fmt.Sprintf(`document.getElementById(%q).getAttribute("aria-invalid") || ""`, id))
				if !strings.HasPrefix(described, id+"-error") || invalid != "true" || e.text("#"+id+"-error") == "" {
					t.Errorf("#%s: aria-describedby %q, aria-invalid %q; want its message first and invalid", id, described, invalid)
				}
			}
			checkA11y(t, e.ctx, "apply-summary/"+string(lang))
		})
	}
}
