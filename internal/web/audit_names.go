package web

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"inteqra/internal/audit"
	"inteqra/internal/i18n"
)

// eventNames puts audit events in the reader's words. The log keeps user ids
// and codes (audit/names.go lists them), and no code belongs on a page: the
// auditor's log and a record's history both name events through this.
type eventNames struct {
	p     *i18n.Printer
	users map[int64]string // the names of the users who acted, by id
}

// eventNames loads the names of the users who acted in events.
func (s *Server) eventNames(ctx context.Context, p *i18n.Printer, events []audit.Event) (eventNames, error) {
	ids := make([]int64, 0, len(events))
	for _, e := range events {
		ids = append(ids, e.ActorID)
	}
	users, err := s.users.Names(ctx, ids)
	return eventNames{p: p, users: users}, err
}

// actor names who acted: a user by their name, the system and a visitor as
// such, and anyone else as the log keeps them (the e-mail address typed at a
// failed sign-in).
func (n eventNames) actor(e audit.Event) string {
	if name, ok := n.users[e.ActorID]; ok {
		return name
	}
	switch {
	case e.ActorID == 0 && e.Actor == "anonymous":
		return n.p.T("history.actor.visitor")
	case e.ActorID == 0:
		return n.p.T("history.actor.system")
	}
	return e.Actor
}

// account returns the e-mail address the log keeps for a user who acted,
// which the auditor's filter matches, or "" when actor shows no user's name.
func (n eventNames) account(e audit.Event) string {
	if _, ok := n.users[e.ActorID]; ok {
		return e.Actor
	}
	return ""
}

func (n eventNames) action(code string) string { return n.p.T("audit.action." + code) }

func (n eventNames) objectType(code string) string { return n.p.T("audit.object." + code) }

// object names what the event is about: its type and its id, or the object
// itself when the id is a code (audit.NamedObjects).
func (n eventNames) object(e audit.Event) string {
	if slices.Contains(audit.NamedObjects[e.ObjectType], e.ObjectID) {
		return n.p.T("audit.object." + e.ObjectType + "." + e.ObjectID)
	}
	return strings.TrimSpace(n.objectType(e.ObjectType) + " " + e.ObjectID)
}

// fields names the fields an event touched, joined for a sentence. A field
// kept as name=value is a count when the value is a number (name: count)
// and a code otherwise (audit.field.name.value).
func (n eventNames) fields(e audit.Event) string {
	out := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		name, value, ok := strings.Cut(f, "=")
		switch count, err := strconv.ParseInt(value, 10, 64); {
		case !ok:
			out[i] = n.p.T("audit.field." + f)
		case err == nil:
			out[i] = n.p.T("audit.field."+name) + ": " + n.p.Int(count)
		default:
			out[i] = n.p.T("audit.field." + name + "." + value)
		}
	}
	return strings.Join(out, ", ")
}
