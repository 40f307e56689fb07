package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"inteqra/internal/audit"
	"inteqra/internal/i18n"
)

// AuditPage browses the audit log.
type AuditPage struct {
	BasePage
	Filter       audit.Filter
	FromText     string
	ToText       string
	Actions      []Choice // the actions in the log
	ObjectTypes  []Choice
	Events       []AuditLine
	OlderURL     string // next page, empty on the last
	Verification *audit.Verification
}

// Choice is an option of a select: the code sent, the name shown.
type Choice struct {
	Value, Label string
}

// AuditLine is an event as the auditor reads it: the codes the log keeps,
// named in the reader's language.
type AuditLine struct {
	audit.Event
	ActorName, Account, ActionName, Object, FieldNames string
}

const auditPageSize = 50

// auditFilter reads the filter form; dates are days in Baku time, To
// inclusive. A bad date is refused on its field, both at once.
func auditFilter(q url.Values) (audit.Filter, error) {
	f := audit.Filter{
		Actor: q.Get("actor"), Action: q.Get("action"),
		ObjectType: q.Get("object_type"), ObjectID: q.Get("object_id"), Limit: auditPageSize,
	}
	var errs []error
	var err error
	if v := q.Get("from"); v != "" {
		if f.From, err = i18n.ParseDay(v); err != nil {
			errs = append(errs, i18n.Errorf("audit.error.date_invalid", "Field", i18n.Key("audit.from")))
		}
	}
	if v := q.Get("to"); v != "" {
		if f.To, err = i18n.ParseDay(v); err != nil {
			errs = append(errs, i18n.Errorf("audit.error.date_invalid", "Field", i18n.Key("audit.to")))
		} else {
			f.To = f.To.Add(24 * time.Hour)
		}
	}
	f.Before, _ = strconv.ParseInt(q.Get("before"), 10, 64)
	return f, errors.Join(errs...)
}

// auditFields ties the filter's inputs to the labels its errors name.
var auditFields = Fields{"audit.from": "from", "audit.to": "to"}

func (s *Server) auditLog(w http.ResponseWriter, r *http.Request) error {
	return s.renderAudit(w, r, nil)
}

func (s *Server) renderAudit(w http.ResponseWriter, r *http.Request, v *audit.Verification) error {
	q := r.URL.Query()
	p := AuditPage{BasePage: s.base(r, "audit.title"), FromText: q.Get("from"), ToText: q.Get("to"), Verification: v}
	actions, err := s.audit.Actions(r.Context())
	if err != nil {
		return err
	}
	names := eventNames{p: p.Printer}
	p.Actions = choices(p.Printer, actions, names.action)
	p.ObjectTypes = choices(p.Printer, audit.ObjectTypes, names.objectType)
	f, ferr := auditFilter(q)
	p.Filter = f
	if s.userError(r, ferr) {
		p.refuse(ferr, auditFields)
		s.render(w, r, http.StatusUnprocessableEntity, "audit", p)
		return nil
	}
	events, err := s.audit.Events(r.Context(), f)
	if err != nil {
		return err
	}
	if names, err = s.eventNames(r.Context(), p.Printer, events); err != nil {
		return err
	}
	p.Events = make([]AuditLine, len(events))
	for i, e := range events {
		p.Events[i] = AuditLine{Event: e, ActorName: names.actor(e), Account: names.account(e),
			ActionName: names.action(e.Action), Object: names.object(e), FieldNames: names.fields(e)}
	}
	if len(events) == auditPageSize {
		q.Set("before", strconv.FormatInt(events[len(events)-1].Seq, 10))
		p.OlderURL = "/audit?" + q.Encode()
	}
	s.render(w, r, http.StatusOK, "audit", p)
	return nil
}

// choices pairs each code with its name and sorts them by name in the
// reader's language, so a select reads in alphabetical order and still sends
// the code.
func choices(p *i18n.Printer, codes []string, name func(string) string) []Choice {
	out := make([]Choice, len(codes))
	for i, c := range codes {
		out[i] = Choice{Value: c, Label: name(c)}
	}
	i18n.SortFuncIn(p.Lang(), out, func(c Choice) string { return c.Label })
	return out
}

func (s *Server) auditVerify(w http.ResponseWriter, r *http.Request) error {
	v, err := s.audit.Verify(r.Context())
	if err != nil {
		return err
	}
	return s.renderAudit(w, r, &v)
}
