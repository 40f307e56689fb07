package web

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/council"
	"inteqra/internal/i18n"
	"inteqra/internal/orgs"
	"inteqra/internal/strategy"
)

// strategyRoutes are the back office's pages of the integration Strategy
// and its Action Plan: the strategy officer's plan and forms, the focal
// point's measures. The public page is strategyPublic.
func (s *Server) strategyRoutes(h func(string, handler)) {
	h("GET /action-plan", s.strategyList)
	h("GET /action-plan/new", s.strategyNew)
	h("POST /action-plan", s.strategySave)
	h("GET /action-plan/mine", s.myMeasures)
	h("GET /action-plan/{id}", s.planShow)
	h("GET /action-plan/{id}/edit", s.strategyEdit)
	h("GET /action-plan/{id}/agencies", s.planAgencies)
	h("POST /action-plan/{id}", s.strategySave)
	h("POST /action-plan/{id}/publish", s.strategyMove(s.strategy.Publish, "action_plan.published"))
	h("POST /action-plan/{id}/close", s.strategyMove(s.strategy.Close, "action_plan.closed"))
	h("GET /action-plan/{id}/items/new", s.itemNew)
	h("POST /action-plan/{id}/items", s.itemCreate)
	h("GET /action-plan/{id}/items/{item}", s.itemShow)
	h("GET /action-plan/{id}/items/{item}/edit", s.itemEdit)
	h("POST /action-plan/{id}/items/{item}", s.itemUpdate)
	h("POST /action-plan/{id}/items/{item}/move", s.itemMove)
	h("POST /action-plan/{id}/items/{item}/status", s.itemStatus)
	s.planImportRoutes(h)
	h("GET /action-plan/{id}/annual", s.planAnnual)
	h("POST /action-plan/{id}/reporting", s.reportingSave)
	s.reportRoutes(h)
	s.indicatorRoutes(h)
}

// StrategiesPage lists the strategies.
type StrategiesPage struct {
	BasePage
	Strategies []strategy.Strategy
}

func (s *Server) strategyList(w http.ResponseWriter, r *http.Request) error {
	list, err := s.strategy.Strategies(r.Context())
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "action_plans", StrategiesPage{BasePage: s.base(r, "action_plan.title"), Strategies: list})
	return nil
}

// StrategyFormPage creates (ID 0) or edits a strategy.
type StrategyFormPage struct {
	BasePage
	ID    int64
	Input strategy.StrategyInput
}

func (s *Server) strategyNew(w http.ResponseWriter, r *http.Request) error {
	if err := access.Require(r.Context(), access.ManageStrategy); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "action_plan_form", StrategyFormPage{BasePage: s.base(r, "action_plan.new")})
	return nil
}

func (s *Server) strategyEdit(w http.ResponseWriter, r *http.Request) error {
	if err := access.Require(r.Context(), access.ManageStrategy); err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	st, err := s.strategy.Strategy(r.Context(), id)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "action_plan_form", StrategyFormPage{BasePage: s.base(r, "action_plan.edit"), ID: id, Input: st.Edit()})
	return nil
}

var strategyFields = Fields{"strategy.field.title_az": "title_az", "strategy.field.title_en": "title_en", "strategy.field.title_ru": "title_ru",
	"strategy.field.first_year": "first_year", "strategy.field.last_year": "last_year"}

func (s *Server) strategySave(w http.ResponseWriter, r *http.Request) error {
	var id int64
	if r.PathValue("id") != "" {
		var err error
		if id, err = pathID(r); err != nil {
			return err
		}
	}
	f := r.PostForm
	in := strategy.StrategyInput{Title: strategy.Texts{Az: f.Get("title_az"), En: f.Get("title_en"), Ru: f.Get("title_ru")},
		FirstYear: formNumber(f.Get("first_year")), LastYear: formNumber(f.Get("last_year"))}
	var err error
	if id == 0 {
		id, err = s.strategy.CreateStrategy(r.Context(), in)
	} else {
		err = s.strategy.UpdateStrategy(r.Context(), id, in)
	}
	if s.userError(r, err) {
		p := StrategyFormPage{BasePage: s.base(r, "action_plan.edit"), ID: id, Input: in}
		if id == 0 {
			p.Title = "action_plan.new"
		}
		p.refuse(err, strategyFields)
		s.render(w, r, http.StatusUnprocessableEntity, "action_plan_form", p)
		return nil
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, fmt.Sprintf("/action-plan/%d", id), "action_plan.saved")
}

// strategyMove publishes or closes a strategy; a refused step shows the
// error page with its reason.
func (s *Server) strategyMove(move func(context.Context, int64) error, flash string) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		if err := move(r.Context(), id); err != nil {
			return err
		}
		return s.redirect(w, r, fmt.Sprintf("/action-plan/%d", id), flash)
	}
}

// ActionPlanPage is a strategy's plan as a tree, with its counts.
type ActionPlanPage struct {
	BasePage
	Plan      strategy.Plan
	Linked    map[int64][]council.Proposal
	Reporting strategy.ReportingInput // the reporting setting's form
	Cadences  []strategy.Cadence
}

func (s *Server) planShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	pl, err := s.strategy.Plan(r.Context(), id)
	if err != nil {
		return err
	}
	if pl.Reports, err = s.strategy.ReportFlags(r.Context(), id); err != nil {
		return err
	}
	linked, err := s.council.Linked(r.Context())
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "action_plan", ActionPlanPage{BasePage: s.base(r, "action_plan.title"), Plan: pl, Linked: linked,
		Reporting: strategy.ReportingInput{Period: pl.Reporting.Period, DueDays: pl.Reporting.DueDays}, Cadences: strategy.Cadences})
	return nil
}

// AgenciesPage lists a plan's measures by responsible agency with the
// last report written on each.
type AgenciesPage struct {
	BasePage
	Plan     strategy.Plan
	Agencies []strategy.AgencyMeasures
}

func (s *Server) planAgencies(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	pl, list, err := s.strategy.Agencies(r.Context(), id)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "action_plan_agencies", AgenciesPage{BasePage: s.base(r, "action_plan.agencies.title"), Plan: pl, Agencies: list})
	return nil
}

func (s *Server) reportingSave(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	in := strategy.ReportingInput{Period: strategy.Cadence(r.PostFormValue("report_period")), DueDays: formNumber(r.PostFormValue("due_days"))}
	err = s.strategy.SetReporting(r.Context(), id, in)
	if s.userError(r, err) {
		pl, perr := s.strategy.Plan(r.Context(), id)
		if perr != nil {
			return perr
		}
		if pl.Reports, perr = s.strategy.ReportFlags(r.Context(), id); perr != nil {
			return perr
		}
		p := ActionPlanPage{BasePage: s.base(r, "action_plan.title"), Plan: pl, Reporting: in, Cadences: strategy.Cadences}
		p.refuse(err, Fields{"strategy.reporting.period": "report_period", "strategy.reporting.due_days": "due_days"})
		s.render(w, r, http.StatusUnprocessableEntity, "action_plan", p)
		return nil
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, fmt.Sprintf("/action-plan/%d", id), "action_plan.reporting_saved")
}

// activeOrgs returns the organisations a measure's form offers.
func (s *Server) activeOrgs(r *http.Request) ([]orgs.Organisation, error) {
	all, err := s.orgs.Organisations(r.Context())
	var list []orgs.Organisation
	for _, o := range all {
		if o.Active {
			list = append(list, o)
		}
	}
	return list, err
}

// PlanTree is the data of the shared tree of a plan (templates/strategy.html).
type PlanTree struct {
	Page   *i18n.Printer
	Plan   strategy.Plan
	Staff  bool // items link to their pages in the back office
	Manage bool // with the links that add items
	// The Council's proposals each measure carries out.
	Linked map[int64][]council.Proposal
}

func planTree(p *i18n.Printer, pl strategy.Plan, staff, manage bool, linked ...map[int64][]council.Proposal) PlanTree {
	t := PlanTree{Page: p, Plan: pl, Staff: staff, Manage: manage}
	if len(linked) > 0 {
		t.Linked = linked[0]
	}
	return t
}

// PlanItem is an item of the tree with the tree, for the shared templates
// that show one item.
type PlanItem struct {
	Tree PlanTree
	Item *strategy.Item
}

// Of pairs an item of the tree with the tree.
func (t PlanTree) Of(it *strategy.Item) PlanItem { return PlanItem{Tree: t, Item: it} }

// statusTag shows a measure's status on the day today as a tag coloured
// by its traffic light; the colour is never the only sign, the text says it.
func statusTag(p *i18n.Printer, it *strategy.Item, today time.Time) template.HTML {
	return template.HTML(`<span class="usa-tag plan-tag plan-tag--` + string(it.LightOn(today)) + `">` +
		template.HTMLEscapeString(p.T("strategy.status."+string(it.StatusOn(today)))) + `</span>`)
}

// measuresSection is the staff home's list of Action Plan measures: for a
// focal point their organisation's, delayed ones marked; for the strategy
// officer the delayed ones of every plan.
func (s *Server) measuresSection(r *http.Request, p *i18n.Printer) func() (WorkSection, error) {
	return func() (WorkSection, error) {
		ctx := r.Context()
		title, more, none := "work.measures_delayed", "/action-plan", "work.measures_delayed_none"
		list, err := s.strategy.Delayed(ctx)
		if access.From(ctx).Role == access.FocalPoint {
			title, more, none = "work.my_measures", "/action-plan/mine", "work.my_measures_none"
			list, err = s.strategy.MyMeasures(ctx)
		}
		var items []WorkItem
		for _, m := range list {
			status := m.StatusOn(m.Today)
			items = append(items, WorkItem{Text: m.Number + " " + m.Title.In(p.Lang()), Href: itemPath(m.Item),
				Note: p.T("strategy.status."+string(status)) + " · " + p.T("action_plan.measure.until", "Date", p.Date(m.EndsOn)),
				Late: status == strategy.Delayed})
		}
		return section(title, more, none, items), err
	}
}

// itemPath is the page of an item of a plan.
func itemPath(it *strategy.Item) string {
	return fmt.Sprintf("/action-plan/%d/items/%d", it.StrategyID, it.ID)
}
