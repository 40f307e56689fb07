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
