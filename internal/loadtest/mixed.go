package loadtest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/app"
	"inteqra/internal/cases"
	"inteqra/internal/i18n"
	"inteqra/internal/people"
)

// Mixed is a run of staff work through the pages beside the same work
// done by a bare net/http server.
type Mixed struct {
	Pages, Bare Result
}

// String formats both results and the ratio of their throughputs.
func (m Mixed) String() string {
	tp := func(r Result) float64 { return float64(r.Requests) / r.Duration.Seconds() }
	return fmt.Sprintf("pages: %s\nbare:  %s\npages throughput / bare throughput = %.2f", m.Pages, m.Bare, tp(m.Pages)/tp(m.Bare))
}

// work is one request of the mix: a search, a person's page, or a consent
// recorded for a person.
type work struct {
	kind   string
	query  string
	person int64
}

// MixedWork runs staff work (60 % searches, 30 % person pages, 10 %
// consents recorded) from opt.Concurrency clients through the pages, with
// a consultant's session, and through a bare net/http server that calls
// the same stores the pages call for their data, with the consultant put
// straight into the request's context and a one-line answer: no session,
// middleware, template or form. The two run in turns of a quarter of the
// requests each, so both meet the same machine.
func MixedWork(ctx context.Context, a *app.App, opt Options) (Mixed, error) {
	queries, persons, err := sampleQueries(ctx, a, opt)
	if err != nil {
		return Mixed{}, err
	}
	var maxID int64
	if err := a.DB.QueryRowContext(ctx, `SELECT max(id) FROM persons`).Scan(&maxID); err != nil {
		return Mixed{}, err
	}
	rng := rand.New(rand.NewPCG(opt.Seed, opt.Seed+1))
	mix := make([]work, opt.Requests)
	// The consents start somewhere else at each run, so that a run does
	// not meet the consents of the one before.
	consents := time.Now().UnixNano() % maxID
	for i := range mix {
		switch k := rng.IntN(10); {
		case k < 6:
			mix[i] = work{kind: "search", query: queries[i%len(queries)].text}
		case k < 9:
			mix[i] = work{kind: "person", person: rng.Int64N(maxID) + 1}
		default:
			// A person holds one consent of a purpose: each consent goes
			// to another person (7919 is prime, so the steps visit every
			// one), through the pages for one purpose and through the
			// bare server for another.
			mix[i] = work{kind: "consent", person: consents*7919%maxID + 1}
			consents++
		}
	}
	base, client, u, cleanup, err := serveHandler(ctx, a, a.Handler, access.Consultant)
	if err != nil {
		return Mixed{}, err
	}
	defer cleanup()
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	pages := func(w work) bool {
		switch w.kind {
		case "search":
			return get(client, base+"/people?"+url.Values{"q": {w.query}}.Encode())
		case "person":
			return get(client, base+"/people/"+strconv.FormatInt(w.person, 10))
		}
		resp, err := client.PostForm(base+"/people/"+strconv.FormatInt(w.person, 10)+"/consents",
			url.Values{"purpose": {string(people.DataProcessing)}})
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusSeeOther
	}
	bareBase, stop, err := serveBare(a, u.Principal())
	if err != nil {
		return Mixed{}, err
	}
	defer stop()
	bare := func(w work) bool {
		return get(client, bareBase+"/"+w.kind+"?"+url.Values{"q": {w.query}, "id": {strconv.FormatInt(w.person, 10)}}.Encode())
	}
	res := Mixed{Pages: Result{Unit: "requests"}, Bare: Result{Unit: "requests"}}
	var pageTimes, bareTimes []time.Duration
	type side struct {
		do    func(work) bool
		res   *Result
		times *[]time.Duration
	}
	sides := []side{{pages, &res.Pages, &pageTimes}, {bare, &res.Bare, &bareTimes}}
	quarter := max(1, len(mix)/4)
	for from := 0; from < len(mix); from += quarter {
		part := mix[from:min(from+quarter, len(mix))]
		for _, s := range sides {
			ds, errs, took := fire(Options{Requests: len(part), Concurrency: opt.Concurrency}, func(j int) bool { return s.do(part[j]) })
			s.res.Requests += len(part)
			s.res.Errors += errs
			s.res.Duration += took
			*s.times = append(*s.times, ds...)
		}
		slices.Reverse(sides) // the other goes first in the next turn
	}
	for _, x := range []struct {
		r  *Result
		ds []time.Duration
	}{{&res.Pages, pageTimes}, {&res.Bare, bareTimes}} {
		x.r.Persons = persons
		x.r.P50, x.r.P95, x.r.P99, x.r.Max = percentile(x.ds, 0.50), percentile(x.ds, 0.95), percentile(x.ds, 0.99), percentile(x.ds, 1)
	}
	return res, nil
}

// serveBare serves the mix's three requests on a loopback listener as a
// bare net/http server: the same store calls as the pages' (the person's
// page reads what it shows: the record, region, statuses, consents,
// family, history, organisations, import origins, courses, cases, account
// and open cohorts), as principal.
func serveBare(a *app.App, principal access.Principal) (string, func(), error) {
	mux := http.NewServeMux()
	answer := func(w http.ResponseWriter, err error) {
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Write([]byte("ok\n"))
	}
	mux.HandleFunc("/search", func(w http.ResponseWriter, r *http.Request) {
		_, err := a.People.Search(r.Context(), r.FormValue("q"), 1)
		answer(w, err)
	})
	mux.HandleFunc("/person", func(w http.ResponseWriter, r *http.Request) {
		id, _ := strconv.ParseInt(r.FormValue("id"), 10, 64)
		answer(w, personPageData(r.Context(), a, id))
	})
	mux.HandleFunc("/consent", func(w http.ResponseWriter, r *http.Request) {
		id, _ := strconv.ParseInt(r.FormValue("id"), 10, 64)
		_, err := a.People.GiveConsent(r.Context(), id, people.ConsentInput{Purpose: people.Participation})
		answer(w, err)
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mux.ServeHTTP(w, r.WithContext(access.With(r.Context(), principal)))
	})}
	go srv.Serve(ln)
	return "http://" + ln.Addr().String(), func() { srv.Close() }, nil
}

// personPageData reads what a person's page shows, store by store.
func personPageData(ctx context.Context, a *app.App, id int64) error {
	person, err := a.People.Person(ctx, id)
	if err != nil {
		return err
	}
	p := access.From(ctx)
	steps := []func() error{
		func() error { _, err := a.People.RegionName(ctx, i18n.AZ, person.RegionID); return err },
		func() error { _, err := a.People.Statuses(ctx, id); return err },
		func() error { _, err := a.People.Consents(ctx, id); return err },
		func() error { _, err := a.People.Family(ctx, id); return err },
		func() error { _, err := a.People.History(ctx, id); return err },
		func() error { _, err := a.Orgs.Organisations(ctx); return err },
		func() error { _, err := a.Imports.Origins(ctx, id); return err },
		func() error { _, err := a.Training.PersonEnrolments(ctx, id); return err },
	}
	if p.Can(access.WorkCases) {
		steps = append(steps, func() error { _, err := a.Cases.Cases(ctx, cases.Filter{PersonID: id}); return err })
	}
	if p.Can(access.LinkAccounts) {
		steps = append(steps, func() error { _, err := a.Migrants.AccountOf(ctx, id); return err })
	}
	if p.Can(access.ApplyForPerson) && person.State == people.Active {
		steps = append(steps, func() error { _, err := a.Training.OpenCohorts(ctx); return err })
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}
