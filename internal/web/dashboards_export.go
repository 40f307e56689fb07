package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"inteqra/internal/access"
	"inteqra/internal/stats"
)

// exportRows is a dashboard as rows for a file: first what it is (the
// dashboard, the period, the breakdown and filters, the suppression rule,
// when the figures were computed and extracted), then each figure's value
// and tables.
func (p DashboardPage) exportRows() (about [][]string, figures [][][]string) {
	by := []string{}
	for _, c := range []string{p.By, p.By2} {
		if c != "" {
			by = append(by, p.T("stats.category."+c))
		}
	}
	filters := []string{}
	for _, c := range stats.Categories {
		if v := p.Filter[c]; v != "" {
			for _, o := range p.Options[c] {
				if o.Value == v {
					filters = append(filters, p.T(c.LabelKey())+": "+o.Label)
				}
			}
		}
	}
	about = [][]string{
		{p.T("stats.export.dashboard"), p.T("stats.dashboard." + p.Code)},
		{p.T("stats.field.period"), p.Period.Label(p.Printer)},
		{p.T("stats.export.by"), strings.Join(by, ", ")},
		{p.T("stats.export.filters"), strings.Join(filters, "; ")},
		{p.T("stats.open.rule"), stats.SuppressedNote(p.Printer, p.State.Threshold)},
		{p.T("stats.export.computed"), p.DateTime(p.State.RefreshedAt)},
		{p.T("stats.open.extracted"), p.DateTime(time.Now())},
	}
	for _, f := range p.Figures {
		rows := [][]string{{f.Title, f.Value}, {p.T("stats.previous"), f.PrevValue}}
		for _, pn := range f.Panels {
			t := pn.Table
			rows = append(rows, []string{}, []string{t.Caption}, t.Head)
			rows = append(rows, t.Rows...)
		}
		figures = append(figures, rows)
	}
	return about, figures
}

func (s *Server) dashboardCSV(w http.ResponseWriter, r *http.Request) error {
	p, err := s.dashboardPage(r)
	if err != nil || p.Problems != nil {
		return s.dashboardRefused(w, r, p, err)
	}
	about, figures := p.exportRows()
	rows := append(about, []string{})
	for _, f := range figures {
		rows = append(append(rows, f...), []string{})
	}
	return writeCSV(w, p.exportName("csv"), rows)
}

func (s *Server) dashboardXLSX(w http.ResponseWriter, r *http.Request) error {
	p, err := s.dashboardPage(r)
	if err != nil || p.Problems != nil {
		return s.dashboardRefused(w, r, p, err)
	}
	about, figures := p.exportRows()
	tables := []Table{{Sheet: sheetName(p.T("stats.export.about"), 0), Rows: anyRows(about)}}
	for i, f := range figures {
		tables = append(tables, Table{Sheet: sheetName(p.Figures[i].Title, i+1), Rows: anyRows(f)})
	}
	return writeXLSX(w, p.exportName("xlsx"), tables...)
}

// dashboardRefused answers an export asked for with bad input with the
// dashboard and its problems.
func (s *Server) dashboardRefused(w http.ResponseWriter, r *http.Request, p DashboardPage, err error) error {
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusUnprocessableEntity, "dashboard", p)
	return nil
}

func (p DashboardPage) exportName(ext string) string {
	return "inteqra-" + p.Code + "-" + p.Period.Value() + "-" + string(p.Lang()) + "." + ext
}

// sheetName makes a worksheet name of a title: at most 31 characters, none
// of those Excel forbids, numbered so that no two are alike.
func sheetName(title string, n int) string {
	title = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`:\/?*[]`, r) {
			return ' '
		}
		return r
	}, title)
	prefix := ""
	if n > 0 {
		prefix = strconv.Itoa(n) + " "
	}
	for utf8.RuneCountInString(prefix+title) > 31 {
		_, size := utf8.DecodeLastRuneInString(title)
		title = title[:len(title)-size]
	}
	return prefix + title
}

func anyRows(rows [][]string) [][]any {
	out := make([][]any, len(rows))
	for i, row := range rows {
		out[i] = make([]any, len(row))
		for j, c := range row {
			out[i][j] = c
		}
	}
	return out
}

// StatisticsSettingsPage sets the small-cell threshold and shows the last
// refresh of the figures.
type StatisticsSettingsPage struct {
	BasePage
	State     stats.State
	Threshold string
}

func (s *Server) statisticsSettingsPage(r *http.Request) (StatisticsSettingsPage, error) {
	if err := access.Require(r.Context(), access.ManageStatistics); err != nil {
		return StatisticsSettingsPage{}, err
	}
	p := StatisticsSettingsPage{BasePage: s.base(r, "stats.settings.title")}
	var err error
	p.State, err = s.stats.State(r.Context())
	p.Threshold = strconv.Itoa(p.State.Threshold)
	return p, err
}

func (s *Server) statisticsSettings(w http.ResponseWriter, r *http.Request) error {
	p, err := s.statisticsSettingsPage(r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "statistics_settings", p)
	return nil
}

func (s *Server) saveStatisticsSettings(w http.ResponseWriter, r *http.Request) error {
	p, err := s.statisticsSettingsPage(r)
	if err != nil {
		return err
	}
	p.Threshold = r.PostFormValue("threshold")
	err = s.stats.SetThreshold(r.Context(), formNumber(strings.TrimSpace(p.Threshold)))
	if s.userError(r, err) {
		p.refuse(err, Fields{"stats.settings.threshold": "threshold"})
		s.render(w, r, http.StatusUnprocessableEntity, "statistics_settings", p)
		return nil
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, "/admin/statistics", "stats.settings.saved")
}
