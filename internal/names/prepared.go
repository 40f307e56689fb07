package names

import (
	"slices"
	"sync"
)

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
	nb, bt := parsed(b)
	if q.norm == "" || nb == "" {
		return Match{}
	}
	if q.norm == nb {
		return Match{Score: 1, Reasons: []Reason{{Kind: ReasonExact, A: q.norm, B: nb, Score: 1}}}
	}
	// The same evaluation order as Compare, so that the scores are equal
	// to the last bit; score gets its own copy of the parsed tokens.
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

// parsedNames remembers the normalised and parsed form of the names
// compared most recently: the spellings of a registry repeat (the same
// surname and given name in thousands of records), and normalising and
// parsing is half the time of a comparison.
var parsedNames = struct {
	sync.Mutex
	m map[string]parsedName
}{m: map[string]parsedName{}}

type parsedName struct {
	norm string
	toks []token
}

// maxParsedNames bounds parsedNames (a few megabytes); a full map starts
// again.
const maxParsedNames = 1 << 13

// parsed returns Normalize(name) and its tokens, which the caller must not
// change.
func parsed(name string) (string, []token) {
	parsedNames.Lock()
	p, ok := parsedNames.m[name]
	parsedNames.Unlock()
	if ok {
		return p.norm, p.toks
	}
	p.norm = Normalize(name)
	p.toks = parse(p.norm)
	parsedNames.Lock()
	if len(parsedNames.m) >= maxParsedNames {
		clear(parsedNames.m)
	}
	parsedNames.m[name] = p
	parsedNames.Unlock()
	return p.norm, p.toks
}

// joinedTokens remembers the tokens made of two words that joinSplit
// tries, for the same reason as parsedNames.
var joinedTokens = struct {
	sync.Mutex
	m map[string]token
}{m: map[string]token{}}

// joinedToken returns newToken(w, pos).
func joinedToken(w string, pos int) token {
	joinedTokens.Lock()
	t, ok := joinedTokens.m[w]
	joinedTokens.Unlock()
	if !ok {
		t = newToken(w, 0)
		joinedTokens.Lock()
		if len(joinedTokens.m) >= maxParsedNames {
			clear(joinedTokens.m)
		}
		joinedTokens.m[w] = t
		joinedTokens.Unlock()
	}
	t.pos = pos
	return t
}
