-- +goose Up
-- Indicators of the Action Plan's objectives and measures. An indicator is
-- reported by the measure's responsible organisation in its progress
-- reports, or computed from the system's own figures (figure names one of
-- the programme dashboard's figures). Values, baselines and targets are
-- kept in hundredths, as amounts are, so that a percentage or an amount in
-- manat keeps its two decimals exactly. breakdowns lists the categories a
-- reported value is broken down by, comma-separated ("sex,age").
CREATE TABLE strategy_indicators (
    id              INTEGER PRIMARY KEY,
    item_id         INTEGER NOT NULL REFERENCES strategy_items (id),
    position        INTEGER NOT NULL,
    title_az        TEXT NOT NULL,
    title_en        TEXT NOT NULL,
    title_ru        TEXT NOT NULL,
    definition_az   TEXT NOT NULL,
    definition_en   TEXT NOT NULL,
    definition_ru   TEXT NOT NULL,
    kind            TEXT NOT NULL,
    unit            TEXT NOT NULL,
    baseline        INTEGER,
    baseline_year   INTEGER,
    source          TEXT NOT NULL,
    figure          TEXT NOT NULL,
    breakdowns      TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);
CREATE INDEX strategy_indicators_item ON strategy_indicators (item_id, position);

CREATE TABLE strategy_targets (
    indicator_id INTEGER NOT NULL REFERENCES strategy_indicators (id),
    year         INTEGER NOT NULL,
    value        INTEGER NOT NULL,
    PRIMARY KEY (indicator_id, year)
);

-- A reported value: the total (category and value_key empty) or one cell
-- of a breakdown, in a report.
CREATE TABLE strategy_values (
    report_id    INTEGER NOT NULL REFERENCES strategy_reports (id),
    indicator_id INTEGER NOT NULL REFERENCES strategy_indicators (id),
    category     TEXT NOT NULL,
    value_key    TEXT NOT NULL,
    value        INTEGER NOT NULL,
    PRIMARY KEY (report_id, indicator_id, category, value_key)
);
CREATE INDEX strategy_values_indicator ON strategy_values (indicator_id);

-- Each change of a reported value: what it became (none when it was
-- removed), who changed it and when.
CREATE TABLE strategy_value_changes (
    id           INTEGER PRIMARY KEY,
    report_id    INTEGER NOT NULL REFERENCES strategy_reports (id),
    indicator_id INTEGER NOT NULL REFERENCES strategy_indicators (id),
    category     TEXT NOT NULL,
    value_key    TEXT NOT NULL,
    value        INTEGER,
    user_id      INTEGER REFERENCES users (id),
    at           TIMESTAMP NOT NULL
);
CREATE INDEX strategy_value_changes_report ON strategy_value_changes (report_id, indicator_id, id);

-- +goose Down
DROP TABLE strategy_value_changes;
DROP TABLE strategy_values;
DROP TABLE strategy_targets;
DROP TABLE strategy_indicators;
