// Package loadtest measures the registry's search through real HTTP on
// loopback: it signs in as a temporary consultant, fires searches sampled
// from the registry's own names from several workers, and reports latency
// percentiles. Figures go into docs/PERFORMANCE.md; no test asserts them.
package loadtest

import (
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"inteqra/internal/access"
	"inteqra/internal/app"
	"inteqra/internal/auth"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
)

// Options configure a run.
type Options struct {
	Requests    int
	Concurrency int
	Seed        uint64
	// URL is the address of a server already running on the same
	// database, such as `inteqra serve`, to measure instead of one
	// started in the load test's own process (Search only).
	URL string
}

// Result is what a run measured.
type Result struct {
	Requests   int
	Errors     int
	Duration   time.Duration
	P50, P95   time.Duration
	P99, Max   time.Duration
	Persons    int
	QueryKinds map[string]int
	// KindP95 is the 95th percentile of each kind of query.
	KindP95 map[string]time.Duration
	// Unit names what was requested, "searches" when empty.
	Unit string
}

// String formats the result for the terminal and the docs.
func (r Result) String() string {
	unit := cmp.Or(r.Unit, "searches")
	return fmt.Sprintf("%d %s over %d persons in %s (%.0f/s), %d errors: p50 %s, p95 %s, p99 %s, max %s",
		r.Requests, unit, r.Persons, r.Duration.Round(time.Millisecond), float64(r.Requests)/r.Duration.Seconds(), r.Errors,
		r.P50.Round(10*time.Microsecond), r.P95.Round(10*time.Microsecond), r.P99.Round(10*time.Microsecond), r.Max.Round(10*time.Microsecond))
}

// Search runs the search load test against a on a loopback listener.
func Search(ctx context.Context, a *app.App, opt Options) (Result, error) {
	queries, persons, err := sampleQueries(ctx, a, opt)
	if err != nil {
		return Result{}, err
	}
	var base string
	var client *http.Client
	var cleanup func()
	if opt.URL != "" {
		base = strings.TrimSuffix(opt.URL, "/")
		client, _, cleanup, err = signIn(ctx, a, base, access.Consultant)
	} else {
		base, client, cleanup, err = serve(ctx, a, access.Consultant)
	}
	if err != nil {
		return Result{}, err
	}
	defer cleanup()

	res := Result{Requests: opt.Requests, Persons: persons, QueryKinds: map[string]int{}}
	for _, q := range queries {
		res.QueryKinds[q.kind]++
	}
	durations, errs, took := fire(opt, func(i int) bool {
		return get(client, base+"/people?"+url.Values{"q": {queries[i%len(queries)].text}}.Encode())
	})
	res.Errors, res.Duration = errs, took
	byKind := map[string][]time.Duration{}
	for i, d := range durations {
		k := queries[i%len(queries)].kind
		byKind[k] = append(byKind[k], d)
	}
	res.KindP95 = map[string]time.Duration{}
	for k, ds := range byKind {
		res.KindP95[k] = percentile(ds, 0.95).Round(10 * time.Microsecond)
	}
	res.P50, res.P95, res.P99, res.Max = percentile(durations, 0.50), percentile(durations, 0.95), percentile(durations, 0.99), percentile(durations, 1)
	return res, nil
}

// serve serves a on a loopback listener and signs in a temporary user of
// role; cleanup deactivates the user and stops the server.
func serve(ctx context.Context, a *app.App, role access.Role) (string, *http.Client, func(), error) {
	base, client, _, cleanup, err := serveHandler(ctx, a, a.Handler, role)
	return base, client, cleanup, err
}

// serveHandler is serve with the handler h and the signed-in user.
func serveHandler(ctx context.Context, a *app.App, h http.Handler, role access.Role) (string, *http.Client, auth.User, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, auth.User{}, nil, err
	}
	srv := &http.Server{Handler: h}
	go srv.Serve(ln)
	base := "http://" + ln.Addr().String()
	client, u, cleanup, err := signIn(ctx, a, base, role)
	if err != nil {
		srv.Close()
		return "", nil, u, nil, err
	}
	return base, client, u, func() { cleanup(); srv.Close() }, nil
}

// fire runs opt.Requests calls of do (with the request's number) from
// opt.Concurrency workers and returns each one's time, how many failed and
// the time of the whole run.
func fire(opt Options, do func(i int) (ok bool)) ([]time.Duration, int, time.Duration) {
	durations := make([]time.Duration, opt.Requests)
	var failed atomic.Int64
	var wg sync.WaitGroup
	next := make(chan int)
	start := time.Now()
	for range max(1, opt.Concurrency) {
		wg.Go(func() {
			for i := range next {
				t0 := time.Now()
				if !do(i) {
					failed.Add(1)
				}
				durations[i] = time.Since(t0)
			}
		})
	}
	for i := range opt.Requests {
		next <- i
	}
	close(next)
	wg.Wait()
	return durations, int(failed.Load()), time.Since(start)
}

// get fetches a page and reports whether it answered 200.
func get(client *http.Client, u string) bool {
	req, err := http.NewRequest(http.MethodGet, u, nil)
	return err == nil && do(client, req)
}

// percentile returns the p-th fraction of the durations (1 for the
// largest), sorting a copy.
func percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[min(len(s)-1, int(p*float64(len(s))))]
}

type query struct{ kind, text string }

// sampleQueries draws persons at random by id and builds searches the way
// staff type them: a name in another script, a surname's beginning, a name
// with a birth year, a document number.
func sampleQueries(ctx context.Context, a *app.App, opt Options) ([]query, int, error) {
	var maxID int64
	var persons int
	if err := a.DB.QueryRowContext(ctx, `SELECT COALESCE(max(id), 0), count(*) FROM persons`).Scan(&maxID, &persons); err != nil {
		return nil, 0, err
	}
	if maxID == 0 {
		return nil, 0, fmt.Errorf("loadtest: the registry is empty")
	}
	rng := rand.New(rand.NewPCG(opt.Seed, opt.Seed))
	var out []query
	for len(out) < 1000 {
		id := rng.Int64N(maxID) + 1
		type name struct {
			kind, surname, given string
			year                 int
		}
		rows, err := a.DB.QueryContext(ctx, `SELECT n.kind, n.surname, n.given, p.birth_year FROM person_names n
			JOIN persons p ON p.id = n.person_id WHERE n.person_id = $1`, id)
		ns, err := db.Collect(rows, err, func(r db.Scanner) (n name, err error) {
			var year *int
			err = r.Scan(&n.kind, &n.surname, &n.given, &year)
			if year != nil {
				n.year = *year
			}
			return n, err
		})
		if err != nil {
			return nil, 0, err
		}
		if len(ns) == 0 || ns[0].surname == "" {
			continue
		}
		n := ns[rng.IntN(len(ns))]
		switch k := rng.IntN(10); {
		case k < 5:
			out = append(out, query{"full name", n.surname + " " + n.given})
		case k < 7:
			out = append(out, query{"surname prefix", prefix(n.surname, 5)})
		case k < 9 && n.year != 0:
			out = append(out, query{"name and year", n.given + " " + n.surname + " " + strconv.Itoa(n.year)})
		default:
			out = append(out, query{"surname", n.surname})
		}
	}
	return out, persons, nil
}

func prefix(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// signIn creates a temporary user of role, signs in through the form, and
// returns a client with the session and a cleanup that deactivates the account.
func signIn(ctx context.Context, a *app.App, base string, role access.Role) (*http.Client, auth.User, func(), error) {
	sys := access.With(ctx, access.System())
	email := fmt.Sprintf("loadtest-%d@inteqra.invalid", time.Now().UnixNano())
	in := auth.UserInput{Email: email, Name: "Load test", Role: role, Active: true, Language: i18n.AZ}
	u, password, err := a.Users.CreateUserGenerated(sys, in, false)
	if err != nil {
		return nil, u, nil, err
	}
	cleanup := func() {
		in.Active = false
		_ = a.Users.UpdateUser(sys, u.ID, in)
	}
	jar, _ := cookiejar.New(nil)
	tr := &http.Transport{MaxIdleConnsPerHost: 64}
	client := &http.Client{Jar: jar, Transport: tr}
	resp, err := client.PostForm(base+"/login", url.Values{"email": {email}, "password": {password}})
	if err != nil {
		cleanup()
		return nil, u, nil, err
	}
	resp.Body.Close()
	if strings.HasSuffix(resp.Request.URL.Path, "/login") {
		cleanup()
		return nil, u, nil, fmt.Errorf("loadtest: sign-in landed on %s", resp.Request.URL.Path)
	}
	return client, u, cleanup, nil
}

// SearchSQL runs the sampled searches through the registry's page and, for
// the same query, the SQL statements the search reads the registry with,
// alone on the same database and driver (people.SearchStatements, found
// before the clock starts), interleaved: what the page adds to its SQL.
func SearchSQL(ctx context.Context, a *app.App, opt Options) (SideBySide, error) {
	queries, persons, err := sampleQueries(ctx, a, opt)
	if err != nil {
		return SideBySide{}, err
	}
	base, client, u, cleanup, err := serveHandler(ctx, a, a.Handler, access.Consultant)
	if err != nil {
		return SideBySide{}, err
	}
	defer cleanup()
	staff := access.With(ctx, u.Principal())
	statements := make(map[string][]db.Statement, len(queries))
	for _, q := range queries {
		if statements[q.text], err = a.People.SearchStatements(staff, q.text, 1); err != nil {
			return SideBySide{}, err
		}
	}
	page := func(q string) bool { return get(client, base+"/people?"+url.Values{"q": {q}}.Encode()) }
	sqlAlone := func(q string) bool { return db.ReadAll(ctx, a.DB, statements[q]) == nil }
	return sideBySide(opt, queries, persons, "SQL alone", sqlAlone, "page", page), nil
}
