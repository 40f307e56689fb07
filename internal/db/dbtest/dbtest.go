// Package dbtest gives tests a freshly migrated database of each dialect:
// always SQLite (in memory), and PostgreSQL when INTEQRA_TEST_POSTGRES names a
// server DSN. Store tests call Each so that one table of cases runs on both.
package dbtest

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"inteqra/internal/db"
)

// EnvPostgres names the environment variable holding a PostgreSQL DSN for tests.
const EnvPostgres = "INTEQRA_TEST_POSTGRES"

var memCounter atomic.Int64

// SQLite returns a migrated in-memory SQLite database that lives as long as the test.
func SQLite(t testing.TB) *db.DB {
	t.Helper()
	// memdb keeps one shared in-memory database for the writer and readers.
	name := fmt.Sprintf("file:/inteqra-test-%d-%d?vfs=memdb", os.Getpid(), memCounter.Add(1))
	return open(t, name)
}

// SQLiteFile returns a migrated SQLite file in the test's temporary folder,
// for what only a file does: WAL, so that readers and the writer work at once.
func SQLiteFile(t testing.TB) *db.DB {
	t.Helper()
	return open(t, filepath.Join(t.TempDir(), "test.db"))
}

// Postgres returns a migrated PostgreSQL database of its own, created from a
// migrated template, or skips the test when INTEQRA_TEST_POSTGRES is unset.
func Postgres(t testing.TB) *db.DB {
	t.Helper()
	return open(t, PostgresDSN(t))
}

// PostgresDSN returns the DSN of a migrated PostgreSQL database of the
// test's own, dropped when the test ends, for a test that hands a DSN to a
// command; it skips the test when INTEQRA_TEST_POSTGRES is unset.
func PostgresDSN(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv(EnvPostgres)
	if dsn == "" {
		t.Skip(EnvPostgres + " is not set")
	}
	name, err := createDatabase(dsn)
	if err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() { dropDatabase(dsn, name) })
	return withDatabase(dsn, name)
}

// EnvPostgresReplica names the environment variable holding the DSN of a
// streaming replica of INTEQRA_TEST_POSTGRES's server (.ci/replica.sh
// starts one); its database name is replaced by each test's.
const EnvPostgresReplica = "INTEQRA_TEST_POSTGRES_REPLICA"

// PostgresReplica creates a migrated PostgreSQL database of the test's own
// and waits until the replica has it too (the replica copies the whole
// server), then returns the DSNs of the database on the primary and on
// the replica. It skips the test when either variable is unset.
func PostgresReplica(t testing.TB) (primary, replica string) {
	t.Helper()
	dsn, rdsn := os.Getenv(EnvPostgres), os.Getenv(EnvPostgresReplica)
	if dsn == "" || rdsn == "" {
		t.Skip(EnvPostgres + " and " + EnvPostgresReplica + " must both be set for the replica tests (.ci/replica.sh starts a replica)")
	}
	name, err := createDatabase(dsn)
	if err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() { dropDatabase(dsn, name) })
	primary, replica = withDatabase(dsn, name), withDatabase(rdsn, name)
	d := open(t, primary) // migrates, though the template already is
	d.Close()
	pool, err := sql.Open("pgx", replica)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	deadline := time.Now().Add(30 * time.Second)
	for {
		err = pool.PingContext(context.Background())
		if err == nil {
			return primary, replica
		}
		if time.Now().After(deadline) {
			t.Fatalf("the replica %s has not got database %s after 30 s: %v", db.ReplicaName(rdsn), name, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// PauseReplica pauses the replay of the replica (of PostgresReplica) so
// that it falls behind the primary, and returns the function that resumes
// it, which the test's end calls too. The pause is the whole server's, so
// tests in several packages take turns: a lock on the primary is held
// until the replay resumes.
func PauseReplica(t testing.TB, replica string) (resume func()) {
	t.Helper()
	ctx := context.Background()
	admin, err := sql.Open("pgx", os.Getenv(EnvPostgres))
	if err != nil {
		t.Fatal(err)
	}
	lock, err := admin.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lock.ExecContext(ctx, "SELECT pg_advisory_lock(727002)"); err != nil {
		t.Fatal(err)
	}
	r, err := sql.Open("pgx", replica)
	if err != nil {
		t.Fatal(err)
	}
	done := false
	resume = func() {
		if done {
			return
		}
		done = true
		if _, err := r.ExecContext(ctx, "SELECT pg_wal_replay_resume()"); err != nil {
			t.Errorf("resume the replica: %v", err)
		}
		r.Close()
		lock.Close() // ends the session, and its lock
		admin.Close()
	}
	t.Cleanup(resume)
	if _, err := r.ExecContext(ctx, "SELECT pg_wal_replay_pause()"); err != nil {
		t.Fatalf("pause the replica: %v", err)
	}
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		var state string
		if err := r.QueryRowContext(ctx, "SELECT pg_get_wal_replay_pause_state()").Scan(&state); err != nil {
			t.Fatal(err)
		}
		if state == "paused" {
			return resume
		}
		if time.Now().After(deadline) {
			t.Fatalf("the replica is still %q after 20 s", state)
		}
	}
}

// Each runs fn once per available dialect, as parallel subtests named
// "sqlite" and "postgres".
func Each(t *testing.T, fn func(t *testing.T, d *db.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		fn(t, SQLite(t))
	})
	if os.Getenv(EnvPostgres) != "" {
		t.Run("postgres", func(t *testing.T) {
			t.Parallel()
			fn(t, Postgres(t))
		})
	}
}

func open(t testing.TB, dsn string) *db.DB {
	t.Helper()
	ctx := context.Background()
	d, err := db.Open(ctx, dsn)
	if err != nil {
		t.Fatalf("open %s: %v", dsn, err)
	}
	t.Cleanup(func() { d.Close() })
	if err := d.Migrate(ctx); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return d
}

var dbCounter atomic.Int64

// createDatabase makes a new database from a template that holds the current
// migrations; the template's name carries a hash of them, so a changed
// migration gets a new template and parallel test binaries share one.
func createDatabase(dsn string) (string, error) {
	ctx := context.Background()
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		return "", err
	}
	defer admin.Close()
	conn, err := admin.Conn(ctx)
	if err != nil {
		return "", err
	}
	defer conn.Close()
	tmpl := "inteqra_tmpl_" + migrationsHash()
	// Test binaries run in parallel; the lock lets one of them build the template.
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock(727001)"); err != nil {
		return "", err
	}
	defer conn.ExecContext(ctx, "SELECT pg_advisory_unlock(727001)")
	var exists bool
	if err := conn.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", tmpl).Scan(&exists); err != nil {
		return "", err
	}
	if !exists {
		if err := buildTemplate(ctx, conn, dsn, tmpl); err != nil {
			return "", err
		}
	}
	name := fmt.Sprintf("inteqra_t_%d_%d", os.Getpid(), dbCounter.Add(1))
	if _, err := conn.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name); err != nil {
		return "", err
	}
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("CREATE DATABASE %s TEMPLATE %s", name, tmpl)); err != nil {
		return "", err
	}
	return name, nil
}

func buildTemplate(ctx context.Context, conn *sql.Conn, dsn, tmpl string) error {
	building := tmpl + "_build"
	if _, err := conn.ExecContext(ctx, "DROP DATABASE IF EXISTS "+building); err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, "CREATE DATABASE "+building); err != nil {
		return err
	}
	d, err := db.Open(ctx, withDatabase(dsn, building))
	if err != nil {
		return err
	}
	err = d.Migrate(ctx)
	d.Close()
	if err != nil {
		return err
	}
	_, err = conn.ExecContext(ctx, fmt.Sprintf("ALTER DATABASE %s RENAME TO %s", building, tmpl))
	return err
}

func dropDatabase(dsn, name string) {
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		return
	}
	defer admin.Close()
	_, _ = admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
}

func withDatabase(dsn, name string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return dsn
	}
	u.Path = "/" + name
	return u.String()
}

func migrationsHash() string {
	h := sha256.New()
	h.Write([]byte(db.JobsSchema))
	_ = fs.WalkDir(db.Migrations, ".", func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() || !strings.HasSuffix(path, ".sql") {
			return err
		}
		b, err := fs.ReadFile(db.Migrations, path)
		h.Write([]byte(path))
		h.Write(b)
		return err
	})
	return hex.EncodeToString(h.Sum(nil))[:12]
}

// Count returns the number a counting query gives, failing the test when
// it cannot run.
func Count(t testing.TB, d *db.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := d.QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
