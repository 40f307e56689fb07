-- +goose Up
-- The statistics' analytics table, as DHIS2 keeps one: every countable event
-- of the features (a registration, a case opened, an assessment, a course
-- ended, an answer to a proposal…) as one row with the day it happened and
-- the categories of its person on that day, so that a dashboard counts one
-- indexed range of one table. It holds no name. It is rebuilt as a whole
-- from the features' Go APIs by a job (stats.Store.Refresh), never edited.
CREATE TABLE stat_facts (
    kind         text NOT NULL,
    day          date NOT NULL,
    month        text NOT NULL,
    person_id    bigint NOT NULL DEFAULT 0,
    outcome      text NOT NULL DEFAULT '',
    unit         text NOT NULL DEFAULT '',
    days         integer,
    sex          text NOT NULL DEFAULT '',
    age          text NOT NULL DEFAULT '',
    citizenship  text NOT NULL DEFAULT '',
    residence    text NOT NULL DEFAULT '',
    region       text NOT NULL DEFAULT ''
);
CREATE INDEX stat_facts_kind_day ON stat_facts (kind, day);

-- The statistics' one row of settings and the state of the last refresh.
CREATE TABLE stat_state (
    id            integer PRIMARY KEY CHECK (id = 1),
    threshold     integer NOT NULL,
    refreshed_at  timestamptz,
    took_ms       integer NOT NULL DEFAULT 0,
    facts         integer NOT NULL DEFAULT 0,
    requested_at  timestamptz
);
INSERT INTO stat_state (id, threshold) VALUES (1, 5);

-- +goose Down
DROP TABLE stat_state;
DROP TABLE stat_facts;
