package i18n

import (
	"bytes"
	"slices"
	"sync"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// A collate.Collator is not safe for concurrent use, so each goroutine
// borrows one from a pool, one pool per language.
var collators = sync.Pool{New: func() any { return collate.New(language.Azerbaijani) }}

var langCollators = map[Lang]*sync.Pool{
	AZ: &collators,
	EN: {New: func() any { return collate.New(language.English) }},
	RU: {New: func() any { return collate.New(language.Russian) }},
}

// Compare orders a and b by the Azerbaijani alphabet (A B C Ç D E Ə F G Ğ H
// X I İ J K Q L M N O Ö P R S Ş T U Ü V Y Z) and, for other letters, by the
// Unicode collation; byte order would put Ç, Ə, Ş and the rest after Z.
// It returns -1, 0 or +1 like strings.Compare.
func Compare(a, b string) int {
	c := collators.Get().(*collate.Collator)
	defer collators.Put(c)
	return c.CompareString(a, b)
}

// Sort sorts s in place by Compare.
func Sort(s []string) {
	SortFunc(s, func(v string) string { return v })
}

// SortFunc sorts s in place by Compare of key(v), keeping the order of
// elements whose keys are equal. It computes each sort key once instead of
// comparing strings n·log n times.
func SortFunc[T any](s []T, key func(T) string) {
	SortFuncIn(AZ, s, key)
}

// SortFuncIn is SortFunc in the order of language l, for lists of text in
// the reader's language (translated names): English puts X after W, where
// the Azerbaijani alphabet puts it after H. An unsupported l sorts as AZ.
func SortFuncIn[T any](l Lang, s []T, key func(T) string) {
	if len(s) < 2 {
		return
	}
	pool, ok := langCollators[l]
	if !ok {
		pool = &collators
	}
	c := pool.Get().(*collate.Collator)
	defer pool.Put(c)
	type keyed struct {
		k []byte
		v T
	}
	var buf collate.Buffer
	items := make([]keyed, len(s))
	for i, v := range s {
		items[i] = keyed{c.KeyFromString(&buf, key(v)), v}
	}
	slices.SortStableFunc(items, func(a, b keyed) int { return bytes.Compare(a.k, b.k) })
	for i := range items {
		s[i] = items[i].v
	}
}
