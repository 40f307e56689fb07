-- +goose Up
-- Which events a user is told of by e-mail as well as in the app; an event
-- with no row here is e-mailed. Security messages are always e-mailed.
CREATE TABLE notify_preferences (
    user_id bigint NOT NULL REFERENCES users (id),
    kind    text NOT NULL,
    email   boolean NOT NULL,
    PRIMARY KEY (user_id, kind)
);

-- +goose Down
DROP TABLE notify_preferences;
