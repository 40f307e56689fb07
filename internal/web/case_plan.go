package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"inteqra/internal/cases"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
)

// casePlanRoutes are a case's needs assessment and integration plan.
func (s *Server) casePlanRoutes(h func(string, handler)) {
	h("GET /cases/{id}/assessment", s.caseAssessment)
	h("POST /cases/{id}/assessment", s.caseAssessmentSave)
	h("GET /cases/{id}/plan", s.casePlan)
	h("POST /cases/{id}/plan", s.casePlanSave)
	h("POST /cases/{id}/plan/{plan}/agree", s.planAgree)
	h("POST /cases/{id}/plan/{plan}/approve", s.planApprove)
	h("POST /cases/{id}/plan/{plan}/return", s.planReturn)
	h("POST /cases/{id}/plan/{plan}/review", s.planReview)
}

// AssessmentPage is the needs assessment form of a case and its earlier
// assessments.
type AssessmentPage struct {
	BasePage
	Case            cases.Case
	Input           cases.AssessmentInput
	Draft           bool               // the form holds a saved draft
	Completed       bool               // the case has a completed assessment
	Earlier         []cases.Assessment // completed and superseded, newest first
	Domains         []string
	Levels          []int
	Priorities      []string
	Vulnerabilities []string
}

func (s *Server) assessmentPage(r *http.Request, id int64) (AssessmentPage, error) {
	c, err := s.cases.Case(r.Context(), id)
	if err != nil {
		return AssessmentPage{}, err
	}
	list, err := s.cases.Assessments(r.Context(), id)
	p := AssessmentPage{BasePage: s.base(r, "assessment.title"), Case: c, Domains: cases.Domains, Levels: cases.Levels,
		Priorities: cases.Priorities, Vulnerabilities: cases.Vulnerabilities}
	for _, a := range list {
		switch {
		case a.State == cases.AssessmentDraft:
			p.Input, p.Draft = a.Input(), true
		case !p.Draft && !p.Completed:
			p.Input = a.Input() // a new assessment starts from the last one
			fallthrough
		default:
			p.Completed = p.Completed || a.State == cases.AssessmentCompleted
			p.Earlier = append(p.Earlier, a)
		}
	}
	return p, err
}

func (s *Server) caseAssessment(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p, err := s.assessmentPage(r, id)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "case_assessment", p)
	return nil
}

// assessmentFields ties the assessment form's inputs to the labels its
// errors name. The rows of the domains table share their labels, so a
// problem in one of them is listed in the summary only.
var assessmentFields = Fields{"assessment.strengths": "strengths"}

func (s *Server) caseAssessmentSave(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	in := cases.AssessmentInput{Domains: map[string]cases.DomainInput{}, Strengths: r.PostFormValue("strengths"),
		Vulnerabilities: r.PostForm["vulnerability"], Complete: r.PostFormValue("complete") != ""}
	for _, d := range cases.Domains {
		level := 0
		if v := r.PostFormValue("level_" + d); v != "" {
			if level, err = strconv.Atoi(v); err != nil {
				level = -1
			}
		}
		in.Domains[d] = cases.DomainInput{Level: level, Priority: r.PostFormValue("priority_" + d), Note: r.PostFormValue("note_" + d)}
	}
	_, err = s.cases.SaveAssessment(r.Context(), id, in)
	if s.userError(r, err) {
		p, perr := s.assessmentPage(r, id)
		if perr != nil {
			return perr
		}
		p.Input = in
		p.refuse(err, assessmentFields)
		s.render(w, r, http.StatusUnprocessableEntity, "case_assessment", p)
		return nil
	}
	if err != nil {
		return err
	}
	flash := "assessment.saved"
	if in.Complete {
		flash = "assessment.completed"
	}
	return s.redirect(w, r, casePath(id)+"/assessment", flash)
}

// PlanVersion is a version of a plan as the page shows it.
type PlanVersion struct {
	*i18n.Printer
	Plan  cases.Plan
	Staff map[int64]string
}

// PlanPage is a case's integration plan: the version being worked on, the
// approved one with its reviews, and older versions.
type PlanPage struct {
	BasePage
	Case       cases.Case
	Assessed   bool         // the needs have been assessed: a plan may be made
	Working    *PlanVersion // a draft, returned or agreed version
	Active     *PlanVersion // the approved version
	Older      []PlanVersion
	Rows       []cases.GoalInput // the rows of the goals form
	AgreedOn   string
	Comment    string
	Note       string
	Progress   map[int64]string // the review form's choices
	Domains    []string
	Progresses []string
	Today      string
}

// emptyGoalRows is how many blank rows the goals form offers.
const emptyGoalRows = 5

func (s *Server) planPage(r *http.Request, id int64) (PlanPage, error) {
	ctx := r.Context()
	c, err := s.cases.Case(ctx, id)
	if err != nil {
		return PlanPage{}, err
	}
	p := PlanPage{BasePage: s.base(r, "plan.title"), Case: c, Domains: cases.Domains, Progresses: cases.Progresses,
		Progress: map[int64]string{}, Today: i18n.DayOf(time.Now()).Format(time.DateOnly)}
	p.AgreedOn = p.Today
	assessments, err := s.cases.Assessments(ctx, id)
	if err != nil {
		return p, err
	}
	for _, a := range assessments {
		p.Assessed = p.Assessed || a.State == cases.AssessmentCompleted
	}
	plans, err := s.cases.Plans(ctx, id)
	if err != nil {
		return p, err
	}
	staff, err := s.staffNames(r)
	if err != nil {
		return p, err
	}
	for _, pl := range plans {
		v := PlanVersion{Printer: p.Printer, Plan: pl, Staff: staff}
		switch {
		case pl.State == cases.PlanApproved:
			p.Active = &v
			for _, g := range pl.Goals {
				p.Progress[g.ID] = g.Progress
			}
		case pl.State == cases.PlanSuperseded:
			p.Older = append(p.Older, v)
		default:
			p.Working = &v
		}
	}
	switch {
	case p.Working != nil && p.Working.Plan.Editable():
		p.Rows = goalRows(p.Working.Plan.Goals)
	case p.Working == nil && p.Active != nil:
		p.Rows = goalRows(p.Active.Plan.Goals) // a new version starts from the approved one
	default:
		p.Rows = goalRows(nil)
	}
	return p, nil
}

func goalRows(goals []cases.Goal) []cases.GoalInput {
	rows := make([]cases.GoalInput, 0, len(goals)+emptyGoalRows)
	for _, g := range goals {
		rows = append(rows, g.Input())
	}
	return append(rows, make([]cases.GoalInput, emptyGoalRows)...)
}

func (s *Server) casePlan(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p, err := s.planPage(r, id)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "case_plan", p)
	return nil
}

// planFields ties the plan page's inputs to the labels their errors name;
// the goal rows share theirs, so a problem in one is in the summary only.
var planFields = Fields{"plan.agreed_on": "agreed-on", "plan.return_comment": "return-comment", "plan.review_note": "review-note"}

func (s *Server) casePlanSave(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	f := r.PostForm
	var in cases.PlanInput
	for i := range f["goal_action"] {
		at := func(name string) string {
			if i < len(f[name]) {
				return f[name][i]
			}
			return ""
		}
		in.Goals = append(in.Goals, cases.GoalInput{Domain: at("goal_domain"), Action: at("goal_action"),
			Responsible: at("goal_responsible"), DueOn: at("goal_due")})
	}
	_, err = s.cases.SavePlan(r.Context(), id, in)
	if s.userError(r, err) {
		p, perr := s.planPage(r, id)
		if perr != nil {
			return perr
		}
		p.Rows = in.Goals
		p.refuse(err, planFields)
		s.render(w, r, http.StatusUnprocessableEntity, "case_plan", p)
		return nil
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, casePath(id)+"/plan", "plan.saved")
}

// planStep runs one step of a plan version's approval and review (action
// names it, for the message afterwards), then returns to the plan page;
// when the plan refuses, the page shows again with what was typed.
func (s *Server) planStep(w http.ResponseWriter, r *http.Request, action string, progress map[int64]string,
	step func(ctx context.Context, planID int64) error) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	planID, err := strconv.ParseInt(r.PathValue("plan"), 10, 64)
	if err != nil {
		return db.ErrNotFound
	}
	err = step(r.Context(), planID)
	if s.userError(r, err) {
		p, perr := s.planPage(r, id)
		if perr != nil {
			return perr
		}
		p.Comment, p.Note = r.PostFormValue("comment"), r.PostFormValue("note")
		p.refuse(err, planFields)
		if action == "agree" {
			p.AgreedOn = r.PostFormValue("agreed_on")
		}
		for goal, v := range progress {
			p.Progress[goal] = v
		}
		s.render(w, r, http.StatusUnprocessableEntity, "case_plan", p)
		return nil
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, casePath(id)+"/plan", "plan.done."+action)
}

func (s *Server) planAgree(w http.ResponseWriter, r *http.Request) error {
	return s.planStep(w, r, "agree", nil, func(ctx context.Context, planID int64) error {
		return s.cases.AgreePlan(ctx, planID, r.PostFormValue("agreed_on"))
	})
}

func (s *Server) planApprove(w http.ResponseWriter, r *http.Request) error {
	return s.planStep(w, r, "approve", nil, s.cases.ApprovePlan)
}

func (s *Server) planReturn(w http.ResponseWriter, r *http.Request) error {
	return s.planStep(w, r, "return", nil, func(ctx context.Context, planID int64) error {
		return s.cases.ReturnPlan(ctx, planID, r.PostFormValue("comment"))
	})
}

// planReview records a review: a note and each goal's progress, sent as
// progress_<goal id>.
func (s *Server) planReview(w http.ResponseWriter, r *http.Request) error {
	progress := map[int64]string{}
	for k, v := range r.PostForm {
		if goal, ok := strings.CutPrefix(k, "progress_"); ok && len(v) > 0 {
			n, err := strconv.ParseInt(goal, 10, 64)
			if err != nil {
				return i18n.Errorf("plan.error.goal")
			}
			progress[n] = v[0]
		}
	}
	return s.planStep(w, r, "review", progress, func(ctx context.Context, planID int64) error {
		return s.cases.ReviewPlan(ctx, planID, r.PostFormValue("note"), progress)
	})
}
