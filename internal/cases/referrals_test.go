package cases

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/auth"
	"inteqra/internal/auth/authtest"
	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"
	"inteqra/internal/i18n"
	"inteqra/internal/orgs"
	"inteqra/internal/people"
	"inteqra/internal/training"
)

// referralFixture adds to the case fixture two partner organisations with
// an officer each, and an open case.
type referralFixture struct {
	*fixture
	partner, stranger context.Context
	partnerOrg        orgs.Organisation
	inactiveOrg       orgs.Organisation
	c                 Case
}

func newReferralFixture(t *testing.T, d *db.DB) *referralFixture {
	t.Helper()
	f := &referralFixture{fixture: newFixture(t, d)}
	o := orgs.NewStore(d)
	org := func(name string, kind orgs.Kind, active bool) orgs.Organisation {
		org, err := o.CreateOrganisation(system, orgs.Input{Name: name, Kind: kind, Active: active})
		if err != nil {
			t.Fatal(err)
		}
		return org
	}
	f.partnerOrg = org("Əmək Nazirliyi", orgs.Ministry, true)
	other := org("Qaçqınlara Yardım İctimai Birliyi", orgs.NGO, true)
	f.inactiveOrg = org("Köhnə QHT", orgs.NGO, false)
	officer := func(email string, orgID int64) context.Context {
		u, err := authtest.NewStore(t, d).CreateUser(system, auth.UserInput{Email: email, Name: email, Role: access.PartnerOfficer,
			OrganisationID: orgID, Active: true}, "long enough password", false)
		if err != nil {
			t.Fatal(err)
		}
		return access.With(context.Background(), u.Principal())
	}
	f.partner = officer("officer@labour.example.az", f.partnerOrg.ID)
	f.stranger = officer("officer@ngo.example.az", other.ID)
	f.consent(t)
	f.c = f.open(t)
	return f
}

func (f *referralFixture) today() string { return i18n.DayOf(time.Now()).Format(time.DateOnly) }

func (f *referralFixture) refer(t *testing.T) Referral {
	t.Helper()
	r, err := f.s.Refer(f.consultant, f.c.ID, ReferralInput{OrganisationID: f.partnerOrg.ID, Domain: "work",
		Need: "İş axtarışında məsləhət", DueOn: f.today()})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestReferValidation(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newReferralFixture(t, d)
		good := ReferralInput{OrganisationID: f.partnerOrg.ID, Domain: "work", Need: "İş", DueOn: f.today()}
		for _, tt := range []struct {
			name   string
			change func(*ReferralInput)
			want   string
		}{
			{"domain", func(in *ReferralInput) { in.Domain = "cooking" }, "referral.error.domain"},
			{"need", func(in *ReferralInput) { in.Need = "  " }, "referral.error.need"},
			{"past due date", func(in *ReferralInput) { in.DueOn = "2020-01-01" }, "referral.error.due_on"},
			{"no due date", func(in *ReferralInput) { in.DueOn = "" }, "referral.error.due_on"},
			{"inactive organisation", func(in *ReferralInput) { in.OrganisationID = f.inactiveOrg.ID }, "referral.error.organisation"},
			{"unknown organisation", func(in *ReferralInput) { in.OrganisationID = 9999 }, "referral.error.organisation"},
		} {
			in := good
			tt.change(&in)
			if _, err := f.s.Refer(f.consultant, f.c.ID, in); errKey(err) != tt.want {
				t.Errorf("%s: %v, want %s", tt.name, err, tt.want)
			}
		}
		if _, err := f.s.Refer(f.outsider, f.c.ID, good); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("another office's consultant: %v", err)
		}
		if _, err := f.s.Refer(f.partner, f.c.ID, good); !errors.Is(err, access.ErrForbidden) {
			t.Errorf("a partner officer: %v", err)
		}
		if list, _ := f.s.Referrals(f.consultant, f.c.ID); len(list) != 0 {
			t.Errorf("refused referrals were saved: %+v", list)
		}
		r, err := f.s.Refer(f.colleague, f.c.ID, good)
		if err != nil || r.State != ReferralSent || r.OrganisationName != f.partnerOrg.Name {
			t.Fatalf("a colleague refers: %+v, %v", r, err)
		}
		if err := f.s.RequestClosure(f.supervisor, f.c.ID, "completed", ""); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.Refer(f.consultant, f.c.ID, good); !errors.Is(err, ErrInvalidMove) {
			t.Errorf("referral from a closed case: %v", err)
		}
	})
}

func TestReferralStates(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newReferralFixture(t, d)
		r := f.refer(t)
		steps := []struct {
			name string
			do   func() error
			want string
		}{
			{"complete a sent referral", func() error { return f.s.Complete(f.partner, r.ID, "Done") }, "cases.error.invalid_move"},
			{"no-show of a sent referral", func() error { return f.s.NoShow(f.partner, r.ID, "") }, "cases.error.invalid_move"},
			{"decline without a reason", func() error { return f.s.Decline(f.partner, r.ID, " ") }, "referral.error.reason"},
			{"consultant accepts", func() error { return f.s.Accept(f.consultant, r.ID) }, access.ErrForbidden.Error()},
			{"another organisation accepts", func() error { return f.s.Accept(f.stranger, r.ID) }, db.ErrNotFound.Error()},
			{"accept", func() error { return f.s.Accept(f.partner, r.ID) }, ""},
			{"accept twice", func() error { return f.s.Accept(f.partner, r.ID) }, "cases.error.invalid_move"},
			{"decline an accepted one", func() error { return f.s.Decline(f.partner, r.ID, "Yer yoxdur") }, "cases.error.invalid_move"},
			{"cancel an accepted one", func() error { return f.s.Cancel(f.consultant, r.ID, "Lazım deyil") }, "cases.error.invalid_move"},
			{"complete without an outcome", func() error { return f.s.Complete(f.partner, r.ID, "") }, "referral.error.outcome"},
			{"complete", func() error { return f.s.Complete(f.partner, r.ID, "İşə düzəldi") }, ""},
			{"complete twice", func() error { return f.s.Complete(f.partner, r.ID, "Yenə") }, "cases.error.invalid_move"},
			{"no-show after completion", func() error { return f.s.NoShow(f.partner, r.ID, "") }, "cases.error.invalid_move"},
		}
		for _, st := range steps {
			if err := st.do(); errKey(err) != st.want {
				t.Errorf("%s: %v, want %q", st.name, err, st.want)
			}
		}
		list, err := f.s.Referrals(f.consultant, f.c.ID)
		if err != nil || len(list) != 1 || list[0].State != ReferralCompleted || list[0].Answer != "İşə düzəldi" ||
			list[0].AnsweredAt.IsZero() || list[0].ClosedAt.IsZero() {
			t.Fatalf("completed referral: %+v, %v", list, err)
		}

		declined := f.refer(t)
		if err := f.s.Decline(f.partner, declined.ID, "Bizim işimiz deyil"); err != nil {
			t.Fatal(err)
		}
		cancelled := f.refer(t)
		if err := f.s.Cancel(f.consultant, cancelled.ID, ""); errKey(err) != "cases.error.reason_required" {
			t.Errorf("cancel without a reason: %v", err)
		}
		if err := f.s.Cancel(f.outsider, cancelled.ID, "Səhv"); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("another office cancels: %v", err)
		}
		if err := f.s.Cancel(f.consultant, cancelled.ID, "Səhv göndərildi"); err != nil {
			t.Fatal(err)
		}
		if err := f.s.Accept(f.partner, cancelled.ID); !errors.Is(err, ErrInvalidMove) {
			t.Errorf("accept a cancelled referral: %v", err)
		}
		noShow := f.refer(t)
		if err := f.s.Accept(f.partner, noShow.ID); err != nil {
			t.Fatal(err)
		}
		if err := f.s.NoShow(f.partner, noShow.ID, ""); err != nil {
			t.Fatal(err)
		}

		states := map[int64]ReferralState{}
		answers := map[int64]string{}
		list, _ = f.s.Referrals(f.supervisor, f.c.ID)
		for _, r := range list {
			states[r.ID], answers[r.ID] = r.State, r.Answer
		}
		want := map[int64]ReferralState{r.ID: ReferralCompleted, declined.ID: ReferralDeclined, cancelled.ID: ReferralCancelled, noShow.ID: ReferralNoShow}
		if !reflect.DeepEqual(states, want) || answers[declined.ID] != "Bizim işimiz deyil" {
			t.Errorf("states %v, want %v; answers %v", states, want, answers)
		}
		if _, err := f.s.Referrals(f.outsider, f.c.ID); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("another office's list: %v", err)
		}

		// The timeline names the partner officer as the actor of their answers.
		events, err := f.s.Timeline(f.consultant, f.c.ID)
		if err != nil {
			t.Fatal(err)
		}
		var kinds []string
		partnerID := access.From(f.partner).UserID
		for _, e := range events {
			kinds = append(kinds, e.Kind)
			if (e.Kind == "referral.accepted" || e.Kind == "referral.completed") && e.ActorID != partnerID {
				t.Errorf("%s by %d, want the partner officer %d", e.Kind, e.ActorID, partnerID)
			}
		}
		for _, k := range referralEvents {
			if !slices.Contains(kinds, k) {
				t.Errorf("timeline %v has no %s", kinds, k)
			}
		}
		var audited int
		if err := d.QueryRowContext(system, `SELECT count(*) FROM audit_events WHERE action LIKE 'case.referral.%'`).Scan(&audited); err != nil || audited < 8 {
			t.Errorf("audited referral changes: %d, %v", audited, err)
		}
	})
}

func TestPartnerInbox(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newReferralFixture(t, d)
		r := f.refer(t)
		list, err := f.s.Inbox(f.partner, "")
		if err != nil || len(list) != 1 {
			t.Fatalf("inbox: %+v, %v", list, err)
		}
		got := list[0]
		if got.ID != r.ID || got.PersonName != "Əhmədi Mürtəza" || got.BirthYear != 1979 || got.Language != "fa" || !got.Interpreter ||
			got.Need != r.Need || got.Domain != "work" || got.State != ReferralSent || got.Overdue {
			t.Errorf("inbox line: %+v", got)
		}
		// The partner's view carries only what the referral needs: no case
		// number, notes, assessment, stated needs or other referrals.
		var fields []string
		for f := range reflect.TypeFor[PartnerReferral]().Fields() {
			fields = append(fields, f.Name)
		}
		want := []string{"ID", "PersonName", "BirthYear", "Language", "Interpreter", "Domain", "Need", "DueOn", "State", "Answer",
			"SentAt", "AnsweredAt", "ClosedAt", "Overdue"}
		if !slices.Equal(fields, want) {
			t.Errorf("PartnerReferral fields %v, want only %v", fields, want)
		}
		if list, err := f.s.Inbox(f.stranger, ""); err != nil || len(list) != 0 {
			t.Errorf("another organisation's inbox: %+v, %v", list, err)
		}
		if _, err := f.s.Inbox(f.consultant, ""); !errors.Is(err, access.ErrForbidden) {
			t.Errorf("a consultant's inbox: %v", err)
		}
		if _, err := f.s.PartnerReferral(f.stranger, r.ID); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("another organisation opens it: %v", err)
		}
		if _, err := f.s.PartnerReferral(f.consultant, r.ID); !errors.Is(err, access.ErrForbidden) {
			t.Errorf("a consultant opens the partner view: %v", err)
		}
		one, err := f.s.PartnerReferral(f.partner, r.ID)
		if err != nil || one != got {
			t.Errorf("partner view: %+v, %v; inbox had %+v", one, err, got)
		}
		var views int
		if err := d.QueryRowContext(system, `SELECT count(*) FROM audit_events WHERE action = 'referral.view' AND object_id = $1`,
			fmt.Sprint(r.ID)).Scan(&views); err != nil || views != 1 {
			t.Errorf("audited views: %d, %v", views, err)
		}
		if list, err := f.s.Inbox(f.partner, string(ReferralAccepted)); err != nil || len(list) != 0 {
			t.Errorf("accepted filter: %+v, %v", list, err)
		}
		if _, err := f.s.Inbox(f.partner, "lost"); errKey(err) != "referral.error.state" {
			t.Errorf("unknown filter: %v", err)
		}
		cancelled := f.refer(t)
		if err := f.s.Cancel(f.consultant, cancelled.ID, "Şəxsi səbəb"); err != nil {
			t.Fatal(err)
		}
		if c, err := f.s.PartnerReferral(f.partner, cancelled.ID); err != nil || c.Answer != "" {
			t.Errorf("a cancelled referral shows the consultant's reason to the partner: %+v, %v", c, err)
		}
	})
}

func TestOverdueReferrals(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newReferralFixture(t, d)
		sent := f.refer(t)
		accepted := f.refer(t)
		done := f.refer(t)
		for _, id := range []int64{accepted.ID, done.ID} {
			if err := f.s.Accept(f.partner, id); err != nil {
				t.Fatal(err)
			}
		}
		if err := f.s.Complete(f.partner, done.ID, "Oldu"); err != nil {
			t.Fatal(err)
		}
		if list, err := f.s.OverdueReferrals(f.supervisor); err != nil || len(list) != 0 {
			t.Errorf("due today is not overdue: %+v, %v", list, err)
		}
		f.s.now = func() time.Time { return time.Now().AddDate(0, 0, 3) }
		overdue := []int64{sent.ID, accepted.ID}
		ids := func(list []Referral) []int64 {
			var out []int64
			for _, r := range list {
				out = append(out, r.ID)
				if !r.Overdue {
					t.Errorf("referral %d listed as overdue without the flag", r.ID)
				}
			}
			return out
		}
		for name, ctx := range map[string]context.Context{"supervisor": f.supervisor, "consultant": f.consultant} {
			list, err := f.s.OverdueReferrals(ctx)
			if err != nil || !slices.Equal(ids(list), overdue) || list[0].PersonName != "Əhmədi Mürtəza" {
				t.Errorf("%s's overdue referrals: %+v, %v", name, list, err)
			}
		}
		if list, err := f.s.OverdueReferrals(f.outsider); err != nil || len(list) != 0 {
			t.Errorf("another office's overdue referrals: %+v, %v", list, err)
		}
		if _, err := f.s.OverdueReferrals(f.partner); !errors.Is(err, access.ErrForbidden) {
			t.Errorf("a partner officer's team list: %v", err)
		}
		inbox, err := f.s.Inbox(f.partner, InboxOverdue)
		var inboxIDs []int64
		for _, r := range inbox {
			inboxIDs = append(inboxIDs, r.ID)
		}
		if err != nil || !slices.Equal(inboxIDs, overdue) {
			t.Errorf("partner's overdue inbox: %v, %v", inboxIDs, err)
		}
		all, _ := f.s.Referrals(f.consultant, f.c.ID)
		for _, r := range all {
			if r.Overdue != slices.Contains(overdue, r.ID) {
				t.Errorf("referral %d in state %s: overdue %v", r.ID, r.State, r.Overdue)
			}
		}
		if list, _ := f.s.Inbox(f.stranger, InboxOverdue); len(list) != 0 {
			t.Errorf("another organisation's overdue inbox: %+v", list)
		}
	})
}

func TestCourseReferral(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newReferralFixture(t, d)
		centre, err := orgs.NewStore(d).CreateOrganisation(system, orgs.Input{Name: "Təlim-tədris mərkəzi", Kind: orgs.TrainingCentre, Active: true})
		if err != nil {
			t.Fatal(err)
		}
		course, err := f.ts.SaveCourse(system, 0, training.CourseInput{Kind: "lang_a1", Hours: "60", PassMark: "60",
			Title:    map[i18n.Lang]string{i18n.AZ: "Azərbaycan dili A1", i18n.EN: "Azerbaijani A1", i18n.RU: "Азербайджанский язык A1"},
			Eligible: []people.StatusKind{people.PermanentPermit}})
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now().AddDate(0, 1, 0)
		cohort, err := f.ts.CreateCohort(system, training.CohortInput{CourseID: course.ID, StartsOn: start.Format(time.DateOnly),
			EndsOn: start.AddDate(0, 2, 0).Format(time.DateOnly), Venue: "Bakı", Capacity: "10", Language: "az",
			Slots: []training.SlotInput{{Weekday: "2", Start: "18:30", End: "20:00"}}})
		if err != nil {
			t.Fatal(err)
		}
		if err := f.ts.MoveCohort(system, cohort.ID, training.Open, ""); err != nil {
			t.Fatal(err)
		}
		in := ReferralInput{OrganisationID: f.partnerOrg.ID, Domain: "language", Need: "Dil kursu", DueOn: f.today(), CohortID: cohort.ID}
		if _, err := f.s.Refer(f.consultant, f.c.ID, in); errKey(err) != "training.error.not_eligible" {
			t.Errorf("without a residence status: %v", err)
		}
		if list, _ := f.s.Referrals(f.consultant, f.c.ID); len(list) != 0 {
			t.Errorf("a refused course referral was saved: %+v", list)
		}
		_, err = f.ps.AddStatus(f.consultant, f.person.ID, people.StatusInput{Kind: people.PermanentPermit, DocumentNo: "PRP 123456",
			ValidFrom: time.Now().AddDate(-1, 0, 0).Format(time.DateOnly), ValidTo: time.Now().AddDate(4, 0, 0).Format(time.DateOnly), State: people.Granted})
		if err != nil {
			t.Fatal(err)
		}
		r, err := f.s.Refer(f.consultant, f.c.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		if r.OrganisationID != centre.ID || r.EnrolmentID == 0 {
			t.Errorf("course referral: %+v, want the Centre %d and an application", r, centre.ID)
		}
		roster, err := f.ts.Roster(system, cohort.ID)
		if err != nil || len(roster) != 1 {
			t.Fatalf("roster: %+v, %v", roster, err)
		}
		if e := roster[0]; e.ID != r.EnrolmentID || e.PersonID != f.person.ID || e.State != training.Applied || e.Channel != training.Staff {
			t.Errorf("the application: %+v", e)
		}
		if _, err := f.s.Refer(f.consultant, f.c.ID, in); errKey(err) != "training.error.already_applied" {
			t.Errorf("a second course referral: %v", err)
		}
		if list, _ := f.s.Referrals(f.consultant, f.c.ID); len(list) != 1 || list[0].EnrolmentID != r.EnrolmentID {
			t.Errorf("referrals: %+v", list)
		}
	})
}
