// Package api serves the JSON API under /api/v1, described by openapi.yaml.
// Its handlers call the same feature methods as the pages, so the API meets
// the same rules; what it adds are the conventions of a machine interface:
// tokens with scopes, problem+json errors in the caller's language, cursor
// pagination, ETags with If-Match on updates, Idempotency-Key on POST, and
// rate limits.
package api

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/audit"
	"inteqra/internal/auth"
	"inteqra/internal/cases"
	"inteqra/internal/council"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/people"
	"inteqra/internal/request"
	"inteqra/internal/stats"
	"inteqra/internal/strategy"
	"inteqra/internal/training"
	"inteqra/internal/webhooks"
)

// Prefix is where the API lives.
const Prefix = "/api/v1"

// Config holds what the API needs from the application.
type Config struct {
	DB       *db.DB
	Catalog  *i18n.Catalog
	Users    *auth.Store
	People   *people.Store
	Training *training.Store
	Cases    *cases.Store
	Council  *council.Store
	Strategy *strategy.Store
	Stats    *stats.Store
	Webhooks *webhooks.Store
	// BaseURL is the public address, for the links the API gives.
	BaseURL string
	// Limits bounds the requests per minute; zero values take DefaultLimits.
	Limits Limits
}

// Server holds the API's dependencies.
type Server struct {
	cfg     Config
	db      *db.DB
	catalog *i18n.Catalog
	limiter *limiter
	now     func() time.Time
}

// New builds the API server.
func New(cfg Config) *Server {
	if cfg.Limits == (Limits{}) {
		cfg.Limits = DefaultLimits
	}
	return &Server{cfg: cfg, db: cfg.DB, catalog: cfg.Catalog, limiter: newLimiter(cfg.Limits), now: time.Now}
}

// handler answers one request; an error becomes a problem.
type handler func(w http.ResponseWriter, r *http.Request) error

// route is one endpoint: its pattern, the scope a token needs (none for
// the public endpoints) and its handler.
type route struct {
	pattern string
	scope   auth.Scope
	h       handler
}

// Handler returns the API with its middleware.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	for _, rt := range s.routes() {
		mux.Handle(rt.pattern, s.endpoint(rt))
	}
	mux.Handle("/", s.endpoint(route{h: func(http.ResponseWriter, *http.Request) error { return errNoRoute }}))
	return withRequestID(s.withBasics(mux))
}

// routes lists every endpoint; openapi.yaml describes each.
func (s *Server) routes() []route {
	var rs []route
	rs = append(rs, route{pattern: "GET " + Prefix + "/openapi.yaml", h: serveSpec})
	rs = append(rs, s.publicRoutes()...)
	rs = append(rs, s.applicationRoutes()...)
	rs = append(rs, s.councilRoutes()...)
	rs = append(rs, s.strategyRoutes()...)
	rs = append(rs, s.statisticsRoutes()...)
	rs = append(rs, s.peopleRoutes()...)
	rs = append(rs, s.referralRoutes()...)
	rs = append(rs, s.caseRoutes()...)
	rs = append(rs, s.dashboardRoutes()...)
	rs = append(rs, s.strategyReportRoutes()...)
	rs = append(rs, s.webhookRoutes()...)
	return rs
}

// Patterns lists the method and path of every endpoint, for the test that
// holds openapi.yaml to what is served.
func Patterns() []string {
	var out []string
	for _, rt := range (&Server{}).routes() {
		out = append(out, rt.pattern)
	}
	return out
}

type ctxKey int

const (
	langKey ctxKey = iota
	tokenKey
)

func langFrom(ctx context.Context) i18n.Lang {
	if l, ok := ctx.Value(langKey).(i18n.Lang); ok {
		return l
	}
	return i18n.AZ
}

// tokenFrom returns the token the request was made with; ok is false for
// a request without one.
func tokenFrom(ctx context.Context) (auth.Token, bool) {
	t, ok := ctx.Value(tokenKey).(auth.Token)
	return t, ok
}

func withRequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := request.NewID()
		w.Header().Set("X-Request-Id", id)
		ctx := audit.WithClient(r.Context(), audit.Client{Addr: request.ClientAddr(r), RequestID: id})
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// maxBody caps every request body; the API takes no files.
const maxBody = 64 << 10

// withBasics sets the headers every answer carries, caps the body, picks
// the language from Accept-Language, logs the request and turns a panic
// into a problem.
func (s *Server) withBasics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Cache-Control", "no-store")
		h.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
		h.Set("Vary", "Accept-Language, Authorization")
		if r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, maxBody)
		}
		ctx := context.WithValue(r.Context(), langKey, i18n.Match(r.Header.Get("Accept-Language")))
		r = r.WithContext(ctx)
		rec := &recorder{Recorder: request.Recorder{ResponseWriter: w}, route: "unmatched " + r.URL.Path}
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				slog.ErrorContext(ctx, "panic", "err", p, "stack", string(debug.Stack()))
				if rec.Status == 0 {
					s.problem(rec, r, errors.New("panic"))
				}
			}
			// The log names the route, not the path: a path may hold an
			// application's reference, which is its holder's key to it.
			slog.InfoContext(ctx, "api request", "method", r.Method, "route", rec.route, "status", rec.Status,
				"duration_ms", time.Since(start).Milliseconds(), "request_id", audit.ClientFrom(ctx).RequestID)
		}()
		next.ServeHTTP(rec, r)
	})
}

// recorder remembers the status a handler wrote and the route that
// answered.
type recorder struct {
	request.Recorder
	route string
}

// endpoint wraps a route: it authenticates the token, if one is given,
// checks its scope, applies the rate limits and Idempotency-Key, and
// turns the handler's error into a problem.
func (s *Server) endpoint(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if rec, ok := w.(*recorder); ok && rt.pattern != "" {
			rec.route = rt.pattern
		}
		err := s.limit(w, r)
		if err == nil {
			r, err = s.authenticate(r)
			if err == errBadToken && rt.scope == "" {
				// A public endpoint answers anyone: a token it does not
				// need, expired or revoked, makes the request anonymous.
				err = nil
			}
			if _, ok := tokenFrom(r.Context()); ok && err == nil {
				err = s.limit(w, r)
			}
		}
		if err == nil && rt.scope != "" {
			err = requireScope(r.Context(), rt.scope)
		}
		if err == nil {
			if r.Method == http.MethodPost && r.Header.Get("Idempotency-Key") != "" {
				err = s.idempotent(w, r, rt.h)
			} else {
				err = rt.h(w, r)
			}
		}
		if err != nil {
			s.problem(w, r, err)
		}
	})
}

// authenticate reads a bearer token, if the request has one, and makes its
// user the principal of the request. Sessions (cookies) are not read here:
// the API is for machines, and a cookie would open it to cross-site requests.
func (s *Server) authenticate(r *http.Request) (*http.Request, error) {
	authz := r.Header.Get("Authorization")
	if authz == "" {
		return r, nil
	}
	scheme, secret, _ := strings.Cut(authz, " ")
	if !strings.EqualFold(scheme, "Bearer") {
		return r, errBadToken
	}
	u, t, err := s.cfg.Users.AuthenticateToken(r.Context(), strings.TrimSpace(secret), request.ClientAddr(r))
	if errors.Is(err, auth.ErrBadToken) || errors.Is(err, db.ErrNotFound) {
		return r, errBadToken
	}
	if err != nil {
		return r, err
	}
	ctx := access.With(r.Context(), u.Principal())
	ctx = context.WithValue(ctx, tokenKey, t)
	return r.WithContext(ctx), nil
}

// requireScope refuses a request without a token (401) or whose token
// lacks sc (403).
func requireScope(ctx context.Context, sc auth.Scope) error {
	t, ok := tokenFrom(ctx)
	switch {
	case !ok:
		return access.ErrUnauthenticated
	case !t.Allows(sc):
		return errScope
	}
	return nil
}
