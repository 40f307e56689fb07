-- +goose Up
-- Where the public finds an office: shown on the integration services page
-- and in the footer, edited by admins with the rest of the organisation.
ALTER TABLE organisations ADD COLUMN address text NOT NULL DEFAULT '';
ALTER TABLE organisations ADD COLUMN phone text NOT NULL DEFAULT '';
ALTER TABLE organisations ADD COLUMN email text NOT NULL DEFAULT '';
ALTER TABLE organisations ADD COLUMN hours text NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE organisations DROP COLUMN hours;
ALTER TABLE organisations DROP COLUMN email;
ALTER TABLE organisations DROP COLUMN phone;
ALTER TABLE organisations DROP COLUMN address;
