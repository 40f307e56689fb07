package api

import (
	"net/http"

	"inteqra/internal/access"
	"inteqra/internal/auth"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/stats"
)

// The programme's dashboards for analysts and managers: aggregate figures
// only, protected at the threshold as on the pages.
func (s *Server) dashboardRoutes() []route {
	return []route{
		{pattern: "GET " + Prefix + "/statistics/dashboards/{code}", scope: auth.Read("stats"), h: s.dashboard},
	}
}

// Dashboard is a dashboard's figures for a period.
type Dashboard struct {
	Code      string      `json:"code"`
	Period    StatsPeriod `json:"period"`
	Threshold int         `json:"threshold"`
	Figures   []Figure    `json:"figures"`
}

// StatsPeriod is the period counted: its kind and its first and last day.
type StatsPeriod struct {
	Kind string `json:"kind"`
	From string `json:"from"`
	To   string `json:"to"`
}

// Figure is one figure of a dashboard as the page shows it: a count, a
// share or a median, with the previous period's when it compares, and its
// breakdowns. What the page hides is null and hidden here.
type Figure struct {
	Code       string      `json:"code"`
	Total      *Count      `json:"total,omitempty"`
	Previous   *Count      `json:"previous,omitempty"`
	Rate       *Share      `json:"rate,omitempty"`
	PrevRate   *Share      `json:"previous_rate,omitempty"`
	Median     *Share      `json:"median_days,omitempty"`
	PrevMedian *Share      `json:"previous_median_days,omitempty"`
	Tables     []StatTable `json:"tables"`
	Lists      []StatList  `json:"lists"`
}

// Share is a share in per cent, or a median in days: null when hidden or
// when there is nothing to measure.
type Share struct {
	Value  *float64 `json:"value"`
	Hidden bool     `json:"hidden"`
}

func shareOf(r stats.Ratio) *Share {
	v, ok := r.Value()
	if !ok {
		return &Share{Hidden: r.Hidden}
	}
	v = 100 * v
	return &Share{Value: &v}
}

func daysOf(n int, ok bool) *Share {
	if !ok {
		return &Share{Hidden: true}
	}
	v := float64(n)
	return &Share{Value: &v}
}

// StatTable is a figure crossed by two categories, with its totals.
type StatTable struct {
	Rows         string    `json:"rows"`
	Columns      string    `json:"columns"`
	RowKeys      []string  `json:"row_keys"`
	ColumnKeys   []string  `json:"column_keys"`
	Cells        [][]Count `json:"cells"`
	RowTotals    []Count   `json:"row_totals"`
	ColumnTotals []Count   `json:"column_totals"`
	Total        Count     `json:"total"`
}

// StatList is a figure by one category (by month for a trend); Total is
// absent where the counts do not add up (persons counted once over months).
type StatList struct {
	Category string   `json:"category"`
	Keys     []string `json:"keys"`
	Counts   []Count  `json:"counts"`
	Total    *Count   `json:"total,omitempty"`
}

func countsOf(cells []stats.Cell) []Count {
	out := make([]Count, len(cells))
	for i, c := range cells {
		out[i] = countOf(c)
	}
	return out
}

func tableOf(t *stats.Table) StatTable {
	out := StatTable{Rows: string(t.RowCategory), Columns: string(t.ColCategory), RowKeys: t.RowKeys, ColumnKeys: t.ColKeys,
		RowTotals: countsOf(t.RowTotals), ColumnTotals: countsOf(t.ColTotals), Total: countOf(t.Total), Cells: [][]Count{}}
	for _, row := range t.Cells {
		out.Cells = append(out.Cells, countsOf(row))
	}
	return out
}

func listOf(l *stats.List, total bool) StatList {
	out := StatList{Category: string(l.Category), Keys: l.Keys, Counts: countsOf(l.Cells)}
	if total {
		c := countOf(l.Total)
		out.Total = &c
	}
	return out
}

// figureOf gives what the dashboard page shows of a result.
func figureOf(res stats.Result) Figure {
	f := Figure{Code: res.Code, Tables: []StatTable{}, Lists: []StatList{}}
	switch {
	case res.Duration:
		// The page shows the median alone.
		f.Median = daysOf(res.Median, res.HasMed)
		if res.Comparable {
			f.PrevMedian = daysOf(res.PrevMed, res.HasPrev)
		}
		return f
	case res.Figure.Rate != "":
		f.Rate = shareOf(res.Rate)
		if res.Comparable {
			f.PrevRate = shareOf(res.PrevRate)
		}
	}
	total := countOf(res.Total)
	f.Total = &total
	if res.Comparable {
		prev := countOf(res.Previous)
		f.Previous = &prev
	}
	for _, t := range []*stats.Table{res.Main, res.Cross} {
		if t != nil {
			f.Tables = append(f.Tables, tableOf(t))
		}
	}
	if res.List != nil {
		f.Lists = append(f.Lists, listOf(res.List, true))
	}
	if res.Trend != nil {
		f.Lists = append(f.Lists, listOf(res.Trend, !res.Persons))
	}
	return f
}

// dashboardFields names the query parameters of the request's labels.
var dashboardFields = map[i18n.Key]string{"stats.field.period_kind": "kind", "stats.field.period": "value",
	"stats.field.from": "from", "stats.field.to": "to", stats.FieldBy: "by", stats.FieldFilter: "filter"}

// dashboard computes a dashboard for the period and breakdown the query
// asks, as its page does (this month unless asked).
func (s *Server) dashboard(w http.ResponseWriter, r *http.Request) error {
	d, ok := stats.DashboardOf(r.PathValue("code"))
	if !ok {
		return db.ErrNotFound
	}
	ctx := r.Context()
	// Refused before the request is read, as the page refuses it.
	if err := access.Require(ctx, access.ReadDashboards); err != nil {
		return err
	}
	req, err := stats.ParseRequest(r.URL.Query(), s.now())
	if err != nil {
		return withFields(err, dashboardFields)
	}
	st, err := s.cfg.Stats.State(ctx)
	if err != nil {
		return err
	}
	results, err := s.cfg.Stats.Compute(ctx, d, req, st.Threshold)
	if err != nil {
		return withFields(err, dashboardFields)
	}
	out := Dashboard{Code: d.Code, Threshold: st.Threshold, Figures: []Figure{},
		Period: StatsPeriod{Kind: string(req.Period.Kind), From: day(req.Period.From), To: day(req.Period.To)}}
	for _, res := range results {
		out.Figures = append(out.Figures, figureOf(res))
	}
	return s.reply(w, r, http.StatusOK, out)
}
