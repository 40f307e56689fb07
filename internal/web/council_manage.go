package web

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"

	"inteqra/internal/access"
	"inteqra/internal/council"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/orgs"
	"inteqra/internal/strategy"
)

// councilRoutes are the Council secretariat's pages: the proposals with
// their authors, one route per step a proposal takes, and the figures.
func (s *Server) councilRoutes(h func(string, handler)) {
	h("GET /council/manage", s.councilManage)
	h("GET /council/manage/new", s.councilNewForm)
	h("POST /council/manage", s.councilNew)
	h("GET /council/manage/{id}", s.councilProposal)
	h("POST /council/manage/{id}/review", s.councilReview)
	h("POST /council/manage/{id}/answer", s.councilAnswer)
	h("POST /council/manage/{id}/implement", s.councilImplement)
	h("POST /council/manage/{id}/measure", s.councilLink)
	h("POST /council/manage/{id}/withdraw", s.councilWithdraw)
	h("GET /council/figures", s.councilFigures)
	h("GET /council/figures.xlsx", s.councilFiguresXLSX)
}

// ManageProposalsPage is the secretariat's list of proposals, overdue
// answers flagged.
type ManageProposalsPage struct {
	BasePage
	Filter    ProposalFilter
	Proposals []council.Proposal
}

func (s *Server) councilManage(w http.ResponseWriter, r *http.Request) error {
	f, err := s.proposalFilter(r)
	if err != nil {
		return err
	}
	f.Action, f.Manage = "/council/manage", true
	p := ManageProposalsPage{BasePage: s.base(r, "council.manage.title"), Filter: f}
	if p.Proposals, err = s.council.Proposals(r.Context(), f.Filter); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "council_manage", p)
	return nil
}

// NewProposalPage is the secretariat's form for a proposal of the Council
// itself or one it takes down for someone, whose details find them in the
// registry or register them.
type NewProposalPage struct {
	BasePage
	Input    ProposeInput
	Language string // the language the proposal is written in
	Topics   []council.Topic
}

// Languages are the languages a proposal may be written in.
func (NewProposalPage) Languages() []i18n.Lang { return i18n.Langs }

func (s *Server) newProposalPage(r *http.Request, in ProposeInput, lang string) (NewProposalPage, error) {
	if err := access.Require(r.Context(), access.ManageCouncil); err != nil {
		return NewProposalPage{}, err
	}
	topics, err := s.council.Topics(r.Context(), false)
	return NewProposalPage{BasePage: s.base(r, "council.manage.new"), Input: in, Language: lang, Topics: topics}, err
}

func (s *Server) councilNewForm(w http.ResponseWriter, r *http.Request) error {
	p, err := s.newProposalPage(r, ProposeInput{}, string(i18n.AZ))
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "council_new", p)
	return nil
}

func (s *Server) councilNew(w http.ResponseWriter, r *http.Request) error {
	in, lang := proposeInput(r), r.PostFormValue("language")
	if !slices.Contains(i18n.Langs, i18n.Lang(lang)) {
		lang = string(i18n.AZ)
	}
	pr, err := s.council.SubmitFor(r.Context(), in.submitInput(lang))
	if s.userError(r, err) {
		p, perr := s.newProposalPage(r, in, lang)
		if perr != nil {
			return perr
		}
		p.refuse(err, proposeFields)
		s.render(w, r, http.StatusUnprocessableEntity, "council_new", p)
		return nil
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, fmt.Sprintf("/council/manage/%d", pr.ID), "council.flash.submitted")
}

// ManageProposalPage is one proposal for the secretariat, with the form
// of the step it may take next.
type ManageProposalPage struct {
	BasePage
	Proposal council.Proposal
	Units    []orgs.Organisation
	Review   council.ReviewInput
	Answer   council.AnswerInput
	Done     council.Texts
	// The measures of the published Action Plan an accepted proposal may
	// be linked to, and the one chosen.
	Measures  []*strategy.Item
	MeasureID int64
}

// Outcomes are the outcomes an answer may give.
func (ManageProposalPage) Outcomes() []council.Outcome { return council.Outcomes }

// Can reports whether the proposal may move to state to.
func (p ManageProposalPage) Can(to council.ProposalState) bool {
	return p.Proposal.State.CanMove(to) && !(to == council.Implemented && p.Proposal.Outcome == council.Rejected)
}

func (s *Server) manageProposalPage(r *http.Request) (ManageProposalPage, error) {
	id, err := pathID(r)
	if err != nil {
		return ManageProposalPage{}, err
	}
	p := ManageProposalPage{BasePage: s.base(r, "council.manage.proposal_title")}
	if p.Proposal, err = s.council.Proposal(r.Context(), id); err != nil {
		return p, err
	}
	p.MeasureID = p.Proposal.MeasureID
	if p.Proposal.Linkable() {
		pl, err := s.strategy.Published(r.Context())
		switch {
		case err == nil:
			p.Measures = pl.Items(func(it *strategy.Item) bool { return it.Kind == strategy.Measure })
		case !errors.Is(err, db.ErrNotFound):
			return p, err
		}
	}
	p.Units, err = s.orgs.Offices(r.Context())
	return p, err
}

func (s *Server) councilProposal(w http.ResponseWriter, r *http.Request) error {
	p, err := s.manageProposalPage(r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "council_manage_proposal", p)
	return nil
}

// proposalStep runs one step of a proposal: the page again with the
// problems and what was typed, or back to the proposal with a flash.
func (s *Server) proposalStep(w http.ResponseWriter, r *http.Request, fields Fields, flash string,
	step func(p *ManageProposalPage) error) error {
	p, err := s.manageProposalPage(r)
	if err != nil {
		return err
	}
	err = step(&p)
	if s.userError(r, err) {
		p.refuse(err, fields)
		s.render(w, r, http.StatusUnprocessableEntity, "council_manage_proposal", p)
		return nil
	}
	if err != nil {
		return err
	}
	s.session.Put(r.Context(), "flash", flash)
	http.Redirect(w, r, fmt.Sprintf("/council/manage/%d", p.Proposal.ID), http.StatusSeeOther)
	return nil
}

func (s *Server) councilReview(w http.ResponseWriter, r *http.Request) error {
	return s.proposalStep(w, r, Fields{"council.review.unit": "unit", "council.review.unit_name": "unit_name", "council.review.due": "due_on"},
		"council.flash.reviewed", func(p *ManageProposalPage) error {
			f := r.PostForm
			p.Review = council.ReviewInput{UnitOrgID: chosenID(f.Get("unit")), UnitName: f.Get("unit_name"), DueOn: f.Get("due_on")}
			if f.Get("unit") == "" {
				p.Review.UnitOrgID = 0
			}
			return s.council.Review(r.Context(), p.Proposal.ID, p.Review)
		})
}

func (s *Server) councilAnswer(w http.ResponseWriter, r *http.Request) error {
	return s.proposalStep(w, r, Fields{"council.answer.outcome": "outcome_accepted", "council.answer.text_az": "answer_az",
		"council.answer.text_en": "answer_en", "council.answer.text_ru": "answer_ru"},
		"council.flash.answered", func(p *ManageProposalPage) error {
			f := r.PostForm
			p.Answer = council.AnswerInput{Outcome: council.Outcome(f.Get("outcome")),
				Answer: council.Texts{Az: f.Get("answer_az"), En: f.Get("answer_en"), Ru: f.Get("answer_ru")}}
			return s.council.Answer(r.Context(), p.Proposal.ID, p.Answer)
		})
}

func (s *Server) councilImplement(w http.ResponseWriter, r *http.Request) error {
	return s.proposalStep(w, r, Fields{"council.implement.text_az": "done_az", "council.implement.text_en": "done_en",
		"council.implement.text_ru": "done_ru"},
		"council.flash.implemented", func(p *ManageProposalPage) error {
			f := r.PostForm
			p.Done = council.Texts{Az: f.Get("done_az"), En: f.Get("done_en"), Ru: f.Get("done_ru")}
			return s.council.Implement(r.Context(), p.Proposal.ID, p.Done)
		})
}

func (s *Server) councilLink(w http.ResponseWriter, r *http.Request) error {
	return s.proposalStep(w, r, Fields{"council.link.measure": "measure"}, "council.flash.linked", func(p *ManageProposalPage) error {
		p.MeasureID = 0
		if v := r.PostForm.Get("measure"); v != "" {
			p.MeasureID = chosenID(v)
		}
		return s.council.LinkMeasure(r.Context(), p.Proposal.ID, p.MeasureID)
	})
}

func (s *Server) councilWithdraw(w http.ResponseWriter, r *http.Request) error {
	return s.proposalStep(w, r, nil, "council.flash.withdrawn", func(p *ManageProposalPage) error {
		return s.council.Withdraw(r.Context(), p.Proposal.ID)
	})
}

// CouncilFiguresPage shows the Council's figures, with no names.
type CouncilFiguresPage struct {
	BasePage
	Figures council.Figures
	Topics  []council.Topic
	Years   []int
}

// States are the rows of the count by state.
func (CouncilFiguresPage) States() []council.ProposalState { return council.ProposalStates }

func (s *Server) councilFiguresPage(r *http.Request) (CouncilFiguresPage, error) {
	p := CouncilFiguresPage{BasePage: s.base(r, "council.figures.title")}
	var err error
	if p.Figures, err = s.council.CountFigures(r.Context()); err != nil {
		return p, err
	}
	if p.Topics, err = s.council.Topics(r.Context(), true); err != nil {
		return p, err
	}
	for y := range p.Figures.ByYear {
		p.Years = append(p.Years, y)
	}
	slices.Sort(p.Years)
	slices.Reverse(p.Years)
	return p, nil
}

func (s *Server) councilFigures(w http.ResponseWriter, r *http.Request) error {
	p, err := s.councilFiguresPage(r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "council_figures", p)
	return nil
}

func (s *Server) councilFiguresXLSX(w http.ResponseWriter, r *http.Request) error {
	p, err := s.councilFiguresPage(r)
	if err != nil {
		return err
	}
	f := p.Figures
	summary := Table{Sheet: p.T("council.figures.summary"), Headers: []string{p.T("council.figures.measure"), p.T("council.figures.value")},
		Rows: [][]any{
			{p.T("council.figures.total"), f.Total}, {p.T("council.figures.answered"), f.Answered},
			{p.T("council.figures.on_time"), f.OnTime}, {p.T("council.figures.share_on_time"), f.ShareOnTime() * 100},
			{p.T("council.figures.share_accepted"), f.ShareAccepted() * 100}, {p.T("council.figures.median_days"), f.MedianDays},
			{p.T("council.figures.overdue"), f.Overdue}, {p.T("council.figures.meetings_held"), f.MeetingsHeld},
			{p.T("council.figures.attendance_rate"), f.AttendanceRate() * 100},
		}}
	states := Table{Sheet: p.T("council.figures.by_state"), Headers: []string{p.T("council.figures.state"), p.T("council.figures.count")}}
	for _, st := range council.ProposalStates {
		states.Rows = append(states.Rows, []any{p.T("council.state." + string(st)), f.ByState[st]})
	}
	topics := Table{Sheet: p.T("council.figures.by_topic"), Headers: []string{p.T("council.proposal.topic"), p.T("council.figures.count")}}
	for _, t := range p.Topics {
		topics.Rows = append(topics.Rows, []any{t.Name.In(p.Lang()), f.ByTopic[t.ID]})
	}
	years := Table{Sheet: p.T("council.figures.by_year"), Headers: []string{p.T("council.figures.year"), p.T("council.figures.count")}}
	for _, y := range p.Years {
		years.Rows = append(years.Rows, []any{strconv.Itoa(y), f.ByYear[y]})
	}
	return writeXLSX(w, "inteqra-council-figures.xlsx", summary, states, topics, years)
}
