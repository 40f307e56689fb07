package names

import (
	"slices"
	"sync"
)

// Query is a name parsed once to be compared with many others, as a
// search compares the name typed with every spelling of every candidate;
// Compare(name, b) is Prepare(name).Compare(b).
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
	nb, bt := parsed(b)
	if q.norm == "" || nb == "" {
		return Match{}
	}
	if q.norm == nb {
		return Match{Score: 1, Reasons: []Reason{{Kind: ReasonExact, A: q.norm, B: nb, Score: 1}}}
	}
	// One evaluation order for both argument orders makes Compare
	// symmetric to the last bit; score gets its own copy of the tokens.
	qt, bt := slices.Clone(q.toks), slices.Clone(bt)
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

// The caches below remember what comparing and keying names works out
// again and again: the spellings of a registry repeat (the same surname
// and given name in thousands of records), and normalising and parsing is
// half the time of a comparison. Each holds a few thousand entries, a few
// megabytes; a full one starts again.
const memoSize = 1 << 13

// memo is a bounded map from a string to what a pure function makes of it.
type memo[V any] struct {
	mu sync.Mutex
	m  map[string]V
}

// get returns make(k), remembered.
func (c *memo[V]) get(k string, make func(string) V) V {
	c.mu.Lock()
	v, ok := c.m[k]
	c.mu.Unlock()
	if ok {
		return v
	}
	v = make(k)
	c.mu.Lock()
	if c.m == nil || len(c.m) >= memoSize {
		c.m = map[string]V{}
	}
	c.m[k] = v
	c.mu.Unlock()
	return v
}

type parsedName struct {
	norm string
	toks []token
}

var (
	parsedNames  memo[parsedName] // a whole name: Normalize and parse
	joinedTokens memo[token]      // two words joined (joinSplit), at position 0
	wordTokens   memo[wordToken]  // one normalised word (parse), at position 0
)

// wordToken is a word's Latin form and its token.
type wordToken struct {
	lat string
	tok token
}

// parsed returns Normalize(name) and its tokens, which the caller must not
// change.
func parsed(name string) (string, []token) {
	p := parsedNames.get(name, func(name string) parsedName {
		n := Normalize(name)
		return parsedName{n, parse(n)}
	})
	return p.norm, p.toks
}

// joinedToken returns newToken(w, pos).
func joinedToken(w string, pos int) token {
	t := joinedTokens.get(w, func(w string) token { return newToken(w, 0) })
	t.pos = pos
	return t
}

// word returns the Latin form of a normalised word and newTokenLatin of
// it at pos.
func word(w string, pos int) (string, token) {
	wt := wordTokens.get(w, func(w string) wordToken {
		lat := string(appendLatin(nil, w))
		return wordToken{lat, newTokenLatin(w, lat, 0)}
	})
	wt.tok.pos = pos
	return wt.lat, wt.tok
}
