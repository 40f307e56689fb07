package demo

import (
	"context"
	"maps"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/app"
	"inteqra/internal/auth"
	"inteqra/internal/cases"
	"inteqra/internal/config"
	"inteqra/internal/council"
	"inteqra/internal/i18n"
	"inteqra/internal/imports"
	"inteqra/internal/migrants"
	"inteqra/internal/stats"
	"inteqra/internal/storage"
	"inteqra/internal/strategy"
	"inteqra/internal/training"
)

// TestFullDemo starts the demo as the README's first command does, on a
// database file in an empty folder, and checks what the README promises:
// the persons with duplicates queued, a finished cohort with certificates,
// cases in every state with a referral in the partner's inbox, and tasks
// due today. A second start keeps it all and still names a certificate.
func TestFullDemo(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	cfg := config.Config{DB: filepath.Join(dir, "inteqra.db"), Files: filepath.Join(dir, "files")}
	d, err := app.Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	keys, err := app.LoadKeys(cfg)
	if err != nil {
		t.Fatal(err)
	}
	a, err := app.New(d, "http://localhost", storage.NewFolder(cfg.Files), keys)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	logins, sum, err := SeedFull(ctx, a, 300)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("demo made in %v: %+v", time.Since(start).Round(time.Millisecond), sum)
	if len(logins) != len(access.Roles) {
		t.Errorf("%d demo logins, want one per role (%d)", len(logins), len(access.Roles))
	}
	sys := access.With(ctx, access.System())
	users, err := a.Users.Users(sys)
	if err != nil {
		t.Fatal(err)
	}
	as := func(role access.Role) context.Context {
		for _, u := range users {
			if u.Email == Email(role) {
				return access.With(ctx, u.Principal())
			}
		}
		t.Fatalf("no demo %s", role)
		return nil
	}

	persons, err := a.People.CountPersons(sys)
	if err != nil {
		t.Fatal(err)
	}
	// 300 generated, the course applicants, the finished cohort's learners,
	// the persons of the demo cases, the authors of proposals, the
	// Council's members and the persons the history registered.
	// The demo's import of a Windows-1251 extract, and the same file again.
	imported, err := a.Imports.Batch(as(access.Consultant), sum.Imports[0])
	if err != nil || imported.State != imports.Committed || imported.Imported != 6 || imported.Invalid != 1 {
		t.Errorf("the demo's import: %+v, %v; want 6 imported and 1 bad row", imported, err)
	}
	repeated, err := a.Imports.Batch(as(access.Consultant), sum.Imports[1])
	if err != nil || repeated.State != imports.Checked {
		t.Errorf("the demo's repeated upload: %+v, %v; want it checked", repeated, err)
	}
	if same, err := a.Imports.SameFile(as(access.Consultant), repeated); err != nil || len(same) != 1 || same[0].ID != imported.ID {
		t.Errorf("the repeated upload's earlier imports: %+v, %v", same, err)
	}
	authors := 0
	for _, p := range demoProposals {
		if p.author != nil {
			authors++
		}
	}
	if want := 300 + len(demoApplicants) + len(demoFinished) + len(demoCasePersons) + authors + len(demoMembers) + sum.History.Registered + imported.Imported; persons != want || sum.Persons != 300 {
		t.Errorf("registry holds %d persons (%d generated), want %d (300)", persons, sum.Persons, want)
	}
	if _, queued, err := a.People.Pairs(as(access.Consultant), "open", 1); err != nil || queued == 0 || sum.Duplicates == 0 {
		t.Errorf("duplicates queue: %d pairs, %d planted, %v; want some waiting", queued, sum.Duplicates, err)
	}

	v, err := a.Training.Verify(ctx, sum.Certificate)
	if err != nil || v.State != training.Issued {
		t.Errorf("the banner's certificate %q: %+v, %v; want a valid certificate", sum.Certificate, v, err)
	}
	finished, err := a.Training.Cohorts(sys, training.CohortFilter{States: []training.CohortState{training.Finished}})
	if err != nil || len(finished) != 1+sum.History.Cohorts {
		t.Fatalf("finished cohorts: %d, %v; want the demo's and %d past ones", len(finished), err, sum.History.Cohorts)
	}
	// The demo's own finished cohort is the latest.
	if certs, err := a.Training.Certificates(sys, finished[0].ID); err != nil || len(certs) != len(demoFinished)-1 {
		t.Errorf("certificates of the finished cohort: %d, %v; want %d (one learner missed half the lessons)", len(certs), err, len(demoFinished)-1)
	}
	if pending, err := a.Training.Pending(as(access.Coordinator)); err != nil || len(pending) != len(demoApplicants) {
		t.Errorf("applications waiting: %d, %v; want %d", len(pending), err, len(demoApplicants))
	}

	all, err := a.Cases.Cases(as(access.Supervisor), cases.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	states := map[cases.CaseState]int{}
	for _, c := range all {
		states[c.State]++
	}
	for _, s := range cases.States {
		if states[s] == 0 {
			t.Errorf("no demo case is %s: %v", s, states)
		}
	}
	// The person page and the case agree on the language spoken.
	for _, c := range all {
		if c.Language == "" {
			continue
		}
		person, err := a.People.Person(sys, c.PersonID)
		if err != nil {
			t.Fatal(err)
		}
		if c.ID == 1 && !slices.Contains(person.Languages, c.Language) {
			t.Errorf("case %d is in %q but its person speaks %v", c.ID, c.Language, person.Languages)
		}
	}
	if inbox, err := a.Cases.Inbox(as(access.PartnerOfficer), ""); err != nil || len(inbox) != 1 || inbox[0].State != cases.ReferralSent {
		t.Errorf("partner inbox: %+v, %v; want one referral waiting for an answer", inbox, err)
	}
	// The banner's token is the partner system's, and it reads the partner's inbox.
	if u, tok, err := a.Users.AuthenticateToken(ctx, sum.APIToken, "127.0.0.1"); err != nil || !u.Service || u.Name != PartnerSystem ||
		u.OrganisationID != access.From(as(access.PartnerOfficer)).OrgID || !tok.Allows(auth.Write("referrals")) {
		t.Errorf("the banner's API token: %+v, %+v, %v; want the partner system's, allowed to answer referrals", u, tok, err)
	} else if inbox, err := a.Cases.Inbox(access.With(ctx, u.Principal()), ""); err != nil || len(inbox) != 1 {
		t.Errorf("the partner system's inbox: %d referrals, %v; want the partner's one", len(inbox), err)
	}
	tasks, err := a.Cases.MyTasks(as(access.Consultant))
	if err != nil {
		t.Fatal(err)
	}
	today := i18n.DayOf(time.Now())
	due := 0
	for _, task := range tasks {
		if task.DueOn.Equal(today) {
			due++
		}
	}
	if due < 2 {
		t.Errorf("consultant's tasks due today: %d of %d, want at least 2", due, len(tasks))
	}

	// The Council's proposals: every state, one answer overdue, the public
	// seeing only those sent for review, and the banner's lookup working.
	fig, err := a.Council.CountFigures(as(access.CouncilSecretary))
	if err != nil {
		t.Fatal(err)
	}
	// The history's proposals are all answered, some implemented since.
	h := sum.History
	wantStates := map[council.ProposalState]int{council.Submitted: 1, council.UnderReview: 2, council.Answered: 3 + h.Proposals - h.Implemented,
		council.Implemented: 1 + h.Implemented, council.Withdrawn: 1}
	if !maps.Equal(fig.ByState, wantStates) || fig.Overdue != 1 || sum.Proposals != 8 {
		t.Errorf("proposals by state %v, %d overdue, banner %d; want %v, 1 overdue, 8", fig.ByState, fig.Overdue, sum.Proposals, wantStates)
	}
	if fig.ByOutcome[council.Accepted] != 2+h.Outcomes[council.Accepted] || fig.ByOutcome[council.PartlyAccepted] != 1+h.Outcomes[council.PartlyAccepted] ||
		fig.ByOutcome[council.Rejected] != 1+h.Outcomes[council.Rejected] {
		t.Errorf("outcomes %v, want 2 accepted, 1 partly, 1 rejected and the history's %v", fig.ByOutcome, h.Outcomes)
	}
	if public, err := a.Council.Published(ctx, council.Filter{}); err != nil || len(public) != 7+h.Proposals {
		t.Errorf("public proposals: %d, %v; want the 7 sent for review and the history's %d", len(public), err, h.Proposals)
	}
	if _, err := a.Council.Lookup(ctx, sum.Proposal, council.Check{BirthDate: sum.ProposalBy}); err != nil {
		t.Errorf("the banner's proposal %s with %s: %v", sum.Proposal, sum.ProposalBy, err)
	}

	// The Council: 8 active members with a chair, a deputy and a secretary,
	// 6 listed publicly and 3 of them with photos, one term ending soon, a
	// candidate and a member who resigned.
	members, err := a.Council.Members(as(access.CouncilSecretary))
	if err != nil {
		t.Fatal(err)
	}
	terms, roles := map[council.TermState]int{}, map[council.Role]int{}
	for _, m := range members {
		terms[m.Term.State]++
		if m.Active() {
			roles[m.Role]++
		}
	}
	if !maps.Equal(terms, map[council.TermState]int{council.Active: 8, council.Candidate: 1, council.Ended: 1}) || sum.Members != 8 ||
		!maps.Equal(roles, map[council.Role]int{council.Chair: 1, council.DeputyChair: 1, council.Secretary: 1, council.Member: 5}) {
		t.Errorf("members by state %v and role %v, banner %d; want 8 active with one chair, deputy and secretary", terms, roles, sum.Members)
	}
	if ending, err := a.Council.TermsEnding(as(access.CouncilSecretary)); err != nil || len(ending) != 1 {
		t.Errorf("terms ending: %d, %v; want 1", len(ending), err)
	}
	public, err := a.Council.PublicMembers(ctx)
	photos := 0
	for _, m := range public {
		if m.Photo {
			photos++
			if ct, _, err := a.Council.PublicPhoto(ctx, m.ID); err != nil || ct != "image/png" {
				t.Errorf("photo of %s: %s, %v", m.Name, ct, err)
			}
		}
	}
	if err != nil || len(public) != 6 || photos != 3 {
		t.Errorf("public members %d with %d photos, %v; want 6 with 3", len(public), photos, err)
	}

	// The Council's meetings: two with published minutes, the first with
	// the chair's election; one whose minutes wait; one to come with its
	// agenda and a quorum's worth of replies still missing.
	upcoming, past, err := a.Council.PublicMeetings(ctx)
	if err != nil || len(upcoming) != 1 || len(past) != 2 || len(upcoming[0].Items) != 2 || sum.Meetings != 4 {
		t.Fatalf("public meetings: %d to come, %d past, %v; banner %d", len(upcoming), len(past), err, sum.Meetings)
	}
	first, err := a.Council.PublicMeeting(ctx, past[1].ID)
	if err != nil || len(first.Decisions) != 2 || first.Decisions[0].Outcome != council.Elected || first.ApprovedBy != council.ByCouncil ||
		!first.Translated(i18n.RU) {
		t.Errorf("first meeting = %+v, %v", first, err)
	}
	if waiting, err := a.Council.MinutesWaiting(as(access.CouncilSecretary)); err != nil || len(waiting) != 1 {
		t.Errorf("minutes waiting: %d, %v; want 1", len(waiting), err)
	}
	next, ok, err := a.Council.NextMeeting(as(access.CouncilSecretary))
	if err != nil || !ok || next.ConfirmedCount() != 4 || len(next.Items[0].Proposals) != 1 || len(next.Lacks()) != 1 {
		t.Errorf("next meeting: %d confirmed, lacks %v, %v", next.ConfirmedCount(), next.Lacks(), err)
	}
	if fig, err := a.Council.CountFigures(as(access.Analyst)); err != nil || fig.MeetingsHeld != 3 || fig.AttendanceRate() < 0.7 {
		t.Errorf("meeting figures: %d held, attendance %.2f, %v", fig.MeetingsHeld, fig.AttendanceRate(), err)
	}

	checkHistory(t, a.DB, sum.History)
	checkDashboards(t, a, as(access.Analyst), sum)
	checkPlan(t, a, as(access.FocalPoint), sum)
	checkReports(t, a, as(access.StrategyOfficer), as(access.FocalPoint), sum)
	checkIndicators(t, a)
	// Applicants with an address were written to; with no mail server the
	// e-mails wait in the outbox for the admins to see.
	if mails, err := a.Notify.Outbox(as(access.Admin)); err != nil || len(mails) == 0 {
		t.Errorf("the outbox holds %d e-mails, %v", len(mails), err)
	}

	checkMigrants(t, a, as(access.Migrant), as(access.Consultant), sum)

	// A second start changes nothing and still has a certificate to show.
	_, again, err := SeedFull(ctx, a, 300)
	if err != nil || again.Persons != 0 || again.Certificate != sum.Certificate {
		t.Errorf("second start: %+v, %v; want nothing new and the same certificate", again, err)
	}
	if n, _ := a.People.CountPersons(sys); n != persons {
		t.Errorf("second start: %d persons, want %d", n, persons)
	}
}

// checkPlan holds the demo's Action Plan: published, a few dozen measures
// across several ministries in every traffic light, and the focal point's
// list holding only their organisation's measures.
func checkPlan(t *testing.T, a *app.App, focal context.Context, sum Summary) {
	t.Helper()
	pl, err := a.Strategy.Published(context.Background())
	if err != nil {
		t.Fatalf("published plan: %v", err)
	}
	if pl.Measures != sum.Measures || pl.Measures < 24 || len(pl.Goals) != 4 || len(pl.ByObjective) != 8 || len(pl.ByAgency) < 6 {
		t.Errorf("plan: %d measures (banner %d), %d goals, %d objectives, %d agencies", pl.Measures, sum.Measures, len(pl.Goals), len(pl.ByObjective), len(pl.ByAgency))
	}
	if c := pl.Total; c.OnTrack == 0 || c.AtRisk == 0 || c.Delayed == 0 || c.Completed == 0 || c.Cancelled == 0 {
		t.Errorf("plan counts %+v: want some in every traffic light", c)
	}
	if linked, err := a.Council.Linked(context.Background()); err != nil || len(linked) != 1 {
		t.Errorf("the plan's measures carry out %d proposals, want 1: %v", len(linked), err)
	}
	mine, err := a.Strategy.MyMeasures(focal)
	if err != nil || len(mine) < 3 {
		t.Fatalf("the focal point's measures: %d, %v", len(mine), err)
	}
	for _, m := range mine {
		if m.Responsible.Name != FocalPointOrganisation {
			t.Errorf("the focal point sees %s's measure %s", m.Responsible.Name, m.Number)
		}
	}
}

// checkReports holds the demo's progress reports: some waiting for the
// officer, some approved, one of the focal point's returned, and some
// overdue on the focal point's home.
func checkReports(t *testing.T, a *app.App, officer, focal context.Context, sum Summary) {
	t.Helper()
	queue, err := a.Strategy.SubmittedReports(officer)
	if err != nil || len(queue) < 2 || sum.Reports < 10 {
		t.Fatalf("the officer's queue: %d of %d reports, %v", len(queue), sum.Reports, err)
	}
	mine, err := a.Strategy.MyMeasures(focal)
	if err != nil {
		t.Fatal(err)
	}
	states := map[strategy.ReportState]int{}
	for _, m := range mine {
		slots, err := a.Strategy.Slots(focal, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, sl := range slots {
			states[sl.State]++
		}
	}
	if states[strategy.Returned] != 1 || states[strategy.Approved] == 0 {
		t.Errorf("the focal point's reports by state: %v", states)
	}
	due, err := a.Strategy.DueReports(focal)
	if err != nil || len(due) == 0 {
		t.Errorf("the focal point's reports due: %d, %v", len(due), err)
	}
}

// checkIndicators holds the demo's indicators: each objective and every
// fourth measure computes a programme figure, and the reported ones have approved values that the
// public sees, by sex, with no small cell shown.
func checkIndicators(t *testing.T, a *app.App) {
	t.Helper()
	ctx := context.Background()
	pl, err := a.Strategy.Published(ctx)
	if err != nil {
		t.Fatal(err)
	}
	computed, reported, valued := 0, 0, 0
	for _, g := range pl.Goals {
		for _, o := range g.Children {
			for _, it := range append([]*strategy.Item{o}, o.Children...) {
				for _, ind := range it.Indicators {
					years, err := a.Strategy.Progress(ctx, pl.Strategy, ind)
					if err != nil {
						t.Fatal(err)
					}
					has := false
					for _, y := range years {
						has = has || y.Total.Value.Valid && !y.Total.Hidden
					}
					switch {
					case ind.Source == strategy.Computed:
						computed++
					case has:
						valued++
						fallthrough
					default:
						reported++
					}
					if ind.Source == strategy.Computed && ind.Figure == "reached" && !has {
						t.Errorf("%s: people reached shows no year", it.Number)
					}
				}
			}
		}
	}
	if computed != len(pl.ByObjective)+pl.Measures/4 || reported < 10 || valued < 5 {
		t.Errorf("indicators: %d computed (each objective's and every fourth measure's), %d reported, %d with approved values", computed, reported, valued)
	}
}

// checkDashboards holds the demo to what the statistics promise: every
// dashboard figure of last year shows a number at the real threshold, and
// a breakdown by sex shows counts, not only the suppression mark.
func checkDashboards(t *testing.T, a *app.App, ctx context.Context, sum Summary) {
	t.Helper()
	if sum.Facts < 1000 {
		t.Errorf("the dashboards count %d facts", sum.Facts)
	}
	year := i18n.DayOf(time.Now()).Year()
	for _, d := range stats.Dashboards {
		last := stats.YearOf(year - 1)
		if d.Code == "council" { // the Council's meetings are this year's
			last = stats.YearOf(year)
		}
		res, err := a.Stats.Compute(ctx, d, stats.Request{Period: last, By: []stats.Category{stats.Sex}}, stats.DefaultThreshold)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range res {
			if r.Things && (r.Total.N != sum.Measures || r.Total.Hidden) {
				t.Errorf("%s/%s: %+v, the plan has %d measures", d.Code, r.Code, r.Total, sum.Measures)
			}
			switch {
			case r.Today || r.Whole: // what is overdue today, duplicates: not dated back
			case r.Duration:
				if !r.HasMed {
					t.Errorf("%s/%s: no median in %s", d.Code, r.Code, last.Value())
				}
			case r.Total.Hidden || r.Total.N == 0:
				t.Errorf("%s/%s: %s shows %+v", d.Code, r.Code, last.Value(), r.Total)
			}
			shown := 0
			for _, tb := range []*stats.Table{r.Main} {
				if tb == nil {
					continue
				}
				for _, c := range tb.RowTotals {
					if !c.Hidden && c.N > 0 {
						shown++
					}
				}
			}
			if r.List != nil {
				for _, c := range r.List.Cells {
					if !c.Hidden && c.N > 0 {
						shown++
					}
				}
			}
			if !r.Today && !r.Whole && !r.Duration && shown < 1 {
				t.Errorf("%s/%s: by sex in %s, %d counts shown", d.Code, r.Code, last.Value(), shown)
			}
		}
	}
}

// checkMigrants: the demo migrant's account is linked to the learner who
// holds a certificate, so her area shows it with the course and its
// attendance; another account's request waits for the consultants; and a
// new account links itself with the banner's proof.
func checkMigrants(t *testing.T, a *app.App, migrant, consultant context.Context, sum Summary) {
	t.Helper()
	mine, err := a.Training.Mine(migrant, time.Now())
	if err != nil || len(mine.Certificates) != 1 || len(mine.Courses) != 1 || mine.Courses[0].Rate.Counted == 0 || len(mine.Courses[0].Results) != 1 {
		t.Errorf("the demo migrant's area: %d certificates, %d courses, %v", len(mine.Certificates), len(mine.Courses), err)
	}
	if own, ok, err := a.Cases.Mine(migrant); err != nil || !ok || !own.CanAgree() || len(own.Plan.Goals) != 2 {
		t.Errorf("the demo migrant's case: %v, %v; want a draft plan of two goals she may agree to", ok, err)
	}
	reqs, err := a.Migrants.Requests(consultant)
	if err != nil || len(reqs) != 2 || reqs[0].State != migrants.Open || reqs[1].State != migrants.Linked {
		t.Errorf("link requests: %+v, %v; want one waiting and one linked", reqs, err)
	}
	ctx := context.Background()
	if err := a.Users.SignUp(ctx, auth.SignUpInput{Email: "new@example.org", Name: "Əhməd Rəhimi", Password: "uzun və yaxşı parol", Confirm: "uzun və yaxşı parol"}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.DB.ExecContext(ctx, `UPDATE users SET email_confirmed_at = created_at WHERE email = 'new@example.org'`); err != nil {
		t.Fatal(err)
	}
	u, err := a.Users.Authenticate(ctx, "new@example.org", "uzun və yaxşı parol", "192.0.2.1")
	if err != nil {
		t.Fatal(err)
	}
	p := sum.Proof
	if err := a.Migrants.Prove(access.With(ctx, u.Principal()), migrants.Proof{Reference: p.Reference, BirthDate: p.BirthDate, DocumentNo: p.DocumentNo}); err != nil {
		t.Errorf("the banner's proof %+v: %v", p, err)
	}
}
