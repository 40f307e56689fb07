package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/people"
	"inteqra/internal/stats"
)

// dashboardRoutes are the programme's dashboards: aggregate figures for
// analysts and managers, with their exports and the statistics' settings.
func (s *Server) dashboardRoutes(h func(string, handler)) {
	h("GET /dashboards", s.sendTo("/dashboards/programme", http.StatusSeeOther))
	h("GET /dashboards/{code}", s.dashboard)
	h("GET /dashboards/{code}/export.csv", s.dashboardCSV)
	h("GET /dashboards/{code}/export.xlsx", s.dashboardXLSX)
	h("POST /dashboards/refresh", s.dashboardRefresh)
	// The Centre's figures moved here from /training/figures.
	h("GET /training/figures", s.sendTo("/dashboards/centre", http.StatusMovedPermanently))
	h("GET /training/figures.xlsx", s.sendTo("/dashboards/centre/export.xlsx", http.StatusMovedPermanently))
	h("GET /admin/statistics", s.statisticsSettings)
	h("POST /admin/statistics", s.saveStatisticsSettings)
}

// DashboardPage is one dashboard for a period, broken down as asked.
type DashboardPage struct {
	BasePage
	Dashboards []stats.Dashboard
	Code       string
	// The form, as typed.
	PeriodKind, PeriodValue, From, To, By, By2 string
	Filter                                     map[stats.Category]string
	Options                                    map[stats.Category][]Option
	Period                                     stats.Period
	Figures                                    []FigureView
	State                                      stats.State
	Query                                      string // the request's query, for the exports
}

// Option is a value of a select and its label.
type Option struct{ Value, Label string }

// FigureView is a figure with its texts, tables and charts in the reader's
// language.
type FigureView struct {
	stats.Result
	Title, About             string
	Value, PrevValue, Change string
	Panels                   []Panel
}

// Panel is a chart and the table of its figures, shown side by side.
type Panel struct {
	Chart stats.Chart
	Table TableView
}

// TableView is a protected table as shown and exported: a head row, rows
// each headed by a label, and a total row.
type TableView struct {
	Caption string
	Head    []string
	Rows    [][]string
	Hidden  bool // a count is hidden: the note goes under the table
}

// dashboardFields ties the request's inputs to the labels its errors name.
var dashboardFields = Fields{"stats.field.period_kind": "kind", "stats.field.period": "value",
	"stats.field.from": "from", "stats.field.to": "to", stats.FieldBy: "by", stats.FieldFilter: "f_sex"}

// sendTo sends a reader of dashboards on to path: from the menu's entry to
// the first dashboard, from an old address to where the page lives now.
func (s *Server) sendTo(path string, status int) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		if err := access.Require(r.Context(), access.ReadDashboards); err != nil {
			return err
		}
		http.Redirect(w, r, path, status)
		return nil
	}
}

func (s *Server) dashboardPage(r *http.Request) (DashboardPage, error) {
	ctx := r.Context()
	code := r.PathValue("code")
	d, ok := stats.DashboardOf(code)
	if !ok {
		return DashboardPage{}, db.ErrNotFound
	}
	if err := access.Require(ctx, access.ReadDashboards); err != nil {
		return DashboardPage{}, err
	}
	q := r.URL.Query()
	p := DashboardPage{BasePage: s.base(r, "stats.dashboard."+code), Dashboards: stats.Dashboards, Code: code,
		PeriodKind: q.Get("kind"), PeriodValue: q.Get("value"), From: q.Get("from"), To: q.Get("to"),
		By: q.Get("by"), By2: q.Get("by2"), Filter: map[stats.Category]string{}, Query: r.URL.RawQuery}
	for _, c := range stats.Categories {
		p.Filter[c] = q.Get("f_" + string(c))
	}
	var err error
	if p.State, err = s.stats.State(ctx); err != nil {
		return p, err
	}
	labels, err := s.statLabels(r, p.Printer)
	if err != nil {
		return p, err
	}
	p.Options = labels.options()
	req, err := stats.ParseRequest(r.URL.Query(), time.Now())
	if s.userError(r, err) {
		p.refuse(err, dashboardFields)
		return p, nil
	} else if err != nil {
		return p, err
	}
	p.Period = req.Period
	if p.PeriodKind == "" {
		p.PeriodKind, p.PeriodValue = string(req.Period.Kind), req.Period.Value()
	}
	results, err := s.stats.Compute(ctx, d, req, p.State.Threshold)
	if err != nil {
		return p, err
	}
	for _, res := range results {
		p.Figures = append(p.Figures, labels.view(res, p.State.Threshold))
	}
	return p, nil
}

func (s *Server) dashboard(w http.ResponseWriter, r *http.Request) error {
	p, err := s.dashboardPage(r)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if p.Problems != nil {
		status = http.StatusUnprocessableEntity
	}
	s.render(w, r, status, "dashboard", p)
	return nil
}

// dashboardRefresh asks for new figures now rather than within the hour.
func (s *Server) dashboardRefresh(w http.ResponseWriter, r *http.Request) error {
	if err := s.stats.RequestRefresh(r.Context()); err != nil {
		return err
	}
	back := "/dashboards/programme"
	if ref := r.FormValue("back"); strings.HasPrefix(ref, "/dashboards/") {
		back = ref
	}
	return s.redirect(w, r, back, "stats.refresh.asked")
}

// statLabels names the values of every category for the reader.
type statLabels struct {
	p       *i18n.Printer
	lang    i18n.Lang
	regions map[string]string
	units   map[string]map[string]string // "organisation" or "course" → id → name
	seen    map[stats.Category][]string  // the regions to filter by
}

// categoryLabels names the values of the categories (the regions from
// their catalogue), which anyone may read; statLabels adds the units.
func (s *Server) categoryLabels(r *http.Request, p *i18n.Printer) (statLabels, error) {
	ctx, lang := r.Context(), langFrom(r.Context())
	l := statLabels{p: p, lang: lang, regions: map[string]string{},
		units: map[string]map[string]string{"organisation": {}, "course": {}}, seen: map[stats.Category][]string{}}
	groups, err := s.people.Regions(ctx, lang)
	if err != nil {
		return l, err
	}
	for _, g := range groups {
		for _, rg := range append([]people.Region{g.Region}, g.Places...) {
			id := strconv.FormatInt(rg.ID, 10)
			l.regions[id] = rg.Name(lang)
			l.seen[stats.Region] = append(l.seen[stats.Region], id)
		}
	}
	return l, nil
}

func (s *Server) statLabels(r *http.Request, p *i18n.Printer) (statLabels, error) {
	ctx := r.Context()
	l, err := s.categoryLabels(r, p)
	if err != nil {
		return l, err
	}
	orgs, err := s.orgs.Organisations(ctx)
	if err != nil {
		return l, err
	}
	for _, o := range orgs {
		l.units["organisation"][strconv.FormatInt(o.ID, 10)] = o.Name
	}
	courses, err := s.training.Courses(ctx, true)
	if err != nil {
		return l, err
	}
	for _, c := range courses {
		l.units["course"][strconv.FormatInt(c.ID, 10)] = c.TitleIn(l.lang)
	}
	return l, nil
}

// label names a value of a category.
func (l statLabels) label(c stats.Category, units, v string) string {
	p := l.p
	switch c {
	case stats.Sex:
		if v != "" {
			return p.T("people.sex." + v)
		}
	case stats.Age:
		return p.T("stats.age." + v)
	case stats.Citizenship:
		switch v {
		case stats.Stateless:
			return p.T("people.stateless")
		case stats.CitizenshipMany:
			return p.T("stats.citizenship.many")
		case "":
		default:
			return people.CountryName(l.lang, v)
		}
	case stats.Residence:
		if v == "" {
			return p.T("stats.residence.none")
		}
		return p.T("people.status_kind." + v)
	case stats.Region:
		if name, ok := l.regions[v]; ok {
			return name
		}
	case stats.Outcome:
		return p.T("stats.outcome." + v)
	case stats.Unit:
		if name, ok := l.units[units][v]; ok {
			return name
		}
	case stats.ByMonth:
		if t, err := time.Parse("2006-01", v); err == nil {
			return stats.MonthOf(t.Year(), t.Month()).Label(p)
		}
	}
	return p.T("common.unknown")
}

// categoryName names a category, the unit after the figure's kind of unit.
func (l statLabels) categoryName(c stats.Category, units string) string {
	switch c {
	case stats.Outcome:
		return l.p.T("stats.category.outcome")
	case stats.Unit:
		return l.p.T("stats.units." + units)
	case stats.ByMonth:
		return l.p.T("stats.category.month")
	}
	return l.p.T(c.LabelKey())
}

// options lists the values of each category to filter by.
func (l statLabels) options() map[stats.Category][]Option {
	out := map[stats.Category][]Option{}
	add := func(c stats.Category, values ...string) {
		for _, v := range values {
			out[c] = append(out[c], Option{v, l.label(c, "", v)})
		}
	}
	add(stats.Sex, "f", "m")
	for _, b := range stats.AgeBands[:len(stats.AgeBands)-1] {
		add(stats.Age, string(b))
	}
	add(stats.Citizenship, stats.Stateless)
	for _, c := range people.Countries(l.lang) {
		out[stats.Citizenship] = append(out[stats.Citizenship], Option{c.Code, c.Name})
	}
	for _, k := range people.StatusKinds {
		add(stats.Residence, string(k))
	}
	add(stats.Region, l.seen[stats.Region]...)
	return out
}

// view puts a result in the reader's language: its headline, tables and
// charts.
func (l statLabels) view(res stats.Result, k int) FigureView {
	p := l.p
	v := FigureView{Result: res, Title: p.T("stats.figure." + res.Code), About: p.T("stats.figure." + res.Code + ".about")}
	switch {
	case res.Duration:
		v.Value, v.PrevValue = l.days(res.Median, res.HasMed), l.days(res.PrevMed, res.HasPrev)
	case res.Figure.Rate != "":
		in := stats.NewIndicator(res.Code, "", res.Rate, res.PrevRate, k)
		v.Value, v.PrevValue, v.Change = stats.Percent(p, res.Rate), stats.Percent(p, res.PrevRate), in.ChangeText(p)
	default:
		v.Value, v.PrevValue = res.Total.Text(p, k), res.Previous.Text(p, k)
	}
	if res.Duration {
		return v
	}
	name := func(c stats.Category) string { return l.categoryName(c, res.Units) }
	labelsOf := func(c stats.Category, keys []string) []string {
		out := make([]string, len(keys))
		for i, key := range keys {
			out[i] = l.label(c, res.Units, key)
		}
		return out
	}
	by := func(c stats.Category) string {
		return p.T("stats.by_one", "Figure", v.Title, "Category", lower(name(c)))
	}
	crossed := func(t *stats.Table, rate stats.Result) {
		title := p.T("stats.by_two", "Figure", v.Title, "Rows", lower(name(t.RowCategory)), "Cols", lower(name(t.ColCategory)))
		rows, cols := labelsOf(t.RowCategory, t.RowKeys), labelsOf(t.ColCategory, t.ColKeys)
		v.Panels = append(v.Panels, Panel{
			Chart: stackedChart(res.Code+"-"+string(t.RowCategory)+"-"+string(t.ColCategory), title, name(t.RowCategory), rows, cols, t, k),
			Table: l.tableOf(title, name(t.RowCategory), rows, cols, t, rate, k)})
	}
	if t := res.Main; t != nil {
		crossed(t, res)
	}
	if li := res.List; li != nil {
		title, labels := by(li.Category), labelsOf(li.Category, li.Keys)
		v.Panels = append(v.Panels, Panel{
			Chart: stats.Chart{ID: res.Code + "-" + string(li.Category), Kind: stats.BarChart, Title: title,
				CategoryLabel: name(li.Category), Categories: labels, Series: []stats.Series{{Name: v.Title, Values: li.Cells}}, Threshold: k},
			Table: l.listOf(title, name(li.Category), labels, li, k, true)})
	}
	if t := res.Cross; t != nil {
		crossed(t, stats.Result{})
	}
	if tr := res.Trend; tr != nil {
		title, labels := p.T("stats.trend", "Figure", v.Title), labelsOf(stats.ByMonth, tr.Keys)
		v.Panels = append(v.Panels, Panel{
			Chart: stats.Chart{ID: res.Code + "-trend", Kind: stats.LineChart, Title: title, CategoryLabel: name(stats.ByMonth),
				Categories: labels, Series: []stats.Series{{Name: v.Title, Values: tr.Cells}}, Threshold: k},
			Table: l.listOf(title, name(stats.ByMonth), labels, tr, k, !res.Persons)})
	}
	return v
}

// lower puts a category's name inside a sentence: "by age group".
func lower(s string) string { return i18n.Lower(s) }

func (l statLabels) days(n int, ok bool) string {
	if !ok {
		return l.p.T("stats.indicator.suppressed")
	}
	return l.p.T("stats.days", "Count", n)
}

// listOf is a one-way list as a table, with its total when it adds up.
func (l statLabels) listOf(caption, head string, labels []string, li *stats.List, k int, total bool) TableView {
	t := TableView{Caption: caption, Head: []string{head, l.p.T("stats.open.count")}}
	for i, c := range li.Cells {
		t.Rows = append(t.Rows, []string{labels[i], c.Text(l.p, k)})
		t.Hidden = t.Hidden || c.Hidden
	}
	if total {
		t.Rows = append(t.Rows, []string{l.p.T("stats.chart.total"), li.Total.Text(l.p, k)})
		t.Hidden = t.Hidden || li.Total.Hidden
	}
	return t
}

// tableOf is a crossed table with its totals and, for an indicator, the
// share of each row.
func (l statLabels) tableOf(caption, corner string, rows, cols []string, tb *stats.Table, res stats.Result, k int) TableView {
	p := l.p
	t := TableView{Caption: caption, Head: append(append([]string{corner}, cols...), p.T("stats.chart.total"))}
	rate := -1
	for j, key := range tb.ColKeys {
		if res.Figure.Rate != "" && key == res.Figure.Rate {
			rate = j
		}
	}
	if rate >= 0 {
		t.Head = append(t.Head, p.T("stats.share", "Outcome", cols[rate]))
	}
	line := func(label string, cells []stats.Cell, total stats.Cell) []string {
		row := []string{label}
		for _, c := range cells {
			row = append(row, c.Text(p, k))
			t.Hidden = t.Hidden || c.Hidden
		}
		row = append(row, total.Text(p, k))
		t.Hidden = t.Hidden || total.Hidden
		if rate >= 0 {
			r := stats.Ratio{Num: cells[rate].N, Den: total.N, Hidden: cells[rate].Hidden || total.Hidden}
			row = append(row, stats.Percent(p, r))
		}
		return row
	}
	for i, label := range rows {
		t.Rows = append(t.Rows, line(label, tb.Cells[i], tb.RowTotals[i]))
	}
	t.Rows = append(t.Rows, line(p.T("stats.chart.total"), tb.ColTotals, tb.Total))
	return t
}

// stackedChart draws a crossed table: a bar per row, split by column.
func stackedChart(id, title, head string, rows, cols []string, tb *stats.Table, k int) stats.Chart {
	c := stats.Chart{ID: id, Kind: stats.StackedChart, Title: title, CategoryLabel: head, Categories: rows, Threshold: k}
	for j, name := range cols {
		s := stats.Series{Name: name}
		for i := range rows {
			s.Values = append(s.Values, tb.Cells[i][j])
		}
		c.Series = append(c.Series, s)
	}
	return c
}

// PeriodKinds lists the kinds of period the form offers.
func (DashboardPage) PeriodKinds() []stats.PeriodKind { return stats.PeriodKinds }

// Categories lists the categories counts break down and filter by.
func (DashboardPage) Categories() []stats.Category { return stats.Categories }

// Filtered reports whether a filter is set, to show the filters open.
func (p DashboardPage) Filtered() bool {
	for _, v := range p.Filter {
		if v != "" {
			return true
		}
	}
	return false
}
