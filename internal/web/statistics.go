package web

import (
	"net/http"
	"time"

	"inteqra/internal/stats"
)

// statisticsRoutes are the public statistics: open data with no sign-in.
func (s *Server) statisticsRoutes(h func(string, handler)) {
	h("GET /statistics", s.statistics)
	h("GET /statistics.csv", s.statisticsCSV)
}

// StatisticsPage is the public statistics page: each figure by year,
// protected, with a chart and its table.
type StatisticsPage struct {
	BasePage
	Figures   []stats.OpenFigure
	Threshold int
}

// Chart returns a figure's chart in the page's language.
func (p StatisticsPage) Chart(f stats.OpenFigure) stats.Chart {
	return f.Chart(p.T("stats.open."+f.Code), p.Threshold)
}

// Cell returns a count as the page shows it: hidden ones as the mark.
func (p StatisticsPage) Cell(c stats.Cell) string { return c.Text(p.Printer, p.Threshold) }

// openData counts the public figures of the recent years and protects
// them at the threshold in force, which it returns.
func (s *Server) openData(r *http.Request) ([]stats.OpenFigure, int, error) {
	return s.stats.RecentOpenData(r.Context(), time.Now())
}

func (s *Server) statistics(w http.ResponseWriter, r *http.Request) error {
	p := StatisticsPage{BasePage: s.base(r, "stats.open.title")}
	var err error
	if p.Figures, p.Threshold, err = s.openData(r); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "statistics", p)
	return nil
}

// statisticsCSV is the open data as CSV in the reader's language: a row
// per figure and year, hidden counts as the mark, then the rule and the
// time of extraction.
func (s *Server) statisticsCSV(w http.ResponseWriter, r *http.Request) error {
	figs, k, err := s.openData(r)
	if err != nil {
		return err
	}
	p := s.catalog.Printer(langFrom(r.Context()))
	rows := [][]string{{p.T("stats.open.figure"), p.T("stats.category.year"), p.T("stats.open.count")}}
	for _, f := range figs {
		for i, key := range f.Years.Keys {
			rows = append(rows, []string{p.T("stats.open." + f.Code), key, f.Years.Cells[i].Text(p, k)})
		}
		rows = append(rows, []string{p.T("stats.open." + f.Code), p.T("stats.open.total"), f.Years.Total.Text(p, k)})
	}
	rows = append(rows, []string{}, []string{p.T("stats.open.rule"), stats.SuppressedNote(p, k)},
		[]string{p.T("stats.open.extracted"), p.DateTime(time.Now())})
	return writeCSV(w, "inteqra-statistics-"+string(p.Lang())+".csv", rows)
}
