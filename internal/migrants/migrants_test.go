package migrants_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/app"
	"inteqra/internal/audit"
	"inteqra/internal/auth"
	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"
	"inteqra/internal/i18n"
	"inteqra/internal/migrants"
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
