-- +goose Up
-- The outbox holds text messages (SMS) as well as e-mails: the channel says
-- which; a text message's address is a phone number and it has no subject.
ALTER TABLE outbox ADD COLUMN channel text NOT NULL DEFAULT 'email';

-- +goose Down
ALTER TABLE outbox DROP COLUMN channel;
