package people_test

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"testing"

	"inteqra/internal/access"
	"inteqra/internal/app"
	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"
	"inteqra/internal/demo"
	"inteqra/internal/imports"
	"inteqra/internal/names"
	"inteqra/internal/people"
	"inteqra/internal/storage"
)

// TestSearchKeepsRanking compares the search with the way it ranked before
// it scored candidates from their spellings alone (SearchLoadingAll), on
// searches sampled from a generated registry as staff type them: the first
// page must hold the same strong matches (names.Threshold and over), and
// every hit the same score.
func TestSearchKeepsRanking(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := access.With(context.Background(), access.System())
		a, err := app.New(d, "http://localhost", storage.NewFolder(t.TempDir()), app.NewKeys())
		if err != nil {
			t.Fatal(err)
		}
		const persons = 20000
		importGenerated(t, ctx, a, persons)
		rng := rand.New(rand.NewPCG(20, 20))
		// Fewer searches with -short (the race detector's run in CI).
		queries, capped, sample := 0, 0, 1500
		if testing.Short() {
			sample = 300
		}
		for queries < sample {
			text, ok := sampleQuery(t, ctx, d, rng, persons)
			if !ok {
				continue
			}
			queries++
			got, err := a.People.Search(ctx, text, 1)
			if err != nil {
				t.Fatal(err)
			}
			want, err := a.People.SearchLoadingAll(ctx, text)
			if err != nil {
				t.Fatal(err)
			}
			if got.Capped {
				capped++
			}
			if g, w := strong(got.Hits), strong(want); g != w {
				t.Errorf("%q: strong matches %s, before %s", text, g, w)
			}
			scores := map[int64]float64{}
			for _, h := range want {
				scores[h.ID] = h.Score
			}
			for _, h := range got.Hits {
				if s, ok := scores[h.ID]; ok && s != h.Score {
					t.Errorf("%q: person %d scores %v, before %v", text, h.ID, h.Score, s)
				}
			}
		}
		t.Logf("%d searches, %d of them capped at the candidates' limit", queries, capped)
		if capped < queries/10 {
			t.Errorf("only %d of %d searches reached the limit: the registry is too small to test the ranking", capped, queries)
		}
	})
}

// strong lists the ids of the hits scoring at the threshold or over, sorted.
func strong(hits []people.Hit) string {
	var ids []int64
	for _, h := range hits {
		if h.Score >= names.Threshold {
			ids = append(ids, h.ID)
		}
	}
	slices.Sort(ids)
	return fmt.Sprint(ids)
}

// importGenerated imports n generated persons.
func importGenerated(t testing.TB, ctx context.Context, a *app.App, n int) {
	t.Helper()
	var buf bytes.Buffer
	if err := demo.WritePersonsCSV(ctx, a, &buf, n, 20); err != nil {
		t.Fatal(err)
	}
	f, err := imports.ReadFile("persons.csv", buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b, err := a.Imports.CreateBatch(ctx, f.Name, buf.Bytes(), false)
	if err == nil {
		err = a.Imports.SetMapping(ctx, b.ID, imports.SuggestMapping(f.Headers, f.Sample(20)))
	}
	var run *imports.Run
	if err == nil {
		run, err = a.Imports.StartImport(ctx, b.ID, imports.ValidOnly)
	}
	if err == nil {
		_, err = run.Do(ctx, f)
	}
	if err != nil {
		t.Fatal(err)
	}
}

// sampleQuery draws a person and types a search for it as staff do: a
// full name in one of its spellings, a surname's beginning, a given name
// and surname with the birth year, or a surname alone.
func sampleQuery(t testing.TB, ctx context.Context, d *db.DB, rng *rand.Rand, persons int) (string, bool) {
	t.Helper()
	type name struct {
		surname, given string
		year           int
	}
	rows, err := d.QueryContext(ctx, `SELECT n.surname, n.given, COALESCE(p.birth_year, 0) FROM person_names n
		JOIN persons p ON p.id = n.person_id WHERE n.person_id = $1`, rng.Int64N(int64(persons))+1)
	ns, err := db.Collect(rows, err, func(r db.Scanner) (n name, err error) {
		return n, r.Scan(&n.surname, &n.given, &n.year)
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(ns) == 0 || ns[0].surname == "" {
		return "", false
	}
	n := ns[rng.IntN(len(ns))]
	switch k := rng.IntN(10); {
	case k < 5:
		return n.surname + " " + n.given, true
	case k < 7:
		r := []rune(n.surname)
		return string(r[:min(len(r), 5)]), true
	case k < 9 && n.year != 0:
		return n.given + " " + n.surname + " " + strconv.Itoa(n.year), true
	default:
		return n.surname, true
	}
}

// BenchmarkSearch times Store.Search on a generated registry beside its SQL
// statements alone (people.SearchStatements, run by db.ReadAll), over the
// same sampled searches: the ratio is what the search adds to the engine.
// INTEQRA_BENCH_PERSONS sets the registry's size (20,000).
func BenchmarkSearch(b *testing.B) {
	n := 20000
	if v, err := strconv.Atoi(os.Getenv("INTEQRA_BENCH_PERSONS")); err == nil {
		n = v
	}
	d := dbtest.SQLiteFile(b)
	ctx := access.With(context.Background(), access.System())
	a, err := app.New(d, "http://localhost", storage.NewFolder(b.TempDir()), app.NewKeys())
	if err != nil {
		b.Fatal(err)
	}
	importGenerated(b, ctx, a, n)
	rng := rand.New(rand.NewPCG(20, 20))
	var queries []string
	var statements [][]db.Statement
	for len(queries) < 500 {
		if text, ok := sampleQuery(b, ctx, d, rng, n); ok {
			st, err := a.People.SearchStatements(ctx, text, 1)
			if err != nil {
				b.Fatal(err)
			}
			queries, statements = append(queries, text), append(statements, st)
		}
	}
	b.Run("search", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			if _, err := a.People.Search(ctx, queries[i%len(queries)], 1); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("sql-alone", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			if err := db.ReadAll(ctx, d, statements[i%len(statements)]); err != nil {
				b.Fatal(err)
			}
		}
	})
}
