package stats

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"
)

// attack is what a reader can do with published tables: each line says
// that its cells add up to its total, and the visible counts are known. An
// unknown is a hidden count, named so that a count shown in several tables
// (a margin, the grand total) is one unknown.
type attack struct {
	known  map[string]int
	hidden map[string]int // the true value, to check what was recovered
	eqs    [][]term
}

type term struct {
	name string
	coef int
}

func newAttack() *attack {
	return &attack{known: map[string]int{}, hidden: map[string]int{}}
}

func (a *attack) see(name string, c Cell) {
	if c.Hidden {
		a.hidden[name] = c.N
	} else {
		a.known[name] = c.N
	}
}

// line adds the equation sum(parts) - total = 0.
func (a *attack) line(parts []string, total string) {
	eq := []term{{total, -1}}
	for _, p := range parts {
		eq = append(eq, term{p, 1})
	}
	a.eqs = append(a.eqs, eq)
}

func (a *attack) addList(l *List) {
	var parts []string
	for i, c := range l.Cells {
		n := fmt.Sprintf("%s:%d", l.Category, i)
		a.see(n, c)
		parts = append(parts, n)
	}
	a.see("total", l.Total)
	a.line(parts, "total")
}

func (a *attack) addTable(t *Table) {
	name := func(i, j int) string {
		r, c := len(t.RowTotals), len(t.ColTotals)
		switch {
		case i < r && j < c:
			return fmt.Sprintf("%s×%s:%d,%d", t.RowCategory, t.ColCategory, i, j)
		case i < r:
			return fmt.Sprintf("%s:%d", t.RowCategory, i)
		case j < c:
			return fmt.Sprintf("%s:%d", t.ColCategory, j)
		}
		return "total"
	}
	g := newGrid(t)
	for i := range g.r + 1 {
		var parts []string
		for j := range g.c + 1 {
			a.see(name(i, j), *g.at[i][j])
			if j < g.c {
				parts = append(parts, name(i, j))
			}
		}
		a.line(parts, name(i, g.c))
	}
	for j := range g.c + 1 {
		var parts []string
		for i := range g.r {
			parts = append(parts, name(i, j))
		}
		a.line(parts, name(g.r, j))
	}
}

// byLines solves, again and again, every line with exactly one unknown, as
// a reader with a calculator would. It returns what it recovered.
func (a *attack) byLines() map[string]int {
	known := map[string]int{}
	for k, v := range a.known {
		known[k] = v
	}
	got := map[string]int{}
	for progress := true; progress; {
		progress = false
		for _, eq := range a.eqs {
			unknown, rest := "", 0
			count := 0
			coef := 0
			for _, t := range eq {
				if v, ok := known[t.name]; ok {
					rest += t.coef * v
				} else {
					count++
					unknown, coef = t.name, t.coef
				}
			}
			if count == 1 {
				known[unknown] = -rest / coef
				got[unknown] = known[unknown]
				progress = true
			}
		}
	}
	return got
}

// byElimination brings the whole system to reduced row echelon form over
// the hidden counts and returns every unknown it determines: the strongest
// differencing there is without bounds.
func (a *attack) byElimination() map[string]int {
	var names []string
	index := map[string]int{}
	for _, eq := range a.eqs {
		for _, t := range eq {
			if _, ok := a.known[t.name]; !ok {
				if _, ok := index[t.name]; !ok {
					index[t.name] = len(names)
					names = append(names, t.name)
				}
			}
		}
	}
	n := len(names)
	var m [][]float64
	for _, eq := range a.eqs {
		row := make([]float64, n+1)
		for _, t := range eq {
			if v, ok := a.known[t.name]; ok {
				row[n] -= float64(t.coef * v)
			} else {
				row[index[t.name]] += float64(t.coef)
			}
		}
		m = append(m, row)
	}
	const eps = 1e-9
	r := 0
	for c := 0; c < n && r < len(m); c++ {
		p := -1
		for i := r; i < len(m); i++ {
			if math.Abs(m[i][c]) > eps && (p < 0 || math.Abs(m[i][c]) > math.Abs(m[p][c])) {
				p = i
			}
		}
		if p < 0 {
			continue
		}
		m[r], m[p] = m[p], m[r]
		pv := m[r][c]
		for k := range m[r] {
			m[r][k] /= pv
		}
		for i := range m {
			if i != r && math.Abs(m[i][c]) > eps {
				f := m[i][c]
				for k := range m[i] {
					m[i][k] -= f * m[r][k]
				}
			}
		}
		r++
	}
	got := map[string]int{}
	for _, row := range m {
		nz, at := 0, -1
		for c := range n {
			if math.Abs(row[c]) > eps {
				nz++
				at = c
			}
		}
		if nz == 1 {
			got[names[at]] = int(math.Round(row[n] / row[at]))
		}
	}
	return got
}

// check fails when the attack recovered a hidden count exactly.
func (a *attack) check(t *testing.T, label string) {
	t.Helper()
	for how, got := range map[string]map[string]int{"lines": a.byLines(), "elimination": a.byElimination()} {
		for name, v := range got {
			if want, ok := a.hidden[name]; ok && v == want {
				t.Fatalf("%s: differencing by %s recovers hidden %s = %d", label, how, name, v)
			}
		}
	}
}

// randomCount draws counts as small areas give them: many zeros and small
// numbers, some larger.
func randomCount(r *rand.Rand) int {
	switch x := r.IntN(10); {
	case x < 3:
		return 0
	case x < 7:
		return 1 + r.IntN(6)
	default:
		return 5 + r.IntN(60)
	}
}

func randomTable(r *rand.Rand, rows, cols Category) *Table {
	nr, nc := 1+r.IntN(6), 1+r.IntN(6)
	counts := make([][]int, nr)
	for i := range counts {
		counts[i] = make([]int, nc)
		for j := range counts[i] {
			counts[i][j] = randomCount(r)
		}
	}
	t, err := NewTable(rows, cols, keys(nr), keys(nc), counts)
	if err != nil {
		panic(err)
	}
	return t
}

func keys(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprint(i)
	}
	return out
}

func clone(t *Table) *Table {
	c := *t
	c.Cells = make([][]Cell, len(t.Cells))
	for i := range t.Cells {
		c.Cells[i] = append([]Cell(nil), t.Cells[i]...)
	}
	c.RowTotals = append([]Cell(nil), t.RowTotals...)
	c.ColTotals = append([]Cell(nil), t.ColTotals...)
	return &c
}

// checkRules checks what every protected table must satisfy: small counts
// hidden, counts unchanged, and each line with no hidden count or two.
func checkRules(t *testing.T, label string, before, after *Table, k int) {
	t.Helper()
	gb, ga := newGrid(before), newGrid(after)
	for i := range ga.r + 1 {
		for j := range ga.c + 1 {
			b, a := gb.at[i][j], ga.at[i][j]
			if a.N != b.N {
				t.Fatalf("%s: (%d,%d) changed from %d to %d", label, i, j, b.N, a.N)
			}
			if a.N > 0 && a.N < k && !a.Hidden {
				t.Fatalf("%s: (%d,%d) = %d shown below the threshold %d", label, i, j, a.N, k)
			}
			if a.Hidden && a.N == 0 {
				t.Fatalf("%s: (%d,%d) a zero is hidden", label, i, j)
			}
		}
	}
	for i := range ga.r + 1 {
		if n := hiddenIn(ga.row(i)); n == 1 {
			t.Fatalf("%s: row %d has one hidden count", label, i)
		}
	}
	for j := range ga.c + 1 {
		if n := hiddenIn(ga.col(j)); n == 1 {
			t.Fatalf("%s: column %d has one hidden count", label, j)
		}
	}
}

func hiddenIn(line []*Cell) int {
	n := 0
	for _, c := range line {
		if c.Hidden {
			n++
		}
	}
	return n
}

func TestProtectResistsDifferencing(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(16, 2026))
	for n := range 2000 {
		k := []int{3, 5, 5, 10}[r.IntN(4)]
		tab := randomTable(r, Sex, Age)
		before := clone(tab)
		Protect(tab, k)
		label := fmt.Sprintf("table %d (threshold %d)", n, k)
		checkRules(t, label, before, tab, k)
		again := clone(before)
		Protect(again, k)
		if !reflect.DeepEqual(again, tab) {
			t.Fatalf("%s: the pattern differs between two runs", label)
		}
		a := newAttack()
		a.addTable(tab)
		a.check(t, label)
	}
}

func TestProtectListResistsDifferencing(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(16, 1))
	for n := range 2000 {
		k := 5
		counts := make([]int, 1+r.IntN(8))
		for i := range counts {
			counts[i] = randomCount(r)
		}
		l, err := NewList(Citizenship, keys(len(counts)), counts)
		if err != nil {
			t.Fatal(err)
		}
		ProtectList(l, k)
		label := fmt.Sprintf("list %d %v", n, counts)
		hidden, sum := 0, 0
		for i, c := range l.Cells {
			if c.N != counts[i] {
				t.Fatalf("%s: cell %d changed", label, i)
			}
			if c.N > 0 && c.N < k && !c.Hidden {
				t.Fatalf("%s: cell %d = %d shown", label, i, c.N)
			}
			if c.Hidden {
				hidden++
				sum += c.N
			}
		}
		if l.Total.Hidden {
			hidden++
		}
		if hidden == 1 {
			t.Fatalf("%s: one hidden count", label)
		}
		if !l.Total.Hidden && sum > 0 && sum < k {
			t.Fatalf("%s: the hidden cells add up to %d", label, sum)
		}
		a := newAttack()
		a.addList(l)
		a.check(t, label)
	}
}

// TestProtectAllCrossedTables publishes, for the same people, the one-way
// lists of three categories and the three tables crossing them two at a
// time, and attacks them all together.
func TestProtectAllCrossedTables(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(16, 3))
	for n := range 500 {
		k := 5
		na, nb, nc := 1+r.IntN(4), 1+r.IntN(4), 1+r.IntN(4)
		// people[a][b][c]: the persons with each combination.
		people := make([][][]int, na)
		for a := range people {
			people[a] = make([][]int, nb)
			for b := range people[a] {
				people[a][b] = make([]int, nc)
				for c := range people[a][b] {
					people[a][b][c] = randomCount(r)
				}
			}
		}
		cross := func(x, y int, sizeX, sizeY int, pick func(a, b, c int) (int, int)) [][]int {
			out := make([][]int, sizeX)
			for i := range out {
				out[i] = make([]int, sizeY)
			}
			for a := range na {
				for b := range nb {
					for c := range nc {
						i, j := pick(a, b, c)
						out[i][j] += people[a][b][c]
					}
				}
			}
			return out
		}
		ab := cross(0, 1, na, nb, func(a, b, _ int) (int, int) { return a, b })
		ac := cross(0, 2, na, nc, func(a, _, c int) (int, int) { return a, c })
		bc := cross(1, 2, nb, nc, func(_, b, c int) (int, int) { return b, c })
		tAB, _ := NewTable(Sex, Age, keys(na), keys(nb), ab)
		tAC, _ := NewTable(Sex, Citizenship, keys(na), keys(nc), ac)
		tBC, _ := NewTable(Age, Citizenship, keys(nb), keys(nc), bc)
		lA, lB, lC := tAB.RowList(), tAB.ColList(), tAC.ColList()
		label := fmt.Sprintf("data set %d", n)
		// Each alone first: the lists, protected alone, may show what a
		// crossed table hides; ProtectAll must not.
		if err := ProtectAll(k, []*List{lA, lB, lC}, []*Table{tAB, tAC, tBC}); err != nil {
			t.Fatalf("%s: %v", label, err)
		}
		for _, pair := range []struct {
			l *List
			m []Cell
		}{{lA, tAB.RowTotals}, {lA, tAC.RowTotals}, {lB, tAB.ColTotals}, {lB, tBC.RowTotals}, {lC, tAC.ColTotals}, {lC, tBC.ColTotals}} {
			if !reflect.DeepEqual(pair.l.Cells, pair.m) {
				t.Fatalf("%s: the %s list and a table's margin differ: %v and %v", label, pair.l.Category, pair.l.Cells, pair.m)
			}
		}
		a := newAttack()
		for _, l := range []*List{lA, lB, lC} {
			a.addList(l)
		}
		for _, tab := range []*Table{tAB, tAC, tBC} {
			a.addTable(tab)
		}
		a.check(t, label)
	}
}

func TestProtectAllRefusesOtherData(t *testing.T) {
	t.Parallel()
	tab, _ := NewTable(Sex, Age, keys(2), keys(2), [][]int{{10, 20}, {30, 40}})
	l, _ := NewList(Sex, keys(2), []int{30, 71})
	if err := ProtectAll(5, []*List{l}, []*Table{tab}); err == nil {
		t.Error("ProtectAll of a list that is not the table's margin: no error")
	}
	short, _ := NewList(Sex, keys(3), []int{30, 70, 0})
	if err := ProtectAll(5, []*List{short}, []*Table{tab}); err == nil {
		t.Error("ProtectAll of a list of another length: no error")
	}
}

func TestProtectExamples(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		counts [][]int
		hidden [][]bool // cells, then the row totals as the last column
	}{
		{"nothing small", [][]int{{10, 20}, {30, 40}}, [][]bool{{false, false, false}, {false, false, false}}},
		{"zeros stay", [][]int{{0, 20}, {30, 0}}, [][]bool{{false, false, false}, {false, false, false}}},
		{
			"one small cell hides a rectangle",
			[][]int{{3, 20, 30}, {40, 50, 60}, {70, 80, 90}},
			[][]bool{{true, true, false, false}, {true, true, false, false}, {false, false, false, false}},
		},
		{
			"a small row hides its total too",
			[][]int{{1, 2}, {40, 50}, {60, 70}},
			[][]bool{{true, true, true}, {true, true, true}, {false, false, false}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tab, err := NewTable(Sex, Age, keys(len(tt.counts)), keys(len(tt.counts[0])), tt.counts)
			if err != nil {
				t.Fatal(err)
			}
			Protect(tab, 5)
			for i, row := range tab.Cells {
				got := make([]bool, 0, len(row)+1)
				for _, c := range row {
					got = append(got, c.Hidden)
				}
				got = append(got, tab.RowTotals[i].Hidden)
				if !reflect.DeepEqual(got, tt.hidden[i]) {
					t.Errorf("row %d hidden = %v, want %v", i, got, tt.hidden[i])
				}
			}
		})
	}
}

// TestAttackWorks shows the attacker is not toothless: it recovers a small
// count hidden alone, and elimination recovers one that every line hides
// with another but that lies on no cycle of hidden counts.
func TestAttackWorks(t *testing.T) {
	t.Parallel()
	tab, _ := NewTable(Sex, Age, keys(2), keys(2), [][]int{{3, 20}, {30, 40}})
	tab.Cells[0][0].Hidden = true
	a := newAttack()
	a.addTable(tab)
	if got := a.byLines(); got["sex×age:0,0"] != 3 {
		t.Errorf("byLines = %v, want sex×age:0,0 = 3", got)
	}
	// Two hidden rectangles joined by one cell, (1,2): each line holds two
	// hidden counts, yet (1,2) is a bridge.
	tab, _ = NewTable(Sex, Age, keys(4), keys(4), [][]int{
		{1, 9, 0, 0},
		{9, 9, 7, 0},
		{0, 0, 9, 9},
		{0, 0, 9, 9},
	})
	for _, ij := range [][2]int{{0, 0}, {0, 1}, {1, 0}, {1, 1}, {1, 2}, {2, 2}, {2, 3}, {3, 2}, {3, 3}} {
		tab.Cells[ij[0]][ij[1]].Hidden = true
	}
	a = newAttack()
	a.addTable(tab)
	if got := a.byLines(); len(got) != 0 {
		t.Errorf("byLines = %v, want nothing", got)
	}
	if got := a.byElimination(); got["sex×age:1,2"] != 7 {
		t.Errorf("byElimination = %v, want sex×age:1,2 = 7", got)
	}
}

// TestProtectLeavesEveryHiddenCountFree checks the bound a reader knows
// besides the totals, that counts are whole and not negative: for each
// hidden count it builds another table, with that count one more, every
// visible count and every line's sum the same and no count negative.
func TestProtectLeavesEveryHiddenCountFree(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(16, 4))
	for n := range 1000 {
		tab := randomTable(r, Sex, Age)
		Protect(tab, 5)
		g := newGrid(tab)
		for i := range g.r + 1 {
			for j := range g.c + 1 {
				if !g.at[i][j].Hidden {
					continue
				}
				alt, ok := shiftAlongCycle(g, i, j)
				if !ok {
					t.Fatalf("table %d: hidden (%d,%d) lies on no cycle of hidden counts", n, i, j)
				}
				for ii := range g.r + 1 {
					for jj := range g.c + 1 {
						if alt[ii][jj] < 0 || !g.at[ii][jj].Hidden && alt[ii][jj] != g.at[ii][jj].N {
							t.Fatalf("table %d: the other table breaks at (%d,%d)", n, ii, jj)
						}
					}
				}
				for ii := range g.r + 1 {
					sum := 0
					for jj := range g.c {
						sum += alt[ii][jj]
					}
					if sum != alt[ii][g.c] {
						t.Fatalf("table %d: row %d no longer adds up", n, ii)
					}
				}
				for jj := range g.c + 1 {
					sum := 0
					for ii := range g.r {
						sum += alt[ii][jj]
					}
					if sum != alt[g.r][jj] {
						t.Fatalf("table %d: column %d no longer adds up", n, jj)
					}
				}
			}
		}
	}
}

// shiftAlongCycle finds a cycle of hidden counts through (si, sj) and
// returns the table's values with +1 and −1 alternately along it. Along a
// row the count and its total move together, so the entries of a line are
// signed: a total counts as minus its line's sum.
func shiftAlongCycle(g *grid, si, sj int) ([][]int, bool) {
	// Breadth-first from column sj back to row si without the edge itself.
	nv := g.r + g.c + 2
	parent := make([][2]int, nv) // the edge by which each vertex was reached
	seen := make([]bool, nv)
	start, goal := g.r+1+sj, si
	seen[start] = true
	queue := []int{start}
	for len(queue) > 0 && !seen[goal] {
		v := queue[0]
		queue = queue[1:]
		for u := range nv {
			var i, j int
			switch {
			case v <= g.r && u > g.r:
				i, j = v, u-g.r-1
			case v > g.r && u <= g.r:
				i, j = u, v-g.r-1
			default:
				continue
			}
			if seen[u] || !g.at[i][j].Hidden || i == si && j == sj {
				continue
			}
			seen[u] = true
			parent[u] = [2]int{i, j}
			queue = append(queue, u)
		}
	}
	if !seen[goal] {
		return nil, false
	}
	edges := [][2]int{{si, sj}}
	for v := goal; v != start; {
		e := parent[v]
		edges = append(edges, e)
		if v <= g.r {
			v = g.r + 1 + e[1]
		} else {
			v = e[0]
		}
	}
	alt := make([][]int, g.r+1)
	for i := range alt {
		alt[i] = make([]int, g.c+1)
		for j := range alt[i] {
			alt[i][j] = g.at[i][j].N
		}
	}
	// A cell's sign in the equations: a total is minus the sum of its
	// line, and the grand total is the total of both its lines.
	sign := func(i, j int) int {
		if (i == g.r) != (j == g.c) {
			return -1
		}
		return 1
	}
	for k, e := range edges {
		d := 1
		if k%2 == 1 {
			d = -1
		}
		alt[e[0]][e[1]] += d * sign(e[0], e[1])
	}
	return alt, true
}

// BenchmarkProtect protects a region × citizenship table of 80 × 60 with
// many small counts, about the largest crossing a dashboard shows.
func BenchmarkProtect(b *testing.B) {
	r := rand.New(rand.NewPCG(16, 5))
	counts := make([][]int, 80)
	for i := range counts {
		counts[i] = make([]int, 60)
		for j := range counts[i] {
			counts[i][j] = randomCount(r)
		}
	}
	for b.Loop() {
		tab, _ := NewTable(Region, Citizenship, keys(80), keys(60), counts)
		Protect(tab, DefaultThreshold)
	}
}
