-- +goose Up
-- Bulk imports of persons from CSV or XLSX files. A batch keeps its file
-- while it is mapped, checked and run from the web, its counts and its
-- state. An import runs in one transaction: a batch is committed whole or
-- has changed nothing, and one left "running" by a crash can run again.
CREATE TABLE import_batches (
    id              INTEGER PRIMARY KEY,
    state           TEXT NOT NULL,
    file_name       TEXT NOT NULL,
    format          TEXT NOT NULL,
    headers         TEXT NOT NULL DEFAULT '[]',
    mapping         TEXT NOT NULL DEFAULT '[]',
    mode            TEXT NOT NULL DEFAULT '',
    total_rows      INTEGER NOT NULL DEFAULT 0,
    invalid_rows    INTEGER NOT NULL DEFAULT 0,
    duplicate_rows  INTEGER NOT NULL DEFAULT 0,
    flagged_rows    INTEGER NOT NULL DEFAULT 0,
    imported_rows   INTEGER NOT NULL DEFAULT 0,
    error_key       TEXT NOT NULL DEFAULT '',
    error_args      TEXT NOT NULL DEFAULT '',
    created_by      INTEGER REFERENCES users (id),
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    finished_at     TIMESTAMP
);

-- The uploaded file, apart from the batch so that updating the batch does
-- not rewrite it.
CREATE TABLE import_files (
    batch_id  INTEGER PRIMARY KEY REFERENCES import_batches (id),
    content   BLOB NOT NULL
);

-- The report of a batch's last dry run or import: bad rows, skipped and
-- flagged duplicates. Reasons are catalogue keys with their arguments, so
-- each reader sees them in their own language.
CREATE TABLE import_issues (
    batch_id       INTEGER NOT NULL REFERENCES import_batches (id),
    seq            INTEGER NOT NULL,
    line           INTEGER NOT NULL,
    kind           TEXT NOT NULL,
    col            TEXT NOT NULL DEFAULT '',
    reason         TEXT NOT NULL,
    args           TEXT NOT NULL DEFAULT '',
    person_id      INTEGER REFERENCES persons (id),
    other_line     INTEGER NOT NULL DEFAULT 0,
    new_person_id  INTEGER REFERENCES persons (id),
    PRIMARY KEY (batch_id, seq)
) WITHOUT ROWID;

-- Which batch and line each imported person came from: the provenance a
-- bulk import keeps instead of one audit event per person.
CREATE TABLE import_persons (
    batch_id   INTEGER NOT NULL REFERENCES import_batches (id),
    line       INTEGER NOT NULL,
    person_id  INTEGER NOT NULL REFERENCES persons (id),
    PRIMARY KEY (batch_id, line)
) WITHOUT ROWID;
CREATE INDEX import_persons_person ON import_persons (person_id);

-- +goose Down
DROP TABLE import_persons;
DROP TABLE import_issues;
DROP TABLE import_files;
DROP TABLE import_batches;
