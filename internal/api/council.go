package api

import (
	"errors"
	"net/http"
	"slices"
	"strconv"

	"inteqra/internal/council"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
)

// The Migrant Council's public pages as data: the published proposals
// with the Service's answers, and the meetings the public may read.
func (s *Server) councilRoutes() []route {
	return []route{
		{pattern: "GET " + Prefix + "/council/proposals", h: s.proposals},
		{pattern: "GET " + Prefix + "/council/proposals/{reference}", h: s.proposal},
		{pattern: "GET " + Prefix + "/council/meetings", h: s.meetings},
		{pattern: "GET " + Prefix + "/council/meetings/{id}", h: s.meeting},
	}
}

func textsFrom(t i18n.Texts) Texts { return Texts{AZ: t.Az, EN: t.En, RU: t.Ru} }

// Proposal is a published proposal to the Service, without its author.
type Proposal struct {
	Reference     string           `json:"reference"`
	Title         string           `json:"title"`
	Body          string           `json:"body"`
	Language      string           `json:"language"`
	TopicID       int64            `json:"topic_id"`
	Topic         Texts            `json:"topic"`
	State         string           `json:"state"`
	Unit          string           `json:"unit"`
	DueOn         string           `json:"due_on,omitempty"`
	Overdue       bool             `json:"overdue"`
	Outcome       string           `json:"outcome,omitempty"`
	Answer        Texts            `json:"answer"`
	Done          Texts            `json:"done"`
	SubmittedAt   *string          `json:"submitted_at"`
	AnsweredAt    *string          `json:"answered_at"`
	ImplementedAt *string          `json:"implemented_at"`
	MeetingID     int64            `json:"meeting_id,omitempty"`
	Measure       *ProposalMeasure `json:"measure,omitempty"`
}

// ProposalMeasure is the Action Plan's measure that carries a proposal out.
type ProposalMeasure struct {
	ID     int64  `json:"id"`
	Number string `json:"number"`
	Title  Texts  `json:"title"`
}

func proposalOf(p council.Proposal) Proposal {
	out := Proposal{Reference: p.Reference, Title: p.Title, Body: p.Body, Language: p.Language, TopicID: p.TopicID,
		Topic: textsFrom(p.Topic), State: string(p.State), Unit: p.UnitName, DueOn: day(p.DueOn), Overdue: p.Overdue,
		Outcome: string(p.Outcome), Answer: textsFrom(p.Answer), Done: textsFrom(p.Done), SubmittedAt: stamp(p.SubmittedAt),
		AnsweredAt: stamp(p.AnsweredAt), ImplementedAt: stamp(p.ImplementedAt)}
	if p.MeetingPublic {
		out.MeetingID = p.MeetingID
	}
	return out
}

// filterValue refuses a list's filter the list does not know.
func filterValue(field i18n.Key) error {
	return i18n.Errorf("api.error.filter_value", "Field", field)
}

var proposalFilterFields = map[i18n.Key]string{"api.field.topic": "topic", "api.field.state": "state", "api.field.year": "year"}

// proposalFilter reads the filter of the public list: the page's, with
// values it does not know refused instead of ignored.
func proposalFilter(r *http.Request) (council.Filter, error) {
	q := r.URL.Query()
	var f council.Filter
	var err error
	if v := q.Get("topic"); v != "" {
		if f.TopicID, err = strconv.ParseInt(v, 10, 64); err != nil || f.TopicID < 1 {
			return f, filterValue("api.field.topic")
		}
	}
	if v := q.Get("state"); v != "" {
		if f.State = council.ProposalState(v); !slices.Contains(council.ProposalStates, f.State) {
			return f, filterValue("api.field.state")
		}
	}
	if v := q.Get("year"); v != "" {
		if f.Year, err = strconv.Atoi(v); err != nil || f.Year < 2000 || f.Year > 9999 {
			return f, filterValue("api.field.year")
		}
	}
	return f, nil
}

// proposals lists the published proposals, newest first, as the public
// list does; it is short enough to be one page.
func (s *Server) proposals(w http.ResponseWriter, r *http.Request) error {
	f, err := proposalFilter(r)
	if err != nil {
		return withFields(err, proposalFilterFields)
	}
	list, err := s.cfg.Council.Published(r.Context(), f)
	if err != nil {
		return err
	}
	out := List[Proposal]{Data: []Proposal{}}
	for _, p := range list {
		out.Data = append(out.Data, proposalOf(p))
	}
	return s.reply(w, r, http.StatusOK, out)
}

func (s *Server) proposal(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p, err := s.cfg.Council.PublishedProposal(ctx, r.PathValue("reference"))
	if err != nil {
		return err
	}
	out := proposalOf(p)
	if p.MeasureID != 0 {
		m, err := s.cfg.Strategy.PublicMeasure(ctx, p.MeasureID)
		switch {
		case err == nil:
			out.Measure = &ProposalMeasure{ID: m.ID, Number: m.Number, Title: textsFrom(m.Title)}
		case !errors.Is(err, db.ErrNotFound): // a plan no longer published names no measure
			return err
		}
	}
	return s.reply(w, r, http.StatusOK, out)
}

// Meeting is a meeting of the Council as the public reads it: a planned
// one still to come with its agenda, or one whose minutes are published,
// with how many came, its decisions and its minutes. Names of those who
// attended stay in the back office.
type Meeting struct {
	ID          int64      `json:"id"`
	State       string     `json:"state"`
	StartsAt    *string    `json:"starts_at"`
	Venue       string     `json:"venue"`
	OnlineURL   string     `json:"online_url,omitempty"`
	PublishedAt *string    `json:"published_at"`
	Agenda      []Agenda   `json:"agenda,omitempty"`
	Present     *int       `json:"present,omitempty"`
	Invited     *int       `json:"invited,omitempty"`
	Decisions   []Decision `json:"decisions,omitempty"`
	Minutes     *Texts     `json:"minutes,omitempty"`
}

// Agenda is an item of a meeting's agenda with the published proposals
// it takes up.
type Agenda struct {
	Title     Texts    `json:"title"`
	Presenter string   `json:"presenter"`
	Proposals []string `json:"proposals"`
}

// Decision is what the Council decided on an item, with its vote.
type Decision struct {
	Kind      string `json:"kind"`
	Text      Texts  `json:"text"`
	For       int    `json:"for"`
	Against   int    `json:"against"`
	Abstained int    `json:"abstained"`
	Present   int    `json:"present"`
	Outcome   string `json:"outcome"`
	Elected   string `json:"elected,omitempty"`
}

func meetingOf(m council.Meeting) Meeting {
	out := Meeting{ID: m.ID, State: string(m.State), StartsAt: stamp(m.StartsAt), Venue: m.Venue, PublishedAt: stamp(m.PublishedAt)}
	if m.State == council.Planned {
		out.OnlineURL = m.OnlineURL
	}
	return out
}

// meetings lists the meetings still to come, soonest first, then those
// whose minutes are published, latest first; one page.
func (s *Server) meetings(w http.ResponseWriter, r *http.Request) error {
	upcoming, past, err := s.cfg.Council.PublicMeetings(r.Context())
	if err != nil {
		return err
	}
	out := List[Meeting]{Data: []Meeting{}}
	for _, m := range append(upcoming, past...) {
		out.Data = append(out.Data, meetingOf(m))
	}
	return s.reply(w, r, http.StatusOK, out)
}

func (s *Server) meeting(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	m, err := s.cfg.Council.PublicMeeting(r.Context(), id)
	if err != nil {
		return err
	}
	out := meetingOf(m)
	out.Agenda = []Agenda{}
	for _, it := range m.Items {
		a := Agenda{Title: textsFrom(it.Title), Presenter: it.Presenter, Proposals: []string{}}
		for _, p := range it.Proposals {
			a.Proposals = append(a.Proposals, p.Reference)
		}
		out.Agenda = append(out.Agenda, a)
	}
	if m.Published() {
		present, invited := m.PresentCount(), len(m.Invited)
		out.Present, out.Invited = &present, &invited
		// Untranslated minutes are not given in the language they lack.
		minutes := Texts{AZ: m.Minutes.Az}
		if m.EnTranslated {
			minutes.EN = m.Minutes.En
		}
		if m.RuTranslated {
			minutes.RU = m.Minutes.Ru
		}
		out.Minutes = &minutes
		out.Decisions = []Decision{}
		for _, d := range m.Decisions {
			out.Decisions = append(out.Decisions, Decision{Kind: string(d.Kind), Text: textsFrom(d.Text), For: d.For,
				Against: d.Against, Abstained: d.Abstained, Present: d.Present, Outcome: d.Outcome, Elected: d.Elected})
		}
	}
	return s.reply(w, r, http.StatusOK, out)
}
