package e2e

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"inteqra/internal/access"
	"inteqra/internal/demo"
	"inteqra/internal/i18n"
	"inteqra/internal/people"
	"inteqra/internal/training"
)

const trainerEmail = "trainer@demo.inteqra.az"

// teachCohort is a running language cohort of the demo trainer whose
// lessons took place in February 2025, with two enrolled learners.
type teachCohort struct {
	cohort   training.Cohort
	lessons  []training.LessonRow
	learners []training.Enrolment // in the register's order
}

func (e *env) teachCohort() teachCohort {
	e.t.Helper()
	ctx := access.With(context.Background(), access.System())
	s := e.app.Training
	demo, err := s.Cohort(ctx, 1)
	if err != nil {
		e.t.Fatal(err)
	}
	course, err := s.SaveCourse(ctx, 0, training.CourseInput{Kind: "lang_a1",
		Title: map[i18n.Lang]string{i18n.AZ: "Azərbaycan dili: başlanğıc", i18n.EN: "Azerbaijani for beginners", i18n.RU: "Азербайджанский для начинающих"},
		Hours: "20", PassMark: "60", AttendanceMin: "80", Eligible: training.DefaultEligible})
	if err != nil {
		e.t.Fatal(err)
	}
	var tc teachCohort
	tc.cohort, err = s.CreateCohort(ctx, training.CohortInput{CourseID: course.ID, Code: "A1-2025-09", StartsOn: "2025-02-03",
		EndsOn: "2025-02-28", Venue: "Bakı", TrainerID: demo.TrainerID, Capacity: "10", Language: "az",
		Slots: []training.SlotInput{{Weekday: "1", Start: "18:30", End: "20:00"}, {Weekday: "3", Start: "18:30", End: "20:00"}}})
	if err != nil {
		e.t.Fatal(err)
	}
	if err := s.MoveCohort(ctx, tc.cohort.ID, training.Open, ""); err != nil {
		e.t.Fatal(err)
	}
	for i, n := range [][2]string{{"Bondarenko", "Iryna"}, {"Hüseynova", "Leyla"}, {"Əhmədi", "Mürtəza"}} {
		en, err := s.Apply(ctx, training.ApplicationInput{CohortID: tc.cohort.ID, DeclaredKind: people.PermanentPermit,
			DeclaredDocument: fmt.Sprintf("DYİ 00%d", 8000+i), ConsentData: true, ConsentProgramme: true,
			Person: people.Input{Names: []people.Name{{Kind: people.NameAz, Surname: n[0], Given: n[1]}}, Sex: people.Female,
				BirthDate: fmt.Sprintf("1990-05-0%d", i+1), Citizenships: []string{"UA"}, Phone: fmt.Sprintf("+994 50 000 10 0%d", i)}})
		if err != nil {
			e.t.Fatal(err)
		}
		if _, err := s.Accept(ctx, en.ID); err != nil {
			e.t.Fatal(err)
		}
	}
	if err := s.MoveCohort(ctx, tc.cohort.ID, training.Running, ""); err != nil {
		e.t.Fatal(err)
	}
	sheet, err := s.Register(ctx, tc.cohort.ID)
	if err != nil || len(sheet.Lessons) < 2 || len(sheet.Learners) != 3 {
		e.t.Fatalf("register: %v (%d lessons, %d learners)", err, len(sheet.Lessons), len(sheet.Learners))
	}
	tc.lessons, tc.learners = sheet.Lessons, sheet.Learners
	return tc
}

// checked returns the value of the checked mark of a learner, "" when none.
func (e *env) checked(enrolmentID int64) string {
	e.t.Helper()
	return eval[string](e, fmt.Sprintf(`(document.querySelector('input[name="mark_%d"]:checked') || {value: ""}).value`, enrolmentID))
}

// The trainer marks a lesson from the keyboard, saves, and sees the register.
func TestAttendanceByKeyboard(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "az")
	tc := e.teachCohort()
	a, b, c := tc.learners[0], tc.learners[1], tc.learners[2]
	e.viewport(1280)
	if st := e.signIn(trainerEmail, demo.Password); st != http.StatusOK {
		t.Fatalf("sign in: status %d", st)
	}
	lesson := fmt.Sprintf("/training/lessons/%d", tc.lessons[0].ID)
	if st := e.open(lesson); st != http.StatusOK {
		t.Fatalf("lesson: status %d", st)
	}
	if !e.exists(".teach-keys:not([hidden])") {
		t.Error("the keyboard hint is not shown with JavaScript on")
	}
	// The first learner: Q (qayıb, the Azerbaijani letter of absent) moves
	// on to the second, whose L (the English initial of late) moves on to
	// the third; the arrow keys choose the third's mark natively.
	e.run("mark from the keyboard",
		chromedp.Focus(chromedp.CSS(fmt.Sprintf("#mark-%d-present", a.ID))),
		chromedp.KeyEvent("q"))
	if got := eval[string](e, `document.activeElement.id`); got != fmt.Sprintf("mark-%d-present", b.ID) {
		t.Errorf("after Q: focus on %q, want the next learner's first mark", got)
	}
	e.run("mark the second and third", chromedp.KeyEvent("l"), chromedp.KeyEvent(kb.ArrowRight))
	for id, want := range map[int64]string{a.ID: "absent", b.ID: "late", c.ID: "late"} {
		if got := e.checked(id); got != want {
			t.Errorf("learner %d: %q checked, want %q", id, got, want)
		}
	}
	if os.Getenv(envScreenshots) == "1" {
		e.shoot("attendance-keyboard-az")
	}
	if st := e.submit("#save-marks"); st != http.StatusOK {
		t.Fatalf("save: status %d", st)
	}
	if got := e.text(".usa-alert--success"); got != T(t, i18n.AZ, "teach.saved") {
		t.Errorf("after saving: flash %q", got)
	}
	for id, want := range map[int64]string{a.ID: "absent", b.ID: "late", c.ID: "late"} {
		if got := e.checked(id); got != want {
			t.Errorf("after saving, learner %d: %q, want %q", id, got, want)
		}
	}
	checkA11y(t, e.ctx, "lesson after saving")

	// The second lesson: everyone present with one button.
	if st := e.open(fmt.Sprintf("/training/lessons/%d", tc.lessons[1].ID)); st != http.StatusOK {
		t.Fatalf("second lesson: status %d", st)
	}
	if st := e.submit("#all-present"); st != http.StatusOK {
		t.Fatalf("everyone present: status %d", st)
	}

	// The register: the marks, and the absent learner under the threshold.
	register := fmt.Sprintf("/training/cohorts/%d/register", tc.cohort.ID)
	if st := e.open(register); st != http.StatusOK {
		t.Fatalf("register: status %d", st)
	}
	row := e.text(fmt.Sprintf("#learner-%d", a.ID))
	for _, want := range []string{"Q", T(t, i18n.AZ, "teach.mark.absent"), "İ", T(t, i18n.AZ, "teach.percent", "Value", 50),
		T(t, i18n.AZ, "teach.below_min", "Min", 80)} {
		if !strings.Contains(row, want) {
			t.Errorf("register row %q: no %q", row, want)
		}
	}
	if !e.exists("[data-print]:not([hidden])") {
		t.Error("no print button with JavaScript on")
	}
	checkA11y(t, e.ctx, "register")
	if os.Getenv(envScreenshots) == "1" {
		e.shoot("attendance-register-az-1280")
		e.printView("attendance-register-az")
	}
}

// printView saves the page as the print stylesheet shows it: a screenshot
// with print media emulated, and the PDF Chromium prints on the CSS page size.
func (e *env) printView(name string) {
	e.t.Helper()
	if _, err := chromedp.Call(e.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		e.fatal("emulate print", err)
	}
	e.shoot(name + "-print")
	if _, err := chromedp.Call(e.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{}); err != nil {
		e.fatal("end print emulation", err)
	}
	css := true
	pdf, err := chromedp.Call(e.ctx, page.PrintToPDF, page.PrintToPDFParams{PreferCSSPageSize: &css})
	if err != nil {
		e.fatal("print to PDF", err)
	}
	path := filepath.Join(screenshotDir, name+".pdf")
	if err := os.WriteFile(path, pdf.Data, 0o644); err != nil {
		e.t.Fatal(err)
	}
	e.t.Logf("saved %s (%d bytes)", path, len(pdf.Data))
}

// The lesson, register and results pages pass axe in every language.
func TestAttendancePagesAccessible(t *testing.T) {
	t.Parallel()
	for _, lang := range i18n.Langs {
		t.Run(string(lang), func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, string(lang))
			tc := e.teachCohort()
			if st := e.signIn(trainerEmail, demo.Password); st != http.StatusOK {
				t.Fatalf("sign in: status %d", st)
			}
			e.switchLanguage(lang)
			e.viewport(1280)
			id := tc.cohort.ID
			pages := []struct{ name, path string }{
				{"lesson", fmt.Sprintf("/training/lessons/%d", tc.lessons[0].ID)},
				{"register", fmt.Sprintf("/training/cohorts/%d/register", id)},
				{"results", fmt.Sprintf("/training/cohorts/%d/results?kind=final", id)},
				{"results-placement", fmt.Sprintf("/training/cohorts/%d/results?kind=placement", id)},
			}
			for _, p := range pages {
				if st := e.open(p.path); st != http.StatusOK {
					t.Fatalf("%s: status %d", p.path, st)
				}
				checkA11y(t, e.ctx, p.name+" "+string(lang))
				if os.Getenv(envScreenshots) == "1" && p.name != "results-placement" {
					e.shoot(fmt.Sprintf("attendance-%s-%s-1280", p.name, lang))
				}
			}
			// A score out of range comes back with the message and the input.
			e.open(pages[2].path)
			e.fill(fmt.Sprintf("#score-%d", tc.learners[0].ID), "101")
			if st := e.submit("#save-results"); st != http.StatusUnprocessableEntity {
				t.Fatalf("bad score: status %d, want 422", st)
			}
			if got, want := e.text("#form-error .error-summary__list"), T(t, lang, "training.error.score", "Value", "101"); got != want {
				t.Errorf("bad score: error %q, want %q", got, want)
			}
			checkA11y(t, e.ctx, "results with an error "+string(lang))
			if os.Getenv(envScreenshots) == "1" {
				e.shoot(fmt.Sprintf("attendance-results-error-%s-1280", lang))
				if lang == i18n.RU {
					e.viewport(320)
					e.open(pages[0].path)
					e.shoot("attendance-lesson-ru-320")
				}
			}
		})
	}
}
