package web

import (
	"net/http"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/i18n"
)

// home shows the integration programme to the public.
func (s *Server) home(w http.ResponseWriter, r *http.Request) error {
	s.render(w, r, http.StatusOK, "home", struct{ BasePage }{s.base(r, "home.title")})
	return nil
}

// setLanguage remembers the chosen language in a cookie and, for a signed-in
// user, in the profile, then returns to the page the switcher was on.
func (s *Server) setLanguage(w http.ResponseWriter, r *http.Request) error {
	lang, ok := i18n.Parse(r.PostFormValue("lang"))
	if !ok {
		lang = i18n.AZ
	}
	s.setLangCookie(w, lang)
	if p := access.From(r.Context()); p.SignedIn() {
		if err := s.users.SetLanguage(r.Context(), lang); err != nil {
			return err
		}
	}
	http.Redirect(w, r, localPath(r.PostFormValue("next"), "/"), http.StatusSeeOther)
	return nil
}

// setLangCookie remembers an anonymous visitor's language for a year.
func (s *Server) setLangCookie(w http.ResponseWriter, lang i18n.Lang) {
	http.SetCookie(w, &http.Cookie{
		Name: "lang", Value: string(lang), Path: "/", MaxAge: int((365 * 24 * time.Hour).Seconds()),
		HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode,
	})
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte("ok\n"))
}

// readyz answers 200 only when the database answers and its schema is current.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if err := s.db.Ping(r.Context()); err != nil {
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte("database unreachable\n"))
		return
	}
	if ok, err := s.db.SchemaCurrent(r.Context()); err != nil || !ok {
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte("schema not current\n"))
		return
	}
	_, _ = w.Write([]byte("ready\n"))
}
