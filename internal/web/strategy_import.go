package web

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/i18n"
	"inteqra/internal/imports"
	"inteqra/internal/strategy"
)

// planUploadBytes caps the body of a plan file's upload: the file and the
// form around it. middleware.go applies it to planUploadPath.
const planUploadBytes = strategy.MaxImportBytes + 1<<20

// planUploadPath is the upload of a plan file, whose path holds an id.
var planUploadPath = regexp.MustCompile(`^/action-plan/[0-9]+/import$`)

// planImportRoutes are the import of a plan from a file (upload, mapping,
// dry run, import) and the export in the same columns, so that a plan
// exported, edited and imported again updates its items by their numbers.
func (s *Server) planImportRoutes(h func(string, handler)) {
	h("GET /action-plan/{id}/import", s.planImportForm)
	h("POST /action-plan/{id}/import", s.planImportUpload)
	h("POST /action-plan/{id}/import/check", s.planImportCheck)
	h("POST /action-plan/{id}/import/run", s.planImportRun)
	h("GET /action-plan/{id}/export.xlsx", s.planExport)
}

// PlanImportPage is every step of a plan's import: Step is "upload",
// "map" (the columns matched to the fields), "check" (the dry run's
// result) or "done". The file travels in the forms as Content, base64.
type PlanImportPage struct {
	BasePage
	Strategy strategy.Strategy
	Step     string
	MaxKB    int
	FileName string
	Content  string
	Columns  []PlanImportColumn
	Fields   []strategy.Column
	Result   strategy.ImportResult
}

// PlanImportColumn is one column of the file with a few of its values.
type PlanImportColumn struct {
	Index   int
	Name    string
	Samples []string
	Field   strategy.Column
}

// Reason is an issue's reason in the page's language.
func (p PlanImportPage) Reason(is strategy.Issue) string { return p.Printer.Error(is.Reason) }

// FieldNames are the changed fields of an item in the page's language.
func (p PlanImportPage) FieldNames(c strategy.Change) string {
	names := make([]string, len(c.Fields))
	for i, f := range c.Fields {
		names[i] = p.T("audit.field." + f)
	}
	return strings.Join(names, ", ")
}

// Count writes a count in the page's language.
func (p PlanImportPage) Count(n int) string { return p.Int(int64(n)) }

// planImportPage checks the permission and the strategy and returns the
// page of the step.
func (s *Server) planImportPage(r *http.Request, step string) (PlanImportPage, error) {
	if err := access.Require(r.Context(), access.ManageStrategy); err != nil {
		return PlanImportPage{}, err
	}
	id, err := pathID(r)
	if err != nil {
		return PlanImportPage{}, err
	}
	st, err := s.strategy.Strategy(r.Context(), id)
	return PlanImportPage{BasePage: s.base(r, "action_plan.import.title"), Strategy: st, Step: step,
		MaxKB: strategy.MaxImportBytes >> 10, Fields: strategy.Columns}, err
}

func (s *Server) planImportForm(w http.ResponseWriter, r *http.Request) error {
	p, err := s.planImportPage(r, "upload")
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "action_plan_import", p)
	return nil
}

func (s *Server) planImportUpload(w http.ResponseWriter, r *http.Request) error {
	p, err := s.planImportPage(r, "map")
	if err != nil {
		return err
	}
	name, content, err := uploadedFileMax(r, strategy.MaxImportBytes,
		i18n.Errorf("strategy.import.error.too_large", "KB", strategy.MaxImportBytes>>10))
	var f *imports.File
	if err == nil {
		f, err = strategy.ReadFile(name, content)
	}
	if s.userError(r, err) {
		p.Step = "upload"
		p.refuse(err, uploadFields)
		s.render(w, r, http.StatusUnprocessableEntity, "action_plan_import", p)
		return nil
	}
	if err != nil {
		return err
	}
	defer f.Close()
	p.FileName, p.Content = f.Name, base64.StdEncoding.EncodeToString(content)
	p.columns(f, strategy.SuggestMapping(f.Headers))
	s.render(w, r, http.StatusOK, "action_plan_import", p)
	return nil
}

// columns lists the file's columns with a few values and their fields.
func (p *PlanImportPage) columns(f *imports.File, m strategy.Mapping) {
	sample := f.Sample(3)
	p.Columns = make([]PlanImportColumn, len(f.Headers))
	for i, h := range f.Headers {
		c := PlanImportColumn{Index: i, Name: imports.ColumnName(f.Headers, i)}
		if i < len(m) {
			c.Field = m[i]
		}
		if h == "" {
			c.Name = p.T("action_plan.import.column_n", "N", i+1)
		}
		for _, row := range sample {
			if i < len(row) && strings.TrimSpace(row[i]) != "" {
				c.Samples = append(c.Samples, row[i])
			}
		}
		p.Columns[i] = c
	}
}

// planImportInput reads the file and the mapping the forms after the
// upload carry.
func (s *Server) planImportInput(r *http.Request, p *PlanImportPage) (strategy.ImportInput, error) {
	content, err := base64.StdEncoding.DecodeString(r.PostFormValue("content"))
	if err != nil || len(content) == 0 {
		return strategy.ImportInput{}, i18n.Errorf("import.error.no_file")
	}
	f, err := strategy.ReadFile(r.PostFormValue("name"), content)
	if err != nil {
		return strategy.ImportInput{}, err
	}
	m := make(strategy.Mapping, len(f.Headers))
	for i := range m {
		m[i] = strategy.Column(r.PostFormValue("col_" + strconv.Itoa(i)))
	}
	p.FileName, p.Content = f.Name, r.PostFormValue("content")
	p.columns(f, m)
	return strategy.ImportInput{File: f, Mapping: m, Words: strategy.Words(s.catalog)}, nil
}

func (s *Server) planImportCheck(w http.ResponseWriter, r *http.Request) error {
	return s.planImportStep(w, r, "check", s.strategy.CheckImport)
}

func (s *Server) planImportRun(w http.ResponseWriter, r *http.Request) error {
	return s.planImportStep(w, r, "done", s.strategy.Import)
}

// planImportStep runs a dry run or the import and shows its result; a
// refused mapping shows the mapping again, and a file with problems the
// dry run's list of them.
func (s *Server) planImportStep(w http.ResponseWriter, r *http.Request, step string,
	run func(ctx context.Context, id int64, in strategy.ImportInput) (strategy.ImportResult, error)) error {
	p, err := s.planImportPage(r, step)
	if err != nil {
		return err
	}
	in, err := s.planImportInput(r, &p)
	if err == nil {
		defer in.File.Close()
		p.Result, err = run(r.Context(), p.Strategy.ID, in)
	}
	if s.userError(r, err) {
		p.Step = "map"
		if p.Content == "" {
			p.Step = "upload"
		}
		p.refuse(err, uploadFields)
		s.render(w, r, http.StatusUnprocessableEntity, "action_plan_import", p)
		return nil
	}
	if err != nil {
		return err
	}
	status := http.StatusOK
	if len(p.Result.Issues) > 0 {
		p.Step = "check"
		if step == "done" {
			status = http.StatusUnprocessableEntity
		}
	}
	s.render(w, r, status, "action_plan_import", p)
	return nil
}

// planExport answers with the plan as an XLSX workbook in the columns the
// import reads, statuses and sources in the reader's language.
func (s *Server) planExport(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	pl, err := s.strategy.Plan(r.Context(), id)
	if err != nil {
		return err
	}
	p := s.catalog.Printer(langFrom(r.Context()))
	t := Table{Sheet: p.T("action_plan.title")}
	for _, c := range strategy.Columns {
		t.Headers = append(t.Headers, p.T("strategy.import.column."+string(c)))
	}
	var walk func([]*strategy.Item)
	walk = func(items []*strategy.Item) {
		for _, it := range items {
			row := []any{it.Number, it.Title.Az, it.Title.En, it.Title.Ru}
			if it.Kind == strategy.Measure {
				partners := make([]string, len(it.Partners))
				for i, o := range it.Partners {
					partners[i] = o.Name
				}
				var planned, source any = "", ""
				if it.Planned.Valid {
					planned = it.Planned.Manat()
				}
				if it.Source != "" {
					source = p.T("strategy.source." + string(it.Source))
				}
				row = append(row, it.Responsible.Name, strings.Join(partners, "; "), isoDay(it.StartsOn), isoDay(it.EndsOn), planned, source,
					p.T("strategy.status."+string(it.Status)))
			}
			t.Rows = append(t.Rows, row)
			walk(it.Children)
		}
	}
	walk(pl.Goals)
	return writeXLSX(w, fmt.Sprintf("action-plan-%d.xlsx", id), t)
}

// isoDay writes a date as the import reads it, or nothing.
func isoDay(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}
