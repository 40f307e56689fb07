package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/app"
	"inteqra/internal/cases"
	"inteqra/internal/demo"
	"inteqra/internal/webhooks"
)

// TestWebhooksPage: the admins' page shows each partner endpoint with its
// deliveries and every attempt, the failed ones with their status; a
// partner officer sees their own organisation's.
func TestWebhooksPage(t *testing.T) {
	t.Parallel()
	// On localhost, so that the endpoint may be the loopback receiver.
	s := newSiteAt(t, "http://localhost", func(a *app.App) error {
		_, err := demo.Seed(context.Background(), a)
		return err
	})
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer receiver.Close()
	users, err := s.app.Users.Users(access.With(context.Background(), access.System()))
	if err != nil {
		t.Fatal(err)
	}
	var officer context.Context
	for _, u := range users {
		if u.Role == access.PartnerOfficer {
			officer = access.With(context.Background(), u.Principal())
		}
	}
	e, err := s.app.Webhooks.CreateEndpoint(officer, webhooks.EndpointInput{URL: receiver.URL + "/inteqra", Events: webhooks.Events})
	if err != nil {
		t.Fatal(err)
	}
	system := access.With(context.Background(), access.System())
	r, err := s.app.Cases.Refer(system, 1, cases.ReferralInput{OrganisationID: access.From(officer).OrgID, Domain: "work",
		Need: "İş axtarışında məsləhət", DueOn: time.Now().AddDate(0, 0, 7).Format(time.DateOnly)})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.app.Cases.Accept(officer, r.ID); err != nil {
		t.Fatal(err)
	}
	ds, err := s.app.Webhooks.Deliveries(officer, e.ID, 0, 1) // the newest: accepted
	if err != nil || len(ds) != 1 {
		t.Fatalf("got %v, %v, want one delivery", ds, err)
	}
	if err := s.app.Webhooks.Deliver(context.Background(), ds[0].ID); err == nil {
		t.Fatal("a 503 delivered")
	}
	admin, partner := s.client(), s.client()
	admin.signIn(access.Admin)
	partner.signIn(access.PartnerOfficer)
	for _, c := range []*client{admin, partner} {
		page := c.get("/admin/webhooks") // in the demo users' Azerbaijani
		for _, want := range []string{"Vebhuklar", receiver.URL + "/inteqra", "referral.updated", "HTTP 503", "Gözləyir", "Növbəti cəhd"} {
			if !strings.Contains(page.body, htmlEscape(want)) {
				t.Errorf("the page lacks %q", want)
			}
		}
	}
	if page := admin.get("/staff"); !strings.Contains(page.body, `href="/admin/webhooks"`) {
		t.Error("no link to the webhooks in the admin's menu")
	}
}
