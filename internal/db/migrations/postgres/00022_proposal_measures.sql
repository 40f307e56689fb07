-- +goose Up
-- A proposal the Service accepted, linked to the Action Plan's measure that
-- carries it out (as Decidim links results to the proposals they came
-- from): the proposal's page and the measure's both show the link.
ALTER TABLE proposals ADD COLUMN measure_id bigint REFERENCES strategy_items (id);
CREATE INDEX proposals_measure ON proposals (measure_id);

-- +goose Down
DROP INDEX proposals_measure;
ALTER TABLE proposals DROP COLUMN measure_id;
