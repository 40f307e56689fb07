-- +goose Up
-- Each search key is stored once, in person_keys: a person's keys are a
-- function of its stored data (people.keysOf), so the rows to delete when
-- the data change are worked out again from the data as they were, and the
-- list in persons.search_keys, 14% of the file, goes.
--
-- A document number given when a person is registered or edited, without
-- a residence status, was kept only as a key; it is kept here now, so that
-- the key follows from the data.
CREATE TABLE person_documents (
    person_id    INTEGER NOT NULL REFERENCES persons (id),
    document_no  TEXT NOT NULL,
    PRIMARY KEY (person_id, document_no)
) WITHOUT ROWID;
INSERT INTO person_documents (person_id, document_no)
    SELECT k.person_id, k.key FROM person_keys k WHERE k.kind = 'doc' AND NOT EXISTS
        (SELECT 1 FROM residence_statuses s WHERE s.person_id = k.person_id AND s.document_no = k.key);

-- The version of the rules that made the stored keys (people.keysVersion);
-- when the program's differs, it rebuilds person_keys at start.
CREATE TABLE person_keys_version (
    version  INTEGER NOT NULL
);
INSERT INTO person_keys_version (version) VALUES (1);

ALTER TABLE persons DROP COLUMN search_keys;

-- The primary key is the table: no rowid table with a second index on the
-- same columns.
CREATE TABLE person_citizenships_new (
    person_id  INTEGER NOT NULL REFERENCES persons (id),
    country    TEXT NOT NULL,
    PRIMARY KEY (person_id, country)
) WITHOUT ROWID;
INSERT INTO person_citizenships_new (person_id, country) SELECT person_id, country FROM person_citizenships;
DROP TABLE person_citizenships;
ALTER TABLE person_citizenships_new RENAME TO person_citizenships;

CREATE TABLE person_languages_new (
    person_id  INTEGER NOT NULL REFERENCES persons (id),
    language   TEXT NOT NULL,
    PRIMARY KEY (person_id, language)
) WITHOUT ROWID;
INSERT INTO person_languages_new (person_id, language) SELECT person_id, language FROM person_languages;
DROP TABLE person_languages;
ALTER TABLE person_languages_new RENAME TO person_languages;

-- +goose Down
CREATE TABLE person_languages_old (
    person_id  INTEGER NOT NULL REFERENCES persons (id),
    language   TEXT NOT NULL,
    PRIMARY KEY (person_id, language)
);
INSERT INTO person_languages_old (person_id, language) SELECT person_id, language FROM person_languages;
DROP TABLE person_languages;
ALTER TABLE person_languages_old RENAME TO person_languages;

CREATE TABLE person_citizenships_old (
    person_id  INTEGER NOT NULL REFERENCES persons (id),
    country    TEXT NOT NULL,
    PRIMARY KEY (person_id, country)
);
INSERT INTO person_citizenships_old (person_id, country) SELECT person_id, country FROM person_citizenships;
DROP TABLE person_citizenships;
ALTER TABLE person_citizenships_old RENAME TO person_citizenships;

ALTER TABLE persons ADD COLUMN search_keys TEXT NOT NULL DEFAULT '';
UPDATE persons SET search_keys = COALESCE((SELECT group_concat(line, char(10)) FROM
    (SELECT k.kind || ':' || k.key AS line FROM person_keys k WHERE k.person_id = persons.id ORDER BY k.kind, k.key)), '');
DROP TABLE person_keys_version;
DROP TABLE person_documents;
