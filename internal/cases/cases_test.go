package cases

import (
	"context"
	"errors"
	"testing"

	"inteqra/internal/access"
	"inteqra/internal/auth"
	"inteqra/internal/auth/authtest"
	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"
	"inteqra/internal/i18n"
	"inteqra/internal/orgs"
	"inteqra/internal/people"
	"inteqra/internal/storage"
	"inteqra/internal/training"
)

var system = access.With(context.Background(), access.System())

// FeatureStores is app.FeatureStores, which builds this store and the
// training store and hooks them to the registry, so the fixture runs the
// same paths between features as the app; feature_stores_test.go sets it,
// as this package's own tests cannot import app (app imports cases).
var FeatureStores func(*db.DB, *people.Store, *auth.Store, *orgs.Store, storage.Store) (*training.Store, *Store)

// fixture is a database with an organisation whose consultant, colleague and
// supervisor work together, a consultant of another organisation, and a
// person who has given participation consent.
type fixture struct {
	d          *db.DB
	s          *Store
	ps         *people.Store
	ts         *training.Store
	root       string // the folder that keeps attachments
	consultant context.Context
	colleague  context.Context
	supervisor context.Context
	outsider   context.Context
	person     people.Person
}

func errKey(err error) string {
	var e *i18n.Error
	if errors.As(err, &e) {
		return e.Key
	}
	if err == nil {
		return ""
	}
	return err.Error()
}

func newFixture(t *testing.T, d *db.DB) *fixture {
	t.Helper()
	f := &fixture{d: d, ps: people.NewStore(d, nil), root: t.TempDir()}
	o := orgs.NewStore(d)
	f.ts, f.s = FeatureStores(d, f.ps, authtest.NewStore(t, d), o, storage.NewFolder(f.root))
	office, err := o.CreateOrganisation(system, orgs.Input{Name: "Bakı regional idarəsi", Kind: orgs.RegionalOffice, Active: true})
	if err != nil {
		t.Fatal(err)
	}
	other, err := o.CreateOrganisation(system, orgs.Input{Name: "Gəncə regional idarəsi", Kind: orgs.RegionalOffice, Active: true})
	if err != nil {
		t.Fatal(err)
	}
	user := func(email string, role access.Role, org int64) context.Context {
		u, err := authtest.NewStore(t, d).CreateUser(system, auth.UserInput{Email: email, Name: email, Role: role, OrganisationID: org, Active: true},
			"long enough password", false)
		if err != nil {
			t.Fatal(err)
		}
		return access.With(context.Background(), u.Principal())
	}
	f.consultant = user("consultant@example.az", access.Consultant, office.ID)
	f.colleague = user("colleague@example.az", access.Consultant, office.ID)
	f.supervisor = user("supervisor@example.az", access.Supervisor, office.ID)
	f.outsider = user("outsider@example.az", access.Consultant, other.ID)
	f.person, _, err = f.ps.CreatePerson(f.consultant, people.Input{
		Names: []people.Name{{Kind: people.NameAz, Surname: "Əhmədi", Given: "Mürtəza"}}, BirthDate: "1979-09-30"})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *fixture) consent(t *testing.T) people.Consent {
	t.Helper()
	c, err := f.ps.GiveConsent(f.consultant, f.person.ID, people.ConsentInput{Purpose: people.Participation})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func (f *fixture) open(t *testing.T) Case {
	t.Helper()
	c, err := f.s.OpenCase(f.consultant, IntakeInput{PersonID: f.person.ID, Source: "walk_in", StatedNeeds: "Dil kursu, iş", Language: "fa", Interpreter: true})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestOpenCase(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		in := IntakeInput{PersonID: f.person.ID, Source: "walk_in"}
		if _, err := f.s.OpenCase(f.consultant, in); !errors.Is(err, people.ErrNoParticipationConsent) {
			t.Errorf("without consent: %v", err)
		}
		f.consent(t)
		for _, bad := range []struct {
			in   IntakeInput
			want string
		}{
			{IntakeInput{PersonID: f.person.ID, Source: "rumour"}, "cases.error.source"},
			{IntakeInput{PersonID: f.person.ID, Source: "walk_in", Language: "xx-nope"}, "cases.error.language"},
		} {
			if _, err := f.s.OpenCase(f.consultant, bad.in); errKey(err) != bad.want {
				t.Errorf("%+v: %v, want %s", bad.in, err, bad.want)
			}
		}
		c := f.open(t)
		if c.State != Intake || c.ConsultantID == 0 {
			t.Errorf("opened case: %+v", c)
		}
		if _, err := f.s.OpenCase(f.colleague, in); errKey(err) != "cases.error.already_open" {
			t.Errorf("a second open case: %v", err)
		}
		trainer := access.With(context.Background(), access.Principal{UserID: 99, Role: access.Trainer})
		if _, err := f.s.OpenCase(trainer, in); !errors.Is(err, access.ErrForbidden) {
			t.Errorf("a trainer opens a case: %v", err)
		}
	})
}

func TestCaseVisibility(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		f.consent(t)
		c := f.open(t)
		for name, ctx := range map[string]context.Context{"consultant": f.consultant, "colleague": f.colleague, "supervisor": f.supervisor} {
			got, err := f.s.Case(ctx, c.ID)
			if err != nil || got.PersonName != "Əhmədi Mürtəza" {
				t.Errorf("%s: %+v, %v", name, got, err)
			}
			list, err := f.s.Cases(ctx, Filter{Open: true})
			if err != nil || len(list) != 1 {
				t.Errorf("%s's list: %d, %v", name, len(list), err)
			}
		}
		if _, err := f.s.Case(f.outsider, c.ID); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("another office's consultant: %v", err)
		}
		if list, _ := f.s.Cases(f.outsider, Filter{}); len(list) != 0 {
			t.Errorf("another office's list: %d cases", len(list))
		}
		analyst := access.With(context.Background(), access.Principal{UserID: 98, Role: access.Analyst})
		if _, err := f.s.Case(analyst, c.ID); !errors.Is(err, access.ErrForbidden) {
			t.Errorf("an analyst: %v", err)
		}
	})
}

func TestCaseStates(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		consent := f.consent(t)
		c := f.open(t)
		if err := f.s.Hold(f.consultant, c.ID, "xəstədir"); !errors.Is(err, ErrInvalidMove) {
			t.Errorf("hold a case in intake: %v", err)
		}
		if err := f.s.RequestClosure(f.consultant, c.ID, "bored", ""); errKey(err) != "cases.error.outcome" {
			t.Errorf("unknown outcome: %v", err)
		}
		if err := f.s.RequestClosure(f.consultant, c.ID, "moved_away", "Gəncəyə köçüb"); err != nil {
			t.Fatal(err)
		}
		if err := f.s.DecideClosure(f.consultant, c.ID, true, ""); !errors.Is(err, access.ErrForbidden) {
			t.Errorf("a consultant approves closure: %v", err)
		}
		if err := f.s.DecideClosure(f.supervisor, c.ID, false, "Hələ tezdir"); err != nil {
			t.Fatal(err)
		}
		if got, _ := load(context.Background(), d, c.ID); got.State != Intake || got.ClosureRequested != "" {
			t.Errorf("after refusing closure: %+v", got)
		}
		f.s.RequestClosure(f.consultant, c.ID, "moved_away", "Gəncəyə köçüb")
		if err := f.s.DecideClosure(f.supervisor, c.ID, true, ""); err != nil {
			t.Fatal(err)
		}
		if got, _ := load(context.Background(), d, c.ID); got.State != Closed || got.Outcome != "moved_away" || got.ClosedAt.IsZero() {
			t.Errorf("after closing: %+v", got)
		}
		if err := f.s.Reopen(f.consultant, c.ID, " "); errKey(err) != "cases.error.reason_required" {
			t.Errorf("reopen without a reason: %v", err)
		}
		if err := f.s.Reopen(f.consultant, c.ID, "Geri qayıdıb"); err != nil {
			t.Fatal(err)
		}
		if err := f.s.Reopen(f.consultant, c.ID, "again"); !errors.Is(err, ErrInvalidMove) {
			t.Errorf("reopen an open case: %v", err)
		}
		// Withdrawing participation consent closes the case as withdrawn.
		if err := f.ps.WithdrawConsent(f.consultant, f.person.ID, consent.ID, "İştirak etmək istəmir"); err != nil {
			t.Fatal(err)
		}
		if got, _ := load(context.Background(), d, c.ID); got.State != Closed || got.Outcome != "withdrawn" {
			t.Errorf("after consent was withdrawn: %+v", got)
		}
		if err := f.s.Reopen(f.consultant, c.ID, "Yenidən"); !errors.Is(err, people.ErrNoParticipationConsent) {
			t.Errorf("reopen without consent: %v", err)
		}
		events, err := f.s.Timeline(f.supervisor, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		var kinds []string
		for _, e := range events {
			kinds = append(kinds, e.Kind)
		}
		want := []string{"opened", "closure_requested", "closure_refused", "closure_requested", "closed", "reopened", "closed"}
		if len(kinds) != len(want) {
			t.Fatalf("timeline %v, want %v", kinds, want)
		}
		for i := range want {
			if kinds[i] != want[i] {
				t.Errorf("timeline %v, want %v", kinds, want)
				break
			}
		}
	})
}

func TestReassign(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		f.consent(t)
		c := f.open(t)
		colleague, outsider := access.From(f.colleague), access.From(f.outsider)
		office := access.From(f.consultant).OrgID
		user := func(email string, role access.Role, active bool) int64 {
			u, err := authtest.NewStore(t, d).CreateUser(system, auth.UserInput{Email: email, Name: email, Role: role, OrganisationID: office, Active: active},
				"long enough password", false)
			if err != nil {
				t.Fatal(err)
			}
			return u.ID
		}
		refused := []struct {
			name string
			to   int64
		}{
			{"a consultant of another office", outsider.UserID},
			{"a trainer", user("trainer@example.az", access.Trainer, true)},
			{"a partner officer", user("partner@example.az", access.PartnerOfficer, true)},
			{"a supervisor", access.From(f.supervisor).UserID},
			{"an inactive consultant", user("gone@example.az", access.Consultant, false)},
			{"nobody", 0},
			{"an unknown user", 999999},
			{"the same consultant", c.ConsultantID},
		}
		for _, tt := range refused {
			if err := f.s.Reassign(f.supervisor, c.ID, tt.to); errKey(err) != "cases.error.consultant" {
				t.Errorf("reassign to %s: %v, want cases.error.consultant", tt.name, err)
			}
		}
		if got, _ := f.s.Case(f.supervisor, c.ID); got.ConsultantID != c.ConsultantID {
			t.Errorf("after refusals the case belongs to %d, want %d", got.ConsultantID, c.ConsultantID)
		}
		if _, err := f.s.Case(f.outsider, c.ID); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("the outsider reads the case: %v", err)
		}
		targets, err := f.s.ReassignTargets(f.supervisor, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(targets) != 1 || targets[0].ID != colleague.UserID {
			t.Errorf("ReassignTargets = %+v, want only the colleague %d", targets, colleague.UserID)
		}
		if err := f.s.Reassign(f.consultant, c.ID, colleague.UserID); !errors.Is(err, access.ErrForbidden) {
			t.Errorf("a consultant reassigns: %v", err)
		}
		if err := f.s.Reassign(f.supervisor, c.ID, colleague.UserID); err != nil {
			t.Fatal(err)
		}
		mine, _ := f.s.Cases(f.colleague, Filter{Consultant: colleague.UserID})
		if len(mine) != 1 {
			t.Errorf("the colleague's own cases: %d", len(mine))
		}
	})
}

func TestNextStep(t *testing.T) {
	t.Parallel()
	tests := []struct {
		c    Case
		want string
	}{
		{Case{State: Intake}, "assessment"},
		{Case{State: Assessed}, "plan"},
		{Case{State: PlanActive}, "services"},
		{Case{State: PlanActive, ClosureRequested: "completed"}, ""},
		{Case{State: OnHold}, ""},
		{Case{State: Closed}, ""},
	}
	for _, tt := range tests {
		if got := tt.c.NextStep(); got != tt.want {
			t.Errorf("%+v.NextStep() = %q, want %q", tt.c, got, tt.want)
		}
	}
}
