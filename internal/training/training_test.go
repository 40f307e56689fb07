package training

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
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
	"inteqra/internal/storage"
)

var system = access.With(context.Background(), access.System())

// FeatureStores builds this store with app.FeatureStores, which also
// builds the cases store and hooks both to the registry, so the fixture
// runs the same paths between features as the app; feature_stores_test.go
// sets it, as this package's own tests cannot import app or cases (both
// import training).
var FeatureStores func(*db.DB, *people.Store, *auth.Store, *orgs.Store, storage.Store) *Store

// fixture is a database with a coordinator, a trainer, and a language
// course whose cohort is open for applications.
type fixture struct {
	d           *db.DB
	s           *Store
	ps          *people.Store
	coordinator context.Context
	trainer     context.Context
	trainerID   int64
	course      Course
	cohort      Cohort
}

func staff(t *testing.T, d *db.DB, role access.Role, email string) (context.Context, int64) {
	t.Helper()
	u, err := authtest.NewStore(t, d).CreateUser(system, auth.UserInput{Email: email, Name: "Test " + string(role), Role: role, Active: true},
		"long enough password", false)
	if err != nil {
		t.Fatal(err)
	}
	return access.With(context.Background(), u.Principal()), u.ID
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

func courseInput() CourseInput {
	return CourseInput{
		Kind:        "lang_a1",
		Title:       map[i18n.Lang]string{i18n.AZ: "Azərbaycan dili A1", i18n.EN: "Azerbaijani A1", i18n.RU: "Азербайджанский язык A1"},
		Description: map[i18n.Lang]string{i18n.AZ: "Başlanğıc səviyyə"},
		Hours:       "60", PassMark: "60", Modules: "Əlifba\nSalamlaşma\n",
		Eligible: []people.StatusKind{people.PermanentPermit, people.Refugee},
	}
}

func cohortInput(courseID, trainerID int64, capacity int) CohortInput {
	return CohortInput{
		CourseID: courseID, StartsOn: "2027-03-01", EndsOn: "2027-04-30", Venue: "Bakı, Təlim-tədris mərkəzi, otaq 3",
		Slots:     []SlotInput{{Weekday: "1", Start: "18:30", End: "20:00"}, {Weekday: "3", Start: "18:30", End: "20:00"}},
		TrainerID: trainerID, Capacity: fmt.Sprint(capacity), Language: "az",
	}
}

func newFixture(t *testing.T, d *db.DB, capacity int) *fixture {
	t.Helper()
	f := &fixture{d: d, ps: people.NewStore(d, nil)}
	f.s = FeatureStores(d, f.ps, authtest.NewStore(t, d), orgs.NewStore(d), storage.NewFolder(t.TempDir()))
	f.s.now = func() time.Time { return time.Date(2027, 2, 10, 9, 0, 0, 0, time.UTC) }
	f.coordinator, _ = staff(t, d, access.Coordinator, "coordinator@example.az")
	f.trainer, f.trainerID = staff(t, d, access.Trainer, "trainer@example.az")
	var err error
	if f.course, err = f.s.SaveCourse(f.coordinator, 0, courseInput()); err != nil {
		t.Fatal(err)
	}
	if f.cohort, err = f.s.CreateCohort(f.coordinator, cohortInput(f.course.ID, f.trainerID, capacity)); err != nil {
		t.Fatal(err)
	}
	if err := f.s.MoveCohort(f.coordinator, f.cohort.ID, Open, ""); err != nil {
		t.Fatal(err)
	}
	return f
}

// applicant returns a public application by the n-th distinct person.
func applicant(cohortID int64, n int) ApplicationInput {
	given := []string{"Rəşad", "Leyla", "Arif", "Nigar", "Tural", "Günel", "Elvin", "Aysel", "Orxan", "Səbinə", "Kamran", "Nərmin"}
	return ApplicationInput{
		CohortID: cohortID,
		Person: people.Input{
			Names:     []people.Name{{Kind: people.NameAz, Surname: fmt.Sprintf("Testov%c", 'a'+n), Given: given[n%len(given)]}},
			BirthDate: fmt.Sprintf("19%02d-0%d-1%d", 70+n, 1+n%9, n%10), Phone: fmt.Sprintf("+994 50 %03d 11 22", 100+n),
		},
		DeclaredKind: people.PermanentPermit, DeclaredDocument: fmt.Sprintf("PRP %06d", 1000+n),
		ConsentData: true, ConsentProgramme: true,
	}
}

func (f *fixture) apply(t *testing.T, n int) Enrolment {
	t.Helper()
	e, err := f.s.Apply(context.Background(), applicant(f.cohort.ID, n))
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func (f *fixture) seats(t *testing.T, cohortID int64) int {
	t.Helper()
	c, err := cohort(context.Background(), f.d, cohortID)
	if err != nil {
		t.Fatal(err)
	}
	return c.SeatsTaken
}

func TestCourseValidation(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		change func(*CourseInput)
		want   string
	}{
		{"kind", func(in *CourseInput) { in.Kind = "cooking" }, "training.error.kind"},
		{"russian title", func(in *CourseInput) { in.Title = map[i18n.Lang]string{i18n.AZ: "A", i18n.EN: "B"} }, "training.error.title_required"},
		{"hours", func(in *CourseInput) { in.Hours = "0" }, "training.error.hours"},
		{"hours text", func(in *CourseInput) { in.Hours = "sixty" }, "training.error.hours"},
		{"pass mark", func(in *CourseInput) { in.PassMark = "101" }, "training.error.pass_mark"},
		{"attendance", func(in *CourseInput) { in.AttendanceMin = "-1" }, "training.error.attendance_min"},
		{"no eligibility", func(in *CourseInput) { in.Eligible = nil }, "training.error.eligible"},
		{"bad eligibility", func(in *CourseInput) { in.Eligible = []people.StatusKind{"tourist"} }, "training.error.eligible"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in := courseInput()
			tt.change(&in)
			if _, err := in.validate(); errKey(err) != tt.want {
				t.Errorf("got %v, want %s", err, tt.want)
			}
		})
	}
	c, err := courseInput().validate()
	if err != nil || c.AttendanceMin != 80 || len(c.Modules) != 2 || c.Level() != "A1" {
		t.Errorf("valid course: %+v, %v", c, err)
	}
}

func TestCoursesAndCohorts(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d, 10)
		if _, err := f.s.SaveCourse(f.trainer, 0, courseInput()); !errors.Is(err, access.ErrForbidden) {
			t.Errorf("trainer saves a course: %v", err)
		}
		in := courseInput()
		in.Title[i18n.RU] = ""
		if _, err := f.s.SaveCourse(f.coordinator, f.course.ID, in); errKey(err) != "training.error.title_required" {
			t.Errorf("bad update: %v", err)
		}
		got, err := f.s.Course(context.Background(), f.course.ID)
		if err != nil || got.Title[i18n.RU] != "Азербайджанский язык A1" || len(got.Eligible) != 2 || got.Modules[0] != "Əlifba" {
			t.Errorf("course after a refused update: %+v, %v", got, err)
		}

		// Mondays and Wednesdays in March and April 2027 (18) less Women's
		// Day (Monday 8 March), Ramazan bayramı (Wednesday 10 March) and
		// Novruz (Monday 22 and Wednesday 24 March).
		c := f.cohort
		if c.Code != "A1-2027-01" || c.Lessons != 14 || c.State != Planned {
			t.Errorf("cohort: code %s, %d lessons, state %s", c.Code, c.Lessons, c.State)
		}
		lessons, err := f.s.CohortLessons(f.coordinator, c.ID)
		if err != nil || len(lessons) != 14 {
			t.Fatalf("lessons: %d, %v", len(lessons), err)
		}
		for _, l := range lessons {
			if d := l.Day.Format(time.DateOnly); d == "2027-03-08" || d == "2027-03-10" || d == "2027-03-22" || d == "2027-03-24" {
				t.Errorf("lesson on a Novruz holiday %s", d)
			}
		}
		second, err := f.s.CreateCohort(f.coordinator, cohortInput(f.course.ID, 0, 5))
		if err != nil || second.Code != "A1-2027-02" {
			t.Errorf("second cohort: %+v, %v", second, err)
		}
		bad := cohortInput(f.course.ID, 0, 5)
		bad.Slots = []SlotInput{{Weekday: "1", Start: "18:00", End: "19:00"}, {Weekday: "1", Start: "18:30", End: "20:00"}}
		if _, err := f.s.CreateCohort(f.coordinator, bad); err == nil {
			t.Error("overlapping slots accepted")
		}
		bad = cohortInput(f.course.ID, 0, 0)
		if _, err := f.s.CreateCohort(f.coordinator, bad); errKey(err) != "training.error.capacity" {
			t.Errorf("capacity 0: %v", err)
		}
		bad = cohortInput(f.course.ID, 0, 5)
		bad.Venue, bad.OnlineURL = "", "http://meet.example.az/x"
		if _, err := f.s.CreateCohort(f.coordinator, bad); errKey(err) != "training.error.online_url" {
			t.Errorf("plain http link: %v", err)
		}
		bad = CohortInput{CourseID: f.course.ID, StartsOn: "1 mart", EndsOn: "2027-04-30", Capacity: "0", Language: "fr"}
		_, err = f.s.CreateCohort(f.coordinator, bad)
		want := []string{"training.error.starts_on", "training.error.capacity", "training.error.language", "training.error.venue_required", "training.error.slots_required"}
		if got := i18n.ProblemKeys(err); !slices.Equal(got, want) {
			t.Errorf("a cohort wrong in every field: problems %v, want all of %v at once", got, want)
		}

		// The trainer sees their own cohort, not the second one.
		if _, err := f.s.Cohort(f.trainer, c.ID); err != nil {
			t.Errorf("trainer's own cohort: %v", err)
		}
		if _, err := f.s.Cohort(f.trainer, second.ID); !errors.Is(err, access.ErrForbidden) {
			t.Errorf("another trainer's cohort: %v", err)
		}
		mine, err := f.s.Cohorts(f.trainer, CohortFilter{})
		if err != nil || len(mine) != 1 {
			t.Errorf("trainer's cohorts: %d, %v", len(mine), err)
		}
	})
}

func TestCohortStates(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d, 10)
		id := f.cohort.ID
		moves := []struct {
			to           CohortState
			reason, want string
		}{
			{Finished, "", "training.error.invalid_move"},
			{Planned, "", "training.error.invalid_move"},
			{Running, "", "training.error.no_learners"},
			{Cancelled, " ", "training.error.reason_required"},
		}
		for _, m := range moves {
			if err := f.s.MoveCohort(f.coordinator, id, m.to, m.reason); errKey(err) != m.want {
				t.Errorf("open → %s: %v, want %s", m.to, err, m.want)
			}
		}
		e := f.apply(t, 1)
		if _, err := f.s.Accept(f.coordinator, e.ID); err != nil {
			t.Fatal(err)
		}
		waiting := f.apply(t, 2)
		if err := f.s.MoveCohort(f.coordinator, id, Running, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.UpdateCohort(f.coordinator, id, cohortInput(f.course.ID, f.trainerID, 10)); errKey(err) != "training.error.cohort_locked" {
			t.Errorf("edit a running cohort: %v", err)
		}
		if err := f.s.MoveCohort(f.coordinator, id, Cancelled, "Müəllim xəstələndi"); err != nil {
			t.Fatal(err)
		}
		for _, want := range []struct {
			id    int64
			state EnrolmentState
		}{{e.ID, Dropped}, {waiting.ID, Rejected}} {
			got, _ := enrolment(context.Background(), d, want.id)
			if got.State != want.state || got.Reason != "Müəllim xəstələndi" {
				t.Errorf("after cancelling: %s %q, want %s", got.State, got.Reason, want.state)
			}
		}
		if f.seats(t, id) != 0 {
			t.Errorf("seats after cancelling: %d", f.seats(t, id))
		}
		if err := f.s.MoveCohort(f.coordinator, id, Open, ""); errKey(err) != "training.error.invalid_move" {
			t.Errorf("reopen a cancelled cohort: %v", err)
		}
	})
}

func TestApply(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d, 10)
		count := func() int {
			n, err := f.ps.CountPersons(system)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		refused := []struct {
			name   string
			change func(*ApplicationInput)
			want   string
		}{
			{"no consent", func(in *ApplicationInput) { in.ConsentProgramme = false }, "training.error.consent_required"},
			{"not eligible", func(in *ApplicationInput) { in.DeclaredKind = people.TemporaryPermit }, "training.error.not_eligible"},
			{"no document", func(in *ApplicationInput) { in.DeclaredDocument = " " }, "training.error.declared_document"},
			{"no contact", func(in *ApplicationInput) { in.Person.Phone = "" }, "training.error.contact_required"},
			{"no name", func(in *ApplicationInput) { in.Person.Names = nil }, "people.error.name_required"},
			{"closed cohort", func(in *ApplicationInput) { in.CohortID = 9999 }, "training.error.cohort_closed"},
		}
		for _, r := range refused {
			in := applicant(f.cohort.ID, 1)
			r.change(&in)
			if _, err := f.s.Apply(context.Background(), in); errKey(err) != r.want {
				t.Errorf("%s: %v, want %s", r.name, err, r.want)
			}
		}
		if n := count(); n != 0 {
			t.Fatalf("refused applications registered %d persons", n)
		}

		e := f.apply(t, 1)
		if e.State != Applied || len(e.Reference) != 14 || count() != 1 {
			t.Errorf("application: %+v, %d persons", e, count())
		}
		if err := people.RequireParticipation(context.Background(), d, e.PersonID); err != nil {
			t.Errorf("consent not recorded: %v", err)
		}
		if _, err := f.s.Apply(context.Background(), applicant(f.cohort.ID, 1)); errKey(err) != "training.error.already_applied" {
			t.Errorf("same person twice: %v", err)
		}
		// The same person, known by document, birth date and name, applies to
		// another cohort: no new record.
		other, err := f.s.CreateCohort(f.coordinator, cohortInput(f.course.ID, 0, 5))
		if err != nil {
			t.Fatal(err)
		}
		if err := f.s.MoveCohort(f.coordinator, other.ID, Open, ""); err != nil {
			t.Fatal(err)
		}
		again, err := f.s.Apply(context.Background(), applicant(other.ID, 1))
		if err != nil || again.PersonID != e.PersonID || count() != 1 {
			t.Errorf("returning applicant: %+v, %v, %d persons", again, err, count())
		}

		st, err := f.s.Lookup(context.Background(), " "+e.Reference[4:]+" ")
		if err != nil || st.State != Applied || st.Course.ID != f.course.ID || st.Cohort.Code != f.cohort.Code {
			t.Errorf("lookup: %+v, %v", st, err)
		}
		// As people type it: lower case, a space for the hyphen, spaces inside.
		code := e.Reference[4:]
		for _, typed := range []string{strings.ToLower(e.Reference), "TTM " + code, "ttm" + code, code[:5] + " " + code[5:], "ttm-" + strings.ToLower(code) + "."} {
			if st, err := f.s.Lookup(context.Background(), typed); err != nil || st.ID != e.ID {
				t.Errorf("lookup %q: %+v, %v; want the application", typed, st.Enrolment, err)
			}
		}
		if _, err := f.s.Lookup(context.Background(), "TTM-NOSUCHREF"); errKey(err) != "training.error.reference_unknown" {
			t.Errorf("unknown reference: %v", err)
		}
	})
}

func TestApplyFor(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d, 10)
		consultant, _ := staff(t, d, access.Consultant, "consultant@example.az")
		p, _, err := f.ps.CreatePerson(consultant, applicant(0, 3).Person)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.ApplyFor(consultant, f.cohort.ID, p.ID); !errors.Is(err, people.ErrNoParticipationConsent) {
			t.Errorf("without consent: %v", err)
		}
		if _, err := f.ps.GiveConsent(consultant, p.ID, people.ConsentInput{Purpose: people.Participation}); err != nil {
			t.Fatal(err)
		}
		_, err = f.ps.AddStatus(consultant, p.ID, people.StatusInput{Kind: people.TemporaryPermit, Ground: "work", DocumentNo: "TRP 1",
			ValidFrom: "2026-01-01", ValidTo: "2028-01-01", State: people.Granted})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.ApplyFor(consultant, f.cohort.ID, p.ID); errKey(err) != "training.error.not_eligible" {
			t.Errorf("temporary permit: %v", err)
		}
		_, err = f.ps.AddStatus(consultant, p.ID, people.StatusInput{Kind: people.PermanentPermit, DocumentNo: "PRP 1",
			ValidFrom: "2026-06-01", ValidTo: "2031-06-01", State: people.Granted})
		if err != nil {
			t.Fatal(err)
		}
		e, err := f.s.ApplyFor(consultant, f.cohort.ID, p.ID)
		if err != nil || e.Channel != Staff || e.DeclaredKind != people.PermanentPermit {
			t.Errorf("eligible person: %+v, %v", e, err)
		}
		if _, err := f.s.ApplyFor(f.trainer, f.cohort.ID, p.ID); !errors.Is(err, access.ErrForbidden) {
			t.Errorf("trainer applies for someone: %v", err)
		}
	})
}

func TestEnrolmentMoves(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d, 2)
		var list []Enrolment
		for n := range 4 {
			list = append(list, f.apply(t, n))
		}
		want := []EnrolmentState{Enrolled, Enrolled, Waitlisted, Waitlisted}
		for i, e := range list {
			got, err := f.s.Accept(f.coordinator, e.ID)
			if err != nil || got.State != want[i] {
				t.Errorf("accept #%d: %s, %v, want %s", i, got.State, err, want[i])
			}
		}
		if _, err := f.s.Accept(f.coordinator, list[0].ID); !errors.Is(err, ErrInvalidMove) {
			t.Errorf("accept an enrolled learner: %v", err)
		}
		if _, err := f.s.Accept(f.coordinator, list[2].ID); errKey(err) != "training.error.cohort_full" {
			t.Errorf("accept from the waitlist of a full cohort: %v", err)
		}
		st, _ := f.s.Lookup(context.Background(), list[3].Reference)
		if st.WaitlistPosition != 2 {
			t.Errorf("waitlist position %d, want 2", st.WaitlistPosition)
		}
		if err := f.s.Drop(f.coordinator, list[0].ID, ""); errKey(err) != "training.error.reason_required" {
			t.Errorf("drop without reason: %v", err)
		}
		if err := f.s.Reject(f.coordinator, list[1].ID, "x"); !errors.Is(err, ErrInvalidMove) {
			t.Errorf("reject an enrolled learner: %v", err)
		}
		// A freed place goes to the first on the waitlist.
		if err := f.s.Drop(f.coordinator, list[0].ID, "Köçüb"); err != nil {
			t.Fatal(err)
		}
		if got, _ := enrolment(context.Background(), d, list[2].ID); got.State != Enrolled {
			t.Errorf("first on the waitlist: %s", got.State)
		}
		if got, _ := enrolment(context.Background(), d, list[3].ID); got.State != Waitlisted {
			t.Errorf("second on the waitlist: %s", got.State)
		}
		if err := f.s.Reject(f.coordinator, list[3].ID, "Yer yoxdur"); err != nil {
			t.Fatal(err)
		}
		st, _ = f.s.Lookup(context.Background(), list[3].Reference)
		if st.State != Rejected || st.Reason != "Yer yoxdur" {
			t.Errorf("rejected applicant sees %s %q", st.State, st.Reason)
		}
		// A larger cohort takes from the waitlist at once.
		extra := f.apply(t, 5)
		if got, _ := f.s.Accept(f.coordinator, extra.ID); got.State != Waitlisted {
			t.Fatalf("extra: %s", got.State)
		}
		if _, err := f.s.UpdateCohort(f.coordinator, f.cohort.ID, cohortInput(f.course.ID, f.trainerID, 1)); errKey(err) != "training.error.capacity_below_enrolled" {
			t.Errorf("capacity below enrolled: %v", err)
		}
		if _, err := f.s.UpdateCohort(f.coordinator, f.cohort.ID, cohortInput(f.course.ID, f.trainerID, 3)); err != nil {
			t.Fatal(err)
		}
		if got, _ := enrolment(context.Background(), d, extra.ID); got.State != Enrolled || f.seats(t, f.cohort.ID) != 3 {
			t.Errorf("after enlarging: %s, %d seats", got.State, f.seats(t, f.cohort.ID))
		}

		// Transfer to another cohort frees the place here.
		other, _ := f.s.CreateCohort(f.coordinator, cohortInput(f.course.ID, 0, 5))
		if _, err := f.s.Transfer(f.coordinator, list[1].ID, other.ID, "Səhər qrupu"); errKey(err) != "training.error.cohort_closed" {
			t.Errorf("transfer to a planned cohort: %v", err)
		}
		f.s.MoveCohort(f.coordinator, other.ID, Open, "")
		next, err := f.s.Transfer(f.coordinator, list[1].ID, other.ID, "Səhər qrupu")
		if err != nil || next.State != Enrolled || next.CohortID != other.ID {
			t.Fatalf("transfer: %+v, %v", next, err)
		}
		old, _ := enrolment(context.Background(), d, list[1].ID)
		if old.State != Transferred || old.TransferredTo != next.ID || f.seats(t, f.cohort.ID) != 2 || f.seats(t, other.ID) != 1 {
			t.Errorf("after transfer: %+v, seats %d and %d", old, f.seats(t, f.cohort.ID), f.seats(t, other.ID))
		}
		if st, _ := f.s.Lookup(context.Background(), list[1].Reference); st.State != Enrolled || st.Cohort.ID != other.ID {
			t.Errorf("the old reference after a transfer shows %s in cohort %d", st.State, st.Cohort.ID)
		}
		roster, err := f.s.Roster(f.coordinator, f.cohort.ID)
		if err != nil || len(roster) != 5 || roster[0].State != Enrolled || roster[0].PersonName == "" {
			t.Errorf("roster: %+v, %v", roster, err)
		}
	})
}

// TestCapacityRace accepts many applicants to a small cohort at once, as
// several coordinators might: the cohort never holds more than its places.
func TestCapacityRace(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		const places, applicants = 3, 12
		f := newFixture(t, d, places)
		var list []Enrolment
		for n := range applicants {
			list = append(list, f.apply(t, n))
		}
		var wg sync.WaitGroup
		states := make([]EnrolmentState, applicants)
		for i, e := range list {
			wg.Go(func() {
				got, err := f.s.Accept(f.coordinator, e.ID)
				if err != nil {
					t.Errorf("accept %d: %v", e.ID, err)
				}
				states[i] = got.State
			})
		}
		wg.Wait()
		enrolled := 0
		for _, s := range states {
			if s == Enrolled {
				enrolled++
			}
		}
		if enrolled != places || f.seats(t, f.cohort.ID) != places {
			t.Errorf("%d enrolled, %d seats taken, want %d", enrolled, f.seats(t, f.cohort.ID), places)
		}
		roster, _ := f.s.Roster(f.coordinator, f.cohort.ID)
		count := map[EnrolmentState]int{}
		for _, e := range roster {
			count[e.State]++
		}
		if count[Enrolled] != places || count[Waitlisted] != applicants-places {
			t.Errorf("roster states %v", count)
		}
	})
}

func TestMergeMovesEnrolments(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d, 5)
		a := f.apply(t, 1)
		consultant, _ := staff(t, d, access.Consultant, "consultant@example.az")
		in := applicant(0, 7).Person
		in.DuplicateReason = "test"
		p, _, err := f.ps.CreatePerson(consultant, in)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.ps.Merge(consultant, people.MergeInput{Survivor: p.ID, Merged: a.PersonID}); err != nil {
			t.Fatal(err)
		}
		if got, _ := enrolment(context.Background(), d, a.ID); got.PersonID != p.ID {
			t.Errorf("enrolment still points at %d, want %d", got.PersonID, p.ID)
		}
		// A record that applied to the same cohort too is not merged: a
		// person holds one application to a cohort.
		b := f.apply(t, 2)
		err = f.ps.Merge(consultant, people.MergeInput{Survivor: p.ID, Merged: b.PersonID})
		if errKey(err) != "training.error.merge_same_cohort" {
			t.Errorf("merge of two applicants to one cohort: %v", err)
		}
		if got, _ := enrolment(context.Background(), d, b.ID); got.PersonID != b.PersonID {
			t.Errorf("the refused merge moved the application to %d", got.PersonID)
		}
	})
}

func TestEraseClearsDeclaredDocument(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d, 5)
		e := f.apply(t, 1)
		admin := access.With(context.Background(), access.Principal{UserID: 1, Role: access.Admin})
		if err := f.ps.Erase(admin, e.PersonID, "Şəxsin ərizəsi"); err != nil {
			t.Fatal(err)
		}
		if got, _ := enrolment(context.Background(), d, e.ID); got.DeclaredDocument != "" {
			t.Errorf("declared document after erasure: %q", got.DeclaredDocument)
		}
	})
}

// A course's edit form starts from the input that reproduces it.
func TestCourseEditReproducesTheCourse(t *testing.T) {
	t.Parallel()
	c, err := courseInput().validate()
	if err != nil {
		t.Fatal(err)
	}
	again, err := c.Edit().validate()
	if err != nil {
		t.Fatalf("the edit form's input is refused: %v", err)
	}
	if !reflect.DeepEqual(again, c) {
		t.Errorf("Edit().validate() = %+v, want %+v", again, c)
	}
}
