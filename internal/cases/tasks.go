package cases

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/people"
	"inteqra/internal/textcheck"
)

// taskEvents are the timeline kinds of tasks.
var taskEvents = []string{"task", "task_done"}

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
	var problems textcheck.List
	title := strings.TrimSpace(in.Title)
	if problems.Check("task.task", in.Title, textcheck.Short) && title == "" {
		problems.Add(i18n.Errorf("task.error.title", "Field", i18n.Key("task.task")))
	}
	due, err := time.Parse(time.DateOnly, strings.TrimSpace(in.DueOn))
	switch {
	case err != nil:
		problems.Add(i18n.Errorf("task.error.due", "Field", i18n.Key("task.due_on")))
	case due.Before(i18n.DayOf(s.now())):
		problems.Add(i18n.Errorf("task.error.due_past", "Field", i18n.Key("task.due_on")))
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
	if !slices.ContainsFunc(candidates, func(a Assignee) bool { return a.ID == in.AssigneeID }) {
		problems.Add(i18n.Errorf("task.error.assignee", "Field", i18n.Key("task.assignee")))
	}
	if err := problems.Err(); err != nil {
		return Task{}, err
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
