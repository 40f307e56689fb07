package strategy

import (
	"context"
	"fmt"
	"math"
	"slices"
	"time"

	"inteqra/internal/db"
	"inteqra/internal/stats"
)

// Computing lets the store fill computed indicators from the statistics
// package and protect values at its small-cell threshold. Without it a
// computed indicator has no values and nothing is protected.
func (s *Store) Computing(st *stats.Store) { s.stats = st }

// threshold is the least number of persons a shown value may count, 0 when
// the store has no statistics.
func (s *Store) threshold(ctx context.Context) (int, error) {
	if s.stats == nil {
		return 0, nil
	}
	st, err := s.stats.State(ctx)
	return st.Threshold, err
}

// Shown is a value as a reader may see it: Hidden when it would reveal a
// small group of persons.
type Shown struct {
	Value  Money
	Hidden bool
}

// Breakdown is a value broken down by a category: a cell for each of Keys,
// and Rest for what no cell holds (persons whose category is not known).
type Breakdown struct {
	Category stats.Category
	Keys     []string
	Cells    []Shown
	Rest     Shown
}

// YearValue is an indicator's value for a year: for a reported indicator,
// from the year's approved reports (the sum of its periods for a count or
// an amount, the last period's for a percentage); for a computed one, the
// programme's figure for the year.
type YearValue struct {
	Year       int
	Total      Shown
	Breakdowns []Breakdown
}

// Progress returns an indicator's values year by year, from the
// strategy's first year to its last or the current one, whichever comes
// first, protected: a count broken down by persons' categories shows no
// cell of fewer than the threshold, nor one that the others and the total
// give away. Only approved reports count, so it is what the public sees.
func (s *Store) Progress(ctx context.Context, st Strategy, ind *Indicator) ([]YearValue, error) {
	last := min(st.LastYear, s.today().Year())
	var out []YearValue
	for y := st.FirstYear; y <= last; y++ {
		out = append(out, YearValue{Year: y})
	}
	k, err := s.threshold(ctx)
	if err != nil {
		return nil, err
	}
	if ind.Source == Computed {
		return out, s.computed(ctx, ind, out, k)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT r.period_start, `+prefixed("v.", entryColumns)+` FROM strategy_values v
		JOIN strategy_reports r ON r.id = v.report_id WHERE v.indicator_id = $1 AND r.state = $2 ORDER BY r.period_start`,
		ind.ID, Approved)
	type cell struct {
		cat stats.Category
		key string
	}
	sums := map[int]map[cell]int64{}
	periods := map[int]time.Time{}
	err = db.Each(rows, err, func(r db.Scanner) error {
		var start time.Time
		var e Entry
		if err := r.Scan(&start, &e.IndicatorID, &e.Category, &e.Key, &e.Value.Qepik); err != nil {
			return err
		}
		y := start.Year()
		if sums[y] == nil || ind.Unit == Percent && start.After(periods[y]) {
			sums[y] = map[cell]int64{} // a percentage is the last period's
		}
		periods[y] = start
		sums[y][cell{e.Category, e.Key}] += e.Value.Qepik
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("strategy: values of indicator %d: %w", ind.ID, err)
	}
	for i := range out {
		got, ok := sums[out[i].Year]
		if !ok {
			continue
		}
		total, ok := got[cell{}]
		out[i].Total = Shown{Value: Money{total, ok}}
		var lists []*stats.List
		for _, c := range ind.Breakdowns {
			b := Breakdown{Category: c}
			keys, _ := FixedKeys(c)
			if keys == nil { // the values reported, in order
				for k := range got {
					if k.cat == c {
						keys = append(keys, k.key)
					}
				}
				slices.Sort(keys)
			}
			var counts []int
			rest := total
			for _, k := range keys {
				v, ok := got[cell{c, k}]
				b.Keys = append(b.Keys, k)
				b.Cells = append(b.Cells, Shown{Value: Money{v, ok}})
				counts = append(counts, int(v/100))
				rest -= v
			}
			if ind.Unit == Percent {
				out[i].Breakdowns = append(out[i].Breakdowns, b)
				continue
			}
			b.Rest = Shown{Value: Money{rest, rest > 0}}
			out[i].Breakdowns = append(out[i].Breakdowns, b)
			if ind.Unit == Number {
				l, err := stats.NewList(c, append(keys, ""), append(counts, int(rest/100)))
				if err != nil {
					return nil, err
				}
				lists = append(lists, l)
			}
		}
		if len(lists) == 0 || k == 0 {
			continue
		}
		// The breakdowns share their total, so they are protected together.
		if err := stats.ProtectAll(k, lists, nil); err != nil {
			return nil, err
		}
		out[i].Total.Hidden = lists[0].Total.Hidden
		for j, l := range lists {
			b := &out[i].Breakdowns[j]
			for k := range b.Cells {
				b.Cells[k].Hidden = l.Cells[k].Hidden
			}
			b.Rest.Hidden = l.Cells[len(l.Cells)-1].Hidden
		}
	}
	return out, nil
}

// computed fills a computed indicator's years from the statistics
// package, each year and each breakdown counted for itself.
func (s *Store) computed(ctx context.Context, ind *Indicator, years []YearValue, k int) error {
	f, ok := figureOf(ind.Figure)
	if s.stats == nil || !ok {
		return nil
	}
	for i := range years {
		p := stats.YearOf(years[i].Year)
		res, err := s.stats.Figure(ctx, f, p, "", k)
		if err != nil {
			return err
		}
		years[i].Total = figureValue(f, res.Total, res.Rate)
		for _, c := range ind.Breakdowns {
			res, err := s.stats.Figure(ctx, f, p, c, k)
			if err != nil {
				return err
			}
			b := Breakdown{Category: c}
			switch {
			case res.Main != nil: // rows by outcome: each row's share of the rate's outcome
				col := 0
				for j, k := range res.Main.ColKeys {
					if k == f.Rate {
						col = j
					}
				}
				for j, k := range res.Main.RowKeys {
					row := res.Main.RowTotals[j]
					c := res.Main.Cells[j][col]
					b.Keys = append(b.Keys, k)
					b.Cells = append(b.Cells, figureValue(f, row, stats.Ratio{Num: c.N, Den: row.N, Hidden: c.Hidden || row.Hidden}))
				}
			case res.List != nil:
				for j, k := range res.List.Keys {
					b.Keys = append(b.Keys, k)
					b.Cells = append(b.Cells, figureValue(f, res.List.Cells[j], stats.Ratio{}))
				}
			}
			years[i].Breakdowns = append(years[i].Breakdowns, b)
		}
	}
	return nil
}

// figureValue is a figure's count, or its share for a rate, in hundredths.
func figureValue(f stats.Figure, count stats.Cell, rate stats.Ratio) Shown {
	if f.Rate == "" {
		return Shown{Value: Money{int64(count.N) * 100, true}, Hidden: count.Hidden}
	}
	v, ok := rate.Value()
	return Shown{Value: Money{int64(math.Round(v * 10000)), ok}, Hidden: rate.Hidden}
}

// ComputedIn returns a computed indicator's value for a reporting period,
// counted by the statistics package and protected: what the period's
// report shows of it, with no typing.
func (s *Store) ComputedIn(ctx context.Context, ind *Indicator, p Period) (Shown, error) {
	f, ok := figureOf(ind.Figure)
	if ind.Source != Computed || s.stats == nil || !ok {
		return Shown{}, nil
	}
	k, err := s.threshold(ctx)
	if err != nil {
		return Shown{}, err
	}
	kind := stats.Custom
	if p.Cadence == Quarterly {
		kind = stats.Quarter
	}
	res, err := s.stats.Figure(ctx, f, stats.Period{Kind: kind, From: p.Start, To: p.End}, "", k)
	if err != nil {
		return Shown{}, err
	}
	return figureValue(f, res.Total, res.Rate), nil
}
