package web_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"inteqra/internal/access"
	"inteqra/internal/i18n"
)

func today() string { return i18n.DayOf(time.Now()).Format(time.DateOnly) }

// An admin edits the catalogue of services: bad input is refused with a
// message and kept in the form.
func TestServiceCatalogueAdmin(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	c := s.client()
	c.signIn(access.Admin)
	c.post("/lang", url.Values{"lang": {"en"}})
	pr := s.app.Catalog.Printer(i18n.EN)
	if r := c.get("/admin/services"); r.status != http.StatusOK || !strings.Contains(r.body, "Psixososial dəstək") {
		t.Fatalf("the catalogue: status %d", r.status)
	}
	form := url.Values{"code": {"mentoring"}, "name_az": {"Mentorluq"}, "name_en": {"Mentoring"}, "name_ru": {""}, "active": {"on"}}
	r := c.post("/admin/services", form)
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, htmlEscape(pr.T("services.error.name_required"))) ||
		!strings.Contains(r.body, `value="Mentorluq"`) {
		t.Fatalf("without a Russian name: status %d", r.status)
	}
	form.Set("name_ru", "Наставничество")
	form.Set("code", "counselling")
	if r := c.post("/admin/services", form); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, htmlEscape(pr.T("services.error.code_taken"))) {
		t.Fatalf("a code in use: status %d", r.status)
	}
	form.Set("code", "mentoring")
	if r := c.post("/admin/services", form); r.status != http.StatusSeeOther || r.location != "/admin/services" {
		t.Fatalf("a new service: status %d to %q", r.status, r.location)
	}
	if r := c.get("/admin/services/10"); r.status != http.StatusOK || !strings.Contains(r.body, "Наставничество") {
		t.Errorf("the new service's form: status %d", r.status)
	}
	if r := c.get("/admin/services/999"); r.status != http.StatusNotFound {
		t.Errorf("an unknown service: status %d", r.status)
	}
}

// A consultant records a service contact, a restricted note and a task on
// the demo case; the task shows on their home and task list until done, and
// the caseload export counts it.
func TestCaseServicesPages(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	c := s.client()
	c.signIn(access.Consultant)
	c.post("/lang", url.Values{"lang": {"ru"}})
	pr := s.app.Catalog.Printer(i18n.RU)

	contact := url.Values{"service": {"3"}, "held_on": {today()}, "minutes": {"0"}, "format": {"group"}, "language": {"fa"}, "outcome": {"Разъяснены права"}}
	r := c.post("/cases/1/services", contact)
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, htmlEscape(pr.T("contact.error.minutes"))) ||
		!strings.Contains(r.body, "Разъяснены права") {
		t.Fatalf("a contact of 0 minutes: status %d", r.status)
	}
	contact.Set("minutes", "50")
	if r := c.post("/cases/1/services", contact); r.status != http.StatusSeeOther || r.location != "/cases/1/services" {
		t.Fatalf("record a contact: status %d to %q", r.status, r.location)
	}
	page := c.get("/cases/1/services")
	if !strings.Contains(page.body, "Юридическая консультация") || !strings.Contains(page.body, htmlEscape(pr.T("contact.group"))) {
		t.Error("the contacts list does not show the contact")
	}

	secret := "Сообщила о давлении со стороны работодателя"
	if r := c.post("/cases/1/notes", url.Values{"body": {" "}}); r.status != http.StatusUnprocessableEntity {
		t.Errorf("an empty note: status %d", r.status)
	}
	if r := c.post("/cases/1/notes", url.Values{"body": {secret}, "restricted": {"on"}}); r.status != http.StatusSeeOther {
		t.Fatalf("add a note: status %d", r.status)
	}
	if page := c.get("/cases/1/notes"); !strings.Contains(page.body, secret) || !strings.Contains(page.body, htmlEscape(pr.T("note.restricted_tag"))) {
		t.Error("the author does not see their restricted note")
	}
	if page := c.get("/cases/1"); page.status != http.StatusOK || strings.Contains(page.body, secret) {
		t.Error("the case page's timeline shows a note's text")
	}
	sup := s.client()
	sup.signIn(access.Supervisor)
	if page := sup.get("/cases/1/notes"); !strings.Contains(page.body, secret) {
		t.Error("the supervisor does not see the restricted note")
	}

	task := url.Values{"title": {"Позвонить в школу"}, "assignee": {fmt.Sprint(consultantID(t, s))}, "due_on": {"2001-01-01"}}
	if r := c.post("/cases/1/tasks", task); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, htmlEscape(pr.T("task.error.due_past"))) {
		t.Fatalf("a task due in the past: status %d", r.status)
	}
	task.Set("due_on", today())
	if r := c.post("/cases/1/tasks", task); r.status != http.StatusSeeOther {
		t.Fatalf("add a task: status %d", r.status)
	}
	home := c.get("/staff")
	if !strings.Contains(home.body, "Позвонить в школу") {
		t.Error("the staff home does not list the task")
	}
	m := regexpMust(`action="/tasks/(\d+)/done"`).FindStringSubmatch(c.get("/tasks").body)
	if m == nil {
		t.Fatal("no task to complete on /tasks")
	}

	x := c.get("/cases.xlsx")
	book, err := excelize.OpenReader(bytes.NewReader([]byte(x.body)))
	if err != nil {
		t.Fatalf("caseload export: status %d, %v", x.status, err)
	}
	rows, _ := book.GetRows(book.GetSheetName(0))
	if len(rows) != 2 || rows[0][6] != pr.T("task.open_count") || rows[1][0] != "1" || rows[1][6] != "1" || rows[1][7] != "0" {
		t.Errorf("caseload rows: %q", rows)
	}

	if r := c.post("/tasks/"+m[1]+"/done", url.Values{"next": {"/cases/1/tasks"}}); r.status != http.StatusSeeOther || r.location != "/cases/1/tasks" {
		t.Fatalf("complete the task: status %d to %q", r.status, r.location)
	}
	if r := c.post("/tasks/"+m[1]+"/done", url.Values{}); r.status != http.StatusBadRequest || !strings.Contains(r.body, htmlEscape(pr.T("task.error.done"))) {
		t.Errorf("complete it again: status %d", r.status)
	}
	if page := c.get("/tasks"); !strings.Contains(page.body, htmlEscape(pr.T("task.mine_none"))) {
		t.Error("the done task is still on /tasks")
	}
}

func consultantID(t *testing.T, s *site) int64 {
	t.Helper()
	list, err := s.app.Users.Colleagues(access.With(context.Background(), access.System()), access.Consultant)
	if err != nil || len(list) == 0 {
		t.Fatalf("consultants: %v", err)
	}
	for _, u := range list {
		if u.Email == "consultant@demo.inteqra.az" {
			return u.ID
		}
	}
	t.Fatal("no demo consultant")
	return 0
}
