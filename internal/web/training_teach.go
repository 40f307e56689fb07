package web

import (
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/i18n"
	"inteqra/internal/training"
)

// teachRoutes are the trainer's pages: attendance, the register, test results.
func (s *Server) teachRoutes(h func(string, handler)) {
	h("GET /training/lessons/{id}", s.lessonShow)
	h("POST /training/lessons/{id}", s.lessonMark)
	h("GET /training/cohorts/{id}/register", s.registerShow)
	h("GET /training/cohorts/{id}/register.xlsx", s.registerXLSX)
	h("GET /training/cohorts/{id}/results", s.resultsShow)
	h("POST /training/cohorts/{id}/results", s.resultsSave)
}

// LessonPage is one lesson's attendance form, or its marks read-only once
// the lesson can no longer be marked.
type LessonPage struct {
	BasePage
	Sheet   training.LessonSheet
	Marks   map[int64]string // what the form shows: the saved marks or the posted ones
	Choices []string
}

// NotRunning reports why a read-only lesson cannot be marked: the cohort is
// not running (otherwise the lesson is still to come).
func (p LessonPage) NotRunning() bool { return p.Sheet.Cohort.State != training.Running }

func lessonPath(id int64) string { return "/training/lessons/" + strconv.FormatInt(id, 10) }

func (s *Server) lessonPage(r *http.Request, id int64) (LessonPage, error) {
	sheet, err := s.training.Lesson(r.Context(), id)
	return LessonPage{BasePage: s.base(r, "teach.attendance"), Sheet: sheet, Marks: sheet.Marks, Choices: training.Marks}, err
}

func (s *Server) lessonShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p, err := s.lessonPage(r, id)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "training_lesson", p)
	return nil
}

// lessonMark saves the posted marks. The form lists its learners in hidden
// "learner" fields, so "everyone present" needs no JavaScript: all=present
// marks each of them; otherwise mark_<enrolment> gives each learner's mark
// and a learner left unmarked is left alone.
func (s *Server) lessonMark(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	marks := map[int64]string{}
	all := r.PostForm.Get("all")
	for _, v := range r.PostForm["learner"] {
		learner, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			continue
		}
		mark := r.PostForm.Get("mark_" + v)
		if all != "" {
			mark = all
		}
		if mark != "" {
			marks[learner] = mark
		}
	}
	err = s.training.MarkAttendance(r.Context(), id, marks)
	if s.userError(r, err) {
		p, perr := s.lessonPage(r, id)
		if perr != nil {
			return perr
		}
		p.Marks = marks
		p.refuse(err, nil) // about the lesson or a learner's row: the summary says which
		s.render(w, r, http.StatusUnprocessableEntity, "training_lesson", p)
		return nil
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, lessonPath(id), "teach.saved")
}

// RegisterPage is a cohort's register: lessons by learners, with rates and
// the final test.
type RegisterPage struct {
	BasePage
	Sheet   training.Sheet
	Choices []string
}

// Final returns a learner's final test result, nil when there is none.
func (p RegisterPage) Final(enrolmentID int64) *training.TestResult {
	if r, ok := p.Sheet.Result(enrolmentID, training.Final); ok {
		return &r
	}
	return nil
}

func (s *Server) registerShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	sheet, err := s.training.Register(r.Context(), id)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "training_register", RegisterPage{BasePage: s.base(r, "training.register"), Sheet: sheet, Choices: training.Marks})
	return nil
}

// unsafeFileChars are the characters a cohort code may hold that a file name should not.
var unsafeFileChars = regexp.MustCompile(`[^A-Za-z0-9_-]+`)

// registerXLSX answers with the register as a workbook: attendance with
// the mark words in the user's language, and every test result.
func (s *Server) registerXLSX(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	sh, err := s.training.RegisterExport(r.Context(), id)
	if err != nil {
		return err
	}
	p := s.catalog.Printer(langFrom(r.Context()))
	att := Table{Sheet: p.T("teach.sheet_attendance"), Headers: []string{p.T("training.learner")}}
	for _, l := range sh.Lessons {
		att.Headers = append(att.Headers, p.Date(l.Day))
	}
	att.Headers = append(att.Headers, p.T("teach.rate_percent"), p.T("teach.final_score"))
	res := Table{Sheet: p.T("teach.sheet_results"), Headers: []string{p.T("training.learner"), p.T("teach.test"),
		p.T("teach.test_date"), p.T("teach.score")}}
	if sh.Course.Language() {
		res.Headers = append(res.Headers, p.T("teach.level"))
	}
	for _, e := range sh.Learners {
		row := []any{e.PersonName}
		for _, l := range sh.Lessons {
			mark := ""
			if m := sh.Mark(l.ID, e.ID); m != "" {
				mark = p.T("teach.mark." + m)
			}
			row = append(row, mark)
		}
		row = append(row, sh.Rates[e.ID].Percent())
		if t, ok := sh.Result(e.ID, training.Final); ok {
			row = append(row, t.Score)
		} else {
			row = append(row, "")
		}
		att.Rows = append(att.Rows, row)
		for _, kind := range training.TestKinds {
			if t, ok := sh.Result(e.ID, kind); ok {
				line := []any{e.PersonName, p.T("teach.kind." + kind), p.Date(t.TakenOn), t.Score}
				if sh.Course.Language() {
					line = append(line, t.Level)
				}
				res.Rows = append(res.Rows, line)
			}
		}
	}
	name := "register-" + unsafeFileChars.ReplaceAllString(sh.Cohort.Code, "_") + ".xlsx"
	return writeXLSX(w, name, att, res)
}

// ResultsPage enters one kind of test's scores for a cohort's learners.
type ResultsPage struct {
	BasePage
	Sheet    training.Sheet
	Kind     string
	TakenOn  string // yyyy-mm-dd for the date input
	Rows     []ResultRow
	Editable bool // the store takes this kind of test in the cohort's state
	Kinds    []string
	Levels   []string
}

// ResultRow is one learner's line of the results form.
type ResultRow struct {
	Learner training.Enrolment
	Input   training.ResultInput
}

// resultsPage builds the form for kind from the saved results; rows and
// takenOn, when given, are the user's input to show again.
func (s *Server) resultsPage(r *http.Request, id int64, kind, takenOn string, input map[int64]training.ResultInput) (ResultsPage, error) {
	if err := access.Require(r.Context(), access.TeachCohorts); err != nil {
		return ResultsPage{}, err
	}
	sh, err := s.training.Register(r.Context(), id)
	if err != nil {
		return ResultsPage{}, err
	}
	if !slices.Contains(training.TestKinds, kind) {
		kind = training.Final
	}
	state := sh.Cohort.State
	p := ResultsPage{BasePage: s.base(r, "training.results"), Sheet: sh, Kind: kind, TakenOn: takenOn,
		Editable: state == training.Running || (kind == training.Placement && state == training.Open),
		Kinds:    training.TestKinds}
	if sh.Course.Language() {
		p.Levels = training.Levels
	}
	for _, e := range sh.Learners {
		saved, has := sh.Result(e.ID, kind)
		if !e.Live() && !has {
			continue
		}
		row := ResultRow{Learner: e, Input: training.ResultInput{EnrolmentID: e.ID}}
		if has {
			row.Input.Score, row.Input.Level = strconv.Itoa(saved.Score), saved.Level
			if p.TakenOn == "" {
				p.TakenOn = saved.TakenOn.Format(time.DateOnly)
			}
		}
		if in, ok := input[e.ID]; ok {
			row.Input = in
		}
		p.Rows = append(p.Rows, row)
	}
	if p.TakenOn == "" {
		p.TakenOn = i18n.DayOf(time.Now()).Format(time.DateOnly)
	}
	return p, nil
}

func (s *Server) resultsShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p, err := s.resultsPage(r, id, r.URL.Query().Get("kind"), "", nil)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "training_results", p)
	return nil
}

// resultsFields ties the results form's inputs to the labels its errors
// name; a learner's row names the learner in its message instead.
var resultsFields = Fields{"teach.test": "kind", "teach.test_date": "taken_on"}

// resultsSave records every row of the form at once: the store saves all
// of them or none.
func (s *Server) resultsSave(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	f := r.PostForm
	kind, takenOn := f.Get("kind"), f.Get("taken_on")
	var rows []training.ResultInput
	input := map[int64]training.ResultInput{}
	for _, v := range f["learner"] {
		learner, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			continue
		}
		in := training.ResultInput{EnrolmentID: learner, Score: f.Get("score_" + v), Level: f.Get("level_" + v)}
		rows, input[learner] = append(rows, in), in
	}
	err = s.training.RecordResults(r.Context(), id, kind, takenOn, rows)
	if s.userError(r, err) {
		p, perr := s.resultsPage(r, id, kind, takenOn, input)
		if perr != nil {
			return perr
		}
		p.refuse(err, resultsFields)
		s.render(w, r, http.StatusUnprocessableEntity, "training_results", p)
		return nil
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, cohortPath(id)+"/results?kind="+kind, "teach.results_saved")
}
