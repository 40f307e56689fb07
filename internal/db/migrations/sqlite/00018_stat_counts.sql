-- +goose Up
-- The analytics table's counts, built beside it by the same refresh
-- (stats.Store.Refresh) so that a dashboard reads a few hundred rows instead
-- of a million facts: the facts of each kind counted by calendar month
-- (grain 'month') under one category at a time (cat '' for none, or sex,
-- age, citizenship, residence, region, or 'days' for the durations), with
-- the outcome, unit and month every figure breaks down by; and, for the
-- kinds counted once per person, the persons of each calendar month,
-- quarter and year (grains 'p_month', 'p_quarter', 'p_year', day the
-- period's first day) under the least value of the category among their
-- facts in the period, as the plain count over the facts puts them.
CREATE TABLE stat_counts (
    kind     TEXT NOT NULL,
    grain    TEXT NOT NULL,
    day      DATE NOT NULL,
    month    TEXT NOT NULL,
    cat      TEXT NOT NULL,
    value    TEXT NOT NULL,
    outcome  TEXT NOT NULL,
    unit     TEXT NOT NULL,
    n        INTEGER NOT NULL
);
CREATE INDEX stat_counts_kind ON stat_counts (kind, grain, cat, day);

-- For the kinds counted once per person, each fact's previous day of the
-- same kind and person (none for the first): the persons of any run of
-- days are then the facts in it whose previous day is before it.
ALTER TABLE stat_facts ADD COLUMN prev_day DATE;

-- The persons of a custom period read one range of this index and never the
-- table (a year of persons reached: some 250,000 entries); it serves every
-- other count of the facts by kind and day too, in place of the index of 00017.
DROP INDEX stat_facts_kind_day;
CREATE INDEX stat_facts_firsts ON stat_facts (kind, day, prev_day, person_id, sex, age, citizenship, residence, region, month, outcome, unit);

-- +goose Down
DROP INDEX stat_facts_firsts;
CREATE INDEX stat_facts_kind_day ON stat_facts (kind, day);
ALTER TABLE stat_facts DROP COLUMN prev_day;
DROP TABLE stat_counts;
