package stats

import (
	"errors"
	"fmt"
)

// Small-cell protection.
//
// Primary suppression hides every count n with 0 < n < threshold, totals
// included. A zero is not sensitive and stays visible: it tells that nobody
// is in the cell, which is no one's secret.
//
// Secondary (complementary) suppression then hides more counts until no
// hidden count can be worked out from the visible ones and the totals:
//
//   - every row and column (totals counted as members of their line) holds
//     no hidden count or at least two;
//   - where a line's total is visible, the hidden counts of the line add up
//     to at least the threshold, so differencing reveals no small group;
//   - every hidden count lies on a cycle of hidden counts (row, column, row,
//     …). Seen as a system of linear equations, the table's lines determine
//     exactly the hidden counts that lie on no such cycle, so this is the
//     rule that defeats every differencing attack, not only the one that
//     solves a line with one unknown.
//
// A complementary cell is always a non-zero count, the smallest that does
// the job (ties go to the first in row-major order), so the pattern is
// deterministic. Zeros are never used as complements: a hidden zero would
// bound the change an attacker could make along its cycle to nothing, and
// with every hidden count at least 1 each cycle can move by one either way,
// so no hidden value is pinned down even using that counts are not
// negative. When no non-zero complement can be found, every non-zero count
// of the table is hidden.
//
// Tables of the same data share their margins: a crossed table's row totals
// are the one-way list of its row category, its column totals that of its
// column category, and all have the same grand total. ProtectAll applies
// the rules to each table and list and copies every hidden margin to every
// other table and list that shows it, until nothing changes, so a count is
// hidden everywhere or nowhere and the published tables taken together
// reveal no more than each alone.

// ProtectList applies small-cell protection to a one-way list.
func ProtectList(l *List, threshold int) { protectList(l, threshold) }

// Protect applies small-cell protection to a crossed table and its margins.
func Protect(t *Table, threshold int) {
	_ = ProtectAll(threshold, nil, []*Table{t})
}

// ProtectAll protects one-way lists and crossed tables of the same data
// together, so that the margins they share are suppressed alike. It fails
// when two of them disagree on a shared margin or on the grand total.
func ProtectAll(threshold int, lists []*List, tables []*Table) error {
	if threshold < 1 {
		threshold = 1
	}
	margins := map[Category][][]*Cell{}
	var totals []*Cell
	for _, l := range lists {
		margins[l.Category] = append(margins[l.Category], cellPtrs(l.Cells))
		totals = append(totals, &l.Total)
	}
	for _, t := range tables {
		margins[t.RowCategory] = append(margins[t.RowCategory], cellPtrs(t.RowTotals))
		margins[t.ColCategory] = append(margins[t.ColCategory], cellPtrs(t.ColTotals))
		totals = append(totals, &t.Total)
	}
	for c, ms := range margins {
		for _, m := range ms[1:] {
			if len(m) != len(ms[0]) {
				return fmt.Errorf("stats: the %s margins have %d and %d values", c, len(ms[0]), len(m))
			}
			for i := range m {
				if m[i].N != ms[0][i].N {
					return fmt.Errorf("stats: the %s margins differ at %d: %d and %d", c, i, ms[0][i].N, m[i].N)
				}
			}
		}
	}
	for _, t := range totals[min(1, len(totals)):] {
		if t.N != totals[0].N {
			return errors.New("stats: the tables have different grand totals")
		}
	}
	for {
		for _, l := range lists {
			protectList(l, threshold)
		}
		for _, t := range tables {
			newGrid(t).protect(threshold)
		}
		changed := false
		for _, ms := range margins {
			for i := range ms[0] {
				changed = unite(ms, i) || changed
			}
		}
		if len(totals) > 0 {
			changed = uniteCells(totals) || changed
		}
		if !changed {
			return nil
		}
	}
}

func cellPtrs(cs []Cell) []*Cell {
	out := make([]*Cell, len(cs))
	for i := range cs {
		out[i] = &cs[i]
	}
	return out
}

// unite hides the i-th value of every margin when one of them hides it and
// reports whether that changed anything.
func unite(ms [][]*Cell, i int) bool {
	cells := make([]*Cell, len(ms))
	for k, m := range ms {
		cells[k] = m[i]
	}
	return uniteCells(cells)
}

func uniteCells(cells []*Cell) bool {
	hidden := false
	for _, c := range cells {
		hidden = hidden || c.Hidden
	}
	changed := false
	for _, c := range cells {
		if hidden && !c.Hidden {
			c.Hidden = true
			changed = true
		}
	}
	return changed
}

// protectList protects a single line: the cells and their total.
func protectList(l *List, k int) {
	line := append(cellPtrs(l.Cells), &l.Total)
	for _, c := range line {
		if c.N > 0 && c.N < k {
			c.Hidden = true
		}
	}
	for {
		if !fixLine(line, len(line)-1, k) {
			return
		}
	}
}

// fixLine applies the line rules once to entries, whose total is
// entries[total], and reports whether it hid anything.
func fixLine(entries []*Cell, total, k int) bool {
	hidden, sum := 0, 0
	for i, c := range entries {
		if c.Hidden {
			hidden++
			if i != total {
				sum += c.N
			}
		}
	}
	switch {
	case hidden == 1:
	case !entries[total].Hidden && sum > 0 && sum < k:
	default:
		return false
	}
	// The smallest visible non-zero count other than the total, else the
	// total, else (nothing can protect the line) every non-zero count.
	best := -1
	for i, c := range entries {
		if i == total || c.Hidden || c.N == 0 {
			continue
		}
		if best < 0 || c.N < entries[best].N {
			best = i
		}
	}
	if best < 0 && !entries[total].Hidden && entries[total].N > 0 {
		best = total
	}
	if best >= 0 {
		entries[best].Hidden = true
		return true
	}
	changed := false
	for _, c := range entries {
		if c.N > 0 && !c.Hidden {
			c.Hidden = true
			changed = true
		}
	}
	return changed
}

// grid is a crossed table seen with its margins as one (R+1)×(C+1) array:
// row R holds the column totals, column C the row totals, and (R, C) the
// grand total. Every row and every column of the array is a line whose last
// entry is the sum of the others.
type grid struct {
	r, c int
	at   [][]*Cell
}

func newGrid(t *Table) *grid {
	r, c := len(t.Cells), len(t.ColTotals)
	g := &grid{r: r, c: c, at: make([][]*Cell, r+1)}
	for i := range r + 1 {
		g.at[i] = make([]*Cell, c+1)
		for j := range c + 1 {
			switch {
			case i < r && j < c:
				g.at[i][j] = &t.Cells[i][j]
			case i < r:
				g.at[i][j] = &t.RowTotals[i]
			case j < c:
				g.at[i][j] = &t.ColTotals[j]
			default:
				g.at[i][j] = &t.Total
			}
		}
	}
	return g
}

func (g *grid) row(i int) []*Cell { return g.at[i] }

func (g *grid) col(j int) []*Cell {
	out := make([]*Cell, g.r+1)
	for i := range out {
		out[i] = g.at[i][j]
	}
	return out
}

func (g *grid) protect(k int) {
	for _, row := range g.at {
		for _, c := range row {
			if c.N > 0 && c.N < k {
				c.Hidden = true
			}
		}
	}
	for g.step(k) {
	}
}

// step applies the line rules to every row and column in turn, or when
// they hide nothing closes the first bridge, and reports whether anything
// was hidden.
func (g *grid) step(k int) bool {
	changed := false
	for i := range g.r + 1 {
		changed = fixLine(g.row(i), g.c, k) || changed
	}
	for j := range g.c + 1 {
		changed = fixLine(g.col(j), g.r, k) || changed
	}
	return changed || g.closeBridge()
}

// The hidden counts as a bipartite graph: vertex i < R+1 is row i, vertex
// R+1+j is column j, and each hidden count (i, j) is an edge between them.

// closeBridge finds the first hidden count (in row-major order) on no
// cycle and hides the smallest non-zero count that closes a cycle through
// it. It reports whether it hid anything.
func (g *grid) closeBridge() bool {
	i, j, ok := g.firstBridge()
	if !ok {
		return false
	}
	// Columns on row i's side of the bridge, rows beyond it (reached from
	// column j): a count joining them closes a cycle through (i, j).
	here := g.reach(i, i, j)
	beyond := g.reach(g.r+1+j, i, j)
	bi, bj := -1, -1
	for ri := range g.r + 1 {
		if !beyond[ri] {
			continue
		}
		for cj := range g.c + 1 {
			c := g.at[ri][cj]
			if !here[g.r+1+cj] || c.Hidden || c.N == 0 {
				continue
			}
			if bi < 0 || c.N < g.at[bi][bj].N {
				bi, bj = ri, cj
			}
		}
	}
	if bi >= 0 {
		g.at[bi][bj].Hidden = true
		return true
	}
	changed := false
	for _, row := range g.at {
		for _, c := range row {
			if c.N > 0 && !c.Hidden {
				c.Hidden = true
				changed = true
			}
		}
	}
	return changed
}

// firstBridge returns the first hidden count, in row-major order, that lies
// on no cycle of hidden counts: a bridge of the graph, found by Tarjan's
// depth-first search in one pass.
func (g *grid) firstBridge() (int, int, bool) {
	nv := g.r + g.c + 2
	disc := make([]int, nv) // discovery time + 1; 0 is not yet visited
	low := make([]int, nv)
	bridge := make([][]bool, g.r+1)
	for i := range bridge {
		bridge[i] = make([]bool, g.c+1)
	}
	time := 0
	// edge returns the count joining vertices v and u, if there is one.
	edge := func(v, u int) (int, int, bool) {
		i, j := v, u-g.r-1
		if v > g.r {
			i, j = u, v-g.r-1
		}
		if i < 0 || i > g.r || j < 0 || j > g.c {
			return 0, 0, false
		}
		return i, j, g.at[i][j].Hidden
	}
	var visit func(v, pi, pj int)
	visit = func(v, pi, pj int) {
		time++
		disc[v], low[v] = time, time
		lo, hi := g.r+1, nv // a row's neighbours are columns
		if v > g.r {
			lo, hi = 0, g.r+1
		}
		for u := lo; u < hi; u++ {
			i, j, ok := edge(v, u)
			if !ok || i == pi && j == pj {
				continue
			}
			if disc[u] == 0 {
				visit(u, i, j)
				low[v] = min(low[v], low[u])
				if low[u] > disc[v] {
					bridge[i][j] = true
				}
			} else {
				low[v] = min(low[v], disc[u])
			}
		}
	}
	for v := range nv {
		if disc[v] == 0 {
			visit(v, -1, -1)
		}
	}
	for i := range g.r + 1 {
		for j := range g.c + 1 {
			if bridge[i][j] {
				return i, j, true
			}
		}
	}
	return 0, 0, false
}

// reach returns the vertices reachable from vertex from over hidden counts,
// leaving out the count (si, sj).
func (g *grid) reach(from, si, sj int) []bool {
	seen := make([]bool, g.r+g.c+2)
	seen[from] = true
	queue := []int{from}
	for len(queue) > 0 {
		v := queue[0]
		queue = queue[1:]
		if v <= g.r {
			for j := range g.c + 1 {
				if g.at[v][j].Hidden && (v != si || j != sj) && !seen[g.r+1+j] {
					seen[g.r+1+j] = true
					queue = append(queue, g.r+1+j)
				}
			}
			continue
		}
		j := v - g.r - 1
		for i := range g.r + 1 {
			if g.at[i][j].Hidden && (i != si || j != sj) && !seen[i] {
				seen[i] = true
				queue = append(queue, i)
			}
		}
	}
	return seen
}
