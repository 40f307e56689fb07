package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"inteqra/internal/access"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/stats"
	"inteqra/internal/strategy"
)

// indicatorRoutes are the pages of the plan's indicators: the strategy
// officer's forms and each indicator's progress; the public page of one
// is indicatorPublic.
func (s *Server) indicatorRoutes(h func(string, handler)) {
	h("GET /action-plan/{id}/items/{item}/indicators/new", s.indicatorNew)
	h("POST /action-plan/{id}/items/{item}/indicators", s.indicatorCreate)
	h("GET /action-plan/{id}/indicators/{ind}", s.indicatorShow)
	h("GET /action-plan/{id}/indicators/{ind}/edit", s.indicatorEdit)
	h("POST /action-plan/{id}/indicators/{ind}", s.indicatorUpdate)
	h("POST /action-plan/{id}/indicators/{ind}/remove", s.indicatorRemove)
}

// IndicatorFormPage adds (ID 0) or edits an indicator of an objective or
// a measure.
type IndicatorFormPage struct {
	BasePage
	Item       strategy.Located
	ID         int64
	Input      strategy.IndicatorInput
	Kinds      []strategy.IndicatorKind
	Units      []strategy.Unit
	Sources    []strategy.IndicatorSource
	Figures    []string
	Categories []stats.Category
	Years      []int
}

var indicatorFields = Fields{"strategy.indicator.title_az": "title_az", "strategy.indicator.title_en": "title_en",
	"strategy.indicator.title_ru": "title_ru", "strategy.indicator.definition_az": "definition_az",
	"strategy.indicator.definition_en": "definition_en", "strategy.indicator.definition_ru": "definition_ru",
	"strategy.indicator.kind": "kind", "strategy.indicator.unit": "unit", "strategy.indicator.baseline": "baseline",
	"strategy.indicator.baseline_year": "baseline_year", "strategy.indicator.source": "source-reported",
	"strategy.indicator.figure": "figure", "strategy.indicator.breakdowns": "breakdowns-sex",
	"strategy.indicator.targets": "targets"}

// Target returns the target the form holds for a year.
func (p IndicatorFormPage) Target(year int) string { return p.Input.Targets[year] }

func indicatorInput(f url.Values, st strategy.Strategy) strategy.IndicatorInput {
	in := strategy.IndicatorInput{
		Title:      strategy.Texts{Az: f.Get("title_az"), En: f.Get("title_en"), Ru: f.Get("title_ru")},
		Definition: strategy.Texts{Az: f.Get("definition_az"), En: f.Get("definition_en"), Ru: f.Get("definition_ru")},
		Kind:       strategy.IndicatorKind(f.Get("kind")), Unit: strategy.Unit(f.Get("unit")),
		Baseline: f.Get("baseline"), BaselineYear: f.Get("baseline_year"),
		Source: strategy.IndicatorSource(f.Get("source")), Figure: f.Get("figure"), Targets: map[int]string{},
	}
	for _, c := range f["breakdowns"] {
		in.Breakdowns = append(in.Breakdowns, stats.Category(c))
	}
	for y := st.FirstYear; y <= st.LastYear; y++ {
		if v := f.Get("target-" + strconv.Itoa(y)); v != "" {
			in.Targets[y] = v
		}
	}
	return in
}

func (s *Server) indicatorForm(r *http.Request, loc strategy.Located, id int64, in strategy.IndicatorInput) IndicatorFormPage {
	title := "indicator.new"
	if id != 0 {
		title = "indicator.edit"
	}
	p := IndicatorFormPage{BasePage: s.base(r, title), Item: loc, ID: id, Input: in, Kinds: strategy.IndicatorKinds,
		Units: strategy.Units, Sources: strategy.IndicatorSources, Figures: strategy.Figures, Categories: stats.Categories}
	for y := loc.Strategy.FirstYear; y <= loc.Strategy.LastYear; y++ {
		p.Years = append(p.Years, y)
	}
	return p
}

func (s *Server) indicatorNew(w http.ResponseWriter, r *http.Request) error {
	if err := access.Require(r.Context(), access.ManageStrategy); err != nil {
		return err
	}
	loc, err := s.itemOf(r)
	if err != nil {
		return err
	}
	if loc.Kind == strategy.Goal {
		return db.ErrNotFound
	}
	in := strategy.IndicatorInput{Kind: strategy.Output, Unit: strategy.Number, Source: strategy.Reported}
	if loc.Kind != strategy.Measure {
		in.Kind, in.Source = strategy.Outcome, strategy.Computed
	}
	s.render(w, r, http.StatusOK, "action_plan_indicator_form", s.indicatorForm(r, loc, 0, in))
	return nil
}

func (s *Server) indicatorCreate(w http.ResponseWriter, r *http.Request) error {
	if err := access.Require(r.Context(), access.ManageStrategy); err != nil {
		return err
	}
	loc, err := s.itemOf(r)
	if err != nil {
		return err
	}
	in := indicatorInput(r.PostForm, loc.Strategy)
	id, err := s.strategy.AddIndicator(r.Context(), loc.ID, in)
	if s.userError(r, err) {
		p := s.indicatorForm(r, loc, 0, in)
		p.refuse(err, indicatorFields)
		s.render(w, r, http.StatusUnprocessableEntity, "action_plan_indicator_form", p)
		return nil
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, fmt.Sprintf("/action-plan/%d/indicators/%d", loc.StrategyID, id), "indicator.saved")
}

// indicatorOf reads the indicator the path names, of the plan the path
// names: any other answers as a missing page.
func (s *Server) indicatorOf(r *http.Request) (*strategy.Indicator, strategy.Located, error) {
	sid, err := pathID(r)
	if err != nil {
		return nil, strategy.Located{}, err
	}
	id, err := pathInt(r, "ind")
	if err != nil {
		return nil, strategy.Located{}, err
	}
	ind, loc, err := s.strategy.Indicator(r.Context(), id)
	if err == nil && loc.StrategyID != sid {
		err = db.ErrNotFound
	}
	return ind, loc, err
}

func (s *Server) indicatorEdit(w http.ResponseWriter, r *http.Request) error {
	if err := access.Require(r.Context(), access.ManageStrategy); err != nil {
		return err
	}
	ind, loc, err := s.indicatorOf(r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "action_plan_indicator_form", s.indicatorForm(r, loc, ind.ID, ind.Edit()))
	return nil
}

func (s *Server) indicatorUpdate(w http.ResponseWriter, r *http.Request) error {
	if err := access.Require(r.Context(), access.ManageStrategy); err != nil {
		return err
	}
	ind, loc, err := s.indicatorOf(r)
	if err != nil {
		return err
	}
	in := indicatorInput(r.PostForm, loc.Strategy)
	err = s.strategy.UpdateIndicator(r.Context(), ind.ID, in)
	if s.userError(r, err) {
		p := s.indicatorForm(r, loc, ind.ID, in)
		p.refuse(err, indicatorFields)
		s.render(w, r, http.StatusUnprocessableEntity, "action_plan_indicator_form", p)
		return nil
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, fmt.Sprintf("/action-plan/%d/indicators/%d", loc.StrategyID, ind.ID), "indicator.saved")
}

func (s *Server) indicatorRemove(w http.ResponseWriter, r *http.Request) error {
	if err := access.Require(r.Context(), access.ManageStrategy); err != nil {
		return err
	}
	ind, loc, err := s.indicatorOf(r)
	if err != nil {
		return err
	}
	err = s.strategy.RemoveIndicator(r.Context(), ind.ID)
	if s.userError(r, err) {
		p, perr := s.indicatorPage(r, ind, loc)
		if perr != nil {
			return perr
		}
		p.refuse(err, nil)
		s.render(w, r, http.StatusUnprocessableEntity, "action_plan_indicator", p)
		return nil
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, itemPath(loc.Item), "indicator.removed")
}

// IndicatorPage is an indicator with its progress, in the back office or
// on the public site.
type IndicatorPage struct {
	BasePage
	Item   strategy.Located
	View   IndicatorView
	Public bool
}

func (s *Server) indicatorPage(r *http.Request, ind *strategy.Indicator, loc strategy.Located) (IndicatorPage, error) {
	p := IndicatorPage{BasePage: s.base(r, "indicator.title"), Item: loc}
	var err error
	p.View, err = s.indicatorView(r, p.Printer, loc.Strategy, ind)
	return p, err
}

func (s *Server) indicatorShow(w http.ResponseWriter, r *http.Request) error {
	ind, loc, err := s.indicatorOf(r)
	if err != nil {
		return err
	}
	p, err := s.indicatorPage(r, ind, loc)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "action_plan_indicator", p)
	return nil
}

func (s *Server) indicatorPublic(w http.ResponseWriter, r *http.Request) error {
	id, err := pathInt(r, "ind")
	if err != nil {
		return err
	}
	ind, loc, err := s.strategy.PublicIndicator(r.Context(), id)
	if err != nil {
		return err
	}
	p, err := s.indicatorPage(r, ind, loc)
	if err != nil {
		return err
	}
	p.Public = true
	s.render(w, r, http.StatusOK, "portal_strategy_indicator", p)
	return nil
}

// IndicatorView is an indicator's progress in the reader's language: its
// values by year against its baseline and targets, as a chart and a
// table, and the breakdowns of the latest year with a value.
type IndicatorView struct {
	Indicator  *strategy.Indicator
	Baseline   string
	Years      []IndicatorYear
	Chart      stats.Chart
	Latest     int // the year the breakdowns are of; 0 when none has a value
	Breakdowns []BreakdownView
	Note       string // the suppression note, when a value is hidden
}

// IndicatorYear is a row of the indicator's table.
type IndicatorYear struct {
	Year          int
	Value, Target string
}

// BreakdownView is one breakdown of a year's value, as rows of a label
// and a value.
type BreakdownView struct {
	Category stats.Category
	Rows     [][2]string
}

func (s *Server) indicatorView(r *http.Request, p *i18n.Printer, st strategy.Strategy, ind *strategy.Indicator) (IndicatorView, error) {
	v := IndicatorView{Indicator: ind}
	years, err := s.strategy.Progress(r.Context(), st, ind)
	if err != nil {
		return v, err
	}
	state, err := s.stats.State(r.Context())
	if err != nil {
		return v, err
	}
	l, err := s.categoryLabels(r, p)
	if err != nil {
		return v, err
	}
	k := state.Threshold
	text := func(sh strategy.Shown) string {
		switch {
		case sh.Hidden:
			return stats.SuppressedMark(p, k)
		case !sh.Value.Valid:
			return p.T("stats.chart.none")
		}
		return strategy.FormatValue(p, ind.Unit, sh.Value)
	}
	cell := func(sh strategy.Shown) stats.Cell {
		return stats.Cell{N: int(sh.Value.Qepik), Hidden: sh.Hidden, None: !sh.Value.Valid && !sh.Hidden}
	}
	if ind.Baseline.Valid {
		v.Baseline = p.T("indicator.baseline_is", "Value", strategy.FormatValue(p, ind.Unit, ind.Baseline), "Year", ind.BaselineYear)
	}
	values := stats.Series{Name: p.T("indicator.series.value")}
	targets := stats.Series{Name: p.T("indicator.series.target")}
	baseline := stats.Series{Name: p.T("indicator.series.baseline")}
	v.Chart = stats.Chart{ID: "indicator-" + strconv.FormatInt(ind.ID, 10), Kind: stats.LineChart, Title: ind.Title.In(p.Lang()),
		CategoryLabel: p.T("indicator.year"), Threshold: k,
		Format: func(n int) string {
			return strategy.FormatValue(p, ind.Unit, strategy.Money{Qepik: int64(n), Valid: true})
		}}
	hidden := false
	for _, y := range years {
		target, _ := ind.TargetOf(y.Year)
		v.Years = append(v.Years, IndicatorYear{Year: y.Year, Value: text(y.Total), Target: text(strategy.Shown{Value: target})})
		v.Chart.Categories = append(v.Chart.Categories, strconv.Itoa(y.Year))
		values.Values = append(values.Values, cell(y.Total))
		targets.Values = append(targets.Values, cell(strategy.Shown{Value: target}))
		baseline.Values = append(baseline.Values, cell(strategy.Shown{Value: ind.Baseline}))
		hidden = hidden || y.Total.Hidden
		if y.Total.Value.Valid || y.Total.Hidden {
			v.Latest = y.Year
			v.Breakdowns = v.Breakdowns[:0]
			for _, b := range y.Breakdowns {
				bv := BreakdownView{Category: b.Category}
				for i, key := range b.Keys {
					bv.Rows = append(bv.Rows, [2]string{l.label(b.Category, "", key), text(b.Cells[i])})
					hidden = hidden || b.Cells[i].Hidden
				}
				if b.Rest.Value.Valid || b.Rest.Hidden {
					bv.Rows = append(bv.Rows, [2]string{p.T("indicator.rest"), text(b.Rest)})
					hidden = hidden || b.Rest.Hidden
				}
				v.Breakdowns = append(v.Breakdowns, bv)
			}
		}
	}
	v.Chart.Series = []stats.Series{values, targets}
	if ind.Baseline.Valid {
		v.Chart.Series = append(v.Chart.Series, baseline)
	}
	if hidden {
		v.Note = stats.SuppressedNote(p, k)
	}
	return v, nil
}
