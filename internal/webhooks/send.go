package webhooks

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"syscall"
	"time"

	"github.com/riverqueue/river"

	"inteqra/internal/db"
)

// MaxAttempts is how many times a delivery is tried before it fails: with
// Backoff's pauses, the last about two hours after the first.
const MaxAttempts = 8

// Backoff is the pause after the n-th failed attempt: a minute, doubled
// after each.
func Backoff(n int) time.Duration { return time.Minute << max(n-1, 0) }

// timeout bounds one attempt; a receiver should answer at once and do its
// work later.
const timeout = 10 * time.Second

var errPrivateAddress = errors.New("webhooks: address is not public")

// public reports whether ip may receive deliveries in production: not the
// system's own machine or network.
func public(ip netip.Addr) bool {
	ip = ip.Unmap()
	return ip.IsGlobalUnicast() && !ip.IsPrivate() && !ip.IsLoopback()
}

// newClient returns the client deliveries go through. Without
// allowPrivate it refuses, when connecting, any address that is not
// public, whatever the name resolved to; it follows no redirect and uses
// no proxy, for the same reason.
func newClient(allowPrivate bool) *http.Client {
	dialer := &net.Dialer{Timeout: timeout}
	if !allowPrivate {
		dialer.Control = func(_, address string, _ syscall.RawConn) error {
			host, _, err := net.SplitHostPort(address)
			if err != nil {
				return err
			}
			ip, err := netip.ParseAddr(host)
			if err != nil || !public(ip) {
				return errPrivateAddress
			}
			return nil
		}
	}
	return &http.Client{
		Timeout:       timeout,
		Transport:     &http.Transport{DialContext: dialer.DialContext, TLSHandshakeTimeout: timeout, ForceAttemptHTTP2: true},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// DeliverArgs is the job that delivers one event to one endpoint.
type DeliverArgs struct {
	DeliveryID int64 `json:"delivery_id"`
}

// Kind names the job.
func (DeliverArgs) Kind() string { return "webhook_deliver" }

// InsertOpts leaves River room for the attempts: the delivery's own count
// decides when to stop.
func (DeliverArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: MaxAttempts + 2}
}

// DeliverWorker delivers the events.
type DeliverWorker struct {
	river.WorkerDefaults[DeliverArgs]
	Store *Store
}

// Work makes one attempt; a failure is retried after Backoff, until
// MaxAttempts.
func (w *DeliverWorker) Work(ctx context.Context, job *river.Job[DeliverArgs]) error {
	err := w.Store.Deliver(ctx, job.Args.DeliveryID)
	if errors.Is(err, errGaveUp) {
		return river.JobCancel(err)
	}
	return err
}

// NextRetry waits as Backoff says.
func (w *DeliverWorker) NextRetry(job *river.Job[DeliverArgs]) time.Time {
	return time.Now().Add(Backoff(job.Attempt))
}

var errGaveUp = errors.New("webhooks: delivery failed for good")

// Deliver makes one attempt at a pending delivery and records it: an
// error means it should be tried again. A delivery done, failed or to an
// endpoint since removed is not sent.
func (s *Store) Deliver(ctx context.Context, id int64) error {
	var url, sealed, state, typ, eventID, body string
	var endpointID int64
	var active bool
	err := s.db.QueryRowContext(ctx, `SELECT e.id, e.url, e.secret, e.active, d.state, d.event_type, d.event_id, d.payload
		FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id WHERE d.id = $1`, id).
		Scan(&endpointID, &url, &sealed, &active, &state, &typ, &eventID, &body)
	if errors.Is(db.NotFound(err), db.ErrNotFound) || err == nil && state != Pending {
		return nil
	}
	if err != nil {
		return fmt.Errorf("webhooks: delivery %d: %w", id, err)
	}
	if !active {
		return s.settle(ctx, id, nil, "")
	}
	secret, err := s.cfg.Sealer.Open(secretData(endpointID), sealed)
	if err != nil {
		return fmt.Errorf("webhooks: secret of endpoint %d: %w", endpointID, err)
	}
	start := time.Now()
	status, sendErr := s.post(ctx, url, secret, typ, eventID, []byte(body))
	// Recorded even when the node is stopping and the job's context ends.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), timeout)
	defer cancel()
	return s.settle(ctx, id, &Attempt{At: db.Time(start), Status: status, Duration: time.Since(start)}, errText(sendErr))
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	t := err.Error()
	if len(t) > 500 {
		t = t[:500]
	}
	return t
}

// post sends one delivery and returns the status of the answer; a status
// outside 2xx is an error.
func (s *Store) post(ctx context.Context, url, secret, typ, eventID string, body []byte) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	h := req.Header
	h.Set("Content-Type", "application/json")
	h.Set("User-Agent", "inteqra-webhooks/1")
	h.Set(SignatureHeader, Sign(secret, s.now(), body))
	h.Set("Inteqra-Event-Id", eventID)
	h.Set("Inteqra-Event-Type", typ)
	resp, err := s.client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return resp.StatusCode, fmt.Errorf("HTTP %d", resp.StatusCode)
	}
	return resp.StatusCode, nil
}

// settle records an attempt and where the delivery now stands, in one
// transaction; with no attempt it cancels the delivery. It returns an
// error while the delivery should be tried again, errGaveUp after the last
// attempt.
func (s *Store) settle(ctx context.Context, id int64, a *Attempt, failure string) error {
	var result error
	err := s.db.Transact(ctx, func(tx *db.Tx) error {
		var attempts int
		if err := tx.QueryRowContext(ctx, `SELECT attempts FROM webhook_deliveries WHERE id = $1`, id).Scan(&attempts); err != nil {
			return fmt.Errorf("webhooks: delivery %d: %w", id, err)
		}
		now := s.now()
		state, next, delivered, status := Cancelled, any(nil), any(nil), 0
		if a != nil {
			attempts++
			status = a.Status
			if _, err := tx.ExecContext(ctx, `INSERT INTO webhook_attempts (delivery_id, at, status, error, duration_ms) VALUES ($1, $2, $3, $4, $5)`,
				id, a.At, a.Status, failure, a.Duration.Milliseconds()); err != nil {
				return fmt.Errorf("webhooks: attempt at %d: %w", id, err)
			}
			switch {
			case failure == "":
				state, delivered = Delivered, now
			case attempts < MaxAttempts:
				state, next = Pending, now.Add(Backoff(attempts))
				result = errors.New(failure)
			default:
				state, result = Failed, errGaveUp
			}
		}
		_, err := tx.ExecContext(ctx, `UPDATE webhook_deliveries SET state = $1, attempts = $2, next_attempt_at = $3, last_status = $4,
			last_error = $5, delivered_at = $6 WHERE id = $7`, state, attempts, next, status, failure, delivered, id)
		if err != nil {
			return fmt.Errorf("webhooks: delivery %d: %w", id, err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	return result
}
