package cases

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"
	"inteqra/internal/i18n"
)

func TestTasks(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		f.consent(t)
		c := f.open(t)
		consultant, colleague, outsider := access.From(f.consultant), access.From(f.colleague), access.From(f.outsider)
		today := i18n.DayOf(time.Now())
		day := func(days int) string { return today.AddDate(0, 0, days).Format(time.DateOnly) }
		assignees, err := f.s.Assignees(f.consultant, c.ID)
		if err != nil || len(assignees) != 3 {
			t.Errorf("assignees: %+v, %v", assignees, err)
		}
		for _, bad := range []struct {
			in   TaskInput
			want string
		}{
			{TaskInput{AssigneeID: consultant.UserID, Title: " ", DueOn: day(0)}, "task.error.title"},
			{TaskInput{AssigneeID: consultant.UserID, Title: "Zəng etmək", DueOn: "sabah"}, "task.error.due"},
			{TaskInput{AssigneeID: consultant.UserID, Title: "Zəng etmək", DueOn: day(-1)}, "task.error.due_past"},
			{TaskInput{AssigneeID: outsider.UserID, Title: "Zəng etmək", DueOn: day(0)}, "task.error.assignee"},
			{TaskInput{AssigneeID: 0, Title: "Zəng etmək", DueOn: day(0)}, "task.error.assignee"},
		} {
			if _, err := f.s.AddTask(f.consultant, c.ID, bad.in); errKey(err) != bad.want {
				t.Errorf("%+v: %v, want %s", bad.in, err, bad.want)
			}
		}
		_, err = f.s.AddTask(f.consultant, c.ID, TaskInput{AssigneeID: outsider.UserID, Title: " ", DueOn: "sabah"})
		if got, want := i18n.ProblemKeys(err), []string{"task.error.title", "task.error.due", "task.error.assignee"}; !slices.Equal(got, want) {
			t.Errorf("a task wrong in every field: problems %v, want all of %v at once", got, want)
		}
		later, err := f.s.AddTask(f.consultant, c.ID, TaskInput{AssigneeID: colleague.UserID, Title: "Diplomun tanınması üçün sənədlər", DueOn: day(5)})
		if err != nil {
			t.Fatal(err)
		}
		soon, err := f.s.AddTask(f.consultant, c.ID, TaskInput{AssigneeID: colleague.UserID, Title: "Tərcüməçi tapmaq", DueOn: day(0)})
		if err != nil {
			t.Fatal(err)
		}
		own, err := f.s.AddTask(f.colleague, c.ID, TaskInput{AssigneeID: consultant.UserID, Title: "Ailə ilə görüş", DueOn: day(1)})
		if err != nil {
			t.Fatal(err)
		}
		mine, err := f.s.MyTasks(f.colleague)
		if err != nil || len(mine) != 2 || mine[0].ID != soon.ID || mine[1].ID != later.ID || mine[0].Overdue || mine[0].PersonName != "Əhmədi Mürtəza" {
			t.Errorf("the colleague's tasks: %+v, %v", mine, err)
		}
		// Three days on, the task due today and tomorrow are overdue.
		f.s.now = func() time.Time { return db.Now().Add(3 * 24 * time.Hour) }
		mine, _ = f.s.MyTasks(f.colleague)
		if len(mine) != 2 || !mine[0].Overdue || mine[1].Overdue {
			t.Errorf("three days later: %+v", mine)
		}
		load, err := f.s.Caseload(f.supervisor)
		if err != nil || len(load) != 1 || load[0].OpenTasks != 3 || load[0].OverdueTasks != 2 {
			t.Errorf("caseload: %+v, %v", load, err)
		}
		if load, _ := f.s.Caseload(f.outsider); len(load) != 0 {
			t.Errorf("another office's caseload: %+v", load)
		}
		if err := f.s.CompleteTask(f.colleague, own.ID); !errors.Is(err, access.ErrForbidden) {
			t.Errorf("a colleague completes the consultant's task: %v", err)
		}
		if err := f.s.CompleteTask(f.outsider, soon.ID); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("another office completes a task: %v", err)
		}
		if err := f.s.CompleteTask(f.colleague, soon.ID); err != nil {
			t.Fatal(err)
		}
		if err := f.s.CompleteTask(f.consultant, later.ID); err != nil { // the case's consultant
			t.Fatal(err)
		}
		if err := f.s.CompleteTask(f.supervisor, own.ID); err != nil {
			t.Fatal(err)
		}
		if err := f.s.CompleteTask(f.supervisor, own.ID); errKey(err) != "task.error.done" {
			t.Errorf("completing a task twice: %v", err)
		}
		if err := f.s.CompleteTask(f.supervisor, 9999); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("an unknown task: %v", err)
		}
		list, err := f.s.Tasks(f.colleague, c.ID)
		if err != nil || len(list) != 3 || !list[0].Done() || list[0].Overdue {
			t.Errorf("the case's tasks: %+v, %v", list, err)
		}
		if mine, _ := f.s.MyTasks(f.colleague); len(mine) != 0 {
			t.Errorf("the colleague's tasks after completing: %+v", mine)
		}
		if kinds := timelineKinds(t, f, c.ID); strings.Count(kinds, "task_done") != 3 {
			t.Errorf("timeline: %s", kinds)
		}
		f.s.RequestClosure(f.supervisor, c.ID, "completed", "")
		if _, err := f.s.AddTask(f.consultant, c.ID, TaskInput{AssigneeID: consultant.UserID, Title: "x", DueOn: day(5)}); errKey(err) != "task.error.closed" {
			t.Errorf("a task on a closed case: %v", err)
		}
	})
}
