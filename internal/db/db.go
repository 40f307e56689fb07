// Package db opens the SQLite or PostgreSQL database, runs the migrations and
// runs transactions. It owns every difference between the two dialects so that
// feature stores write one SQL text with $1-style placeholders for both.
package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver
)

// Dialect names the SQL dialect behind a DB.
type Dialect int

// The two dialects the system runs on.
const (
	SQLite Dialect = iota + 1
	Postgres
)

func (d Dialect) String() string {
	if d == Postgres {
		return "postgres"
	}
	return "sqlite"
}

// ErrNotFound is returned by stores when a row that was asked for by key does not exist.
var ErrNotFound = errors.New("not found")

// Querier is what stores run their SQL on: a *DB or a *Tx, so that a store
// function works the same inside and outside a transaction.
type Querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	Dialect() Dialect
}

// DB is an open database. Reads go to the read pool; Exec and transactions go
// to the write pool. On SQLite the write pool has exactly one connection, so
// writers queue in Go instead of failing with SQLITE_BUSY; on PostgreSQL both
// pools are the same pgx pool unless a replica is configured.
type DB struct {
	dialect Dialect
	write   *sql.DB
	read    *sql.DB
	dsn     string       // as given to Open, for Dump and Load
	bulks   atomic.Int32 // loads under way that keep the writer's bulk cache (Bulk)

	replicas *replicaSet // nil without read replicas (replica.go)
}

// Open opens the database named by dsn: a postgres:// or postgresql:// URL
// means PostgreSQL, anything else is a SQLite file path. The schema is not
// touched; call Migrate. Options add read replicas (WithReplicas).
func Open(ctx context.Context, dsn string, opts ...Option) (*DB, error) {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	open := openSQLite
	if IsPostgres(dsn) {
		open = openPostgres
	}
	d, err := open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	d.dsn = dsn
	if err := d.openReplicas(ctx, o); err != nil {
		d.Close()
		return nil, err
	}
	return d, nil
}

// IsPostgres reports whether dsn names a PostgreSQL database rather than a
// SQLite file.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

func openPostgres(ctx context.Context, dsn string) (*DB, error) {
	pool, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("db: open postgres: %w", err)
	}
	pool.SetMaxOpenConns(20)
	pool.SetMaxIdleConns(10)
	pool.SetConnMaxIdleTime(5 * time.Minute)
	if err := pool.PingContext(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("db: connect to postgres: %w", err)
	}
	return &DB{dialect: Postgres, write: pool, read: pool}, nil
}

// sqliteCacheKiB is the page cache of the SQLite writer connection, and
// readerCacheKiB that of each reader. A reader's cache lives only until the
// next commit of anyone (a WAL reader drops it when the database changed),
// and every registry search commits its audit event, so a large one only
// grows the process: readers of 32 MB took a server to 376 MB after 4,000
// searches of a million-person registry (docs/PERFORMANCE.md).
const (
	sqliteCacheKiB = 32000
	readerCacheKiB = 8000
)

// sqliteDSN builds the modernc DSN. busy_timeout comes first so that a
// connection waits instead of failing while another process holds the lock
// and WAL is being switched on. Times are written in SQLite's own text format
// and always in UTC, so that text comparison orders them correctly.
func sqliteDSN(path string, readOnly bool) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_pragma", "temp_store(MEMORY)")
	cache := sqliteCacheKiB
	if readOnly {
		cache = readerCacheKiB
	}
	q.Add("_pragma", "cache_size("+strconv.Itoa(-cache)+")")
	if !strings.Contains(path, "vfs=memdb") {
		q.Add("_pragma", "journal_mode(WAL)")
	}
	if readOnly {
		q.Add("_pragma", "query_only(1)")
	} else {
		q.Set("_txlock", "immediate")
	}
	q.Set("_time_format", "sqlite")
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	if !strings.HasPrefix(path, "file:") {
		path = "file:" + path
	}
	return path + sep + q.Encode()
}

func openSQLite(ctx context.Context, path string) (*DB, error) {
	if !strings.HasPrefix(path, "file:") {
		if dir := filepath.Dir(path); dir != "." {
			if err := os.MkdirAll(dir, 0o750); err != nil {
				return nil, fmt.Errorf("db: create folder for %s: %w", path, err)
			}
		}
	}
	write, err := sql.Open("sqlite", sqliteDSN(path, false))
	if err != nil {
		return nil, fmt.Errorf("db: open sqlite %s: %w", path, err)
	}
	write.SetMaxOpenConns(1)
	write.SetConnMaxLifetime(0)
	write.SetConnMaxIdleTime(0)
	// The writer connects first so that WAL mode is set before readers open.
	if err := write.PingContext(ctx); err != nil {
		write.Close()
		return nil, fmt.Errorf("db: open sqlite %s: %w", path, err)
	}
	read, err := sql.Open("sqlite", sqliteDSN(path, true))
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("db: open sqlite %s: %w", path, err)
	}
	read.SetMaxOpenConns(max(4, runtime.NumCPU()*2))
	read.SetMaxIdleConns(max(4, runtime.NumCPU()*2))
	read.SetConnMaxIdleTime(0)
	return &DB{dialect: SQLite, write: write, read: read}, nil
}

// Close closes both pools, and those of the replicas.
func (d *DB) Close() error {
	err := d.closeReplicas()
	err = errors.Join(err, d.write.Close())
	if d.read != d.write {
		err = errors.Join(err, d.read.Close())
	}
	return err
}

// Dialect reports which database this is.
func (d *DB) Dialect() Dialect { return d.dialect }

// ExecContext runs a statement on the write pool.
func (d *DB) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	res, err := d.write.ExecContext(ctx, query, args...)
	if err == nil {
		d.noteWrite(ctx) // read-your-writes with replicas
	}
	return res, err
}

// QueryContext runs a read-only query on the read pool.
func (d *DB) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return d.read.QueryContext(ctx, query, args...)
}

// QueryRowContext runs a read-only single-row query on the read pool.
func (d *DB) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return d.read.QueryRowContext(ctx, query, args...)
}

// Ping checks that both pools answer.
func (d *DB) Ping(ctx context.Context) error {
	if err := d.write.PingContext(ctx); err != nil {
		return err
	}
	return d.read.PingContext(ctx)
}

// Stats returns the pool statistics of the write and read pools, for metrics.
func (d *DB) Stats() (write, read sql.DBStats) {
	return d.write.Stats(), d.read.Stats()
}

// Now is the current time as the system stores it: UTC, truncated to the
// microsecond that PostgreSQL keeps, so that a value reads back unchanged.
func Now() time.Time { return Time(time.Now()) }

// Time converts t to the stored form (see Now).
func Time(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }
