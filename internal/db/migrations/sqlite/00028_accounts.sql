-- +goose Up
-- Migrants' own accounts. An address is confirmed by a link before the
-- account is used; staff accounts, made by admins, count as confirmed.
ALTER TABLE users ADD COLUMN email_confirmed_at TIMESTAMP;
UPDATE users SET email_confirmed_at = created_at;

-- One-time links sent by e-mail: confirming an address, resetting a
-- password, accepting an invitation. Only the token's hash is kept.
CREATE TABLE account_tokens (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id),
    purpose     TEXT NOT NULL,
    token_hash  TEXT NOT NULL UNIQUE,
    created_at  TIMESTAMP NOT NULL,
    expires_at  TIMESTAMP NOT NULL,
    used_at     TIMESTAMP
);
CREATE INDEX account_tokens_user ON account_tokens (user_id, purpose, created_at);

-- A migrant's account linked to their person in the registry: by an
-- invitation, by a proof (reference, birth date and document number), or
-- by staff confirming a request. One account per person.
CREATE TABLE account_links (
    user_id    INTEGER PRIMARY KEY REFERENCES users (id),
    person_id  INTEGER NOT NULL UNIQUE REFERENCES persons (id),
    how        TEXT NOT NULL,
    linked_by  INTEGER REFERENCES users (id),
    linked_at  TIMESTAMP NOT NULL
);

-- Failed proofs, throttled like sign-in.
CREATE TABLE link_failures (
    id      INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    addr    TEXT NOT NULL,
    at      TIMESTAMP NOT NULL
);
CREATE INDEX link_failures_user ON link_failures (user_id, at);
CREATE INDEX link_failures_addr ON link_failures (addr, at);

-- Requests to be linked that staff decide: what the migrant told about
-- themselves, and the answer.
CREATE TABLE link_requests (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id),
    name        TEXT NOT NULL,
    birth_date  DATE NOT NULL,
    document_no TEXT NOT NULL DEFAULT '',
    reference   TEXT NOT NULL DEFAULT '',
    message     TEXT NOT NULL DEFAULT '',
    state       TEXT NOT NULL,
    person_id   INTEGER REFERENCES persons (id),
    reason      TEXT NOT NULL DEFAULT '',
    decided_by  INTEGER REFERENCES users (id),
    decided_at  TIMESTAMP,
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX link_requests_state ON link_requests (state, id);
CREATE UNIQUE INDEX link_requests_open ON link_requests (user_id) WHERE state = 'open';

-- +goose Down
DROP TABLE link_requests;
DROP TABLE link_failures;
DROP TABLE account_links;
DROP TABLE account_tokens;
ALTER TABLE users DROP COLUMN email_confirmed_at;
