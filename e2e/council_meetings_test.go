package e2e

import (
	"context"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"inteqra/internal/app"
	"inteqra/internal/demo"
	"inteqra/internal/i18n"
)

// The council secretary plans a meeting of the demo's Council, puts an
// item on its agenda, records who attended and a decision, writes the
// minutes, has the chair approve them and publishes them; the public then
// reads the decision in English and Russian. Every page passes axe.
func TestCouncilMeetingJourney(t *testing.T) {
	t.Parallel()
	e := newEnvSeeded(t, "az", 4*time.Minute, func(a *app.App) error {
		_, _, err := demo.SeedFull(context.Background(), a, 0)
		return err
	})
	shots := os.Getenv("INTEQRA_SCREENSHOTS") == "1"
	if shots {
		if err := os.MkdirAll(screenshotDir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if st := e.signIn(secretaryEmail, demo.Password); st != http.StatusOK {
		t.Fatalf("secretary signs in: status %d", st)
	}
	e.open("/staff")
	if !strings.Contains(e.text("main"), T(t, i18n.AZ, "work.next_meeting")) {
		t.Error("the secretariat's home does not show the next meeting")
	}
	e.open("/council/manage/meetings")
	checkA11y(t, e.ctx, "meetings")
	if st := e.submit(`a[href="/council/manage/meetings/new"]`); st != http.StatusOK {
		t.Fatalf("open the plan form: status %d", st)
	}
	checkA11y(t, e.ctx, "plan a meeting")
	// The meeting was yesterday: the secretariat records it after the fact.
	yesterday := time.Now().In(i18n.Baku).AddDate(0, 0, -1).Format("2006-01-02") + "T10:00"
	e.run("starts at", chromedp.SetValue(chromedp.CSS("#starts_at"), yesterday))
	e.fill("#venue", "Dövlət Miqrasiya Xidməti, Bakı")
	if st := e.submit(`form[action="/council/manage/meetings"] button[type=submit]`); st != http.StatusOK {
		t.Fatalf("plan: status %d", st)
	}
	path := e.location().Path
	checkA11y(t, e.ctx, "planned meeting")
	e.fill("#item_az", "Tibbi sığorta")
	e.fill("#item_en", "Health insurance")
	e.fill("#item_ru", "Медицинское страхование")
	if st := e.submit(`form[action$="/items"] button[type=submit]`); st != http.StatusOK {
		t.Fatalf("agenda item: status %d", st)
	}

	// Attendance: everyone present.
	if n := eval[int](e, `(() => { const all = document.querySelectorAll('input[type=radio][value=present]'); all.forEach(i => i.checked = true); return all.length })()`); n < 5 {
		t.Fatalf("%d members to mark present, want the demo's Council", n)
	}
	e.fill("#guests", "Rəşad Məmmədov, Səhiyyə Nazirliyi")
	if st := e.submit(`form[action$="/attendance"] button[type=submit]`); st != http.StatusOK {
		t.Fatalf("attendance: status %d", st)
	}
	if !strings.Contains(e.text(".record-summary"), T(t, i18n.AZ, "council.meeting.quorum_met")) {
		t.Errorf("no quorum after everyone came: %s", e.text(".record-summary"))
	}
	checkA11y(t, e.ctx, "held meeting")
	e.fill("#decision_az", "Tibbi sığorta barədə məlumat kitabçası hazırlansın.")
	e.fill("#decision_en", "A booklet on health insurance is to be prepared.")
	e.fill("#decision_ru", "Подготовить памятку о медицинском страховании.")
	e.fill("#votes_for", "6")
	e.fill("#abstained", "1")
	if st := e.submit(`form[action$="/decisions"] button[type=submit]`); st != http.StatusOK {
		t.Fatalf("decision: status %d", st)
	}
	if got := e.text(".meeting-decisions"); !strings.Contains(got, T(t, i18n.AZ, "council.outcome.adopted")) {
		t.Errorf("decision not adopted: %s", got)
	}
	if shots {
		e.shoot("meeting-held-az")
	}
	e.fill("#minutes_az", "Şura miqrantların tibbi sığortasını müzakirə etdi.")
	e.fill("#minutes_en", "The Council discussed health insurance for migrants.")
	e.run("english done", chromedp.Click(chromedp.CSS("label[for=en_translated]")))
	if st := e.submit(`form[action$="/minutes"] button[type=submit]`); st != http.StatusOK {
		t.Fatalf("minutes: status %d", st)
	}
	// Approval without saying by whom is refused, then the chair approves.
	if st := e.submit(`form[action$="/approve"] button[type=submit]`); st != http.StatusUnprocessableEntity {
		t.Errorf("approval without an approver: status %d, want 422", st)
	}
	checkA11y(t, e.ctx, "refused approval")
	e.run("by the chair", chromedp.Click(chromedp.CSS("label[for=approved_by_chair]")))
	if st := e.submit(`form[action$="/approve"] button[type=submit]`); st != http.StatusOK {
		t.Fatalf("approve: status %d", st)
	}
	if st := e.submit(`form[action$="/publish"] button[type=submit]`); st != http.StatusOK || e.location().Path != path {
		t.Fatalf("publish: status %d on %s", st, e.location())
	}
	if got := e.text(".record-summary"); !strings.Contains(got, T(t, i18n.AZ, "council.meeting.published")) {
		t.Errorf("minutes not published: %s", got)
	}
	checkA11y(t, e.ctx, "published minutes")

	e.signOut()
	public := strings.Replace(path, "/council/manage/meetings/", "/council/meetings/", 1)
	for lang, want := range map[i18n.Lang]string{i18n.EN: "A booklet on health insurance is to be prepared.",
		i18n.RU: "Подготовить памятку о медицинском страховании."} {
		e.switchLanguage(lang)
		if st := e.open(public); st != http.StatusOK {
			t.Fatalf("public meeting in %s: status %d", lang, st)
		}
		if got := e.text(".meeting-decisions"); !strings.Contains(got, want) {
			t.Errorf("public decision in %s = %q, want %q", lang, got, want)
		}
		if strings.Contains(e.text("main"), "Rəşad Məmmədov") {
			t.Errorf("the public page in %s names a guest", lang)
		}
		checkA11y(t, e.ctx, "public meeting "+string(lang))
		if shots {
			e.shoot("meeting-public-" + string(lang))
		}
	}
}
