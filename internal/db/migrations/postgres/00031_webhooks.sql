-- +goose Up
-- Webhooks: the addresses of partner systems told of their organisation's
-- referrals. secret signs each delivery; the sender needs it in plain to
-- sign, so it is sealed (auth.Sealer), not hashed. events lists the event
-- types wanted, comma-separated. An endpoint removed is made inactive, so
-- its deliveries stay on record.
CREATE TABLE webhook_endpoints (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organisation_id bigint NOT NULL REFERENCES organisations (id),
    url             text NOT NULL,
    events          text NOT NULL,
    secret          text NOT NULL,
    active          boolean NOT NULL DEFAULT true,
    created_by      bigint REFERENCES users (id),
    created_at      timestamptz NOT NULL,
    removed_at      timestamptz
);
CREATE INDEX webhook_endpoints_organisation ON webhook_endpoints (organisation_id, id);

-- One event for one endpoint and where its delivery stands: pending until
-- a 2xx answer (delivered) or the last attempt (failed), or cancelled when
-- its endpoint is removed or its person erased. once_key, when set, lets
-- an event (a referral overdue) be raised once only. referral_id finds the
-- payloads that name a person, to erase them with the person.
CREATE TABLE webhook_deliveries (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    endpoint_id     bigint NOT NULL REFERENCES webhook_endpoints (id),
    event_id        text NOT NULL,
    event_type      text NOT NULL,
    referral_id     bigint NOT NULL,
    once_key        text,
    payload         text NOT NULL,
    state           text NOT NULL,
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz,
    last_status     integer NOT NULL DEFAULT 0,
    last_error      text NOT NULL DEFAULT '',
    created_at      timestamptz NOT NULL,
    delivered_at    timestamptz
);
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, id);
CREATE UNIQUE INDEX webhook_deliveries_once ON webhook_deliveries (endpoint_id, once_key);
CREATE INDEX webhook_deliveries_referral ON webhook_deliveries (referral_id);

-- Every attempt at a delivery: status is the HTTP status (0 when none came).
CREATE TABLE webhook_attempts (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    delivery_id bigint NOT NULL REFERENCES webhook_deliveries (id),
    at          timestamptz NOT NULL,
    status      integer NOT NULL,
    error       text NOT NULL DEFAULT '',
    duration_ms integer NOT NULL
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, id);

-- +goose Down
DROP TABLE webhook_attempts;
DROP TABLE webhook_deliveries;
DROP TABLE webhook_endpoints;
