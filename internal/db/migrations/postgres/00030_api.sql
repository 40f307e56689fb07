-- +goose Up
-- Service accounts: the users that partner systems act as through the API,
-- tied to an organisation; they never sign in with a password.
ALTER TABLE users ADD COLUMN service boolean NOT NULL DEFAULT false;

-- API tokens: personal ones a user makes on their account page and those of
-- service accounts, made by admins. Only the secret's hash is kept; prefix
-- is the secret's first characters, shown so that a token can be told apart.
CREATE TABLE api_tokens (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id        bigint NOT NULL REFERENCES users (id),
    name           text NOT NULL,
    prefix         text NOT NULL,
    token_hash     text NOT NULL UNIQUE,
    scopes         text NOT NULL,
    created_by     bigint NOT NULL REFERENCES users (id),
    created_at     timestamptz NOT NULL,
    expires_at     timestamptz NOT NULL,
    last_used_at   timestamptz,
    last_used_addr text NOT NULL DEFAULT '',
    revoked_at     timestamptz
);
CREATE INDEX api_tokens_user ON api_tokens (user_id, created_at);

-- The first answer to a POST made with an Idempotency-Key, replayed when
-- the request is retried. scope is the token ("token:12") or, for the
-- public endpoints, the client's address ("addr:192.0.2.1"). status is 0
-- while the first request is still running.
CREATE TABLE api_idempotency (
    scope        text NOT NULL,
    key          text NOT NULL,
    request_hash text NOT NULL,
    status       integer NOT NULL,
    location     text NOT NULL DEFAULT '',
    body         bytea,
    created_at   timestamptz NOT NULL,
    PRIMARY KEY (scope, key)
);
CREATE INDEX api_idempotency_created ON api_idempotency (created_at);

-- +goose Down
DROP TABLE api_idempotency;
DROP TABLE api_tokens;
ALTER TABLE users DROP COLUMN service;
