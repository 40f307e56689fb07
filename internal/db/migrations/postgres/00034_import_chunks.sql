-- +goose Up
-- An import commits its rows a chunk at a time, so that it never holds the
-- writer for long. done_line is the last line of the file whose chunk is
-- committed: a run cut off resumes after it, or its rows are discarded.
-- registry_below is the first person id the import could have made: the
-- persons below it were registered before, and only they are compared with
-- the file, in the first run and in every resumed one.
ALTER TABLE import_batches ADD COLUMN done_line BIGINT NOT NULL DEFAULT 0;
ALTER TABLE import_batches ADD COLUMN registry_below BIGINT NOT NULL DEFAULT 0;
-- Discarding an import unlinks the flags other imports raised against
-- its persons.
CREATE INDEX import_issues_person ON import_issues (person_id) WHERE person_id IS NOT NULL;

-- +goose Down
DROP INDEX import_issues_person;
ALTER TABLE import_batches DROP COLUMN registry_below;
ALTER TABLE import_batches DROP COLUMN done_line;
