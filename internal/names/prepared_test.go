package names

import (
	"reflect"
	"testing"
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
