package cases

import (
	"context"
	"errors"
	"slices"
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
		_, err = f.s.SaveService(admin, 0, ServiceInput{Code: "Bad code!", Name: names("", "b", " ")})
		if got, want := i18n.ProblemKeys(err), []string{"services.error.code", "services.error.name_required"}; !slices.Equal(got, want) {
			t.Errorf("a service wrong in every field: problems %v, want all of %v at once", got, want)
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
		_, err := f.s.RecordContact(f.consultant, c.ID, ContactInput{ServiceID: 1, HeldOn: day(1), Minutes: "0", Language: "farsi"})
		if got, want := i18n.ProblemKeys(err), []string{"contact.error.future", "contact.error.minutes", "contact.error.language"}; !slices.Equal(got, want) {
			t.Errorf("a contact wrong in every field: problems %v, want all of %v at once", got, want)
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
