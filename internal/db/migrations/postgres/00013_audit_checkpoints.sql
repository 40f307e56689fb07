-- +goose Up
-- Signed checkpoints of the audit chain (package audit): each one signs the
-- number of events and the hash of the last one with a key kept in a file
-- outside the database, so that whoever can write the database file cannot
-- rewrite or cut the history a checkpoint covers without it showing.
CREATE TABLE audit_checkpoints (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    events      bigint NOT NULL UNIQUE, -- events 1..events are covered
    head        text NOT NULL,          -- hash of event number "events"
    at          timestamptz NOT NULL,
    public_key  text NOT NULL,          -- base64 Ed25519 public key: a key change shows
    signature   text NOT NULL           -- base64 Ed25519 signature of the v1 message
);

-- Append-only like the log itself; this stops a mistaken or injected
-- statement, not someone who can write the database (the signature does that).
-- +goose StatementBegin
CREATE FUNCTION audit_checkpoints_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_checkpoints is append-only';
END;
$$ LANGUAGE plpgsql;
-- +goose StatementEnd
CREATE TRIGGER audit_checkpoints_no_change BEFORE UPDATE OR DELETE ON audit_checkpoints
    FOR EACH ROW EXECUTE FUNCTION audit_checkpoints_append_only();

-- +goose Down
DROP TABLE audit_checkpoints;
DROP FUNCTION audit_checkpoints_append_only();
