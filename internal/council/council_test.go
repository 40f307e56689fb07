package council

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/auth/authtest"
	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"
	"inteqra/internal/i18n"
	"inteqra/internal/orgs"
	"inteqra/internal/people"
	"inteqra/internal/storage"
	"inteqra/internal/strategy"
)

var system = access.With(context.Background(), access.System())

type fixture struct {
	d          *db.DB
	s          *Store
	secretary  context.Context
	consultant context.Context
	public     context.Context
	topic      int64
	clock      time.Time
	people     int // persons registered for members
}

func newFixture(t *testing.T, d *db.DB) *fixture {
	t.Helper()
	f := &fixture{d: d, s: NewStore(d, people.NewStore(d, nil), storage.NewFolder(t.TempDir())), clock: time.Date(2027, 2, 10, 9, 0, 0, 0, time.UTC)}
	f.s.now = func() time.Time { return f.clock }
	f.secretary = authtest.SignedIn(t, d, access.CouncilSecretary, "secretary@example.az")
	f.consultant = authtest.SignedIn(t, d, access.Consultant, "consultant@example.az")
	f.public = context.Background()
	topics, err := f.s.Topics(f.public, false)
	if err != nil || len(topics) != 7 {
		t.Fatalf("topics = %d, %v; want the 7 the migration seeds", len(topics), err)
	}
	f.topic = topics[0].ID
	return f
}

func (f *fixture) submit(t *testing.T) Proposal {
	t.Helper()
	p, err := f.s.Submit(f.public, SubmitInput{
		Person: people.Input{Names: []people.Name{{Kind: people.NameAz, Surname: "Petrova", Given: "Anna"}},
			BirthDate: "1985-04-12", Email: "Anna.Petrova@example.org"},
		Title: "Dil kursları axşam saatlarında", Body: "İşləyən miqrantlar üçün axşam qrupları açılsın.",
		TopicID: f.topic, Language: "ru", ConsentData: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

var answer = AnswerInput{Outcome: Accepted, Answer: Texts{Az: "Qəbul edildi.", En: "Accepted.", Ru: "Принято."}}

func TestProposalPath(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		p := f.submit(t)
		if p.Reference != "MS-2027-000001" || p.State != Submitted {
			t.Fatalf("got %s %s, want MS-2027-000001 submitted", p.Reference, p.State)
		}
		if next := f.submit(t); next.Reference != "MS-2027-000002" {
			t.Errorf("second reference = %s", next.Reference)
		}
		// Nothing is public before review.
		if _, err := f.s.PublishedProposal(f.public, p.Reference); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("unreviewed proposal public: %v", err)
		}
		// Moves the table does not hold are refused and explained.
		if err := f.s.Answer(f.secretary, p.ID, answer); !errors.Is(err, ErrInvalidMove) {
			t.Fatalf("answer before review: %v", err)
		} else if e := i18n.Problems(err); len(e) != 1 || len(e[0].Args) != 2 || e[0].Args[1] != i18n.Key("council.state.submitted") {
			t.Errorf("refusal does not name the state: %v", err)
		}
		if err := f.s.Implement(f.secretary, p.ID, answer.Answer); !errors.Is(err, ErrInvalidMove) {
			t.Errorf("implement before answer: %v", err)
		}
		if err := f.s.Review(f.secretary, p.ID, ReviewInput{UnitName: "Miqrasiya siyasəti şöbəsi"}); err != nil {
			t.Fatal(err)
		}
		got, err := f.s.PublishedProposal(f.public, "ms 2027 1")
		if err != nil {
			t.Fatalf("published after review: %v", err)
		}
		if want := time.Date(2027, 3, 12, 0, 0, 0, 0, time.UTC); !got.DueOn.Equal(want) || got.UnitName != "Miqrasiya siyasəti şöbəsi" {
			t.Errorf("due %v unit %q, want %v", got.DueOn, got.UnitName, want)
		}
		// The answer is required in all three languages.
		err = f.s.Answer(f.secretary, p.ID, AnswerInput{Outcome: Accepted, Answer: Texts{Az: "Qəbul edildi."}})
		if n := len(i18n.Problems(err)); n != 2 {
			t.Errorf("answer in one language: %d problems, want 2: %v", n, err)
		}
		if err := f.s.Answer(f.secretary, p.ID, answer); err != nil {
			t.Fatal(err)
		}
		if err := f.s.Withdraw(f.secretary, p.ID); !errors.Is(err, ErrInvalidMove) {
			t.Errorf("withdraw after answer: %v", err)
		}
		if err := f.s.Implement(f.secretary, p.ID, Texts{Az: "Açıldı.", En: "Opened.", Ru: "Открыты."}); err != nil {
			t.Fatal(err)
		}
		got, _ = f.s.PublishedProposal(f.public, p.Reference)
		if got.State != Implemented || got.Answer.In(i18n.RU) != "Принято." || len(got.Path()) != 4 {
			t.Errorf("got %s %q path %v", got.State, got.Answer.In(i18n.RU), got.Path())
		}
		if n := dbtest.Count(t, d, `SELECT count(*) FROM audit_events WHERE action LIKE 'proposal.%'`); n != 5 {
			t.Errorf("audit events = %d, want 5 (2 submits, review, answer, implement)", n)
		}
	})
}

func TestRejectedIsNotImplemented(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		p := f.submit(t)
		if err := f.s.Review(f.secretary, p.ID, ReviewInput{UnitName: "Şöbə"}); err != nil {
			t.Fatal(err)
		}
		rej := answer
		rej.Outcome = Rejected
		if err := f.s.Answer(f.secretary, p.ID, rej); err != nil {
			t.Fatal(err)
		}
		if err := f.s.Implement(f.secretary, p.ID, answer.Answer); !errors.Is(err, ErrInvalidMove) {
			t.Errorf("implemented a rejected proposal: %v", err)
		}
	})
}

func TestOverdue(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		late, onTime := f.submit(t), f.submit(t)
		for _, p := range []Proposal{late, onTime} {
			if err := f.s.Review(f.secretary, p.ID, ReviewInput{UnitName: "Şöbə", DueOn: "2027-02-20"}); err != nil {
				t.Fatal(err)
			}
		}
		if err := f.s.Answer(f.secretary, onTime.ID, answer); err != nil {
			t.Fatal(err)
		}
		f.clock = time.Date(2027, 2, 20, 19, 30, 0, 0, time.UTC) // 23:30 in Baku, still the due day
		if list, _ := f.s.Proposals(f.secretary, Filter{Overdue: true}); len(list) != 0 {
			t.Errorf("overdue on the due day: %d", len(list))
		}
		f.clock = time.Date(2027, 2, 21, 6, 0, 0, 0, time.UTC)
		list, err := f.s.Proposals(f.secretary, Filter{Overdue: true})
		if err != nil || len(list) != 1 || list[0].ID != late.ID || !list[0].Overdue || list[0].Author != "Petrova Anna" && !strings.Contains(list[0].Author, "Petrova") {
			t.Fatalf("overdue = %+v, %v; want the unanswered one", list, err)
		}
		fig, err := f.s.CountFigures(f.secretary)
		if err != nil || fig.Answered != 1 || fig.OnTime != 1 || fig.Total != 2 || fig.ByState[UnderReview] != 1 {
			t.Errorf("figures = %+v, %v", fig, err)
		}
	})
}

func TestPublicReadsAndAccess(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		early, published := f.submit(t), f.submit(t)
		if err := f.s.Review(f.secretary, published.ID, ReviewInput{UnitName: "Şöbə"}); err != nil {
			t.Fatal(err)
		}
		if err := f.s.Withdraw(f.secretary, early.ID); err != nil {
			t.Fatal(err)
		}
		list, err := f.s.Published(f.public, Filter{})
		if err != nil || len(list) != 1 || list[0].ID != published.ID {
			t.Fatalf("published = %v, %v; want only the reviewed one", list, err)
		}
		if list[0].PersonID != 0 || list[0].Author != "" {
			t.Errorf("public read carries the author: %+v", list[0])
		}
		// The secretary may; a consultant and the public may not.
		for name, ctx := range map[string]context.Context{"consultant": f.consultant, "public": f.public} {
			if _, err := f.s.Proposals(ctx, Filter{}); err == nil {
				t.Errorf("%s listed the proposals with authors", name)
			}
			if err := f.s.Review(ctx, published.ID, ReviewInput{UnitName: "x"}); err == nil {
				t.Errorf("%s reviewed", name)
			}
			if _, err := f.s.CountFigures(ctx); err == nil {
				t.Errorf("%s read the figures", name)
			}
		}
	})
}

func TestAuthorLookupAndWithdrawal(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		p := f.submit(t)
		for _, c := range []Check{{}, {BirthDate: "1985-04-13"}, {Email: "someone@example.org"}} {
			if _, err := f.s.Lookup(f.public, p.Reference, c); !errors.Is(err, ErrNotAuthor) {
				t.Errorf("lookup with %+v: %v", c, err)
			}
		}
		got, err := f.s.Lookup(f.public, "ms-2027-000001", Check{Email: " anna.petrova@example.org"})
		if err != nil || got.ID != p.ID || got.PersonID != 0 {
			t.Fatalf("lookup by e-mail = %+v, %v", got, err)
		}
		if err := f.s.WithdrawByAuthor(f.public, p.Reference, Check{BirthDate: "1985-04-12"}); err != nil {
			t.Fatal(err)
		}
		if err := f.s.WithdrawByAuthor(f.public, p.Reference, Check{BirthDate: "1985-04-12"}); !errors.Is(err, ErrInvalidMove) {
			t.Errorf("withdrawn twice: %v", err)
		}
	})
}

func TestSubmitReportsEveryProblem(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		_, err := f.s.Submit(f.public, SubmitInput{Person: people.Input{Names: []people.Name{{Kind: people.NameAz, Surname: "Petrova"}}}, TopicID: 999})
		want := map[string]bool{}
		for _, e := range i18n.Problems(err) {
			want[string(e.Field())] = true
		}
		for _, field := range []string{"people.birth_date", "people.phone", "council.proposal.title", "council.proposal.text",
			"council.proposal.topic", "council.propose.consent"} {
			if !want[field] {
				t.Errorf("no problem on %s: %v", field, err)
			}
		}
		if n := dbtest.Count(t, d, `SELECT count(*) FROM proposals`); n != 0 {
			t.Errorf("%d proposals saved", n)
		}
	})
}

func TestParseReference(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		in           string
		year, number int
		ok           bool
	}{{"MS-2026-000123", 2026, 123, true}, {"ms 2026 123", 2026, 123, true}, {"2026", 0, 0, false}, {"MS-2026-000000", 2026, 0, false}} {
		y, n, ok := parseReference(tt.in)
		if y != tt.year && tt.ok || n != tt.number || ok != tt.ok {
			t.Errorf("parseReference(%q) = %d, %d, %t; want %d, %d, %t", tt.in, y, n, ok, tt.year, tt.number, tt.ok)
		}
	}
}

func TestReviewByOffice(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		office, err := orgs.NewStore(d).CreateOrganisation(system, orgs.Input{Name: "Gəncə regional miqrasiya idarəsi", Kind: orgs.RegionalOffice, Active: true})
		if err != nil {
			t.Fatal(err)
		}
		p := f.submit(t)
		err = f.s.Review(f.secretary, p.ID, ReviewInput{UnitOrgID: office.ID + 100})
		if ps := i18n.Problems(err); len(ps) != 1 || ps[0].Key != "error.unknown_choice" {
			t.Errorf("unknown office: %v", err)
		}
		if err := f.s.Review(f.secretary, p.ID, ReviewInput{UnitOrgID: office.ID}); err != nil {
			t.Fatal(err)
		}
		got, err := f.s.Proposal(f.secretary, p.ID)
		if err != nil || got.UnitOrgID != office.ID || got.UnitName != office.Name {
			t.Errorf("reviewed by %d %q, %v; want the office", got.UnitOrgID, got.UnitName, err)
		}
	})
}

func TestTopicCatalogue(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		admin := authtest.SignedIn(t, d, access.Admin, "admin@example.az")
		in := TopicInput{Code: "transport", Name: Texts{Az: "Nəqliyyat", En: "Transport", Ru: "Транспорт"}, Active: true}
		if _, err := f.s.SaveTopic(f.secretary, 0, in); !errors.Is(err, access.ErrForbidden) {
			t.Errorf("secretary edits the catalogue: %v", err)
		}
		id, err := f.s.SaveTopic(admin, 0, in)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.SaveTopic(admin, 0, in); !errors.Is(err, i18n.Errorf("council.error.topic_code_taken")) {
			t.Errorf("second topic with the same code: %v", err)
		}
		in.Active = false
		if _, err := f.s.SaveTopic(admin, id, in); err != nil {
			t.Fatal(err)
		}
		if active, _ := f.s.Topics(f.public, false); len(active) != 7 {
			t.Errorf("active topics = %d, want the 7 seeded (the new one retired)", len(active))
		}
		if _, err := f.s.SaveTopic(admin, 0, TopicInput{}); len(i18n.Problems(err)) != 4 {
			t.Errorf("empty topic: %v, want 4 problems", err)
		}
	})
}

func TestSubmitOnBehalf(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		own, err := f.s.SubmitFor(f.secretary, SubmitInput{Title: "Şuranın təklifi", Body: "Mətn", TopicID: f.topic, Language: "az"})
		if err != nil || own.PersonID != 0 || own.Channel != Secretariat {
			t.Fatalf("own = %+v, %v", own, err)
		}
		// The public form's author, known to the registry, proposes again
		// through the secretariat: found, not registered twice.
		first := f.submit(t)
		in := SubmitInput{Person: people.Input{Names: []people.Name{{Kind: people.NameAz, Surname: "Petrova", Given: "Anna"}},
			BirthDate: "1985-04-12", Email: "anna.petrova@example.org"}, Title: "Tərcüməçi", Body: "Mətn", TopicID: f.topic, Language: "ru"}
		if _, err := f.s.SubmitFor(f.secretary, in); err == nil || !hasText(err, "razılıq") {
			t.Errorf("on behalf without consent: %v", err)
		}
		in.ConsentData = true
		p, err := f.s.SubmitFor(f.secretary, in)
		if err != nil {
			t.Fatal(err)
		}
		got, err := f.s.Proposal(f.secretary, p.ID)
		want, _ := f.s.Proposal(f.secretary, first.ID)
		if err != nil || got.PersonID == 0 || got.PersonID != want.PersonID || got.Author == "" {
			t.Errorf("on behalf = %+v (first author %d), %v", got, want.PersonID, err)
		}
	})
}

// TestLinkMeasure links an accepted proposal to the published Action Plan's
// measure that carries it out, and refuses what may not be linked.
func TestLinkMeasure(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		officer := authtest.SignedIn(t, d, access.StrategyOfficer, "officer@example.az")
		org, err := orgs.NewStore(d).CreateOrganisation(system, orgs.Input{Name: "Elm və Təhsil Nazirliyi", Kind: orgs.Ministry, Active: true})
		if err != nil {
			t.Fatal(err)
		}
		plans := strategy.NewStore(d, storage.NewFolder(t.TempDir()))
		texts := strategy.Texts{Az: "Mətn", En: "Text", Ru: "Текст"}
		st, err := plans.CreateStrategy(officer, strategy.StrategyInput{Title: texts, FirstYear: 2026, LastYear: 2030})
		if err != nil {
			t.Fatal(err)
		}
		goal, _ := plans.AddItem(officer, st, strategy.ItemInput{Title: texts})
		objective, _ := plans.AddItem(officer, st, strategy.ItemInput{ParentID: goal, Title: texts})
		measure, err := plans.AddItem(officer, st, strategy.ItemInput{ParentID: objective, Title: texts, ResponsibleID: org.ID,
			StartsOn: "2026-01-01", EndsOn: "2027-12-31"})
		if err != nil {
			t.Fatal(err)
		}
		p := f.submit(t)
		if err := f.s.Review(f.secretary, p.ID, ReviewInput{UnitName: "Şöbə"}); err != nil {
			t.Fatal(err)
		}
		// Not yet accepted; then a draft plan's measure; a goal.
		if err := f.s.LinkMeasure(f.secretary, p.ID, measure); !i18n.HasProblem(err, "council.error.link_accepted") {
			t.Errorf("link before the answer: %v", err)
		}
		if err := f.s.Answer(f.secretary, p.ID, answer); err != nil {
			t.Fatal(err)
		}
		for _, id := range []int64{measure, goal, -1} {
			if err := f.s.LinkMeasure(f.secretary, p.ID, id); !i18n.HasProblem(err, "error.unknown_choice") {
				t.Errorf("link to %d (a draft's measure, a goal, none): %v", id, err)
			}
		}
		if err := plans.Publish(officer, st); err != nil {
			t.Fatal(err)
		}
		if err := f.s.LinkMeasure(f.consultant, p.ID, measure); !errors.Is(err, access.ErrForbidden) {
			t.Errorf("a consultant linked: %v", err)
		}
		if err := f.s.LinkMeasure(f.secretary, p.ID, measure); err != nil {
			t.Fatal(err)
		}
		got, err := f.s.PublishedProposal(f.public, p.Reference)
		if err != nil || got.MeasureID != measure {
			t.Errorf("the proposal's measure = %d, %v; want %d", got.MeasureID, err, measure)
		}
		if linked, err := f.s.Linked(f.public); err != nil || len(linked) != 1 || len(linked[measure]) != 1 ||
			linked[measure][0].ID != p.ID || linked[measure][0].PersonID != 0 {
			t.Errorf("the measure's proposals = %+v, %v", linked, err)
		}
		if loc, err := plans.PublicMeasure(f.public, measure); err != nil || loc.Number != "1.1.1" {
			t.Errorf("public measure = %+v, %v", loc, err)
		}
		if _, err := plans.PublicMeasure(f.public, goal); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("a goal read as a public measure: %v", err)
		}
		if err := f.s.LinkMeasure(f.secretary, p.ID, 0); err != nil {
			t.Fatal(err)
		}
		if linked, _ := f.s.Linked(f.public); len(linked) != 0 {
			t.Errorf("unlinked, the measures still name %v", linked)
		}
		if n := dbtest.Count(t, d, `SELECT count(*) FROM audit_events WHERE action = 'proposal.link_measure'`); n != 2 {
			t.Errorf("%d links audited, want 2", n)
		}
	})
}
