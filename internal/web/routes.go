package web

import (
	"io/fs"
	"net/http"

	"inteqra/internal/web/static"
)

// Handler returns the whole site with its middleware.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	h := func(pattern string, fn handler) { mux.Handle(pattern, s.handle(fn)) }

	// Operations
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /readyz", s.readyz)
	sub, _ := fs.Sub(static.FS, ".")
	mux.Handle("GET /static/", http.StripPrefix("/static/", staticFiles(sub)))

	// Public portal
	h("GET /{$}", s.home)
	h("POST /lang", s.setLanguage)
	s.trainingPublicRoutes(h)
	s.councilPublicRoutes(h)
	s.portalRoutes(h)
	h("GET /api/docs", s.apiDocs)

	// Signing in and out
	h("GET /login", s.loginForm)
	h("POST /login", s.login)
	h("GET /login/mfa", s.loginMFAForm)
	h("POST /login/mfa", s.loginMFA)
	h("POST /logout", s.logout)

	// Own account
	h("GET /account", s.account)
	h("GET /account/password", s.passwordForm)
	h("POST /account/password", s.changePassword)
	h("GET /account/mfa", s.mfaForm)
	h("POST /account/mfa", s.mfaConfirm)
	s.tokenRoutes(h)
	s.accountRoutes(h)

	// Staff and self-service homes
	h("GET /staff", s.staffHome)
	h("GET /me", s.selfHome)
	s.selfDataRoutes(h)
	h("GET /me/certificates/{id}/pdf", s.certificatePDF)
	s.linkingRoutes(h)
	s.selfPlanRoutes(h)
	s.selfProposalRoutes(h)
	s.selfCouncilRoutes(h)

	// Administration
	h("GET /admin/users", s.userList)
	h("GET /admin/users/new", s.userNew)
	h("POST /admin/users", s.userCreate)
	h("GET /admin/users/{id}", s.userEdit)
	h("POST /admin/users/{id}", s.userUpdate)
	h("POST /admin/users/{id}/reset", s.userReset)
	s.serviceAccountRoutes(h)
	h("GET /admin/organisations", s.orgList)
	h("GET /admin/organisations/new", s.orgNew)
	h("POST /admin/organisations", s.orgCreate)
	h("GET /admin/organisations/{id}", s.orgEdit)
	h("POST /admin/organisations/{id}", s.orgUpdate)

	// Person registry
	h("GET /people", s.peopleSearch)
	h("GET /people/new", s.personNew)
	s.importRoutes(h)
	h("GET /people/duplicates", s.duplicates)
	h("POST /people/duplicates/scan", s.duplicatesScan)
	h("POST /people/duplicates/dismiss", s.duplicatesDismiss)
	h("GET /people/merge", s.mergeForm)
	h("POST /people/merge", s.merge)
	h("POST /people", s.personCreate)
	h("GET /people/{id}", s.personShow)
	h("POST /people/{id}/statuses", s.personAddStatus)
	h("POST /people/{id}/consents", s.personGiveConsent)
	h("POST /people/{id}/consents/{cid}/withdraw", s.personWithdrawConsent)
	h("POST /people/{id}/family", s.personAddRelative)
	h("GET /people/{id}/edit", s.personEdit)
	h("POST /people/{id}/edit", s.personUpdate)
	h("POST /people/{id}/erase", s.personErase)

	h("GET /admin/regions", s.regionList)
	h("GET /admin/regions/new", s.regionNew)
	h("POST /admin/regions", s.regionSave)
	h("GET /admin/regions/{id}", s.regionEdit)
	h("POST /admin/regions/{id}", s.regionSave)

	// Integration services: cases, referrals, the partner agencies' inbox
	s.caseRoutes(h)
	s.attachmentRoutes(h)

	// Training-Education Centre (back office)
	s.trainingRoutes(h)

	// The Migrant Council (back office)
	s.councilRoutes(h)
	s.councilMemberRoutes(h)
	s.councilTopicRoutes(h)
	s.meetingRoutes(h)
	s.statisticsRoutes(h)
	s.dashboardRoutes(h)

	// The integration Strategy and its Action Plan (back office)
	s.strategyRoutes(h)

	// Notifications and the outbox; the partners' webhooks
	s.notifyRoutes(h)
	h("GET /admin/webhooks", s.webhookList)

	// Audit
	h("GET /audit", s.auditLog)
	h("POST /audit/verify", s.auditVerify)

	h("/", func(w http.ResponseWriter, r *http.Request) error {
		s.renderError(w, r, http.StatusNotFound, "error.not_found")
		return nil
	})

	var handler http.Handler = s.metrics.instrument(mux)
	handler = s.withForm(handler)
	handler = s.withRecover(handler)
	handler = s.withPrincipal(handler)
	handler = s.session.LoadAndSave(handler)
	handler = http.NewCrossOriginProtection().Handler(handler)
	handler = s.withSecurityHeaders(handler)
	handler = withLogging(handler)
	return withRequestID(handler)
}

// staticFiles serves the embedded assets with a long cache lifetime for the
// vendored ones, whose names change with their versions.
func staticFiles(fsys fs.FS) http.Handler {
	files := http.FileServerFS(fsys)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		files.ServeHTTP(w, r)
	})
}
