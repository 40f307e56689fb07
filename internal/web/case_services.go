package web

import (
	"net/http"
	"strings"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/cases"
	"inteqra/internal/i18n"
	"inteqra/internal/people"
)

// serviceRoutes are the catalogue of services, a case's service contacts,
// notes and tasks, the consultant's own tasks and the caseload export.
func (s *Server) serviceRoutes(h func(string, handler)) {
	h("GET /admin/services", s.serviceList)
	h("GET /admin/services/new", s.serviceNew)
	h("POST /admin/services", s.serviceSave)
	h("GET /admin/services/{id}", s.serviceEdit)
	h("POST /admin/services/{id}", s.serviceSave)
	h("GET /cases/{id}/services", s.caseContacts)
	h("POST /cases/{id}/services", s.caseContactRecord)
	h("GET /cases/{id}/notes", s.caseNotes)
	h("POST /cases/{id}/notes", s.caseNoteAdd)
	h("GET /cases/{id}/tasks", s.caseTasks)
	h("POST /cases/{id}/tasks", s.caseTaskAdd)
	h("POST /tasks/{id}/done", s.taskComplete)
	h("GET /tasks", s.myTasks)
	h("GET /cases.xlsx", s.caseloadXLSX)
}

// ServicesAdminPage lists the catalogue of services.
type ServicesAdminPage struct {
	BasePage
	Services []cases.Service
}

func (s *Server) serviceList(w http.ResponseWriter, r *http.Request) error {
	if err := access.Require(r.Context(), access.ManageServices); err != nil {
		return err
	}
	list, err := s.cases.Services(r.Context(), true)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "services_admin", ServicesAdminPage{BasePage: s.base(r, "services.title"), Services: list})
	return nil
}

// ServiceFormPage creates or edits a service.
type ServiceFormPage struct {
	BasePage
	ID    int64
	Input cases.ServiceInput
}

// NameIn returns the name typed for language l.
func (p ServiceFormPage) NameIn(l string) string { return p.Input.Name[i18n.Lang(l)] }

func (s *Server) serviceNew(w http.ResponseWriter, r *http.Request) error {
	if err := access.Require(r.Context(), access.ManageServices); err != nil {
		return err
	}
	p := ServiceFormPage{BasePage: s.base(r, "services.new_title"), Input: cases.ServiceInput{Active: true}}
	s.render(w, r, http.StatusOK, "service_form", p)
	return nil
}

func (s *Server) serviceEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	sv, err := s.cases.Service(r.Context(), id)
	if err != nil {
		return err
	}
	in := cases.ServiceInput{Code: sv.Code, Active: sv.Active,
		Name: map[i18n.Lang]string{i18n.AZ: sv.NameAz, i18n.EN: sv.NameEn, i18n.RU: sv.NameRu}}
	s.render(w, r, http.StatusOK, "service_form", ServiceFormPage{BasePage: s.base(r, "services.edit_title"), ID: id, Input: in})
	return nil
}

// serviceFields ties the service form's inputs to the labels its errors name.
var serviceFields = Fields{
	"services.name_az": "name_az", "services.name_en": "name_en", "services.name_ru": "name_ru", "services.code": "code",
}

func (s *Server) serviceSave(w http.ResponseWriter, r *http.Request) error {
	var id int64
	if r.PathValue("id") != "" {
		var err error
		if id, err = pathID(r); err != nil {
			return err
		}
	}
	in := cases.ServiceInput{Code: r.PostFormValue("code"), Name: map[i18n.Lang]string{}, Active: r.PostFormValue("active") == "on"}
	for _, l := range i18n.Langs {
		in.Name[l] = r.PostFormValue("name_" + string(l))
	}
	_, err := s.cases.SaveService(r.Context(), id, in)
	if s.userError(r, err) {
		title := "services.edit_title"
		if id == 0 {
			title = "services.new_title"
		}
		p := ServiceFormPage{BasePage: s.base(r, title), ID: id, Input: in}
		p.refuse(err, serviceFields)
		s.render(w, r, http.StatusUnprocessableEntity, "service_form", p)
		return nil
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, "/admin/services", "services.saved")
}

// CaseSection is what every sub-page of a case shows: the case and the
// names of the staff who worked on it.
type CaseSection struct {
	BasePage
	Case  cases.Case
	Staff map[int64]string
}

// caseSection loads the case (the view is audited) for a sub-page.
func (s *Server) caseSection(r *http.Request, title string) (CaseSection, error) {
	id, err := pathID(r)
	if err != nil {
		return CaseSection{}, err
	}
	c, err := s.cases.Case(r.Context(), id)
	if err != nil {
		return CaseSection{}, err
	}
	staff, err := s.staffNames(r)
	return CaseSection{BasePage: s.base(r, title), Case: c, Staff: staff}, err
}

// CaseServicesPage lists a case's service contacts and records one.
type CaseServicesPage struct {
	CaseSection
	Contacts  []cases.Contact
	Services  map[int64]cases.Service // every service, for the names of past contacts
	Active    []cases.Service
	Languages []people.Code
	Input     cases.ContactInput
	Today     string
}

func (s *Server) caseContactsPage(r *http.Request, in cases.ContactInput) (CaseServicesPage, error) {
	sec, err := s.caseSection(r, "cases.section.services")
	if err != nil {
		return CaseServicesPage{}, err
	}
	ctx := r.Context()
	p := CaseServicesPage{CaseSection: sec, Services: map[int64]cases.Service{}, Languages: people.Languages(langFrom(ctx)), Input: in,
		Today: i18n.DayOf(time.Now()).Format(time.DateOnly)}
	if p.Contacts, err = s.cases.Contacts(ctx, sec.Case.ID); err != nil {
		return p, err
	}
	all, err := s.cases.Services(ctx, true)
	for _, sv := range all {
		p.Services[sv.ID] = sv
		if sv.Active {
			p.Active = append(p.Active, sv)
		}
	}
	i18n.SortFunc(p.Active, func(sv cases.Service) string { return sv.Name(langFrom(ctx)) })
	if p.Input.HeldOn == "" {
		p.Input.HeldOn = p.Today
	}
	if p.Input.Language == "" {
		p.Input.Language = sec.Case.Language
	}
	return p, err
}

func (s *Server) caseContacts(w http.ResponseWriter, r *http.Request) error {
	p, err := s.caseContactsPage(r, cases.ContactInput{})
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "case_services", p)
	return nil
}

// contactFields ties the contact form's inputs to the labels its errors name.
var contactFields = Fields{
	"contact.service": "service", "contact.held_on": "held_on", "contact.minutes": "minutes",
	"contact.language": "language", "contact.outcome": "outcome",
}

func (s *Server) caseContactRecord(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	service := chosenID(r.PostFormValue("service"))
	in := cases.ContactInput{ServiceID: service, HeldOn: r.PostFormValue("held_on"), Minutes: r.PostFormValue("minutes"),
		Group: r.PostFormValue("format") == "group", Language: r.PostFormValue("language"), Outcome: r.PostFormValue("outcome")}
	_, err = s.cases.RecordContact(r.Context(), id, in)
	if s.userError(r, err) {
		p, perr := s.caseContactsPage(r, in)
		if perr != nil {
			return perr
		}
		p.refuse(err, contactFields)
		s.render(w, r, http.StatusUnprocessableEntity, "case_services", p)
		return nil
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, casePath(id)+"/services", "contact.recorded")
}

// CaseNotesPage lists the notes the user may read and adds one.
type CaseNotesPage struct {
	CaseSection
	Notes      []cases.Note
	Body       string
	Restricted bool
}

// Lines splits a note into its lines, so the page keeps its line breaks.
func (CaseNotesPage) Lines(body string) []string { return strings.Split(body, "\n") }

func (s *Server) caseNotesPage(r *http.Request) (CaseNotesPage, error) {
	sec, err := s.caseSection(r, "cases.section.notes")
	if err != nil {
		return CaseNotesPage{}, err
	}
	p := CaseNotesPage{CaseSection: sec}
	p.Notes, err = s.cases.Notes(r.Context(), sec.Case.ID)
	return p, err
}

func (s *Server) caseNotes(w http.ResponseWriter, r *http.Request) error {
	p, err := s.caseNotesPage(r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "case_notes", p)
	return nil
}

// noteFields ties the note form's input to the label its errors name.
var noteFields = Fields{"note.body": "body"}

func (s *Server) caseNoteAdd(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	body, restricted := r.PostFormValue("body"), r.PostFormValue("restricted") == "on"
	_, err = s.cases.AddNote(r.Context(), id, body, restricted)
	if s.userError(r, err) {
		p, perr := s.caseNotesPage(r)
		if perr != nil {
			return perr
		}
		p.Body, p.Restricted = body, restricted
		p.refuse(err, noteFields)
		s.render(w, r, http.StatusUnprocessableEntity, "case_notes", p)
		return nil
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, casePath(id)+"/notes", "note.added")
}

// CaseTasksPage lists a case's tasks and adds one.
type CaseTasksPage struct {
	CaseSection
	Tasks     []cases.Task
	Assignees []cases.Assignee
	Input     cases.TaskInput
	Today     string
}

// CanComplete reports whether the user may mark t done: its assignee, the
// case's consultant or a supervisor.
func (p CaseTasksPage) CanComplete(t cases.Task) bool {
	return !t.Done() && (t.AssigneeID == p.Principal.UserID || p.Case.ConsultantID == p.Principal.UserID || p.Principal.Can(access.SuperviseCases))
}

func (s *Server) caseTasksPage(r *http.Request, in cases.TaskInput) (CaseTasksPage, error) {
	sec, err := s.caseSection(r, "cases.section.tasks")
	if err != nil {
		return CaseTasksPage{}, err
	}
	p := CaseTasksPage{CaseSection: sec, Input: in, Today: i18n.DayOf(time.Now()).Format(time.DateOnly)}
	if p.Input.AssigneeID == 0 {
		p.Input.AssigneeID = p.Principal.UserID
	}
	if p.Tasks, err = s.cases.Tasks(r.Context(), sec.Case.ID); err != nil {
		return p, err
	}
	p.Assignees, err = s.cases.Assignees(r.Context(), sec.Case.ID)
	return p, err
}

func (s *Server) caseTasks(w http.ResponseWriter, r *http.Request) error {
	p, err := s.caseTasksPage(r, cases.TaskInput{})
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "case_tasks", p)
	return nil
}

// taskFields ties the task form's inputs to the labels its errors name.
var taskFields = Fields{"task.task": "title", "task.assignee": "assignee", "task.due_on": "due_on"}

func (s *Server) caseTaskAdd(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	assignee := chosenID(r.PostFormValue("assignee"))
	in := cases.TaskInput{AssigneeID: assignee, Title: r.PostFormValue("title"), DueOn: r.PostFormValue("due_on")}
	_, err = s.cases.AddTask(r.Context(), id, in)
	if s.userError(r, err) {
		p, perr := s.caseTasksPage(r, in)
		if perr != nil {
			return perr
		}
		p.refuse(err, taskFields)
		s.render(w, r, http.StatusUnprocessableEntity, "case_tasks", p)
		return nil
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, casePath(id)+"/tasks", "task.added")
}

// taskComplete marks a task done and goes back to the page it was done on.
func (s *Server) taskComplete(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.cases.CompleteTask(r.Context(), id); err != nil {
		return err
	}
	return s.redirect(w, r, localPath(r.PostFormValue("next"), "/tasks"), "task.completed")
}

// MyTasksPage lists the user's open tasks, the soonest due first.
type MyTasksPage struct {
	BasePage
	Tasks []cases.Task
}

func (s *Server) myTasks(w http.ResponseWriter, r *http.Request) error {
	list, err := s.cases.MyTasks(r.Context())
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "my_tasks", MyTasksPage{BasePage: s.base(r, "task.mine"), Tasks: list})
	return nil
}

// caseloadXLSX downloads the cases the user may see with their task counts.
func (s *Server) caseloadXLSX(w http.ResponseWriter, r *http.Request) error {
	rows, err := s.cases.Caseload(r.Context())
	if err != nil {
		return err
	}
	staff, err := s.staffNames(r)
	if err != nil {
		return err
	}
	p := s.catalog.Printer(langFrom(r.Context()))
	t := Table{Sheet: p.T("cases.title"), Headers: []string{p.T("cases.number"), p.T("cases.person"), p.T("cases.consultant"),
		p.T("cases.state"), p.T("cases.opened_at"), p.T("cases.updated_at"), p.T("task.open_count"), p.T("task.overdue_count")}}
	for _, c := range rows {
		t.Rows = append(t.Rows, []any{c.ID, c.PersonName, staff[c.ConsultantID], p.T("cases.state." + string(c.State)),
			p.Date(c.OpenedAt), p.Date(c.UpdatedAt), c.OpenTasks, c.OverdueTasks})
	}
	return writeXLSX(w, "caseload.xlsx", t)
}
