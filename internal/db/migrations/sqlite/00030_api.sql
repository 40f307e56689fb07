-- +goose Up
-- Service accounts: the users that partner systems act as through the API,
-- tied to an organisation; they never sign in with a password.
ALTER TABLE users ADD COLUMN service INTEGER NOT NULL DEFAULT 0;

-- API tokens: personal ones a user makes on their account page and those of
-- service accounts, made by admins. Only the secret's hash is kept; prefix
-- is the secret's first characters, shown so that a token can be told apart.
CREATE TABLE api_tokens (
    id             INTEGER PRIMARY KEY,
    user_id        INTEGER NOT NULL REFERENCES users (id),
    name           TEXT NOT NULL,
    prefix         TEXT NOT NULL,
    token_hash     TEXT NOT NULL UNIQUE,
    scopes         TEXT NOT NULL,
    created_by     INTEGER NOT NULL REFERENCES users (id),
    created_at     TIMESTAMP NOT NULL,
    expires_at     TIMESTAMP NOT NULL,
    last_used_at   TIMESTAMP,
    last_used_addr TEXT NOT NULL DEFAULT '',
    revoked_at     TIMESTAMP
);
CREATE INDEX api_tokens_user ON api_tokens (user_id, created_at);

-- The first answer to a POST made with an Idempotency-Key, replayed when
-- the request is retried. scope is the token ("token:12") or, for the
-- public endpoints, the client's address ("addr:192.0.2.1"). status is 0
-- while the first request is still running.
CREATE TABLE api_idempotency (
    scope        TEXT NOT NULL,
    key          TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status       INTEGER NOT NULL,
    location     TEXT NOT NULL DEFAULT '',
    body         BLOB,
    created_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (scope, key)
) WITHOUT ROWID;
CREATE INDEX api_idempotency_created ON api_idempotency (created_at);

-- +goose Down
DROP TABLE api_idempotency;
DROP TABLE api_tokens;
ALTER TABLE users DROP COLUMN service;
