package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/i18n"
)

var referralLinkRE = regexpMust(`href="/referrals/(\d+)"`)

// TestReferralRoundTrip sends referrals from the demo case to the demo
// partner officer's organisation and answers them through the pages.
func TestReferralRoundTrip(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	consultant, partner := s.client(), s.client()
	consultant.signIn(access.Consultant)
	partner.signIn(access.PartnerOfficer)
	today := i18n.DayOf(time.Now()).Format(time.DateOnly)
	send := func(need string) string {
		t.Helper()
		r := consultant.post("/cases/1/referrals", url.Values{"organisation": {"4"}, "domain": {"work"}, "need": {need}, "due_on": {today}})
		if r.status != http.StatusSeeOther || r.location != "/cases/1/referrals" {
			t.Fatalf("send %q: status %d to %q", need, r.status, r.location)
		}
		inbox := partner.get("/referrals?state=sent")
		m := referralLinkRE.FindAllStringSubmatch(inbox.body, -1)
		if inbox.status != http.StatusOK || len(m) == 0 || !strings.Contains(inbox.body, htmlEscape(need)) {
			t.Fatalf("the partner's inbox lacks %q: %d", need, inbox.status)
		}
		return m[len(m)-1][1]
	}

	page := consultant.get("/cases/1/referrals")
	if page.status != http.StatusOK || !strings.Contains(page.body, `name="organisation"`) || !strings.Contains(page.body, `name="cohort"`) {
		t.Fatalf("case referrals page: %d", page.status)
	}
	if r := consultant.post("/cases/1/referrals", url.Values{"organisation": {"4"}, "domain": {"work"}, "need": {"İş"}, "due_on": {"2020-01-01"}}); r.status != http.StatusUnprocessableEntity ||
		!strings.Contains(r.body, htmlEscape(s.app.Catalog.Printer(i18n.AZ).T("referral.error.due_on"))) {
		t.Errorf("a past due date: status %d", r.status)
	}

	id := send("İş axtarışında məsləhət")
	view := partner.get("/referrals/" + id)
	if view.status != http.StatusOK || !strings.Contains(view.body, "Əhmədi Mürtəza") || strings.Contains(view.body, "uşaqları məktəbə") {
		t.Errorf("the partner's view: status %d, want the name and not the case's stated needs", view.status)
	}
	if r := partner.post("/referrals/"+id+"/complete", url.Values{"text": {"Erkən"}}); r.status != http.StatusUnprocessableEntity {
		t.Errorf("complete a sent referral: %d", r.status)
	}
	for _, step := range []struct{ action, text string }{{"accept", ""}, {"complete", "İşə qəbul olundu"}} {
		if r := partner.post("/referrals/"+id+"/"+step.action, url.Values{"text": {step.text}}); r.status != http.StatusSeeOther {
			t.Fatalf("%s: status %d", step.action, r.status)
		}
	}
	if r := partner.post("/referrals/"+id+"/accept", url.Values{}); r.status != http.StatusUnprocessableEntity {
		t.Errorf("accept a completed referral: %d", r.status)
	}

	declined := send("Mənzil kirayəsində kömək")
	if r := partner.post("/referrals/"+declined+"/decline", url.Values{"text": {""}}); r.status != http.StatusUnprocessableEntity {
		t.Errorf("decline without a reason: %d", r.status)
	}
	if r := partner.post("/referrals/"+declined+"/decline", url.Values{"text": {"Bu sahədə işləmirik"}}); r.status != http.StatusSeeOther {
		t.Fatalf("decline: %d", r.status)
	}
	page = consultant.get("/cases/1/referrals")
	for _, want := range []string{"Bu sahədə işləmirik", "İşə qəbul olundu"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("the consultant does not see %q", want)
		}
	}
	if c := consultant.get("/cases/1"); !strings.Contains(c.body, htmlEscape(s.app.Catalog.Printer(i18n.AZ).T("cases.event.referral.declined"))) {
		t.Errorf("the case's timeline lacks the decline")
	}

	cancelled := send("Hüquqi məsləhət")
	if r := consultant.post("/cases/1/referrals/"+cancelled+"/cancel", url.Values{"reason": {"Səhv"}}); r.status != http.StatusSeeOther {
		t.Errorf("cancel: %d", r.status)
	}

	other := s.client()
	other.signIn(access.Trainer)
	for _, path := range []string{"/referrals", "/referrals/" + id, "/cases/1/referrals"} {
		if r := other.get(path); r.status != http.StatusForbidden {
			t.Errorf("a trainer opens %s: %d", path, r.status)
		}
	}
	if r := consultant.get("/referrals/" + id); r.status != http.StatusForbidden {
		t.Errorf("a consultant opens the partner's view: %d", r.status)
	}
	if r := partner.get("/cases/1/referrals"); r.status != http.StatusForbidden {
		t.Errorf("a partner officer opens the case's referrals: %d", r.status)
	}
}
