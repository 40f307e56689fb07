-- +goose Up
-- Runs of the registry-wide duplicate scan, asked for on the duplicates page
-- or run every night, each carried out by a background job (job_id).
CREATE TABLE duplicate_scans (
    id            INTEGER PRIMARY KEY,
    job_id        INTEGER,
    requested_by  INTEGER REFERENCES users (id),
    requested_at  TIMESTAMP NOT NULL,
    finished_at   TIMESTAMP,
    blocks        INTEGER NOT NULL DEFAULT 0,
    compared      INTEGER NOT NULL DEFAULT 0,
    found         INTEGER NOT NULL DEFAULT 0
);

-- +goose Down
DROP TABLE duplicate_scans;
