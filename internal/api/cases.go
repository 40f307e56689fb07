package api

import (
	"net/http"
	"strconv"

	"inteqra/internal/access"
	"inteqra/internal/auth"
	"inteqra/internal/cases"
)

// The cases of the token's user: their own and their team's, as the cases
// list shows them, with their timelines.
func (s *Server) caseRoutes() []route {
	return []route{
		{pattern: "GET " + Prefix + "/cases", scope: auth.Read("cases"), h: s.cases},
		{pattern: "GET " + Prefix + "/cases/{id}", scope: auth.Read("cases"), h: s.caseOne},
		{pattern: "GET " + Prefix + "/cases/{id}/timeline", scope: auth.Read("cases"), h: s.timeline},
	}
}

// Case is an integration case.
type Case struct {
	ID               int64   `json:"id"`
	PersonID         int64   `json:"person_id"`
	PersonName       string  `json:"person_name"`
	ConsultantID     int64   `json:"consultant_id"`
	OrganisationID   int64   `json:"organisation_id,omitempty"`
	Source           string  `json:"source"`
	StatedNeeds      string  `json:"stated_needs"`
	Language         string  `json:"language"`
	Interpreter      bool    `json:"interpreter"`
	State            string  `json:"state"`
	Outcome          string  `json:"outcome"`
	ClosureRequested string  `json:"closure_requested"`
	OpenedAt         *string `json:"opened_at"`
	ClosedAt         *string `json:"closed_at"`
	UpdatedAt        *string `json:"updated_at"`
}

func caseOf(c cases.Case) Case {
	return Case{ID: c.ID, PersonID: c.PersonID, PersonName: c.PersonName, ConsultantID: c.ConsultantID, OrganisationID: c.OrganisationID,
		Source: c.Source, StatedNeeds: c.StatedNeeds, Language: c.Language, Interpreter: c.Interpreter, State: string(c.State),
		Outcome: c.Outcome, ClosureRequested: c.ClosureRequested, OpenedAt: stamp(c.OpenedAt), ClosedAt: stamp(c.ClosedAt),
		UpdatedAt: stamp(c.UpdatedAt)}
}

// cases lists, by id, the open cases the user may see: their own and
// their team's; mine=true keeps their own, closed=true adds the closed
// ones. The cursor is the last id seen.
func (s *Server) cases(w http.ResponseWriter, r *http.Request) error {
	limit, after, err := idPage(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := cases.Filter{Open: q.Get("closed") != "true"}
	if q.Get("mine") == "true" {
		f.Consultant = access.From(r.Context()).UserID
	}
	list, err := s.cfg.Cases.CasesAfter(r.Context(), f, after, limit+1)
	if err != nil {
		return err
	}
	out := List[Case]{Data: []Case{}}
	for i, c := range list {
		if i == limit {
			out.Next = s.nextLink(w, r, strconv.FormatInt(list[i-1].ID, 10))
			break
		}
		out.Data = append(out.Data, caseOf(c))
	}
	return s.reply(w, r, http.StatusOK, out)
}

// caseOne reads a case; the read is audited as a view, as on the page.
func (s *Server) caseOne(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	c, err := s.cfg.Cases.Case(r.Context(), id)
	if err != nil {
		return err
	}
	return s.reply(w, r, http.StatusOK, caseOf(c))
}

// Event is a line of a case's timeline: kind names what happened; a
// note's event carries no text.
type Event struct {
	At      *string `json:"at"`
	ActorID int64   `json:"actor_id,omitempty"`
	Kind    string  `json:"kind"`
	Detail  string  `json:"detail"`
	RefID   int64   `json:"ref_id,omitempty"`
}

// timeline gives everything that happened to a case, oldest first, in
// one page.
func (s *Server) timeline(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	list, err := s.cfg.Cases.Timeline(r.Context(), id)
	if err != nil {
		return err
	}
	out := List[Event]{Data: []Event{}}
	for _, e := range list {
		out.Data = append(out.Data, Event{At: stamp(e.At), ActorID: e.ActorID, Kind: e.Kind, Detail: e.Detail, RefID: e.RefID})
	}
	return s.reply(w, r, http.StatusOK, out)
}
