-- +goose Up
-- The River job that carries out a batch's dry run or import, so that any
-- node can tell a run that is queued or under way from one that was cut off.
ALTER TABLE import_batches ADD COLUMN job_id INTEGER;

-- +goose Down
ALTER TABLE import_batches DROP COLUMN job_id;
