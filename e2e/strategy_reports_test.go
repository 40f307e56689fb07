package e2e

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"inteqra/internal/access"
	"inteqra/internal/demo"
	"inteqra/internal/i18n"
	"inteqra/internal/strategy"
)

// unwrittenReport returns the page of a report the demo focal point has
// not written yet, of a measure with a reported indicator, and its
// measure's page and indicator.
func unwrittenReport(t *testing.T, e *env, plan int64) (report, measure string, ind *strategy.Indicator, period strategy.Period) {
	t.Helper()
	focal := access.With(context.Background(), focalPrincipal(t, e))
	mine, err := e.app.Strategy.MyMeasures(focal)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range mine {
		if len(m.Indicators) == 0 || m.Indicators[0].Source != strategy.Reported {
			continue
		}
		slots, err := e.app.Strategy.Slots(focal, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, sl := range slots {
			if sl.State == strategy.Unwritten {
				measure = fmt.Sprintf("/action-plan/%d/items/%d", plan, m.ID)
				return measure + "/reports/" + sl.Period.Key(), measure, m.Indicators[0], sl.Period
			}
		}
	}
	t.Fatal("the demo focal point has no report left to write on a measure with a reported indicator")
	return "", "", nil, strategy.Period{}
}

// The focal point writes and submits a period's report on their measure,
// with its indicator's value broken down by sex; the strategy officer
// returns it with a comment; the focal point corrects the value and
// submits it again; the officer approves it, the measure's page shows it
// approved, and the public page of the indicator shows the year's new
// value in three languages. Every page passes axe.
func TestStrategyReportJourney(t *testing.T) {
	t.Parallel()
	e, plan, _, _ := newPlanEnv(t, "az")
	report, measure, ind, period := unwrittenReport(t, e, plan)
	total, women, men := fmt.Sprintf("#v-%d", ind.ID), fmt.Sprintf("#v-%d-sex-f", ind.ID), fmt.Sprintf("#v-%d-sex-m", ind.ID)
	if st := e.signIn(focalPointEmail, demo.Password); st != http.StatusOK {
		t.Fatalf("focal point signs in: status %d", st)
	}
	if st := e.open(report); st != http.StatusOK {
		t.Fatalf("the report's form: status %d", st)
	}
	// Submitted empty, the form lists its problems.
	if st := e.submit(`button[name=submit]`); st != http.StatusUnprocessableEntity {
		t.Fatalf("empty report: status %d, want 422", st)
	}
	if !e.exists(`#form-error a[href='#narrative']`) {
		t.Errorf("the error summary does not link to #narrative")
	}
	checkA11y(t, e.ctx, "refused report")
	e.fill("#narrative", "Bakıda iki axşam qrupu açılıb, 38 nəfər qeydiyyatdan keçib.")
	e.run("status", chromedp.SetValue(chromedp.CSS("#status"), string(strategy.InProgress)))
	e.fill("#spent", "2500")
	e.fill(total, "38")
	e.fill(women, "21")
	e.fill(men, "17")
	// Saved as a draft, the report takes an evidence file, then goes in.
	if st := e.submit(`form[action$="/reports/` + report[strings.LastIndex(report, "/")+1:] + `"] button:not([name])`); st != http.StatusOK || e.location().Path != report {
		t.Fatalf("save the draft: status %d on %s", st, e.location())
	}
	file := filepath.Join(t.TempDir(), "İştirakçıların siyahısı.pdf")
	if err := os.WriteFile(file, []byte("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	e.run("choose the file", chromedp.SetUploadFiles(chromedp.CSS("#evidence"), []string{file}))
	if st := e.submit(`form[action$="/files"] button[type=submit]`); st != http.StatusOK || e.location().Path != report {
		t.Fatalf("attach the evidence: status %d on %s", st, e.location())
	}
	if !strings.Contains(e.text("main"), "İştirakçıların siyahısı.pdf") {
		t.Errorf("the report does not list its evidence")
	}
	checkA11y(t, e.ctx, "draft report with evidence")
	if st := e.submit(`button[name=submit]`); st != http.StatusOK || e.location().Path != report {
		t.Fatalf("submit: status %d on %s", st, e.location())
	}
	if got, want := e.text(".site-dl dd"), T(t, i18n.AZ, "strategy.report.state.submitted"); !strings.Contains(got, want) {
		t.Errorf("the report's state = %q, want %q", got, want)
	}
	checkA11y(t, e.ctx, "submitted report, focal point")

	e.signOut()
	if st := e.signIn(strategyOfficerEmail, demo.Password); st != http.StatusOK {
		t.Fatalf("officer signs in: status %d", st)
	}
	if st := e.open("/action-plan/reports"); st != http.StatusOK || !e.exists(fmt.Sprintf(`main a[href=%q]`, report)) {
		t.Fatalf("the officer's queue: status %d, the report missing", st)
	}
	checkA11y(t, e.ctx, "report queue")
	if st := e.submit(fmt.Sprintf(`main a[href=%q]`, report)); st != http.StatusOK {
		t.Fatalf("open the report: status %d", st)
	}
	checkA11y(t, e.ctx, "report to review")
	comment := "Xərclənən məbləğin nəyə getdiyini yazın."
	e.fill("#comment", comment)
	if st := e.submit(`form[action$="/return"] button[type=submit]`); st != http.StatusOK || e.location().Path != report {
		t.Fatalf("return: status %d on %s", st, e.location())
	}

	e.signOut()
	if st := e.signIn(focalPointEmail, demo.Password); st != http.StatusOK {
		t.Fatalf("focal point signs in: status %d", st)
	}
	if st := e.open(report); st != http.StatusOK || !strings.Contains(e.text(".usa-alert"), comment) {
		t.Fatalf("the returned report: status %d, the comment missing", st)
	}
	checkA11y(t, e.ctx, "returned report")
	corrected := "Bakıda iki axşam qrupu açılıb, 38 nəfər qeydiyyatdan keçib. 2500 manat dərsliklərə xərclənib."
	e.run("narrative", chromedp.SetValue(chromedp.CSS("#narrative"), corrected))
	// A correction whose cells exceed the total is refused and explained.
	e.run("men", chromedp.SetValue(chromedp.CSS(men), "25"))
	if st := e.submit(`button[name=submit]`); st != http.StatusUnprocessableEntity || !e.exists(`#form-error a[href='#values']`) {
		t.Fatalf("cells above the total: status %d", st)
	}
	checkA11y(t, e.ctx, "report with values refused")
	e.run("total", chromedp.SetValue(chromedp.CSS(total), "46"))
	if st := e.submit(`button[name=submit]`); st != http.StatusOK || e.location().Path != report {
		t.Fatalf("resubmit: status %d on %s", st, e.location())
	}

	e.signOut()
	if st := e.signIn(strategyOfficerEmail, demo.Password); st != http.StatusOK {
		t.Fatalf("officer signs in: status %d", st)
	}
	if st := e.open(report); st != http.StatusOK {
		t.Fatalf("the resubmitted report: status %d", st)
	}
	if st := e.submit(`form[action$="/approve"] button[type=submit]`); st != http.StatusOK || e.location().Path != report {
		t.Fatalf("approve: status %d on %s", st, e.location())
	}
	history := e.text(".plan-history")
	for _, want := range []string{corrected, comment, T(t, i18n.EN, "strategy.report.state.approved"), T(t, i18n.EN, "strategy.report.state.returned")} {
		if !strings.Contains(history, want) {
			t.Errorf("the history lacks %q", want)
		}
	}
	checkA11y(t, e.ctx, "approved report")
	if st := e.open(measure); st != http.StatusOK {
		t.Fatalf("the measure: status %d", st)
	}
	row := eval[string](e, fmt.Sprintf(`document.querySelector('a[href=%q]').closest('tr').textContent`, report))
	if !strings.Contains(row, T(t, i18n.EN, "strategy.report.state.approved")) {
		t.Errorf("the measure's page shows the report as %q", row)
	}
	// The public page of the indicator shows the year's value, which now
	// holds the approved 46, in each language.
	pl, err := e.app.Strategy.Published(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	years, err := e.app.Strategy.Progress(context.Background(), pl.Strategy, ind)
	if err != nil {
		t.Fatal(err)
	}
	var value strategy.Shown
	for _, y := range years {
		if y.Year == period.Year() {
			value = y.Total
		}
	}
	if !value.Value.Valid || value.Value.Qepik < 4600 {
		t.Fatalf("the indicator's %d: %+v, want the approved 46 in it", period.Year(), value)
	}
	e.signOut()
	for _, lang := range i18n.Langs {
		page := fmt.Sprintf("/strategy/indicators/%d?lang=%s", ind.ID, lang)
		if st := e.open(page); st != http.StatusOK {
			t.Fatalf("GET %s: status %d", page, st)
		}
		cat, err := catalog()
		if err != nil {
			t.Fatal(err)
		}
		want := fmt.Sprintf("%d%s", period.Year(), strategy.FormatValue(cat.Printer(lang), ind.Unit, value.Value))
		if got := e.text("main table tbody"); !strings.Contains(strings.Join(strings.Fields(got), ""), want) {
			t.Errorf("the public indicator in %s: %q lacks %q", lang, got, want)
		}
		checkA11y(t, e.ctx, "public indicator "+string(lang))
	}
	// The approval set the measure's status as reported.
	id := measure[strings.LastIndex(measure, "/")+1:]
	var status string
	if err := e.app.DB.QueryRowContext(context.Background(), `SELECT status FROM strategy_items WHERE id = `+id).Scan(&status); err != nil ||
		status != string(strategy.InProgress) {
		t.Errorf("the measure's status after approval = %q, %v", status, err)
	}
}

// The pages of the progress reports, the strategy officer's and the focal
// point's, pass axe in each language and fit 320 px and 1280 px.
func TestStrategyReportPagesAccessible(t *testing.T) {
	t.Parallel()
	for _, lang := range i18n.Langs {
		t.Run(string(lang), func(t *testing.T) {
			t.Parallel()
			e, plan, _, _ := newPlanEnv(t, string(lang))
			report, measure, _, _ := unwrittenReport(t, e, plan)
			queue, err := e.app.Strategy.SubmittedReports(access.With(context.Background(), access.System()))
			if err != nil || len(queue) == 0 {
				t.Fatalf("the demo's submitted reports: %d, %v", len(queue), err)
			}
			submitted := fmt.Sprintf("/action-plan/%d/items/%d/reports/%s", plan, queue[0].Measure.ID, queue[0].Period.Key())
			// The indicators: an objective's computed one, a measure's reported one.
			pl, err := e.app.Strategy.Published(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			objective := pl.Goals[0].Children[0]
			computed, reported := objective.Indicators[0].ID, objective.Children[0].Indicators[0].ID
			indicator := func(id int64) string { return fmt.Sprintf("/action-plan/%d/indicators/%d", plan, id) }
			check := func(who string, paths ...string) { e.checkPages(t, "reports-"+string(lang), who, paths...) }
			if st := e.signIn(strategyOfficerEmail, demo.Password); st != http.StatusOK {
				t.Fatalf("officer signs in: status %d", st)
			}
			e.switchLanguage(lang)
			check("officer", "/staff", "/action-plan/reports", submitted, fmt.Sprintf("/action-plan/%d", plan),
				fmt.Sprintf("/action-plan/%d/agencies", plan), indicator(computed), indicator(reported), indicator(reported)+"/edit",
				fmt.Sprintf("/action-plan/%d/items/%d/indicators/new", plan, objective.ID))
			e.signOut()
			if st := e.signIn(focalPointEmail, demo.Password); st != http.StatusOK {
				t.Fatalf("focal point signs in: status %d", st)
			}
			e.switchLanguage(lang)
			check("focal", "/staff", "/action-plan/reports", measure, report)
			e.signOut()
			e.switchLanguage(lang)
			check("public", fmt.Sprintf("/strategy/indicators/%d", computed), fmt.Sprintf("/strategy/indicators/%d", reported))
		})
	}
}
