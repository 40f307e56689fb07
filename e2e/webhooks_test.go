package e2e

import (
	"context"
	"testing"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/cases"
	"inteqra/internal/i18n"
)

// The admins' webhooks page passes axe in each language and fits 320 px
// and 1280 px; it shows the demo partner's endpoint (nothing listens
// there) with a delivery and its failed attempt.
func TestWebhooksPageAccessible(t *testing.T) {
	t.Parallel()
	for _, lang := range i18n.Langs {
		t.Run(string(lang), func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, string(lang))
			system := access.With(context.Background(), access.System())
			endpoints, err := e.app.Webhooks.Endpoints(system, false)
			if err != nil || len(endpoints) != 1 {
				t.Fatalf("got %v, %v, want the demo partner's webhook", endpoints, err)
			}
			if _, err := e.app.Cases.Refer(system, 1, cases.ReferralInput{OrganisationID: endpoints[0].OrganisationID, Domain: "work",
				Need: "İş axtarışında məsləhət", DueOn: time.Now().AddDate(0, 0, 7).Format(time.DateOnly)}); err != nil {
				t.Fatal(err)
			}
			ds, err := e.app.Webhooks.Deliveries(system, endpoints[0].ID, 0, 1)
			if err != nil || len(ds) != 1 {
				t.Fatalf("got %v, %v, want a delivery", ds, err)
			}
			if err := e.app.Webhooks.Deliver(system, ds[0].ID); err == nil {
				t.Fatal("delivered to a port where nothing listens")
			}
			e.signInAs("admin@demo.inteqra.az")
			e.switchLanguage(lang)
			e.checkPages(t, "webhooks-"+string(lang), "admin", "/admin/webhooks")
			if !e.exists(".webhook-table tbody tr li") {
				t.Error("the page shows no attempt")
			}
		})
	}
}
