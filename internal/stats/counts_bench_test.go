package stats

import (
	"context"
	"math/rand/v2"
	"testing"

	"inteqra/internal/access"
	"inteqra/internal/db/dbtest"
)

// BenchmarkCompute computes each dashboard for a year broken down by
// region on about 75,000 random facts (SQLite): "counts" as the pages do, "facts"
// with the same queries over the facts alone, the reference the counts are
// measured against (go test -bench Compute -run '^$' ./internal/stats).
func BenchmarkCompute(b *testing.B) {
	data := &randomData{r: rand.New(rand.NewPCG(1, 1))}
	for range 300 {
		data.change()
	}
	persons, facts := data.sources()
	s := NewStore(dbtest.SQLite(b), nil, persons, facts)
	if _, err := s.Refresh(context.Background()); err != nil {
		b.Fatal(err)
	}
	ctx := access.With(context.Background(), access.Principal{UserID: 1, Role: access.Analyst})
	req := Request{Period: YearOf(2026), By: []Category{Region}}
	for _, path := range []string{"counts", "facts"} {
		for _, d := range Dashboards {
			b.Run(path+"/"+d.Code, func(b *testing.B) {
				s.factsOnly = path == "facts"
				for b.Loop() {
					if _, err := s.Compute(ctx, d, req, DefaultThreshold); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
