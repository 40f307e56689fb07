package web

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"inteqra/internal/council"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/people"
	"inteqra/internal/strategy"
)

// councilPublicRoutes are the Migrant Council's pages for the public: the
// published proposals, the form to send one and the lookup where an author
// follows theirs up. None needs signing in.
func (s *Server) councilPublicRoutes(h func(string, handler)) {
	h("GET /council/proposals", s.proposalList)
	h("GET /council/proposals/{ref}", s.proposalPage)
	h("GET /council/propose", s.proposeForm)
	h("POST /council/propose", s.propose)
	h("GET /council/proposed", s.proposed)
	h("GET /council/proposals/status", s.proposalStatusForm)
	h("POST /council/proposals/status", s.proposalStatus)
	h("POST /council/proposals/status/withdraw", s.proposalWithdrawByAuthor)
}

// ProposalFilter is a list's filter as the reader chose it, with the
// choices the filter form offers.
type ProposalFilter struct {
	council.Filter
	Topics []council.Topic
	Years  []int
	Action string // the list the form filters
	Manage bool   // the secretariat's list, which may show only overdue answers
}

// States are the states a list may be filtered by.
func (ProposalFilter) States() []council.ProposalState { return council.ProposalStates }

// proposalFilter reads the filter of a list from the query.
func (s *Server) proposalFilter(r *http.Request) (ProposalFilter, error) {
	q := r.URL.Query()
	f := ProposalFilter{Filter: council.Filter{TopicID: chosenID(q.Get("topic")), Overdue: q.Get("overdue") == "1"}}
	if q.Get("topic") == "" {
		f.TopicID = 0
	}
	if st := council.ProposalState(q.Get("state")); slices.Contains(council.ProposalStates, st) {
		f.State = st
	}
	f.Year, _ = strconv.Atoi(q.Get("year"))
	var err error
	f.Topics, err = s.council.Topics(r.Context(), true)
	for y := i18n.DayOf(time.Now()).Year(); y >= 2022; y-- { // the Council was set up in 2022
		f.Years = append(f.Years, y)
	}
	return f, err
}

// ProposalsPage is the public list of proposals, with counts.
type ProposalsPage struct {
	BasePage
	Filter    ProposalFilter
	Proposals []council.Proposal
	Figures   council.Figures
}

func (s *Server) proposalList(w http.ResponseWriter, r *http.Request) error {
	f, err := s.proposalFilter(r)
	if err != nil {
		return err
	}
	f.Overdue, f.Action = false, "/council/proposals"
	p := ProposalsPage{BasePage: s.base(r, "council.proposals.title"), Filter: f}
	if p.Proposals, err = s.council.Published(r.Context(), f.Filter); err != nil {
		return err
	}
	if p.Figures, err = s.council.PublicFigures(r.Context(), f.Filter); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "council_proposals", p)
	return nil
}

// ProposalPage is one published proposal with its whole path.
type ProposalPage struct {
	BasePage
	Proposal council.Proposal
	Measure  *strategy.Located // the Action Plan's measure that carries it out
}

func (s *Server) proposalPage(w http.ResponseWriter, r *http.Request) error {
	pr, err := s.council.PublishedProposal(r.Context(), r.PathValue("ref"))
	if err != nil {
		return err
	}
	p := ProposalPage{BasePage: s.base(r, "council.proposal.page_title"), Proposal: pr}
	if pr.MeasureID != 0 {
		m, err := s.strategy.PublicMeasure(r.Context(), pr.MeasureID)
		switch {
		case err == nil:
			p.Measure = &m
		case !errors.Is(err, db.ErrNotFound): // a plan no longer published names no measure
			return err
		}
	}
	s.render(w, r, http.StatusOK, "council_proposal", p)
	return nil
}

// ProposeInput is the proposal form as the visitor filled it in.
type ProposeInput struct {
	Surname, Given, Patronymic string
	BirthDate, Phone, Email    string
	Title, Text                string
	Topic                      int64
	ConsentData                bool
}

func proposeInput(r *http.Request) ProposeInput {
	f := r.PostForm
	return ProposeInput{Surname: f.Get("surname"), Given: f.Get("given"), Patronymic: f.Get("patronymic"),
		BirthDate: f.Get("birth_date"), Phone: f.Get("phone"), Email: f.Get("email"),
		Title: f.Get("title"), Text: f.Get("text"), Topic: chosenID(f.Get("topic")), ConsentData: f.Get("consent_data") == "on"}
}

// nameKind is the spelling a name typed in one set of fields is: the form
// asks for the name as the visitor writes it, in Latin letters (taken as
// the Azerbaijani spelling), in Cyrillic, or in the alphabet of their own
// language.
func nameKind(name string) people.NameKind {
	switch {
	case strings.ContainsFunc(name, func(r rune) bool { return unicode.Is(unicode.Cyrillic, r) }):
		return people.NameCyrillic
	case strings.ContainsFunc(name, func(r rune) bool { return unicode.IsLetter(r) && !unicode.Is(unicode.Latin, r) }):
		return people.NameNative
	}
	return people.NameAz
}

// ProposePage is the public proposal form.
type ProposePage struct {
	BasePage
	Input  ProposeInput
	Topics []council.Topic
}

func (s *Server) proposePage(r *http.Request, in ProposeInput) (ProposePage, error) {
	topics, err := s.council.Topics(r.Context(), false)
	return ProposePage{BasePage: s.base(r, "council.propose.title"), Input: in, Topics: topics}, err
}

func (s *Server) proposeForm(w http.ResponseWriter, r *http.Request) error {
	p, err := s.proposePage(r, ProposeInput{})
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "council_propose", p)
	return nil
}

// proposeFields are the inputs of the proposal form that the rules' field
// labels name.
var proposeFields = Fields{
	"people.surname": "surname", "people.given": "given", "people.patronymic": "patronymic",
	"people.birth_date": "birth_date", "people.phone": "phone", "people.email": "email",
	"council.proposal.title": "title", "council.proposal.text": "text", "council.proposal.topic": "topic",
	"council.propose.consent": "consent_data",
}

// submitInput is the proposal form's input for the rules, in lang.
func (in ProposeInput) submitInput(lang string) council.SubmitInput {
	return council.SubmitInput{
		Person: people.Input{Names: []people.Name{{Kind: nameKind(in.Surname + in.Given + in.Patronymic),
			Surname: in.Surname, Given: in.Given, Patronymic: in.Patronymic}},
			BirthDate: in.BirthDate, Phone: in.Phone, Email: in.Email},
		Title: in.Title, Body: in.Text, TopicID: in.Topic, Language: lang, ConsentData: in.ConsentData,
	}
}

func (s *Server) propose(w http.ResponseWriter, r *http.Request) error {
	in := proposeInput(r)
	pr, err := s.council.Submit(r.Context(), in.submitInput(string(langFrom(r.Context()))))
	if s.userError(r, err) {
		p, perr := s.proposePage(r, in)
		if perr != nil {
			return perr
		}
		p.refuse(err, proposeFields)
		s.render(w, r, http.StatusUnprocessableEntity, "council_propose", p)
		return nil
	}
	if err != nil {
		return err
	}
	// The reference waits in the session, never in a URL or a history.
	s.session.Put(r.Context(), "proposal_reference", pr.Reference)
	http.Redirect(w, r, "/council/proposed", http.StatusSeeOther)
	return nil
}

// ProposedPage confirms a proposal and gives its reference.
type ProposedPage struct {
	BasePage
	Reference string
}

func (s *Server) proposed(w http.ResponseWriter, r *http.Request) error {
	ref := s.session.GetString(r.Context(), "proposal_reference")
	if ref == "" {
		http.Redirect(w, r, "/council/propose", http.StatusSeeOther)
		return nil
	}
	s.render(w, r, http.StatusOK, "council_proposed", ProposedPage{BasePage: s.base(r, "council.proposed.title"), Reference: ref})
	return nil
}

// ProposalStatusPage looks a proposal up for its author, who proves it
// with the reference and their birth date or e-mail, and offers to
// withdraw it while it waits for an answer. It shows no personal data.
type ProposalStatusPage struct {
	BasePage
	Reference, BirthDate, Email string
	Proposal                    *council.Proposal
}

// CanWithdraw reports whether the author may still withdraw the proposal.
func (p ProposalStatusPage) CanWithdraw() bool {
	return p.Proposal != nil && p.Proposal.Withdrawable()
}

func (s *Server) proposalStatusForm(w http.ResponseWriter, r *http.Request) error {
	s.render(w, r, http.StatusOK, "council_status", ProposalStatusPage{BasePage: s.base(r, "council.lookup.title")})
	return nil
}

func (s *Server) statusPage(r *http.Request) (ProposalStatusPage, council.Check) {
	f := r.PostForm
	p := ProposalStatusPage{BasePage: s.base(r, "council.lookup.title"), Reference: f.Get("reference"),
		BirthDate: f.Get("birth_date"), Email: f.Get("email")}
	return p, council.Check{BirthDate: p.BirthDate, Email: p.Email}
}

var lookupFields = Fields{"council.lookup.reference": "reference"}

func (s *Server) proposalStatus(w http.ResponseWriter, r *http.Request) error {
	p, check := s.statusPage(r)
	pr, err := s.council.Lookup(r.Context(), p.Reference, check)
	if s.userError(r, err) {
		p.refuse(err, lookupFields)
		s.render(w, r, http.StatusUnprocessableEntity, "council_status", p)
		return nil
	}
	if err != nil {
		return err
	}
	p.Proposal = &pr
	s.render(w, r, http.StatusOK, "council_status", p)
	return nil
}

func (s *Server) proposalWithdrawByAuthor(w http.ResponseWriter, r *http.Request) error {
	p, check := s.statusPage(r)
	err := s.council.WithdrawByAuthor(r.Context(), p.Reference, check)
	if err == nil {
		var pr council.Proposal
		pr, err = s.council.Lookup(r.Context(), p.Reference, check)
		p.Proposal = &pr
		p.Flash = p.T("council.lookup.withdrawn")
	}
	if s.userError(r, err) {
		p.refuse(err, lookupFields)
		s.render(w, r, http.StatusUnprocessableEntity, "council_status", p)
		return nil
	}
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "council_status", p)
	return nil
}
