-- +goose Up
-- Likely duplicate pairs found by the registry scan; person_a < person_b.
CREATE TABLE duplicate_pairs (
    person_a    INTEGER NOT NULL REFERENCES persons (id),
    person_b    INTEGER NOT NULL REFERENCES persons (id),
    score       REAL NOT NULL,
    reasons     TEXT NOT NULL,
    state       TEXT NOT NULL DEFAULT 'open',
    found_at    TIMESTAMP NOT NULL,
    decided_by  INTEGER REFERENCES users (id),
    decided_at  TIMESTAMP,
    PRIMARY KEY (person_a, person_b)
);
CREATE INDEX duplicate_pairs_state ON duplicate_pairs (state, score);
CREATE INDEX duplicate_pairs_b ON duplicate_pairs (person_b);

ALTER TABLE persons ADD COLUMN erased_at TIMESTAMP;
ALTER TABLE persons ADD COLUMN erasure_reason TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE persons DROP COLUMN erasure_reason;
ALTER TABLE persons DROP COLUMN erased_at;
DROP TABLE duplicate_pairs;
