package web

import (
	"net/http"

	"inteqra/internal/council"
)

// SelfProposalsPage is the migrant's own proposals to the Council and the
// form to send one.
type SelfProposalsPage struct {
	BasePage
	Proposals []council.Proposal
	Topics    []council.Topic
	Input     ProposeInput
}

func (s *Server) selfProposalRoutes(h func(string, handler)) {
	h("GET /me/proposals", s.selfProposals)
	h("POST /me/proposals", s.selfPropose)
	h("POST /me/proposals/{id}/withdraw", s.selfWithdrawProposal)
}

func (s *Server) selfProposalsPage(r *http.Request, in ProposeInput) (SelfProposalsPage, error) {
	list, err := s.council.MyProposals(r.Context())
	if err != nil {
		return SelfProposalsPage{}, err
	}
	topics, err := s.council.Topics(r.Context(), false)
	return SelfProposalsPage{BasePage: s.base(r, "self.proposals_title"), Proposals: list, Topics: topics, Input: in}, err
}

func (s *Server) selfProposals(w http.ResponseWriter, r *http.Request) error {
	p, err := s.selfProposalsPage(r, ProposeInput{})
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "self_proposals", p)
	return nil
}

func (s *Server) selfPropose(w http.ResponseWriter, r *http.Request) error {
	in := proposeInput(r)
	_, err := s.council.SubmitOwn(r.Context(), council.OwnInput{Title: in.Title, Body: in.Text, TopicID: in.Topic,
		Language: string(langFrom(r.Context())), ConsentData: in.ConsentData})
	if s.userError(r, err) {
		p, perr := s.selfProposalsPage(r, in)
		if perr != nil {
			return perr
		}
		p.refuse(err, proposeFields)
		s.render(w, r, http.StatusUnprocessableEntity, "self_proposals", p)
		return nil
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, "/me/proposals", "self.proposal_sent")
}

func (s *Server) selfWithdrawProposal(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.council.WithdrawOwn(r.Context(), id); err != nil {
		return err
	}
	return s.redirect(w, r, "/me/proposals", "self.proposal_withdrawn")
}
