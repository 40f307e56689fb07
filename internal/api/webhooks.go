package api

import (
	"net/http"
	"strconv"

	"inteqra/internal/auth"
	"inteqra/internal/i18n"
	"inteqra/internal/webhooks"
)

// The webhooks of the token's organisation: the addresses of its own
// system that hear of its referrals, and what was delivered to them.
func (s *Server) webhookRoutes() []route {
	return []route{
		{pattern: "GET " + Prefix + "/webhooks", scope: auth.Read("webhooks"), h: s.webhooks},
		{pattern: "POST " + Prefix + "/webhooks", scope: auth.Write("webhooks"), h: s.createWebhook},
		{pattern: "GET " + Prefix + "/webhooks/{id}", scope: auth.Read("webhooks"), h: s.webhook},
		{pattern: "DELETE " + Prefix + "/webhooks/{id}", scope: auth.Write("webhooks"), h: s.deleteWebhook},
		{pattern: "GET " + Prefix + "/webhooks/{id}/deliveries", scope: auth.Read("webhooks"), h: s.webhookDeliveries},
	}
}

// Webhook is an endpoint of the organisation's system. Secret, which
// signs the deliveries, is given once: in the answer that creates it.
type Webhook struct {
	ID        int64    `json:"id"`
	URL       string   `json:"url"`
	Events    []string `json:"events"`
	CreatedAt *string  `json:"created_at"`
	Secret    string   `json:"secret,omitempty"`
}

func webhookOf(e webhooks.Endpoint) Webhook {
	return Webhook{ID: e.ID, URL: e.URL, Events: e.Events, CreatedAt: stamp(e.CreatedAt), Secret: e.Secret}
}

// WebhookInput is the body that creates a webhook.
type WebhookInput struct {
	URL    string   `json:"url"`
	Events []string `json:"events"`
}

// Delivery is one event sent, or being sent, to a webhook, with every
// attempt.
type Delivery struct {
	ID          int64     `json:"id"`
	EventID     string    `json:"event_id"`
	EventType   string    `json:"event_type"`
	State       string    `json:"state"`
	Attempts    []Attempt `json:"attempts"`
	NextAttempt *string   `json:"next_attempt_at"`
	CreatedAt   *string   `json:"created_at"`
	DeliveredAt *string   `json:"delivered_at"`
}

// Attempt is one try at a delivery: the status the receiver answered (0
// when it did not) and the error.
type Attempt struct {
	At         *string `json:"at"`
	Status     int     `json:"status"`
	Error      string  `json:"error"`
	DurationMs int64   `json:"duration_ms"`
}

func deliveryOf(d webhooks.Delivery) Delivery {
	out := Delivery{ID: d.ID, EventID: d.EventID, EventType: d.EventType, State: d.State, Attempts: []Attempt{},
		NextAttempt: stamp(d.NextAttempt), CreatedAt: stamp(d.CreatedAt), DeliveredAt: stamp(d.DeliveredAt)}
	for _, a := range d.Tries {
		out.Attempts = append(out.Attempts, Attempt{At: stamp(a.At), Status: a.Status, Error: a.Error, DurationMs: a.Duration.Milliseconds()})
	}
	return out
}

// webhooks lists the organisation's webhooks; they are few, so one page.
func (s *Server) webhooks(w http.ResponseWriter, r *http.Request) error {
	list, err := s.cfg.Webhooks.Endpoints(r.Context(), false)
	if err != nil {
		return err
	}
	out := List[Webhook]{Data: []Webhook{}}
	for _, e := range list {
		out.Data = append(out.Data, webhookOf(e))
	}
	return s.reply(w, r, http.StatusOK, out)
}

func (s *Server) createWebhook(w http.ResponseWriter, r *http.Request) error {
	var in WebhookInput
	if err := decode(r, &in); err != nil {
		return err
	}
	e, err := s.cfg.Webhooks.CreateEndpoint(r.Context(), webhooks.EndpointInput{URL: in.URL, Events: in.Events})
	if err != nil {
		return withFields(err, map[i18n.Key]string{"webhooks.url": "url", "webhooks.events": "events"})
	}
	w.Header().Set("Location", s.cfg.BaseURL+Prefix+"/webhooks/"+strconv.FormatInt(e.ID, 10))
	return s.reply(w, r, http.StatusCreated, webhookOf(e))
}

// pathWebhook is the webhook the path names.
func (s *Server) pathWebhook(r *http.Request) (webhooks.Endpoint, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return webhooks.Endpoint{}, err
	}
	return s.cfg.Webhooks.Endpoint(r.Context(), id)
}

func (s *Server) webhook(w http.ResponseWriter, r *http.Request) error {
	e, err := s.pathWebhook(r)
	if err != nil {
		return err
	}
	return s.reply(w, r, http.StatusOK, webhookOf(e))
}

// deleteWebhook removes a webhook the client last read as If-Match says.
func (s *Server) deleteWebhook(w http.ResponseWriter, r *http.Request) error {
	current, err := s.pathWebhook(r)
	if err != nil {
		return err
	}
	if err := precondition(r, webhookOf(current)); err != nil {
		return err
	}
	if err := s.cfg.Webhooks.RemoveEndpoint(r.Context(), current.ID); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// webhookDeliveries lists a webhook's deliveries, newest first; the cursor
// is the last id seen.
func (s *Server) webhookDeliveries(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	limit, cursor, err := pageParams(r)
	if err != nil {
		return withFields(err, pageFields)
	}
	var before int64
	if cursor != "" {
		if before, err = strconv.ParseInt(cursor, 10, 64); err != nil || before < 1 {
			return errCursor
		}
	}
	list, err := s.cfg.Webhooks.Deliveries(r.Context(), id, before, limit+1)
	if err != nil {
		return err
	}
	out := List[Delivery]{Data: []Delivery{}}
	for i, d := range list {
		if i == limit {
			out.Next = s.nextLink(w, r, strconv.FormatInt(list[i-1].ID, 10))
			break
		}
		out.Data = append(out.Data, deliveryOf(d))
	}
	return s.reply(w, r, http.StatusOK, out)
}
