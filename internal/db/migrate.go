package db

import (
	"context"
	"embed"
	"fmt"
	"io/fs"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

// Migrations holds the SQL migrations of both dialects, one folder each.
//
//go:embed migrations
var Migrations embed.FS

func (d *DB) provider() (*goose.Provider, error) {
	dir, err := fs.Sub(Migrations, "migrations/"+d.dialect.String())
	if err != nil {
		return nil, err
	}
	var opts []goose.ProviderOption
	dialect := goose.DialectSQLite3
	if d.dialect == Postgres {
		dialect = goose.DialectPostgres
		// Several app nodes may start at once: one migrates, the others wait.
		locker, err := lock.NewPostgresSessionLocker()
		if err != nil {
			return nil, err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	return goose.NewProvider(dialect, d.write, dir, opts...)
}

// Migrate brings the schema up to date. Each migration runs in its own
// transaction, so a failed one leaves the schema at the previous version;
// River's tables for background jobs follow.
func (d *DB) Migrate(ctx context.Context) error {
	p, err := d.provider()
	if err != nil {
		return fmt.Errorf("db: migrations: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("db: migrate: %w", err)
	}
	return d.migrateJobs(ctx)
}

// SchemaCurrent reports whether every migration has been applied; the server
// refuses to be ready on an old schema.
func (d *DB) SchemaCurrent(ctx context.Context) (bool, error) {
	p, err := d.provider()
	if err != nil {
		return false, fmt.Errorf("db: migrations: %w", err)
	}
	pending, err := p.HasPending(ctx)
	if err != nil {
		return false, fmt.Errorf("db: schema version: %w", err)
	}
	if pending {
		return false, nil
	}
	return d.jobsCurrent(ctx)
}
