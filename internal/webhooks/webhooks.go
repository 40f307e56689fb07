// Package webhooks tells partner systems of their organisation's referrals
// as they happen: an organisation registers endpoints (addresses of its
// own system) and each referral event is POSTed to them, signed with the
// endpoint's secret, by a River job enqueued in the transaction of the
// change, retried with a growing pause until a 2xx answer or the last
// attempt. Every attempt is kept, so an admin can see what went wrong.
package webhooks

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/auth"
	"inteqra/internal/cases"
	"inteqra/internal/db"
	"inteqra/internal/jobs"
)

// Events are the event types an endpoint may ask for.
var Events = []string{cases.EventReferralSent, cases.EventReferralUpdated, cases.EventReferralOverdue}

// Config holds what the store needs.
type Config struct {
	DB    *db.DB
	Queue *jobs.Queue
	// Sealer seals the endpoints' secrets. Sealed, not hashed as API
	// tokens are: the sender must read a secret back to sign with it; the
	// key lives outside the database, so a copy of it alone cannot forge.
	Sealer *auth.Sealer
	// View is the referral as the event's data shows it: the API's view
	// (api.ReferralOf), so a partner's system reads one shape in both.
	View func(cases.PartnerReferral) any
	// AllowPrivate lets endpoints be on loopback and private addresses and
	// plain http: for development on localhost and for tests only. Without
	// it an endpoint must be https on a public address, as it receives
	// personal data and must not reach the system's own network.
	AllowPrivate bool
}

// Store keeps the endpoints and their deliveries.
type Store struct {
	cfg    Config
	db     *db.DB
	client *http.Client
	now    func() time.Time
}

// NewStore returns a Store as cfg says.
func NewStore(cfg Config) *Store {
	s := &Store{cfg: cfg, db: cfg.DB, now: db.Now}
	s.client = newClient(cfg.AllowPrivate)
	return s
}

// Local reports whether endpoints may be on loopback and private
// addresses (Config.AllowPrivate): the demo registers one only then.
func (s *Store) Local() bool { return s.cfg.AllowPrivate }

// Endpoint is an address of a partner's system that receives events.
type Endpoint struct {
	ID               int64
	OrganisationID   int64
	OrganisationName string
	URL              string
	Events           []string
	Active           bool
	CreatedBy        int64
	CreatedAt        time.Time
	// Secret signs the deliveries: in plain only in what CreateEndpoint
	// returns, as it is shown once.
	Secret string
}

// wants reports whether the endpoint asked for events of type typ.
func (e Endpoint) wants(typ string) bool { return slices.Contains(e.Events, typ) }

// scope returns the organisation whose endpoints the principal manages:
// 0 (all) for an admin or the system, the own organisation for a partner
// officer; a partner officer of none manages nothing.
func scope(ctx context.Context) (int64, error) {
	if err := access.Require(ctx, access.ManageWebhooks); err != nil {
		return 0, err
	}
	p := access.From(ctx)
	switch {
	case p.IsSystem() || p.Role == access.Admin:
		return 0, nil
	case p.OrgID == 0:
		return 0, access.ErrForbidden
	}
	return p.OrgID, nil
}

func joinEvents(list []string) string { return strings.Join(list, ",") }

func splitEvents(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

func secretData(id int64) []byte {
	return []byte("webhook_endpoints.secret:" + strconv.FormatInt(id, 10))
}
