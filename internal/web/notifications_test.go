package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"inteqra/internal/access"
	"inteqra/internal/i18n"
	"inteqra/internal/people"
	"inteqra/internal/training"
)

// TestApplicantsWrittenTo: an applicant with an e-mail address is written
// to in the language they applied in when the application is received and
// decided; with no mail server the e-mails wait in the outbox, which only
// admins read; every signed-in user has the bell and its list.
func TestApplicantsWrittenTo(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	ctx := access.With(context.Background(), access.System())
	course, err := s.app.Training.SaveCourse(ctx, 0, training.CourseInput{Kind: "lang_a1",
		Title: map[i18n.Lang]string{i18n.AZ: "Azərbaycan dili (sınaq)", i18n.EN: "Azerbaijani (test)", i18n.RU: "Азербайджанский (тест)"},
		Hours: "20", PassMark: "60", AttendanceMin: "80", Eligible: training.DefaultEligible})
	if err != nil {
		t.Fatal(err)
	}
	demo, err := s.app.Training.Cohort(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	cohort, err := s.app.Training.CreateCohort(ctx, training.CohortInput{CourseID: course.ID, Code: "A1-MAIL-01",
		StartsOn: "2031-02-03", EndsOn: "2031-02-28", Venue: "Bakı", TrainerID: demo.TrainerID, Capacity: "1", Language: "az",
		Slots: []training.SlotInput{{Weekday: "1", Start: "18:30", End: "20:00"}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.app.Training.MoveCohort(ctx, cohort.ID, training.Open, ""); err != nil {
		t.Fatal(err)
	}
	var persons []int64
	for _, a := range []struct {
		surname, given, email, birth string
		lang                         i18n.Lang
	}{{"Bondarenko", "Iryna", "iryna@example.org", "1990-05-01", i18n.RU}, {"Əliyev", "Tural", "tural@example.az", "1991-06-02", i18n.AZ}} {
		e, err := s.app.Training.Apply(context.Background(), training.ApplicationInput{CohortID: cohort.ID, DeclaredKind: people.PermanentPermit,
			DeclaredDocument: "DYİ " + a.birth, ConsentData: true, ConsentProgramme: true, Lang: a.lang,
			Person: people.Input{Names: []people.Name{{Kind: people.NameAz, Surname: a.surname, Given: a.given}}, Sex: people.Female,
				BirthDate: a.birth, Citizenships: []string{"UA"}, Email: a.email}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.app.Training.Accept(ctx, e.ID); err != nil {
			t.Fatal(err)
		}
		persons = append(persons, e.PersonID)
	}
	admin, coordinator := s.client(), s.client()
	admin.signIn(access.Admin)
	coordinator.signIn(access.Coordinator)
	page := admin.get("/admin/outbox")
	for _, want := range []string{"Ваша заявка получена", "Вы зачислены на курс: Азербайджанский (тест)", "iryna@example.org",
		"Müraciətiniz qəbul olundu", "Gözləmə siyahısındasınız: Azərbaycan dili (sınaq)", "tural@example.az"} {
		if !strings.Contains(page.body, htmlEscape(want)) {
			t.Errorf("the outbox lacks %q", want)
		}
	}
	// Erasing a person erases the e-mails written to them.
	if err := s.app.People.Erase(ctx, persons[0], "Sorğu əsasında"); err != nil {
		t.Fatal(err)
	}
	page = admin.get("/admin/outbox")
	if strings.Contains(page.body, "iryna@example.org") || strings.Contains(page.body, htmlEscape("Ваша заявка")) ||
		!strings.Contains(page.body, "tural@example.az") {
		t.Errorf("the outbox keeps the erased person's e-mails")
	}
	if r := coordinator.get("/admin/outbox"); r.status != http.StatusForbidden {
		t.Errorf("a coordinator reads the outbox: %d", r.status)
	}
	// Every signed-in user has the bell and its list.
	list := coordinator.get("/notifications")
	if list.status != http.StatusOK || !strings.Contains(list.body, `href="/notifications"><svg class="site-bell__icon"`) {
		t.Errorf("the coordinator's notifications: %d", list.status)
	}
	if r := coordinator.post("/notifications/999999", url.Values{}); r.status != http.StatusNotFound {
		t.Errorf("open a missing notification: %d", r.status)
	}
	if r := s.client().get("/notifications"); r.status != http.StatusSeeOther || !strings.HasPrefix(r.location, "/login") {
		t.Errorf("a visitor's notifications: %d to %q", r.status, r.location)
	}
}
