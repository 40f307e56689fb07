-- +goose Up
-- Each search key is stored once, in person_keys: a person's keys are a
-- function of its stored data (people.keysOf), so the rows to delete when
-- the data change are worked out again from the data as they were, and the
-- list in persons.search_keys goes.
--
-- A document number given when a person is registered or edited, without
-- a residence status, was kept only as a key; it is kept here now, so that
-- the key follows from the data.
CREATE TABLE person_documents (
    person_id    bigint NOT NULL REFERENCES persons (id),
    document_no  text NOT NULL,
    PRIMARY KEY (person_id, document_no)
);
INSERT INTO person_documents (person_id, document_no)
    SELECT k.person_id, k.key FROM person_keys k WHERE k.kind = 'doc' AND NOT EXISTS
        (SELECT 1 FROM residence_statuses s WHERE s.person_id = k.person_id AND s.document_no = k.key);

-- The version of the rules that made the stored keys (people.keysVersion);
-- when the program's differs, it rebuilds person_keys at start.
CREATE TABLE person_keys_version (
    version  integer NOT NULL
);
INSERT INTO person_keys_version (version) VALUES (1);

ALTER TABLE persons DROP COLUMN search_keys;

-- +goose Down
ALTER TABLE persons ADD COLUMN search_keys text NOT NULL DEFAULT '';
UPDATE persons p SET search_keys = k.list FROM
    (SELECT person_id, string_agg(kind || ':' || key, E'\n' ORDER BY kind, key) AS list FROM person_keys GROUP BY person_id) k
    WHERE k.person_id = p.id;
DROP TABLE person_keys_version;
DROP TABLE person_documents;
