package i18n

import (
	"slices"
	"testing"
	"time"
)

func BenchmarkT(b *testing.B) {
	p := catalog(b).Printer(RU)
	for b.Loop() {
		p.T("error.not_found")
	}
}

func BenchmarkN(b *testing.B) {
	p := catalog(b).Printer(RU)
	for b.Loop() {
		p.N("test.count", 21)
	}
}

func BenchmarkDateTime(b *testing.B) {
	p := catalog(b).Printer(AZ)
	t := time.Date(2026, 11, 25, 10, 5, 0, 0, time.UTC)
	for b.Loop() {
		p.DateTime(t)
	}
}

func BenchmarkFold(b *testing.B) {
	for b.Loop() {
		Fold("MӘMMӘDOV İsmayıl Əli oğlu")
	}
}

func BenchmarkCompare(b *testing.B) {
	for b.Loop() {
		Compare("İsmayılov", "Ismayılov")
	}
}

func BenchmarkSort1000(b *testing.B) {
	names := []string{"Şahin", "Əliyev", "İlham", "Ismayılov", "Xəlil", "Çingiz", "Cavid", "Zaur"}
	var s []string
	for i := range 1000 {
		s = append(s, names[i%len(names)]+Upper(names[(i*7)%len(names)]))
	}
	work := make([]string, len(s))
	for b.Loop() {
		copy(work, s)
		Sort(work)
	}
	if !slices.IsSortedFunc(work, Compare) {
		b.Fatal("not sorted")
	}
}
