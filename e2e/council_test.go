package e2e

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"inteqra/internal/access"
	"inteqra/internal/app"
	"inteqra/internal/council"
	"inteqra/internal/demo"
	"inteqra/internal/i18n"
)

const secretaryEmail = "council.secretary@demo.inteqra.az"

// A visitor sends a proposal on the public form in Russian; the council
// secretary sends it for review, records the Service's answer in three
// languages and what was done; the proposal's public page then shows the
// answer in Azerbaijani, English and Russian. Every page passes axe.
func TestCouncilProposalJourney(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "ru")
	if st := e.open("/council/propose"); st != http.StatusOK {
		t.Fatalf("GET /council/propose: status %d", st)
	}
	checkA11y(t, e.ctx, "proposal form ru")
	// Sent empty, the form lists every problem and passes axe too.
	if st := e.submit(`form[action="/council/propose"] button[type=submit]`); st != http.StatusUnprocessableEntity {
		t.Fatalf("empty proposal: status %d, want 422", st)
	}
	if !e.exists("#form-error a[href='#title']") {
		t.Error("the error summary does not link to the title")
	}
	checkA11y(t, e.ctx, "refused proposal form ru")
	e.fill("#surname", "Петрова")
	e.fill("#given", "Анна")
	e.run("birth date", chromedp.SetValue(chromedp.CSS("#birth_date"), "1985-04-12"))
	e.fill("#email", "anna.petrova@example.org")
	e.run("topic", chromedp.SetValue(chromedp.CSS("#topic"), "2"))
	e.fill("#title", "Вечерние группы курса языка")
	e.fill("#text", "Просим открыть вечерние группы для работающих мигрантов.")
	e.run("consent", chromedp.Click(chromedp.CSS("label[for=consent_data]")))
	if st := e.submit(`form[action="/council/propose"] button[type=submit]`); st != http.StatusOK || e.location().Path != "/council/proposed" {
		problems := ""
		if e.exists("#form-error") {
			problems = e.text("#form-error")
		}
		t.Fatalf("send the proposal: status %d on %s: %s", st, e.location(), problems)
	}
	ref := regexp.MustCompile(`MS-\d{4}-\d{6}`).FindString(e.text("main"))
	if ref == "" {
		t.Fatal("no reference on the confirmation page")
	}
	checkA11y(t, e.ctx, "proposal sent ru")

	e.signOut()
	if st := e.signIn(secretaryEmail, demo.Password); st != http.StatusOK {
		t.Fatalf("secretary signs in: status %d", st)
	}
	e.open("/council/manage?state=submitted")
	checkA11y(t, e.ctx, "secretariat's list")
	if st := e.submit(`table.proposals a`); st != http.StatusOK {
		t.Fatalf("open the proposal: status %d", st)
	}
	path := e.location().Path
	e.fill("#unit_name", "Отдел миграционной политики")
	if st := e.submit(`form[action$="/review"] button[type=submit]`); st != http.StatusOK {
		t.Fatalf("review: status %d", st)
	}
	answers := map[i18n.Lang]string{i18n.AZ: "Təklif qəbul edildi: axşam qrupları açılır.",
		i18n.EN: "The proposal is accepted: evening groups are opening.", i18n.RU: "Предложение принято: открываются вечерние группы."}
	e.run("outcome", chromedp.Click(chromedp.CSS("label[for=outcome_accepted]")))
	for lang, text := range answers {
		e.fill("#answer_"+string(lang), text)
	}
	if st := e.submit(`form[action$="/answer"] button[type=submit]`); st != http.StatusOK {
		t.Fatalf("answer: status %d", st)
	}
	checkA11y(t, e.ctx, "answered proposal, secretariat")
	e.fill("#done_az", "Bakıda iki axşam qrupu açıldı.")
	e.fill("#done_en", "Two evening groups opened in Baku.")
	e.fill("#done_ru", "В Баку открыты две вечерние группы.")
	if st := e.submit(`form[action$="/implement"] button[type=submit]`); st != http.StatusOK || e.location().Path != path {
		t.Fatalf("implement: status %d on %s", st, e.location())
	}
	if !strings.Contains(e.text("main dl"), T(t, i18n.AZ, "council.state.implemented")) {
		t.Errorf("the proposal is not implemented: %s", e.text("main dl"))
	}

	e.signOut()
	for _, lang := range i18n.Langs {
		e.switchLanguage(lang)
		if st := e.open("/council/proposals/" + ref); st != http.StatusOK {
			t.Fatalf("public page in %s: status %d", lang, st)
		}
		if got := e.text("section[aria-labelledby=proposal-answer] p"); got != answers[lang] {
			t.Errorf("answer in %s = %q, want %q", lang, got, answers[lang])
		}
		if strings.Contains(e.text("main"), "Петрова") {
			t.Errorf("the public page in %s names the author", lang)
		}
		checkA11y(t, e.ctx, "public proposal "+string(lang))
	}
}

// The Council's other pages pass axe in every language, on the demo's
// Council: the public page, list, lookup and meetings, and the
// secretariat's proposals, figures, meetings in every state and members.
func TestCouncilPagesAccessible(t *testing.T) {
	t.Parallel()
	for _, lang := range i18n.Langs {
		t.Run(string(lang), func(t *testing.T) {
			t.Parallel()
			e := newEnvSeeded(t, string(lang), testTimeout, func(a *app.App) error {
				_, _, err := demo.SeedFull(context.Background(), a, 0)
				return err
			})
			sys := access.With(context.Background(), access.System())
			upcoming, past, err := e.app.Council.PublicMeetings(sys)
			if err != nil || len(upcoming) == 0 || len(past) == 0 {
				t.Fatalf("the demo's meetings: %d to come, %d past, %v", len(upcoming), len(past), err)
			}
			p, err := e.app.Council.SubmitFor(sys, council.SubmitInput{Title: "Yaşayış icazəsi üçün onlayn növbə", Body: "Regional idarələrdə növbələr uzundur.", TopicID: 1, Language: "az"})
			if err != nil {
				t.Fatal(err)
			}
			if err := e.app.Council.Review(sys, p.ID, council.ReviewInput{UnitName: "Miqrasiya siyasəti şöbəsi"}); err != nil {
				t.Fatal(err)
			}
			// The lookup comes last: the test goes on with its form.
			for _, path := range []string{"/council", "/council/proposals", "/council/proposals?topic=1&state=under_review",
				fmt.Sprintf("/council/meetings/%d", upcoming[0].ID), fmt.Sprintf("/council/meetings/%d", past[0].ID), "/council/proposals/status"} {
				if st := e.open(path); st != http.StatusOK {
					t.Fatalf("GET %s: status %d", path, st)
				}
				checkA11y(t, e.ctx, path+" "+string(lang))
			}
			e.fill("#reference", p.Reference)
			e.run("birth date", chromedp.SetValue(chromedp.CSS("#lookup-birth"), "1990-01-01"))
			if st := e.submit(`form[action="/council/proposals/status"] button[type=submit]`); st != http.StatusUnprocessableEntity {
				t.Errorf("lookup of a proposal the secretariat sent: status %d, want 422 (it has no author to check)", st)
			}
			checkA11y(t, e.ctx, "refused lookup "+string(lang))

			if st := e.signIn(secretaryEmail, demo.Password); st != http.StatusOK {
				t.Fatalf("secretary signs in: status %d", st)
			}
			e.switchLanguage(lang)
			meetings := []string{"/council/manage/meetings", "/council/manage/meetings/new", "/council/members", "/council/members/new"}
			all, err := e.app.Council.Meetings(sys)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range all { // one in each state
				meetings = append(meetings, fmt.Sprintf("/council/manage/meetings/%d", m.ID))
			}
			members, err := e.app.Council.Members(sys)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range members[:2] {
				meetings = append(meetings, fmt.Sprintf("/council/members/%d", m.ID))
			}
			for _, path := range append([]string{"/staff", "/council/manage", "/council/manage/new", "/council/manage/1", "/council/figures"}, meetings...) {
				if st := e.open(path); st != http.StatusOK {
					t.Fatalf("GET %s: status %d", path, st)
				}
				checkA11y(t, e.ctx, path+" "+string(lang))
			}
		})
	}
}
