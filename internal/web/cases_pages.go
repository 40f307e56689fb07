package web

import (
	"context"
	"net/http"
	"strconv"

	"inteqra/internal/access"
	"inteqra/internal/cases"
	"inteqra/internal/people"
)

// caseRoutes are the consultants' and supervisors' case pages and the
// partner agencies' referral inbox.
func (s *Server) caseRoutes(h func(string, handler)) {
	h("GET /cases", s.caseList)
	h("GET /cases/new", s.caseNew)
	h("POST /cases", s.caseOpen)
	h("GET /cases/{id}", s.caseShow)
	h("POST /cases/{id}/hold", s.caseHold)
	h("POST /cases/{id}/resume", s.caseResume)
	h("POST /cases/{id}/close", s.caseClose)
	h("POST /cases/{id}/approve_closure", s.caseDecideClosure(true))
	h("POST /cases/{id}/refuse_closure", s.caseDecideClosure(false))
	h("POST /cases/{id}/reopen", s.caseReopen)
	h("POST /cases/{id}/reassign", s.caseReassign)
	s.casePlanRoutes(h)
	s.referralRoutes(h)
	s.serviceRoutes(h)
}

// CasesPage is a consultant's caseload or their team's.
type CasesPage struct {
	BasePage
	Cases       []cases.Case
	Consultants map[int64]string
	Mine        bool
	All         bool // closed cases too
	// The team view shows what is late: plan goals past their due date and
	// referrals the partners have not answered or completed in time.
	OverdueGoals     []cases.OverdueGoal
	OverdueReferrals []cases.Referral
}

func (s *Server) caseList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	q := r.URL.Query()
	p := CasesPage{BasePage: s.base(r, "cases.title"), Mine: q.Get("team") == "", All: q.Get("closed") != ""}
	f := cases.Filter{Open: !p.All}
	if p.Mine {
		f.Consultant = p.Principal.UserID
	}
	var err error
	if p.Cases, err = s.cases.Cases(ctx, f); err != nil {
		return err
	}
	if p.Consultants, err = s.staffNames(r); err != nil {
		return err
	}
	if !p.Mine {
		if p.OverdueGoals, err = s.cases.OverdueGoals(ctx); err != nil {
			return err
		}
		if p.OverdueReferrals, err = s.cases.OverdueReferrals(ctx); err != nil {
			return err
		}
	}
	s.render(w, r, http.StatusOK, "cases", p)
	return nil
}

// staffNames returns the names of the people who work on cases and answer
// referrals, by user id, for lists and the timeline.
func (s *Server) staffNames(r *http.Request) (map[int64]string, error) {
	names := map[int64]string{}
	for _, role := range []access.Role{access.Consultant, access.Supervisor, access.PartnerOfficer} {
		list, err := s.users.Colleagues(r.Context(), role)
		if err != nil {
			return nil, err
		}
		for _, u := range list {
			names[u.ID] = u.Name
		}
	}
	return names, nil
}

// CaseNewPage is the intake form.
type CaseNewPage struct {
	BasePage
	Person    people.Person
	Input     cases.IntakeInput
	Sources   []string
	Languages []people.Code
}

func (s *Server) caseNewPage(r *http.Request, in cases.IntakeInput) (CaseNewPage, error) {
	if err := access.Require(r.Context(), access.WorkCases); err != nil {
		return CaseNewPage{}, err
	}
	person, err := s.people.Person(r.Context(), in.PersonID)
	return CaseNewPage{BasePage: s.base(r, "cases.new_title"), Person: person, Input: in, Sources: cases.Sources,
		Languages: people.Languages(langFrom(r.Context()))}, err
}

func (s *Server) caseNew(w http.ResponseWriter, r *http.Request) error {
	id, _ := strconv.ParseInt(r.URL.Query().Get("person"), 10, 64)
	p, err := s.caseNewPage(r, cases.IntakeInput{PersonID: id, Source: "walk_in"})
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "case_new", p)
	return nil
}

// intakeFields ties the intake form's inputs to the labels its errors name.
var intakeFields = Fields{"cases.source": "source", "cases.stated_needs": "needs", "cases.language": "language"}

func (s *Server) caseOpen(w http.ResponseWriter, r *http.Request) error {
	person := chosenID(r.PostFormValue("person"))
	in := cases.IntakeInput{PersonID: person, Source: r.PostFormValue("source"), StatedNeeds: r.PostFormValue("needs"),
		Language: r.PostFormValue("language"), Interpreter: r.PostFormValue("interpreter") == "on"}
	c, err := s.cases.OpenCase(r.Context(), in)
	if s.userError(r, err) {
		p, perr := s.caseNewPage(r, in)
		if perr != nil {
			return perr
		}
		p.refuse(err, intakeFields)
		s.render(w, r, http.StatusUnprocessableEntity, "case_new", p)
		return nil
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, casePath(c.ID), "cases.opened")
}

func casePath(id int64) string { return "/cases/" + strconv.FormatInt(id, 10) }

// CasePage is a case: its summary, what can be done next, and its timeline.
type CasePage struct {
	BasePage
	Case        cases.Case
	Timeline    []cases.Event
	Staff       map[int64]string
	Consultants []cases.Assignee // whom a supervisor can reassign the case to
	Outcomes    []string
	Kept        map[string]string // a refused form's reason, by its input's id
}

func (s *Server) casePage(r *http.Request, id int64) (CasePage, error) {
	ctx := r.Context()
	c, err := s.cases.Case(ctx, id)
	if err != nil {
		return CasePage{}, err
	}
	p := CasePage{BasePage: s.base(r, "cases.case_title"), Case: c, Outcomes: cases.Outcomes}
	if p.Timeline, err = s.cases.Timeline(ctx, id); err != nil {
		return p, err
	}
	if p.Staff, err = s.staffNames(r); err != nil {
		return p, err
	}
	if p.Principal.Can(access.SuperviseCases) {
		if p.Consultants, err = s.cases.ReassignTargets(ctx, id); err != nil {
			return p, err
		}
	}
	return p, nil
}

func (s *Server) caseShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p, err := s.casePage(r, id)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "case", p)
	return nil
}

// caseChange runs change on the case of the request's path, then returns to
// the case page; when the case refuses, the page shows again with each
// problem linked to its input in fields and the reason typed kept in the
// input with id reasonInput.
func (s *Server) caseChange(w http.ResponseWriter, r *http.Request, fields Fields, reasonInput string,
	change func(ctx context.Context, id int64) error) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	err = change(r.Context(), id)
	if s.userError(r, err) {
		p, perr := s.casePage(r, id)
		if perr != nil {
			return perr
		}
		p.refuse(err, fields)
		p.Kept = map[string]string{reasonInput: r.PostFormValue("reason")}
		s.render(w, r, http.StatusUnprocessableEntity, "case", p)
		return nil
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, casePath(id), "cases.changed")
}

func (s *Server) caseHold(w http.ResponseWriter, r *http.Request) error {
	return s.caseChange(w, r, Fields{"cases.hold_reason": "hold-reason"}, "hold-reason", func(ctx context.Context, id int64) error {
		return s.cases.Hold(ctx, id, r.PostFormValue("reason"))
	})
}

func (s *Server) caseResume(w http.ResponseWriter, r *http.Request) error {
	return s.caseChange(w, r, nil, "", s.cases.Resume)
}

func (s *Server) caseClose(w http.ResponseWriter, r *http.Request) error {
	fields := Fields{"cases.outcome": "outcome", "cases.comment": "close-reason"}
	return s.caseChange(w, r, fields, "close-reason", func(ctx context.Context, id int64) error {
		return s.cases.RequestClosure(ctx, id, r.PostFormValue("outcome"), r.PostFormValue("reason"))
	})
}

// caseDecideClosure approves or refuses the closure a consultant asked for.
func (s *Server) caseDecideClosure(approve bool) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		return s.caseChange(w, r, Fields{"cases.comment": "decide-reason"}, "decide-reason", func(ctx context.Context, id int64) error {
			return s.cases.DecideClosure(ctx, id, approve, r.PostFormValue("reason"))
		})
	}
}

func (s *Server) caseReopen(w http.ResponseWriter, r *http.Request) error {
	return s.caseChange(w, r, Fields{"cases.reopen_reason": "reopen-reason"}, "reopen-reason", func(ctx context.Context, id int64) error {
		return s.cases.Reopen(ctx, id, r.PostFormValue("reason"))
	})
}

func (s *Server) caseReassign(w http.ResponseWriter, r *http.Request) error {
	return s.caseChange(w, r, Fields{"cases.reassign_to": "consultant"}, "", func(ctx context.Context, id int64) error {
		return s.cases.Reassign(ctx, id, chosenID(r.PostFormValue("consultant")))
	})
}
