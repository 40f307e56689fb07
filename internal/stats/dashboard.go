package stats

import (
	"cmp"
	"context"
	"errors"
	"net/url"
	"slices"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/i18n"
)

// Figure is one figure of a dashboard: a count of facts of one kind, with
// its breakdown by outcome and the share of one outcome where it is an
// indicator. Its name is the catalogue key stats.figure.<Code>, and what it
// counts stats.figure.<Code>.about.
type Figure struct {
	Code     string
	Kind     Kind
	Persons  bool     // counts each person once
	Outcomes []string // the outcome columns in order; none for a plain count
	Rate     string   // the outcome whose share of all is the indicator
	Units    string   // "organisation" or "course": broken down by unit when no category is chosen
	Stock    bool     // counted from the start to the period's end, not within it
	Today    bool     // what holds today, whatever the period
	Duration bool     // shows the median of the facts' days
	Whole    bool     // facts about records, not persons: not broken down by category
	Rows     Category // always broken down by this, crossed with the first category asked for
	Things   bool     // counts things (the Action Plan's measures), not persons: no cell needs protecting
}

// The outcomes of the kinds that have them, in the order tables show them.
var (
	referralOutcomes  = []string{"completed", "declined", "no_show", "cancelled"}
	endedOutcomes     = []string{"completed", "not_completed", "dropped"}
	testOutcomes      = []string{Passed, Failed}
	answerOutcomes    = []string{"accepted", "partly_accepted", "rejected"}
	planOutcomes      = []string{PlanOnTime, PlanLate, PlanNone}
	caseStates        = []string{"intake", "assessed", "plan_active", "on_hold", "closed"}
	applicationStates = []string{"applied", "waitlisted", "enrolled", "completed", "not_completed", "dropped", "rejected"}
	proposalStates    = []string{"submitted", "under_review", "answered", "implemented", "withdrawn"}
	presences         = []string{"present", "excused", "absent"}
	overdueItems      = []string{OverdueReferral, OverdueTask}
)

// Dashboard is a set of figures shown together.
type Dashboard struct {
	Code    string // catalogue key stats.dashboard.<Code>
	Figures []Figure
}

// Dashboards are the dashboards, in the order the menu lists them.
var Dashboards = []Dashboard{
	{Code: "programme", Figures: []Figure{
		{Code: "reached", Kind: Reached, Persons: true},
		{Code: "assessed", Kind: Assessed, Persons: true},
		{Code: "plan_on_time", Kind: PlanDue, Outcomes: planOutcomes, Rate: PlanOnTime},
		{Code: "referrals_completed", Kind: ReferralClosed, Outcomes: referralOutcomes, Rate: "completed"},
		{Code: "course_completion", Kind: CourseEnded, Outcomes: endedOutcomes, Rate: "completed"},
		{Code: "pass_rate", Kind: FinalTest, Outcomes: testOutcomes, Rate: Passed},
		{Code: "certificates", Kind: Certificate},
		{Code: "proposals_accepted", Kind: ProposalAnswered, Outcomes: answerOutcomes, Rate: "accepted"},
		{Code: "measures_on_track", Kind: Measure, Outcomes: MeasureLights, Rate: "on_track", Today: true, Whole: true, Things: true},
	}},
	{Code: "registry", Figures: []Figure{
		{Code: "registered", Kind: Registered},
		{Code: "registry_residence", Kind: Registered, Stock: true, Rows: Residence},
		{Code: "registry_citizenship", Kind: Registered, Stock: true, Rows: Citizenship},
		{Code: "registry_region", Kind: Registered, Stock: true, Rows: Region},
		{Code: "duplicates_flagged", Kind: DuplicateFlagged, Whole: true},
		{Code: "duplicates_merged", Kind: DuplicateMerged, Whole: true},
	}},
	{Code: "services", Figures: []Figure{
		{Code: "cases_opened", Kind: CaseOpened, Outcomes: caseStates},
		{Code: "days_to_assessment", Kind: Assessed, Duration: true},
		{Code: "days_to_plan", Kind: PlanAgreed, Duration: true},
		{Code: "referrals_by_partner", Kind: ReferralClosed, Outcomes: referralOutcomes, Rate: "completed", Units: "organisation"},
		{Code: "overdue", Kind: Overdue, Outcomes: overdueItems, Today: true},
	}},
	{Code: "centre", Figures: []Figure{
		{Code: "applications", Kind: Applied, Outcomes: applicationStates, Units: "course"},
		{Code: "course_completion", Kind: CourseEnded, Outcomes: endedOutcomes, Rate: "completed", Units: "course"},
		{Code: "pass_rate", Kind: FinalTest, Outcomes: testOutcomes, Rate: Passed, Units: "course"},
		{Code: "certificates", Kind: Certificate, Units: "course"},
	}},
	{Code: "council", Figures: []Figure{
		{Code: "proposals_received", Kind: ProposalReceived, Outcomes: proposalStates},
		{Code: "proposals_accepted", Kind: ProposalAnswered, Outcomes: answerOutcomes, Rate: "accepted"},
		{Code: "attendance", Kind: Attendance, Outcomes: presences, Rate: "present"},
	}},
}

// DashboardOf returns the dashboard of a code.
func DashboardOf(code string) (Dashboard, bool) {
	for _, d := range Dashboards {
		if d.Code == code {
			return d, true
		}
	}
	return Dashboard{}, false
}

// Request is what a dashboard is asked for: a period, at most two
// categories to break every count down by, and filters.
type Request struct {
	Period Period
	By     []Category          // of Categories, at most two, different
	Where  map[Category]string // a value of each category filtered by
}

// The labels of the request's fields, which its errors name.
const (
	FieldBy     = "stats.by"
	FieldFilter = "stats.filter"
)

// ParseRequest reads a dashboard's request from the parameters of the
// page's or the API's address: the period (kind and value, or from and
// to; the month of now by default), by and by2 to break down by, and a
// filter f_<category> for any category.
func ParseRequest(q url.Values, now time.Time) (Request, error) {
	kind, value := q.Get("kind"), q.Get("value")
	if kind == "" {
		kind, value = string(Month), i18n.DayOf(now).Format("2006-01")
	}
	var req Request
	var errs []error
	p, err := ParsePeriod(kind, value, q.Get("from"), q.Get("to"))
	req.Period = p
	errs = append(errs, err)
	for _, name := range []string{"by", "by2"} {
		if v := q.Get(name); v != "" {
			req.By = append(req.By, Category(v))
		}
	}
	for _, c := range Categories {
		if v := q.Get("f_" + string(c)); v != "" {
			if req.Where == nil {
				req.Where = map[Category]string{}
			}
			req.Where[c] = v
		}
	}
	errs = append(errs, req.Validate())
	return req, errors.Join(errs...)
}

// Validate returns every problem of the request at once: categories to
// break down by that are not categories, or the same twice, or more than
// two; filters on what is no category, or values longer than any code.
func (r Request) Validate() error {
	var errs []error
	bad := len(r.By) > 2 || len(r.By) == 2 && r.By[0] == r.By[1]
	for _, c := range r.By {
		_, ok := ParseCategory(string(c))
		bad = bad || !ok
	}
	if bad {
		errs = append(errs, i18n.Errorf("stats.error.by", "Field", i18n.Key(FieldBy)))
	}
	for c, v := range r.Where {
		if _, ok := ParseCategory(string(c)); !ok || len(v) > 64 {
			errs = append(errs, i18n.Errorf("stats.error.filter", "Field", i18n.Key(FieldFilter)))
			break
		}
	}
	return errors.Join(errs...)
}

// Result is a figure computed for a request: every count protected.
type Result struct {
	Figure
	Total, Previous Cell  // the count in the period and in the one before
	Rate, PrevRate  Ratio // the indicator's share, when the figure has one
	Median, PrevMed int   // median days, when the figure measures them
	HasMed, HasPrev bool  // the medians can be shown
	Comparable      bool  // the figure has a previous period to compare with
	Rows            Category
	Main            *Table // rows by outcome, when the figure has outcomes and rows
	List            *List  // rows alone, or outcomes alone
	Cross           *Table // the two categories crossed
	Trend           *List  // by month, when the period spans several
}

// Compute counts the dashboard's figures for the request, protected at the
// threshold.
func (s *Store) Compute(ctx context.Context, d Dashboard, req Request, threshold int) ([]Result, error) {
	if err := access.Require(ctx, access.ReadDashboards); err != nil {
		return nil, err
	}
	if err := req.Validate(); err != nil {
		return nil, err
	}
	today := i18n.DayOf(time.Now())
	// Every figure counts the same version of the table, on one replica.
	ctx = s.db.OneReplica(ctx)
	pinned, err := s.pin(ctx, Query{})
	if err != nil {
		return nil, err
	}
	out := make([]Result, 0, len(d.Figures))
	for _, f := range d.Figures {
		r, err := s.compute(ctx, f, req, threshold, today, pinned.version)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// Figure computes one figure for a period, broken down by at most one
// category, protected at the threshold: the Action Plan's computed
// indicators. Like OpenData it names nobody, so it checks no permission.
func (s *Store) Figure(ctx context.Context, f Figure, p Period, by Category, threshold int) (Result, error) {
	req := Request{Period: p}
	if by != "" {
		req.By = []Category{by}
	}
	if err := req.Validate(); err != nil {
		return Result{}, err
	}
	ctx = s.db.OneReplica(ctx)
	pinned, err := s.pin(ctx, Query{})
	if err != nil {
		return Result{}, err
	}
	return s.compute(ctx, f, req, threshold, i18n.DayOf(time.Now()), pinned.version)
}

func (s *Store) compute(ctx context.Context, f Figure, req Request, k int, today time.Time, version int64) (Result, error) {
	res := Result{Figure: f}
	if f.Things {
		k = 0
	}
	by := req.By
	where := req.Where
	if f.Whole {
		by, where = nil, nil
	}
	q := Query{Kind: f.Kind, From: req.Period.From, To: req.Period.To, Where: where, Persons: f.Persons, version: version}
	prev := q
	prev.From, prev.To = req.Period.Previous().From, req.Period.Previous().To
	switch {
	case f.Today:
		q.From, q.To = time.Time{}, today
	case f.Stock:
		q.From, prev.From = time.Time{}, time.Time{}
	}
	res.Comparable = !f.Today
	// One scan of the period gives every table: by the categories, the
	// outcome and the month at once; each table sums what it needs.
	dims := []Category{"", "", Outcome, ByMonth}
	if f.Rows != "" { // its own rows, crossed with the first category asked for
		if len(by) > 0 && by[0] != f.Rows {
			by = []Category{f.Rows, by[0]}
		} else {
			by = []Category{f.Rows}
		}
	}
	switch {
	case len(by) > 0:
		res.Rows = by[0]
	case f.Units != "":
		res.Rows = Unit
	}
	dims[0] = res.Rows
	if len(by) == 2 {
		dims[1] = by[1]
	}
	// A person counts once in the breakdown but once in each month of the
	// trend, so the months are asked for apart; a stock or today's figure
	// has no trend.
	if f.Persons || f.Stock || f.Today {
		dims[3] = ""
	}
	q.By = compact(dims)
	counts, err := s.Count(ctx, q)
	if err != nil {
		return res, err
	}
	g := spread(dims, counts)
	var lists []*List
	var tables []*Table
	switch {
	case res.Rows != "" && len(f.Outcomes) > 0:
		res.Main = g.crossed(res.Rows, Outcome, g.keysOf(res.Rows, 0), f.Outcomes, 0, 2)
		tables = append(tables, res.Main)
	case res.Rows != "":
		res.List = g.single(res.Rows, g.keysOf(res.Rows, 0), 0)
		lists = append(lists, res.List)
	case len(f.Outcomes) > 0:
		res.List = g.single(Outcome, f.Outcomes, 2)
		lists = append(lists, res.List)
	}
	if len(by) == 2 {
		res.Cross = g.crossed(by[0], by[1], g.keysOf(by[0], 0), g.keysOf(by[1], 1), 0, 1)
		tables = append(tables, res.Cross)
	}
	if months := monthsOf(req.Period); len(months) > 1 && !f.Stock && !f.Today {
		if f.Persons { // the months count persons, not facts, so they are protected alone
			if res.Trend, err = s.personsByMonth(ctx, q, months); err != nil {
				return res, err
			}
			ProtectList(res.Trend, k)
		} else {
			res.Trend = g.single(ByMonth, months, 3)
			lists = append(lists, res.Trend)
		}
	}
	// Each person counts once in a breakdown (under the least of their
	// values), so the cells add up to the persons as to the facts.
	total := 0
	for _, n := range counts {
		total += n
	}
	res.Total = Cell{N: total}
	if err := ProtectAll(k, lists, tables); err != nil {
		return res, err
	}
	switch {
	case res.Main != nil:
		res.Total = res.Main.Total
	case res.List != nil:
		res.Total = res.List.Total
	case res.Trend != nil && !f.Persons:
		res.Total = res.Trend.Total
	default:
		res.Total = protectOne(res.Total, k)
	}
	if f.Rate != "" {
		res.Rate = Ratio{Num: g.sum(keyAt(2, f.Rate), 2), Den: total}.Protect(k)
	}
	if f.Duration {
		days, err := s.Durations(ctx, q)
		if err != nil {
			return res, err
		}
		res.Median, res.HasMed = median(days, k)
	}
	if !res.Comparable {
		return res, nil
	}
	prev.By = []Category{Outcome}
	pc, err := s.Count(ctx, prev)
	if err != nil {
		return res, err
	}
	pt := 0
	for _, n := range pc {
		pt += n
	}
	res.Previous = protectOne(Cell{N: pt}, k)
	if f.Rate != "" {
		res.PrevRate = Ratio{Num: pc[Key{f.Rate}], Den: pt}.Protect(k)
	}
	if f.Duration {
		days, err := s.Durations(ctx, prev)
		if err != nil {
			return res, err
		}
		res.PrevMed, res.HasPrev = median(days, k)
	}
	return res, nil
}

// personsByMonth counts the persons of each month of q's period, each once
// a month: a month's own count, which the counts kept answer for a whole
// calendar month.
func (s *Store) personsByMonth(ctx context.Context, q Query, months []string) (*List, error) {
	counts := make([]int, len(months))
	for i := range months {
		m := q
		m.By = nil
		from := time.Date(q.From.Year(), q.From.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, i, 0)
		m.From, m.To = maxTime(from, q.From), minTime(from.AddDate(0, 1, -1), q.To)
		c, err := s.Count(ctx, m)
		if err != nil {
			return nil, err
		}
		counts[i] = c[Key{}]
	}
	return NewList(ByMonth, months, counts)
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// protectOne hides a lone count below the threshold.
func protectOne(c Cell, k int) Cell {
	c.Hidden = c.N > 0 && c.N < k
	return c
}

// median returns the middle of sorted durations, and false when fewer than
// k facts stand behind it.
func median(days []int, k int) (int, bool) {
	if len(days) == 0 || len(days) < k {
		return 0, false
	}
	return days[len(days)/2], true
}

// compact drops the empty categories of dims, keeping the order.
func compact(dims []Category) []Category {
	var out []Category
	for _, d := range dims {
		if d != "" {
			out = append(out, d)
		}
	}
	return out
}

// countGrid holds a scan's counts by the values at each of the four
// positions of dims (empty positions hold "").
type countGrid map[Key]int

// spread places the counts of a query by compact(dims) at dims' positions.
func spread(dims []Category, counts map[Key]int) countGrid {
	g := countGrid{}
	for k, n := range counts {
		var at Key
		i := 0
		for j, d := range dims {
			if d != "" {
				at[j] = k[i]
				i++
			}
		}
		g[at] += n
	}
	return g
}

// sum adds the counts whose values at the positions pos are key's.
func (g countGrid) sum(key Key, pos ...int) int {
	n := 0
	for k, c := range g {
		match := true
		for _, p := range pos {
			match = match && k[p] == key[p]
		}
		if match {
			n += c
		}
	}
	return n
}

// keysOf returns the values of a category at position pos, in the
// category's order: sex and age bands in their own, the rest largest
// first with the unknown value last.
func (g countGrid) keysOf(c Category, pos int) []string {
	switch c {
	case Sex:
		return []string{"f", "m", ""}
	case Age:
		keys := make([]string, len(AgeBands))
		for i, b := range AgeBands {
			keys[i] = string(b)
		}
		return keys
	}
	seen := map[string]int{}
	for k, n := range g {
		seen[k[pos]] += n
	}
	keys := make([]string, 0, len(seen))
	for k := range seen {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int {
		if (a == "") != (b == "") {
			if a == "" {
				return 1
			}
			return -1
		}
		return cmp.Or(cmp.Compare(seen[b], seen[a]), cmp.Compare(a, b))
	})
	return keys
}

func keyAt(pos int, v string) Key {
	var k Key
	k[pos] = v
	return k
}

// single returns the list of a category's keys from the counts at pos.
func (g countGrid) single(c Category, keys []string, pos int) *List {
	counts := make([]int, len(keys))
	for i, k := range keys {
		counts[i] = g.sum(keyAt(pos, k), pos)
	}
	l, _ := NewList(c, keys, counts)
	return l
}

// crossed returns the table of two categories' keys from the counts at
// positions rp and cp.
func (g countGrid) crossed(rc, cc Category, rows, cols []string, rp, cp int) *Table {
	counts := make([][]int, len(rows))
	for i, r := range rows {
		counts[i] = make([]int, len(cols))
		for j, c := range cols {
			k := keyAt(rp, r)
			k[cp] = c
			counts[i][j] = g.sum(k, rp, cp)
		}
	}
	t, _ := NewTable(rc, cc, rows, cols, counts)
	return t
}

// monthsOf returns the months a period touches, "2006-01".
func monthsOf(p Period) []string {
	var out []string
	for m := time.Date(p.From.Year(), p.From.Month(), 1, 0, 0, 0, 0, time.UTC); !m.After(p.To); m = m.AddDate(0, 1, 0) {
		out = append(out, m.Format("2006-01"))
	}
	return out
}
