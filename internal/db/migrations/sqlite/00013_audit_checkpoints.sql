-- +goose Up
-- Signed checkpoints of the audit chain (package audit): each one signs the
-- number of events and the hash of the last one with a key kept in a file
-- outside the database, so that whoever can write the database file cannot
-- rewrite or cut the history a checkpoint covers without it showing.
CREATE TABLE audit_checkpoints (
    id          INTEGER PRIMARY KEY,
    events      INTEGER NOT NULL UNIQUE, -- events 1..events are covered
    head        TEXT NOT NULL,           -- hash of event number "events"
    at          TIMESTAMP NOT NULL,
    public_key  TEXT NOT NULL,           -- base64 Ed25519 public key: a key change shows
    signature   TEXT NOT NULL            -- base64 Ed25519 signature of the v1 message
);

-- Append-only like the log itself; this stops a mistaken or injected
-- statement, not someone who can write the file (the signature does that).
-- +goose StatementBegin
CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints
BEGIN
    SELECT RAISE(ABORT, 'audit_checkpoints is append-only');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints
BEGIN
    SELECT RAISE(ABORT, 'audit_checkpoints is append-only');
END;
-- +goose StatementEnd

-- +goose Down
DROP TABLE audit_checkpoints;
