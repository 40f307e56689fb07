package stats

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"inteqra/internal/i18n"
)

// Year is the category of a count by calendar year, for trends.
const ByYear Category = "year"

// OpenFigure is one figure of the public statistics page: its counts by
// year, protected, and the total over the years shown.
type OpenFigure struct {
	Code  string // catalogue keys stats.open.<code> (title) and stats.open.<code>.about
	Years *List
}

// OpenFigureCodes lists the public page's figures in the order it shows
// them.
var OpenFigureCodes = []string{"reached", "completed", "certificates", "answered"}

// openQueries count each public figure: persons reached (each once a
// year), learners who completed a course, certificates in force, answers
// to proposals.
var openQueries = map[string]Query{
	"reached":      {Kind: Reached, Persons: true},
	"completed":    {Kind: CourseEnded, Where: map[Category]string{Outcome: "completed"}},
	"certificates": {Kind: Certificate},
	"answered":     {Kind: ProposalAnswered},
}

// OpenYears is how many calendar years the public statistics show, this
// one included.
const OpenYears = 5

// RecentOpenData counts the public figures of the OpenYears years up to
// the one of now (in Baku) and protects them at the threshold in force,
// which it returns: what the public statistics page and the API show.
func (s *Store) RecentOpenData(ctx context.Context, now time.Time) ([]OpenFigure, int, error) {
	st, err := s.State(ctx)
	if err != nil {
		return nil, 0, err
	}
	this := i18n.DayOf(now).Year()
	years := make([]int, OpenYears)
	for i := range years {
		years[i] = this - OpenYears + 1 + i
	}
	figs, err := s.OpenData(ctx, years, st.Threshold)
	return figs, st.Threshold, err
}

// OpenData counts the public figures of the given years from the analytics
// table and protects them at the threshold. It names nobody, so it checks
// no permission.
func (s *Store) OpenData(ctx context.Context, years []int, threshold int) ([]OpenFigure, error) {
	ctx = s.db.OneReplica(ctx)
	pinned, err := s.pin(ctx, Query{}) // every figure from the same version, on one replica
	if err != nil {
		return nil, err
	}
	counts := map[string][]int{}
	for _, code := range OpenFigureCodes {
		for _, y := range years {
			q, p := openQueries[code], YearOf(y)
			q.From, q.To, q.version = p.From, p.To, pinned.version
			c, err := s.Count(ctx, q)
			if err != nil {
				return nil, err
			}
			counts[code] = append(counts[code], c[Key{}])
		}
	}
	return OpenData(years, counts, threshold)
}

// OpenData protects the public figures: counts[code][i] is the count of
// years[i]. Each figure is a list by year with its total; a count below
// threshold, and whatever would give it away through the total, is hidden.
func OpenData(years []int, counts map[string][]int, threshold int) ([]OpenFigure, error) {
	keys := make([]string, len(years))
	for i, y := range years {
		keys[i] = strconv.Itoa(y)
	}
	out := make([]OpenFigure, 0, len(OpenFigureCodes))
	for _, code := range OpenFigureCodes {
		c, ok := counts[code]
		if !ok {
			return nil, fmt.Errorf("stats: no counts for %s", code)
		}
		l, err := NewList(ByYear, keys, c)
		if err != nil {
			return nil, fmt.Errorf("stats: %s: %w", code, err)
		}
		ProtectList(l, threshold)
		out = append(out, OpenFigure{Code: code, Years: l})
	}
	return out, nil
}

// Chart returns the figure as a bar chart by year.
func (f OpenFigure) Chart(title string, threshold int) Chart {
	return Chart{ID: "open-" + f.Code, Kind: BarChart, Title: title, Categories: f.Years.Keys,
		Series: []Series{{Name: title, Values: f.Years.Cells}}, Threshold: threshold}
}
