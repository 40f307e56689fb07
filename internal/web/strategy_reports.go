package web

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/stats"
	"inteqra/internal/storage"
	"inteqra/internal/strategy"
)

func (s *Server) reportRoutes(h func(string, handler)) {
	h("GET /action-plan/reports", s.reportQueue)
	h("GET /action-plan/{id}/items/{item}/reports/{period}", s.reportShow)
	h("POST /action-plan/{id}/items/{item}/reports/{period}", s.reportSave)
	h("POST /action-plan/{id}/items/{item}/reports/{period}/approve", s.reportApprove)
	h("POST /action-plan/{id}/items/{item}/reports/{period}/return", s.reportReturn)
	h("POST /action-plan/{id}/items/{item}/reports/{period}/files", s.evidenceAdd)
	h("GET /action-plan/{id}/items/{item}/reports/{period}/files/{fid}", s.evidenceDownload)
}

// ReportPage is a measure's report for one period: the focal point's form
// while it is theirs to write, the officer's approve and return forms once
// submitted, and its history.
type ReportPage struct {
	BasePage
	Report   strategy.ReportView
	Input    strategy.ReportInput
	Comment  string
	Write    bool // the principal may write it now
	Review   bool // the principal may approve or return it now
	Statuses []strategy.Status
	MaxMB    int
	Accept   string // the file input's accept list
	Values   []ValueForm
	Computed [][2]string // the measure's computed indicators and their values for the period
}

// ValueForm is a reported indicator of the measure in the report: its
// fields in the form, or its values when the report is read, with their
// history.
type ValueForm struct {
	Indicator *strategy.Indicator
	Name      string // the total's field
	Total     string // as typed, or the value read
	Shown     string // the report's total for the reader, "" when none
	Groups    []ValueGroup
	History   []string
}

// ValueGroup is one breakdown of an indicator: a field for each value of a
// category with a fixed list, or rows of a value chosen and its number.
type ValueGroup struct {
	Category stats.Category
	Fixed    bool
	Cells    []ValueCell
	Options  []Option // the values a row chooses from
}

// ValueCell is one cell of a breakdown: Key chosen (in a row) or fixed,
// and its value as typed.
type ValueCell struct {
	Key, Label, Value string
	Shown             string // the report's value for the reader, "" when none
	Name, KeyName     string // the fields of its value and, in a row, of its choice
}

// HasHistory reports whether any of the report's values has a history.
func (p ReportPage) HasHistory() bool {
	for _, v := range p.Values {
		if len(v.History) > 0 {
			return true
		}
	}
	return false
}

// extraRows is how many empty rows a breakdown without a fixed list offers.
const extraRows = 3

// valueName names a report form's field of an indicator: its total (no
// category), a breakdown's fixed cell (key), or a row's value and choice.
func valueName(ind int64, cat stats.Category, key string) string {
	if cat == "" {
		return fmt.Sprintf("v-%d", ind)
	}
	return fmt.Sprintf("v-%d-%s-%s", ind, cat, key)
}

// reportEntries reads the values of the report form.
func reportEntries(f url.Values, m *strategy.Item) []strategy.EntryInput {
	var out []strategy.EntryInput
	for _, ind := range m.Indicators {
		if ind.Source != strategy.Reported {
			continue
		}
		out = append(out, strategy.EntryInput{IndicatorID: ind.ID, Value: f.Get(valueName(ind.ID, "", ""))})
		for _, c := range ind.Breakdowns {
			if keys, ok := strategy.FixedKeys(c); ok {
				for _, k := range keys {
					out = append(out, strategy.EntryInput{IndicatorID: ind.ID, Category: c, Key: k, Value: f.Get(valueName(ind.ID, c, k))})
				}
				continue
			}
			for i := 0; i < maxRows; i++ {
				row := "row" + strconv.Itoa(i)
				v, key := f.Get(valueName(ind.ID, c, row)), f.Get(valueName(ind.ID, c, row+"-key"))
				if v != "" || key != "" {
					out = append(out, strategy.EntryInput{IndicatorID: ind.ID, Category: c, Key: key, Value: v})
				}
			}
		}
	}
	return out
}

// maxRows bounds the rows of a breakdown a form is read for.
const maxRows = 300

// valueForms lays out the measure's reported indicators for the report
// page, filled from in (the form) or, when the report is read, from its
// values.
func valueForms(l statLabels, v strategy.ReportView, in strategy.ReportInput) []ValueForm {
	p := l.p
	var out []ValueForm
	opts := l.options()
	for _, ind := range v.Measure.Indicators {
		if ind.Source != strategy.Reported {
			continue
		}
		shown := func(c stats.Category, k string) string {
			if m := v.Value(ind.ID, c, k); m.Valid {
				return ind.Format(p, m)
			}
			return ""
		}
		vf := ValueForm{Indicator: ind, Name: valueName(ind.ID, "", ""), Total: in.Typed(ind.ID, "", ""), Shown: shown("", "")}
		for _, c := range ind.Breakdowns {
			g := ValueGroup{Category: c}
			if keys, ok := strategy.FixedKeys(c); ok {
				g.Fixed = true
				for _, k := range keys {
					g.Cells = append(g.Cells, ValueCell{Key: k, Label: l.label(c, "", k), Value: in.Typed(ind.ID, c, k),
						Shown: shown(c, k), Name: valueName(ind.ID, c, k)})
				}
			} else {
				g.Options = opts[c]
				for _, e := range in.Entries {
					if e.IndicatorID == ind.ID && e.Category == c {
						g.Cells = append(g.Cells, ValueCell{Key: e.Key, Label: l.label(c, "", e.Key), Value: e.Value, Shown: shown(c, e.Key)})
					}
				}
				for range extraRows {
					g.Cells = append(g.Cells, ValueCell{})
				}
				for i := range g.Cells {
					row := "row" + strconv.Itoa(i)
					g.Cells[i].Name, g.Cells[i].KeyName = valueName(ind.ID, c, row), valueName(ind.ID, c, row+"-key")
				}
			}
			vf.Groups = append(vf.Groups, g)
		}
		for _, ch := range v.ChangesOf(ind.ID) {
			what := p.T("report.value_total")
			if ch.Category != "" {
				what = p.T(ch.Category.LabelKey()) + ": " + l.label(ch.Category, "", ch.Key)
			}
			value := p.T("report.value_removed")
			if !ch.Removed {
				value = ind.Format(p, ch.Value)
			}
			vf.History = append(vf.History, p.T("report.value_change", "Time", p.DateTime(ch.At), "Name", ch.By, "What", what, "Value", value))
		}
		out = append(out, vf)
	}
	return out
}

var reportFields = Fields{"strategy.report.values": "values", "strategy.report.narrative": "narrative", "strategy.report.status": "status", "strategy.report.spent": "spent",
	"strategy.report.comment": "comment", "strategy.report.evidence": "evidence", "attachment.file": "evidence"}

// reportPath is the page of a measure's report for a period.
func reportPath(it *strategy.Item, p strategy.Period) string {
	return fmt.Sprintf("/action-plan/%d/items/%d/reports/%s", it.StrategyID, it.ID, p.Key())
}

// reportOf reads the report the path names: a measure of the plan the path
// names and a period it has begun.
func (s *Server) reportOf(r *http.Request) (strategy.ReportView, error) {
	loc, err := s.itemOf(r)
	if err != nil {
		return strategy.ReportView{}, err
	}
	start, err := time.Parse(time.DateOnly, r.PathValue("period"))
	if err != nil {
		return strategy.ReportView{}, db.ErrNotFound
	}
	return s.strategy.Report(r.Context(), loc.ID, start)
}

// reportPage fills the report's page; in is what its form holds (the
// report's own values when nothing was sent).
func (s *Server) reportPage(r *http.Request, v strategy.ReportView, in strategy.ReportInput) (ReportPage, error) {
	p := ReportPage{BasePage: s.base(r, "report.form_title"), Report: v, Input: in, Statuses: strategy.Statuses,
		MaxMB: strategy.MaxEvidence >> 20}
	var accept []string
	for _, k := range storage.FileKinds {
		accept = append(accept, k.Extensions...)
		accept = append(accept, k.ContentType)
	}
	p.Accept = strings.Join(accept, ",")
	open := v.Measure.Strategy.State != strategy.Closed
	me := p.Principal
	p.Write = open && v.Editable() && me.Can(access.ReportStrategy) && (me.Role != access.FocalPoint || me.OrgID == v.Measure.Responsible.ID)
	p.Review = open && v.State == strategy.Submitted && me.Can(access.ManageStrategy)
	l, err := s.categoryLabels(r, p.Printer)
	if err != nil {
		return p, err
	}
	p.Values = valueForms(l, v, in)
	state, err := s.stats.State(r.Context())
	if err != nil {
		return p, err
	}
	for _, ind := range v.Measure.Indicators {
		if ind.Source != strategy.Computed {
			continue
		}
		sh, err := s.strategy.ComputedIn(r.Context(), ind, v.Period)
		if err != nil {
			return p, err
		}
		value := ind.Format(p.Printer, sh.Value)
		if sh.Hidden {
			value = stats.SuppressedMark(p.Printer, state.Threshold)
		}
		p.Computed = append(p.Computed, [2]string{ind.Title.In(p.Lang()), value})
	}
	return p, nil
}

func (s *Server) reportShow(w http.ResponseWriter, r *http.Request) error {
	v, err := s.reportOf(r)
	if err != nil {
		return err
	}
	p, err := s.reportPage(r, v, v.Edit())
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "action_plan_report", p)
	return nil
}

func (s *Server) reportSave(w http.ResponseWriter, r *http.Request) error {
	v, err := s.reportOf(r)
	if err != nil {
		return err
	}
	in := strategy.ReportInput{Narrative: r.PostFormValue("narrative"), Status: strategy.Status(r.PostFormValue("status")),
		Spent: r.PostFormValue("spent"), Entries: reportEntries(r.PostForm, v.Measure.Item)}
	submit := r.PostFormValue("submit") != ""
	_, err = s.strategy.SaveReport(r.Context(), v.Measure.ID, v.Period.Start, in, submit)
	if s.userError(r, err) {
		p, perr := s.reportPage(r, v, in)
		if perr != nil {
			return perr
		}
		p.refuse(err, reportFields)
		s.render(w, r, http.StatusUnprocessableEntity, "action_plan_report", p)
		return nil
	}
	if err != nil {
		return err
	}
	flash := "report.saved"
	if submit {
		flash = "report.submitted"
	}
	return s.redirect(w, r, reportPath(v.Measure.Item, v.Period), flash)
}

func (s *Server) reportApprove(w http.ResponseWriter, r *http.Request) error {
	v, err := s.reportOf(r)
	if err != nil {
		return err
	}
	err = s.strategy.ApproveReport(r.Context(), v.Measure.ID, v.Period.Start)
	return s.reportStep(w, r, v, err, "report.approved", nil)
}

// reportStep ends a step on a report: the page again with the problems
// (keep puts back what was typed), or back to the report with a flash.
func (s *Server) reportStep(w http.ResponseWriter, r *http.Request, v strategy.ReportView, err error, flash string, keep func(*ReportPage)) error {
	if s.userError(r, err) {
		p, perr := s.reportPage(r, v, v.Edit())
		if perr != nil {
			return perr
		}
		if keep != nil {
			keep(&p)
		}
		p.refuse(err, reportFields)
		s.render(w, r, http.StatusUnprocessableEntity, "action_plan_report", p)
		return nil
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, reportPath(v.Measure.Item, v.Period), flash)
}

func (s *Server) reportReturn(w http.ResponseWriter, r *http.Request) error {
	v, err := s.reportOf(r)
	if err != nil {
		return err
	}
	comment := r.PostFormValue("comment")
	err = s.strategy.ReturnReport(r.Context(), v.Measure.ID, v.Period.Start, comment)
	return s.reportStep(w, r, v, err, "report.returned", func(p *ReportPage) { p.Comment = comment })
}

func (s *Server) evidenceAdd(w http.ResponseWriter, r *http.Request) error {
	v, err := s.reportOf(r)
	if err != nil {
		return err
	}
	file := attachedFile(r)
	if r.MultipartForm != nil {
		defer r.MultipartForm.RemoveAll()
	}
	if c, ok := file.Body.(io.Closer); ok {
		defer c.Close()
	}
	_, err = s.strategy.AddEvidence(r.Context(), v.Measure.ID, v.Period.Start, strategy.EvidenceInput{Name: file.Name, Body: file.Body})
	return s.reportStep(w, r, v, err, "report.evidence_added", nil)
}

func (s *Server) evidenceDownload(w http.ResponseWriter, r *http.Request) error {
	v, err := s.reportOf(r)
	if err != nil {
		return err
	}
	fid, err := pathInt(r, "fid")
	if err != nil {
		return err
	}
	e, body, err := s.strategy.OpenEvidence(r.Context(), v.Measure.ID, v.Period.Start, fid)
	if err != nil {
		return err
	}
	sendFile(w, r, e.Name, e.ContentType, e.Size, body)
	return nil
}

// ReportQueuePage lists the reports that wait: for the strategy officer
// those submitted for review, and for the officer and the focal point the
// reports due within two weeks and overdue.
type ReportQueuePage struct {
	BasePage
	Reports []strategy.Listed // submitted, the officer's
	Due     []strategy.Listed
}

func (s *Server) reportQueue(w http.ResponseWriter, r *http.Request) error {
	p := ReportQueuePage{BasePage: s.base(r, "report.queue.title")}
	var err error
	if p.Principal.Can(access.ManageStrategy) {
		if p.Reports, err = s.strategy.SubmittedReports(r.Context()); err != nil {
			return err
		}
	}
	if p.Due, err = s.strategy.DueReports(r.Context()); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "action_plan_reports", p)
	return nil
}

// ReportList is the data of a table of reports (action_plan_reports.html);
// When is the message naming its last column: the submission's time or the
// due day.
type ReportList struct {
	Page    *i18n.Printer
	Reports []strategy.Listed
	When    string
}

func reportList(p *i18n.Printer, list []strategy.Listed, when string) ReportList {
	return ReportList{Page: p, Reports: list, When: when}
}

// reportsSection is the staff home's list of the reports due and overdue.
func (s *Server) reportsSection(r *http.Request, p *i18n.Printer) func() (WorkSection, error) {
	return func() (WorkSection, error) {
		ctx := r.Context()
		list, err := s.strategy.DueReports(ctx)
		var items []WorkItem
		for _, l := range list {
			note := p.T("work.report_due_on", "Date", p.Date(l.Period.Due))
			if l.Overdue {
				note = p.T("work.report_overdue_since", "Date", p.Date(l.Period.Due))
			}
			items = append(items, WorkItem{Text: l.Measure.Number + " " + l.Measure.Title.In(p.Lang()) + " · " +
				p.T(l.Period.LabelKey(), "Year", l.Period.Year(), "N", l.Period.N()), Href: reportPath(l.Measure.Item, l.Period), Note: note, Late: l.Overdue})
		}
		return section("work.reports_due", "/action-plan/reports#due", "work.reports_due_none", items), err
	}
}

// reviewSection is the strategy officer's list of the reports submitted
// for review on the staff home.
func (s *Server) reviewSection(r *http.Request, p *i18n.Printer) func() (WorkSection, error) {
	return func() (WorkSection, error) {
		list, err := s.strategy.SubmittedReports(r.Context())
		var items []WorkItem
		for _, l := range list {
			items = append(items, WorkItem{Text: l.Measure.Number + " " + l.Measure.Title.In(p.Lang()) + " · " +
				p.T(l.Period.LabelKey(), "Year", l.Period.Year(), "N", l.Period.N()), Href: reportPath(l.Measure.Item, l.Period),
				Note: l.Measure.Responsible.Name + " · " + p.DateTime(l.UpdatedAt)})
		}
		return section("report.queue.submitted_title", "/action-plan/reports", "report.queue.none", items), err
	}
}
