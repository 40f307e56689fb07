package db_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"
)

// TestCollectAndEach holds the two row loops to what their callers rely on:
// every row in order, the query's own error passed through, and the first
// error of a row stopping the walk.
func TestCollectAndEach(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		const query = `SELECT n FROM (SELECT 1 AS n UNION ALL SELECT 2 UNION ALL SELECT 3) t ORDER BY n`
		scanInt := func(r db.Scanner) (n int, err error) {
			err = r.Scan(&n)
			return n, err
		}
		rows, err := d.QueryContext(ctx, query)
		got, err := db.Collect(rows, err, scanInt)
		if err != nil || !slices.Equal(got, []int{1, 2, 3}) {
			t.Errorf("Collect = %v, %v; want [1 2 3], nil", got, err)
		}
		boom := errors.New("boom")
		if got, err := db.Collect(nil, boom, scanInt); !errors.Is(err, boom) || got != nil {
			t.Errorf("Collect after a failed query = %v, %v; want nil, boom", got, err)
		}
		var seen []int
		rows, err = d.QueryContext(ctx, query)
		err = db.Each(rows, err, func(r db.Scanner) error {
			n, err := scanInt(r)
			if err != nil {
				return err
			}
			seen = append(seen, n)
			if n == 2 {
				return boom
			}
			return nil
		})
		if !errors.Is(err, boom) || !slices.Equal(seen, []int{1, 2}) {
			t.Errorf("Each stopped by a row: saw %v, %v; want [1 2], boom", seen, err)
		}
		if err := db.Each(nil, boom, func(db.Scanner) error { return nil }); !errors.Is(err, boom) {
			t.Errorf("Each after a failed query = %v; want boom", err)
		}
	})
}

// TestDeleteInChunks deletes the rows that meet the condition, a few at a
// time, and no other, and vacuums the table after; TestSnapshot reads a database as it was when the
// snapshot began, whatever is written meanwhile.
func TestDeleteInChunks(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		for i := range 25 {
			if _, err := d.ExecContext(ctx, `INSERT INTO stat_counts (kind, grain, day, month, cat, value, outcome, unit, n, version)
				VALUES ('k', 'month', '2026-01-01', '2026-01', '', '', '', '', $1, $2)`, i, 1+i%3); err != nil {
				t.Fatal(err)
			}
		}
		n, err := d.DeleteInChunks(ctx, "stat_counts", "version <> $1", 4, 2)
		if err != nil || n != 17 {
			t.Errorf("deleted %d, %v; want 17", n, err)
		}
		if left := dbtest.Count(t, d, `SELECT count(*) FROM stat_counts WHERE version = 2`); left != 8 ||
			dbtest.Count(t, d, `SELECT count(*) FROM stat_counts`) != 8 {
			t.Errorf("%d rows of version 2 left", left)
		}
		if err := d.Vacuum(ctx, "stat_counts"); err != nil {
			t.Error(err)
		}
	})
}

func TestSnapshot(t *testing.T) {
	t.Parallel()
	t.Run("sqlite file", func(t *testing.T) {
		t.Parallel()
		testSnapshot(t, dbtest.SQLiteFile(t))
	})
	t.Run("postgres", func(t *testing.T) {
		t.Parallel()
		testSnapshot(t, dbtest.Postgres(t))
	})
}

func testSnapshot(t *testing.T, d *db.DB) {
	ctx := context.Background()
	count := func(q db.Querier) (n int) {
		if err := q.QueryRowContext(ctx, `SELECT count(*) FROM stat_counts`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	err := d.Snapshot(ctx, func(q db.Querier) error {
		before := count(q)
		if _, err := d.ExecContext(ctx, `INSERT INTO stat_counts (kind, grain, day, month, cat, value, outcome, unit, n)
			VALUES ('k', 'month', '2026-01-01', '2026-01', '', '', '', '', 1)`); err != nil {
			return err
		}
		if after := count(q); after != before {
			t.Errorf("the snapshot saw %d rows, then %d", before, after)
		}
		return nil
	})
	if err != nil || count(d) != 1 {
		t.Errorf("snapshot: %v; %d rows after it", err, count(d))
	}
}
