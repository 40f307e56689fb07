package webhooks

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"inteqra/internal/cases"
	"inteqra/internal/db"
)

// Delivery states: pending until a 2xx answer (delivered) or the last
// attempt fails (failed); cancelled when its endpoint is removed or its
// person erased before.
const (
	Pending   = "pending"
	Delivered = "delivered"
	Failed    = "failed"
	Cancelled = "cancelled"
)

// Payload is the body of a delivery.
type Payload struct {
	ID        string `json:"id"`
	Type      string `json:"type"`
	CreatedAt string `json:"created_at"`
	Data      any    `json:"data"`
}

// Delivery is one event for one endpoint and where it stands.
type Delivery struct {
	ID          int64
	EndpointID  int64
	EventID     string
	EventType   string
	Payload     string
	State       string
	Attempts    int
	NextAttempt time.Time // zero once delivered or failed
	LastStatus  int
	LastError   string
	CreatedAt   time.Time
	DeliveredAt time.Time
	Tries       []Attempt // filled by Deliveries and RecentDeliveries
}

// Attempt is one try at a delivery: the HTTP status (0 when none came).
type Attempt struct {
	At       time.Time
	Status   int
	Error    string
	Duration time.Duration
}

// Raise queues an event for each active endpoint of the referral's
// organisation that wants its type, in the transaction of the change (a
// cases.ReferralHook). An overdue referral is raised once per endpoint,
// however many days the reminders find it.
func (s *Store) Raise(ctx context.Context, tx *db.Tx, ev cases.ReferralEvent) error {
	rows, err := tx.QueryContext(ctx, `SELECT `+endpointColumns+` FROM webhook_endpoints e
		JOIN organisations o ON o.id = e.organisation_id WHERE e.organisation_id = $1 AND e.active = $2 ORDER BY e.id`,
		ev.OrganisationID, true)
	list, err := db.Collect(rows, err, scanEndpoint)
	if err != nil {
		return fmt.Errorf("webhooks: endpoints of %d: %w", ev.OrganisationID, err)
	}
	var body []byte
	var p Payload
	for _, e := range list {
		if !e.wants(ev.Type) {
			continue
		}
		if body == nil {
			if p, body, err = s.payload(ev); err != nil {
				return err
			}
		}
		var once any
		if ev.Type == cases.EventReferralOverdue {
			once = fmt.Sprint(ev.Referral.ID)
		}
		var id int64
		err := tx.QueryRowContext(ctx, `INSERT INTO webhook_deliveries (endpoint_id, event_id, event_type, referral_id, once_key, payload, state, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (endpoint_id, once_key) DO NOTHING RETURNING id`,
			e.ID, p.ID, p.Type, ev.Referral.ID, once, string(body), Pending, s.now()).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			continue // raised before
		}
		if err != nil {
			return fmt.Errorf("webhooks: queue %s for %d: %w", ev.Type, e.ID, err)
		}
		if _, err := s.cfg.Queue.Enqueue(ctx, tx, DeliverArgs{DeliveryID: id}); err != nil {
			return err
		}
	}
	return nil
}

// payload writes an event's body, with a new event id.
func (s *Store) payload(ev cases.ReferralEvent) (Payload, []byte, error) {
	raw := make([]byte, 16)
	if _, err := rand.Read(raw); err != nil {
		return Payload{}, nil, err
	}
	var data any = ev.Referral
	if s.cfg.View != nil {
		data = s.cfg.View(ev.Referral)
	}
	p := Payload{ID: "evt_" + hex.EncodeToString(raw), Type: ev.Type, CreatedAt: s.now().Format(time.RFC3339), Data: data}
	body, err := json.Marshal(p)
	if err != nil {
		return p, nil, fmt.Errorf("webhooks: %s: %w", ev.Type, err)
	}
	return p, body, nil
}

const deliveryColumns = `id, endpoint_id, event_id, event_type, payload, state, attempts, next_attempt_at, last_status, last_error,
	created_at, delivered_at`

func scanDelivery(r db.Scanner) (Delivery, error) {
	var d Delivery
	var next, delivered sql.NullTime
	err := r.Scan(&d.ID, &d.EndpointID, &d.EventID, &d.EventType, &d.Payload, &d.State, &d.Attempts, &next, &d.LastStatus,
		&d.LastError, &d.CreatedAt, &delivered)
	d.NextAttempt, d.DeliveredAt = next.Time, delivered.Time
	return d, err
}

// Deliveries returns up to limit deliveries of an endpoint the principal
// manages whose id is below before (all when 0), newest first, each with
// its attempts: the pages of the API.
func (s *Store) Deliveries(ctx context.Context, endpointID, before int64, limit int) ([]Delivery, error) {
	if _, err := s.Endpoint(ctx, endpointID); err != nil {
		return nil, err
	}
	list, err := s.deliveries(ctx, endpointID, before, limit)
	if err != nil {
		return nil, err
	}
	return list, s.withAttempts(ctx, list)
}

// withAttempts fills each delivery's Tries.
func (s *Store) withAttempts(ctx context.Context, list []Delivery) error {
	for i := range list {
		var err error
		if list[i].Tries, err = s.attempts(ctx, list[i].ID); err != nil {
			return err
		}
	}
	return nil
}

func (s *Store) deliveries(ctx context.Context, endpointID, before int64, limit int) ([]Delivery, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+deliveryColumns+` FROM webhook_deliveries
		WHERE endpoint_id = $1 AND ($2 = 0 OR id < $2) ORDER BY id DESC LIMIT $3`, endpointID, before, limit)
	list, err := db.Collect(rows, err, scanDelivery)
	if err != nil {
		return nil, fmt.Errorf("webhooks: deliveries of %d: %w", endpointID, err)
	}
	return list, nil
}

// RecentDeliveries returns the last limit deliveries of every endpoint the
// principal manages, removed ones included, each with its attempts: the
// admin's page.
func (s *Store) RecentDeliveries(ctx context.Context, limit int) ([]Endpoint, map[int64][]Delivery, error) {
	list, err := s.Endpoints(ctx, true)
	if err != nil {
		return nil, nil, err
	}
	out := make(map[int64][]Delivery, len(list))
	for _, e := range list {
		ds, err := s.deliveries(ctx, e.ID, 0, limit)
		if err == nil {
			err = s.withAttempts(ctx, ds)
		}
		if err != nil {
			return nil, nil, err
		}
		out[e.ID] = ds
	}
	return list, out, nil
}

func (s *Store) attempts(ctx context.Context, deliveryID int64) ([]Attempt, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT at, status, error, duration_ms FROM webhook_attempts WHERE delivery_id = $1 ORDER BY id`, deliveryID)
	list, err := db.Collect(rows, err, func(r db.Scanner) (a Attempt, err error) {
		var ms int64
		err = r.Scan(&a.At, &a.Status, &a.Error, &ms)
		a.Duration = time.Duration(ms) * time.Millisecond
		return a, err
	})
	if err != nil {
		return nil, fmt.Errorf("webhooks: attempts of %d: %w", deliveryID, err)
	}
	return list, nil
}

// ErasePerson empties the payloads that name the person (their referrals'
// events) and cancels those not yet delivered, inside the erasure's
// transaction (a people.EraseHook).
func (s *Store) ErasePerson(ctx context.Context, tx *db.Tx, personID int64) error {
	ids, err := cases.PersonReferrals(ctx, tx, personID)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if _, err := tx.ExecContext(ctx, `UPDATE webhook_deliveries SET payload = '{}',
			state = CASE WHEN state = $1 THEN $2 ELSE state END, next_attempt_at = NULL WHERE referral_id = $3`,
			Pending, Cancelled, id); err != nil {
			return fmt.Errorf("webhooks: erase %d: %w", personID, err)
		}
	}
	return nil
}
