package loadtest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/url"
	"sync/atomic"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/app"
	"inteqra/internal/i18n"
	"inteqra/internal/stats"
)

// DashboardResult is what a dashboards run measured: the pages through
// HTTP, and the same requests computed in the process (Store.Compute: the
// page's count queries straight on the database, without HTTP, session,
// labels or template), so that the page's figure reads as a ratio.
type DashboardResult struct {
	Requests, Errors int
	Facts            int
	HTTP, Direct     Latency
	// KindP95 is the 95th percentile through HTTP of each period kind.
	KindP95 map[string]time.Duration
	// DashboardP95 is the 95th percentile through HTTP of each dashboard.
	DashboardP95 map[string]time.Duration
}

// Latency is the percentiles and throughput of one way of answering.
type Latency struct {
	Duration                time.Duration
	P50, P95, P99, Max, Sum time.Duration
	N                       int // how many were measured
}

func latency(ds []time.Duration, took time.Duration) Latency {
	l := Latency{Duration: took, P50: percentile(ds, 0.5), P95: percentile(ds, 0.95), P99: percentile(ds, 0.99), Max: percentile(ds, 1), N: len(ds)}
	for _, d := range ds {
		l.Sum += d
	}
	return l
}

func (l Latency) String() string {
	r := func(d time.Duration) time.Duration { return d.Round(10 * time.Microsecond) }
	return fmt.Sprintf("p50 %s, p95 %s, p99 %s, max %s", r(l.P50), r(l.P95), r(l.P99), r(l.Max))
}

// String formats the result for the terminal and the docs.
func (r DashboardResult) String() string {
	ratio := float64(r.HTTP.P95) / float64(max(r.Direct.P95, 1))
	return fmt.Sprintf("%d dashboard pages over %d facts in %s (%.1f/s), %d errors\n  HTTP:   %s\n  direct: %s (%.1f/s)\n  p95 ratio HTTP/direct: %.2f",
		r.Requests, r.Facts, r.HTTP.Duration.Round(time.Millisecond), float64(r.Requests)/r.HTTP.Duration.Seconds(), r.Errors,
		r.HTTP, r.Direct, float64(r.Requests)/r.Direct.Duration.Seconds(), ratio)
}

// dashboardQuery is one sampled page: a dashboard, a period, at most one
// category.
type dashboardQuery struct {
	dashboard stats.Dashboard
	kind      stats.PeriodKind
	values    url.Values
}

// Dashboards runs the dashboards load test against a on a loopback
// listener, signed in as an analyst, after the analytics table was filled
// (stats.Store.Refresh): random dashboards, periods (a month, quarter or
// year of the last four years, or a custom run of days) and breakdowns.
func Dashboards(ctx context.Context, a *app.App, opt Options) (DashboardResult, error) {
	st, err := a.Stats.State(ctx)
	if err != nil {
		return DashboardResult{}, err
	}
	if st.RefreshedAt.IsZero() {
		return DashboardResult{}, fmt.Errorf("loadtest: the figures were never computed: run inteqra statistics refresh")
	}
	queries := sampleDashboards(opt.Seed, i18n.DayOf(time.Now()))
	base, client, cleanup, err := serve(ctx, a, access.Analyst)
	if err != nil {
		return DashboardResult{}, err
	}
	defer cleanup()
	res := DashboardResult{Requests: opt.Requests, Facts: st.Facts}
	durations, errs, took := fire(opt, func(i int) bool {
		q := queries[i%len(queries)]
		return get(client, base+"/dashboards/"+q.dashboard.Code+"?"+q.values.Encode())
	})
	res.Errors, res.HTTP = errs, latency(durations, took)
	res.KindP95, res.DashboardP95 = map[string]time.Duration{}, map[string]time.Duration{}
	byKind, byDash := map[string][]time.Duration{}, map[string][]time.Duration{}
	for i, d := range durations {
		q := queries[i%len(queries)]
		byKind[string(q.kind)] = append(byKind[string(q.kind)], d)
		byDash[q.dashboard.Code] = append(byDash[q.dashboard.Code], d)
	}
	for k, ds := range byKind {
		res.KindP95[k] = percentile(ds, 0.95).Round(10 * time.Microsecond)
	}
	for k, ds := range byDash {
		res.DashboardP95[k] = percentile(ds, 0.95).Round(10 * time.Microsecond)
	}
	sys := access.With(ctx, access.System())
	var failed atomic.Value
	durations, errs, took = fire(opt, func(i int) bool {
		q := queries[i%len(queries)]
		req, err := dashboardRequest(q.values)
		if err == nil {
			_, err = a.Stats.Compute(sys, q.dashboard, req, st.Threshold)
		}
		if err != nil {
			failed.Store(err)
		}
		return err == nil
	})
	res.Direct = latency(durations, took)
	if errs > 0 {
		return res, fmt.Errorf("loadtest: %d direct computations failed: %v", errs, failed.Load())
	}
	return res, nil
}

// dashboardRequest reads a sampled page's request as the page does.
func dashboardRequest(v url.Values) (stats.Request, error) {
	p, err := stats.ParsePeriod(v.Get("kind"), v.Get("value"), v.Get("from"), v.Get("to"))
	req := stats.Request{Period: p}
	if by := v.Get("by"); by != "" {
		req.By = []stats.Category{stats.Category(by)}
	}
	return req, err
}

// sampleDashboards draws a thousand pages over the four years to today.
func sampleDashboards(seed uint64, today time.Time) []dashboardQuery {
	rng := rand.New(rand.NewPCG(seed, seed))
	kinds := []stats.PeriodKind{stats.Month, stats.Quarter, stats.Year, stats.Custom}
	out := make([]dashboardQuery, 1000)
	for i := range out {
		q := dashboardQuery{dashboard: stats.Dashboards[rng.IntN(len(stats.Dashboards))], kind: kinds[rng.IntN(len(kinds))], values: url.Values{}}
		day := today.AddDate(0, 0, -rng.IntN(4*365))
		q.values.Set("kind", string(q.kind))
		switch q.kind {
		case stats.Month:
			q.values.Set("value", day.Format("2006-01"))
		case stats.Quarter:
			q.values.Set("value", fmt.Sprintf("%d-Q%d", day.Year(), (int(day.Month())+2)/3))
		case stats.Year:
			q.values.Set("value", fmt.Sprint(day.Year()))
		case stats.Custom:
			q.values.Set("from", day.Format(time.DateOnly))
			q.values.Set("to", day.AddDate(0, 0, 7+rng.IntN(365)).Format(time.DateOnly))
		}
		if c := rng.IntN(len(stats.Categories) + 1); c < len(stats.Categories) {
			q.values.Set("by", string(stats.Categories[c]))
		}
		out[i] = q
	}
	return out
}
