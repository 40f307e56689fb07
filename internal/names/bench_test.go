package names

import "testing"

var benchNames = []string{
	"Məmmədov Rəşad Əli oğlu",
	"Мамедов Рашад Али оглы",
	"MAMMADOV RASHAD",
	"محمد رضایی",
	"გიორგი ბერიძე",
}

func BenchmarkKeys(b *testing.B) {
	for i := 0; b.Loop(); i++ {
		Keys(benchNames[i%len(benchNames)])
	}
}

func BenchmarkCompare(b *testing.B) {
	for i := 0; b.Loop(); i++ {
		Compare(benchNames[i%len(benchNames)], benchNames[(i+1)%len(benchNames)])
	}
}

// BenchmarkCompareTypical is one query against one candidate of the same
// person in another script, the registry's common case.
func BenchmarkCompareTypical(b *testing.B) {
	for b.Loop() {
		Compare("Məmmədov Rəşad Əli oğlu", "Мамедов Рашад Али оглы")
	}
}
