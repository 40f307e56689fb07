-- +goose Up
-- A migrant's request to correct what the registry holds about them (the
-- right to rectification), and staff's answer.
CREATE TABLE correction_requests (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES persons (id),
    user_id     INTEGER NOT NULL REFERENCES users (id),
    text        TEXT NOT NULL,
    state       TEXT NOT NULL DEFAULT 'open',
    answer      TEXT NOT NULL DEFAULT '',
    answered_by INTEGER REFERENCES users (id),
    answered_at TIMESTAMP,
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX correction_requests_state ON correction_requests (state, id);
CREATE INDEX correction_requests_person ON correction_requests (person_id, id);

-- +goose Down
DROP TABLE correction_requests;
