package web

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"strconv"

	"inteqra/internal/i18n"
	"inteqra/internal/people"

	"inteqra/internal/imports"
)

// importUploadBytes caps the body of an upload: the file and the form
// around it. middleware.go applies it to the upload route only.
const importUploadBytes = imports.MaxBytes + 1<<20

// importIssuesShown bounds the issues a report page lists; the rest are
// in the CSV download.
const importIssuesShown = 500

// importNamesShown is how many rows' names the report shows as read from
// the file, for the user to see its letters came out right.
const importNamesShown = 8

// importRoutes registers the bulk import of persons: upload, mapping, dry
// run, import and their progress. The batch pages live under /imports/
// because a third path segment after /people/ is a person's page.
func (s *Server) importRoutes(h func(string, handler)) {
	h("GET /people/import", s.importHome)
	h("POST /people/import", s.importUpload)
	h("GET /imports/{id}", s.importShow)
	h("POST /imports/{id}/check", s.importCheck)
	h("POST /imports/{id}/run", s.importRun)
	h("POST /imports/{id}/discard", s.importDiscard)
	h("GET /imports/{id}/progress", s.importProgress)
	h("GET /imports/{id}/issues.csv", s.importIssuesCSV)
}

// ImportHomePage is the upload form and the latest batches.
type ImportHomePage struct {
	BasePage
	Batches []imports.Batch
	MaxMB   int
}

// Count writes a count in the page's language.
func (p ImportHomePage) Count(n int) string { return p.Int(int64(n)) }

func (s *Server) importHome(w http.ResponseWriter, r *http.Request) error {
	p, err := s.importHomePage(r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "people_import", p)
	return nil
}

func (s *Server) importHomePage(r *http.Request) (ImportHomePage, error) {
	batches, err := s.imports.Batches(r.Context(), 20)
	return ImportHomePage{BasePage: s.base(r, "import.title"), Batches: batches, MaxMB: imports.MaxBytes >> 20}, err
}

// uploadFields ties the upload form's one input to its problems: the
// feature's errors about the file name no field, as the file is all it gets.
var uploadFields = Fields{"": "file"}

func (s *Server) importUpload(w http.ResponseWriter, r *http.Request) error {
	name, content, err := uploadedFile(r)
	var b imports.Batch
	if err == nil {
		b, err = s.imports.CreateBatch(r.Context(), name, content, true)
	}
	if s.userError(r, err) {
		p, perr := s.importHomePage(r)
		if perr != nil {
			return perr
		}
		p.refuse(err, uploadFields)
		s.render(w, r, http.StatusUnprocessableEntity, "people_import", p)
		return nil
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, importPath(b.ID), "")
}

// uploadedFile reads the file field of a multipart form; a missing or too
// large file is a message for the user.
func uploadedFile(r *http.Request) (string, []byte, error) {
	return uploadedFileMax(r, imports.MaxBytes, i18n.Errorf("import.error.file_too_large", "MB", imports.MaxBytes>>20))
}

// uploadedFileMax reads the file field of a multipart form of at most max
// bytes; tooLarge says so to the user.
func uploadedFileMax(r *http.Request, max int, tooLarge *i18n.Error) (string, []byte, error) {
	err := r.ParseMultipartForm(8 << 20)
	if over := (*http.MaxBytesError)(nil); errors.As(err, &over) {
		return "", nil, tooLarge
	}
	if err != nil {
		return "", nil, i18n.Errorf("import.error.no_file")
	}
	defer r.MultipartForm.RemoveAll()
	f, hdr, err := r.FormFile("file")
	if err != nil {
		return "", nil, i18n.Errorf("import.error.no_file")
	}
	defer f.Close()
	content, err := io.ReadAll(io.LimitReader(f, int64(max)+1))
	if err != nil {
		return "", nil, err
	}
	if len(content) > max {
		return "", nil, tooLarge
	}
	if len(content) == 0 {
		return "", nil, i18n.Errorf("import.error.no_file")
	}
	return hdr.Filename, content, nil
}

func importPath(id int64) string { return "/imports/" + strconv.FormatInt(id, 10) }

// ImportPage is any page of one batch.
type ImportPage struct {
	BasePage
	Batch imports.Batch
}

// Count writes a count in the page's language.
func (p ImportPage) Count(n int) string { return p.Int(int64(n)) }

// ImportMapPage maps the file's columns to fields.
type ImportMapPage struct {
	ImportPage
	Columns []ImportColumn
	Names   []ImportFieldGroup
	Others  []imports.Field
}

// ImportColumn is one column of the file with a few of its values.
type ImportColumn struct {
	Index   int
	Name    string // the header, or "#n" when it is blank
	Samples []string
	Field   imports.Field
}

// ImportFieldGroup holds the name fields of one spelling.
type ImportFieldGroup struct {
	Kind   people.NameKind
	Fields []imports.Field
}

// ImportProgressPage follows a dry run or an import under way.
type ImportProgressPage struct {
	ImportPage
	Progress imports.Progress
}

// ImportReportPage is the report of a dry run, a refused or failed import,
// or a finished one.
type ImportReportPage struct {
	ImportPage
	Issues []imports.Issue
	More   int // issues not listed
	Mode   imports.Mode
	// Encoding and Names show how the file was read, before it is imported.
	Encoding string
	Names    []imports.NameSample
	// Earlier is the latest import of the same file, when there is one:
	// importing it again needs ConfirmRepeat, the checkbox's state.
	Earlier       *imports.Batch
	ConfirmRepeat bool
}

// Importable is how many rows a valid-only import creates.
func (p ImportReportPage) Importable() int {
	return p.Batch.Rows - p.Batch.Invalid - p.Batch.Duplicates
}

// Reason is an issue's reason in the page's language.
func (p ImportReportPage) Reason(is imports.Issue) string { return p.Printer.Error(is.Reason) }

// Skipped is how many rows a finished import left out.
func (p ImportReportPage) Skipped() int { return p.Batch.Rows - p.Batch.Imported }

func (s *Server) importBatch(r *http.Request) (imports.Batch, error) {
	id, err := pathID(r)
	if err != nil {
		return imports.Batch{}, err
	}
	return s.imports.Batch(r.Context(), id)
}

func (s *Server) importShow(w http.ResponseWriter, r *http.Request) error {
	b, err := s.importBatch(r)
	if err != nil {
		return err
	}
	switch {
	case b.State == imports.Uploaded || r.URL.Query().Get("map") == "1" && b.State != imports.Committed && !b.Active:
		p, err := s.importMapPage(r, b)
		if err != nil {
			return err
		}
		s.render(w, r, http.StatusOK, "people_import_map", p)
	case b.State == imports.Checking || b.State == imports.Running || b.State == imports.Interrupted ||
		b.State == imports.RolledBack && b.DoneLine > 0:
		s.render(w, r, http.StatusOK, "people_import_progress", s.importProgressPage(r, b))
	default:
		p, err := s.importReportPage(r, b)
		if err != nil {
			return err
		}
		s.render(w, r, http.StatusOK, "people_import_report", p)
	}
	return nil
}

func (s *Server) importMapPage(r *http.Request, b imports.Batch) (ImportMapPage, error) {
	p := ImportMapPage{ImportPage: ImportPage{BasePage: s.base(r, "import.map_title"), Batch: b}}
	f, err := s.imports.OpenFile(r.Context(), b)
	if err != nil {
		return p, err
	}
	defer f.Close()
	sample := f.Sample(3)
	for i, h := range b.Headers {
		c := ImportColumn{Index: i, Name: h}
		if h == "" {
			c.Name = "#" + strconv.Itoa(i+1)
		}
		if i < len(b.Mapping) {
			c.Field = b.Mapping[i]
		}
		for _, row := range sample {
			if i < len(row) && row[i] != "" {
				c.Samples = append(c.Samples, row[i])
			}
		}
		p.Columns = append(p.Columns, c)
	}
	groups := map[people.NameKind]int{}
	for _, f := range imports.Fields {
		_, kind, ok := f.NameOf()
		if !ok {
			p.Others = append(p.Others, f)
			continue
		}
		i, seen := groups[kind]
		if !seen {
			i = len(p.Names)
			groups[kind] = i
			p.Names = append(p.Names, ImportFieldGroup{Kind: kind})
		}
		p.Names[i].Fields = append(p.Names[i].Fields, f)
	}
	return p, nil
}

func (s *Server) importProgressPage(r *http.Request, b imports.Batch) ImportProgressPage {
	p := ImportProgressPage{ImportPage: ImportPage{BasePage: s.base(r, "import.progress_title"), Batch: b}}
	p.Progress, _ = s.imports.Progress(b.ID)
	return p
}

func (s *Server) importReportPage(r *http.Request, b imports.Batch) (ImportReportPage, error) {
	title := "import.report_title"
	if b.State == imports.Committed {
		title = "import.result_title"
	}
	p := ImportReportPage{ImportPage: ImportPage{BasePage: s.base(r, title), Batch: b}, Mode: imports.ValidOnly,
		ConfirmRepeat: b.RepeatConfirmed}
	if b.Invalid == 0 {
		p.Mode = imports.AllOrNothing
	}
	issues, err := s.imports.Issues(r.Context(), b.ID, importIssuesShown+1)
	if len(issues) > importIssuesShown {
		issues, p.More = issues[:importIssuesShown], b.Invalid+b.Duplicates+b.Flagged-importIssuesShown
	}
	p.Issues = issues
	if b.Error != nil {
		p.refuse(b.Error, nil) // why the run failed, on the batch's own page
	}
	if err != nil || b.State == imports.Committed {
		return p, err
	}
	if err := s.importReadAs(r, &p); err != nil {
		return p, err
	}
	earlier, err := s.imports.SameFile(r.Context(), b)
	if len(earlier) > 0 {
		p.Earlier = &earlier[len(earlier)-1]
	}
	return p, err
}

// importReadAs fills in the encoding the batch's file was read in and the
// first names as read, for the user to confirm before importing. A file
// that can no longer be read shows none: running it says why.
func (s *Server) importReadAs(r *http.Request, p *ImportReportPage) error {
	if !p.Batch.HasFile || p.Batch.Mapping.Check(p.Batch.Headers) != nil {
		return nil
	}
	f, err := s.imports.OpenFile(r.Context(), p.Batch)
	if s.userError(r, err) {
		return nil
	}
	if err != nil {
		return err
	}
	defer f.Close()
	p.Encoding, p.Names = f.Encoding, f.NameSample(p.Batch.Mapping, importNamesShown)
	return nil
}

// importCheck saves the mapping and starts the dry run.
func (s *Server) importCheck(w http.ResponseWriter, r *http.Request) error {
	b, err := s.importBatch(r)
	if err != nil {
		return err
	}
	m := make(imports.Mapping, len(b.Headers))
	for i := range m {
		m[i] = imports.Field(r.PostFormValue("col_" + strconv.Itoa(i)))
	}
	err = s.imports.SetMapping(r.Context(), b.ID, m)
	if err == nil {
		err = s.imports.QueueCheck(r.Context(), b.ID)
	}
	if s.userError(r, err) {
		b.Mapping = m
		p, perr := s.importMapPage(r, b)
		if perr != nil {
			return perr
		}
		p.refuse(err, nil) // about the mapping as a whole or a column: the summary says which
		s.render(w, r, http.StatusUnprocessableEntity, "people_import_map", p)
		return nil
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, importPath(b.ID), "")
}

// importRun starts the import in the chosen mode.
func (s *Server) importRun(w http.ResponseWriter, r *http.Request) error {
	b, err := s.importBatch(r)
	if err != nil {
		return err
	}
	mode := imports.Mode(r.PostFormValue("mode"))
	confirm := r.PostFormValue("confirm_repeat") != ""
	if confirm {
		err = s.imports.ConfirmRepeat(r.Context(), b.ID)
	}
	if err == nil {
		err = s.imports.QueueImport(r.Context(), b.ID, mode)
	}
	if s.userError(r, err) {
		p, perr := s.importReportPage(r, b)
		if perr != nil {
			return perr
		}
		p.Mode, p.ConfirmRepeat = mode, confirm
		p.refuse(err, nil) // about the batch or the mode as a whole
		s.render(w, r, http.StatusUnprocessableEntity, "people_import_report", p)
		return nil
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, importPath(b.ID), "")
}

// errConfirmDiscard asks to confirm a discard.
var errConfirmDiscard = i18n.Errorf("import.error.confirm_discard", "Field", i18n.Key("import.confirm_discard_field"))

// importDiscard removes what an interrupted import added.
func (s *Server) importDiscard(w http.ResponseWriter, r *http.Request) error {
	b, err := s.importBatch(r)
	if err != nil {
		return err
	}
	// Removing persons is not undone: the user ticks that they mean it.
	err = errConfirmDiscard
	if r.PostFormValue("confirm_discard") != "" {
		_, err = s.imports.Discard(r.Context(), b.ID)
	}
	if s.userError(r, err) {
		b, berr := s.importBatch(r)
		if berr != nil {
			return berr
		}
		p := s.importProgressPage(r, b)
		p.refuse(err, Fields{"import.confirm_discard_field": "confirm_discard"})
		s.render(w, r, http.StatusUnprocessableEntity, "people_import_progress", p)
		return nil
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, importPath(b.ID), "import.discarded")
}

// importProgress answers the progress bar's poll: the bar while the run
// goes on, then a redirect to the batch's page. Without JavaScript the
// page's own link reloads the whole page.
func (s *Server) importProgress(w http.ResponseWriter, r *http.Request) error {
	b, err := s.importBatch(r)
	if err != nil {
		return err
	}
	if r.Header.Get("HX-Request") != "true" {
		http.Redirect(w, r, importPath(b.ID), http.StatusSeeOther)
		return nil
	}
	if !b.Active {
		w.Header().Set("HX-Redirect", importPath(b.ID))
	}
	return s.renderFragment(w, r, "people_import_progress", "import_progress", s.importProgressPage(r, b))
}

// renderFragment writes one named template of a page, for htmx.
func (s *Server) renderFragment(w http.ResponseWriter, r *http.Request, page, name string, data any) error {
	var buf bytes.Buffer
	if err := s.templates[page].ExecuteTemplate(&buf, name, data); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = buf.WriteTo(w)
	return nil
}

// importIssuesCSV downloads every issue of a batch, in the user's language.
func (s *Server) importIssuesCSV(w http.ResponseWriter, r *http.Request) error {
	b, err := s.importBatch(r)
	if err != nil {
		return err
	}
	issues, err := s.imports.Issues(r.Context(), b.ID, b.Rows+1)
	if err != nil {
		return err
	}
	pr := s.catalog.Printer(langFrom(r.Context()))
	rows := [][]string{{pr.T("import.line"), pr.T("import.column"), pr.T("import.kind"), pr.T("import.reason"), pr.T("import.record")}}
	for _, is := range issues {
		record := ""
		if is.PersonID != 0 {
			record = strconv.FormatInt(is.PersonID, 10)
		}
		rows = append(rows, []string{strconv.Itoa(is.Line), is.Column, pr.T("import.kind." + string(is.Kind)), pr.Error(is.Reason), record})
	}
	return writeCSV(w, "import-"+strconv.FormatInt(b.ID, 10)+"-issues.csv", rows)
}
