-- +goose Up
-- The statistics' analytics table, as DHIS2 keeps one: every countable event
-- of the features (a registration, a case opened, an assessment, a course
-- ended, an answer to a proposal…) as one row with the day it happened and
-- the categories of its person on that day, so that a dashboard counts one
-- indexed range of one table. It holds no name. It is rebuilt as a whole
-- from the features' Go APIs by a job (stats.Store.Refresh), never edited.
CREATE TABLE stat_facts (
    kind         TEXT NOT NULL,
    day          DATE NOT NULL,
    month        TEXT NOT NULL,
    person_id    INTEGER NOT NULL DEFAULT 0,
    outcome      TEXT NOT NULL DEFAULT '',
    unit         TEXT NOT NULL DEFAULT '',
    days         INTEGER,
    sex          TEXT NOT NULL DEFAULT '',
    age          TEXT NOT NULL DEFAULT '',
    citizenship  TEXT NOT NULL DEFAULT '',
    residence    TEXT NOT NULL DEFAULT '',
    region       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX stat_facts_kind_day ON stat_facts (kind, day);

-- The statistics' one row of settings and the state of the last refresh.
CREATE TABLE stat_state (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    threshold     INTEGER NOT NULL,
    refreshed_at  TIMESTAMP,
    took_ms       INTEGER NOT NULL DEFAULT 0,
    facts         INTEGER NOT NULL DEFAULT 0,
    requested_at  TIMESTAMP
);
INSERT INTO stat_state (id, threshold) VALUES (1, 5);

-- +goose Down
DROP TABLE stat_state;
DROP TABLE stat_facts;
