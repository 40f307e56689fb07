package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"inteqra/internal/access"
	"inteqra/internal/council"
	"inteqra/internal/db"
	"inteqra/internal/orgs"
	"inteqra/internal/strategy"
)

// ItemFormPage adds (ID 0) or edits a goal, an objective or a measure.
type ItemFormPage struct {
	BasePage
	StrategyID int64
	ID         int64
	Kind       strategy.Kind
	Parent     *strategy.Item // where a new item goes; nil for a goal
	Input      strategy.ItemInput
	Orgs       []orgs.Organisation
	Sources    []strategy.Source
}

var itemFields = Fields{"strategy.item.title_az": "title_az", "strategy.item.title_en": "title_en", "strategy.item.title_ru": "title_ru",
	"strategy.measure.responsible": "responsible", "strategy.measure.partners": "partners", "strategy.measure.starts_on": "starts_on",
	"strategy.measure.ends_on": "ends_on", "strategy.measure.planned": "planned", "strategy.measure.source": "source",
	"strategy.measure.spent": "spent"}

func itemInput(f url.Values) strategy.ItemInput {
	in := strategy.ItemInput{ParentID: chosenID(f.Get("parent")),
		Title:         strategy.Texts{Az: f.Get("title_az"), En: f.Get("title_en"), Ru: f.Get("title_ru")},
		ResponsibleID: chosenID(f.Get("responsible")), StartsOn: f.Get("starts_on"), EndsOn: f.Get("ends_on"),
		Planned: f.Get("planned"), Source: strategy.Source(f.Get("source")), Spent: f.Get("spent")}
	for _, v := range f["partners"] {
		in.PartnerIDs = append(in.PartnerIDs, chosenID(v))
	}
	return in
}

// itemForm fills the form page of an item of strategyID under parent (0 for
// a goal); a parent that is not an item of the strategy, or a measure,
// answers as a missing page.
// The page's title says what is added or edited: action (new, edit) and the kind.
func (s *Server) itemForm(r *http.Request, action string, strategyID, parent int64) (p ItemFormPage, err error) {
	p = ItemFormPage{BasePage: s.base(r, ""), StrategyID: strategyID, Kind: strategy.Goal, Sources: strategy.Sources}
	defer func() { p.Title = "action_plan." + action + "_" + string(p.Kind) }()
	if parent != 0 {
		loc, err := s.strategy.Item(r.Context(), parent)
		if err != nil {
			return p, err
		}
		if p.Kind = strategy.ChildKind(loc.Kind); loc.StrategyID != strategyID || p.Kind == "" {
			return p, db.ErrNotFound
		}
		p.Parent = loc.Item
	}
	p.Orgs, err = s.activeOrgs(r)
	return p, err
}

func (s *Server) itemNew(w http.ResponseWriter, r *http.Request) error {
	if err := access.Require(r.Context(), access.ManageStrategy); err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if _, err := s.strategy.Strategy(r.Context(), id); err != nil {
		return err
	}
	parent := chosenID(r.URL.Query().Get("parent"))
	p, err := s.itemForm(r, "new", id, parent)
	if err != nil {
		return err
	}
	p.Input.ParentID = parent
	s.render(w, r, http.StatusOK, "action_plan_item_form", p)
	return nil
}

func (s *Server) itemCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	in := itemInput(r.PostForm)
	item, err := s.strategy.AddItem(r.Context(), id, in)
	if s.userError(r, err) {
		p, ferr := s.itemForm(r, "new", id, in.ParentID)
		if errors.Is(ferr, db.ErrNotFound) {
			// A parent that is not this plan's: the summary says so.
			p.Kind, p.Parent, p.Title = strategy.Goal, nil, "action_plan.new_goal"
		} else if ferr != nil {
			return ferr
		}
		p.Input = in
		p.refuse(err, itemFields)
		s.render(w, r, http.StatusUnprocessableEntity, "action_plan_item_form", p)
		return nil
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, fmt.Sprintf("/action-plan/%d/items/%d", id, item), "action_plan.item.saved")
}

// itemOf returns the item the path names, which must be of the plan the
// path names: any other answers as a missing page.
func (s *Server) itemOf(r *http.Request) (strategy.Located, error) {
	sid, err := pathID(r)
	if err != nil {
		return strategy.Located{}, err
	}
	id, err := pathInt(r, "item")
	if err != nil {
		return strategy.Located{}, err
	}
	loc, err := s.strategy.Item(r.Context(), id)
	if err == nil && loc.StrategyID != sid {
		err = db.ErrNotFound
	}
	return loc, err
}

func (s *Server) itemEdit(w http.ResponseWriter, r *http.Request) error {
	if err := access.Require(r.Context(), access.ManageStrategy); err != nil {
		return err
	}
	loc, err := s.itemOf(r)
	if err != nil {
		return err
	}
	id := loc.ID
	p, err := s.itemForm(r, "edit", loc.StrategyID, loc.ParentID)
	if err != nil {
		return err
	}
	p.ID, p.Input = id, loc.Edit()
	s.render(w, r, http.StatusOK, "action_plan_item_form", p)
	return nil
}

func (s *Server) itemUpdate(w http.ResponseWriter, r *http.Request) error {
	loc, err := s.itemOf(r)
	if err != nil {
		return err
	}
	id, in := loc.ID, itemInput(r.PostForm)
	err = s.strategy.UpdateItem(r.Context(), id, in)
	if s.userError(r, err) {
		p, ferr := s.itemForm(r, "edit", loc.StrategyID, loc.ParentID)
		if ferr != nil {
			return ferr
		}
		in.ParentID = loc.ParentID
		p.ID, p.Input = id, in
		p.refuse(err, itemFields)
		s.render(w, r, http.StatusUnprocessableEntity, "action_plan_item_form", p)
		return nil
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, itemPath(loc.Item), "action_plan.item.saved")
}

// ItemPage is one item of the plan: a measure with its details, the form
// that sets its status, and for the strategy officer the form that moves it.
type ItemPage struct {
	BasePage
	Item      strategy.Located
	Proposals []council.Proposal // of the Council, which the measure carries out
	Statuses  []strategy.Status
	Status    strategy.Status // chosen in the status form
	Parents   []*strategy.Item
	ParentID  int64 // chosen in the move form
	Position  int
	Slots     []strategy.Slot // a measure's reporting periods, the latest first
}

var moveFields = Fields{"strategy.item.parent": "parent", "strategy.item.position": "position"}

// itemPage fills the item page; the officer gets the choices of the move form.
func (s *Server) itemPage(r *http.Request, loc strategy.Located) (ItemPage, error) {
	p := ItemPage{BasePage: s.base(r, "strategy.kind."+string(loc.Kind)), Item: loc, Statuses: strategy.Statuses,
		Status: loc.Status, ParentID: loc.ParentID, Position: loc.Position}
	if loc.Kind == strategy.Measure {
		linked, err := s.council.Linked(r.Context())
		if err != nil {
			return p, err
		}
		p.Proposals = linked[loc.ID]
		if p.Slots, err = s.strategy.Slots(r.Context(), loc.ID); err != nil {
			return p, err
		}
	}
	if p.Principal.Can(access.ManageStrategy) {
		pl, err := s.strategy.Plan(r.Context(), loc.StrategyID)
		if err != nil {
			return p, err
		}
		p.Parents = pl.Parents(loc.Kind)
	}
	return p, nil
}

func (s *Server) itemShow(w http.ResponseWriter, r *http.Request) error {
	loc, err := s.itemOf(r)
	if err != nil {
		return err
	}
	p, err := s.itemPage(r, loc)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "action_plan_item", p)
	return nil
}

func (s *Server) itemMove(w http.ResponseWriter, r *http.Request) error {
	loc, err := s.itemOf(r)
	if err != nil {
		return err
	}
	id := loc.ID
	parent, position := chosenID(r.PostFormValue("parent")), formNumber(r.PostFormValue("position"))
	err = s.strategy.MoveItem(r.Context(), id, parent, position)
	if s.userError(r, err) {
		p, perr := s.itemPage(r, loc)
		if perr != nil {
			return perr
		}
		p.ParentID, p.Position = parent, position
		p.refuse(err, moveFields)
		s.render(w, r, http.StatusUnprocessableEntity, "action_plan_item", p)
		return nil
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, itemPath(loc.Item), "action_plan.item.moved")
}

func (s *Server) itemStatus(w http.ResponseWriter, r *http.Request) error {
	loc, err := s.itemOf(r)
	if err != nil {
		return err
	}
	id := loc.ID
	status := strategy.Status(r.PostFormValue("status"))
	err = s.strategy.SetStatus(r.Context(), id, status)
	if s.userError(r, err) {
		p, perr := s.itemPage(r, loc)
		if perr != nil {
			return perr
		}
		p.Status = status
		p.refuse(err, Fields{"strategy.measure.status": "status"})
		s.render(w, r, http.StatusUnprocessableEntity, "action_plan_item", p)
		return nil
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, itemPath(loc.Item), "action_plan.item.status_saved")
}

// MyMeasuresPage is a focal point's list: the measures of their organisation.
type MyMeasuresPage struct {
	BasePage
	Measures []strategy.Located
}

func (s *Server) myMeasures(w http.ResponseWriter, r *http.Request) error {
	list, err := s.strategy.MyMeasures(r.Context())
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "action_plan_mine", MyMeasuresPage{BasePage: s.base(r, "action_plan.mine.title"), Measures: list})
	return nil
}

// PublicPlanPage is the public page of the integration strategy: the
// latest published plan, when there is one.
type PublicPlanPage struct {
	BasePage
	Plan   *strategy.Plan
	Linked map[int64][]council.Proposal
}

func (s *Server) strategyPublic(w http.ResponseWriter, r *http.Request) error {
	p := PublicPlanPage{BasePage: s.base(r, "strategy.title")}
	pl, err := s.strategy.Published(r.Context())
	switch {
	case err == nil:
		p.Plan = &pl
	case !errors.Is(err, db.ErrNotFound):
		return err
	}
	if p.Linked, err = s.council.Linked(r.Context()); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "portal_strategy", p)
	return nil
}
