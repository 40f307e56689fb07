package e2e

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"inteqra/internal/access"
	"inteqra/internal/app"
	"inteqra/internal/council"
	"inteqra/internal/demo"
	"inteqra/internal/i18n"
	"inteqra/internal/strategy"
)

const (
	strategyOfficerEmail = "strategy.officer@demo.inteqra.az"
	focalPointEmail      = "focal.point@demo.inteqra.az"
)

// newPlanEnv is an app with the demo's published Action Plan, and the ids
// of its plan, of an objective and of the focal point's organisation.
func newPlanEnv(t *testing.T, lang string) (e *env, plan, objective, focalOrg int64) {
	t.Helper()
	e = newEnvSeeded(t, lang, 3*testTimeout, func(a *app.App) error {
		_, _, err := demo.SeedFull(context.Background(), a, 0)
		return err
	})
	pl, err := e.app.Strategy.Published(context.Background())
	if err != nil {
		t.Fatalf("the demo's plan: %v", err)
	}
	sys := access.With(context.Background(), access.System())
	users, err := e.app.Users.Users(sys)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range users {
		if u.Email == focalPointEmail {
			focalOrg = u.OrganisationID
		}
	}
	return e, pl.ID, pl.Goals[0].Children[0].ID, focalOrg
}

// The strategy officer adds a measure to the demo's plan for the focal
// point's ministry; the focal point finds it among their measures and
// sets it in progress; the public page shows it with its status in
// Azerbaijani, English and Russian. Every page passes axe.
func TestStrategyMeasureJourney(t *testing.T) {
	t.Parallel()
	e, plan, objective, focalOrg := newPlanEnv(t, "az")
	if st := e.signIn(strategyOfficerEmail, demo.Password); st != http.StatusOK {
		t.Fatalf("officer signs in: status %d", st)
	}
	if st := e.open(fmt.Sprintf("/action-plan/%d/items/new?parent=%d", plan, objective)); st != http.StatusOK {
		t.Fatalf("the measure form: status %d", st)
	}
	// Sent empty, the form lists every problem.
	if st := e.submit(`form[action$="/items"] button[type=submit]`); st != http.StatusUnprocessableEntity {
		t.Fatalf("empty measure: status %d, want 422", st)
	}
	for _, id := range []string{"title_az", "responsible", "starts_on", "ends_on"} {
		if !e.exists(fmt.Sprintf("#form-error a[href='#%s']", id)) {
			t.Errorf("the error summary does not link to #%s", id)
		}
	}
	checkA11y(t, e.ctx, "refused measure form")
	titles := map[i18n.Lang]string{i18n.AZ: "Miqrantlar üçün rəqəmsal savadlılıq kursları", i18n.EN: "Digital literacy courses for migrants",
		i18n.RU: "Курсы цифровой грамотности для мигрантов"}
	for lang, title := range titles {
		e.fill("#title_"+string(lang), title)
	}
	e.run("responsible", chromedp.SetValue(chromedp.CSS("#responsible"), fmt.Sprint(focalOrg)))
	e.run("dates", chromedp.SetValue(chromedp.CSS("#starts_on"), "2026-09-01"), chromedp.SetValue(chromedp.CSS("#ends_on"), "2029-06-30"))
	e.fill("#planned", "45000")
	e.run("source", chromedp.SetValue(chromedp.CSS("#source"), string(strategy.Donor)))
	if st := e.submit(`form[action$="/items"] button[type=submit]`); st != http.StatusOK || !strings.Contains(e.location().Path, "/items/") {
		problems := ""
		if e.exists("#form-error") {
			problems = e.text("#form-error")
		}
		t.Fatalf("add the measure: status %d on %s: %s", st, e.location(), problems)
	}
	measurePath := e.location().Path
	if got := e.text("h1"); got != titles[i18n.EN] { // the officer reads in English
		t.Errorf("the measure's page is titled %q", got)
	}
	checkA11y(t, e.ctx, "new measure")

	e.signOut()
	if st := e.signIn(focalPointEmail, demo.Password); st != http.StatusOK {
		t.Fatalf("focal point signs in: status %d", st)
	}
	if st := e.open("/action-plan/mine"); st != http.StatusOK || !strings.Contains(e.text("main"), titles[i18n.AZ]) {
		t.Fatalf("the focal point's measures: status %d, the new measure missing", st)
	}
	if st := e.submit(fmt.Sprintf(`main a[href=%q]`, measurePath)); st != http.StatusOK {
		t.Fatalf("open the measure: status %d", st)
	}
	e.run("status", chromedp.SetValue(chromedp.CSS("#status"), string(strategy.InProgress)))
	if st := e.submit(`form[action$="/status"] button[type=submit]`); st != http.StatusOK || e.location().Path != measurePath {
		t.Fatalf("set the status: status %d on %s", st, e.location())
	}
	if got, want := e.text(".plan-tag"), T(t, i18n.AZ, "strategy.status.in_progress"); got != want {
		t.Errorf("the measure's status = %q, want %q", got, want)
	}
	checkA11y(t, e.ctx, "measure in progress, focal point")

	e.signOut()
	for _, lang := range i18n.Langs {
		e.switchLanguage(lang)
		if st := e.open("/strategy"); st != http.StatusOK {
			t.Fatalf("public page in %s: status %d", lang, st)
		}
		item := fmt.Sprintf("#item-%s", measurePath[strings.LastIndex(measurePath, "/")+1:])
		text := e.text(item)
		if !strings.Contains(text, titles[lang]) || !strings.Contains(text, T(t, lang, "strategy.status.in_progress")) {
			t.Errorf("public page in %s shows the measure as %q", lang, text)
		}
		checkA11y(t, e.ctx, "public strategy "+string(lang))
	}
}

// Every page of the Action Plan, the strategy officer's, the focal point's
// and the public one, passes axe in each language and fits 320 px and
// 1280 px without scrolling sideways.
func TestStrategyPagesAccessible(t *testing.T) {
	t.Parallel()
	for _, lang := range i18n.Langs {
		t.Run(string(lang), func(t *testing.T) {
			t.Parallel()
			e, plan, objective, _ := newPlanEnv(t, string(lang))
			sys := access.With(context.Background(), access.System())
			mine, err := e.app.Strategy.MyMeasures(access.With(context.Background(), focalPrincipal(t, e)))
			if err != nil || len(mine) == 0 {
				t.Fatalf("the focal point's measures: %d, %v", len(mine), err)
			}
			delayed, err := e.app.Strategy.Delayed(sys)
			if err != nil || len(delayed) == 0 {
				t.Fatalf("delayed measures: %d, %v", len(delayed), err)
			}
			check := func(who string, paths ...string) { e.checkPages(t, "strategy-"+string(lang), who, paths...) }
			// The demo's proposal carried out by a measure of the plan.
			linked, err := e.app.Council.Linked(context.Background())
			if err != nil || len(linked) != 1 {
				t.Fatalf("linked proposals: %v, %v", linked, err)
			}
			var carrier int64
			var proposal council.Proposal
			for m, list := range linked {
				carrier, proposal = m, list[0]
			}
			check("public", "/strategy", "/council/proposals/"+proposal.Reference)
			if st := e.signIn(secretaryEmail, demo.Password); st != http.StatusOK {
				t.Fatalf("secretary signs in: status %d", st)
			}
			e.switchLanguage(lang)
			check("secretary", fmt.Sprintf("/council/manage/%d", proposal.ID))
			e.signOut()
			if st := e.signIn(strategyOfficerEmail, demo.Password); st != http.StatusOK {
				t.Fatalf("officer signs in: status %d", st)
			}
			e.switchLanguage(lang)
			measure := fmt.Sprintf("/action-plan/%d/items/%d", plan, delayed[0].ID)
			check("officer", "/staff", "/action-plan", "/action-plan/new", fmt.Sprintf("/action-plan/%d", plan),
				fmt.Sprintf("/action-plan/%d/edit", plan), fmt.Sprintf("/action-plan/%d/items/new?parent=%d", plan, objective),
				measure, measure+"/edit", fmt.Sprintf("/action-plan/%d/items/%d", plan, objective), fmt.Sprintf("/action-plan/%d/items/%d", plan, carrier))
			e.signOut()
			if st := e.signIn(focalPointEmail, demo.Password); st != http.StatusOK {
				t.Fatalf("focal point signs in: status %d", st)
			}
			e.switchLanguage(lang)
			check("focal", "/staff", "/action-plan/mine", fmt.Sprintf("/action-plan/%d", plan), fmt.Sprintf("/action-plan/%d/items/%d", plan, mine[0].ID))
		})
	}
}

// focalPrincipal is the demo focal point as a principal.
func focalPrincipal(t *testing.T, e *env) access.Principal {
	t.Helper()
	users, err := e.app.Users.Users(access.With(context.Background(), access.System()))
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range users {
		if u.Email == focalPointEmail {
			return u.Principal()
		}
	}
	t.Fatal("no demo focal point")
	return access.Principal{}
}
