package cases

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"inteqra/internal/access"
	"inteqra/internal/audit"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/people"
	"inteqra/internal/textcheck"
)

// serviceEvents are the timeline kinds of service contacts, notes and tasks.
// A note's event carries no text, only the note's id, so the timeline never
// shows a restricted note to someone who may not read it.
var serviceEvents = []string{"contact", "note", "task", "task_done"}

// Service is an entry of the catalogue of integration services.
type Service struct {
	ID     int64
	Code   string
	NameAz string
	NameEn string
	NameRu string
	Active bool
}

// Name returns the service's name in lang.
func (s Service) Name(lang i18n.Lang) string {
	switch lang {
	case i18n.EN:
		return s.NameEn
	case i18n.RU:
		return s.NameRu
	}
	return s.NameAz
}

// ServiceInput is the catalogue form.
type ServiceInput struct {
	Code   string
	Name   map[i18n.Lang]string
	Active bool
}

var codeRE = regexp.MustCompile(`^[a-z][a-z0-9_]{1,39}$`)

// Validate trims the input and returns its first problem.
func (in *ServiceInput) Validate() error {
	var l textcheck.List
	l.Check("services.code", in.Code, textcheck.Rule{Kind: textcheck.Line, Max: 40}) // the form: codeRE below
	for _, lang := range i18n.Langs {
		l.Check("services.name_"+string(lang), in.Name[lang], textcheck.Title)
	}
	if err := l.Err(); err != nil {
		return err
	}
	in.Code = strings.ToLower(strings.TrimSpace(in.Code))
	for _, l := range i18n.Langs {
		name := strings.TrimSpace(in.Name[l])
		if name == "" {
			return i18n.Errorf("services.error.name_required", "Field", i18n.Key("services.name_"+string(l)))
		}
		in.Name[l] = name
	}
	if !codeRE.MatchString(in.Code) {
		return i18n.Errorf("services.error.code", "Field", i18n.Key("services.code"))
	}
	return nil
}

const serviceColumns = `id, code, name_az, name_en, name_ru, active`

func scanService(row db.Scanner) (Service, error) {
	var s Service
	err := row.Scan(&s.ID, &s.Code, &s.NameAz, &s.NameEn, &s.NameRu, &s.Active)
	if errors.Is(err, sql.ErrNoRows) {
		return s, db.ErrNotFound
	}
	return s, err
}

// Services returns the catalogue in Azerbaijani alphabetical order: every
// entry when all is set (the admin's list, names of past contacts), else
// only the active ones that forms offer.
func (s *Store) Services(ctx context.Context, all bool) ([]Service, error) {
	if err := access.Require(ctx, access.StaffArea); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+serviceColumns+` FROM services WHERE $1 OR active`, all)
	list, err := db.Collect(rows, err, scanService)
	if err != nil {
		return nil, fmt.Errorf("cases: services: %w", err)
	}
	i18n.SortFunc(list, func(sv Service) string { return sv.NameAz })
	return list, nil
}

// Service returns one catalogue entry, for the admin's form.
func (s *Store) Service(ctx context.Context, id int64) (Service, error) {
	if err := access.Require(ctx, access.ManageServices); err != nil {
		return Service{}, err
	}
	return scanService(s.db.QueryRowContext(ctx, `SELECT `+serviceColumns+` FROM services WHERE id = $1`, id))
}

// SaveService creates (id 0) or changes a catalogue entry; admins only.
// Contacts already recorded keep their service when it is deactivated.
func (s *Store) SaveService(ctx context.Context, id int64, in ServiceInput) (int64, error) {
	if err := access.Require(ctx, access.ManageServices); err != nil {
		return 0, err
	}
	if err := in.Validate(); err != nil {
		return 0, err
	}
	err := s.db.Transact(ctx, func(tx *db.Tx) error {
		var err error
		if id == 0 {
			err = tx.QueryRowContext(ctx, `INSERT INTO services (code, name_az, name_en, name_ru, active) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
				in.Code, in.Name[i18n.AZ], in.Name[i18n.EN], in.Name[i18n.RU], in.Active).Scan(&id)
		} else {
			var res sql.Result
			res, err = tx.ExecContext(ctx, `UPDATE services SET code = $1, name_az = $2, name_en = $3, name_ru = $4, active = $5 WHERE id = $6`,
				in.Code, in.Name[i18n.AZ], in.Name[i18n.EN], in.Name[i18n.RU], in.Active, id)
			if err == nil {
				if n, _ := res.RowsAffected(); n == 0 {
					return db.ErrNotFound
				}
			}
		}
		if db.IsUniqueViolation(err) {
			return i18n.Errorf("services.error.code_taken", "Field", i18n.Key("services.code"))
		}
		if err != nil {
			return fmt.Errorf("cases: save service: %w", err)
		}
		return audit.Record(ctx, tx, "service.save", "service", strconv.FormatInt(id, 10), "code", "names", "active")
	})
	return id, err
}

// Contact is a service delivered to the person of a case.
type Contact struct {
	ID        int64
	CaseID    int64
	ServiceID int64
	HeldOn    time.Time
	Minutes   int
	Group     bool
	Language  string // ISO 639-1 code
	Outcome   string
	StaffID   int64
	CreatedAt time.Time
}

// ContactInput is the form recording a contact; the date (2006-01-02) and
// minutes are kept as typed, so a refused form shows them again.
type ContactInput struct {
	ServiceID int64
	HeldOn    string
	Minutes   string
	Group     bool
	Language  string
	Outcome   string
}

// RecordContact records a service contact on an open case the principal
// works on: an active service, on a day from the case's opening to today.
func (s *Store) RecordContact(ctx context.Context, caseID int64, in ContactInput) (Contact, error) {
	if err := access.Require(ctx, access.WorkCases); err != nil {
		return Contact{}, err
	}
	day, err := time.Parse(time.DateOnly, strings.TrimSpace(in.HeldOn))
	if err != nil {
		return Contact{}, i18n.Errorf("contact.error.date", "Field", i18n.Key("contact.held_on"))
	}
	today := i18n.DayOf(s.now())
	if day.After(today) {
		return Contact{}, i18n.Errorf("contact.error.future", "Field", i18n.Key("contact.held_on"))
	}
	minutes, err := strconv.Atoi(strings.TrimSpace(in.Minutes))
	if err != nil || minutes < 1 || minutes > 600 {
		return Contact{}, i18n.Errorf("contact.error.minutes", "Field", i18n.Key("contact.minutes"))
	}
	if !people.IsLanguage(in.Language) {
		return Contact{}, i18n.Errorf("contact.error.language", "Field", i18n.Key("contact.language"))
	}
	if err := textcheck.Field("contact.outcome", in.Outcome, textcheck.Rule{Kind: textcheck.Text, Max: 4000}); err != nil {
		return Contact{}, err
	}
	outcome := strings.TrimSpace(in.Outcome)
	p := access.From(ctx)
	ct := Contact{CaseID: caseID, ServiceID: in.ServiceID, HeldOn: day, Minutes: minutes, Group: in.Group, Language: in.Language,
		Outcome: outcome, StaffID: p.UserID, CreatedAt: s.now()}
	err = s.change(ctx, caseID, func(tx *db.Tx, c *Case) error {
		if !c.Open() {
			return i18n.Errorf("contact.error.closed")
		}
		if day.Before(i18n.DayOf(c.OpenedAt)) {
			return i18n.Errorf("contact.error.before_opened", "Field", i18n.Key("contact.held_on"))
		}
		var active bool
		err := tx.QueryRowContext(ctx, `SELECT active FROM services WHERE id = $1`, in.ServiceID).Scan(&active)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && !active) {
			return i18n.Errorf("contact.error.service", "Field", i18n.Key("contact.service"))
		}
		if err != nil {
			return fmt.Errorf("cases: service %d: %w", in.ServiceID, err)
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO service_contacts (case_id, service_id, held_on, minutes, group_work, language, outcome, staff_id, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
			caseID, ct.ServiceID, ct.HeldOn, ct.Minutes, ct.Group, ct.Language, ct.Outcome, db.NullID(ct.StaffID), ct.CreatedAt).Scan(&ct.ID)
		if err != nil {
			return fmt.Errorf("cases: record contact on %d: %w", caseID, err)
		}
		return s.event(ctx, tx, caseID, "contact", "", ct.ID)
	})
	return ct, err
}

// Contacts returns a case's service contacts, the latest first.
func (s *Store) Contacts(ctx context.Context, caseID int64) ([]Contact, error) {
	if _, err := s.caseFor(ctx, s.db, caseID); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, case_id, service_id, held_on, minutes, group_work, language, outcome, staff_id, created_at
		FROM service_contacts WHERE case_id = $1 ORDER BY held_on DESC, id DESC`, caseID)
	list, err := db.Collect(rows, err, func(row db.Scanner) (Contact, error) {
		var c Contact
		var staff sql.NullInt64
		err := row.Scan(&c.ID, &c.CaseID, &c.ServiceID, &c.HeldOn, &c.Minutes, &c.Group, &c.Language, &c.Outcome, &staff, &c.CreatedAt)
		c.StaffID = staff.Int64
		return c, err
	})
	if err != nil {
		return nil, fmt.Errorf("cases: contacts of %d: %w", caseID, err)
	}
	return list, nil
}

// Note is a consultant's note on a case.
type Note struct {
	ID         int64
	CaseID     int64
	Body       string
	Restricted bool // seen only by its author, the case's consultant and supervisors
	AuthorID   int64
	CreatedAt  time.Time
}

// MaxNote is the longest note, in characters.
const MaxNote = 10000

// AddNote writes a note on a case the principal works on.
func (s *Store) AddNote(ctx context.Context, caseID int64, body string, restricted bool) (Note, error) {
	if err := access.Require(ctx, access.WorkCases); err != nil {
		return Note{}, err
	}
	if err := textcheck.Field("note.body", body, textcheck.Rule{Kind: textcheck.Text}); err != nil { // the length: note.error.too_long below
		return Note{}, err
	}
	body = strings.TrimSpace(body)
	if body == "" {
		return Note{}, i18n.Errorf("note.error.required", "Field", i18n.Key("note.body"))
	}
	if utf8.RuneCountInString(body) > MaxNote {
		return Note{}, i18n.Errorf("note.error.too_long", "Max", MaxNote, "Field", i18n.Key("note.body"))
	}
	n := Note{CaseID: caseID, Body: body, Restricted: restricted, AuthorID: access.From(ctx).UserID, CreatedAt: s.now()}
	err := s.change(ctx, caseID, func(tx *db.Tx, c *Case) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO case_notes (case_id, body, restricted, author_id, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
			caseID, n.Body, n.Restricted, db.NullID(n.AuthorID), n.CreatedAt).Scan(&n.ID)
		if err != nil {
			return fmt.Errorf("cases: note on %d: %w", caseID, err)
		}
		return s.event(ctx, tx, caseID, "note", "", n.ID)
	})
	return n, err
}

// Notes returns a case's notes, the latest first. A restricted note is left
// out unless the principal wrote it, is the case's consultant or supervises.
func (s *Store) Notes(ctx context.Context, caseID int64) ([]Note, error) {
	c, err := s.caseFor(ctx, s.db, caseID)
	if err != nil {
		return nil, err
	}
	p := access.From(ctx)
	all := p.UserID == c.ConsultantID || p.Can(access.SuperviseCases)
	rows, err := s.db.QueryContext(ctx, `SELECT id, case_id, body, restricted, author_id, created_at FROM case_notes
		WHERE case_id = $1 AND (NOT restricted OR author_id = $2 OR $3) ORDER BY created_at DESC, id DESC`, caseID, p.UserID, all)
	list, err := db.Collect(rows, err, func(row db.Scanner) (Note, error) {
		var n Note
		var author sql.NullInt64
		err := row.Scan(&n.ID, &n.CaseID, &n.Body, &n.Restricted, &author, &n.CreatedAt)
		n.AuthorID = author.Int64
		return n, err
	})
	if err != nil {
		return nil, fmt.Errorf("cases: notes of %d: %w", caseID, err)
	}
	return list, nil
}

// Task is something to do on a case by a due date.
type Task struct {
	ID         int64
	CaseID     int64
	PersonName string // in MyTasks only
	AssigneeID int64
	Title      string
	DueOn      time.Time
	DoneAt     time.Time
	CreatedBy  int64
	CreatedAt  time.Time
	Overdue    bool // open and due before today
}

// Done reports whether the task is completed.
func (t Task) Done() bool { return !t.DoneAt.IsZero() }

// TaskInput is the form adding a task; the due date (2006-01-02) is kept as typed.
type TaskInput struct {
	AssigneeID int64
	Title      string
	DueOn      string
}

// Assignee is someone a case's task can be given to.
type Assignee struct {
	ID   int64
	Name string
}

// Assignees returns who may be given a task on the case: its consultant
// and the active consultants and supervisors of its team, by name.
func (s *Store) Assignees(ctx context.Context, caseID int64) ([]Assignee, error) {
	c, err := s.caseFor(ctx, s.db, caseID)
	if err != nil {
		return nil, err
	}
	return s.assignees(ctx, c)
}

func (s *Store) assignees(ctx context.Context, c Case) ([]Assignee, error) {
	var list []Assignee
	for _, role := range []access.Role{access.Consultant, access.Supervisor} {
		found, err := s.users.Colleagues(ctx, role)
		if err != nil {
			return nil, err
		}
		for _, u := range found {
			if u.ID == c.ConsultantID || (c.OrganisationID != 0 && u.OrganisationID == c.OrganisationID) {
				list = append(list, Assignee{ID: u.ID, Name: u.Name})
			}
		}
	}
	i18n.SortFunc(list, func(a Assignee) string { return a.Name })
	return list, nil
}

// AddTask gives a task on an open case to its consultant or a colleague who
// can see the case, due today or later.
func (s *Store) AddTask(ctx context.Context, caseID int64, in TaskInput) (Task, error) {
	if err := access.Require(ctx, access.WorkCases); err != nil {
		return Task{}, err
	}
	if err := textcheck.Field("task.task", in.Title, textcheck.Short); err != nil {
		return Task{}, err
	}
	title := strings.TrimSpace(in.Title)
	if title == "" {
		return Task{}, i18n.Errorf("task.error.title", "Field", i18n.Key("task.task"))
	}
	due, err := time.Parse(time.DateOnly, strings.TrimSpace(in.DueOn))
	if err != nil {
		return Task{}, i18n.Errorf("task.error.due", "Field", i18n.Key("task.due_on"))
	}
	if due.Before(i18n.DayOf(s.now())) {
		return Task{}, i18n.Errorf("task.error.due_past", "Field", i18n.Key("task.due_on"))
	}
	c, err := s.caseFor(ctx, s.db, caseID)
	if err != nil {
		return Task{}, err
	}
	// The assignee is checked against the users' store before the
	// transaction, which reads on its own connection.
	candidates, err := s.assignees(ctx, c)
	if err != nil {
		return Task{}, err
	}
	ok := false
	for _, a := range candidates {
		ok = ok || a.ID == in.AssigneeID
	}
	if !ok {
		return Task{}, i18n.Errorf("task.error.assignee", "Field", i18n.Key("task.assignee"))
	}
	t := Task{CaseID: caseID, AssigneeID: in.AssigneeID, Title: title, DueOn: due, CreatedBy: access.From(ctx).UserID, CreatedAt: s.now()}
	err = s.change(ctx, caseID, func(tx *db.Tx, c *Case) error {
		if !c.Open() {
			return i18n.Errorf("task.error.closed")
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO case_tasks (case_id, assignee_id, title, due_on, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, caseID, t.AssigneeID, t.Title, t.DueOn, db.NullID(t.CreatedBy), t.CreatedAt).Scan(&t.ID)
		if err != nil {
			return fmt.Errorf("cases: task on %d: %w", caseID, err)
		}
		return s.event(ctx, tx, caseID, "task", t.Title, t.ID)
	})
	return t, err
}

// CompleteTask marks a task done: its assignee, the case's consultant or a
// supervisor may. A task is completed once.
func (s *Store) CompleteTask(ctx context.Context, taskID int64) error {
	if err := access.Require(ctx, access.WorkCases); err != nil {
		return err
	}
	return s.db.Transact(ctx, func(tx *db.Tx) error {
		t, err := scanTask(tx.QueryRowContext(ctx, `SELECT `+taskColumns+` FROM case_tasks WHERE id = $1`, taskID))
		if err != nil {
			return err
		}
		c, err := s.caseFor(ctx, tx, t.CaseID)
		if err != nil {
			return err
		}
		p := access.From(ctx)
		if p.UserID != t.AssigneeID && p.UserID != c.ConsultantID && !p.Can(access.SuperviseCases) {
			return access.ErrForbidden
		}
		res, err := tx.ExecContext(ctx, `UPDATE case_tasks SET done_at = $1 WHERE id = $2 AND done_at IS NULL`, s.now(), taskID)
		if err != nil {
			return fmt.Errorf("cases: complete task %d: %w", taskID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return i18n.Errorf("task.error.done")
		}
		return s.event(ctx, tx, c.ID, "task_done", t.Title, t.ID)
	})
}

const taskColumns = `id, case_id, assignee_id, title, due_on, done_at, created_by, created_at`

func scanTask(row db.Scanner) (Task, error) {
	var t Task
	var done sql.NullTime
	var by sql.NullInt64
	err := row.Scan(&t.ID, &t.CaseID, &t.AssigneeID, &t.Title, &t.DueOn, &done, &by, &t.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return t, db.ErrNotFound
	}
	if err != nil {
		return t, fmt.Errorf("cases: task: %w", err)
	}
	t.DoneAt, t.CreatedBy = done.Time, by.Int64
	return t, nil
}

func (s *Store) tasks(ctx context.Context, query string, args ...any) ([]Task, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	list, err := db.Collect(rows, err, scanTask)
	if err != nil {
		return nil, fmt.Errorf("cases: tasks: %w", err)
	}
	today := i18n.DayOf(s.now())
	for i := range list {
		list[i].Overdue = !list[i].Done() && list[i].DueOn.Before(today)
	}
	return list, nil
}

// Tasks returns a case's tasks: the open ones by due date, then the done ones.
func (s *Store) Tasks(ctx context.Context, caseID int64) ([]Task, error) {
	if _, err := s.caseFor(ctx, s.db, caseID); err != nil {
		return nil, err
	}
	return s.tasks(ctx, `SELECT `+taskColumns+` FROM case_tasks WHERE case_id = $1
		ORDER BY CASE WHEN done_at IS NULL THEN 0 ELSE 1 END, due_on, id`, caseID)
}

// MyTasks returns the open tasks assigned to the principal on cases they
// may see, the soonest due first, with the person's name.
func (s *Store) MyTasks(ctx context.Context) ([]Task, error) {
	if err := access.Require(ctx, access.WorkCases); err != nil {
		return nil, err
	}
	p := access.From(ctx)
	list, err := s.tasks(ctx, `SELECT `+taskColumns+` FROM case_tasks WHERE assignee_id = $1 AND done_at IS NULL ORDER BY due_on, id`, p.UserID)
	if err != nil || len(list) == 0 {
		return list, err
	}
	byID := map[int64]Case{}
	var mine []Task
	var persons []int64
	for _, t := range list {
		c, seen := byID[t.CaseID]
		if !seen {
			if c, err = load(ctx, s.db, t.CaseID); err != nil {
				return nil, err
			}
			byID[t.CaseID] = c
		}
		// A case reassigned to another team leaves its old tasks behind.
		if visible(p, c) {
			mine = append(mine, t)
			persons = append(persons, c.PersonID)
		}
	}
	names, err := people.DisplayNames(ctx, s.db, persons)
	for i := range mine {
		mine[i].PersonName = names[byID[mine[i].CaseID].PersonID]
	}
	return mine, err
}

// CaseloadRow is a line of the caseload export.
type CaseloadRow struct {
	Case
	OpenTasks    int
	OverdueTasks int
}

// Caseload returns the cases the principal may see with their open and
// overdue task counts, for the XLSX export; the export is audited.
func (s *Store) Caseload(ctx context.Context) ([]CaseloadRow, error) {
	list, err := s.cases(ctx, Filter{})
	if err != nil {
		return nil, err
	}
	rows := make([]CaseloadRow, len(list))
	index := map[int64]int{}
	for i, c := range list {
		rows[i].Case = c
		index[c.ID] = i
	}
	q, err := s.db.QueryContext(ctx, `SELECT case_id, due_on FROM case_tasks WHERE done_at IS NULL`)
	if err != nil {
		return nil, fmt.Errorf("cases: caseload tasks: %w", err)
	}
	defer q.Close()
	today := i18n.DayOf(s.now())
	for q.Next() {
		var id int64
		var due time.Time
		if err := q.Scan(&id, &due); err != nil {
			return nil, fmt.Errorf("cases: caseload tasks: %w", err)
		}
		if i, ok := index[id]; ok {
			rows[i].OpenTasks++
			if due.Before(today) {
				rows[i].OverdueTasks++
			}
		}
	}
	if err := q.Err(); err != nil {
		return nil, err
	}
	err = s.db.Transact(ctx, func(tx *db.Tx) error {
		return audit.Record(ctx, tx, "case.export", "case", "caseload")
	})
	return rows, err
}
