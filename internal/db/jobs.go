package db

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"

	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
)

// JobDriver returns River's driver for this database, on the write pool:
// River keeps its jobs in the same database, so that a job is enqueued in
// the transaction of the change that asks for it (Tx.SQL) and is never
// lost when a node dies. On SQLite it shares the single writer connection,
// as River's SQLite driver asks.
func (d *DB) JobDriver() riverdriver.Driver[*sql.Tx] {
	if d.dialect == SQLite {
		return riversqlite.New(d.write)
	}
	return riverdatabasesql.New(d.write)
}

// JobsSchema names the version of River's tables that Migrate creates, so
// that test templates built from an older one are not reused.
const JobsSchema = "river v0.51.2"

func (d *DB) jobMigrator() (*rivermigrate.Migrator[*sql.Tx], error) {
	return rivermigrate.New(d.JobDriver(), &rivermigrate.Config{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
}

// migrateJobs brings River's tables up to date, after the schema's own
// migrations.
func (d *DB) migrateJobs(ctx context.Context) error {
	m, err := d.jobMigrator()
	if err != nil {
		return fmt.Errorf("db: job migrations: %w", err)
	}
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("db: migrate jobs: %w", err)
	}
	return nil
}

// jobsCurrent reports whether River's tables are at the version this
// build needs.
func (d *DB) jobsCurrent(ctx context.Context) (bool, error) {
	m, err := d.jobMigrator()
	if err != nil {
		return false, err
	}
	all := m.AllVersions()
	have, err := m.ExistingVersions(ctx)
	if err != nil {
		return false, nil // no river_migration table yet
	}
	return len(have) > 0 && have[len(have)-1].Version == all[len(all)-1].Version, nil
}
