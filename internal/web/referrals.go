package web

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"inteqra/internal/cases"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/orgs"
	"inteqra/internal/training"
)

// referralRoutes are a case's referrals and the partner agencies' inbox.
func (s *Server) referralRoutes(h func(string, handler)) {
	h("GET /cases/{id}/referrals", s.caseReferrals)
	h("POST /cases/{id}/referrals", s.caseRefer)
	h("POST /cases/{id}/referrals/{rid}/cancel", s.caseReferralCancel)
	h("GET /referrals", s.referralInbox)
	h("GET /referrals/{id}", s.referralShow)
	h("POST /referrals/{id}/accept", s.referralAccept)
	h("POST /referrals/{id}/decline", s.referralDecline)
	h("POST /referrals/{id}/complete", s.referralComplete)
	h("POST /referrals/{id}/no_show", s.referralNoShow)
}

// CaseReferralsPage lists a case's referrals and holds the form to send one.
type CaseReferralsPage struct {
	BasePage
	Case          cases.Case
	Referrals     []cases.Referral
	Organisations []orgs.Organisation // the active ones
	Domains       []string
	Cohorts       []training.Offer
	Input         cases.ReferralInput
	CancelReason  map[int64]string // a refused cancellation's reason, by referral
	Today         string
}

func (s *Server) caseReferralsPage(r *http.Request, in cases.ReferralInput) (CaseReferralsPage, error) {
	ctx := r.Context()
	id, err := pathID(r)
	if err != nil {
		return CaseReferralsPage{}, err
	}
	p := CaseReferralsPage{BasePage: s.base(r, "referral.title"), Domains: cases.Domains, Input: in,
		Today: i18n.DayOf(time.Now()).Format(time.DateOnly)}
	if p.Case, err = s.cases.Case(ctx, id); err != nil {
		return p, err
	}
	if p.Referrals, err = s.cases.Referrals(ctx, id); err != nil {
		return p, err
	}
	all, err := s.orgs.Organisations(ctx)
	if err != nil {
		return p, err
	}
	for _, o := range all {
		if o.Active {
			p.Organisations = append(p.Organisations, o)
		}
	}
	p.Cohorts, err = s.training.OpenCohorts(ctx)
	return p, err
}

func (s *Server) caseReferrals(w http.ResponseWriter, r *http.Request) error {
	p, err := s.caseReferralsPage(r, cases.ReferralInput{})
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "case_referrals", p)
	return nil
}

// referFields ties the referral form's inputs to the labels its errors name.
var referFields = Fields{
	"referral.organisation": "organisation", "referral.domain": "domain", "referral.need": "need",
	"referral.due_on": "due_on", "referral.cohort": "cohort",
}

func (s *Server) caseRefer(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	org := chosenID(r.PostFormValue("organisation"))
	cohort := chosenID(r.PostFormValue("cohort"))
	in := cases.ReferralInput{OrganisationID: org, Domain: r.PostFormValue("domain"), Need: r.PostFormValue("need"),
		DueOn: r.PostFormValue("due_on"), CohortID: cohort}
	_, err = s.cases.Refer(r.Context(), id, in)
	if s.userError(r, err) {
		p, perr := s.caseReferralsPage(r, in)
		if perr != nil {
			return perr
		}
		p.refuse(err, referFields)
		s.render(w, r, http.StatusUnprocessableEntity, "case_referrals", p)
		return nil
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, casePath(id)+"/referrals", "referral.sent")
}

func (s *Server) caseReferralCancel(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	rid, err := strconv.ParseInt(r.PathValue("rid"), 10, 64)
	if err != nil {
		return db.ErrNotFound
	}
	err = s.cases.Cancel(r.Context(), rid, r.PostFormValue("reason"))
	if s.userError(r, err) {
		p, perr := s.caseReferralsPage(r, cases.ReferralInput{})
		if perr != nil {
			return perr
		}
		p.refuse(err, Fields{"referral.cancel_reason": "cancel-reason-" + strconv.FormatInt(rid, 10)})
		p.CancelReason = map[int64]string{rid: r.PostFormValue("reason")}
		s.render(w, r, http.StatusUnprocessableEntity, "case_referrals", p)
		return nil
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, casePath(id)+"/referrals", "referral.cancelled")
}

// ReferralInboxPage is a partner organisation's referrals.
type ReferralInboxPage struct {
	BasePage
	Referrals []cases.PartnerReferral
	State     string
	States    []string // the filter's choices after "all"
}

func (s *Server) referralInbox(w http.ResponseWriter, r *http.Request) error {
	p := ReferralInboxPage{BasePage: s.base(r, "referral.inbox_title"), State: r.URL.Query().Get("state"),
		States: []string{cases.InboxOverdue}}
	for _, st := range cases.ReferralStates {
		p.States = append(p.States, string(st))
	}
	var err error
	p.Referrals, err = s.cases.Inbox(r.Context(), p.State)
	if s.userError(r, err) {
		p.refuse(err, Fields{"referral.filter": "state"})
		p.State = ""
		if p.Referrals, err = s.cases.Inbox(r.Context(), ""); err != nil {
			return err
		}
		s.render(w, r, http.StatusUnprocessableEntity, "referral_inbox", p)
		return nil
	}
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "referral_inbox", p)
	return nil
}

// ReferralPage is one referral as the partner organisation sees it.
type ReferralPage struct {
	BasePage
	Referral cases.PartnerReferral
	Reason   string // the form's text, kept when it is refused
}

func (s *Server) referralPage(r *http.Request) (ReferralPage, error) {
	id, err := pathID(r)
	if err != nil {
		return ReferralPage{}, err
	}
	p := ReferralPage{BasePage: s.base(r, "referral.referral_title")}
	p.Referral, err = s.cases.PartnerReferral(r.Context(), id)
	return p, err
}

func (s *Server) referralShow(w http.ResponseWriter, r *http.Request) error {
	p, err := s.referralPage(r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "referral", p)
	return nil
}

// answer records the partner's answer to the referral of the request's
// path, then shows the referral; when it is refused, the page shows again
// with the text typed, its problem linked to input (every answer's text
// has the label "referral.outcome").
func (s *Server) answer(w http.ResponseWriter, r *http.Request, input string, do func(ctx context.Context, id int64, text string) error) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	text := r.PostFormValue("text")
	err = do(r.Context(), id, text)
	if s.userError(r, err) {
		p, perr := s.referralPage(r)
		if perr != nil {
			return perr
		}
		p.Reason = text
		p.refuse(err, Fields{"referral.outcome": input})
		s.render(w, r, http.StatusUnprocessableEntity, "referral", p)
		return nil
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, "/referrals/"+strconv.FormatInt(id, 10), "referral.answered")
}

func (s *Server) referralAccept(w http.ResponseWriter, r *http.Request) error {
	return s.answer(w, r, "", func(ctx context.Context, id int64, _ string) error { return s.cases.Accept(ctx, id) })
}

func (s *Server) referralDecline(w http.ResponseWriter, r *http.Request) error {
	return s.answer(w, r, "decline-text", s.cases.Decline)
}

func (s *Server) referralComplete(w http.ResponseWriter, r *http.Request) error {
	return s.answer(w, r, "complete-text", s.cases.Complete)
}

func (s *Server) referralNoShow(w http.ResponseWriter, r *http.Request) error {
	return s.answer(w, r, "no-show-text", s.cases.NoShow)
}
