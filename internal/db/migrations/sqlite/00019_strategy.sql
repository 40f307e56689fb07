-- +goose Up
-- The integration Strategy and its Action Plan: a strategy with its period
-- and state, and the tree of its items (strategic goals → objectives →
-- measures). An item's number (1, 1.2, 1.2.3) is not stored: it is derived
-- from the positions among siblings, so it is never typed twice. A measure
-- has its responsible organisation, partners, dates, budget (in qəpik) and
-- status; "delayed" is computed, not stored. Indicators and progress
-- reports come in later migrations and point to items by their id.
CREATE TABLE strategies (
    id           INTEGER PRIMARY KEY,
    title_az     TEXT NOT NULL,
    title_en     TEXT NOT NULL,
    title_ru     TEXT NOT NULL,
    first_year   INTEGER NOT NULL,
    last_year    INTEGER NOT NULL,
    state        TEXT NOT NULL,
    published_at TIMESTAMP,
    closed_at    TIMESTAMP,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    CHECK (last_year >= first_year)
);

CREATE TABLE strategy_items (
    id                 INTEGER PRIMARY KEY,
    strategy_id        INTEGER NOT NULL REFERENCES strategies (id),
    parent_id          INTEGER REFERENCES strategy_items (id),
    kind               TEXT NOT NULL,
    position           INTEGER NOT NULL,
    title_az           TEXT NOT NULL,
    title_en           TEXT NOT NULL,
    title_ru           TEXT NOT NULL,
    responsible_org_id INTEGER REFERENCES organisations (id),
    starts_on          TIMESTAMP,
    ends_on            TIMESTAMP,
    budget_planned     INTEGER,
    budget_source      TEXT NOT NULL DEFAULT '',
    budget_spent       INTEGER,
    status             TEXT NOT NULL DEFAULT '',
    created_at         TIMESTAMP NOT NULL,
    updated_at         TIMESTAMP NOT NULL
);
CREATE INDEX strategy_items_tree ON strategy_items (strategy_id, parent_id, position);
CREATE INDEX strategy_items_responsible ON strategy_items (responsible_org_id);

CREATE TABLE strategy_partners (
    item_id INTEGER NOT NULL REFERENCES strategy_items (id),
    org_id  INTEGER NOT NULL REFERENCES organisations (id),
    PRIMARY KEY (item_id, org_id)
);

-- +goose Down
DROP TABLE strategy_partners;
DROP TABLE strategy_items;
DROP TABLE strategies;
