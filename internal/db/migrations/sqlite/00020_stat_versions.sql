-- +goose Up
-- The analytics table in versions, so that a refresh never holds the
-- database: stats.Store.Refresh writes the next version of the facts and
-- counts beside the one in use, in short transactions, then switches
-- stat_state.version to it in one small one. Pages read the version in
-- force, so a page computing while the switch happens still reads whole
-- tables; the older version is removed at the start of the next refresh.
ALTER TABLE stat_facts ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE stat_counts ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE stat_state ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
-- The version a refresh is writing and since when: one refresh at a time
-- (a claim older than an hour is a refresh that died).
ALTER TABLE stat_state ADD COLUMN building INTEGER;
ALTER TABLE stat_state ADD COLUMN building_since TIMESTAMP;

-- The second value of a count of two categories crossed (cat "a,b").
ALTER TABLE stat_counts ADD COLUMN value2 TEXT NOT NULL DEFAULT '';

DROP INDEX stat_facts_firsts;
CREATE INDEX stat_facts_firsts ON stat_facts (version, kind, day, prev_day, person_id, sex, age, citizenship, residence, region, month, outcome, unit);
DROP INDEX stat_counts_kind;
CREATE INDEX stat_counts_kind ON stat_counts (version, kind, grain, cat, day);

-- The persons of a custom period whose previous fact falls in the part of
-- its first month before it (see stats.countFirsts): one short range of
-- this index by previous day, instead of every fact of the period.
CREATE INDEX stat_facts_prev ON stat_facts (version, kind, prev_day, day, sex, age, citizenship, residence, region, outcome, unit)
    WHERE prev_day IS NOT NULL;

-- +goose Down
DROP INDEX stat_facts_prev;
DROP INDEX stat_counts_kind;
CREATE INDEX stat_counts_kind ON stat_counts (kind, grain, cat, day);
DROP INDEX stat_facts_firsts;
CREATE INDEX stat_facts_firsts ON stat_facts (kind, day, prev_day, person_id, sex, age, citizenship, residence, region, month, outcome, unit);
ALTER TABLE stat_state DROP COLUMN building_since;
ALTER TABLE stat_state DROP COLUMN building;
ALTER TABLE stat_state DROP COLUMN version;
ALTER TABLE stat_counts DROP COLUMN value2;
ALTER TABLE stat_counts DROP COLUMN version;
ALTER TABLE stat_facts DROP COLUMN version;
