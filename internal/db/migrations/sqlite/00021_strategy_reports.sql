-- +goose Up
-- Progress reports on the Action Plan's measures. A strategy says how often
-- its measures are reported on (each quarter or each half-year) and how many
-- days after a period's end its report is due. A report is for one measure
-- and one period; it goes draft → submitted → approved, or submitted →
-- returned → submitted again. Each move is kept in strategy_report_events
-- with the values as they stood, so a report's history is read, not
-- rebuilt. Evidence files hang on a report; indicator values will point
-- to a report by its id.
ALTER TABLE strategies ADD COLUMN report_period TEXT NOT NULL DEFAULT 'quarter';
ALTER TABLE strategies ADD COLUMN report_due_days INTEGER NOT NULL DEFAULT 30;

CREATE TABLE strategy_reports (
    id           INTEGER PRIMARY KEY,
    item_id      INTEGER NOT NULL REFERENCES strategy_items (id),
    period_start TIMESTAMP NOT NULL,
    period_end   TIMESTAMP NOT NULL,
    state        TEXT NOT NULL,
    narrative    TEXT NOT NULL,
    status       TEXT NOT NULL,
    spent        INTEGER,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    UNIQUE (item_id, period_start)
);
CREATE INDEX strategy_reports_state ON strategy_reports (state);

CREATE TABLE strategy_report_events (
    id        INTEGER PRIMARY KEY,
    report_id INTEGER NOT NULL REFERENCES strategy_reports (id),
    state     TEXT NOT NULL,
    user_id   INTEGER REFERENCES users (id),
    at        TIMESTAMP NOT NULL,
    comment   TEXT NOT NULL,
    narrative TEXT NOT NULL,
    status    TEXT NOT NULL,
    spent     INTEGER
);
CREATE INDEX strategy_report_events_report ON strategy_report_events (report_id, id);

-- Evidence files attached to a report; the file itself is in the storage
-- under storage_key.
CREATE TABLE strategy_report_files (
    id           INTEGER PRIMARY KEY,
    report_id    INTEGER NOT NULL REFERENCES strategy_reports (id),
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    storage_key  TEXT NOT NULL,
    uploaded_by  INTEGER REFERENCES users (id),
    uploaded_at  TIMESTAMP NOT NULL
);
CREATE INDEX strategy_report_files_report ON strategy_report_files (report_id, id);

-- +goose Down
DROP TABLE strategy_report_files;
DROP TABLE strategy_report_events;
DROP TABLE strategy_reports;
ALTER TABLE strategies DROP COLUMN report_due_days;
ALTER TABLE strategies DROP COLUMN report_period;
