package names

import (
	"reflect"
	"strings"
	"testing"
	"unicode"
)

func TestPreparedEqualsCompare(t *testing.T) {
	t.Parallel()
	for _, p := range readPairs(t) {
		for _, ab := range [][2]string{{p.a, p.b}, {p.b, p.a}, {p.a, p.a}, {p.a, ""}} {
			want, got := Compare(ab[0], ab[1]), Prepare(ab[0]).Compare(ab[1])
			if !reflect.DeepEqual(want, got) {
				t.Errorf("line %d: Prepare(%q).Compare(%q) = %v, Compare = %v", p.line, ab[0], ab[1], got, want)
			}
		}
	}
}

// TestRememberedTokensAreFresh holds the tokens parse takes from its
// cache to the ones it would make afresh, at every position.
func TestRememberedTokensAreFresh(t *testing.T) {
	t.Parallel()
	for _, p := range readPairs(t) {
		for _, name := range []string{p.a, p.b, p.b + " " + p.a} {
			for i, tok := range parse(Normalize(name)) {
				if strings.ContainsFunc(tok.norm, func(r rune) bool { return unicode.Is(unicode.Han, r) }) || tok.norm != Normalize(tok.norm) {
					continue // a Hanzi part or a joined token
				}
				fresh := newTokenLatin(tok.norm, string(appendLatin(nil, tok.norm)), i)
				fresh.patr = tok.patr
				if !reflect.DeepEqual(tok, fresh) {
					t.Errorf("line %d: %q: token %+v, afresh %+v", p.line, name, tok, fresh)
				}
			}
		}
	}
}
