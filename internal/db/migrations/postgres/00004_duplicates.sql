-- +goose Up
-- Likely duplicate pairs found by the registry scan; person_a < person_b.
CREATE TABLE duplicate_pairs (
    person_a    bigint NOT NULL REFERENCES persons (id),
    person_b    bigint NOT NULL REFERENCES persons (id),
    score       double precision NOT NULL,
    reasons     text NOT NULL,
    state       text NOT NULL DEFAULT 'open',
    found_at    timestamptz NOT NULL,
    decided_by  bigint REFERENCES users (id),
    decided_at  timestamptz,
    PRIMARY KEY (person_a, person_b)
);
CREATE INDEX duplicate_pairs_state ON duplicate_pairs (state, score);
CREATE INDEX duplicate_pairs_b ON duplicate_pairs (person_b);

ALTER TABLE persons ADD COLUMN erased_at timestamptz;
ALTER TABLE persons ADD COLUMN erasure_reason text NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE persons DROP COLUMN erasure_reason;
ALTER TABLE persons DROP COLUMN erased_at;
DROP TABLE duplicate_pairs;
