-- +goose Up
-- A file imported twice (issue 21): each batch keeps the SHA-256 of its
-- file, so that importing a file already imported asks for a confirmation,
-- which repeat_confirmed records; and each imported row keeps a
-- fingerprint of what it said (imports.fingerprint), so that a row
-- identical to one an earlier import created is skipped instead of
-- creating the person again. Batches and rows from before have neither.
ALTER TABLE import_batches ADD COLUMN content_sha256 TEXT NOT NULL DEFAULT '';
ALTER TABLE import_batches ADD COLUMN repeat_confirmed INTEGER NOT NULL DEFAULT 0;
CREATE INDEX import_batches_content ON import_batches (content_sha256);
ALTER TABLE import_persons ADD COLUMN fingerprint INTEGER;
CREATE INDEX import_persons_fingerprint ON import_persons (fingerprint);

-- +goose Down
DROP INDEX import_persons_fingerprint;
ALTER TABLE import_persons DROP COLUMN fingerprint;
DROP INDEX import_batches_content;
ALTER TABLE import_batches DROP COLUMN repeat_confirmed;
ALTER TABLE import_batches DROP COLUMN content_sha256;
