package demo

import (
	"context"
	"errors"
	"fmt"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/app"
	"inteqra/internal/cases"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/people"
	"inteqra/internal/training"
)

// Summary is what the start-up banner tells about the demo.
type Summary struct {
	Persons     int      // persons registered by this start; 0 when the demo already existed
	Duplicates  int      // planted duplicates among them
	Queued      int      // likely duplicates waiting in the queue
	Certificate string   // a verification code to try at /verify
	Proposals   int      // proposals to the Council, in every state
	Proposal    string   // the reference of one, to follow up at /council/proposals/status
	ProposalBy  string   // the birth date of its author, which the lookup asks for
	Members     int      // active members of the Council
	Meetings    int      // meetings of the Council: held with minutes, waiting, to come
	Measures    int      // measures of the published Action Plan
	Reports     int      // progress reports on its measures
	Proof       Proof    // what links a new migrant's account to a demo learner
	History     History  // the past years the statistics count; zero when persons is 0 or the demo existed
	Facts       int      // the facts the dashboards count, computed at the end of the seeding
	APIToken    string   // the secret of the partner system's token; only when this start made it
	Imports     [2]int64 // an import of a Windows-1251 file, and the same file uploaded again
}

// SeedFull fills an empty database with everything the README's first
// command promises: persons registered first (so nothing later finds the
// registry "not empty" and skips them) with planted duplicates in the
// queue; then the staff, courses, cohorts and applications of Seed; a
// finished cohort whose learners hold certificates; and cases in every
// state, with a referral in the partner officer's inbox and tasks due
// today; last, unless persons is 0 (the tests that need only the
// Council's or the Centre's pages), the history of the past years that
// the statistics dashboards count (see seedHistory). A database that already has users is left alone.
func SeedFull(ctx context.Context, a *app.App, persons int) ([]Login, Summary, error) {
	sys := access.With(ctx, access.System())
	var sum Summary
	n, err := a.Users.CountUsers(sys)
	if err != nil {
		return nil, sum, err
	}
	if n > 0 {
		sum.Certificate, err = demoCertificate(sys, a)
		return demoLogins(), sum, err
	}
	seeded, err := seedPeople(sys, a, persons, 1)
	if err != nil {
		return nil, sum, err
	}
	sum.Persons, sum.Duplicates = len(seeded.records), len(seeded.pairs)
	scan, err := a.People.ScanDuplicates(sys)
	if err != nil {
		return nil, sum, err
	}
	sum.Queued = scan.Found
	staff, err := seedDemo(ctx, a)
	if err != nil {
		return nil, sum, err
	}
	cohort, err := seedFinishedCohort(sys, a, staff[access.Trainer].UserID)
	if err != nil {
		return nil, sum, err
	}
	if sum.Certificate, err = demoCertificate(sys, a); err != nil {
		return nil, sum, err
	}
	if sum.Proof, err = seedMigrants(ctx, a, staff, cohort); err != nil {
		return nil, sum, err
	}
	if err := seedCaseStates(ctx, a, staff); err != nil {
		return nil, sum, err
	}
	if sum.APIToken, err = seedPartnerSystem(ctx, a, staff[access.Admin], staff[access.PartnerOfficer]); err != nil {
		return nil, sum, err
	}
	if sum.Imports, err = seedImports(ctx, a, staff[access.Consultant]); err != nil {
		return nil, sum, err
	}
	if sum.Proposal, sum.ProposalBy, err = seedProposals(ctx, a, staff[access.CouncilSecretary]); err != nil {
		return nil, sum, err
	}
	sum.Proposals = len(demoProposals)
	if sum.Members, err = seedMembers(ctx, a, staff[access.CouncilSecretary]); err != nil {
		return nil, sum, err
	}
	if sum.Meetings, err = seedMeetings(ctx, a, staff[access.CouncilSecretary]); err != nil {
		return nil, sum, err
	}
	if sum.Measures, err = seedStrategy(ctx, a, staff[access.StrategyOfficer], staff[access.CouncilSecretary]); err != nil {
		return nil, sum, err
	}
	if sum.Reports, err = seedReports(ctx, a, staff[access.StrategyOfficer], staff[access.FocalPoint]); err != nil {
		return nil, sum, err
	}
	if persons > 0 {
		if sum.History, err = seedHistory(ctx, a, staff, seeded.records); err != nil {
			return nil, sum, err
		}
	}
	// The history is dated back after the stores wrote it, so the
	// dashboards' figures are computed once everything is in place.
	st, err := a.Stats.Refresh(sys)
	sum.Facts = st.Facts
	return demoLogins(), sum, err
}

// demoFinished is the cohort of the legislation course that ended before
// the demo starts; its learners' names and scores.
var demoFinished = []struct {
	names   []people.Name
	sex     people.Sex
	birth   string
	kind    people.StatusKind
	country string
	doc     string
	phone   string
	score   string
}{
	{[]people.Name{{Kind: people.NameAz, Surname: "Sultanova", Given: "Dilnoza"}, {Kind: people.NameCyrillic, Surname: "Султанова", Given: "Дилноза"}},
		people.Female, "1990-03-14", people.PermanentPermit, "UZ", "DYİ 0061203", "+994 50 612 03 88", "88"},
	{[]people.Name{{Kind: people.NameAz, Surname: "Rəhimi", Given: "Əhməd"}, {Kind: people.NameNative, Surname: "رحیمی", Given: "احمد"}},
		people.Male, "1984-11-02", people.Refugee, "AF", "QV 001877", "+994 55 187 70 74", "74"},
	{[]people.Name{{Kind: people.NameAz, Surname: "Qoqelia", Given: "Tamar"}, {Kind: people.NameNative, Surname: "გოგელია", Given: "თამარ"}},
		people.Female, "1995-07-21", people.PermanentPermit, "GE", "DYİ 0063310", "+994 70 633 10 92", "92"},
	{[]people.Name{{Kind: people.NameAz, Surname: "Bondar", Given: "Vasil"}, {Kind: people.NameCyrillic, Surname: "Бондарь", Given: "Василий"}},
		people.Male, "1979-05-09", people.PermanentPermit, "UA", "DYİ 0058841", "+994 51 588 41 41", "41"},
}

// seedFinishedCohort runs a cohort of the legislation course that ran over
// the past weeks from application to certificates, and returns it.
func seedFinishedCohort(ctx context.Context, a *app.App, trainerID int64) (training.Cohort, error) {
	courses, err := a.Training.Courses(ctx, false)
	if err != nil {
		return training.Cohort{}, err
	}
	var course training.Course
	for _, c := range courses {
		if c.Kind == "legislation" {
			course = c
		}
	}
	// Saturdays from eleven weeks ago to two weeks ago.
	start := i18n.DayOf(db.Now()).AddDate(0, 0, -77)
	for start.Weekday() != time.Saturday {
		start = start.AddDate(0, 0, 1)
	}
	c, err := a.Training.CreateCohort(ctx, training.CohortInput{CourseID: course.ID, TrainerID: trainerID,
		StartsOn: start.Format(time.DateOnly), EndsOn: start.AddDate(0, 0, 63).Format(time.DateOnly),
		Slots: []training.SlotInput{{Weekday: "6", Start: "10:00", End: "13:00"}}, Venue: "Bakı, Təlim-tədris mərkəzi, akt zalı",
		Capacity: "20", Language: "az"})
	if err != nil {
		return training.Cohort{}, fmt.Errorf("demo: finished cohort: %w", err)
	}
	if err := a.Training.MoveCohort(ctx, c.ID, training.Open, ""); err != nil {
		return training.Cohort{}, err
	}
	var learners []training.ResultInput
	var persons []int64
	for _, l := range demoFinished {
		e, err := a.Training.Apply(ctx, training.ApplicationInput{CohortID: c.ID, DeclaredKind: l.kind, DeclaredDocument: l.doc,
			ConsentData: true, ConsentProgramme: true,
			Person: people.Input{Names: l.names, Sex: l.sex, BirthDate: l.birth, Citizenships: []string{l.country}, Phone: l.phone}})
		if err != nil {
			return training.Cohort{}, fmt.Errorf("demo: finished cohort application: %w", err)
		}
		if _, err := a.Training.Accept(ctx, e.ID); err != nil {
			return training.Cohort{}, fmt.Errorf("demo: finished cohort enrolment: %w", err)
		}
		learners = append(learners, training.ResultInput{EnrolmentID: e.ID, Score: l.score})
		persons = append(persons, e.PersonID)
	}
	if err := a.Training.MoveCohort(ctx, c.ID, training.Running, ""); err != nil {
		return training.Cohort{}, err
	}
	lessons, err := a.Training.CohortLessons(ctx, c.ID)
	if err != nil {
		return training.Cohort{}, err
	}
	for i, l := range lessons {
		marks := map[int64]string{}
		for j, e := range learners {
			marks[e.EnrolmentID] = training.Present
			if j == len(learners)-1 && i%2 == 0 { // the last learner misses every other lesson
				marks[e.EnrolmentID] = training.Absent
			}
		}
		if err := a.Training.MarkAttendance(ctx, l.ID, marks); err != nil {
			return training.Cohort{}, fmt.Errorf("demo: attendance: %w", err)
		}
	}
	last := lessons[len(lessons)-1].Day.Format(time.DateOnly)
	if err := a.Training.RecordResults(ctx, c.ID, training.Final, last, learners); err != nil {
		return training.Cohort{}, fmt.Errorf("demo: final test: %w", err)
	}
	if err := a.Training.MoveCohort(ctx, c.ID, training.Finished, ""); err != nil {
		return training.Cohort{}, fmt.Errorf("demo: finish the cohort: %w", err)
	}
	if err := dateFinishedCohort(ctx, a, c.ID, persons, start); err != nil {
		return training.Cohort{}, err
	}
	return c, nil
}

// demoCertificate returns the verification code of a finished cohort's
// first valid certificate, for the banner.
func demoCertificate(ctx context.Context, a *app.App) (string, error) {
	finished, err := a.Training.Cohorts(ctx, training.CohortFilter{States: []training.CohortState{training.Finished}})
	if err != nil {
		return "", err
	}
	for _, c := range finished {
		certs, err := a.Training.Certificates(ctx, c.ID)
		if err != nil {
			return "", err
		}
		for _, cert := range certs {
			if cert.State == training.Issued {
				return cert.Code, nil
			}
		}
	}
	return "", nil
}

// demoCasePersons are the persons of the cases beyond the first, one for
// each later state of a case.
var demoCasePersons = []people.Input{
	{Names: []people.Name{{Kind: people.NameAz, Surname: "Nəzəri", Given: "Fərzanə"}, {Kind: people.NameNative, Surname: "نظری", Given: "فرزانه"}},
		Sex: people.Female, BirthDate: "1991-02-17", Citizenships: []string{"AF"}, Phone: "+994 50 228 14 90"},
	{Names: []people.Name{{Kind: people.NameAz, Surname: "Abdullayev", Given: "Bahodir"}, {Kind: people.NameCyrillic, Surname: "Абдуллаев", Given: "Баходир"}},
		Sex: people.Male, BirthDate: "1983-08-04", Citizenships: []string{"UZ"}, Phone: "+994 55 617 30 12"},
	{Names: []people.Name{{Kind: people.NameAz, Surname: "Melnik", Given: "Svetlana"}, {Kind: people.NameCyrillic, Surname: "Мельник", Given: "Светлана"}},
		Sex: people.Female, BirthDate: "1976-12-01", Citizenships: []string{"UA"}, Phone: "+994 70 330 41 55"},
	{Names: []people.Name{{Kind: people.NameAz, Surname: "Kapanadze", Given: "Giorgi"}, {Kind: people.NameNative, Surname: "კაპანაძე", Given: "გიორგი"}},
		Sex: people.Male, BirthDate: "1988-06-23", Citizenships: []string{"GE"}, Phone: "+994 51 402 77 63"},
}

// seedCaseStates opens a case for each demo case person and takes it to a
// later state: assessed, an active plan with a referral waiting in the
// partner officer's inbox, on hold, and closed. Tasks fall due today.
func seedCaseStates(ctx context.Context, a *app.App, staff map[access.Role]access.Principal) error {
	consultant := access.With(ctx, staff[access.Consultant])
	supervisor := access.With(ctx, staff[access.Supervisor])
	sys := access.With(ctx, access.System())
	today := i18n.DayOf(db.Now())
	day := func(days int) string { return today.AddDate(0, 0, days).Format(time.DateOnly) }
	var ids, persons []int64
	for _, in := range demoCasePersons {
		p, _, err := a.People.CreatePerson(sys, in)
		if errors.Is(err, people.ErrPossibleDuplicate) {
			// A generated namesake: the phone and birth date tell them apart.
			in.DuplicateReason = "Fərqli doğum tarixi və telefon"
			p, _, err = a.People.CreatePerson(sys, in)
		}
		if err != nil {
			return fmt.Errorf("demo: case person: %w", err)
		}
		if _, err := a.People.GiveConsent(sys, p.ID, people.ConsentInput{Purpose: people.Participation}); err != nil {
			return err
		}
		c, err := a.Cases.OpenCase(consultant, cases.IntakeInput{PersonID: p.ID, Source: "referral", Language: "ru"})
		if err != nil {
			return fmt.Errorf("demo: case: %w", err)
		}
		ids = append(ids, c.ID)
		persons = append(persons, p.ID)
	}
	assessment := cases.AssessmentInput{Domains: map[string]cases.DomainInput{}, Complete: true, Strengths: "Ali təhsil, rus və ingilis dilləri"}
	for i, d := range cases.Domains {
		assessment.Domains[d] = cases.DomainInput{Level: 1 + i%3, Priority: []string{"high", "medium", "low"}[i%3]}
	}
	assessed, planned, held, closed := ids[0], ids[1], ids[2], ids[3]
	for _, id := range []int64{assessed, planned, held} {
		if _, err := a.Cases.SaveAssessment(consultant, id, assessment); err != nil {
			return fmt.Errorf("demo: assessment: %w", err)
		}
	}
	// A plan agreed yesterday and approved makes the case's plan active.
	for _, id := range []int64{planned, held} {
		plan, err := a.Cases.SavePlan(consultant, id, cases.PlanInput{Goals: []cases.GoalInput{
			{Domain: "language", Action: "Azərbaycan dili A1 kursunu bitirmək", Responsible: "Təlim-tədris mərkəzi", DueOn: day(90)},
			{Domain: "work", Action: "Məşğulluq mərkəzində qeydiyyatdan keçmək", Responsible: "Əmək və Əhalinin Sosial Müdafiəsi Nazirliyi", DueOn: day(30)},
		}})
		if err != nil {
			return fmt.Errorf("demo: plan: %w", err)
		}
		if err := a.Cases.AgreePlan(consultant, plan.ID, day(-1)); err != nil {
			return fmt.Errorf("demo: agree to the plan: %w", err)
		}
		if err := a.Cases.ApprovePlan(supervisor, plan.ID); err != nil {
			return fmt.Errorf("demo: approve the plan: %w", err)
		}
	}
	if _, err := a.Cases.Refer(consultant, planned, cases.ReferralInput{OrganisationID: staff[access.PartnerOfficer].OrgID,
		Domain: "work", Need: "Peşə hazırlığı və iş axtarışında kömək; rus dilində danışır.", DueOn: day(10)}); err != nil {
		return fmt.Errorf("demo: referral: %w", err)
	}
	if err := a.Cases.Hold(consultant, held, "Şəxs iki aylığa ölkədən çıxıb"); err != nil {
		return fmt.Errorf("demo: hold: %w", err)
	}
	if err := a.Cases.RequestClosure(consultant, closed, "moved_away", "Başqa şəhərə köçüb"); err != nil {
		return fmt.Errorf("demo: ask to close: %w", err)
	}
	if err := a.Cases.DecideClosure(supervisor, closed, true, ""); err != nil {
		return fmt.Errorf("demo: close: %w", err)
	}
	consultantID := staff[access.Consultant].UserID
	for _, t := range []struct {
		id    int64
		title string
	}{{assessed, "Tərcüməçi ilə görüş təyin etmək"}, {planned, "Məşğulluq mərkəzinə zəng etmək"}} {
		if _, err := a.Cases.AddTask(consultant, t.id, cases.TaskInput{AssigneeID: consultantID, Title: t.title, DueOn: day(0)}); err != nil {
			return fmt.Errorf("demo: task: %w", err)
		}
	}
	return dateDemoCases(ctx, a, persons, ids)
}
