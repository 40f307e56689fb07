-- +goose Up
-- A migrant's request to correct what the registry holds about them (the
-- right to rectification), and staff's answer.
CREATE TABLE correction_requests (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    person_id   bigint NOT NULL REFERENCES persons (id),
    user_id     bigint NOT NULL REFERENCES users (id),
    text        text NOT NULL,
    state       text NOT NULL DEFAULT 'open',
    answer      text NOT NULL DEFAULT '',
    answered_by bigint REFERENCES users (id),
    answered_at timestamptz,
    created_at  timestamptz NOT NULL
);
CREATE INDEX correction_requests_state ON correction_requests (state, id);
CREATE INDEX correction_requests_person ON correction_requests (person_id, id);

-- +goose Down
DROP TABLE correction_requests;
