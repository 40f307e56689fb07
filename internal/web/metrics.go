package web

import (
	"database/sql"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"inteqra/internal/db"

	"inteqra/internal/request"
)

type metrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	handler  http.Handler
}

// newMetrics registers the HTTP and database pool metrics on reg.
func newMetrics(reg *prometheus.Registry, d *db.DB) *metrics {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "inteqra_http_requests_total", Help: "HTTP requests by route pattern, method and status.",
		}, []string{"route", "method", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "inteqra_http_request_duration_seconds", Help: "HTTP request durations by route pattern.",
			Buckets: prometheus.DefBuckets,
		}, []string{"route"}),
	}
	reg.MustRegister(m.requests, m.duration)
	pool := func(name, help string, read bool, value func(s poolStats) float64) {
		reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: name, Help: help, ConstLabels: prometheus.Labels{"pool": map[bool]string{true: "read", false: "write"}[read]},
		}, func() float64 {
			w, r := d.Stats()
			if read {
				return value(poolStats(r))
			}
			return value(poolStats(w))
		}))
	}
	for _, read := range []bool{false, true} {
		pool("inteqra_db_open_connections", "Open database connections.", read, func(s poolStats) float64 { return float64(s.OpenConnections) })
		pool("inteqra_db_in_use_connections", "Database connections in use.", read, func(s poolStats) float64 { return float64(s.InUse) })
		pool("inteqra_db_wait_count", "Waits for a database connection.", read, func(s poolStats) float64 { return float64(s.WaitCount) })
	}
	m.handler = promhttp.HandlerFor(reg, promhttp.HandlerOpts{})
	return m
}

// MetricsHandler serves the Prometheus metrics. It is not on the public
// site: the app serves it on a separate address only (INTEQRA_METRICS_ADDR).
func (s *Server) MetricsHandler() http.Handler { return s.metrics.handler }

// instrument wraps the router; it reads the matched pattern after routing so
// the route label has bounded cardinality.
// Instrument counts and times the requests of a handler served beside the
// pages (the JSON API), under the pattern that routed them to it.
func (s *Server) Instrument(next http.Handler) http.Handler { return s.metrics.instrument(next) }

func (m *metrics) instrument(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &request.Recorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		route := r.Pattern
		if route == "" {
			route = "unmatched"
		}
		status := rec.Status
		if status == 0 {
			status = http.StatusOK
		}
		m.requests.WithLabelValues(route, r.Method, strconv.Itoa(status)).Inc()
		m.duration.WithLabelValues(route).Observe(time.Since(start).Seconds())
	})
}

type poolStats = sql.DBStats
