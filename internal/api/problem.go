package api

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"

	"inteqra/internal/access"
	"inteqra/internal/audit"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
)

// Problem is an error answer (RFC 9457, application/problem+json). Title
// and Detail are in the language Accept-Language asks for; Type names the
// kind of problem, and Errors lists each refused field.
type Problem struct {
	Type      string         `json:"type"`
	Title     string         `json:"title"`
	Status    int            `json:"status"`
	Detail    string         `json:"detail,omitempty"`
	Instance  string         `json:"instance,omitempty"`
	RequestID string         `json:"request_id,omitempty"`
	Errors    []FieldProblem `json:"errors,omitempty"`
	// Candidates are the ids of the records a new person may duplicate.
	Candidates []int64 `json:"candidates,omitempty"`
}

// FieldProblem is one refused part of a request: Field is the name of the
// JSON field or query parameter, when the problem is about one.
type FieldProblem struct {
	Field  string `json:"field,omitempty"`
	Detail string `json:"detail"`
}

// ProblemKind is a kind of problem: the end of its type's address, which
// points at its entry on /api/docs, and the status it comes with.
type ProblemKind struct {
	Kind   string
	Status int
}

// ProblemKinds lists every kind of problem the API answers with, in the
// order of their statuses; the catalogues title each one
// (api.problem.title.<kind>) and describe it (api.docs.problem.<kind>).
var ProblemKinds = []ProblemKind{
	{"malformed-request", http.StatusBadRequest},
	{"unauthenticated", http.StatusUnauthorized},
	{"invalid-token", http.StatusUnauthorized},
	{"forbidden", http.StatusForbidden},
	{"insufficient-scope", http.StatusForbidden},
	{"not-found", http.StatusNotFound},
	{"idempotency-key-in-progress", http.StatusConflict},
	{"precondition-failed", http.StatusPreconditionFailed},
	{"request-too-large", http.StatusRequestEntityTooLarge},
	{"unsupported-media-type", http.StatusUnsupportedMediaType},
	{"validation", http.StatusUnprocessableEntity},
	{"idempotency-key-reused", http.StatusUnprocessableEntity},
	{"precondition-required", http.StatusPreconditionRequired},
	{"rate-limited", http.StatusTooManyRequests},
	{"internal", http.StatusInternalServerError},
}

// statusError is a problem of the API itself (not of a feature's rules):
// its status, its kind (the end of the type's address) and the catalogue
// key of its title. detail, when set, is the catalogue key of its detail.
type statusError struct {
	status int
	kind   string
	detail string
	args   []any
}

func (e *statusError) Error() string { return e.kind }

var (
	errNoRoute         = &statusError{status: http.StatusNotFound, kind: "not-found", detail: "api.problem.no_route"}
	errBadToken        = &statusError{status: http.StatusUnauthorized, kind: "invalid-token", detail: "api.problem.invalid_token"}
	errScope           = &statusError{status: http.StatusForbidden, kind: "insufficient-scope", detail: "api.problem.insufficient_scope"}
	errPrecondition    = &statusError{status: http.StatusPreconditionFailed, kind: "precondition-failed", detail: "api.problem.stale"}
	errNeedIfMatch     = &statusError{status: http.StatusPreconditionRequired, kind: "precondition-required", detail: "api.problem.if_match"}
	errBadJSON         = &statusError{status: http.StatusBadRequest, kind: "malformed-request", detail: "api.problem.bad_json"}
	errKeyReused       = &statusError{status: http.StatusUnprocessableEntity, kind: "idempotency-key-reused", detail: "api.problem.key_reused"}
	errKeyInProgress   = &statusError{status: http.StatusConflict, kind: "idempotency-key-in-progress", detail: "api.problem.key_in_progress"}
	errKeyInvalid      = &statusError{status: http.StatusBadRequest, kind: "malformed-request", detail: "api.problem.key_invalid"}
	errCursor          = &statusError{status: http.StatusBadRequest, kind: "malformed-request", detail: "api.problem.cursor"}
	errUnsupportedType = &statusError{status: http.StatusUnsupportedMediaType, kind: "unsupported-media-type", detail: "api.problem.media_type"}
)

// fieldsError carries a feature's refusal with the JSON names of the
// fields its messages name (by their labels' catalogue keys).
type fieldsError struct {
	err    error
	fields map[i18n.Key]string
}

func (e *fieldsError) Error() string { return e.err.Error() }
func (e *fieldsError) Unwrap() error { return e.err }

// withFields names, for the problem, the JSON fields of err's messages.
func withFields(err error, fields map[i18n.Key]string) error {
	if err == nil {
		return nil
	}
	return &fieldsError{err: err, fields: fields}
}

// problem answers err as a problem in the request's language. Internal
// details go to the log, never to the client.
func (s *Server) problem(w http.ResponseWriter, r *http.Request, err error) {
	ctx := r.Context()
	pr := s.catalog.Printer(langFrom(ctx))
	p := Problem{Instance: r.URL.Path, RequestID: audit.ClientFrom(ctx).RequestID}
	var se *statusError
	var ie *i18n.Error
	var tooLarge *http.MaxBytesError
	var dup *duplicatesError
	switch {
	case errors.As(err, &dup):
		p.Status, p.Type, p.Candidates = http.StatusConflict, "possible-duplicate", dup.ids
		p.Detail = pr.T("api.problem.possible_duplicate")
		p.Errors = []FieldProblem{{Field: "duplicate_reason", Detail: pr.T("people.error.possible_duplicate")}}
	case errors.As(err, &se):
		p.Status, p.Type = se.status, se.kind
		p.Detail = pr.T(se.detail, se.args...)
		if se == errBadToken {
			w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
		}
	case errors.As(err, &tooLarge):
		p.Status, p.Type = http.StatusRequestEntityTooLarge, "request-too-large"
		p.Detail = pr.T("error.request_too_large", "KB", tooLarge.Limit>>10)
	case errors.Is(err, access.ErrUnauthenticated):
		p.Status, p.Type = http.StatusUnauthorized, "unauthenticated"
		p.Detail = pr.T("api.problem.unauthenticated")
		w.Header().Set("WWW-Authenticate", `Bearer realm="inteqra"`)
	case errors.Is(err, access.ErrForbidden):
		p.Status, p.Type = http.StatusForbidden, "forbidden"
		p.Detail = pr.T("error.forbidden")
	case errors.Is(err, db.ErrNotFound):
		p.Status, p.Type = http.StatusNotFound, "not-found"
		p.Detail = pr.T("error.not_found")
	case errors.As(err, &ie):
		p.Status, p.Type = http.StatusUnprocessableEntity, "validation"
		var fe *fieldsError
		errors.As(err, &fe)
		for _, e := range i18n.Problems(err) {
			fp := FieldProblem{Detail: pr.Message(e)}
			if fe != nil {
				fp.Field = fe.fields[e.Field()]
			}
			p.Errors = append(p.Errors, fp)
		}
		p.Detail = pr.T("api.problem.validation")
	case errors.Is(err, context.Canceled):
		slog.InfoContext(ctx, "api request canceled", "path", r.URL.Path)
		return
	default:
		slog.ErrorContext(ctx, "api request failed", "path", r.URL.Path, "err", err)
		p.Status, p.Type = http.StatusInternalServerError, "internal"
		p.Detail = pr.T("api.problem.internal")
	}
	p.Title = pr.T("api.problem.title." + p.Type)
	p.Type = s.cfg.BaseURL + "/api/docs#problem-" + p.Type
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Content-Language", string(langFrom(ctx)))
	w.WriteHeader(p.Status)
	_ = json.NewEncoder(w).Encode(p)
}
