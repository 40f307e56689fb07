-- +goose Up
-- Notifications. A feature raises an event in the transaction of its change;
-- notify writes an in-app notification for each user it concerns and an
-- e-mail for each address, in that same transaction, with the River job
-- that sends it: an e-mail exists exactly when the change does.
-- A notification keeps its event's kind and arguments, so that it reads in
-- the language of whoever looks at it.
CREATE TABLE notifications (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    kind       TEXT NOT NULL,
    args       TEXT NOT NULL,
    link       TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    read_at    TIMESTAMP
);
CREATE INDEX notifications_user ON notifications (user_id, id);
CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL;

-- The outbox: each e-mail as written in its recipient's language, and where
-- it stands: queued (its job will send it), sent, held (no mail server is
-- configured: it stays here for admins to see), failed (refused for good),
-- erased (its person was erased from the registry, and so was the e-mail).
CREATE TABLE outbox (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,
    to_address  TEXT NOT NULL,
    person_id   INTEGER REFERENCES persons (id),
    lang        TEXT NOT NULL,
    subject     TEXT NOT NULL,
    text_body   TEXT NOT NULL,
    html_body   TEXT NOT NULL,
    state       TEXT NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL,
    sent_at     TIMESTAMP
);
CREATE INDEX outbox_created ON outbox (created_at, id);
CREATE INDEX outbox_person ON outbox (person_id);

-- Every attempt to send an e-mail, with the server's answer.
CREATE TABLE outbox_attempts (
    id        INTEGER PRIMARY KEY,
    outbox_id INTEGER NOT NULL REFERENCES outbox (id),
    at        TIMESTAMP NOT NULL,
    error     TEXT NOT NULL
);
CREATE INDEX outbox_attempts_outbox ON outbox_attempts (outbox_id, id);

-- The language an applicant used on the portal, in which they are written to.
ALTER TABLE enrolments ADD COLUMN language TEXT NOT NULL DEFAULT 'az';

-- +goose Down
ALTER TABLE enrolments DROP COLUMN language;
DROP TABLE outbox_attempts;
DROP TABLE outbox;
DROP TABLE notifications;
