package people

import (
	"context"
	"slices"
	"strings"

	"inteqra/internal/names"
)

// SearchLoadingAll is the search as it ranked before issue 20: every
// candidate loaded whole and every spelling compared with the name typed
// from scratch, sorted in full. TestSearchKeepsRanking holds the search to
// it. It returns the first page.
func (s *Store) SearchLoadingAll(ctx context.Context, text string) ([]Hit, error) {
	q := parseQuery(text)
	ids, exact, err := searchIDs(ctx, s.db, q)
	if err != nil || len(ids) == 0 {
		return nil, err
	}
	ids, _ = capCandidates(ids, exact)
	sums, err := summaries(ctx, s.db, ids)
	if err != nil {
		return nil, err
	}
	slices.SortFunc(sums, func(a, b Summary) int { return int(a.ID - b.ID) })
	queryName := strings.Join(q.names, " ")
	var hits []Hit
	for _, sum := range sums {
		if sum.State == Erased || (q.year != 0 && sum.BirthYear != q.year) {
			continue
		}
		h := Hit{Summary: sum}
		if queryName != "" {
			best := names.Match{}
			for _, n := range sum.Names {
				if m := names.Compare(queryName, n.Full()); m.Score > best.Score {
					best = m
				}
			}
			h.Score = best.Score
		}
		if _, ok := exact[sum.ID]; ok {
			h.Score = max(h.Score, 1)
		}
		hits = append(hits, h)
	}
	sortHits(hits)
	return hits[:min(len(hits), perPage)], nil
}
