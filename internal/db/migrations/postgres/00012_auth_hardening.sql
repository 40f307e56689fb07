-- +goose Up
-- totp_last_step: the last TOTP time step accepted for the user; a code at or
-- before it is refused, so a code works once on every node.
-- session_epoch: moves when the user changes their password; a session
-- signed in under an older epoch is ended.
ALTER TABLE users ADD COLUMN totp_last_step bigint NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN session_epoch bigint NOT NULL DEFAULT 0;
-- Throttling counts failures per (account, address) pair as well.
CREATE INDEX login_failures_pair ON login_failures (email, addr, at);

-- +goose Down
DROP INDEX login_failures_pair;
ALTER TABLE users DROP COLUMN session_epoch;
ALTER TABLE users DROP COLUMN totp_last_step;
