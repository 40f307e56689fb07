-- +goose Up
-- Administrative territory of Azerbaijan; admins edit it (data in 00003).
CREATE TABLE regions (
    id         INTEGER PRIMARY KEY,
    code       TEXT NOT NULL UNIQUE,
    parent_id  INTEGER REFERENCES regions (id),
    kind       TEXT NOT NULL,
    name_az    TEXT NOT NULL,
    name_en    TEXT NOT NULL,
    name_ru    TEXT NOT NULL,
    active     INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX regions_parent ON regions (parent_id);

CREATE TABLE persons (
    id           INTEGER PRIMARY KEY,
    state        TEXT NOT NULL DEFAULT 'active',
    merged_into  INTEGER REFERENCES persons (id),
    display_name TEXT NOT NULL,
    sex          TEXT NOT NULL DEFAULT '',
    birth_date   DATE,
    birth_year   INTEGER,
    stateless    INTEGER NOT NULL DEFAULT 0,
    education    TEXT NOT NULL DEFAULT '',
    script       TEXT NOT NULL DEFAULT '',
    phone        TEXT NOT NULL DEFAULT '',
    email        TEXT NOT NULL DEFAULT '',
    address      TEXT NOT NULL DEFAULT '',
    region_id    INTEGER REFERENCES regions (id),
    created_by   INTEGER REFERENCES users (id),
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);
CREATE INDEX persons_birth_year ON persons (birth_year);

-- Every spelling of a person's name: native script, Azerbaijani Latin,
-- Cyrillic, passport Latin, aliases.
CREATE TABLE person_names (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES persons (id),
    kind        TEXT NOT NULL,
    surname     TEXT NOT NULL DEFAULT '',
    given       TEXT NOT NULL DEFAULT '',
    patronymic  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX person_names_person ON person_names (person_id);

-- Search keys: phonetic name keys, Latin name tokens (for prefixes), document
-- numbers, phones and e-mails, normalised. Search and duplicate detection
-- read only this index, never the whole persons table.
CREATE TABLE person_keys (
    key        TEXT NOT NULL,
    kind       TEXT NOT NULL,
    person_id  INTEGER NOT NULL REFERENCES persons (id),
    PRIMARY KEY (kind, key, person_id)
) WITHOUT ROWID;
CREATE INDEX person_keys_person ON person_keys (person_id);

CREATE TABLE person_citizenships (
    person_id  INTEGER NOT NULL REFERENCES persons (id),
    country    TEXT NOT NULL,
    PRIMARY KEY (person_id, country)
);

CREATE TABLE person_languages (
    person_id  INTEGER NOT NULL REFERENCES persons (id),
    language   TEXT NOT NULL,
    PRIMARY KEY (person_id, language)
);

CREATE TABLE residence_statuses (
    id           INTEGER PRIMARY KEY,
    person_id    INTEGER NOT NULL REFERENCES persons (id),
    kind         TEXT NOT NULL,
    ground       TEXT NOT NULL DEFAULT '',
    document_no  TEXT NOT NULL DEFAULT '',
    issued_on    DATE,
    valid_from   DATE,
    valid_to     DATE,
    state        TEXT NOT NULL DEFAULT 'granted',
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX residence_statuses_person ON residence_statuses (person_id);

CREATE TABLE consents (
    id                 INTEGER PRIMARY KEY,
    person_id          INTEGER NOT NULL REFERENCES persons (id),
    purpose            TEXT NOT NULL,
    organisation_id    INTEGER REFERENCES organisations (id),
    given_on           DATE NOT NULL,
    withdrawn_on       DATE,
    withdrawal_reason  TEXT NOT NULL DEFAULT '',
    recorded_by        INTEGER REFERENCES users (id),
    withdrawn_by       INTEGER REFERENCES users (id),
    created_at         TIMESTAMP NOT NULL
);
CREATE INDEX consents_person ON consents (person_id, purpose);

CREATE TABLE family_links (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES persons (id),
    relative_id INTEGER NOT NULL REFERENCES persons (id),
    relation    TEXT NOT NULL,
    UNIQUE (person_id, relative_id)
);
CREATE INDEX family_links_relative ON family_links (relative_id);

-- +goose Down
DROP TABLE family_links;
DROP TABLE consents;
DROP TABLE residence_statuses;
DROP TABLE person_languages;
DROP TABLE person_citizenships;
DROP TABLE person_keys;
DROP TABLE person_names;
DROP TABLE persons;
DROP TABLE regions;
