package names

import "sort"

// pair is two tokens matched by score.
type pair struct {
	x, y *token
	s    float64
	kind ReasonKind
	patr bool // a patronymic is involved
}

// score pairs the tokens of two parsed names and combines the pair scores.
//
// A patronymic in one name pairs with a patronymic in the other. When only
// one name marks a patronymic, it may pair with an unmarked token of the
// other ("MAMMADOV RASHAD ALI"), but at half weight, so that given names and
// surnames pair first. Tokens that only one name has cost a little each.
// Patronymics that differ scale the score down toward patronymicFloor,
// because they mean two different fathers.
func score(ta, tb []token) Match {
	if len(ta) == 0 || len(tb) == 0 {
		return Match{}
	}
	if len(ta) != len(tb) {
		ta, tb = joinSplit(ta, tb), joinSplit(tb, ta)
	}
	var pairs []pair
	if hasPatronymic(ta) && hasPatronymic(tb) {
		pairs = match(pick(ta, false), pick(tb, false))
		pairs = append(pairs, match(pick(ta, true), pick(tb, true))...)
	} else {
		pairs = match(pick(ta, false, true), pick(tb, false, true))
	}

	var m Match
	var coreSum, patSum float64
	var nCore, nPat int
	usedA := make([]bool, len(ta))
	usedB := make([]bool, len(tb))
	for _, p := range pairs {
		usedA[p.x.pos], usedB[p.y.pos] = true, true
		m.Reasons = append(m.Reasons, Reason{Kind: p.kind, A: p.x.norm, B: p.y.norm, Score: p.s})
		if p.patr {
			// An initial for a patronymic ("R. Ə.") agrees without telling
			// much; it must not count as a different father.
			if p.kind == ReasonInitial {
				patSum += scorePhonetic
			} else {
				patSum += p.s
			}
			nPat++
		} else {
			coreSum += p.s
			nCore++
		}
	}
	extra, patGone := 0, false
	for _, side := range []struct {
		toks []token
		used []bool
		a    bool
	}{{ta, usedA, true}, {tb, usedB, false}} {
		for i, t := range side.toks {
			if side.used[i] {
				continue
			}
			r := Reason{Kind: ReasonUnmatched, A: t.norm}
			if !side.a {
				r.A, r.B = "", t.norm
			}
			m.Reasons = append(m.Reasons, r)
			if t.patr {
				patGone = true
			} else {
				extra++
			}
		}
	}
	if nCore == 0 {
		return m
	}

	s := coreSum / (float64(nCore) + extraTokenCost*float64(extra))
	if nPat > 0 {
		s *= patronymicFloor + (1-patronymicFloor)*patSum/float64(nPat)
	} else if patGone {
		s *= patronymicGone
		m.Reasons = append(m.Reasons, Reason{Kind: ReasonPatronymicGone})
	}
	if swapped(pairs) {
		s *= swappedFactor
		m.Reasons = append(m.Reasons, Reason{Kind: ReasonOrderSwapped})
	}
	// A surname's other form is its family's, not its bearer's: Məmmədova
	// Aysel is not Məmmədov Aysel, and Məmmədzadə Rəşad is not Məmmədov
	// Rəşad. They stay near misses, for the duplicate queue to rank. A
	// changed suffix passes only with the father's name agreeing as well
	// (Məmmədli Rəşad Əli oğlu and Məmmədov Rəşad Əli oğlu): families
	// changed their suffix, and a man keeps his father.
	if k, ok := surnameForm(pairs); ok && s > surnameFormCap &&
		(k == ReasonSexForm || nPat == 0 || patSum/float64(nPat) < scoreVariant) {
		s = surnameFormCap
	}
	// One token in common is a surname shared by a family or a given name
	// shared by thousands, not a person.
	if nCore == 1 && (countCore(ta) > 1 || countCore(tb) > 1) && s > fewTokensCap {
		s = fewTokensCap
		m.Reasons = append(m.Reasons, Reason{Kind: ReasonFewTokens})
	}
	m.Score = s
	return m
}

// surnameForm returns the kind of the first name pair matched as another
// form of one surname.
func surnameForm(pairs []pair) (ReasonKind, bool) {
	for _, p := range pairs {
		if !p.patr && (p.kind == ReasonSexForm || p.kind == ReasonSuffix) {
			return p.kind, true
		}
	}
	return "", false
}

// joinSplit joins two adjacent tokens of ts when the other name has them as
// one word: "Abdul Rahman" and "Abdulrahman", "Məmməd Əli" and "Məmmədəli".
func joinSplit(ts, other []token) []token {
	var out []token // made at the first join
	for i := 0; i < len(ts); i++ {
		if i+1 < len(ts) {
			if j, ok := joinWith(&ts[i], &ts[i+1], other); ok {
				if out == nil {
					out = append(make([]token, 0, len(ts)), ts[:i]...)
				}
				out = append(out, j)
				i++
				continue
			}
		}
		if out != nil {
			out = append(out, ts[i])
		}
	}
	if out == nil {
		return ts
	}
	for i := range out {
		out[i].pos = i
	}
	return out
}

// joinWith returns a and b as one token if other has a token like it.
func joinWith(a, b *token, other []token) (token, bool) {
	if !joinable(a) || !joinable(b) {
		return token{}, false
	}
	j := joinedToken(a.norm+b.norm, a.pos)
	for k := range other {
		if o := &other[k]; joinable(o) && (o.key == j.key || o.latin == j.latin) {
			j.norm = a.norm + " " + b.norm
			return j, true
		}
	}
	return token{}, false
}

func joinable(t *token) bool { return !t.patr && !t.initial }

func hasPatronymic(ts []token) bool {
	for i := range ts {
		if ts[i].patr {
			return true
		}
	}
	return false
}

func countCore(ts []token) int {
	n := 0
	for i := range ts {
		if !ts[i].patr {
			n++
		}
	}
	return n
}

// pick returns pointers to the tokens whose patr is one of the given values.
func pick(ts []token, patr ...bool) []*token {
	out := make([]*token, 0, len(ts))
	for i := range ts {
		for _, p := range patr {
			if ts[i].patr == p {
				out = append(out, &ts[i])
				break
			}
		}
	}
	return out
}

// match pairs xs with ys: as many pairs as possible, then the best total
// score, with pairs involving a patronymic at half weight.
func match(xs, ys []*token) []pair {
	if len(xs) == 0 || len(ys) == 0 {
		return nil
	}
	sims := make([]pair, len(xs)*len(ys))
	for i, x := range xs {
		for j, y := range ys {
			s, kind := tokenSim(x, y)
			sims[i*len(ys)+j] = pair{x: x, y: y, s: s, kind: kind, patr: x.patr || y.patr}
		}
	}
	weight := func(i, j int) float64 {
		p := sims[i*len(ys)+j]
		if p.patr && !(p.x.patr && p.y.patr) {
			return p.s / 2
		}
		return p.s
	}
	cols := assign(len(xs), len(ys), weight)
	var out []pair
	for i, j := range cols {
		if j >= 0 {
			out = append(out, sims[i*len(ys)+j])
		}
	}
	return out
}

// assign pairs rows with columns, maximising first the number of pairs and
// then the total weight. It returns each row's column, or -1. It is exact
// (dynamic programming over the set of used columns), which is cheap for
// the maxTokens tokens a name is cut to.
func assign(rows, cols int, weight func(i, j int) float64) []int {
	if cols > rows { // keep the set of used columns the smaller side
		t := assign(cols, rows, func(i, j int) float64 { return weight(j, i) })
		out := make([]int, rows)
		for i := range out {
			out[i] = -1
		}
		for j, i := range t {
			if i >= 0 {
				out[i] = j
			}
		}
		return out
	}
	// Every pair adds more than any total of weights, so more pairs win.
	const pairBonus = 2 * maxTokens
	size := 1 << cols
	best := make([]float64, (rows+1)*size)
	choice := make([]int8, rows*size)
	for i := rows - 1; i >= 0; i-- {
		for mask := 0; mask < size; mask++ {
			b, c := best[(i+1)*size+mask], int8(-1)
			for j := 0; j < cols; j++ {
				if mask&(1<<j) != 0 {
					continue
				}
				if v := pairBonus + weight(i, j) + best[(i+1)*size+(mask|1<<j)]; v > b {
					b, c = v, int8(j)
				}
			}
			best[i*size+mask], choice[i*size+mask] = b, c
		}
	}
	out := make([]int, rows)
	mask := 0
	for i := range out {
		c := choice[i*size+mask]
		out[i] = int(c)
		if c >= 0 {
			mask |= 1 << c
		}
	}
	return out
}

// swapped reports whether the name tokens (not patronymics) were paired
// out of order, as in "Rəşad Məmmədov" and "Məmmədov Rəşad".
func swapped(pairs []pair) bool {
	var core []pair
	for _, p := range pairs {
		if !p.patr {
			core = append(core, p)
		}
	}
	sort.Slice(core, func(i, j int) bool { return core[i].x.pos < core[j].x.pos })
	for i := 1; i < len(core); i++ {
		if core[i].y.pos < core[i-1].y.pos {
			return true
		}
	}
	return false
}
