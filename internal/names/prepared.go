package names

import "slices"

// Query is a name parsed once to be compared with many others, as a
// search compares the name typed with every spelling of every candidate:
// q.Compare(b) equals Compare(name, b), without normalising and parsing
// the name again for each b.
type Query struct {
	raw, norm string
	toks      []token
}

// Prepare parses name for Query.Compare.
func Prepare(name string) Query {
	n := Normalize(name)
	return Query{raw: name, norm: n, toks: parse(n)}
}

// Compare returns Compare(name, b) for the name q was prepared from.
func (q Query) Compare(b string) Match {
	nb := Normalize(b)
	if q.norm == "" || nb == "" {
		return Match{}
	}
	if q.norm == nb {
		return Match{Score: 1, Reasons: []Reason{{Kind: ReasonExact, A: q.norm, B: nb, Score: 1}}}
	}
	// The same evaluation order as Compare, so that the scores are equal
	// to the last bit; score gets its own copy of the parsed tokens.
	qt, bt := slices.Clone(q.toks), parse(nb)
	if b >= q.raw {
		return score(qt, bt)
	}
	m := score(bt, qt)
	for i := range m.Reasons {
		r := &m.Reasons[i]
		r.A, r.B = r.B, r.A
	}
	return m
}
