package web

import (
	"net/http"

	"inteqra/internal/cases"
)

// SelfPlanPage is the migrant's own case: the plan, what is due next, the
// referrals.
type SelfPlanPage struct {
	BasePage
	Case cases.MyCase
	Has  bool
}

func (s *Server) selfPlanRoutes(h func(string, handler)) {
	h("GET /me/plan", s.selfPlan)
	h("POST /me/plan/{id}/agree", s.selfAgreePlan)
}

func (s *Server) selfPlan(w http.ResponseWriter, r *http.Request) error {
	c, ok, err := s.cases.Mine(r.Context())
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "self_plan", SelfPlanPage{BasePage: s.base(r, "self.plan_title"), Case: c, Has: ok})
	return nil
}

func (s *Server) selfAgreePlan(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.cases.AgreeOwnPlan(r.Context(), id); err != nil {
		return err
	}
	return s.redirect(w, r, "/me/plan", "self.plan_agreed")
}
