package web

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/audit"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/request"
)

type ctxKey int

const (
	requestIDKey ctxKey = iota
	langKey
)

func requestIDFrom(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)
	return id
}

func langFrom(ctx context.Context) i18n.Lang {
	if l, ok := ctx.Value(langKey).(i18n.Lang); ok {
		return l
	}
	return i18n.AZ
}

// maxBodyBytes bounds every request body; forms are small. The routes that
// take files have their own cap in largeBodies.
const maxBodyBytes = 1 << 20

// largeBodies caps the bodies of the routes that take files, by method and
// path; a case's attachment upload, a Council member's photo and an Action
// Plan's file, whose paths hold an id, are matched by attachmentUploadPath,
// photoUploadPath and planUploadPath.
var largeBodies = map[string]int64{
	"POST /people/import": importUploadBytes,
}

func bodyLimit(r *http.Request) int64 {
	if n, ok := largeBodies[r.Method+" "+r.URL.Path]; ok {
		return n
	}
	if r.Method == http.MethodPost && attachmentUploadPath.MatchString(r.URL.Path) {
		return attachmentUploadBytes
	}
	if r.Method == http.MethodPost && planUploadPath.MatchString(r.URL.Path) {
		return planUploadBytes
	}
	if r.Method == http.MethodPost && photoUploadPath.MatchString(r.URL.Path) {
		return photoUploadBytes
	}
	return maxBodyBytes
}

// withRequestID gives each request an id for logs, the audit log and the error page.
func withRequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := request.NewID()
		w.Header().Set("X-Request-Id", id)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), requestIDKey, id)))
	})
}

func withLogging(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &request.Recorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		slog.InfoContext(r.Context(), "request", "method", r.Method, "path", r.URL.Path, "status", rec.Status,
			"duration_ms", time.Since(start).Milliseconds())
	})
}

// contentSecurityPolicy allows only this site's own scripts and styles: no
// inline script, no inline style. data: images carry the TOTP QR code.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'"

func (s *Server) withSecurityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		// Pages and exports may show personal data: no browser or proxy
		// keeps a copy. Only the static files override this.
		h.Set("Cache-Control", "no-store")
		if s.secure {
			h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
		}
		if r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, bodyLimit(r))
		}
		next.ServeHTTP(w, r)
	})
}

// withForm parses every form once, before any handler reads it, so one place
// answers a body over the cap (413, saying the request is too large) and a
// form that cannot be read (400), in the user's language. Without it a
// handler's PostFormValue would swallow the error and the form would come
// back with "Enter the surname". The routes that take files parse their own
// multipart forms, with their own caps and messages.
func (s *Server) withForm(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
		default:
			next.ServeHTTP(w, r)
			return
		}
		if limit := bodyLimit(r); limit == maxBodyBytes {
			err := parseForm(r, limit)
			if tooLarge := (*http.MaxBytesError)(nil); errors.As(err, &tooLarge) {
				s.renderProblem(w, r, http.StatusRequestEntityTooLarge, i18n.Errorf("error.request_too_large", "KB", tooLarge.Limit>>10))
				return
			}
			if err != nil {
				slog.InfoContext(r.Context(), "unreadable form", "path", r.URL.Path, "err", err)
				s.renderProblem(w, r, http.StatusBadRequest, i18n.Errorf("error.bad_request"))
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// parseForm reads a URL-encoded or multipart form into r.PostForm.
func parseForm(r *http.Request, limit int64) error {
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		return r.ParseMultipartForm(limit)
	}
	return r.ParseForm()
}

// withPrincipal loads the signed-in user from the session, chooses the
// language and puts both, with the client's address, into the context.
func (s *Server) withPrincipal(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		lang := s.requestLang(r)
		// A language asked for in the address (?lang=ru) wins over the
		// profile at once and becomes the profile's or the cookie's choice,
		// as the switcher's does.
		chosen, explicit := i18n.Parse(r.URL.Query().Get("lang"))
		if explicit {
			lang = chosen
		}
		var mustEnrol, mustChange bool
		if id := s.session.GetInt64(ctx, "user_id"); id != 0 {
			u, err := s.users.UserByID(ctx, id)
			switch {
			case errors.Is(err, db.ErrNotFound) || (err == nil && !u.Active) ||
				(err == nil && s.session.GetInt64(ctx, sessionEpochKey) != u.SessionEpoch):
				_ = s.session.Destroy(ctx)
			case err != nil:
				slog.ErrorContext(ctx, "load user", "err", err)
				http.Error(w, http.StatusText(http.StatusServiceUnavailable), http.StatusServiceUnavailable)
				return
			default:
				ctx = access.With(ctx, u.Principal())
				lang = u.Language
				if explicit && chosen != u.Language {
					if err := s.users.SetLanguage(ctx, chosen); err != nil {
						slog.ErrorContext(ctx, "set language", "err", err)
					}
					lang = chosen
				}
				mustEnrol, mustChange = u.NeedsMFAEnrolment(), u.MustChangePassword
			}
		}
		if explicit && !access.From(ctx).SignedIn() {
			s.setLangCookie(w, chosen)
		}
		ctx = context.WithValue(ctx, langKey, lang)
		ctx = audit.WithClient(ctx, audit.Client{Addr: request.ClientAddr(r), RequestID: requestIDFrom(ctx)})
		r = r.WithContext(ctx)
		// Until an admin or supervisor has a second factor, and until a reset
		// password is changed, the account can do nothing else.
		if gate := s.gate(mustEnrol, mustChange); gate != "" && !allowedWhileGated(r.URL.Path) {
			http.Redirect(w, r, gate, http.StatusSeeOther)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) gate(mustEnrol, mustChange bool) string {
	switch {
	case mustChange:
		return "/account/password"
	case mustEnrol:
		return "/account/mfa"
	}
	return ""
}

func allowedWhileGated(path string) bool {
	return path == "/account/password" || path == "/account/mfa" || path == "/logout" || path == "/lang" ||
		strings.HasPrefix(path, "/static/") || path == "/healthz" || path == "/readyz"
}

// requestLang picks the language of an anonymous visitor: the cookie set by
// the switcher, else the browser's Accept-Language, else Azerbaijani.
func (s *Server) requestLang(r *http.Request) i18n.Lang {
	if c, err := r.Cookie("lang"); err == nil {
		if l, ok := i18n.Parse(c.Value); ok {
			return l
		}
	}
	return i18n.Match(r.Header.Get("Accept-Language"))
}

// withRecover turns a panic into the 500 page in the user's language, with
// the request id the user can quote.
func (s *Server) withRecover(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			p := recover()
			if p == nil {
				return
			}
			if p == http.ErrAbortHandler {
				panic(p)
			}
			slog.ErrorContext(r.Context(), "panic", "err", fmt.Sprint(p), "stack", string(debug.Stack()))
			s.renderError(w, r, http.StatusInternalServerError, "error.internal")
		}()
		next.ServeHTTP(w, r)
	})
}
