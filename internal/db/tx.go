package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
)

// Tx is a transaction in progress. It satisfies Querier.
type Tx struct {
	tx      *sql.Tx
	dialect Dialect
}

// Dialect reports which database this is.
func (t *Tx) Dialect() Dialect { return t.dialect }

// ExecContext runs a statement inside the transaction.
func (t *Tx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return t.tx.ExecContext(ctx, query, args...)
}

// QueryContext runs a query inside the transaction.
func (t *Tx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return t.tx.QueryContext(ctx, query, args...)
}

// QueryRowContext runs a single-row query inside the transaction.
func (t *Tx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return t.tx.QueryRowContext(ctx, query, args...)
}

// maxAttempts bounds the retries of a transaction that PostgreSQL aborted
// because of a serialization failure or a deadlock.
const maxAttempts = 4

// Transact runs fn in one transaction: it commits when fn returns nil and rolls
// back when fn returns an error or panics. One user action is one call, so
// nothing is ever half-saved. On PostgreSQL a serialization failure or deadlock
// runs fn again, so fn must not have effects outside the transaction.
func (d *DB) Transact(ctx context.Context, fn func(tx *Tx) error) error {
	var err error
	for range maxAttempts {
		err = d.transactOnce(ctx, fn)
		if !retryable(err) {
			return err
		}
	}
	return err
}

func (d *DB) transactOnce(ctx context.Context, fn func(tx *Tx) error) (err error) {
	sqlTx, err := d.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("db: begin: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			_ = sqlTx.Rollback()
			panic(p)
		}
		if err != nil {
			_ = sqlTx.Rollback()
		}
	}()
	if err = fn(&Tx{tx: sqlTx, dialect: d.dialect}); err != nil {
		return err
	}
	if err = sqlTx.Commit(); err != nil {
		return fmt.Errorf("db: commit: %w", err)
	}
	return nil
}

func retryable(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code == "40001" || pgErr.Code == "40P01"
	}
	return false
}

// IsUniqueViolation reports whether err is a unique-constraint violation in
// either dialect, so stores can turn it into a message for the user.
func IsUniqueViolation(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code == "23505"
	}
	return err != nil && strings.Contains(err.Error(), "UNIQUE constraint failed")
}
