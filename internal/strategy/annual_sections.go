package strategy

import (
	"fmt"

	"inteqra/internal/i18n"
	"inteqra/internal/stats"
)

// Section is one part of the annual report as a table in the reader's
// language: the PDF prints it under its title, a spreadsheet makes it a
// sheet. A cell is a string, an int or a Money.
type Section struct {
	Title   string
	Headers []string
	Widths  []float64 // the columns' shares of the PDF page's width
	Rows    []Row
	Empty   string // what the PDF says when there is no row
}

// Row is a row of a section. A heading row (a goal, an objective, the
// total) prints in bold; one with fewer cells than the headers spans the
// table in the PDF.
type Row struct {
	Cells   []any
	Heading bool
}

// Values returns the section's rows for a spreadsheet: amounts as numbers
// of manat, an amount not known as an empty cell.
func (s Section) Values() [][]any {
	out := make([][]any, len(s.Rows))
	for i, r := range s.Rows {
		out[i] = make([]any, len(r.Cells))
		for j, c := range r.Cells {
			if m, ok := c.(Money); ok {
				c = ""
				if m.Valid {
					c = m.Manat()
				}
			}
			out[i][j] = c
		}
	}
	return out
}

// Cover is what the report is: the strategy, its period, the year, the day
// of the traffic lights and when the report was made, as label and value.
func (a AnnualReport) Cover(p *i18n.Printer) Section {
	pair := func(key, value string) Row { return Row{Cells: []any{p.T(key), value}} }
	return Section{Title: p.T("strategy.annual.cover"), Widths: []float64{1, 3}, Rows: []Row{
		pair("action_plan.strategy", a.Title.In(p.Lang())),
		pair("action_plan.period", yearsOf(a.Strategy)),
		pair("strategy.annual.year", fmt.Sprint(a.Year)),
		pair("strategy.annual.day", p.Date(a.Day)),
		pair("strategy.annual.generated", p.DateTime(a.Generated)),
		pair("action_plan.count.measures", p.Int(int64(a.Total.Total()))),
	}}
}

func yearsOf(s Strategy) string { return fmt.Sprintf("%d–%d", s.FirstYear, s.LastYear) }

// Sections returns the report's parts after its cover, in order.
func (a AnnualReport) Sections(p *i18n.Printer) []Section {
	out := []Section{a.progress(p), a.measures(p), a.budget(p), a.delayed(p), a.reports(p)}
	if s, ok := a.indicators(p); ok {
		out = append(out, s)
	}
	return out
}

// indicators lists the indicators of the objectives and measures with
// their baselines, and their values against their targets for the year;
// a plan without indicators has no such section.
func (a AnnualReport) indicators(p *i18n.Printer) (Section, bool) {
	s := Section{Title: p.T("strategy.annual.indicators", "Year", a.Year), Widths: []float64{8, 50, 14, 22, 22, 22},
		Headers: []string{p.T("strategy.annual.number"), p.T("indicator.label"), p.T("strategy.indicator.unit"),
			p.T("strategy.indicator.baseline"), p.T("indicator.series.target"), p.T("indicator.series.value")}}
	for _, ai := range a.Indicators {
		ind := ai.Indicator
		baseline := ""
		if ind.Baseline.Valid {
			baseline = p.T("indicator.baseline_is", "Value", FormatValue(p, ind.Unit, ind.Baseline), "Year", ind.BaselineYear)
		}
		target := ""
		if ai.Target.Valid {
			target = FormatValue(p, ind.Unit, ai.Target)
		}
		value := p.T("stats.chart.none")
		switch {
		case ai.Value.Hidden:
			value = stats.SuppressedMark(p, a.Threshold)
		case ai.Value.Value.Valid:
			value = FormatValue(p, ind.Unit, ai.Value.Value)
		}
		s.Rows = append(s.Rows, Row{Cells: []any{ai.Item.Number, ind.Title.In(p.Lang()),
			p.T("strategy.indicator.unit." + string(ind.Unit)), baseline, target, value}})
	}
	return s, len(s.Rows) > 0
}

func lightHeaders(p *i18n.Printer) []string {
	var out []string
	for _, l := range Lights {
		out = append(out, p.T("strategy.light."+string(l)))
	}
	return out
}

func countCells(c Counts) []any {
	return []any{c.OnTrack, c.AtRisk, c.Delayed, c.Completed, c.Cancelled, c.Total()}
}

func itemCells(p *i18n.Printer, it *Item) []any { return []any{it.Number, it.Title.In(p.Lang())} }

// progress counts each goal's and objective's measures by traffic light.
func (a AnnualReport) progress(p *i18n.Printer) Section {
	s := Section{Title: p.T("strategy.annual.progress"), Widths: []float64{8, 60, 11, 11, 11, 11, 11, 9}, Empty: p.T("strategy.annual.no_measures"),
		Headers: append(append([]string{p.T("strategy.annual.number"), p.T("strategy.annual.item")}, lightHeaders(p)...), p.T("strategy.annual.total"))}
	for _, g := range a.Goals {
		s.Rows = append(s.Rows, Row{Cells: append(itemCells(p, g.Item), countCells(g.Counts)...), Heading: true})
		for _, o := range g.Objectives {
			s.Rows = append(s.Rows, Row{Cells: append(itemCells(p, o.Item), countCells(o.Counts)...)})
		}
	}
	if len(s.Rows) > 0 {
		s.Rows = append(s.Rows, Row{Cells: append([]any{"", p.T("strategy.annual.total")}, countCells(a.Total)...), Heading: true})
	}
	return s
}

// measures lists each objective's measures with their status on the day.
func (a AnnualReport) measures(p *i18n.Printer) Section {
	s := Section{Title: p.T("strategy.annual.measures"), Widths: []float64{8, 42, 27, 22, 16, 18, 18}, Empty: p.T("strategy.annual.no_measures"),
		Headers: []string{p.T("strategy.annual.number"), p.T("strategy.kind.measure"), p.T("strategy.measure.responsible"),
			p.T("strategy.annual.dates"), p.T("strategy.annual.status_on", "Date", p.Date(a.Day)), p.T("strategy.annual.planned"),
			p.T("strategy.annual.spent")}}
	for _, g := range a.Goals {
		for _, o := range g.Objectives {
			s.Rows = append(s.Rows, Row{Cells: itemCells(p, o.Item), Heading: true})
			for _, m := range o.Measures {
				s.Rows = append(s.Rows, Row{Cells: append(itemCells(p, m.Item), m.Responsible.Name, p.Date(m.StartsOn)+"–"+p.Date(m.EndsOn),
					p.T("strategy.status."+string(m.StatusOnDay)), m.Planned, m.Spent)})
			}
		}
	}
	return s
}

// budget sums the money planned and spent by responsible organisation.
func (a AnnualReport) budget(p *i18n.Printer) Section {
	s := Section{Title: p.T("strategy.annual.budget"), Widths: []float64{55, 15, 15, 15}, Empty: p.T("strategy.annual.no_measures"),
		Headers: []string{p.T("strategy.measure.responsible"), p.T("action_plan.count.measures"), p.T("strategy.annual.planned"),
			p.T("strategy.annual.spent")}}
	for _, o := range a.ByOrg {
		s.Rows = append(s.Rows, Row{Cells: []any{o.Org.Name, o.Measures, o.Planned, o.Spent}})
	}
	if len(s.Rows) > 0 {
		s.Rows = append(s.Rows, Row{Cells: []any{p.T("strategy.annual.total"), a.Budget.Measures, a.Budget.Planned, a.Budget.Spent},
			Heading: true})
	}
	return s
}

// delayed lists the measures late or at risk with their latest report of
// the year: its period, its state and the reason it gives.
func (a AnnualReport) delayed(p *i18n.Printer) Section {
	s := Section{Title: p.T("strategy.annual.delayed"), Widths: []float64{7, 30, 20, 12, 11, 12, 40}, Empty: p.T("strategy.annual.none_delayed"),
		Headers: []string{p.T("strategy.annual.number"), p.T("strategy.kind.measure"), p.T("strategy.measure.responsible"),
			p.T("strategy.annual.light"), p.T("strategy.annual.latest"), p.T("strategy.report.state"), p.T("strategy.annual.reason")}}
	for _, m := range a.Delayed {
		row := append(itemCells(p, m.Item), m.Responsible.Name, p.T("strategy.light."+string(m.Light)))
		if r := m.Latest; r != nil {
			row = append(row, periodLabel(p, r.Period), p.T("strategy.report.state."+string(r.State)), r.Narrative)
		} else {
			row = append(row, "", p.T("strategy.annual.no_report"), "")
		}
		s.Rows = append(s.Rows, Row{Cells: row})
	}
	return s
}

// reports shows, by measure, where the report of each period of the year
// stands: written or not, approved, returned, overdue.
func (a AnnualReport) reports(p *i18n.Printer) Section {
	s := Section{Title: p.T("strategy.annual.reports"), Widths: []float64{8, 40}, Empty: p.T("strategy.annual.no_measures"),
		Headers: []string{p.T("strategy.annual.number"), p.T("strategy.kind.measure")}}
	for _, pd := range a.Periods {
		s.Headers = append(s.Headers, periodLabel(p, pd))
		s.Widths = append(s.Widths, 52/float64(len(a.Periods)))
	}
	for _, m := range a.Measures() {
		row := itemCells(p, m.Item)
		for _, pd := range a.Periods {
			row = append(row, slotText(p, m.Slots, pd))
		}
		s.Rows = append(s.Rows, Row{Cells: row})
	}
	return s
}

// slotText says where a measure's report of the period stands, or "—" for
// a period the measure had not reached.
func slotText(p *i18n.Printer, slots []Slot, pd Period) string {
	for _, sl := range slots {
		if sl.Period.Start.Equal(pd.Start) {
			text := p.T("strategy.report.state." + string(sl.State))
			if sl.Overdue {
				text += " · " + p.T("strategy.annual.overdue")
			}
			return text
		}
	}
	return "—"
}

func periodLabel(p *i18n.Printer, pd Period) string {
	return p.T(pd.LabelKey(), "Year", pd.Year(), "N", pd.N())
}
