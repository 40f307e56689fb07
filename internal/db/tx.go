package db

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"

	"inteqra/internal/i18n"
)

// Tx is a transaction in progress. It satisfies Querier.
type Tx struct {
	tx      *sql.Tx
	conn    *sql.Conn // the connection of a bulk transaction on PostgreSQL, for CopyFrom
	dialect Dialect
	stmts   map[string]*sql.Stmt // prepared by Prepare; closed with the transaction
}

// Dialect reports which database this is.
func (t *Tx) Dialect() Dialect { return t.dialect }

// SQL returns the underlying transaction, for River to enqueue a job in it.
func (t *Tx) SQL() *sql.Tx { return t.tx }

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

// Prepare returns query prepared in the transaction, once: a bulk load that
// runs the same statement thousands of times then parses and plans it only
// once. The statement is closed when the transaction ends.
func (t *Tx) Prepare(ctx context.Context, query string) (*sql.Stmt, error) {
	if st, ok := t.stmts[query]; ok {
		return st, nil
	}
	st, err := t.tx.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if t.stmts == nil {
		t.stmts = map[string]*sql.Stmt{}
	}
	t.stmts[query] = st
	return st, nil
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
		if err == nil {
			d.noteWrite(ctx) // read-your-writes with replicas
		}
		if !retryable(err) {
			return asUnknownReference(err)
		}
	}
	return err
}

// ErrUnknownReference is what a write that points at a row that does not
// exist (a foreign-key violation) becomes: a message for the user, never a
// 500. Stores check the references they are given and name the field; this
// is the net under every form whose check was forgotten.
var ErrUnknownReference = i18n.Errorf("error.unknown_reference")

// asUnknownReference joins ErrUnknownReference to a foreign-key violation,
// keeping the driver's error for the log.
func asUnknownReference(err error) error {
	if IsForeignKeyViolation(err) && !errors.Is(err, ErrUnknownReference) {
		return errors.Join(ErrUnknownReference, err)
	}
	return err
}

func (d *DB) transactOnce(ctx context.Context, fn func(tx *Tx) error) error {
	return transactOn(ctx, d.dialect, nil, func() (*sql.Tx, error) { return d.write.BeginTx(ctx, nil) }, fn)
}

// transactOn runs fn in the transaction that begin starts, on conn when it
// is not nil.
func transactOn(ctx context.Context, dialect Dialect, conn *sql.Conn, begin func() (*sql.Tx, error), fn func(tx *Tx) error) (err error) {
	sqlTx, err := begin()
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
	if err = fn(&Tx{tx: sqlTx, conn: conn, dialect: dialect}); err != nil {
		return err
	}
	if err = sqlTx.Commit(); err != nil {
		return fmt.Errorf("db: commit: %w", err)
	}
	return nil
}

// bulkCacheKiB is the page cache of the SQLite writer during a bulk
// transaction, instead of the usual 32 MB: a large import rewrites pages of
// the key index all over the file, and each page that drops out of the
// cache is written to the WAL and read back again.
const bulkCacheKiB = 256 << 10

// TransactBulk is Transact for loading many rows at once. On SQLite it runs
// fn with foreign-key enforcement off and a larger page cache on the writer
// connection, and puts both back afterwards. With foreign keys on, SQLite
// gives every multi-row INSERT a statement journal, a copy of each page it
// changes, and a lookup of the parent of every row: for a bulk import that
// is a third of the time. fn must therefore write only references it knows
// to be valid (rows it inserted in the same transaction, or checked), and
// its INSERTs should use OR FAIL (see InsertVerb). The transaction is
// atomic as with Transact. On PostgreSQL fn may load rows with CopyFrom.
// A foreign-key violation comes back with ErrUnknownReference, as from
// Transact.
func (d *DB) TransactBulk(ctx context.Context, fn func(tx *Tx) error) error {
	err := d.transactBulk(ctx, fn)
	if err == nil {
		d.noteWrite(ctx) // read-your-writes with replicas
	}
	return asUnknownReference(err)
}

// Bulk keeps the SQLite writer's larger page cache of TransactBulk from one
// bulk transaction to the next, for a load committed in many short ones (an
// import, a chunk at a time): shrinking the cache after each would throw
// away the index pages the next chunk needs, and reading them back made a
// million-row import a third slower. Close gives the writer its usual
// cache back. On PostgreSQL it does nothing.
type Bulk struct{ d *DB }

// Bulk starts a load in many bulk transactions; the caller must Close it.
func (d *DB) Bulk() *Bulk {
	d.bulks.Add(1)
	return &Bulk{d}
}

// Close ends the load: the next bulk transaction, or this call when no
// other load is under way, shrinks the writer's cache again.
func (b *Bulk) Close() {
	if b.d.bulks.Add(-1) > 0 || b.d.dialect != SQLite {
		return
	}
	conn, err := b.d.write.Conn(context.Background())
	if err != nil {
		return // the pool is closing
	}
	defer conn.Close()
	if _, err := conn.ExecContext(context.Background(), `PRAGMA cache_size = `+strconv.Itoa(-sqliteCacheKiB)); err != nil {
		_ = conn.Raw(func(any) error { return driver.ErrBadConn })
	}
}

// writerCacheKiB is the writer's page cache outside a bulk transaction.
func (d *DB) writerCacheKiB() int {
	if d.bulks.Load() > 0 {
		return bulkCacheKiB
	}
	return sqliteCacheKiB
}

func (d *DB) transactBulk(ctx context.Context, fn func(tx *Tx) error) error {
	conn, err := d.write.Conn(ctx)
	if err != nil {
		return fmt.Errorf("db: begin: %w", err)
	}
	defer conn.Close()
	if d.dialect == Postgres {
		return transactOn(ctx, d.dialect, conn, func() (*sql.Tx, error) { return conn.BeginTx(ctx, nil) }, fn)
	}
	// A connection whose settings cannot be put back is closed, never reused.
	defer func() {
		restore := context.WithoutCancel(ctx)
		var on int
		_, err := conn.ExecContext(restore, `PRAGMA foreign_keys = ON`)
		if err == nil {
			_, err = conn.ExecContext(restore, `PRAGMA cache_size = `+strconv.Itoa(-d.writerCacheKiB()))
		}
		if err == nil {
			err = conn.QueryRowContext(restore, `PRAGMA foreign_keys`).Scan(&on)
		}
		if err != nil || on != 1 {
			_ = conn.Raw(func(any) error { return driver.ErrBadConn })
		}
	}()
	// Outside a transaction, or the pragma is silently ignored.
	if _, err := conn.ExecContext(ctx, `PRAGMA foreign_keys = OFF`); err != nil {
		return fmt.Errorf("db: bulk settings: %w", err)
	}
	if _, err := conn.ExecContext(ctx, `PRAGMA cache_size = `+strconv.Itoa(-bulkCacheKiB)); err != nil {
		return fmt.Errorf("db: bulk settings: %w", err)
	}
	return transactOn(ctx, d.dialect, nil, func() (*sql.Tx, error) { return conn.BeginTx(ctx, nil) }, fn)
}

// Snapshot runs fn on one read-only transaction of the read pool, so that
// every query fn makes sees the database as it was at the first one (a
// WAL snapshot on SQLite, REPEATABLE READ on PostgreSQL): a long read,
// such as the statistics' rebuild, reads consistent rows without holding
// the writer. fn must not write.
func (d *DB) Snapshot(ctx context.Context, fn func(q Querier) error) error {
	return snapshotOn(ctx, d.read, d.dialect, fn)
}

// snapshotOn runs fn on one read-only transaction of pool (see Snapshot).
func snapshotOn(ctx context.Context, pool *sql.DB, dialect Dialect, fn func(q Querier) error) error {
	opts := &sql.TxOptions{}
	if dialect == Postgres {
		opts = &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}
	}
	tx, err := pool.BeginTx(ctx, opts)
	if err != nil {
		return fmt.Errorf("db: begin snapshot: %w", err)
	}
	defer func() { _ = tx.Rollback() }() // nothing was written
	return fn(&Tx{tx: tx, dialect: dialect})
}

// DeleteInChunks deletes the rows of table that meet cond (a condition
// with args), at most n rows a transaction, so that deleting millions of
// rows never holds the writer for long. It returns how many it deleted.
func (d *DB) DeleteInChunks(ctx context.Context, table, cond string, n int, args ...any) (int64, error) {
	id := "rowid"
	if d.dialect == Postgres {
		id = "ctid"
	}
	query := `DELETE FROM ` + table + ` WHERE ` + id + ` IN (SELECT ` + id + ` FROM ` + table + ` WHERE ` + cond + ` LIMIT ` + strconv.Itoa(n) + `)`
	var total int64
	for {
		res, err := d.ExecContext(ctx, query, args...)
		if err != nil {
			return total, fmt.Errorf("db: delete from %s: %w", table, err)
		}
		k, err := res.RowsAffected()
		if err != nil {
			return total, err
		}
		total += k
		if k < int64(n) {
			return total, nil
		}
	}
}

// Vacuum has PostgreSQL vacuum and analyse tables after a bulk rewrite,
// so that an index-only scan need not visit the table for every row and
// the planner knows the new rows; SQLite needs neither.
func (d *DB) Vacuum(ctx context.Context, tables ...string) error {
	if d.dialect != Postgres {
		return nil
	}
	for _, t := range tables {
		if _, err := d.write.ExecContext(ctx, `VACUUM (ANALYZE) `+t); err != nil {
			return fmt.Errorf("db: vacuum %s: %w", t, err)
		}
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

// IsForeignKeyViolation reports whether err is a foreign-key violation in
// either dialect.
func IsForeignKeyViolation(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code == "23503"
	}
	return err != nil && strings.Contains(err.Error(), "FOREIGN KEY constraint failed")
}

// Scanner is a row to scan: *sql.Row or *sql.Rows.
type Scanner interface{ Scan(dest ...any) error }

// Collect reads every row of a query with scan and closes the rows. It takes
// the query's own error too, so that the caller checks one error:
//
//	rows, err := q.QueryContext(ctx, query, args...)
//	list, err := db.Collect(rows, err, scanThing)
func Collect[T any](rows *sql.Rows, err error, scan func(Scanner) (T, error)) ([]T, error) {
	var list []T
	err = Each(rows, err, func(r Scanner) error {
		v, err := scan(r)
		if err == nil {
			list = append(list, v)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return list, nil
}

// Each runs visit on every row of a query, stopping at its first error, and
// closes the rows: the one row loop for reads that fill a map, count, or
// keep some rows and not others, where Collect's one value a row does not
// fit. Like Collect it takes the query's own error.
func Each(rows *sql.Rows, err error, visit func(Scanner) error) error {
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := visit(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// NullID stores a zero id (no user, no organisation, no region) as NULL.
func NullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// NotFound turns sql.ErrNoRows into ErrNotFound, the error the web layer
// answers with a 404 page; other errors pass through.
func NotFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	return err
}
