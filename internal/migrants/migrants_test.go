package migrants_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/app"
	"inteqra/internal/audit"
	"inteqra/internal/auth"
	"inteqra/internal/cases"
	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"
	"inteqra/internal/i18n"
	"inteqra/internal/migrants"
	"inteqra/internal/orgs"
	"inteqra/internal/people"
	"inteqra/internal/storage"
	"inteqra/internal/training"
)

// applicant applies to a course through the public form and returns the
// application, whose person is born 1988-03-14 and holds document AB 1234567.
func applicant(t *testing.T, a *app.App) training.Enrolment {
	t.Helper()
	sys := access.With(context.Background(), access.System())
	course, err := a.Training.SaveCourse(sys, 0, training.CourseInput{Kind: "lang_a1",
		Title: map[i18n.Lang]string{i18n.AZ: "Azərbaycan dili A1", i18n.EN: "Azerbaijani A1", i18n.RU: "Азербайджанский A1"},
		Hours: "40", PassMark: "60", AttendanceMin: "80", Eligible: []people.StatusKind{people.PermanentPermit}})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now().AddDate(0, 1, 0)
	cohort, err := a.Training.CreateCohort(sys, training.CohortInput{CourseID: course.ID, Code: "A1-LINK", Venue: "Bakı",
		StartsOn: start.Format(time.DateOnly), EndsOn: start.AddDate(0, 1, 0).Format(time.DateOnly), Capacity: "10", Language: "az",
		Slots: []training.SlotInput{{Weekday: "2", Start: "10:00", End: "12:00"}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Training.MoveCohort(sys, cohort.ID, training.Open, ""); err != nil {
		t.Fatal(err)
	}
	e, err := a.Training.Apply(context.Background(), training.ApplicationInput{CohortID: cohort.ID,
		Person:       people.Input{Names: []people.Name{{Kind: people.NameAz, Surname: "Həsənova", Given: "İlahə"}}, BirthDate: "1988-03-14", Email: "ilahe.h@example.org"},
		DeclaredKind: people.PermanentPermit, DeclaredDocument: "AB 1234567", ConsentData: true, ConsentProgramme: true})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// migrant signs up an account with email, confirms it, and returns a
// context signed in as it from addr.
func migrant(t *testing.T, a *app.App, email, addr string) context.Context {
	t.Helper()
	ctx := context.Background()
	if err := a.Users.SignUp(ctx, auth.SignUpInput{Email: email, Name: "Migrant", Password: "a long enough passphrase", Confirm: "a long enough passphrase"}); err != nil {
		t.Fatal(err)
	}
	u, err := a.Users.Authenticate(ctx, email, "a long enough passphrase", addr)
	if !errors.Is(err, auth.ErrUnconfirmed) {
		t.Fatalf("unconfirmed sign-in: %v, want ErrUnconfirmed", err)
	}
	if _, err := a.DB.ExecContext(ctx, `UPDATE users SET email_confirmed_at = $1 WHERE email = $2`, db.Now(), email); err != nil {
		t.Fatal(err)
	}
	if u, err = a.Users.Authenticate(ctx, email, "a long enough passphrase", addr); err != nil {
		t.Fatal(err)
	}
	return signedIn(ctx, a, u.ID, addr)
}

// signedIn is a context of the user id as the web layer makes it: its
// principal loaded afresh (with its link) and its address.
func signedIn(ctx context.Context, a *app.App, id int64, addr string) context.Context {
	u, _ := a.Users.UserByID(ctx, id)
	return audit.WithClient(access.With(ctx, u.Principal()), audit.Client{Addr: addr})
}

func TestProof(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		a, err := app.New(d, "http://example.test", storage.NewFolder(t.TempDir()), app.NewKeys())
		if err != nil {
			t.Fatal(err)
		}
		e := applicant(t, a)
		ctx := migrant(t, a, "ilahe@example.org", "192.0.2.10")
		right := migrants.Proof{Reference: e.Reference, BirthDate: "1988-03-14", DocumentNo: "ab1234567"}
		wrong := []migrants.Proof{
			{Reference: e.Reference, BirthDate: "1988-03-15", DocumentNo: right.DocumentNo},
			{Reference: e.Reference, BirthDate: right.BirthDate, DocumentNo: "AB 1234568"},
			{Reference: "TTM-ZZZZZZZZZZ", BirthDate: right.BirthDate, DocumentNo: right.DocumentNo},
			{Reference: "TTM-ZZZZZZZZZZ", BirthDate: "1988-03-15", DocumentNo: "AB 1234568"},
		}
		for i, p := range wrong {
			var ie *i18n.Error
			if err := a.Migrants.Prove(ctx, p); !errors.As(err, &ie) || ie.Key != "link.error.no_match" {
				t.Errorf("wrong proof %d: %v, want no_match", i, err)
			}
		}
		if n := dbtest.Count(t, d, `SELECT count(*) FROM audit_events WHERE action = 'account.link_failed'`); n != len(wrong) {
			t.Errorf("%d failed proofs audited, want %d", n, len(wrong))
		}
		if n := dbtest.Count(t, d, `SELECT count(*) FROM account_links`); n != 0 {
			t.Errorf("%d links after wrong proofs", n)
		}
		// A fifth failure, then even the right proof waits.
		a.Migrants.Prove(ctx, wrong[0])
		var ie *i18n.Error
		if err := a.Migrants.Prove(ctx, right); !errors.As(err, &ie) || ie.Key != "link.error.throttled" {
			t.Fatalf("proof after five failures: %v, want throttled", err)
		}
		// Another account from another address proves at once.
		other := migrant(t, a, "other@example.org", "198.51.100.7")
		if err := a.Migrants.Prove(other, right); err != nil {
			t.Fatalf("right proof: %v", err)
		}
		if n := dbtest.Count(t, d, `SELECT count(*) FROM account_links WHERE person_id = $1 AND how = 'proof'`, e.PersonID); n != 1 {
			t.Errorf("%d links to the person, want 1", n)
		}
		if n := dbtest.Count(t, d, `SELECT count(*) FROM audit_events WHERE action = 'account.link' AND object_id = $1`, fmt.Sprint(e.PersonID)); n != 1 {
			t.Errorf("the link audited %d times, want once", n)
		}
		// Linked: the principal carries the person, and sees their application.
		var userID int64
		d.QueryRowContext(context.Background(), `SELECT id FROM users WHERE email = 'other@example.org'`).Scan(&userID)
		linked := signedIn(context.Background(), a, userID, "198.51.100.7")
		mine, err := a.Training.Mine(linked, time.Now())
		if err != nil || len(mine.Applications) != 1 || mine.Applications[0].Reference != e.Reference {
			t.Fatalf("the linked migrant's applications: %+v, %v", mine.Applications, err)
		}
		// The first account, once its wait is over, finds the person taken.
		if _, err := d.ExecContext(context.Background(), `DELETE FROM link_failures`); err != nil {
			t.Fatal(err)
		}
		if err := a.Migrants.Prove(ctx, right); !errors.As(err, &ie) || ie.Key != "link.error.taken" {
			t.Errorf("proof of a person with an account: %v, want taken", err)
		}
		// An unlinked account sees nothing of anyone.
		if _, err := a.Training.Mine(ctx, time.Now()); !errors.Is(err, access.ErrForbidden) {
			t.Errorf("an unlinked account's training: %v, want forbidden", err)
		}
	})
}

func TestRequests(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		a, err := app.New(d, "http://example.test", storage.NewFolder(t.TempDir()), app.NewKeys())
		if err != nil {
			t.Fatal(err)
		}
		e := applicant(t, a)
		ctx := migrant(t, a, "asks@example.org", "192.0.2.11")
		sys := access.With(context.Background(), access.System())
		consultant, _, err := a.Users.CreateUserGenerated(sys, auth.UserInput{Email: "c@example.org", Name: "Consultant", Role: access.Consultant, Active: true, Language: i18n.EN}, false)
		if err != nil {
			t.Fatal(err)
		}
		staff := access.With(context.Background(), consultant.Principal())
		if err := a.Migrants.RequestLink(ctx, migrants.RequestInput{Name: "İlahə Həsənova", BirthDate: "1988-03-14"}); err != nil {
			t.Fatal(err)
		}
		if n := dbtest.Count(t, d, `SELECT count(*) FROM notifications WHERE user_id = $1 AND kind = 'link.requested'`, consultant.ID); n != 1 {
			t.Errorf("the consultant was told %d times, want once", n)
		}
		if _, err := a.Migrants.Requests(ctx); !errors.Is(err, access.ErrForbidden) {
			t.Errorf("a migrant lists the requests: %v", err)
		}
		list, err := a.Migrants.Requests(staff)
		if err != nil || len(list) != 1 {
			t.Fatalf("requests: %v, %v", list, err)
		}
		if err := a.Migrants.ConfirmRequest(staff, list[0].ID, e.PersonID); err != nil {
			t.Fatal(err)
		}
		if err := a.Migrants.RefuseRequest(staff, list[0].ID, "too late"); err == nil {
			t.Error("a decided request was decided again")
		}
		if n := dbtest.Count(t, d, `SELECT count(*) FROM account_links WHERE person_id = $1 AND how = 'request'`, e.PersonID); n != 1 {
			t.Errorf("%d links by request, want 1", n)
		}
		if n := dbtest.Count(t, d, `SELECT count(*) FROM notifications WHERE user_id = $1 AND kind = 'link.confirmed'`, list[0].UserID); n != 1 {
			t.Errorf("the migrant was told %d times, want once", n)
		}
		account, err := a.Migrants.AccountOf(staff, e.PersonID)
		if err != nil || !account.Linked || account.Email != "asks@example.org" {
			t.Fatalf("the person's account: %+v, %v", account, err)
		}
		if err := a.Migrants.Unlink(staff, e.PersonID); err != nil {
			t.Fatal(err)
		}
		if n := dbtest.Count(t, d, `SELECT count(*) FROM account_links`); n != 0 {
			t.Errorf("%d links after unlinking", n)
		}
		if err := a.Migrants.Invite(staff, e.PersonID, "invited@example.org", i18n.RU); err != nil {
			t.Fatal(err)
		}
		if n := dbtest.Count(t, d, `SELECT count(*) FROM outbox WHERE to_address = 'invited@example.org' AND kind = 'account.invite' AND lang = 'ru'`); n != 1 {
			t.Errorf("%d invitations written, want 1", n)
		}
		if err := a.Migrants.Invite(staff, e.PersonID, "again@example.org", i18n.RU); err == nil {
			t.Error("a person with an account was invited again")
		}
		if n := dbtest.Count(t, d, `SELECT count(*) FROM users WHERE email = 'again@example.org'`); n != 0 {
			t.Error("a refused invitation left an account")
		}
	})
}

// TestLearnerEvents: a learner with a linked account is told in the app
// and by e-mail, in the language she applied in, when her attendance falls
// under the threshold (once), when her certificate is issued and when it
// is revoked.
func TestLearnerEvents(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		a, err := app.New(d, "http://example.test", storage.NewFolder(t.TempDir()), app.NewKeys())
		if err != nil {
			t.Fatal(err)
		}
		sys := access.With(context.Background(), access.System())
		course, err := a.Training.SaveCourse(sys, 0, training.CourseInput{Kind: "culture",
			Title: map[i18n.Lang]string{i18n.AZ: "Mədəniyyət", i18n.EN: "Culture", i18n.RU: "Культура"},
			Hours: "20", PassMark: "60", AttendanceMin: "80", Eligible: []people.StatusKind{people.PermanentPermit}})
		if err != nil {
			t.Fatal(err)
		}
		cohort, err := a.Training.CreateCohort(sys, training.CohortInput{CourseID: course.ID, Code: "CUL-1", Venue: "Bakı",
			StartsOn: "2025-03-03", EndsOn: "2025-03-14", Capacity: "5", Language: "ru",
			Slots: []training.SlotInput{{Weekday: "1", Start: "10:00", End: "12:00"}, {Weekday: "3", Start: "10:00", End: "12:00"}}})
		if err != nil {
			t.Fatal(err)
		}
		if err := a.Training.MoveCohort(sys, cohort.ID, training.Open, ""); err != nil {
			t.Fatal(err)
		}
		e, err := a.Training.Apply(context.Background(), training.ApplicationInput{CohortID: cohort.ID, Lang: i18n.RU,
			Person:       people.Input{Names: []people.Name{{Kind: people.NameAz, Surname: "Petrova", Given: "Anna"}}, BirthDate: "1985-01-01", Email: "anna@example.org"},
			DeclaredKind: people.PermanentPermit, DeclaredDocument: "AA 111", ConsentData: true, ConsentProgramme: true})
		if err != nil {
			t.Fatal(err)
		}
		ctx := migrant(t, a, "anna.account@example.org", "192.0.2.20")
		if err := a.Migrants.Prove(ctx, migrants.Proof{Reference: e.Reference, BirthDate: "1985-01-01", DocumentNo: "AA 111"}); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Training.Accept(sys, e.ID); err != nil {
			t.Fatal(err)
		}
		if err := a.Training.MoveCohort(sys, cohort.ID, training.Running, ""); err != nil {
			t.Fatal(err)
		}
		lessons, err := a.Training.CohortLessons(sys, cohort.ID)
		if err != nil {
			t.Fatal(err)
		}
		marks := []string{training.Present, training.Absent, training.Absent, training.Present}
		for i, l := range lessons {
			if err := a.Training.MarkAttendance(sys, l.ID, map[int64]string{e.ID: marks[i%len(marks)]}); err != nil {
				t.Fatal(err)
			}
		}
		count := func(kind string) (inApp, mails int) {
			inApp = dbtest.Count(t, d, `SELECT count(*) FROM notifications n JOIN users u ON u.id = n.user_id
				WHERE u.email = 'anna.account@example.org' AND n.kind = $1`, kind)
			mails = dbtest.Count(t, d, `SELECT count(*) FROM outbox WHERE to_address = 'anna@example.org' AND kind = $1 AND lang = 'ru'`, kind)
			return
		}
		if inApp, mails := count("attendance.below"); inApp != 1 || mails != 1 {
			t.Errorf("attendance under the threshold: told %d times in the app and %d by e-mail, want once each", inApp, mails)
		}
		// A pass mark with the attendance short: no certificate; made up by
		// marking the absences excused, the certificate is issued.
		for i, l := range lessons {
			if marks[i%len(marks)] == training.Absent {
				if err := a.Training.MarkAttendance(sys, l.ID, map[int64]string{e.ID: training.Excused}); err != nil {
					t.Fatal(err)
				}
			}
		}
		if err := a.Training.RecordResults(sys, cohort.ID, training.Final, "2025-03-14", []training.ResultInput{{EnrolmentID: e.ID, Score: "90"}}); err != nil {
			t.Fatal(err)
		}
		if err := a.Training.MoveCohort(sys, cohort.ID, training.Finished, ""); err != nil {
			t.Fatal(err)
		}
		if inApp, mails := count("certificate.issued"); inApp != 1 || mails != 1 {
			t.Fatalf("certificate issued: told %d times in the app and %d by e-mail", inApp, mails)
		}
		certs, err := a.Training.Certificates(sys, cohort.ID)
		if err != nil || len(certs) != 1 {
			t.Fatalf("certificates: %v, %v", certs, err)
		}
		if err := a.Training.RevokeCertificate(sys, certs[0].ID, "Səhv verilib"); err != nil {
			t.Fatal(err)
		}
		if inApp, mails := count("certificate.revoked"); inApp != 1 || mails != 1 {
			t.Errorf("certificate revoked: told %d times in the app and %d by e-mail", inApp, mails)
		}
		var text string
		d.QueryRowContext(context.Background(), `SELECT text_body FROM outbox WHERE kind = 'certificate.revoked'`).Scan(&text)
		if !strings.Contains(text, "Səhv verilib") || !strings.Contains(text, "аннулирован") || !strings.Contains(text, "/me") {
			t.Errorf("the revocation e-mail: %q", text)
		}
	})
}

// TestCaseReminders: the daily reminders tell the consultant of a referral
// past its due day and the assignee of a task due today, once each
// however often they run.
func TestCaseReminders(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		a, err := app.New(d, "http://example.test", storage.NewFolder(t.TempDir()), app.NewKeys())
		if err != nil {
			t.Fatal(err)
		}
		sys := access.With(context.Background(), access.System())
		consultant, _, err := a.Users.CreateUserGenerated(sys, auth.UserInput{Email: "c@example.org", Name: "Consultant", Role: access.Consultant, Active: true, Language: i18n.EN}, false)
		if err != nil {
			t.Fatal(err)
		}
		partner, err := a.Orgs.CreateOrganisation(sys, orgs.Input{Name: "Employment agency", Kind: orgs.Ministry, Active: true})
		if err != nil {
			t.Fatal(err)
		}
		person, _, err := a.People.CreatePerson(sys, people.Input{Names: []people.Name{{Kind: people.NameAz, Surname: "Quliyev", Given: "Emin"}}, BirthDate: "1980-02-02"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.People.GiveConsent(sys, person.ID, people.ConsentInput{Purpose: people.Participation}); err != nil {
			t.Fatal(err)
		}
		staff := access.With(context.Background(), consultant.Principal())
		c, err := a.Cases.OpenCase(staff, cases.IntakeInput{PersonID: person.ID, Source: "walk_in"})
		if err != nil {
			t.Fatal(err)
		}
		today := i18n.DayOf(time.Now())
		if _, err := a.Cases.Refer(staff, c.ID, cases.ReferralInput{OrganisationID: partner.ID, Domain: "work", Need: "CV",
			DueOn: today.AddDate(0, 0, 1).Format(time.DateOnly)}); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Cases.AddTask(staff, c.ID, cases.TaskInput{AssigneeID: consultant.ID, Title: "Zəng edin", DueOn: today.AddDate(0, 0, 3).Format(time.DateOnly)}); err != nil {
			t.Fatal(err)
		}
		told := func(kind string) int {
			return dbtest.Count(t, d, `SELECT count(*) FROM notifications WHERE user_id = $1 AND kind = $2`, consultant.ID, kind)
		}
		if err := a.Cases.RemindCases(sys, today); err != nil {
			t.Fatal(err)
		}
		if told("referral.overdue")+told("task.due") != 0 {
			t.Fatal("reminders before anything is due")
		}
		later := today.AddDate(0, 0, 3)
		for range 2 {
			if err := a.Cases.RemindCases(sys, later); err != nil {
				t.Fatal(err)
			}
		}
		if n := told("referral.overdue"); n != 1 {
			t.Errorf("referral overdue told %d times, want once", n)
		}
		if n := told("task.due"); n != 1 {
			t.Errorf("task due told %d times, want once", n)
		}
	})
}
