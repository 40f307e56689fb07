// Package web serves the HTML pages: the public portal and the back office.
// Handlers parse the request, call one feature method and render a page or
// redirect; the rules live in the feature packages.
package web

import (
	"context"
	"errors"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/prometheus/client_golang/prometheus"

	"inteqra/internal/access"
	"inteqra/internal/audit"
	"inteqra/internal/auth"
	"inteqra/internal/cases"
	"inteqra/internal/council"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/migrants"
	"inteqra/internal/mydata"
	"inteqra/internal/notify"
	"inteqra/internal/orgs"
	"inteqra/internal/people"
	"inteqra/internal/stats"
	"inteqra/internal/strategy"
	"inteqra/internal/training"
	"inteqra/internal/webhooks"

	"inteqra/internal/imports"
)

// Config holds what the web layer needs from the application.
type Config struct {
	DB       *db.DB
	Catalog  *i18n.Catalog
	Users    *auth.Store
	Orgs     *orgs.Store
	Audit    *audit.Store
	People   *people.Store
	Imports  *imports.Store
	Training *training.Store
	Cases    *cases.Store
	Council  *council.Store
	Strategy *strategy.Store
	Stats    *stats.Store
	Notify   *notify.Store
	Migrants *migrants.Store
	MyData   *mydata.Store
	Webhooks *webhooks.Store
	Sessions *auth.SessionStore
	// BaseURL is the public address; an https URL makes cookies Secure and turns on HSTS.
	BaseURL  string
	Registry *prometheus.Registry
	Version  string
}

// Server holds the handlers' dependencies.
type Server struct {
	cfg       Config
	db        *db.DB
	catalog   *i18n.Catalog
	users     *auth.Store
	orgs      *orgs.Store
	audit     *audit.Store
	people    *people.Store
	imports   *imports.Store
	training  *training.Store
	cases     *cases.Store
	council   *council.Store
	strategy  *strategy.Store
	stats     *stats.Store
	notify    *notify.Store
	migrants  *migrants.Store
	mydata    *mydata.Store
	session   *scs.SessionManager
	templates map[string]*template.Template
	secure    bool
	metrics   *metrics
}

// Session lifetimes: an idle session ends after IdleTimeout, any session
// after Lifetime, whatever its activity.
const (
	IdleTimeout = 30 * time.Minute
	Lifetime    = 12 * time.Hour
)

// New builds the server; it fails when a template does not parse.
func New(cfg Config) (*Server, error) {
	t, err := pageTemplates()
	if err != nil {
		return nil, err
	}
	u, err := url.Parse(cfg.BaseURL)
	if err != nil {
		return nil, errors.New("web: invalid base URL " + cfg.BaseURL)
	}
	sm := scs.New()
	sm.Store = cfg.Sessions
	sm.IdleTimeout = IdleTimeout
	sm.Lifetime = Lifetime
	sm.Cookie.Name = "inteqra_session"
	sm.Cookie.HttpOnly = true
	sm.Cookie.SameSite = http.SameSiteLaxMode
	sm.Cookie.Secure = u.Scheme == "https"
	sm.ErrorFunc = func(w http.ResponseWriter, r *http.Request, err error) {
		slog.ErrorContext(r.Context(), "session", "err", err)
		http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
	}
	s := &Server{
		cfg: cfg, db: cfg.DB, catalog: cfg.Catalog, users: cfg.Users, orgs: cfg.Orgs, audit: cfg.Audit, people: cfg.People,
		imports: cfg.Imports, training: cfg.Training, cases: cfg.Cases, council: cfg.Council, strategy: cfg.Strategy, stats: cfg.Stats, notify: cfg.Notify, migrants: cfg.Migrants, mydata: cfg.MyData, session: sm, templates: t, secure: u.Scheme == "https",
	}
	s.metrics = newMetrics(cfg.Registry, cfg.DB)
	countAccountThrottles(cfg.Registry, cfg.Users)
	return s, nil
}

// base returns the BasePage for r with the page title key.
func (s *Server) base(r *http.Request, title string) BasePage {
	ctx := r.Context()
	p := access.From(ctx)
	b := BasePage{
		Printer:   s.catalog.Printer(langFrom(ctx)),
		Title:     title,
		Path:      r.URL.RequestURI(),
		Principal: p,
		RequestID: requestIDFrom(ctx),
	}
	if flash := s.session.PopString(ctx, "flash"); flash != "" {
		b.Flash = b.T(flash)
	}
	if s.notify != nil && p.SignedIn() {
		// The bell's count: a failure to read it costs the count, not the page.
		n, err := s.notify.Unread(ctx)
		if err != nil {
			slog.ErrorContext(ctx, "unread notifications", "err", err)
		}
		b.Unread, b.Bell = n, true
	}
	b.Nav = navFor(p, r.URL.Path)
	return b
}

// publicNav is the portal's navigation, for visitors and migrants.
var publicNav = []struct{ key, href string }{
	{"nav.programme", "/"}, {"nav.courses", "/courses"}, {"nav.integration", "/services"}, {"nav.council", "/council"},
	{"nav.strategy", "/strategy"}, {"nav.statistics", "/statistics"}, {"nav.application", "/applications"}, {"nav.verify", "/verify"},
}

func navFor(p access.Principal, current string) []NavItem {
	var items []NavItem
	link := func(key, href string) {
		on := current == href || href != "/" && strings.HasPrefix(current, href+"/")
		items = append(items, NavItem{Key: key, Href: href, Current: on})
	}
	add := func(perm access.Permission, key, href string) {
		if p.Can(perm) {
			link(key, href)
		}
	}
	if !p.Can(access.StaffArea) {
		for _, l := range publicNav {
			link(l.key, l.href)
		}
		if !p.SignedIn() {
			return items
		}
	}
	add(access.StaffArea, "nav.staff_home", "/staff")
	add(access.SelfService, "nav.my_area", "/me")
	add(access.ReadPeople, "nav.people", "/people")
	add(access.LinkAccounts, "nav.link_requests", "/link-requests")
	add(access.WorkCases, "nav.cases", "/cases")
	add(access.AnswerReferrals, "nav.referrals", "/referrals")
	add(access.ReadTraining, "nav.training", "/training")
	add(access.ReadDashboards, "nav.dashboards", "/dashboards")
	add(access.ManageUsers, "nav.users", "/admin/users")
	add(access.ManageUsers, "nav.service_accounts", "/admin/service-accounts")
	add(access.ManageOrganisations, "nav.organisations", "/admin/organisations")
	add(access.ManageRegions, "nav.regions", "/admin/regions")
	add(access.ManageServices, "nav.services", "/admin/services")
	add(access.ReadCouncil, "nav.council_manage", "/council/manage")
	add(access.ReadCouncil, "nav.council_meetings", "/council/manage/meetings")
	add(access.CouncilWork, "nav.council_members", "/council/members")
	add(access.CouncilFigures, "nav.council_figures", "/council/figures")
	add(access.ManageCouncilCatalogue, "nav.council_topics", "/admin/council-topics")
	add(access.ManageCouncilCatalogue, "nav.council_settings", "/admin/council-settings")
	add(access.ReadStrategy, "nav.action_plan", "/action-plan")
	if p.Role == access.FocalPoint {
		link("nav.my_measures", "/action-plan/mine")
	}
	add(access.ManageStatistics, "nav.statistics_settings", "/admin/statistics")
	add(access.ReadOutbox, "nav.outbox", "/admin/outbox")
	add(access.ManageWebhooks, "nav.webhooks", "/admin/webhooks")
	add(access.ReadAudit, "nav.audit", "/audit")
	items = append(items, NavItem{Key: "nav.account", Href: "/account", Current: current == "/account"})
	return longestCurrent(items)
}

// longestCurrent leaves current only the item whose link matches the most
// of the path, when one link lies under another (/council/manage/meetings
// under /council/manage).
func longestCurrent(items []NavItem) []NavItem {
	best := -1
	for i, it := range items {
		if it.Current && (best < 0 || len(it.Href) > len(items[best].Href)) {
			best = i
		}
	}
	for i := range items {
		items[i].Current = i == best
	}
	return items
}

// handler is a page handler that returns an error for the adapter to turn
// into a page: not signed in → sign-in page, forbidden → 403, not found → 404,
// a user-facing error → 400 with its message, anything else → 500.
type handler func(w http.ResponseWriter, r *http.Request) error

func (s *Server) handle(h handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		err := h(w, r)
		if err == nil {
			return
		}
		var ie *i18n.Error
		switch {
		case errors.Is(err, access.ErrUnauthenticated):
			http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		case errors.Is(err, access.ErrForbidden):
			slog.InfoContext(r.Context(), "forbidden", "path", r.URL.Path, "user", access.From(r.Context()).UserID)
			s.renderError(w, r, http.StatusForbidden, "error.forbidden")
		case errors.Is(err, db.ErrNotFound):
			s.renderError(w, r, http.StatusNotFound, "error.not_found")
		case errors.As(err, &ie):
			status := http.StatusBadRequest
			if errors.Is(err, db.ErrUnknownReference) {
				// A form's id that names nothing, caught by the database.
				slog.InfoContext(r.Context(), "unknown reference", "path", r.URL.Path, "err", err)
				status = http.StatusUnprocessableEntity
			}
			s.renderProblem(w, r, status, err)
		case errors.Is(err, context.Canceled):
			slog.InfoContext(r.Context(), "request canceled", "path", r.URL.Path)
		default:
			slog.ErrorContext(r.Context(), "request failed", "path", r.URL.Path, "err", err)
			s.renderError(w, r, http.StatusInternalServerError, "error.internal")
		}
	})
}

// redirect answers a successful POST: the browser loads the next page with
// GET, and a flash message (a catalogue key) shows there once.
func (s *Server) redirect(w http.ResponseWriter, r *http.Request, to, flashKey string) error {
	if flashKey != "" {
		s.session.Put(r.Context(), "flash", flashKey)
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

// userError reports whether err is bad input the form shows again (see
// BasePage.refuse), logging a reference the database caught.
func (s *Server) userError(r *http.Request, err error) bool {
	var ie *i18n.Error
	if !errors.As(err, &ie) {
		return false
	}
	if db.IsForeignKeyViolation(err) {
		slog.InfoContext(r.Context(), "unknown reference", "path", r.URL.Path, "err", err)
	}
	return true
}

// formNumber reads a whole number typed in a form: 0 when the field is
// empty, -1 when it is not a number, which the stores refuse as out of
// bounds with a message.
func formNumber(v string) int {
	if v == "" {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return -1
	}
	return n
}

// chosenID reads an id chosen in a form: 0 when the field is empty (nothing
// chosen), -1 when it is not a number, so the store refuses it as an unknown
// choice with a message rather than reading it as "none".
func chosenID(v string) int64 {
	if v == "" {
		return 0
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return -1
	}
	return id
}
