-- +goose Up
-- Webhooks: the addresses of partner systems told of their organisation's
-- referrals. secret signs each delivery; the sender needs it in plain to
-- sign, so it is sealed (auth.Sealer), not hashed. events lists the event
-- types wanted, comma-separated. An endpoint removed is made inactive, so
-- its deliveries stay on record.
CREATE TABLE webhook_endpoints (
    id              INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    url             TEXT NOT NULL,
    events          TEXT NOT NULL,
    secret          TEXT NOT NULL,
    active          INTEGER NOT NULL DEFAULT 1,
    created_by      INTEGER REFERENCES users (id),
    created_at      TIMESTAMP NOT NULL,
    removed_at      TIMESTAMP
);
CREATE INDEX webhook_endpoints_organisation ON webhook_endpoints (organisation_id, id);

-- One event for one endpoint and where its delivery stands: pending until
-- a 2xx answer (delivered) or the last attempt (failed), or cancelled when
-- its endpoint is removed or its person erased. once_key, when set, lets
-- an event (a referral overdue) be raised once only. referral_id finds the
-- payloads that name a person, to erase them with the person.
CREATE TABLE webhook_deliveries (
    id              INTEGER PRIMARY KEY,
    endpoint_id     INTEGER NOT NULL REFERENCES webhook_endpoints (id),
    event_id        TEXT NOT NULL,
    event_type      TEXT NOT NULL,
    referral_id     INTEGER NOT NULL,
    once_key        TEXT,
    payload         TEXT NOT NULL,
    state           TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP,
    last_status     INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMP NOT NULL,
    delivered_at    TIMESTAMP
);
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, id);
CREATE UNIQUE INDEX webhook_deliveries_once ON webhook_deliveries (endpoint_id, once_key);
CREATE INDEX webhook_deliveries_referral ON webhook_deliveries (referral_id);

-- Every attempt at a delivery: status is the HTTP status (0 when none came).
CREATE TABLE webhook_attempts (
    id          INTEGER PRIMARY KEY,
    delivery_id INTEGER NOT NULL REFERENCES webhook_deliveries (id),
    at          TIMESTAMP NOT NULL,
    status      INTEGER NOT NULL,
    error       TEXT NOT NULL DEFAULT '',
    duration_ms INTEGER NOT NULL
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, id);

-- +goose Down
DROP TABLE webhook_attempts;
DROP TABLE webhook_deliveries;
DROP TABLE webhook_endpoints;
