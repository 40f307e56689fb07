package web_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/council"
	"inteqra/internal/stats"
	"inteqra/internal/strategy"
)

// planFixture names the pages of a draft plan whose one measure the demo
// focal point's organisation is responsible for, and of a published plan.
type planFixture struct {
	plan, goal, objective, measure string // paths
	published                      string
	focalOrg, otherOrg             int64
	measureID                      int64
	evidence                       string // an evidence file of the measure's first report
	indicator, objIndicator        string // of the draft plan's measure (reported) and objective (computed)
	publicIndicator                string // the public page of the published plan's measure's indicator
}

// indicatorForm is a reported count by sex and citizenship.
func indicatorForm(title string) url.Values {
	return url.Values{"title_az": {title}, "title_en": {title + " en"}, "title_ru": {title + " ru"},
		"definition_az": {"Tərif"}, "definition_en": {"Definition"}, "definition_ru": {"Определение"}, "kind": {"output"},
		"source": {"reported"}, "unit": {"number"}, "breakdowns": {"sex", "citizenship"}, "baseline": {"10"},
		"baseline_year": {"2025"}, "target-2026": {"40"}, "target-2027": {"80"}}
}

// addIndicator adds the indicator of form to an item through the store.
func addIndicator(t *testing.T, s *site, item int64, in strategy.IndicatorInput) int64 {
	t.Helper()
	id, err := s.app.Strategy.AddIndicator(access.With(context.Background(), access.System()), item, in)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// evidencePDF is a small PDF for the reports' evidence.
const evidencePDF = "%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"

func strategyFixture(t *testing.T, s *site) planFixture {
	t.Helper()
	sys := access.With(context.Background(), access.System())
	users, err := s.app.Users.Users(sys)
	if err != nil {
		t.Fatal(err)
	}
	var f planFixture
	for _, u := range users {
		if u.Role == access.FocalPoint {
			f.focalOrg = u.OrganisationID
		}
		if u.Role == access.PartnerOfficer {
			f.otherOrg = u.OrganisationID
		}
	}
	if f.focalOrg == 0 || f.otherOrg == 0 || f.focalOrg == f.otherOrg {
		t.Fatalf("demo focal point's organisation %d, partner officer's %d", f.focalOrg, f.otherOrg)
	}
	texts := func(s string) strategy.Texts {
		return strategy.Texts{Az: s + " (az)", En: s + " (en)", Ru: s + " (ru)"}
	}
	plan := func(title string) (int64, int64, int64, int64) {
		id, err := s.app.Strategy.CreateStrategy(sys, strategy.StrategyInput{Title: texts(title), FirstYear: 2026, LastYear: 2030})
		if err != nil {
			t.Fatal(err)
		}
		g, err := s.app.Strategy.AddItem(sys, id, strategy.ItemInput{Title: texts("Məqsəd")})
		if err != nil {
			t.Fatal(err)
		}
		o, err := s.app.Strategy.AddItem(sys, id, strategy.ItemInput{ParentID: g, Title: texts("Vəzifə")})
		if err != nil {
			t.Fatal(err)
		}
		m, err := s.app.Strategy.AddItem(sys, id, strategy.ItemInput{ParentID: o, Title: texts("Dil kursları"), ResponsibleID: f.focalOrg,
			StartsOn: "2026-01-01", EndsOn: "2028-12-31", Planned: "25000", Source: strategy.StateBudget})
		if err != nil {
			t.Fatal(err)
		}
		return id, g, o, m
	}
	id, g, o, m := plan("Strategiya")
	f.plan = fmt.Sprintf("/action-plan/%d", id)
	f.goal, f.objective, f.measure = fmt.Sprintf("%s/items/%d", f.plan, g), fmt.Sprintf("%s/items/%d", f.plan, o), fmt.Sprintf("%s/items/%d", f.plan, m)
	f.measureID = m
	counted := strategy.IndicatorInput{Title: texts("İştirakçılar"), Definition: texts("Say"), Kind: strategy.Output,
		Unit: strategy.Number, Source: strategy.Reported, Breakdowns: []stats.Category{stats.Sex, stats.Citizenship},
		Targets: map[int]string{2026: "40"}}
	f.indicator = fmt.Sprintf("%s/indicators/%d", f.plan, addIndicator(t, s, m, counted))
	f.objIndicator = fmt.Sprintf("%s/indicators/%d", f.plan, addIndicator(t, s, o, strategy.IndicatorInput{Title: texts("Sertifikatlar"),
		Definition: texts("Say"), Kind: strategy.Outcome, Source: strategy.Computed, Figure: "certificates"}))
	// A draft report of the first quarter with an evidence file.
	q1 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	if _, err := s.app.Strategy.SaveReport(sys, m, q1, strategy.ReportInput{Narrative: "Hazırlıq", Status: strategy.InProgress}, false); err != nil {
		t.Fatal(err)
	}
	file, err := s.app.Strategy.AddEvidence(sys, m, q1, strategy.EvidenceInput{Name: "akt.pdf", Body: strings.NewReader(evidencePDF)})
	if err != nil {
		t.Fatal(err)
	}
	f.evidence = fmt.Sprintf("%s/reports/2026-01-01/files/%d", f.measure, file)
	pub, _, _, pm := plan("Dərc edilmiş strategiya")
	f.publicIndicator = fmt.Sprintf("/strategy/indicators/%d", addIndicator(t, s, pm, counted))
	if err := s.app.Strategy.Publish(sys, pub); err != nil {
		t.Fatal(err)
	}
	f.published = fmt.Sprintf("/action-plan/%d", pub)
	return f
}

// totals are the values of a report of the draft plan's measure: its
// indicator's total.
func (f planFixture) totals(v string) []strategy.EntryInput {
	id, _ := strconv.ParseInt(f.indicator[strings.LastIndex(f.indicator, "/")+1:], 10, 64)
	return []strategy.EntryInput{{IndicatorID: id, Value: v}}
}

// totalField is the report form's field of the indicator's total.
func (f planFixture) totalField() string {
	return "v-" + f.indicator[strings.LastIndex(f.indicator, "/")+1:]
}

// strategyRoutes are the rows of TestRouteAccess for the Action Plan.
func (f planFixture) routes() []struct {
	method, path string
	perm         access.Permission
	form         url.Values
} {
	measure := url.Values{"title_az": {"Tədbir"}, "title_en": {"Measure"}, "title_ru": {"Мера"}, "responsible": {fmt.Sprint(f.focalOrg)},
		"starts_on": {"2026-02-01"}, "ends_on": {"2027-02-01"}}
	return []struct {
		method, path string
		perm         access.Permission
		form         url.Values
	}{
		{"GET", "/action-plan", access.ReadStrategy, nil},
		{"GET", "/action-plan/new", access.ManageStrategy, nil},
		{"POST", "/action-plan", access.ManageStrategy, url.Values{"title_az": {"S"}, "title_en": {"S"}, "title_ru": {"S"}, "first_year": {"2026"}, "last_year": {"2030"}}},
		{"GET", "/action-plan/mine", access.ReportStrategy, nil},
		{"GET", f.plan, access.ReadStrategy, nil},
		{"GET", f.plan + "/edit", access.ManageStrategy, nil},
		{"GET", f.plan + "/agencies", access.ReadStrategy, nil},
		{"POST", f.plan, access.ManageStrategy, url.Values{"title_az": {"S2"}, "title_en": {"S2"}, "title_ru": {"S2"}, "first_year": {"2026"}, "last_year": {"2031"}}},
		{"GET", f.plan + "/items/new", access.ManageStrategy, nil},
		{"GET", f.plan + "/items/new?parent=" + f.objective[strings.LastIndex(f.objective, "/")+1:], access.ManageStrategy, nil},
		{"POST", f.plan + "/items", access.ManageStrategy, withParent(measure, f.objective)},
		{"GET", f.measure, access.ReadStrategy, nil},
		{"GET", f.measure + "/edit", access.ManageStrategy, nil},
		{"POST", f.measure, access.ManageStrategy, measure},
		{"POST", f.measure + "/status", access.ReportStrategy, url.Values{"status": {"in_progress"}}},
		{"POST", f.measure + "/move", access.ManageStrategy, url.Values{"parent": {f.objective[strings.LastIndex(f.objective, "/")+1:]}, "position": {"1"}}},
		{"GET", f.plan + "/import", access.ManageStrategy, nil},
		{"POST", f.plan + "/import", access.ManageStrategy, url.Values{}}, // no file: 422, past the access check
		{"POST", f.plan + "/import/check", access.ManageStrategy, planImportForm("number,title_az,title_en,title_ru\n1,Məqsəd,Goal,Цель\n")},
		{"POST", f.plan + "/import/run", access.ManageStrategy, planImportForm("number,title_az,title_en,title_ru\n1,Məqsəd,Goal,Цель\n")},
		{"GET", f.plan + "/export.xlsx", access.ReadStrategy, nil},
		{"GET", f.plan + "/annual?year=2026&format=pdf", access.ReadStrategy, nil},
		{"GET", f.plan + "/annual?year=2026&format=xlsx", access.ReadStrategy, nil},
		{"GET", "/action-plan/reports", access.ReportStrategy, nil},
		{"POST", f.plan + "/reporting", access.ManageStrategy, url.Values{"report_period": {"quarter"}, "due_days": {"30"}}},
		{"GET", f.measure + "/reports/2026-01-01", access.ReadStrategy, nil},
		{"POST", f.measure + "/reports/2026-01-01", access.ReportStrategy, url.Values{"narrative": {"Hazırlıq"}, "status": {"in_progress"}}},
		{"POST", f.measure + "/reports/2026-04-01", access.ReportStrategy, url.Values{"narrative": {"Kurslar"}, "status": {"in_progress"}, "submit": {"1"}, f.totalField(): {"9"}}},
		{"POST", f.measure + "/reports/2026-04-01/return", access.ManageStrategy, url.Values{"comment": {"Xərcləri yazın"}}},
		{"POST", f.measure + "/reports/2026-07-01/approve", access.ManageStrategy, url.Values{}}, // 422: not submitted
		{"POST", f.measure + "/reports/2026-01-01/files", access.ReportStrategy, url.Values{}},   // 422: no file
		{"GET", f.evidence, access.ReadStrategy, nil},
		{"GET", f.measure + "/indicators/new", access.ManageStrategy, nil},
		{"POST", f.measure + "/indicators", access.ManageStrategy, indicatorForm("Kurs iştirakçıları")},
		{"GET", f.indicator, access.ReadStrategy, nil},
		{"GET", f.indicator + "/edit", access.ManageStrategy, nil},
		{"POST", f.indicator, access.ManageStrategy, indicatorForm("İştirakçılar")},
		{"POST", f.objIndicator + "/remove", access.ManageStrategy, url.Values{}},
		{"POST", f.plan + "/publish", access.ManageStrategy, url.Values{}},
		{"POST", f.published + "/close", access.ManageStrategy, url.Values{}},
	}
}

func withParent(v url.Values, parentPath string) url.Values {
	out := url.Values{"parent": {parentPath[strings.LastIndex(parentPath, "/")+1:]}}
	for k, vs := range v {
		out[k] = vs
	}
	return out
}

func TestStrategyPages(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	f := strategyFixture(t, s)
	officer := s.client()
	officer.signIn(access.StrategyOfficer)
	// The officer adds a measure; it shows in the plan, numbered.
	r := officer.post(f.plan+"/items", withParent(url.Values{"title_az": {"Məşğulluq yarmarkası"}, "title_en": {"Job fair"},
		"title_ru": {"Ярмарка вакансий"}, "responsible": {fmt.Sprint(f.otherOrg)}, "partners": {fmt.Sprint(f.focalOrg)},
		"starts_on": {"2026-03-01"}, "ends_on": {"2026-04-01"}, "planned": {"1 500,75"}, "source": {"donor"}}, f.objective))
	if r.status != http.StatusSeeOther || !strings.HasPrefix(r.location, f.plan+"/items/") {
		t.Fatalf("add a measure: %d to %q", r.status, r.location)
	}
	page := officer.get(r.location)
	for _, want := range []string{"1.1.2", "Job fair", "Məşğulluq yarmarkası", "Ярмарка вакансий", "plan-tag--delayed"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("the new measure's page lacks %q", want)
		}
	}
	// The officer reads in English, the demo account's language.
	if plan := officer.get(f.plan); !strings.Contains(plan.body, "1.1.2") || !strings.Contains(plan.body, "Job fair") {
		t.Errorf("the plan does not show the new measure 1.1.2")
	}
	// Unknown ids answer 404, a measure of another plan too.
	for _, path := range []string{"/action-plan/999999", f.plan + "/items/999999", f.published + "/items/" + fmt.Sprint(f.measureID),
		"/action-plan/abc/items/1"} {
		if r := officer.get(path); r.status != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", path, r.status)
		}
	}
	// The focal point sets the status of their organisation's measure, but
	// does not see the other organisation's.
	focal := s.client()
	focal.signIn(access.FocalPoint)
	if r := focal.post(f.measure+"/status", url.Values{"status": {"completed"}}); r.status != http.StatusSeeOther {
		t.Errorf("focal point sets the status: %d", r.status)
	}
	if r := focal.get(r.location); r.status != http.StatusNotFound {
		t.Errorf("focal point opens another organisation's measure: %d, want 404", r.status)
	}
	mine := focal.get("/action-plan/mine")
	if !strings.Contains(mine.body, "Dil kursları") || strings.Contains(mine.body, "Məşğulluq yarmarkası") {
		t.Errorf("my measures: the focal point's list is wrong")
	}
	if r := focal.post(f.measure+"/status", url.Values{"status": {"finished"}}); r.status != http.StatusUnprocessableEntity ||
		!strings.Contains(r.body, `href="#status"`) {
		t.Errorf("unknown status: %d", r.status)
	}
	if home := focal.get("/staff"); !strings.Contains(home.body, "/action-plan/mine") {
		t.Errorf("the focal point's home has no list of their measures")
	}
	// Published, the plan is on the public page in three languages.
	if r := officer.post(f.plan+"/publish", url.Values{}); r.status != http.StatusSeeOther {
		t.Fatalf("publish: %d", r.status)
	}
	public := s.client()
	cat := s.app.Catalog
	for _, lang := range []string{"az", "en", "ru"} {
		public.post("/lang", url.Values{"lang": {lang}, "next": {"/strategy"}})
		r := public.get("/strategy")
		p := cat.Printer(langOf(lang))
		for _, want := range []string{"Dil kursları (" + lang + ")", p.T("strategy.status.completed"), p.T("strategy.status.delayed"),
			"Məşğulluq yarmarkası", p.T("strategy.light.on_track")} {
			if lang != "az" && want == "Məşğulluq yarmarkası" {
				want = map[string]string{"en": "Job fair", "ru": "Ярмарка вакансий"}[lang]
			}
			if !strings.Contains(r.body, htmlEscape(want)) {
				t.Errorf("public page in %s lacks %q", lang, want)
			}
		}
		if strings.Contains(r.body, "/action-plan/") {
			t.Errorf("public page in %s links to the back office", lang)
		}
	}
}

// TestProposalMeasureLink: the secretariat links an accepted proposal to
// the published plan's measure that carries it out; the proposal's public
// page, the public plan and the measure's page show the link.
func TestProposalMeasureLink(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	f := strategyFixture(t, s)
	sys := access.With(context.Background(), access.System())
	pub, err := s.app.Strategy.Plan(sys, mustID(t, f.published))
	if err != nil {
		t.Fatal(err)
	}
	measure := pub.Items(func(it *strategy.Item) bool { return it.Kind == strategy.Measure })[0]
	pr, err := s.app.Council.SubmitFor(sys, council.SubmitInput{Title: "Axşam kursları", Body: "Mətn", TopicID: 1, Language: "az"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.app.Council.Review(sys, pr.ID, council.ReviewInput{UnitName: "Şöbə"}); err != nil {
		t.Fatal(err)
	}
	if err := s.app.Council.Answer(sys, pr.ID, council.AnswerInput{Outcome: council.Accepted, Answer: council.Texts{Az: "Bəli", En: "Yes", Ru: "Да"}}); err != nil {
		t.Fatal(err)
	}
	secretary := s.client()
	secretary.signIn(access.CouncilSecretary)
	path := fmt.Sprintf("/council/manage/%d", pr.ID)
	if page := secretary.get(path); !strings.Contains(page.body, `name="measure"`) || !strings.Contains(page.body, measure.Number) {
		t.Fatalf("the accepted proposal's page offers no measure to link")
	}
	if r := secretary.post(path+"/measure", url.Values{"measure": {"999999"}}); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `href="#measure"`) {
		t.Errorf("link to an unknown measure: %d", r.status)
	}
	if r := secretary.post(path+"/measure", url.Values{"measure": {fmt.Sprint(measure.ID)}}); r.status != http.StatusSeeOther {
		t.Fatalf("link: %d", r.status)
	}
	public := s.client()
	if page := public.get("/council/proposals/" + pr.Reference); !strings.Contains(page.body, fmt.Sprintf(`href="/strategy#item-%d"`, measure.ID)) {
		t.Errorf("the proposal's public page does not link to its measure")
	}
	if page := public.get("/strategy"); !strings.Contains(page.body, `href="/council/proposals/`+pr.Reference+`"`) {
		t.Errorf("the public plan does not name the proposal its measure carries out")
	}
	officer := s.client()
	officer.signIn(access.StrategyOfficer)
	if page := officer.get(fmt.Sprintf("%s/items/%d", f.published, measure.ID)); !strings.Contains(page.body, pr.Reference) {
		t.Errorf("the measure's page does not name the proposal")
	}
}

// mustID is the last part of a path as an id.
func mustID(t *testing.T, path string) int64 {
	t.Helper()
	var id int64
	if _, err := fmt.Sscan(path[strings.LastIndex(path, "/")+1:], &id); err != nil {
		t.Fatal(err)
	}
	return id
}

func TestStrategyReports(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	f := strategyFixture(t, s)
	q2 := f.measure + "/reports/2026-04-01"
	focal, officer, analyst := s.client(), s.client(), s.client()
	focal.signIn(access.FocalPoint)
	officer.signIn(access.StrategyOfficer)
	analyst.signIn(access.Analyst)
	// The measure's page lists its periods, the latest first, linked.
	if page := focal.get(f.measure); !strings.Contains(page.body, q2) || !strings.Contains(page.body, f.measure+"/reports/2026-01-01") {
		t.Fatalf("the measure's page lacks its reports")
	}
	// The focal point's home lists the reports due or overdue.
	if home := focal.get("/staff"); !strings.Contains(home.body, f.measure+"/reports/") {
		t.Errorf("the focal point's home lacks the overdue reports")
	}
	if due := focal.get("/action-plan/reports"); !strings.Contains(due.body, f.measure+"/reports/2026-04-01") || strings.Contains(due.body, `id="submitted"`) {
		t.Errorf("the focal point's list of reports due is wrong")
	}
	// The plan's tree and the measure's page flag the overdue reports.
	if plan := officer.get(f.plan); !strings.Contains(plan.body, "reports overdue") {
		t.Errorf("the plan's tree does not flag the overdue reports")
	}
	if m := officer.get(f.measure); !strings.Contains(m.body, ">Overdue<") {
		t.Errorf("the measure's page does not flag the overdue reports")
	}
	if r := focal.post(q2, url.Values{"narrative": {"Kurslar başladı"}, "status": {"in_progress"}, "spent": {"1 200,50"}}); r.status != http.StatusSeeOther {
		t.Fatalf("save: %d", r.status)
	}
	if r := focal.uploadEvidence(q2, "siyahı.pdf", []byte(evidencePDF)); r.status != http.StatusSeeOther {
		t.Fatalf("upload the evidence: %d", r.status)
	}
	if r := focal.uploadEvidence(q2, "virus.exe", []byte("MZ\x90\x00binary")); r.status != http.StatusUnprocessableEntity ||
		!strings.Contains(r.body, `href="#evidence"`) {
		t.Errorf("upload an executable: %d", r.status)
	}
	if page := analyst.get(q2); !strings.Contains(page.body, "siyahı.pdf") {
		t.Errorf("the report's page lacks its evidence")
	}
	if r := analyst.get(f.evidence); r.status != http.StatusOK || !strings.HasPrefix(r.body, "%PDF") {
		t.Errorf("download the evidence: %d", r.status)
	}
	if r := focal.post(q2, url.Values{"narrative": {"Kurslar başladı"}, "status": {"in_progress"}, "spent": {"1 200,50"}, "submit": {"1"}, f.totalField(): {"40"}}); r.status != http.StatusSeeOther {
		t.Fatalf("submit: %d", r.status)
	}
	if r := analyst.post(q2+"/approve", url.Values{}); r.status != http.StatusForbidden {
		t.Errorf("analyst approves: %d", r.status)
	}
	if queue := officer.get("/action-plan/reports"); !strings.Contains(queue.body, q2) {
		t.Errorf("the officer's queue lacks the submitted report")
	}
	if home := officer.get("/staff"); !strings.Contains(home.body, q2) {
		t.Errorf("the officer's home lacks the submitted report")
	}
	if r := officer.post(q2+"/return", url.Values{"comment": {" "}}); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `href="#comment"`) {
		t.Errorf("return without a comment: %d", r.status)
	}
	if r := officer.post(q2+"/return", url.Values{"comment": {"Xərcləri göstərin"}}); r.status != http.StatusSeeOther {
		t.Fatalf("return: %d", r.status)
	}
	if r := officer.post(q2+"/approve", url.Values{}); r.status != http.StatusUnprocessableEntity {
		t.Errorf("approve a returned report: %d", r.status)
	}
	page := focal.get(q2)
	if !strings.Contains(page.body, "Xərcləri göstərin") || !strings.Contains(page.body, `name="narrative"`) {
		t.Fatalf("the returned report does not show the comment and the form")
	}
	if r := focal.post(q2, url.Values{"narrative": {"Kurslar başladı, 40 nəfər"}, "status": {"completed"}, "spent": {"1500"}, "submit": {"1"}, f.totalField(): {"40"}}); r.status != http.StatusSeeOther {
		t.Fatalf("resubmit: %d", r.status)
	}
	if r := focal.post(q2, url.Values{"narrative": {"Dəyişiklik"}, "status": {"completed"}}); r.status != http.StatusUnprocessableEntity {
		t.Errorf("change a submitted report: %d", r.status)
	}
	if r := officer.post(q2+"/approve", url.Values{}); r.status != http.StatusSeeOther {
		t.Fatalf("approve: %d", r.status)
	}
	page = analyst.get(q2)
	for _, want := range []string{"Kurslar başladı, 40 nəfər", "Xərcləri göstərin", "Kurslar başladı"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("the approved report's page lacks %q", want)
		}
	}
	if strings.Contains(page.body, `name="narrative"`) || strings.Contains(page.body, "/approve") {
		t.Errorf("the approved report still offers its forms")
	}
	if m := officer.get(f.measure); !strings.Contains(m.body, "1,500.00") {
		t.Errorf("the measure's spent money is not the approved report's")
	}
	for _, path := range []string{f.measure + "/reports/2040-01-01", f.measure + "/reports/2026-02-01", f.measure + "/reports/soon",
		f.published + "/items/" + fmt.Sprint(f.measureID) + "/reports/2026-01-01"} {
		if r := officer.get(path); r.status != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", path, r.status)
		}
	}
}

// uploadEvidence posts a report's evidence form with a file.
func (c *client) uploadEvidence(report, name string, content []byte) response {
	c.s.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(content)
	mw.Close()
	req, _ := http.NewRequest("POST", c.s.srv.URL+report+"/files", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := c.hc.Do(req)
	if err != nil {
		c.s.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return response{status: res.StatusCode, body: string(b), location: res.Header.Get("Location"), header: res.Header}
}

// TestIndicatorPages: the officer's indicator form refuses bad input with
// every problem at once and keeps the indicator it accepts; a focal point
// reports values by sex and by country in a report, refused when the cells
// exceed the total; the public page shows the approved value against its
// target with the small cells hidden, in three languages.
func TestIndicatorPages(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	f := strategyFixture(t, s)
	officer, focal, public := s.client(), s.client(), s.client()
	officer.signIn(access.StrategyOfficer)
	focal.signIn(access.FocalPoint)

	bad := indicatorForm("")
	bad.Set("kind", "huge")
	bad.Set("baseline", "12.5")
	bad.Set("target-2027", "many")
	r := officer.post(f.measure+"/indicators", bad)
	for _, want := range []string{`href="#title_az"`, `href="#kind"`, `href="#baseline"`, `href="#targets"`} {
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, want) {
			t.Errorf("bad indicator: %d, the summary lacks %s", r.status, want)
		}
	}
	r = officer.post(f.measure+"/indicators", indicatorForm("Kurs iştirakçıları"))
	if r.status != http.StatusSeeOther || !strings.HasPrefix(r.location, f.plan+"/indicators/") {
		t.Fatalf("add an indicator: %d to %q", r.status, r.location)
	}
	added := r.location
	page := officer.get(added)
	for _, want := range []string{"Kurs iştirakçıları en", "<svg", "Target", "10 (2025)", "Sex, Citizenship"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("the indicator's page lacks %q", want)
		}
	}
	if m := focal.get(f.measure); !strings.Contains(m.body, added) {
		t.Errorf("the measure's page does not list its indicator")
	}

	// A computed indicator of the measure fills itself in every report.
	computed := indicatorForm("Sertifikatlar")
	computed.Set("source", "computed")
	computed.Set("figure", "certificates")
	if r := officer.post(f.measure+"/indicators", computed); r.status != http.StatusSeeOther {
		t.Fatalf("add a computed indicator: %d", r.status)
	}
	// The focal point reports the quarter: cells above the total are refused.
	q2 := f.measure + "/reports/2026-04-01"
	form := focal.get(q2)
	id := strings.TrimPrefix(f.indicator, f.plan+"/indicators/")
	for _, want := range []string{`name="v-` + id + `"`, `name="v-` + id + `-sex-f"`, `name="v-` + id + `-citizenship-row0-key"`} {
		if !strings.Contains(form.body, want) {
			t.Fatalf("the report's form lacks %s", want)
		}
	}
	values := url.Values{"narrative": {"Kurslar"}, "status": {"in_progress"}, "submit": {"1"}, "v-" + id: {"30"},
		"v-" + id + "-sex-f": {"20"}, "v-" + id + "-sex-m": {"12"},
		"v-" + id + "-citizenship-row0-key": {"UA"}, "v-" + id + "-citizenship-row0": {"7"}}
	if r := focal.post(q2, values); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `href="#values"`) ||
		!strings.Contains(r.body, "cəmi ümumi dəyərdən çoxdur") || !strings.Contains(r.body, "ümumi dəyərini daxil edin") ||
		!strings.Contains(r.body, `value="12"`) {
		t.Fatalf("cells above the total: %d", r.status)
	}
	values.Set("v-"+id+"-sex-m", "10")
	values.Set("v-"+strings.TrimPrefix(added, f.plan+"/indicators/"), "5")
	if r := focal.post(q2, values); r.status != http.StatusSeeOther {
		t.Fatalf("submit the values: %d", r.status)
	}
	if r := officer.post(q2+"/approve", url.Values{}); r.status != http.StatusSeeOther {
		t.Fatalf("approve: %d", r.status)
	}
	// The list by agency shows the measure's last report, approved.
	if list := focal.get(f.plan + "/agencies"); !strings.Contains(list.body, q2) || !strings.Contains(list.body, "Dil kursları") {
		t.Errorf("the list by agency lacks the last report: %d", list.status)
	}
	page = officer.get(q2)
	for _, want := range []string{"Ukraine — 7", "female — 20", "History of the indicator values", "Computed indicators", "Sertifikatlar en"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("the approved report lacks %q", want)
		}
	}

	// The public page of the published plan's indicator: approved values
	// only, small cells hidden, in every language.
	sys := access.With(context.Background(), access.System())
	pubID := strings.TrimPrefix(f.publicIndicator, "/strategy/indicators/")
	var pubMeasure int64
	pl, err := s.app.Strategy.Published(sys)
	if err != nil {
		t.Fatal(err)
	}
	pubMeasure = pl.Goals[0].Children[0].Children[0].ID
	entries := []strategy.EntryInput{{IndicatorID: atoi(t, pubID), Value: "45"},
		{IndicatorID: atoi(t, pubID), Category: stats.Sex, Key: "f", Value: "42"},
		{IndicatorID: atoi(t, pubID), Category: stats.Sex, Key: "m", Value: "3"}}
	q1 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	if _, err := s.app.Strategy.SaveReport(sys, pubMeasure, q1, strategy.ReportInput{Narrative: "n", Status: strategy.InProgress,
		Entries: entries}, true); err != nil {
		t.Fatal(err)
	}
	before := public.get(f.publicIndicator)
	if before.status != http.StatusOK || strings.Contains(before.body, ">45<") {
		t.Errorf("the public page shows a value not approved: %d", before.status)
	}
	if err := s.app.Strategy.ApproveReport(sys, pubMeasure, q1); err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"az", "en", "ru"} {
		p := public.get(f.publicIndicator + "?lang=" + lang)
		if p.status != http.StatusOK || !strings.Contains(p.body, ">45<") || !strings.Contains(p.body, "&lt;5") || strings.Contains(p.body, ">42<") {
			t.Errorf("public indicator page in %s: %d", lang, p.status)
		}
	}
	if r := public.get("/strategy"); !strings.Contains(r.body, f.publicIndicator) {
		t.Errorf("the public plan does not link its indicator")
	}
	for _, path := range []string{"/strategy/indicators/" + id, "/strategy/indicators/999999", "/strategy/indicators/x"} {
		if r := public.get(path); r.status != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", path, r.status)
		}
	}
}

func atoi(t *testing.T, s string) int64 {
	t.Helper()
	var n int64
	if _, err := fmt.Sscan(s, &n); err != nil {
		t.Fatal(err)
	}
	return n
}
