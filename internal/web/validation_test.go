package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/i18n"
	"inteqra/internal/textcheck"
)

func (s *site) count(query string, args ...any) int {
	s.t.Helper()
	var n int
	if err := s.app.DB.QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		s.t.Fatal(err)
	}
	return n
}

// postRaw sends body as it is, so a test can send bytes url.Values would
// not produce (NUL, invalid UTF-8) or a body over the cap.
func (c *client) postRaw(path, body string) response {
	c.s.t.Helper()
	req, err := http.NewRequest("POST", c.s.srv.URL+path, strings.NewReader(body))
	if err != nil {
		c.s.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, err := c.hc.Do(req)
	if err != nil {
		c.s.t.Fatal(err)
	}
	defer res.Body.Close()
	var b strings.Builder
	buf := make([]byte, 32<<10)
	for {
		n, err := res.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return response{status: res.StatusCode, body: b.String(), location: res.Header.Get("Location"), header: res.Header}
}

// TestUnknownIDsAnswer422 holds issue 12 item 5: a region or organisation id
// that names nothing used to fail on the foreign key and show the 500 page.
func TestUnknownIDsAnswer422(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	az := s.app.Catalog.Printer(i18n.AZ)
	c := s.client()
	c.signIn(access.Consultant)
	persons := s.count(`SELECT count(*) FROM persons`)
	regionMsg := htmlEscape(az.Error(textcheck.Unknown("people.region")))
	for _, region := range []string{"999999", "-1", "abc"} {
		form := url.Values{"surname_az": {"Quliyeva"}, "given_az": {"Lalə"}, "birth_date": {"1990-05-05"}, "region": {region}}
		r := c.post("/people", form)
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, regionMsg) {
			t.Errorf("POST /people region=%s: status %d, want 422 with %q", region, r.status, regionMsg)
		}
		if !strings.Contains(r.body, `value="Quliyeva"`) {
			t.Errorf("POST /people region=%s: the form was not shown again with the input", region)
		}
	}
	if n := s.count(`SELECT count(*) FROM persons`); n != persons {
		t.Fatalf("got %d persons after refused forms, want %d", n, persons)
	}

	r := c.post("/people", url.Values{"surname_az": {"Quliyeva"}, "given_az": {"Lalə"}, "birth_date": {"1990-05-05"}, "phone": {"050 555 12 12"}})
	m := personURL.FindStringSubmatch(r.location)
	if r.status != http.StatusSeeOther || m == nil {
		t.Fatalf("register: status %d to %q", r.status, r.location)
	}
	for _, region := range []string{"999999", "-1"} {
		form := url.Values{"surname_az": {"Quliyeva"}, "given_az": {"Lalə"}, "birth_date": {"1990-05-05"}, "region": {region}, "phone": {"050 999 99 99"}}
		r := c.post("/people/"+m[1]+"/edit", form)
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, regionMsg) {
			t.Errorf("POST /people/%s/edit region=%s: status %d, want 422 with the message", m[1], region, r.status)
		}
	}
	if n := s.count(`SELECT count(*) FROM persons WHERE id = $1 AND phone = '050 555 12 12'`, m[1]); n != 1 {
		t.Error("a refused edit changed the record")
	}

	orgMsg := htmlEscape(az.Error(textcheck.Unknown("people.partner")))
	for _, org := range []string{"999999", "-1", "x"} {
		r := c.post("/people/"+m[1]+"/consents", url.Values{"purpose": {"sharing"}, "organisation": {org}})
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, orgMsg) {
			t.Errorf("POST consents organisation=%s: status %d, want 422 with %q", org, r.status, orgMsg)
		}
	}
	if n := s.count(`SELECT count(*) FROM consents WHERE person_id = $1`, m[1]); n != 0 {
		t.Errorf("got %d consents after refused forms, want 0", n)
	}
}

// TestTextIsChecked holds issue 12 item 6 over HTTP: NUL and raw invalid
// UTF-8 are refused with messages naming both fields at once, a public
// application with a 5,000-digit phone is refused, and nothing is stored.
func TestTextIsChecked(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	az := s.app.Catalog.Printer(i18n.AZ)
	c := s.client()
	c.signIn(access.Consultant)
	persons := s.count(`SELECT count(*) FROM persons`)
	r := c.postRaw("/people", "surname_az=Nul%00Byte&given_az=Ok&address=%FF%FE%80")
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("NUL and invalid UTF-8: status %d, want 422", r.status)
	}
	for _, err := range []error{textcheck.Field("people.surname", "\x00", textcheck.Name), textcheck.Field("people.address", "\xff", textcheck.Short)} {
		if msg := htmlEscape(az.Error(err)); !strings.Contains(r.body, msg) {
			t.Errorf("NUL and invalid UTF-8: the page lacks the message %q", msg)
		}
	}
	if strings.Contains(r.body, "\x00") || strings.Contains(r.body, "\xff\xfe") {
		t.Error("the page echoes the NUL or the invalid bytes")
	}
	if n := s.count(`SELECT count(*) FROM persons`); n != persons {
		t.Fatalf("got %d persons after refused forms, want %d", n, persons)
	}

	_, cohort := s.openCourse(12)
	pub := s.client()
	form := applicationForm()
	form.Set("phone", strings.Repeat("5", 5000))
	r = pub.post(fmt.Sprintf("/courses/apply/%d", cohort.ID), form)
	if msg := htmlEscape(az.Error(textcheck.Field("people.phone", form.Get("phone"), textcheck.PhoneNo))); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, msg) {
		t.Errorf("5,000-digit phone: status %d, want 422 with %q", r.status, msg)
	}
	if n := s.count(`SELECT count(*) FROM enrolments WHERE cohort_id = $1`, cohort.ID); n != 0 {
		t.Errorf("5,000-digit phone: %d applications saved", n)
	}
	if n := s.count(`SELECT count(*) FROM persons WHERE length(phone) > 32`); n != 0 {
		t.Errorf("%d persons hold a phone longer than 32 characters", n)
	}
}

// TestBodyOverCapAnswers413: a form over the 1 MiB cap is refused with a
// message that says the request is too large, not with the form's own
// "Enter the surname".
func TestBodyOverCapAnswers413(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	az := s.app.Catalog.Printer(i18n.AZ)
	c := s.client()
	c.signIn(access.Consultant)
	persons := s.count(`SELECT count(*) FROM persons`)
	r := c.postRaw("/people", "surname_az=Big&address="+strings.Repeat("a", 2<<20))
	want := htmlEscape(az.T("error.request_too_large", "KB", 1024))
	if r.status != http.StatusRequestEntityTooLarge || !strings.Contains(r.body, want) {
		t.Errorf("over the cap: status %d, want 413 with %q", r.status, want)
	}
	if strings.Contains(r.body, htmlEscape(az.T("people.error.name_required"))) {
		t.Error("over the cap: the page asks for the surname")
	}
	if n := s.count(`SELECT count(*) FROM persons`); n != persons {
		t.Errorf("got %d persons after a refused form, want %d", n, persons)
	}
	// The public portal too, without signing in.
	_, cohort := s.openCourse(12)
	r = s.client().postRaw(fmt.Sprintf("/courses/apply/%d", cohort.ID), "surname="+strings.Repeat("a", 2<<20))
	if r.status != http.StatusRequestEntityTooLarge || !strings.Contains(r.body, want) {
		t.Errorf("public form over the cap: status %d, want 413 with the message", r.status)
	}
}

// TestForgedIDsNeverFail500 posts every form that takes an id with ids that
// name nothing (999999), negative ids and non-numbers: each answers 4xx,
// never the 500 page, and nothing is saved (no redirect).
func TestForgedIDsNeverFail500(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	var caseID int64
	if err := s.app.DB.QueryRowContext(context.Background(), `SELECT c.id FROM cases c JOIN users u ON u.id = c.consultant_id
		WHERE u.email = 'consultant@demo.inteqra.az' AND c.state <> 'closed' ORDER BY c.id LIMIT 1`).Scan(&caseID); err != nil {
		t.Fatalf("a case of the demo consultant: %v", err)
	}
	var personID int64
	if err := s.app.DB.QueryRowContext(context.Background(), `SELECT min(id) FROM persons WHERE state = 'active'`).Scan(&personID); err != nil {
		t.Fatal(err)
	}
	casePath := fmt.Sprintf("/cases/%d", caseID)
	plan := strategyFixture(t, s)
	measure := url.Values{"parent": {plan.objective[strings.LastIndex(plan.objective, "/")+1:]}, "title_az": {"Tədbir"}, "title_en": {"Measure"},
		"title_ru": {"Мера"}, "responsible": {fmt.Sprint(plan.focalOrg)}, "starts_on": {"2026-01-01"}, "ends_on": {"2026-12-31"}}
	due := time.Now().AddDate(0, 0, 10).Format(time.DateOnly)
	forms := []struct {
		role  access.Role
		path  string
		field string
		form  url.Values
	}{
		{access.Consultant, "/cases", "person", url.Values{"source": {"walk_in"}}},
		{access.Consultant, casePath + "/tasks", "assignee", url.Values{"title": {"Zəng et"}, "due_on": {due}}},
		{access.Consultant, casePath + "/services", "service", url.Values{"held_on": {time.Now().Format(time.DateOnly)}, "minutes": {"30"}, "language": {"az"}}},
		{access.Consultant, casePath + "/referrals", "organisation", url.Values{"domain": {"work"}, "need": {"İş"}, "due_on": {due}}},
		{access.Consultant, fmt.Sprintf("/people/%d/family", personID), "relative", url.Values{"relation": {"spouse"}}},
		{access.Consultant, fmt.Sprintf("/people/%d/consents", personID), "organisation", url.Values{"purpose": {"sharing"}}},
		{access.Coordinator, "/training/cohorts", "trainer", url.Values{"course": {"1"}, "starts_on": {"2027-03-01"}, "ends_on": {"2027-04-30"},
			"weekday_0": {"1"}, "start_0": {"18:30"}, "end_0": {"20:00"}, "venue": {"Bakı"}, "capacity": {"10"}, "language": {"az"}}},
		{access.Coordinator, "/training/cohorts", "course", url.Values{"starts_on": {"2027-03-01"}, "ends_on": {"2027-04-30"},
			"weekday_0": {"1"}, "start_0": {"18:30"}, "end_0": {"20:00"}, "venue": {"Bakı"}, "capacity": {"10"}, "language": {"az"}}},
		{access.Coordinator, "/training/apply", "cohort", url.Values{"person": {fmt.Sprint(personID)}}},
		{access.Coordinator, "/training/apply", "person", url.Values{"cohort": {"1"}}},
		{access.Admin, "/admin/users", "organisation", url.Values{"email": {"new.partner@example.az"}, "name": {"Yeni"}, "role": {"partner_officer"}, "language": {"az"}}},
		{access.StrategyOfficer, plan.plan + "/items", "parent", measure},
		{access.StrategyOfficer, plan.plan + "/items", "responsible", measure},
		{access.StrategyOfficer, plan.plan + "/items", "partners", measure},
		{access.StrategyOfficer, plan.measure, "partners", measure},
		{access.StrategyOfficer, plan.measure + "/move", "parent", url.Values{"position": {"1"}}},
		{access.Admin, "/admin/regions", "parent", url.Values{"code": {"AZ-NEW"}, "kind": {"district"}, "name_az": {"Yeni"}, "name_en": {"New"}, "name_ru": {"Новый"}}},
	}
	clients := map[access.Role]*client{}
	for _, f := range forms {
		c := clients[f.role]
		if c == nil {
			c = s.client()
			c.signIn(f.role)
			clients[f.role] = c
		}
		for _, id := range []string{"999999", "-1", "abc"} {
			form := url.Values{}
			for k, v := range f.form {
				form[k] = v
			}
			form.Set(f.field, id)
			r := c.post(f.path, form)
			if r.status < 400 || r.status >= 500 {
				t.Errorf("%s %s=%s: status %d, want 4xx", f.path, f.field, id, r.status)
			}
		}
	}
}

// TestSearchTextIsChecked: what is searched for goes into the audit log, so
// a NUL, a control character or broken UTF-8 is refused with a message,
// never stored and never a 500.
func TestSearchTextIsChecked(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	c := s.client()
	c.signIn(access.Consultant)
	for _, q := range []string{"%00", "%FF%FE", "Ali%1FVeli", strings.Repeat("a", 301)} {
		if r := c.get("/people?q=" + q); r.status != http.StatusBadRequest {
			t.Errorf("search %q: status %d, want 400 with a message", q, r.status)
		}
	}
	if r := c.get("/people?q=%C6%8Fliyev"); r.status != http.StatusOK {
		t.Errorf("a plain search: status %d", r.status)
	}
}
