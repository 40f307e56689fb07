package e2e

import (
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/pquerna/otp/totp"

	"inteqra/internal/demo"
	"inteqra/internal/i18n"
)

// A consultant records a service contact, a restricted note and tasks on
// the demo case and sees them on their home and task list, the overdue one
// first and highlighted: every page axe-clean in az, en and ru.
func TestCaseServicesPages(t *testing.T) {
	t.Parallel()
	for _, lang := range i18n.Langs {
		t.Run(string(lang), func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, string(lang))
			shots := os.Getenv("INTEQRA_SCREENSHOTS") == "1"
			if st := e.signIn(consultantEmail, demo.Password); st != http.StatusOK {
				t.Fatalf("sign in: status %d", st)
			}
			// The demo users speak Azerbaijani until they choose otherwise.
			e.switchLanguage(lang)
			today := i18n.DayOf(time.Now()).Format(time.DateOnly)

			e.open("/cases/1/services")
			e.run("service", chromedp.SetValue(chromedp.CSS("#service"), "3"))
			e.fill("#minutes", "45")
			e.run("group", chromedp.Click(chromedp.CSS(`label[for="format-group"]`)))
			e.fill("#outcome", "Yaşamaq üçün icazə barədə izahat verildi")
			if st := e.submit(`form[action="/cases/1/services"] button[type=submit]`); st != http.StatusOK {
				t.Fatalf("record a contact: status %d", st)
			}
			if !e.exists("tr[id^=contact-]") {
				t.Error("the contact is not listed")
			}
			checkA11y(t, e.ctx, "case services "+string(lang))
			if shots {
				e.shoot("case-services-" + string(lang))
			}

			e.open("/cases/1/notes")
			e.fill("#body", "Ailədə gərginlik var.\nİkinci görüşdə ətraflı danışmaq.")
			e.run("restricted", chromedp.Click(chromedp.CSS(`label[for="restricted"]`)))
			if st := e.submit(`form[action="/cases/1/notes"] button[type=submit]`); st != http.StatusOK {
				t.Fatalf("add a note: status %d", st)
			}
			if got := e.text("article[id^=note-] .usa-tag"); got != T(t, lang, "note.restricted_tag") {
				t.Errorf("the note's tag = %q", got)
			}
			checkA11y(t, e.ctx, "case notes "+string(lang))
			if shots {
				e.shoot("case-notes-" + string(lang))
			}

			e.open("/cases/1/tasks")
			e.fill("#title", "Məktəbə zəng etmək")
			e.run("due", chromedp.SetValue(chromedp.CSS("#due_on"), today))
			if st := e.submit(`form[action="/cases/1/tasks"] button[type=submit]`); st != http.StatusOK {
				t.Fatalf("add a task: status %d", st)
			}
			checkA11y(t, e.ctx, "case tasks "+string(lang))
			if shots {
				e.shoot("case-tasks-" + string(lang))
			}
			// A second task, overdue since yesterday, is highlighted.
			e.open("/cases/1/tasks")
			e.fill("#title", "Diplomun surətini almaq")
			e.run("due", chromedp.SetValue(chromedp.CSS("#due_on"), today))
			e.submit(`form[action="/cases/1/tasks"] button[type=submit]`)
			if _, err := e.app.DB.ExecContext(e.ctx, `UPDATE case_tasks SET due_on = $1 WHERE title = 'Diplomun surətini almaq'`,
				i18n.DayOf(time.Now()).AddDate(0, 0, -1)); err != nil {
				t.Fatal(err)
			}
			e.open("/staff")
			if !strings.Contains(e.text(".work-list"), "Məktəbə zəng etmək") {
				t.Error("the staff home does not list the task")
			}
			checkA11y(t, e.ctx, "staff home with tasks "+string(lang))
			if shots {
				e.shoot("staff-home-tasks-" + string(lang))
			}
			e.open("/tasks")
			if got := e.text("tbody tr:first-child .usa-tag"); got != T(t, lang, "task.overdue") {
				t.Errorf("the first task's tag = %q, want it overdue", got)
			}
			checkA11y(t, e.ctx, "my tasks "+string(lang))
			if shots {
				e.shoot("my-tasks-" + string(lang))
			}

		})
	}
}

// An admin, after enrolling a second factor, edits the catalogue of
// services; a name missing in a language is refused with a clear message.
func TestServicesAdminPages(t *testing.T) {
	t.Parallel()
	for _, lang := range i18n.Langs {
		t.Run(string(lang), func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, string(lang))
			shots := os.Getenv("INTEQRA_SCREENSHOTS") == "1"
			if st := e.signIn("admin@demo.inteqra.az", demo.Password); st != http.StatusOK || e.location().Path != "/account/mfa" {
				t.Fatalf("admin sign in: status %d on %s", st, e.location())
			}
			code, err := totp.GenerateCode(e.text(".mfa-secret"), time.Now())
			if err != nil {
				t.Fatal(err)
			}
			e.fill("#code", code)
			e.submit(`form[action="/account/mfa"] button[type=submit]`)
			e.switchLanguage(lang)
			e.open("/admin/services")
			checkA11y(t, e.ctx, "services admin "+string(lang))
			if shots {
				e.shoot("services-admin-" + string(lang))
			}
			e.open("/admin/services/new")
			e.fill("#name_az", "Mentorluq")
			e.fill("#code", "mentoring")
			// Past the browser's own check of required fields, to the server's message.
			eval[bool](e, `document.querySelector('form[action="/admin/services"]').noValidate = true`)
			if st := e.submit(`form[action="/admin/services"] button[type=submit]`); st != http.StatusUnprocessableEntity {
				t.Fatalf("a service without its English and Russian names: status %d", st)
			}
			if got := e.text("#form-error .error-summary__list"); got != T(t, lang, "services.error.name_required") {
				t.Errorf("error = %q", got)
			}
			checkA11y(t, e.ctx, "service form with an error "+string(lang))
			if shots {
				e.shoot("service-form-" + string(lang))
			}
		})
	}
}
