package app_test

import (
	"fmt"
	"slices"
	"time"

	"inteqra/internal/stats"
)

// cellKey is a count's row value (a category's or a unit's) and outcome.
type cellKey struct{ row, outcome string }

// expected is what a figure must show for a request, by the recount.
type expected struct {
	total, previous int
	num, prevNum    int // facts of the figure's rate outcome
	cells           map[cellKey]int
	months          map[string]int
	median, prevMed int
	hasMed, hasPrev bool
}

// expect counts a figure for a request from the recount's events, as its
// definition says: within the period (from the start for a stock, as of
// today for what holds today), each person once where it counts persons,
// broken down by the figure's own rows, else the request's first category
// (or the unit), and by outcome.
func (rc *recount) expect(f stats.Figure, req stats.Request) expected {
	p, prev := req.Period, req.Period.Previous()
	switch {
	case f.Today:
		p = stats.Period{To: rc.today}
	case f.Stock:
		p.From, prev.From = time.Time{}, time.Time{}
	}
	rowsBy := stats.Category("")
	switch {
	case f.Whole:
	case f.Rows != "":
		rowsBy = f.Rows
	case len(req.By) > 0:
		rowsBy = req.By[0]
	case f.Units != "":
		rowsBy = stats.Unit
	}
	ex := expected{cells: map[cellKey]int{}, months: map[string]int{}}
	in := func(p stats.Period, e event) bool { return !e.day.Before(p.From) && !e.day.After(p.To) }
	var days, prevDays []int
	// first holds each person's least row value in the period, as the
	// dashboards count each person once under it.
	first, seen, seenMonth, seenPrev := map[int64]string{}, map[int64]bool{}, map[string]bool{}, map[int64]bool{}
	for _, e := range rc.events[f.Kind] {
		if !f.Whole && !rc.matches(req.Where, e) {
			continue
		}
		row := ""
		switch rowsBy {
		case stats.Unit:
			row = e.unit
		case "":
		default:
			row = rc.category(rowsBy, e.person, e.day)
		}
		if in(prev, e) && !f.Today {
			if f.Persons {
				if e.person != 0 && !seenPrev[e.person] {
					seenPrev[e.person] = true
					ex.previous++
				}
			} else {
				ex.previous++
				if e.outcome == f.Rate {
					ex.prevNum++
				}
				if e.hasDays {
					prevDays = append(prevDays, e.days)
				}
			}
		}
		if !in(p, e) {
			continue
		}
		month := e.day.Format("2006-01")
		if f.Persons {
			if e.person == 0 {
				continue
			}
			if old, ok := first[e.person]; !ok || row < old {
				first[e.person] = row
			}
			if key := fmt.Sprint(e.person, month); !seenMonth[key] {
				seenMonth[key] = true
				ex.months[month]++
			}
			seen[e.person] = true
			continue
		}
		ex.total++
		ex.cells[cellKey{row, e.outcome}]++
		ex.months[month]++
		if e.outcome == f.Rate {
			ex.num++
		}
		if e.hasDays {
			days = append(days, e.days)
		}
	}
	for _, row := range first {
		ex.total++
		ex.cells[cellKey{row, ""}]++
	}
	ex.median, ex.hasMed = middle(days)
	ex.prevMed, ex.hasPrev = middle(prevDays)
	return ex
}

// matches reports whether an event's person has the filtered values.
func (rc *recount) matches(where map[stats.Category]string, e event) bool {
	for c, v := range where {
		if rc.category(c, e.person, e.day) != v {
			return false
		}
	}
	return true
}

// middle returns the upper middle of the durations, as the dashboards do.
func middle(days []int) (int, bool) {
	if len(days) == 0 {
		return 0, false
	}
	slices.Sort(days)
	return days[len(days)/2], true
}

// differences compares a computed figure with what the recount expects and
// returns every difference, each naming the figure.
func differences(r stats.Result, ex expected, name string) []string {
	var out []string
	diff := func(what string, got, want any) {
		if got != want {
			out = append(out, fmt.Sprintf("%s: %s %v, want %v", name, what, got, want))
		}
	}
	diff("total", r.Total.N, ex.total)
	if r.Comparable {
		diff("previous", r.Previous.N, ex.previous)
	}
	if r.Figure.Rate != "" {
		diff("rate", [2]int{r.Rate.Num, r.Rate.Den}, [2]int{ex.num, ex.total})
		if r.Comparable {
			diff("previous rate", [2]int{r.PrevRate.Num, r.PrevRate.Den}, [2]int{ex.prevNum, ex.previous})
		}
	}
	if r.Figure.Duration {
		diff("median", [2]any{r.Median, r.HasMed}, [2]any{ex.median, ex.hasMed})
		diff("previous median", [2]any{r.PrevMed, r.HasPrev}, [2]any{ex.prevMed, ex.hasPrev})
	}
	got := map[cellKey]int{}
	switch {
	case r.Main != nil:
		for i, row := range r.Main.RowKeys {
			for j, col := range r.Main.ColKeys {
				got[cellKey{row, col}] += r.Main.Cells[i][j].N
			}
		}
	case r.List != nil && r.Rows != "":
		for i, k := range r.List.Keys {
			got[cellKey{k, ""}] += r.List.Cells[i].N
		}
	case r.List != nil:
		for i, k := range r.List.Keys {
			got[cellKey{"", k}] += r.List.Cells[i].N
		}
	default:
		got = nil
	}
	if got != nil {
		for k, n := range ex.cells {
			diff(fmt.Sprintf("cell %q/%q", k.row, k.outcome), got[k], n)
		}
		for k, n := range got {
			if _, ok := ex.cells[k]; !ok && n != 0 {
				diff(fmt.Sprintf("cell %q/%q", k.row, k.outcome), n, 0)
			}
		}
	}
	if r.Trend != nil {
		for i, m := range r.Trend.Keys {
			diff("month "+m, r.Trend.Cells[i].N, ex.months[m])
		}
	}
	return out
}
