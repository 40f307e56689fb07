package demo

import (
	"context"
	"fmt"

	"inteqra/internal/access"
	"inteqra/internal/app"
	"inteqra/internal/webhooks"
)

// demoWebhook is where the demo partner's system would listen. Nothing
// does (port 9 is discard), so the admins' page shows attempts failing
// and being retried.
const demoWebhook = "http://localhost:9/inteqra-webhooks"

// seedWebhook registers the demo partner organisation's webhook, when the
// site runs on localhost: elsewhere a loopback address is refused.
func seedWebhook(a *app.App, officer access.Principal) error {
	if !a.Webhooks.Local() {
		return nil
	}
	_, err := a.Webhooks.CreateEndpoint(access.With(context.Background(), officer),
		webhooks.EndpointInput{URL: demoWebhook, Events: webhooks.Events})
	if err != nil {
		return fmt.Errorf("demo: webhook: %w", err)
	}
	return nil
}
