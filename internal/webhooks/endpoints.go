package webhooks

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/netip"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"inteqra/internal/access"
	"inteqra/internal/audit"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
)

// EndpointInput is a new endpoint: its address and the events it wants.
type EndpointInput struct {
	URL    string
	Events []string
}

// maxURL bounds an endpoint's address.
const maxURL = 2000

// checkURL holds an address to http(s) with a host and no user info; in
// production (no AllowPrivate) to https on a name or a public address.
func (s *Store) checkURL(raw string) error {
	bad := i18n.Errorf("webhooks.error.url", "Field", i18n.Key("webhooks.url"))
	u, err := url.Parse(raw)
	if err != nil || len(raw) > maxURL || u.Host == "" || u.User != nil || u.Fragment != "" ||
		u.Scheme != "https" && u.Scheme != "http" {
		return bad
	}
	if s.cfg.AllowPrivate {
		return nil
	}
	host := strings.ToLower(u.Hostname())
	ip, err := netip.ParseAddr(host)
	if u.Scheme != "https" || host == "localhost" || strings.HasSuffix(host, ".localhost") || err == nil && !public(ip) {
		return bad
	}
	return nil
}

// CreateEndpoint registers an endpoint of the principal's organisation
// and returns it with its secret, in plain this once.
func (s *Store) CreateEndpoint(ctx context.Context, in EndpointInput) (Endpoint, error) {
	org, err := scope(ctx)
	if err != nil {
		return Endpoint{}, err
	}
	in.URL = strings.TrimSpace(in.URL)
	if err := s.checkURL(in.URL); err != nil {
		return Endpoint{}, err
	}
	slices.Sort(in.Events)
	in.Events = slices.Compact(in.Events)
	if len(in.Events) == 0 || slices.ContainsFunc(in.Events, func(e string) bool { return !slices.Contains(Events, e) }) {
		return Endpoint{}, i18n.Errorf("webhooks.error.events", "Field", i18n.Key("webhooks.events"))
	}
	if org == 0 {
		// An endpoint belongs to an organisation: an admin, who reads
		// every organisation's, registers none.
		return Endpoint{}, access.ErrForbidden
	}
	raw := make([]byte, 24)
	if _, err := rand.Read(raw); err != nil {
		return Endpoint{}, err
	}
	e := Endpoint{OrganisationID: org, URL: in.URL, Events: in.Events, Active: true, CreatedBy: access.From(ctx).UserID,
		CreatedAt: s.now(), Secret: "whsec_" + hex.EncodeToString(raw)}
	err = s.db.Transact(ctx, func(tx *db.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO webhook_endpoints (organisation_id, url, events, secret, active, created_by, created_at)
			VALUES ($1, $2, $3, '', $4, $5, $6) RETURNING id`, e.OrganisationID, e.URL, joinEvents(e.Events), true,
			db.NullID(e.CreatedBy), e.CreatedAt).Scan(&e.ID)
		if err != nil {
			return fmt.Errorf("webhooks: create endpoint: %w", err)
		}
		// Sealed under the endpoint's id, so the row had to exist first.
		sealed, err := s.cfg.Sealer.Seal(secretData(e.ID), e.Secret)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE webhook_endpoints SET secret = $1 WHERE id = $2`, sealed, e.ID); err != nil {
			return fmt.Errorf("webhooks: create endpoint: %w", err)
		}
		return audit.Record(ctx, tx, "webhook.create", "webhook", strconv.FormatInt(e.ID, 10), "url", "events")
	})
	return e, err
}

const endpointColumns = `e.id, e.organisation_id, o.name, e.url, e.events, e.active, e.created_by, e.created_at`

func scanEndpoint(r db.Scanner) (Endpoint, error) {
	var e Endpoint
	var events string
	var by sql.NullInt64
	err := r.Scan(&e.ID, &e.OrganisationID, &e.OrganisationName, &e.URL, &events, &e.Active, &by, &e.CreatedAt)
	e.Events, e.CreatedBy = splitEvents(events), by.Int64
	return e, err
}

// Endpoints returns the active endpoints the principal manages (every
// organisation's, for an admin), by organisation and id; with removed,
// the removed ones too.
func (s *Store) Endpoints(ctx context.Context, removed bool) ([]Endpoint, error) {
	org, err := scope(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+endpointColumns+` FROM webhook_endpoints e
		JOIN organisations o ON o.id = e.organisation_id
		WHERE ($1 = 0 OR e.organisation_id = $1) AND (e.active = $2 OR $3) ORDER BY o.name, e.id`, org, true, removed)
	list, err := db.Collect(rows, err, scanEndpoint)
	if err != nil {
		return nil, fmt.Errorf("webhooks: endpoints: %w", err)
	}
	return list, nil
}

// Endpoint returns an active endpoint the principal manages; any other is
// not found, so another organisation's is not given away.
func (s *Store) Endpoint(ctx context.Context, id int64) (Endpoint, error) {
	org, err := scope(ctx)
	if err != nil {
		return Endpoint{}, err
	}
	return s.endpoint(ctx, s.db, org, id)
}

func (s *Store) endpoint(ctx context.Context, q db.Querier, org, id int64) (Endpoint, error) {
	e, err := scanEndpoint(q.QueryRowContext(ctx, `SELECT `+endpointColumns+` FROM webhook_endpoints e
		JOIN organisations o ON o.id = e.organisation_id
		WHERE e.id = $1 AND ($2 = 0 OR e.organisation_id = $2) AND e.active = $3`, id, org, true))
	if errors.Is(err, sql.ErrNoRows) {
		return e, db.ErrNotFound
	}
	if err != nil {
		return e, fmt.Errorf("webhooks: endpoint %d: %w", id, err)
	}
	return e, nil
}

// RemoveEndpoint stops deliveries to an endpoint. It stays, inactive, so
// its deliveries stay on record; those still pending are cancelled.
func (s *Store) RemoveEndpoint(ctx context.Context, id int64) error {
	org, err := scope(ctx)
	if err != nil {
		return err
	}
	return s.db.Transact(ctx, func(tx *db.Tx) error {
		if _, err := s.endpoint(ctx, tx, org, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE webhook_endpoints SET active = $1, removed_at = $2 WHERE id = $3`,
			false, s.now(), id); err != nil {
			return fmt.Errorf("webhooks: remove endpoint %d: %w", id, err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE webhook_deliveries SET state = $1, next_attempt_at = NULL WHERE endpoint_id = $2 AND state = $3`,
			Cancelled, id, Pending); err != nil {
			return fmt.Errorf("webhooks: remove endpoint %d: %w", id, err)
		}
		return audit.Record(ctx, tx, "webhook.remove", "webhook", strconv.FormatInt(id, 10))
	})
}
