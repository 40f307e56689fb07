package loadtest

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/api"
	"inteqra/internal/app"
	"inteqra/internal/auth"
)

// SideBySide is a run of the same searches two ways, A and B, one after
// the other for each query, the order alternating, so that both meet the
// same load and the same caches.
type SideBySide struct {
	NameA, NameB string
	A, B         Result
}

// String formats both results and the ratios of B to A.
func (s SideBySide) String() string {
	return fmt.Sprintf("%s: %s\n%s: %s\n%s p50 / %s p50 = %.2f, %s p95 / %s p95 = %.2f", s.NameA, s.A, s.NameB, s.B,
		s.NameB, s.NameA, s.B.P50.Seconds()/s.A.P50.Seconds(), s.NameB, s.NameA, s.B.P95.Seconds()/s.A.P95.Seconds())
}

// sideBySide runs each query through a and through b (see SideBySide).
func sideBySide(opt Options, queries []query, persons int, nameA string, a func(q string) bool, nameB string, b func(q string) bool) SideBySide {
	timesA := make([]time.Duration, opt.Requests)
	timesB := make([]time.Duration, opt.Requests)
	_, errs, took := fire(opt, func(i int) bool {
		q := queries[i%len(queries)].text
		first, second := a, b
		if i%2 == 1 {
			first, second = b, a
		}
		t0 := time.Now()
		ok1 := first(q)
		t1 := time.Now()
		ok2 := second(q)
		t2 := time.Now()
		if i%2 == 0 {
			timesA[i], timesB[i] = t1.Sub(t0), t2.Sub(t1)
		} else {
			timesB[i], timesA[i] = t1.Sub(t0), t2.Sub(t1)
		}
		return ok1 && ok2
	})
	result := func(ds []time.Duration) Result {
		return Result{Requests: opt.Requests, Errors: errs, Duration: took, Persons: persons,
			P50: percentile(ds, 0.50), P95: percentile(ds, 0.95), P99: percentile(ds, 0.99), Max: percentile(ds, 1)}
	}
	return SideBySide{NameA: nameA, NameB: nameB, A: result(timesA), B: result(timesB)}
}

// SearchAPI runs the same sampled searches through the registry's page
// (with a consultant's session) and through GET /api/v1/persons (with a
// token of the same consultant), one after the other for each query, the
// order alternating, so that both meet the same load and the same caches.
// The API's rate limits are lifted for the run: they would refuse a load
// test, which is what they are for.
func SearchAPI(ctx context.Context, a *app.App, opt Options) (SideBySide, error) {
	queries, persons, err := sampleQueries(ctx, a, opt)
	if err != nil {
		return SideBySide{}, err
	}
	unlimited := api.New(api.Config{DB: a.DB, Catalog: a.Catalog, Users: a.Users, People: a.People, Training: a.Training,
		Cases: a.Cases, Council: a.Council, Strategy: a.Strategy, Stats: a.Stats, BaseURL: "http://localhost",
		Limits: api.Limits{PerToken: 1 << 30, PerAddr: 1 << 30}})
	mux := http.NewServeMux()
	mux.Handle(api.Prefix+"/", unlimited.Handler())
	mux.Handle("/", a.Handler)
	base, client, u, cleanup, err := serveHandler(ctx, a, mux, access.Consultant)
	if err != nil {
		return SideBySide{}, err
	}
	defer cleanup()
	_, token, err := a.Users.CreateToken(access.With(ctx, u.Principal()), auth.TokenInput{Name: "load test",
		Scopes: []auth.Scope{auth.Read("people")}, Expires: time.Now().AddDate(0, 0, 2).Format(time.DateOnly)})
	if err != nil {
		return SideBySide{}, err
	}
	page := func(q string) bool { return get(client, base+"/people?"+url.Values{"q": {q}}.Encode()) }
	viaAPI := func(q string) bool {
		req, _ := http.NewRequest("GET", base+api.Prefix+"/persons?"+url.Values{"q": {q}}.Encode(), nil)
		req.Header.Set("Authorization", "Bearer "+token)
		return do(client, req)
	}
	return sideBySide(opt, queries, persons, "page", page, "API", viaAPI), nil
}

// do sends req and reports whether it answered 200.
func do(client *http.Client, req *http.Request) bool {
	resp, err := client.Do(req)
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode == http.StatusOK
}
