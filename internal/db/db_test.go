package db_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"
)

func TestMigrateAndTransact(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		ok, err := d.SchemaCurrent(ctx)
		if err != nil || !ok {
			t.Fatalf("SchemaCurrent = %v, %v; want true, nil", ok, err)
		}
		now := db.Now()
		// A failing transaction leaves nothing behind.
		boom := errors.New("boom")
		err = d.Transact(ctx, func(tx *db.Tx) error {
			if _, err := tx.ExecContext(ctx, `INSERT INTO organisations (name, kind, created_at, updated_at) VALUES ($1, $2, $3, $3)`, "Rolled back", "ngo", now); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("Transact error = %v, want boom", err)
		}
		var n int
		if err := d.QueryRowContext(ctx, `SELECT count(*) FROM organisations`).Scan(&n); err != nil || n != 0 {
			t.Fatalf("count after rollback = %d, %v; want 0", n, err)
		}
		// A successful one commits, and times read back unchanged.
		var id int64
		err = d.Transact(ctx, func(tx *db.Tx) error {
			return tx.QueryRowContext(ctx, `INSERT INTO organisations (name, kind, created_at, updated_at) VALUES ($1, $2, $3, $3) RETURNING id`, "Kept", "ngo", now).Scan(&id)
		})
		if err != nil {
			t.Fatal(err)
		}
		var got time.Time
		var active bool
		if err := d.QueryRowContext(ctx, `SELECT created_at, active FROM organisations WHERE id = $1`, id).Scan(&got, &active); err != nil {
			t.Fatal(err)
		}
		if !got.Equal(now) || !active {
			t.Errorf("read back %v, %v; want %v, true", got, active, now)
		}
		// Unique violations are recognised in both dialects.
		err = d.Transact(ctx, func(tx *db.Tx) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO organisations (name, kind, created_at, updated_at) VALUES ($1, $2, $3, $3)`, "Kept", "ngo", now)
			return err
		})
		if !db.IsUniqueViolation(err) {
			t.Errorf("IsUniqueViolation(%v) = false, want true", err)
		}
		// A foreign-key violation becomes a message for the user, not a 500,
		// and keeps the driver's error for the log.
		err = d.Transact(ctx, func(tx *db.Tx) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO regions (code, parent_id, kind, name_az, name_en, name_ru) VALUES ($1, $2, $3, $4, $4, $4)`,
				"fk-test", 999999, "district", "X")
			return err
		})
		if !errors.Is(err, db.ErrUnknownReference) || !db.IsForeignKeyViolation(err) {
			t.Errorf("got %v, want ErrUnknownReference joined to the violation", err)
		}
		if err := d.QueryRowContext(ctx, `SELECT count(*) FROM regions WHERE code = 'fk-test'`).Scan(&n); err != nil || n != 0 {
			t.Errorf("count of the refused region = %d, %v; want 0", n, err)
		}
		// A bulk load on PostgreSQL keeps its foreign keys: the same net.
		// (SQLite turns them off for a bulk load; its callers check first.)
		if d.Dialect() == db.Postgres {
			err = d.TransactBulk(ctx, func(tx *db.Tx) error {
				_, err := tx.ExecContext(ctx, `INSERT INTO regions (code, parent_id, kind, name_az, name_en, name_ru) VALUES ($1, $2, $3, $4, $4, $4)`,
					"fk-bulk", 999999, "district", "X")
				return err
			})
			if !errors.Is(err, db.ErrUnknownReference) {
				t.Errorf("bulk: got %v, want ErrUnknownReference", err)
			}
		}
		// A panic rolls back and propagates.
		func() {
			defer func() {
				if recover() == nil {
					t.Error("panic was swallowed")
				}
			}()
			_ = d.Transact(ctx, func(tx *db.Tx) error {
				_, _ = tx.ExecContext(ctx, `INSERT INTO organisations (name, kind, created_at, updated_at) VALUES ($1, $2, $3, $3)`, "Panicked", "ngo", now)
				panic("boom")
			})
		}()
		if err := d.QueryRowContext(ctx, `SELECT count(*) FROM organisations`).Scan(&n); err != nil || n != 1 {
			t.Fatalf("count after panic = %d, %v; want 1", n, err)
		}
	})
}

func TestReadPoolRefusesWrites(t *testing.T) {
	t.Parallel()
	d := dbtest.SQLite(t)
	_, err := d.QueryContext(context.Background(), `INSERT INTO organisations (name, kind, created_at, updated_at) VALUES ('x', 'ngo', '2026-01-01', '2026-01-01') RETURNING id`)
	if err == nil {
		t.Fatal("write through the read pool succeeded; want an error")
	}
}

// TestCopyFrom loads rows with COPY inside a PostgreSQL bulk transaction:
// they commit with it, or go with its rollback; outside one it is refused.
func TestCopyFrom(t *testing.T) {
	t.Parallel()
	d := dbtest.Postgres(t)
	ctx := context.Background()
	now := db.Now()
	rows := [][]any{{"Copied one", "ngo", now, now}, {"Copied two", "employer", now, now}}
	cols := []string{"name", "kind", "created_at", "updated_at"}
	count := func() int {
		var n int
		if err := d.QueryRowContext(ctx, `SELECT count(*) FROM organisations WHERE name LIKE 'Copied%'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	boom := errors.New("boom")
	err := d.TransactBulk(ctx, func(tx *db.Tx) error {
		if err := tx.CopyFrom(ctx, "organisations", cols, rows); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) || count() != 0 {
		t.Fatalf("rolled back copy: %v, %d rows", err, count())
	}
	if err := d.TransactBulk(ctx, func(tx *db.Tx) error { return tx.CopyFrom(ctx, "organisations", cols, rows) }); err != nil || count() != 2 {
		t.Fatalf("committed copy: %v, %d rows", err, count())
	}
	err = d.Transact(ctx, func(tx *db.Tx) error { return tx.CopyFrom(ctx, "organisations", cols, rows) })
	if err == nil || count() != 2 {
		t.Errorf("copy outside a bulk transaction: %v, %d rows", err, count())
	}
}
