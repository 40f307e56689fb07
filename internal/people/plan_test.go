package people

import (
	"context"
	"strings"
	"testing"

	"inteqra/internal/db/dbtest"
)

// TestSearchQueriesUseIndexes holds every query of a search to an index:
// SQLite's plan must show SEARCH, never a SCAN of a table, so search time
// does not grow with the registry.
func TestSearchQueriesUseIndexes(t *testing.T) {
	t.Parallel()
	d := dbtest.SQLite(t)
	in, args := inList([]int64{1, 2, 3})
	queries := []struct {
		name  string
		query string
		args  []any
	}{
		{"exact key", keysQuery(`kind = $1 AND key = $2`), []any{keyPhonetic, "MAMADUV"}},
		{"prefix", keysQuery(`kind = $1 AND key >= $2 AND key < $3`), []any{keyLatin, "mamm", "mamm\U0010FFFF"}},
		{"candidates", candidatesQuery(in, false), args},
		{"candidates of a year", candidatesQuery(in, true), append(args, 1990)},
		{"summaries", summariesQuery(in), args},
		{"names", summaryNamesQuery(in), args},
	}
	for _, q := range queries {
		rows, err := d.QueryContext(context.Background(), "EXPLAIN QUERY PLAN "+q.query, q.args...)
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		joined := strings.Join(plan, "; ")
		if !strings.Contains(joined, "SEARCH") || strings.Contains(joined, "SCAN person") {
			t.Errorf("%s: plan %q does not use an index", q.name, joined)
		}
	}
}
