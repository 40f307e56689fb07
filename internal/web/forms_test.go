package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/council"
	"inteqra/internal/strategy"
)

// TestFormsReportEveryProblem holds issue 13 for every form that checks its
// input on the server: bad input answers 422 with the error summary at the
// top, a link from it to each refused field, the field marked invalid and
// described by its message, and what was typed still in the form.
func TestFormsReportEveryProblem(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	var personID int64
	if err := s.app.DB.QueryRowContext(context.Background(), `SELECT min(id) FROM persons WHERE state = 'active'`).Scan(&personID); err != nil {
		t.Fatal(err)
	}
	person := fmt.Sprintf("/people/%d", personID)
	// Proposals waiting for review, for an answer and for what was done.
	sys := access.With(context.Background(), access.System())
	proposal := make([]string, 3)
	for i := range proposal {
		p, err := s.app.Council.SubmitFor(sys, council.SubmitInput{Title: "Təklif", Body: "Mətn", TopicID: 1, Language: "az"})
		if err != nil {
			t.Fatal(err)
		}
		if i > 0 {
			if err := s.app.Council.Review(sys, p.ID, council.ReviewInput{UnitName: "Şöbə"}); err != nil {
				t.Fatal(err)
			}
		}
		if i > 1 {
			if err := s.app.Council.Answer(sys, p.ID, council.AnswerInput{Outcome: council.Accepted, Answer: council.Texts{Az: "Bəli", En: "Yes", Ru: "Да"}}); err != nil {
				t.Fatal(err)
			}
		}
		proposal[i] = fmt.Sprintf("/council/manage/%d", p.ID)
	}
	planned, err := s.app.Council.PlanMeeting(sys, council.MeetingInput{StartsAt: "2031-01-01T10:00", Venue: "Bakı"})
	if err != nil {
		t.Fatal(err)
	}
	past, err := s.app.Council.PlanMeeting(sys, council.MeetingInput{StartsAt: "2021-01-01T10:00", Venue: "Bakı"})
	if err != nil {
		t.Fatal(err)
	}
	holdMeeting(t, s, past.ID)
	plan := strategyFixture(t, s)
	// A report submitted, for the officer's return form.
	if _, err := s.app.Strategy.SaveReport(sys, plan.measureID, time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC),
		strategy.ReportInput{Narrative: "Kurslar", Status: strategy.InProgress, Entries: plan.totals("12")}, true); err != nil {
		t.Fatal(err)
	}
	meeting, held := fmt.Sprintf("/council/manage/meetings/%d", planned.ID), fmt.Sprintf("/council/manage/meetings/%d", past.ID)
	tests := []struct {
		name   string
		role   access.Role // "" for the public
		method string      // POST unless told
		path   string
		form   url.Values
		status int      // 422 unless told
		fields []string // the ids of the inputs refused
		kept   []string // what was typed, shown again
	}{
		{name: "sign in", path: "/login", form: url.Values{"email": {"nobody@example.az"}, "password": {"wrong password"}},
			status: http.StatusUnauthorized, fields: []string{"email"}, kept: []string{"nobody@example.az"}},
		{name: "application status", path: "/applications", form: url.Values{"reference": {"TTM-NOSUCH"}},
			fields: []string{"reference"}, kept: []string{"TTM-NOSUCH"}},
		{name: "verify a certificate", method: "GET", path: "/verify?code=+", fields: []string{"code"}},
		{name: "password", role: access.Consultant, path: "/account/password",
			form: url.Values{"current": {"not my password"}, "new": {"x"}, "confirm": {"y"}}, fields: []string{"current"}},
		{name: "organisation", role: access.Admin, path: "/admin/organisations",
			form:   url.Values{"name": {" "}, "kind": {"ngo"}, "phone": {"call me"}, "email": {"not-an-address"}, "hours": {"09:00–18:00"}},
			fields: []string{"name", "phone", "email"}, kept: []string{"call me", "not-an-address", "09:00–18:00"}},
		{name: "region", role: access.Admin, path: "/admin/regions",
			form:   url.Values{"name_az": {"Yeni rayon"}, "name_en": {""}, "name_ru": {"Новый"}, "kind": {"district"}, "code": {""}},
			fields: []string{"name_en", "parent", "code"}, kept: []string{"Yeni rayon", "Новый"}},
		{name: "user", role: access.Admin, path: "/admin/users",
			form:   url.Values{"email": {"ana@"}, "name": {"Ana Əliyeva"}, "role": {"wizard"}, "language": {"az"}},
			fields: []string{"email", "role"}, kept: []string{"ana@", "Ana Əliyeva"}},
		{name: "service", role: access.Admin, path: "/admin/services",
			form:   url.Values{"code": {"Not a code"}, "name_az": {"Xidmət"}, "name_en": {"Service"}, "name_ru": {"Услуга"}},
			fields: []string{"code"}, kept: []string{"Not a code", "Xidmət"}},
		{name: "audit filter", role: access.Auditor, method: "GET", path: "/audit?from=2026-13-40&to=yesterday&actor=ana",
			fields: []string{"from", "to"}, kept: []string{"2026-13-40", "yesterday"}},
		{name: "case intake", role: access.Consultant, path: "/cases",
			form:   url.Values{"person": {fmt.Sprint(personID)}, "source": {"rumour"}, "needs": {"İş və dil kursu"}},
			fields: []string{"source"}, kept: []string{"İş və dil kursu"}},
		{name: "service contact", role: access.Consultant, path: "/cases/1/services",
			form:   url.Values{"service": {"1"}, "held_on": {"2026-02-30"}, "minutes": {"0"}, "language": {"az"}, "outcome": {"Məsləhət verildi"}},
			fields: []string{"held_on", "minutes"}, kept: []string{"Məsləhət verildi"}},
		{name: "note", role: access.Consultant, path: "/cases/1/notes", form: url.Values{"body": {"  "}}, fields: []string{"body"}},
		{name: "task", role: access.Consultant, path: "/cases/1/tasks",
			form: url.Values{"title": {"Zəng etmək"}, "due_on": {"2000-01-01"}}, fields: []string{"due_on"}, kept: []string{"Zəng etmək"}},
		{name: "referral", role: access.Consultant, path: "/cases/1/referrals",
			form:   url.Values{"organisation": {"4"}, "domain": {""}, "need": {"Hüquqi məsləhət"}, "due_on": {"2099-01-01"}},
			fields: []string{"domain"}, kept: []string{"Hüquqi məsləhət"}},
		{name: "assessment", role: access.Consultant, path: "/cases/1/assessment",
			form: url.Values{"strengths": {"Güclü\x00tərəf"}}, fields: []string{"strengths"}},
		{name: "attachment without a file", role: access.Consultant, path: "/cases/1/attachments", form: url.Values{},
			fields: []string{"file"}},
		{name: "residence status", role: access.Consultant, path: person + "/statuses",
			form:   url.Values{"kind": {"visa"}, "document_no": {"DYİ 77"}, "valid_from": {"someday"}},
			fields: []string{"kind", "valid_from"}, kept: []string{"DYİ 77", "someday"}},
		{name: "consent", role: access.Consultant, path: person + "/consents",
			form: url.Values{"purpose": {"sharing"}, "given_on": {"2099-01-01"}}, fields: []string{"organisation", "given_on"}},
		{name: "family link", role: access.Consultant, path: person + "/family",
			form: url.Values{"relation": {"cousin"}, "relative": {fmt.Sprint(personID)}}, fields: []string{"relation"}},
		{name: "case closure", role: access.Consultant, path: "/cases/1/close",
			form: url.Values{"outcome": {"vanished"}, "reason": {"Əlaqə yoxdur"}}, fields: []string{"outcome"}, kept: []string{"Əlaqə yoxdur"}},
		{name: "referral inbox filter", role: access.PartnerOfficer, method: "GET", path: "/referrals?state=lost", fields: []string{"state"}},
		{name: "cohort cancellation", role: access.Coordinator, path: "/training/cohorts/1/state",
			form: url.Values{"to": {"cancelled"}, "reason": {" "}}, fields: []string{"cancel-reason"}},
		{name: "import without a file", role: access.Consultant, path: "/people/import", form: url.Values{}, fields: []string{"file"}},
		{name: "course", role: access.Coordinator, path: "/training/courses",
			form:   url.Values{"kind": {"lang_a1"}, "title_az": {"Azərbaycan dili"}, "hours": {"many"}, "pass_mark": {"60"}, "eligible": {"permanent"}},
			fields: []string{"title_en"}, kept: []string{"Azərbaycan dili", "many"}},
		{name: "cohort", role: access.Coordinator, path: "/training/cohorts",
			form:   url.Values{"course": {"1"}, "code": {"A1-X"}, "starts_on": {"soon"}, "ends_on": {"2099-01-01"}, "capacity": {"0"}, "language": {"az"}, "venue": {"Bakı"}},
			fields: []string{"starts_on", "capacity"}, kept: []string{"A1-X", "soon"}},
		{name: "calendar", role: access.Coordinator, path: "/training/calendar",
			form: url.Values{"day": {""}, "change": {"working"}, "note": {"Bayram"}}, fields: []string{"day"}, kept: []string{"Bayram"}},
		{name: "dashboard", role: access.Coordinator, method: "GET", path: "/dashboards/centre?kind=custom&from=2026-01-01&to=then&by=sex&by2=sex",
			fields: []string{"to", "by"}, kept: []string{"then"}},
		{name: "statistics settings", role: access.Admin, path: "/admin/statistics", form: url.Values{"threshold": {"many"}},
			fields: []string{"threshold"}, kept: []string{"many"}},
		{name: "proposal", path: "/council/propose", form: url.Values{"surname": {"Petrova"}, "title": {"Axşam kursları"}},
			fields: []string{"birth_date", "phone", "text", "topic", "consent_data"}, kept: []string{"Axşam kursları"}},
		{name: "proposal lookup", path: "/council/proposals/status", form: url.Values{"reference": {"MS-2026-999999"}, "email": {"a@example.org"}},
			fields: []string{"reference"}, kept: []string{"MS-2026-999999"}},
		{name: "proposal topic", role: access.Admin, path: "/admin/council-topics", form: url.Values{"code": {"transport"}, "name_az": {"Nəqliyyat"}},
			fields: []string{"name_en", "name_ru"}, kept: []string{"transport", "Nəqliyyat"}},
		{name: "proposal by the secretariat", role: access.CouncilSecretary, path: "/council/manage", form: url.Values{"title": {"Şuranın təklifi"}},
			fields: []string{"text", "topic"}, kept: []string{"Şuranın təklifi"}},
		{name: "proposal review", role: access.CouncilSecretary, path: proposal[0] + "/review", form: url.Values{"due_on": {"yesterday"}},
			fields: []string{"unit", "due_on"}, kept: []string{"yesterday"}},
		{name: "proposal answer", role: access.CouncilSecretary, path: proposal[1] + "/answer", form: url.Values{"answer_az": {"Qəbul edildi"}},
			fields: []string{"outcome_accepted", "answer_en", "answer_ru"}, kept: []string{"Qəbul edildi"}},
		{name: "council member", role: access.CouncilSecretary, path: "/council/members",
			form:   url.Values{"surname": {"Petrenko"}, "origin": {"QQ"}, "role": {"chair"}, "starts_on": {"soon"}, "community": {"Ukrayna icması"}},
			fields: []string{"birth_date", "origin", "role", "starts_on"}, kept: []string{"Petrenko", "soon", "Ukrayna icması"}},
		{name: "council settings", role: access.Admin, path: "/admin/council-settings",
			form:   url.Values{"size": {"2"}, "term_months": {"many"}, "max_terms": {"9"}},
			fields: []string{"size", "term_months", "max_terms"}, kept: []string{"many"}},
		{name: "proposal implemented", role: access.CouncilSecretary, path: proposal[2] + "/implement", form: url.Values{"done_ru": {"Сделано"}},
			fields: []string{"done_az", "done_en"}, kept: []string{"Сделано"}},
		{name: "meeting", role: access.CouncilSecretary, path: "/council/manage/meetings", form: url.Values{"starts_at": {"soon"}, "online_url": {"ftp://x"}},
			fields: []string{"starts_at", "online_url"}, kept: []string{"soon", "ftp://x"}},
		{name: "agenda item", role: access.CouncilSecretary, path: meeting + "/items", form: url.Values{"item_ru": {"Курсы"}, "presenter": {strings.Repeat("я", 201)}},
			fields: []string{"item_az", "presenter"}, kept: []string{"Курсы"}},
		{name: "minutes", role: access.CouncilSecretary, path: held + "/minutes", form: url.Values{"minutes_az": {"Protokol"}, "en_translated": {"on"}, "ru_translated": {"on"}},
			fields: []string{"minutes_en", "minutes_ru"}, kept: []string{"Protokol"}},
		{name: "strategy", role: access.StrategyOfficer, path: "/action-plan",
			form:   url.Values{"title_az": {"Strategiya"}, "title_ru": {"Стратегия"}, "first_year": {"2031"}, "last_year": {"2026"}},
			fields: []string{"title_en", "last_year"}, kept: []string{"Strategiya", "Стратегия"}},
		{name: "action plan measure", role: access.StrategyOfficer, path: plan.plan + "/items",
			form: withParent(url.Values{"title_az": {"Tədbir"}, "starts_on": {"soon"}, "ends_on": {"2026-01-01"}, "planned": {"lots"},
				"spent": {"1.234"}}, plan.objective),
			fields: []string{"title_en", "title_ru", "responsible", "starts_on", "planned", "spent"}, kept: []string{"Tədbir", "soon", "lots"}},
		{name: "measure edited", role: access.StrategyOfficer, path: plan.measure,
			form:   url.Values{"title_az": {"Tədbir"}, "title_en": {"Measure"}, "title_ru": {"Мера"}, "responsible": {"999999"}, "starts_on": {"2027-01-01"}, "ends_on": {"2026-01-01"}},
			fields: []string{"responsible", "ends_on"}, kept: []string{"Measure", "Мера"}},
		{name: "measure moved", role: access.StrategyOfficer, path: plan.measure + "/move", form: url.Values{"parent": {plan.objective[strings.LastIndex(plan.objective, "/")+1:]}, "position": {"9"}},
			fields: []string{"position"}, kept: []string{"9"}},
		{name: "plan import", role: access.StrategyOfficer, path: plan.plan + "/import", form: url.Values{}, fields: []string{"file"}},
		{name: "measure status", role: access.FocalPoint, path: plan.measure + "/status", form: url.Values{"status": {"finished"}}, fields: []string{"status"}},
		{name: "measure report", role: access.FocalPoint, path: plan.measure + "/reports/2026-01-01", form: url.Values{"status": {"finished"}, "spent": {"lots"}},
			fields: []string{"narrative", "status", "spent"}, kept: []string{"lots"}},
		{name: "report returned", role: access.StrategyOfficer, path: plan.measure + "/reports/2026-04-01/return", form: url.Values{"comment": {" "}},
			fields: []string{"comment"}},
		{name: "reporting", role: access.StrategyOfficer, path: plan.plan + "/reporting", form: url.Values{"report_period": {"month"}, "due_days": {"999"}},
			fields: []string{"report_period", "due_days"}, kept: []string{"999"}},
	}
	clients := map[access.Role]*client{}
	for _, tt := range tests {
		c, ok := clients[tt.role]
		if !ok {
			c = s.client()
			if tt.role != "" {
				c.signIn(tt.role)
			}
			clients[tt.role] = c
		}
		method, status := tt.method, tt.status
		if method == "" {
			method = "POST"
		}
		if status == 0 {
			status = http.StatusUnprocessableEntity
		}
		r := c.do(method, tt.path, tt.form)
		if r.status != status {
			t.Errorf("%s: status %d, want %d", tt.name, r.status, status)
			continue
		}
		if !strings.Contains(r.body, `error-summary`) {
			t.Errorf("%s: no error summary", tt.name)
		}
		for _, id := range tt.fields {
			if !strings.Contains(r.body, `href="#`+id+`"`) {
				t.Errorf("%s: the summary does not link to #%s", tt.name, id)
			}
			if !strings.Contains(r.body, `id="`+id+`-error"`) {
				t.Errorf("%s: no message beside #%s", tt.name, id)
			}
			field := regexp.MustCompile(`<(?:input|select|textarea)\b[^>]*\bid="` + regexp.QuoteMeta(id) + `"[^>]*>`).FindString(r.body)
			if !strings.Contains(field, `aria-invalid="true"`) || !regexp.MustCompile(`aria-describedby="[^"]*\b`+regexp.QuoteMeta(id)+`-error\b`).MatchString(field) {
				t.Errorf("%s: #%s is not marked invalid and described by its message: %s", tt.name, id, field)
			}
		}
		for _, v := range tt.kept {
			if !strings.Contains(r.body, htmlEscape(v)) {
				t.Errorf("%s: %q is not kept", tt.name, v)
			}
		}
	}
}
