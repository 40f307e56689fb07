package web

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"inteqra/internal/i18n"
	"inteqra/internal/people"
	"inteqra/internal/training"
)

// FiguresPage shows the Centre's figures for a period.
type FiguresPage struct {
	BasePage
	From, To string
	Figures  training.Figures
	Groups   []FigureGroup
}

// FigureGroup is one table of the figures page: a breakdown and the label
// of each of its rows in the user's language.
type FigureGroup struct {
	Title  string // catalogue key
	Rows   []training.Tally
	Labels map[string]string
}

// period reads the from and to days of the figures, the current year by
// default. A day that is no date is refused on its field, both at once.
func period(r *http.Request) (from, to time.Time, err error) {
	year := i18n.DayOf(time.Now()).Year()
	from = time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
	to = time.Date(year, 12, 31, 0, 0, 0, 0, time.UTC)
	q := r.URL.Query()
	var errs []error
	if v := q.Get("from"); v != "" {
		if from, err = time.Parse(time.DateOnly, v); err != nil {
			errs = append(errs, i18n.Errorf("figures.error.period", "Field", i18n.Key("figures.from")))
		}
	}
	if v := q.Get("to"); v != "" {
		if to, err = time.Parse(time.DateOnly, v); err != nil {
			errs = append(errs, i18n.Errorf("figures.error.period", "Field", i18n.Key("figures.to")))
		}
	}
	if errs == nil && to.Before(from) {
		errs = append(errs, i18n.Errorf("figures.error.period", "Field", i18n.Key("figures.to")))
	}
	return from, to, errors.Join(errs...)
}

// figuresFields ties the period's inputs to the labels its errors name.
var figuresFields = Fields{"figures.from": "from", "figures.to": "to"}

func (s *Server) figuresPage(r *http.Request) (FiguresPage, error) {
	p := FiguresPage{BasePage: s.base(r, "figures.title")}
	from, to, err := period(r)
	p.From, p.To = from.Format(time.DateOnly), to.Format(time.DateOnly)
	if s.userError(r, err) {
		p.From, p.To = r.URL.Query().Get("from"), r.URL.Query().Get("to") // as typed, to be corrected
		p.refuse(err, figuresFields)
		return p, nil
	}
	if p.Figures, err = s.training.Figures(r.Context(), from, to); err != nil {
		return p, err
	}
	lang, pr := langFrom(r.Context()), p.Printer
	courses, cohorts, sexes, countries := map[string]string{}, map[string]string{}, map[string]string{}, map[string]string{}
	for id, c := range p.Figures.Courses {
		courses[strconv.FormatInt(id, 10)] = c.TitleIn(lang)
	}
	for id, c := range p.Figures.Cohorts {
		cohorts[strconv.FormatInt(id, 10)] = c.Code
	}
	for _, sx := range []people.Sex{people.Female, people.Male} {
		sexes[string(sx)] = pr.T("people.sex." + string(sx))
	}
	sexes[""] = pr.T("common.unknown")
	for _, t := range p.Figures.ByCitizenship {
		switch t.Key {
		case training.Pooled:
			countries[t.Key] = pr.T("figures.pooled")
		case "stateless":
			countries[t.Key] = pr.T("people.stateless")
		case "":
			countries[t.Key] = pr.T("common.unknown")
		default:
			countries[t.Key] = people.CountryName(lang, t.Key)
		}
	}
	p.Groups = []FigureGroup{
		{"figures.by_course", p.Figures.ByCourse, courses},
		{"figures.by_cohort", p.Figures.ByCohort, cohorts},
		{"figures.by_sex", p.Figures.BySex, sexes},
		{"figures.by_citizenship", p.Figures.ByCitizenship, countries},
	}
	return p, nil
}

func (s *Server) trainingFigures(w http.ResponseWriter, r *http.Request) error {
	p, err := s.figuresPage(r)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if p.Problems != nil {
		status = http.StatusUnprocessableEntity
	}
	s.render(w, r, status, "training_figures", p)
	return nil
}

func (s *Server) trainingFiguresXLSX(w http.ResponseWriter, r *http.Request) error {
	p, err := s.figuresPage(r)
	if err != nil {
		return err
	}
	if p.Problems != nil {
		s.render(w, r, http.StatusUnprocessableEntity, "training_figures", p)
		return nil
	}
	headers := []string{p.T("figures.group"), p.T("figures.applications"), p.T("figures.rejected"), p.T("figures.waitlisted"),
		p.T("figures.enrolled"), p.T("figures.completed"), p.T("figures.not_completed"), p.T("figures.dropped"),
		p.T("figures.completion_rate"), p.T("figures.finals"), p.T("figures.pass_rate")}
	row := func(label string, t training.Tally) []any {
		cells := []any{label, t.Applications, t.Rejected, t.Waitlisted, t.Enrolled, t.Completed, t.NotCompleted, t.Dropped, "", t.FinalTaken, ""}
		if r := t.CompletionRate(); r.Known {
			cells[8] = r.Percent
		}
		if r := t.PassRate(); r.Known {
			cells[10] = r.Percent
		}
		return cells
	}
	tables := []Table{{Sheet: p.T("figures.total"), Headers: headers, Rows: [][]any{row(p.T("figures.total"), p.Figures.Total)}}}
	for _, g := range p.Groups {
		t := Table{Sheet: p.T(g.Title), Headers: headers}
		for _, tally := range g.Rows {
			t.Rows = append(t.Rows, row(g.Labels[tally.Key], tally))
		}
		tables = append(tables, t)
	}
	return writeXLSX(w, "inteqra-figures-"+p.From+"-"+p.To+".xlsx", tables...)
}
