package web_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"inteqra/internal/access"
	"inteqra/internal/i18n"
	"inteqra/internal/people"
	"inteqra/internal/training"
)

// teachLessonPath returns the path of the first lesson of a demo cohort.
func teachLessonPath(t *testing.T, s *site, cohortID int64) string {
	t.Helper()
	lessons, err := s.app.Training.CohortLessons(access.With(context.Background(), access.System()), cohortID)
	if err != nil || len(lessons) == 0 {
		t.Fatalf("lessons of cohort %d: %v (%d)", cohortID, err, len(lessons))
	}
	return fmt.Sprintf("/training/lessons/%d", lessons[0].ID)
}

// runningCohort is a language cohort of the demo trainer that ran in
// February 2025, with two enrolled learners, set up through the store.
type runningCohort struct {
	cohort   training.Cohort
	lessons  []training.LessonRow
	learners []training.Enrolment // Bondarenko, Əliyev: the register's order
}

func (s *site) runningCohort() runningCohort {
	s.t.Helper()
	ctx := access.With(context.Background(), access.System())
	demo, err := s.app.Training.Cohort(ctx, 1)
	if err != nil {
		s.t.Fatal(err)
	}
	course, err := s.app.Training.SaveCourse(ctx, 0, training.CourseInput{Kind: "lang_a1",
		Title: map[i18n.Lang]string{i18n.AZ: "Azərbaycan dili (sınaq)", i18n.EN: "Azerbaijani (test)", i18n.RU: "Азербайджанский (тест)"},
		Hours: "20", PassMark: "60", AttendanceMin: "80", Eligible: training.DefaultEligible})
	if err != nil {
		s.t.Fatal(err)
	}
	var rc runningCohort
	rc.cohort, err = s.app.Training.CreateCohort(ctx, training.CohortInput{CourseID: course.ID, Code: "A1-TEST-01",
		StartsOn: "2025-02-03", EndsOn: "2025-02-28", Venue: "Bakı", TrainerID: demo.TrainerID, Capacity: "10", Language: "az",
		Slots: []training.SlotInput{{Weekday: "1", Start: "18:30", End: "20:00"}, {Weekday: "3", Start: "18:30", End: "20:00"}}})
	if err != nil {
		s.t.Fatal(err)
	}
	if err := s.app.Training.MoveCohort(ctx, rc.cohort.ID, training.Open, ""); err != nil {
		s.t.Fatal(err)
	}
	for i, n := range [][2]string{{"Bondarenko", "Iryna"}, {"Əliyev", "Tural"}} {
		e, err := s.app.Training.Apply(ctx, training.ApplicationInput{CohortID: rc.cohort.ID, DeclaredKind: people.PermanentPermit,
			DeclaredDocument: fmt.Sprintf("DYİ 00%d", 7000+i), ConsentData: true, ConsentProgramme: true,
			Person: people.Input{Names: []people.Name{{Kind: people.NameAz, Surname: n[0], Given: n[1]}}, Sex: people.Female,
				BirthDate: "1990-05-0" + fmt.Sprint(i+1), Citizenships: []string{"UA"}, Phone: fmt.Sprintf("+994 50 000 00 0%d", i)}})
		if err != nil {
			s.t.Fatal(err)
		}
		if e, err = s.app.Training.Accept(ctx, e.ID); err != nil {
			s.t.Fatal(err)
		}
		rc.learners = append(rc.learners, e)
	}
	if err := s.app.Training.MoveCohort(ctx, rc.cohort.ID, training.Running, ""); err != nil {
		s.t.Fatal(err)
	}
	if rc.lessons, err = s.app.Training.CohortLessons(ctx, rc.cohort.ID); err != nil || len(rc.lessons) < 3 {
		s.t.Fatalf("lessons: %v (%d)", err, len(rc.lessons))
	}
	return rc
}

func TestTrainerTakesAttendanceAndResults(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	rc := s.runningCohort()
	a, b := rc.learners[0], rc.learners[1]
	c := s.client()
	c.signIn(access.Trainer)
	az := s.app.Catalog.Printer(i18n.AZ)
	lesson := func(i int) string { return fmt.Sprintf("/training/lessons/%d", rc.lessons[i].ID) }
	mark := func(i int, form url.Values) {
		t.Helper()
		if r := c.post(lesson(i), form); r.status != http.StatusSeeOther || r.location != lesson(i) {
			t.Fatalf("mark lesson %d: status %d to %q\n%s", i, r.status, r.location, r.body)
		}
	}
	learners := []string{fmt.Sprint(a.ID), fmt.Sprint(b.ID)}

	r := c.get(lesson(0))
	if r.status != http.StatusOK {
		t.Fatalf("GET lesson: status %d", r.status)
	}
	for _, want := range []string{"Bondarenko Iryna", htmlEscape("Əliyev Tural"), fmt.Sprintf(`name="mark_%d" value="absent"`, a.ID),
		`name="all" value="present"`, htmlEscape(az.T("teach.mark_of", "Name", "Bondarenko Iryna")), htmlEscape(az.T("teach.mark.excused"))} {
		if !strings.Contains(r.body, want) {
			t.Errorf("lesson form: no %q", want)
		}
	}

	// Bondarenko attends all three lessons; Əliyev misses the first and the third.
	mark(0, url.Values{"learner": learners, "mark_" + learners[0]: {"present"}, "mark_" + learners[1]: {"absent"}})
	r = c.get(lesson(0))
	if !strings.Contains(r.body, htmlEscape(az.T("teach.saved"))) {
		t.Error("after saving: no flash")
	}
	for _, want := range []string{fmt.Sprintf(`value="absent" data-key="Q" checked`), "rate-low", az.T("teach.percent", "Value", 0)} {
		if !strings.Contains(r.body, want) {
			t.Errorf("after saving: no %q", want)
		}
	}
	mark(1, url.Values{"learner": learners, "all": {"present"}})
	mark(2, url.Values{"learner": learners, "mark_" + learners[0]: {"late"}, "mark_" + learners[1]: {"absent"}})

	// A mark that is not one of the four is refused and nothing changes.
	r = c.post(lesson(2), url.Values{"learner": learners, "mark_" + learners[0]: {"asleep"}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, htmlEscape(az.T("training.error.mark"))) {
		t.Errorf("bad mark: status %d, want 422 with the message", r.status)
	}

	// The register shows the marks, the rates and who is under the threshold.
	reg := fmt.Sprintf("/training/cohorts/%d/register", rc.cohort.ID)
	r = c.get(reg)
	if r.status != http.StatusOK {
		t.Fatalf("register: status %d", r.status)
	}
	for _, want := range []string{az.T("teach.percent", "Value", 100), az.T("teach.percent", "Value", 33), "rate-low",
		`<span aria-hidden="true">Q</span><span class="usa-sr-only">Qayıb</span>`, htmlEscape(az.T("teach.below_min", "Min", 80)),
		reg + ".xlsx", "data-print", az.Date(rc.lessons[0].Day)} {
		if !strings.Contains(r.body, want) {
			t.Errorf("register: no %q", want)
		}
	}

	// Final results: a score out of range is refused with the input kept.
	res := fmt.Sprintf("/training/cohorts/%d/results", rc.cohort.ID)
	r = c.get(res + "?kind=final")
	if r.status != http.StatusOK || !strings.Contains(r.body, fmt.Sprintf(`name="level_%d"`, a.ID)) {
		t.Fatalf("results form: status %d, or no level select", r.status)
	}
	bad := url.Values{"kind": {"final"}, "taken_on": {"2025-02-28"}, "learner": learners,
		"score_" + learners[0]: {"85"}, "level_" + learners[0]: {"A1"}, "score_" + learners[1]: {"150"}}
	r = c.post(res, bad)
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("bad score: status %d, want 422", r.status)
	}
	for _, want := range []string{htmlEscape(az.T("training.error.score", "Value", "150")), `value="150"`, `value="85"`,
		`<option value="A1" selected>`, `value="2025-02-28"`} {
		if !strings.Contains(r.body, want) {
			t.Errorf("bad score: no %q on the form", want)
		}
	}
	if sh, _ := s.app.Training.Register(access.With(context.Background(), access.System()), rc.cohort.ID); len(sh.Results) != 0 {
		t.Fatalf("bad score: %d results saved", len(sh.Results))
	}
	good := url.Values{"kind": {"final"}, "taken_on": {"2025-02-28"}, "learner": learners,
		"score_" + learners[0]: {"85"}, "level_" + learners[0]: {"A1"}, "score_" + learners[1]: {"40"}}
	if r = c.post(res, good); r.status != http.StatusSeeOther || r.location != res+"?kind=final" {
		t.Fatalf("save results: status %d to %q", r.status, r.location)
	}
	r = c.get(r.location)
	if !strings.Contains(r.body, htmlEscape(az.T("teach.results_saved"))) || !strings.Contains(r.body, `value="40"`) {
		t.Error("after saving results: no flash or the scores are not pre-filled")
	}
	if r = c.get(reg); !strings.Contains(r.body, "85 (A1)") {
		t.Error("register: no final score")
	}

	// The workbook: the register in the user's language, with the results.
	if r := c.post("/lang", url.Values{"lang": {"en"}, "next": {reg}}); r.status != http.StatusSeeOther {
		t.Fatalf("switch to English: status %d", r.status)
	}
	x := c.get(reg + ".xlsx")
	if x.status != http.StatusOK || !strings.Contains(x.header.Get("Content-Disposition"), `filename="register-A1-TEST-01.xlsx"`) {
		t.Fatalf("xlsx: status %d, %q", x.status, x.header.Get("Content-Disposition"))
	}
	book, err := excelize.OpenReader(bytes.NewReader([]byte(x.body)))
	if err != nil {
		t.Fatalf("open the workbook: %v", err)
	}
	defer book.Close()
	en := s.app.Catalog.Printer(i18n.EN)
	if got := book.GetSheetList(); len(got) != 2 || got[0] != "Attendance" || got[1] != "Test results" {
		t.Fatalf("sheets %q", got)
	}
	rows, err := book.GetRows("Attendance")
	if err != nil {
		t.Fatal(err)
	}
	n := len(rc.lessons)
	if len(rows) != 3 || len(rows[0]) != n+3 {
		t.Fatalf("attendance sheet: %d rows, %d columns; want 3 and %d", len(rows), len(rows[0]), n+3)
	}
	want := [][]string{
		{"Learner", en.Date(rc.lessons[0].Day), en.Date(rc.lessons[1].Day), en.Date(rc.lessons[2].Day)},
		{"Bondarenko Iryna", "Present", "Present", "Late"},
		{"Əliyev Tural", "Absent", "Present", "Absent"},
	}
	tail := [][]string{{"Attendance rate, %", "Final test, %"}, {"100", "85"}, {"33", "40"}}
	for i := range want {
		got := append(append([]string{}, rows[i][:4]...), rows[i][n+1:]...)
		if exp := append(want[i], tail[i]...); strings.Join(got, "|") != strings.Join(exp, "|") {
			t.Errorf("attendance row %d = %q, want %q", i+1, got, exp)
		}
	}
	results, err := book.GetRows("Test results")
	if err != nil {
		t.Fatal(err)
	}
	if len(results) != 3 || strings.Join(results[1], "|") != "Bondarenko Iryna|Final test|28 Feb 2025|85|A1" {
		t.Errorf("results sheet = %q", results)
	}
}

// A lesson of a cohort that is not running shows its marks read-only, and
// another trainer's cohort is out of reach.
func TestLessonReadOnlyAndOthersCohorts(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	c := s.client()
	c.signIn(access.Coordinator)
	en := s.app.Catalog.Printer(i18n.EN)
	path := teachLessonPath(t, s, 1)
	if r := c.post("/lang", url.Values{"lang": {"en"}, "next": {path}}); r.status != http.StatusSeeOther {
		t.Fatalf("switch to English: status %d", r.status)
	}
	r := c.get(path)
	if r.status != http.StatusOK || !strings.Contains(r.body, htmlEscape(en.T("teach.not_running"))) || strings.Contains(r.body, `type="radio"`) {
		t.Errorf("lesson of an open cohort: status %d, or not read-only", r.status)
	}
	// Cohort 3 has no trainer: the demo trainer cannot open its register.
	tr := s.client()
	tr.signIn(access.Trainer)
	for _, p := range []string{"/training/cohorts/3/register", "/training/cohorts/3/register.xlsx", "/training/cohorts/3/results",
		teachLessonPath(t, s, 3)} {
		if r := tr.get(p); r.status != http.StatusForbidden {
			t.Errorf("%s as another cohort's trainer: status %d, want 403", p, r.status)
		}
	}
	if r := tr.get("/training/lessons/999999"); r.status != http.StatusNotFound {
		t.Errorf("unknown lesson: status %d, want 404", r.status)
	}
}
