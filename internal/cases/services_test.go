package cases

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/auth"
	"inteqra/internal/auth/authtest"
	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"
	"inteqra/internal/i18n"
)

func names(az, en, ru string) map[i18n.Lang]string {
	return map[i18n.Lang]string{i18n.AZ: az, i18n.EN: en, i18n.RU: ru}
}

func TestServiceCatalogue(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		u, err := authtest.NewStore(t, d).CreateUser(system, auth.UserInput{Email: "admin@example.az", Name: "Admin", Role: access.Admin, Active: true},
			"long enough password", false)
		if err != nil {
			t.Fatal(err)
		}
		admin := access.With(context.Background(), u.Principal())
		active, err := f.s.Services(f.consultant, false)
		if err != nil || len(active) != 9 {
			t.Fatalf("the seeded catalogue: %d, %v", len(active), err)
		}
		mentoring := ServiceInput{Code: "mentoring", Name: names("Mentorluq", "Mentoring", "Наставничество"), Active: true}
		if _, err := f.s.SaveService(f.supervisor, 0, mentoring); !errors.Is(err, access.ErrForbidden) {
			t.Errorf("a supervisor edits the catalogue: %v", err)
		}
		for _, bad := range []struct {
			in   ServiceInput
			want string
		}{
			{ServiceInput{Code: "mentoring", Name: names("Mentorluq", "Mentoring", " ")}, "services.error.name_required"},
			{ServiceInput{Code: "Bad code!", Name: names("a", "b", "c")}, "services.error.code"},
			{ServiceInput{Code: "counselling", Name: names("a", "b", "c")}, "services.error.code_taken"},
		} {
			if _, err := f.s.SaveService(admin, 0, bad.in); errKey(err) != bad.want {
				t.Errorf("%+v: %v, want %s", bad.in, err, bad.want)
			}
		}
		id, err := f.s.SaveService(admin, 0, mentoring)
		if err != nil {
			t.Fatal(err)
		}
		mentoring.Active = false
		if _, err := f.s.SaveService(admin, id, mentoring); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.SaveService(admin, id+100, mentoring); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("an unknown service: %v", err)
		}
		got, err := f.s.Service(admin, id)
		if err != nil || got.Active || got.Name(i18n.RU) != "Наставничество" || got.Name(i18n.AZ) != "Mentorluq" {
			t.Errorf("saved service: %+v, %v", got, err)
		}
		if list, _ := f.s.Services(f.consultant, false); len(list) != 9 {
			t.Errorf("active services: %d, want 9", len(list))
		}
		if list, _ := f.s.Services(f.consultant, true); len(list) != 10 {
			t.Errorf("all services: %d, want 10", len(list))
		}
	})
}

func TestRecordContact(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		f.consent(t)
		c := f.open(t)
		today := i18n.DayOf(time.Now())
		day := func(days int) string { return today.AddDate(0, 0, days).Format(time.DateOnly) }
		good := ContactInput{ServiceID: 1, HeldOn: day(0), Minutes: "45", Language: "fa", Outcome: "Kurslar barədə məlumat verildi"}
		with := func(change func(in *ContactInput)) ContactInput { in := good; change(&in); return in }
		for _, bad := range []struct {
			in   ContactInput
			want string
		}{
			{with(func(in *ContactInput) { in.HeldOn = "" }), "contact.error.date"},
			{with(func(in *ContactInput) { in.HeldOn = day(1) }), "contact.error.future"},
			{with(func(in *ContactInput) { in.HeldOn = day(-1) }), "contact.error.before_opened"},
			{with(func(in *ContactInput) { in.Minutes = "0" }), "contact.error.minutes"},
			{with(func(in *ContactInput) { in.Minutes = "601" }), "contact.error.minutes"},
			{with(func(in *ContactInput) { in.Minutes = "bir saat" }), "contact.error.minutes"},
			{with(func(in *ContactInput) { in.Language = "farsi" }), "contact.error.language"},
			{with(func(in *ContactInput) { in.ServiceID = 999 }), "contact.error.service"},
		} {
			if _, err := f.s.RecordContact(f.consultant, c.ID, bad.in); errKey(err) != bad.want {
				t.Errorf("%+v: %v, want %s", bad.in, err, bad.want)
			}
		}
		if _, err := f.s.RecordContact(f.outsider, c.ID, good); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("another office's consultant: %v", err)
		}
		if _, err := f.s.RecordContact(f.colleague, c.ID, with(func(in *ContactInput) { in.Group = true; in.Minutes = "90" })); err != nil {
			t.Fatal(err)
		}
		if _, err := d.ExecContext(context.Background(), `UPDATE services SET active = $1 WHERE id = 2`, false); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.RecordContact(f.consultant, c.ID, with(func(in *ContactInput) { in.ServiceID = 2 })); errKey(err) != "contact.error.service" {
			t.Errorf("an inactive service: %v", err)
		}
		list, err := f.s.Contacts(f.supervisor, c.ID)
		if err != nil || len(list) != 1 || !list[0].Group || list[0].Minutes != 90 || !list[0].HeldOn.Equal(today) || list[0].StaffID == 0 {
			t.Errorf("contacts: %+v, %v", list, err)
		}
		if _, err := f.s.Contacts(f.outsider, c.ID); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("another office's consultant reads contacts: %v", err)
		}
		f.s.RequestClosure(f.supervisor, c.ID, "completed", "")
		if _, err := f.s.RecordContact(f.consultant, c.ID, good); errKey(err) != "contact.error.closed" {
			t.Errorf("a contact on a closed case: %v", err)
		}
		if kinds := timelineKinds(t, f, c.ID); !strings.Contains(kinds, "contact") {
			t.Errorf("timeline %s has no contact", kinds)
		}
	})
}

func timelineKinds(t *testing.T, f *fixture, id int64) string {
	t.Helper()
	events, err := f.s.Timeline(f.supervisor, id)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, e := range events {
		kinds = append(kinds, e.Kind)
	}
	return strings.Join(kinds, " ")
}

func TestRestrictedNotes(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		f.consent(t)
		c := f.open(t)
		if _, err := f.s.AddNote(f.consultant, c.ID, "  ", false); errKey(err) != "note.error.required" {
			t.Errorf("an empty note: %v", err)
		}
		if _, err := f.s.AddNote(f.consultant, c.ID, strings.Repeat("ə", MaxNote+1), false); errKey(err) != "note.error.too_long" {
			t.Errorf("a long note: %v", err)
		}
		if _, err := f.s.AddNote(f.consultant, c.ID, strings.Repeat("ə", MaxNote), false); err != nil {
			t.Errorf("a note of the longest length: %v", err)
		}
		if _, err := f.s.AddNote(f.outsider, c.ID, "Salam", false); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("another office's consultant writes a note: %v", err)
		}
		byColleague, err := f.s.AddNote(f.colleague, c.ID, "Həmkarın məxfi qeydi", true)
		if err != nil {
			t.Fatal(err)
		}
		byConsultant, err := f.s.AddNote(f.consultant, c.ID, "Məsləhətçinin məxfi qeydi: ailədə zorakılıq", true)
		if err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name string
			ctx  context.Context
			want []int64 // restricted notes seen
		}{
			{"consultant", f.consultant, []int64{byConsultant.ID, byColleague.ID}},
			{"author colleague", f.colleague, []int64{byColleague.ID}},
			{"supervisor", f.supervisor, []int64{byConsultant.ID, byColleague.ID}},
		} {
			list, err := f.s.Notes(tc.ctx, c.ID)
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			var seen []int64
			for _, n := range list {
				if n.Restricted {
					seen = append(seen, n.ID)
				}
			}
			if len(list) != len(tc.want)+1 || len(seen) != len(tc.want) || seen[0] != tc.want[0] {
				t.Errorf("%s sees restricted %v of %d notes, want %v", tc.name, seen, len(list), tc.want)
			}
		}
		if _, err := f.s.Notes(f.outsider, c.ID); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("another office's consultant reads notes: %v", err)
		}
		events, err := f.s.Timeline(f.colleague, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		notes := 0
		for _, e := range events {
			if strings.Contains(e.Detail, "zorakılıq") || strings.Contains(e.Detail, "məxfi") {
				t.Errorf("the timeline shows a note's text: %+v", e)
			}
			if e.Kind == "note" {
				notes++
				if e.RefID == 0 || e.Detail != "" {
					t.Errorf("note event: %+v", e)
				}
			}
		}
		if notes != 3 {
			t.Errorf("%d note events, want 3", notes)
		}
	})
}

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
