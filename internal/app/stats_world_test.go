package app_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/app"
	"inteqra/internal/auth"
	"inteqra/internal/cases"
	"inteqra/internal/council"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/orgs"
	"inteqra/internal/people"
	"inteqra/internal/stats"
	"inteqra/internal/storage"
	"inteqra/internal/training"
)

// world is a wired app with the staff, partner, course, service and topic
// the statistics tests need, and helpers that take persons through the
// features' stores as users would. The stores stamp what they record with
// the clock; the tests date it back with plain UPDATEs (as the demo's
// history does) where a definition needs a past day.
type world struct {
	t                           *testing.T
	a                           *app.App
	d                           *db.DB
	sys, consultant, supervisor context.Context
	consultantID, trainerID     int64
	today                       time.Time // in Baku, at midnight UTC like stored days
	partner                     int64     // an organisation referrals go to
	course                      training.Course
	service, topic              int64
	names                       int
}

func newWorld(t *testing.T, d *db.DB) *world {
	t.Helper()
	a, err := app.New(d, "http://localhost", storage.NewFolder(t.TempDir()), app.NewKeys())
	if err != nil {
		t.Fatal(err)
	}
	return worldOf(t, d, a)
}

// worldOf makes the world's staff, organisations and course on a.
func worldOf(t *testing.T, d *db.DB, a *app.App) *world {
	t.Helper()
	var err error
	w := &world{t: t, a: a, d: d, sys: access.With(context.Background(), access.System()), today: i18n.DayOf(time.Now())}
	office := w.org("Bakı regional idarəsi", orgs.RegionalOffice)
	w.partner = w.org("Qaçqınlara Yardım İctimai Birliyi", orgs.NGO)
	w.org("Təlim-tədris mərkəzi", orgs.TrainingCentre)
	var consultant, trainer auth.User
	consultant, w.consultant = w.user("consultant", access.Consultant, office)
	_, w.supervisor = w.user("supervisor", access.Supervisor, office)
	trainer, _ = w.user("trainer", access.Trainer, 0)
	w.consultantID, w.trainerID = consultant.ID, trainer.ID
	w.course, err = a.Training.SaveCourse(w.sys, 0, training.CourseInput{Kind: "legislation", Hours: "24", PassMark: "60",
		Title:       map[i18n.Lang]string{i18n.AZ: "Hüquqlar", i18n.EN: "Rights", i18n.RU: "Права"},
		Description: map[i18n.Lang]string{i18n.AZ: "Kurs", i18n.EN: "Course", i18n.RU: "Курс"}, Eligible: training.DefaultEligible})
	w.check(err)
	services, err := a.Cases.Services(w.sys, false)
	w.check(err)
	topics, err := a.Council.Topics(w.sys, false)
	w.check(err)
	w.service, w.topic = services[0].ID, topics[0].ID
	return w
}

func (w *world) check(err error) {
	w.t.Helper()
	if err != nil {
		w.t.Fatal(err)
	}
}

func (w *world) org(name string, kind orgs.Kind) int64 {
	o, err := w.a.Orgs.CreateOrganisation(w.sys, orgs.Input{Name: name, Kind: kind, Active: true})
	w.check(err)
	return o.ID
}

func (w *world) user(name string, role access.Role, org int64) (auth.User, context.Context) {
	u, err := w.a.Users.CreateUser(w.sys, auth.UserInput{Email: name + "@example.az", Name: name, Role: role, OrganisationID: org,
		Active: true, Language: i18n.AZ}, "long enough password", false)
	w.check(err)
	return u, access.With(context.Background(), u.Principal())
}

// exec runs a dating statement.
func (w *world) exec(query string, args ...any) {
	w.t.Helper()
	if _, err := w.d.ExecContext(context.Background(), query, args...); err != nil {
		w.t.Fatalf("%s: %v", query, err)
	}
}

// day returns today moved by n days, as a form's date.
func (w *world) day(n int) string { return w.today.AddDate(0, 0, n).Format(time.DateOnly) }

// at is the moment hour:minute in Baku n days from today, as stored.
func (w *world) at(n, hour, minute int) time.Time {
	d := w.today.AddDate(0, 0, n)
	return db.Time(time.Date(d.Year(), d.Month(), d.Day(), hour, minute, 0, 0, i18n.Baku))
}

// someone describes a person to register: sex, birth, citizenships (none
// with stateless), region and residence status (none when empty).
type someone struct {
	sex       people.Sex
	birth     string
	birthYear int
	citizens  []string
	stateless bool
	region    int64
	status    people.StatusKind
	noConsent bool   // no participation consent
	surname   string // a name to reuse, for likely duplicates
	given     string
}

// person registers a person with participation consent and a status in
// force since last year.
func (w *world) person(s someone) int64 {
	w.t.Helper()
	w.names++
	surname, given := s.surname, s.given
	if surname == "" {
		surname, given = "Soyad"+letters(w.names), "Ad"+letters(w.names*7)
	}
	p, _, err := w.a.People.CreatePerson(w.consultant, people.Input{
		Names: []people.Name{{Kind: people.NameAz, Surname: surname, Given: given}}, Sex: s.sex, BirthDate: s.birth, BirthYear: s.birthYear,
		Citizenships: s.citizens, Stateless: s.stateless, RegionID: s.region, Phone: "+994 50 000 " + strconv.Itoa(1000+w.names),
		DuplicateReason: "test"})
	w.check(err)
	if !s.noConsent {
		_, err = w.a.People.GiveConsent(w.consultant, p.ID, people.ConsentInput{Purpose: people.Participation})
		w.check(err)
	}
	if s.status != "" {
		ground := ""
		if s.status == people.TemporaryPermit {
			ground = "work"
		}
		_, err = w.a.People.AddStatus(w.consultant, p.ID, people.StatusInput{Kind: s.status, Ground: ground, DocumentNo: "D" + strconv.Itoa(w.names),
			ValidFrom: w.day(-365), ValidTo: w.day(3 * 365), State: people.Granted})
		w.check(err)
	}
	return p.ID
}

// letters spells n in lower-case letters, so that every name is new.
func letters(n int) string {
	s := ""
	for n++; n > 0; n /= 26 {
		s += string(rune('a' + n%26))
	}
	return s
}

func (w *world) openCase(person int64) int64 {
	w.t.Helper()
	c, err := w.a.Cases.OpenCase(w.consultant, cases.IntakeInput{PersonID: person, Source: cases.Sources[0]})
	w.check(err)
	return c.ID
}

func (w *world) assess(caseID int64) {
	w.t.Helper()
	in := cases.AssessmentInput{Domains: map[string]cases.DomainInput{}, Complete: true}
	for _, d := range cases.Domains {
		in.Domains[d] = cases.DomainInput{Level: 2, Priority: "medium"}
	}
	_, err := w.a.Cases.SaveAssessment(w.consultant, caseID, in)
	w.check(err)
}

// agree saves a plan for an assessed case and has the person agree to it
// on the day n days from today; approve has the supervisor approve it.
func (w *world) agree(caseID int64, n int, approve bool) {
	w.t.Helper()
	p, err := w.a.Cases.SavePlan(w.consultant, caseID, cases.PlanInput{Goals: []cases.GoalInput{
		{Domain: "language", Action: "Dil kursu", DueOn: w.day(90)}}})
	w.check(err)
	w.check(w.a.Cases.AgreePlan(w.consultant, p.ID, w.day(n)))
	if approve {
		w.check(w.a.Cases.ApprovePlan(w.supervisor, p.ID))
	}
}

// refer sends a referral to the partner, and the partner answers it: to
// one of the referral states (sent leaves it unanswered).
func (w *world) refer(caseID int64, to cases.ReferralState) int64 {
	w.t.Helper()
	r, err := w.a.Cases.Refer(w.consultant, caseID, cases.ReferralInput{OrganisationID: w.partner, Domain: "work", Need: "İş axtarışı", DueOn: w.day(14)})
	w.check(err)
	w.check(w.answerReferral(r.ID, to))
	return r.ID
}

// answerReferral moves a referral as its partner (or, to cancel it, the
// consultant) would.
func (w *world) answerReferral(id int64, to cases.ReferralState) error {
	switch to {
	case cases.ReferralAccepted:
		return w.a.Cases.Accept(w.sys, id)
	case cases.ReferralDeclined:
		return w.a.Cases.Decline(w.sys, id, "Aid deyil")
	case cases.ReferralCancelled:
		return w.a.Cases.Cancel(w.consultant, id, "Lazım deyil")
	case cases.ReferralCompleted:
		if err := w.a.Cases.Accept(w.sys, id); err != nil {
			return err
		}
		return w.a.Cases.Complete(w.sys, id, "Kömək edildi")
	case cases.ReferralNoShow:
		if err := w.a.Cases.Accept(w.sys, id); err != nil {
			return err
		}
		return w.a.Cases.NoShow(w.sys, id, "Gəlmədi")
	}
	return nil
}

// cohort opens a cohort of the course that ran over the last three weeks,
// with two lessons a week, all of them past.
func (w *world) cohort() int64 {
	w.t.Helper()
	c, err := w.a.Training.CreateCohort(w.sys, training.CohortInput{CourseID: w.course.ID, StartsOn: w.day(-21), EndsOn: w.day(-1),
		Slots:     []training.SlotInput{{Weekday: "2", Start: "10:00", End: "12:00"}, {Weekday: "4", Start: "10:00", End: "12:00"}},
		TrainerID: w.trainerID, Capacity: "30", Language: "az", Venue: "Bakı"})
	w.check(err)
	w.check(w.a.Training.MoveCohort(w.sys, c.ID, training.Open, ""))
	return c.ID
}

// enrol applies for the person to the cohort and accepts them.
func (w *world) enrol(cohortID, person int64) int64 {
	w.t.Helper()
	e, err := w.a.Training.ApplyFor(w.sys, cohortID, person)
	w.check(err)
	_, err = w.a.Training.Accept(w.sys, e.ID)
	w.check(err)
	return e.ID
}

// finish runs the cohort: every learner present at every lesson but those
// in absent, the final test yesterday with the scores given (60 passes),
// and the cohort finished, which completes the course for those who
// passed and attended and gives them a certificate.
func (w *world) finish(cohortID int64, scores map[int64]int, absent map[int64]bool) {
	w.t.Helper()
	w.check(w.a.Training.MoveCohort(w.sys, cohortID, training.Running, ""))
	lessons, err := w.a.Training.CohortLessons(w.sys, cohortID)
	w.check(err)
	for _, l := range lessons {
		marks := map[int64]string{}
		for id := range scores {
			marks[id] = training.Present
			if absent[id] {
				marks[id] = training.Absent
			}
		}
		w.check(w.a.Training.MarkAttendance(w.sys, l.ID, marks))
	}
	var rows []training.ResultInput
	for id, score := range scores {
		rows = append(rows, training.ResultInput{EnrolmentID: id, Score: strconv.Itoa(score)})
	}
	if len(rows) > 0 {
		w.check(w.a.Training.RecordResults(w.sys, cohortID, training.Final, w.day(-1), rows))
	}
	w.check(w.a.Training.MoveCohort(w.sys, cohortID, training.Finished, ""))
}

// propose records a proposal for the person (the Council's own when 0,
// else a new author registered with it) and answers it with outcome
// unless that is empty.
func (w *world) propose(author bool, outcome council.Outcome) (proposal, person int64) {
	w.t.Helper()
	in := council.SubmitInput{Title: "Təklif", Body: "Mətn", TopicID: w.topic, Language: "az", ConsentData: true}
	if author {
		w.names++
		in.Person = people.Input{Names: []people.Name{{Kind: people.NameAz, Surname: "Müəllif" + letters(w.names), Given: "Ad"}},
			BirthDate: "1980-01-0" + strconv.Itoa(1+w.names%9), Sex: people.Male}
	}
	sec := access.With(context.Background(), access.System())
	p, err := w.a.Council.SubmitFor(sec, in)
	w.check(err)
	if outcome != "" {
		w.check(w.a.Council.Review(sec, p.ID, council.ReviewInput{UnitName: "Şöbə"}))
		w.check(w.a.Council.Answer(sec, p.ID, council.AnswerInput{Outcome: outcome,
			Answer: council.Texts{Az: "Cavab", En: "Answer", Ru: "Ответ"}}))
	}
	return p.ID, p.PersonID
}

// figures refreshes the analytics table and computes every dashboard for
// the request at threshold 1, so that nothing is hidden: the results by
// dashboard and figure code.
func (w *world) figures(req stats.Request) map[string]map[string]stats.Result {
	w.t.Helper()
	_, err := w.a.Stats.Refresh(w.sys)
	w.check(err)
	return w.compute(req)
}

// compute computes every dashboard on the analytics table as it stands.
func (w *world) compute(req stats.Request) map[string]map[string]stats.Result {
	w.t.Helper()
	analyst := access.With(context.Background(), access.Principal{UserID: 1, Role: access.Analyst})
	out := map[string]map[string]stats.Result{}
	for _, d := range stats.Dashboards {
		res, err := w.a.Stats.Compute(analyst, d, req, 1)
		w.check(err)
		out[d.Code] = map[string]stats.Result{}
		for _, r := range res {
			out[d.Code][r.Code] = r
		}
	}
	return out
}
