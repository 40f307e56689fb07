package web

import (
	"net/http"

	"inteqra/internal/webhooks"
)

// webhookDeliveries is how many of each endpoint's deliveries the page shows.
const webhookDeliveries = 10

// WebhooksPage shows the endpoints of partner systems, each with its last
// deliveries and every attempt at them: why a partner hears nothing. An
// admin sees every organisation's, a partner officer their own.
type WebhooksPage struct {
	BasePage
	Endpoints  []webhooks.Endpoint
	Deliveries map[int64][]webhooks.Delivery
	Max        int
}

func (s *Server) webhookList(w http.ResponseWriter, r *http.Request) error {
	list, ds, err := s.cfg.Webhooks.RecentDeliveries(r.Context(), webhookDeliveries)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "webhooks", WebhooksPage{BasePage: s.base(r, "webhooks.title"), Endpoints: list, Deliveries: ds,
		Max: webhookDeliveries})
	return nil
}
