-- +goose Up
-- Migrants' own accounts. An address is confirmed by a link before the
-- account is used; staff accounts, made by admins, count as confirmed.
ALTER TABLE users ADD COLUMN email_confirmed_at timestamptz;
UPDATE users SET email_confirmed_at = created_at;

-- One-time links sent by e-mail: confirming an address, resetting a
-- password, accepting an invitation. Only the token's hash is kept.
CREATE TABLE account_tokens (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id     bigint NOT NULL REFERENCES users (id),
    purpose     text NOT NULL,
    token_hash  text NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz
);
CREATE INDEX account_tokens_user ON account_tokens (user_id, purpose, created_at);

-- A migrant's account linked to their person in the registry: by an
-- invitation, by a proof (reference, birth date and document number), or
-- by staff confirming a request. One account per person.
CREATE TABLE account_links (
    user_id    bigint PRIMARY KEY REFERENCES users (id),
    person_id  bigint NOT NULL UNIQUE REFERENCES persons (id),
    how        text NOT NULL,
    linked_by  bigint REFERENCES users (id),
    linked_at  timestamptz NOT NULL
);

-- Failed proofs, throttled like sign-in.
CREATE TABLE link_failures (
    id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES users (id),
    addr    text NOT NULL,
    at      timestamptz NOT NULL
);
CREATE INDEX link_failures_user ON link_failures (user_id, at);
CREATE INDEX link_failures_addr ON link_failures (addr, at);

-- Requests to be linked that staff decide: what the migrant told about
-- themselves, and the answer.
CREATE TABLE link_requests (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id     bigint NOT NULL REFERENCES users (id),
    name        text NOT NULL,
    birth_date  date NOT NULL,
    document_no text NOT NULL DEFAULT '',
    reference   text NOT NULL DEFAULT '',
    message     text NOT NULL DEFAULT '',
    state       text NOT NULL,
    person_id   bigint REFERENCES persons (id),
    reason      text NOT NULL DEFAULT '',
    decided_by  bigint REFERENCES users (id),
    decided_at  timestamptz,
    created_at  timestamptz NOT NULL
);
CREATE INDEX link_requests_state ON link_requests (state, id);
CREATE UNIQUE INDEX link_requests_open ON link_requests (user_id) WHERE state = 'open';

-- +goose Down
DROP TABLE link_requests;
DROP TABLE link_failures;
DROP TABLE account_links;
DROP TABLE account_tokens;
ALTER TABLE users DROP COLUMN email_confirmed_at;
