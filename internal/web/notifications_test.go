package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/cases"
	"inteqra/internal/demo"
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
	if strings.Contains(page.body, "iryna@example.org") || strings.Contains(page.body, htmlEscape("Вы зачислены на курс: Азербайджанский (тест)")) ||
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

// TestReferralNotifications: a referral tells the partner organisation's
// officers in the app, and its answer tells the consultant who sent it;
// opening a notification marks it read and goes to what it is about.
func TestReferralNotifications(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	sys := access.With(context.Background(), access.System())
	demoCase, err := s.app.Cases.Case(sys, 1)
	if err != nil {
		t.Fatal(err)
	}
	consultant, err := s.app.Users.UserByID(sys, demoCase.ConsultantID)
	if err != nil {
		t.Fatal(err)
	}
	partner := s.client()
	partner.signIn(access.PartnerOfficer)
	users, err := s.app.Users.Users(sys)
	if err != nil {
		t.Fatal(err)
	}
	var org int64
	for _, u := range users {
		if u.Role == access.PartnerOfficer {
			org = u.OrganisationID
		}
	}
	r, err := s.app.Cases.Refer(access.With(context.Background(), consultant.Principal()), demoCase.ID,
		cases.ReferralInput{OrganisationID: org, Domain: "work", Need: "İş axtarışı", DueOn: "2031-01-01"})
	if err != nil {
		t.Fatal(err)
	}
	list := partner.get("/notifications")
	if list.status != http.StatusOK || !strings.Contains(list.body, "notify-item--unread") {
		t.Fatalf("the partner officer's notifications: %d", list.status)
	}
	id := regexp.MustCompile(`action="/notifications/([0-9]+)"`).FindStringSubmatch(list.body)[1] // the newest
	if open := partner.post("/notifications/"+id, url.Values{}); open.status != http.StatusSeeOther || open.location != fmt.Sprintf("/referrals/%d", r.ID) {
		t.Fatalf("open the notification: %d to %q", open.status, open.location)
	}
	if again := partner.get("/notifications"); strings.Contains(again.body, "notify-item--unread") {
		t.Errorf("the opened notification is still unread")
	}
	if a := partner.post(fmt.Sprintf("/referrals/%d/accept", r.ID), url.Values{}); a.status != http.StatusSeeOther {
		t.Fatalf("accept the referral: %d", a.status)
	}
	told, err := s.app.Notify.Notifications(access.With(context.Background(), consultant.Principal()))
	if err != nil || len(told) == 0 || told[0].Kind != "referral.answered" || told[0].Link != fmt.Sprintf("/cases/%d", demoCase.ID) {
		t.Fatalf("the consultant's notifications %+v, %v", told, err)
	}
}

// TestNotificationPreferences: a partner officer turns off e-mails of new
// referrals but cannot turn off being told their password changed, which
// comes in the app and by e-mail.
func TestNotificationPreferences(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	partner, admin := s.client(), s.client()
	partner.signIn(access.PartnerOfficer)
	form := partner.get("/account/notifications")
	if form.status != http.StatusOK || !strings.Contains(form.body, `id="email-referral.sent"`) ||
		!strings.Contains(form.body, `id="email-password.changed" type="checkbox" name="email" value="password.changed" checked disabled`) {
		t.Fatalf("the preferences form: %d", form.status)
	}
	if r := partner.post("/account/notifications", url.Values{}); r.status != http.StatusSeeOther {
		t.Fatalf("save the preferences: %d", r.status)
	}
	if form := partner.get("/account/notifications"); strings.Contains(form.body, `value="referral.sent" checked`) {
		t.Errorf("e-mails of new referrals are still on")
	}
	pw := "my own passphrase"
	admin.signIn(access.Admin)
	if r := partner.post("/account/password", url.Values{"current": {demo.Password}, "new": {pw}, "confirm": {pw}}); r.status != http.StatusSeeOther {
		t.Fatalf("change the password: %d", r.status)
	}
	if list := partner.get("/notifications"); !strings.Contains(list.body, "notify-item--unread") {
		t.Errorf("the password change is not in the partner's notifications")
	}
	mails, err := s.app.Notify.Outbox(access.With(context.Background(), access.System()))
	if err != nil || len(mails) == 0 || mails[0].Kind != "password.changed" {
		t.Fatalf("the outbox's latest e-mail %+v, %v; want the password change", mails, err)
	}
	if page := admin.get("/admin/outbox"); !strings.Contains(page.body, htmlEscape(mails[0].Subject)) || !strings.Contains(page.body, mails[0].To) {
		t.Errorf("the admins' outbox lacks the password e-mail")
	}
}

// TestReminders: the evening's reminders write to the learners of
// tomorrow's lesson and tell the focal points of their overdue reports,
// each once however often they run.
func TestReminders(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	f := strategyFixture(t, s) // the demo focal point's measure has overdue reports
	ctx := access.With(context.Background(), access.System())
	today := i18n.DayOf(time.Now())
	tomorrow := today.AddDate(0, 0, 1)
	course, err := s.app.Training.SaveCourse(ctx, 0, training.CourseInput{Kind: "lang_a1",
		Title: map[i18n.Lang]string{i18n.AZ: "Azərbaycan dili (axşam)", i18n.EN: "Azerbaijani (evening)", i18n.RU: "Азербайджанский (вечер)"},
		Hours: "20", PassMark: "60", AttendanceMin: "80", Eligible: training.DefaultEligible})
	if err != nil {
		t.Fatal(err)
	}
	demo1, err := s.app.Training.Cohort(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	cohort, err := s.app.Training.CreateCohort(ctx, training.CohortInput{CourseID: course.ID, Code: "A1-REMIND",
		StartsOn: tomorrow.Format(time.DateOnly), EndsOn: tomorrow.AddDate(0, 1, 0).Format(time.DateOnly), Venue: "Bakı, 3-cü otaq",
		TrainerID: demo1.TrainerID, Capacity: "5", Language: "az",
		Slots: []training.SlotInput{{Weekday: fmt.Sprint((int(tomorrow.Weekday())+6)%7 + 1), Start: "18:30", End: "20:00"}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.app.Training.MoveCohort(ctx, cohort.ID, training.Open, ""); err != nil {
		t.Fatal(err)
	}
	e, err := s.app.Training.Apply(context.Background(), training.ApplicationInput{CohortID: cohort.ID, DeclaredKind: people.PermanentPermit,
		DeclaredDocument: "DYİ 1234567", ConsentData: true, ConsentProgramme: true, Lang: i18n.EN,
		Person: people.Input{Names: []people.Name{{Kind: people.NameAz, Surname: "Kim", Given: "Anna"}}, Sex: people.Female,
			BirthDate: "1992-03-04", Citizenships: []string{"KZ"}, Email: "anna.kim@example.org"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.app.Training.Accept(ctx, e.ID); err != nil {
		t.Fatal(err)
	}
	for range 2 { // the job may run twice, or on two nodes
		if err := s.app.Notify.Remind(context.Background(), today); err != nil {
			t.Fatal(err)
		}
	}
	mails, err := s.app.Notify.Outbox(ctx)
	if err != nil {
		t.Fatal(err)
	}
	lessons := 0
	for _, m := range mails {
		if m.Kind == "lesson.tomorrow" && m.To == "anna.kim@example.org" {
			lessons++
			if m.Subject != "A lesson tomorrow: Azerbaijani (evening) at 18:30" || !strings.Contains(m.Text, "Bakı, 3-cü otaq") {
				t.Errorf("the reminder: %q\n%s", m.Subject, m.Text)
			}
		}
	}
	if lessons != 1 {
		t.Errorf("%d reminders of tomorrow's lesson, want 1", lessons)
	}
	focal := s.client()
	focal.signIn(access.FocalPoint)
	told, err := s.app.Notify.Notifications(access.With(context.Background(), focalPrincipalOf(t, s)))
	if err != nil {
		t.Fatal(err)
	}
	overdue := map[string]int{}
	for _, n := range told {
		if n.Kind == "report.overdue" {
			overdue[n.Link]++
		}
	}
	q1 := f.measure + "/reports/2026-01-01"
	if overdue[q1] != 1 {
		t.Errorf("the focal point was told of %s %d times, want once: %v", q1, overdue[q1], overdue)
	}
	if list := focal.get("/notifications"); !strings.Contains(list.body, "notify-item--unread") {
		t.Errorf("the focal point's list shows no reminder")
	}
}

// focalPrincipalOf is the demo focal point.
func focalPrincipalOf(t *testing.T, s *site) access.Principal {
	t.Helper()
	users, err := s.app.Users.Users(access.With(context.Background(), access.System()))
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range users {
		if u.Role == access.FocalPoint {
			return u.Principal()
		}
	}
	t.Fatal("no demo focal point")
	return access.Principal{}
}
