-- +goose Up
-- The reminders already raised, by kind and key (a lesson and a learner, a
-- report and its period), so that each is raised once, whichever node runs
-- the reminders and however often.
CREATE TABLE notify_once (
    kind TEXT NOT NULL,
    key  TEXT NOT NULL,
    at   TIMESTAMP NOT NULL,
    PRIMARY KEY (kind, key)
);

-- +goose Down
DROP TABLE notify_once;
