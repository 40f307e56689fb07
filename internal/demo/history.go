package demo

import (
	"cmp"
	"context"
	"math/rand/v2"
	"slices"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/app"
	"inteqra/internal/council"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/people"
)

// History is what the demo's past holds, for the banner and the tests:
// the statistics dashboards count by period, so the demo needs figures in
// every month of the last three calendar years and of this one.
type History struct {
	From, To     int                     // the calendar years covered
	Registered   int                     // persons the history registered (beyond those of SeedPeople)
	Dated        int                     // persons whose registration it dated back
	Cases        int                     // cases opened over the years
	Closed       int                     // of which closed since
	Services     int                     // services their persons received
	Referrals    int                     // referrals sent and answered
	Cohorts      int                     // past cohorts, finished
	Enrolments   int                     // learners enrolled in them
	Certificates int                     // certificates their learners earned
	Proposals    int                     // Council proposals received and answered
	Implemented  int                     // of which implemented since
	Outcomes     map[council.Outcome]int // the answers to them
}

// historySeed fixes the draws of the history, so that every demo started
// on the same day has the same past.
const historySeed = 2023

// history is the state of seedHistory: the random source, the persons it
// may use, and the statements that date back what the stores recorded
// today.
type history struct {
	a     *app.App
	sys   context.Context
	staff map[access.Role]access.Principal
	r     *rand.Rand
	today time.Time // today's date in Baku, at midnight UTC like stored dates
	from  time.Time // 1 January three years ago
	pool  []*pastPerson
	gen   *demoGen  // registers more persons when the pool runs dry
	quota []*origin // origins of the persons it registers, in turn
	dates []dating
	sum   History
}

// pastPerson is a registered person the history may open a case for or
// enrol, and when they were registered and free again.
type pastPerson struct {
	id         int64
	registered time.Time // zero until the history dates the registration
	free       time.Time // when their last case closed; zero: never had one
	caseOpen   bool      // a case still open
	out        bool      // no consent to take part
	noCourse   bool      // no status a course admits
}

// seedHistory gives the demo its past through the features' stores, then
// dates every record it made (and the registrations of the persons it
// used) back to when it happened: persons registered month by month,
// cases from intake to closure with referrals, finished cohorts with
// certificates, and the Council's proposals answered. records are the
// persons of SeedPeople, who are dated back too.
func seedHistory(ctx context.Context, a *app.App, staff map[access.Role]access.Principal, records []demoRecord) (History, error) {
	today := i18n.DayOf(db.Now())
	h := &history{a: a, sys: access.With(ctx, access.System()), staff: staff, r: rand.New(rand.NewPCG(historySeed, historySeed)),
		today: today, from: time.Date(today.Year()-3, 1, 1, 0, 0, 0, 0, time.UTC)}
	h.sum = History{From: h.from.Year(), To: today.Year(), Outcomes: map[council.Outcome]int{}}
	var err error
	if h.gen, err = newDemoGen(h.sys, a, historySeed); err != nil {
		return h.sum, err
	}
	h.quota = h.clientOrigins()
	for _, rec := range records {
		h.pool = append(h.pool, &pastPerson{id: rec.ID, out: !participates(rec.d), noCourse: !courseKind(rec.d)})
	}
	for _, step := range []func(context.Context) error{h.cases, h.cohorts, h.proposals} {
		if err := step(ctx); err != nil {
			return h.sum, err
		}
	}
	h.spreadRegistrations()
	return h.sum, dateBack(h.sys, a, h.dates)
}

// participates reports whether a demo person's consent to take part stands.
func participates(d *draft) bool {
	for _, c := range d.consents {
		if c.purpose == people.Participation && c.withdrawal == "" {
			return true
		}
	}
	return false
}

// clientOrigins are the origins of the persons the history registers, in
// random order: the programme's clients, who are stateless or come from
// the countries refugees flee five times as often as the registry at
// large.
func (h *history) clientOrigins() []*origin {
	var list []*origin
	for i := range demoOrigins {
		o := &demoOrigins[i]
		n := o.weight
		refugees := slices.ContainsFunc(o.plans, func(p weighted[string]) bool { return p.v == "refugee" })
		if refugees || slices.ContainsFunc(o.citizenships, func(c weighted[string]) bool { return c.v == "" }) {
			n *= 5
		}
		for range n {
			list = append(list, o)
		}
	}
	h.r.Shuffle(len(list), func(i, j int) { list[i], list[j] = list[j], list[i] })
	return list
}

// courseKind reports whether a demo person was drawn with a status the
// courses admit by default, so that the history tries to enrol only them.
func courseKind(d *draft) bool { return d.plan == "prp" || d.plan == "refugee" }

// date queues an UPDATE for the end of the history.
func (h *history) date(query string, args ...any) {
	h.dates = append(h.dates, dating{query, args})
}

// officeHour is a random moment of the working day on day.
func (h *history) officeHour(day time.Time) time.Time { return at(day, 9+h.r.IntN(8), h.r.IntN(60)) }

// past reports whether day is before today, so that a step on it happened.
func (h *history) past(day time.Time) bool { return day.Before(h.today) }

// person returns a person to open a case for or enrol on day: in reuse
// times out of ten one registered before who suits again (when there is
// one), else one the history has not used yet, else a person it registers
// now; these two it dates as registered 1 to lead days before. suits
// tells who may be used.
func (h *history) person(day time.Time, reuse, lead int, suits func(*pastPerson) bool) (*pastPerson, error) {
	var known, unused *pastPerson
	for _, i := range h.r.Perm(len(h.pool)) {
		p := h.pool[i]
		switch {
		case p.out || !suits(p):
		case p.registered.IsZero():
			unused = cmp.Or(unused, p)
		case p.registered.Before(day):
			known = cmp.Or(known, p)
		}
		if known != nil && unused != nil {
			break
		}
	}
	switch {
	case known != nil && h.r.IntN(10) < reuse:
		return known, nil
	case unused != nil:
		h.register(unused, days(day, -1-h.r.IntN(lead)))
		return unused, nil
	}
	o := h.quota[h.sum.Registered%len(h.quota)]
	var out demoSeed
	rec, err := registerFresh(h.sys, h.a, h.gen, o, &out)
	if err != nil {
		return nil, err
	}
	on := dateOf(h.today)
	rec.d.consents = []demoConsent{{purpose: people.Participation, givenOn: on}, {purpose: people.DataProcessing, givenOn: on}}
	if err := addHistory(h.sys, h.a, rec); err != nil {
		return nil, err
	}
	h.sum.Registered++
	p := &pastPerson{id: rec.ID, noCourse: !courseKind(rec.d)}
	h.pool = append(h.pool, p)
	h.register(p, days(day, -1-h.r.IntN(lead)))
	return p, nil
}

// register dates a person's registration, and the consents they signed
// with it, to day.
func (h *history) register(p *pastPerson, day time.Time) {
	p.registered = day
	h.sum.Dated++
	h.dates = append(h.dates, registered(p.id, h.officeHour(day))...)
}

// spreadRegistrations dates the registrations of the persons the history
// did not use evenly over its years.
func (h *history) spreadRegistrations() {
	span := int(h.today.Sub(h.from).Hours() / 24)
	for _, p := range h.pool {
		if p.registered.IsZero() {
			h.register(p, days(h.from, h.r.IntN(span)))
		}
	}
}
