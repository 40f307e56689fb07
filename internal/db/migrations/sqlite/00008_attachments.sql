-- +goose Up
-- Files attached to cases. The bytes live in the file store under
-- storage_key (random, so it says nothing about the file); this row is what
-- the case knows of them.
CREATE TABLE case_attachments (
    id            INTEGER PRIMARY KEY,
    case_id       INTEGER NOT NULL REFERENCES cases (id),
    name          TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    size          INTEGER NOT NULL,
    sha256        TEXT NOT NULL,
    storage_key   TEXT NOT NULL UNIQUE,
    restricted    INTEGER NOT NULL DEFAULT 0,
    uploaded_by   INTEGER REFERENCES users (id),
    uploaded_at   TIMESTAMP NOT NULL
);
CREATE INDEX case_attachments_case ON case_attachments (case_id);

-- +goose Down
DROP TABLE case_attachments;
