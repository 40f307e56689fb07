package i18n

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// alphabet is the Azerbaijani alphabet in its order (DOMAIN.md).
const alphabet = "A B C Ç D E Ə F G Ğ H X I İ J K Q L M N O Ö P R S Ş T U Ü V Y Z"

func TestCompareAlphabet(t *testing.T) {
	t.Parallel()
	upper := strings.Fields(alphabet)
	lower := strings.Fields(Lower(alphabet))
	for _, want := range [][]string{upper, lower} {
		for seed := range uint64(5) {
			got := slices.Clone(want)
			rand.New(rand.NewPCG(seed, 0)).Shuffle(len(got), func(i, j int) { got[i], got[j] = got[j], got[i] })
			Sort(got)
			if !slices.Equal(got, want) {
				t.Errorf("Sort = %v, want %v", got, want)
			}
		}
		for i := 1; i < len(want); i++ {
			if Compare(want[i-1], want[i]) >= 0 {
				t.Errorf("Compare(%q, %q) >= 0, want < 0", want[i-1], want[i])
			}
		}
	}
}

func TestCompare(t *testing.T) {
	t.Parallel()
	// Each row is in order: a < b < c.
	tests := [][3]string{
		{"Həsən", "Xəlil", "İlham"},
		{"Xəlil", "Ismayılov", "İsmayılov"},
		{"ılgar", "ilgar", "jalə"},
		{"Elçin", "Əliyev", "Fərid"},
		{"Cavid", "Çingiz", "Daşqın"},
		{"Səbinə", "Şahin", "Tural"},
		{"Kərimov", "Qasımov", "Lalə"},
		{"Günel", "Ğ", "Həsən"},
		{"Orxan", "Örkən", "Pərviz"},
		{"Turan", "Ülvi", "Vüqar"},
		{"Əli", "Əliyev", "Əlizadə"},
		{"Zaur", "Абдуллаев", "Яковлев"}, // Latin before Cyrillic
	}
	for _, tt := range tests {
		for i := 0; i < 2; i++ {
			a, b := tt[i], tt[i+1]
			if got := Compare(a, b); got != -1 {
				t.Errorf("Compare(%q, %q) = %d, want -1", a, b, got)
			}
			if got := Compare(b, a); got != 1 {
				t.Errorf("Compare(%q, %q) = %d, want 1", b, a, got)
			}
		}
		if got := Compare(tt[0], tt[0]); got != 0 {
			t.Errorf("Compare(%q, %q) = %d, want 0", tt[0], tt[0], got)
		}
	}
}

func TestSort(t *testing.T) {
	t.Parallel()
	want := []string{"Aydın", "Bəxtiyar", "Cavid", "Çingiz", "Daşqın", "Elçin", "Əliyev", "Fərid",
		"Günel", "Həsən", "Xəlil", "Ismayılov", "İlham", "İsmayılov", "Jalə", "Kərimov", "Qasımov",
		"Lalə", "Murad", "Nərmin", "Orxan", "Örkən", "Pərviz", "Rəşad", "Səbinə", "Şahin", "Tural",
		"Ülvi", "Vüqar", "Yusif", "Zaur"}
	got := slices.Clone(want)
	slices.Sort(got) // byte order, which puts Ç, Ə, İ, Ö, Ş, Ü after Z
	if slices.Equal(got, want) {
		t.Fatal("byte order already matches; the test proves nothing")
	}
	Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("Sort =\n%v\nwant\n%v", got, want)
	}
	if !slices.IsSortedFunc(got, Compare) {
		t.Error("Sort result is not sorted by Compare")
	}
	Sort(nil) // must not panic
}

func TestSortFunc(t *testing.T) {
	t.Parallel()
	type person struct {
		name string
		id   int
	}
	people := []person{{"Şahin", 1}, {"Səbinə", 2}, {"Əli", 3}, {"Şahin", 4}, {"Elçin", 5}, {"Şahin", 6}}
	SortFunc(people, func(p person) string { return p.name })
	want := []person{{"Elçin", 5}, {"Əli", 3}, {"Səbinə", 2}, {"Şahin", 1}, {"Şahin", 4}, {"Şahin", 6}}
	if !slices.Equal(people, want) {
		t.Errorf("SortFunc = %v, want %v (stable)", people, want)
	}
}

// TestSortFuncIn holds each language to its own alphabet.
func TestSortFuncIn(t *testing.T) {
	t.Parallel()
	tests := []struct {
		lang Lang
		want []string
	}{
		{AZ, []string{"Həsən", "Xəlil", "İlham", "Kərim", "Qasım", "Lalə"}},
		{EN, []string{"Harbour", "Island", "Kettle", "Lake", "Quay", "Xylophone"}},
		{RU, []string{"Ежевика", "Ёлка", "Жук", "Яблоко"}},
		{"xx", []string{"Həsən", "Xəlil", "İlham"}},
	}
	for _, tt := range tests {
		for seed := range uint64(5) {
			got := slices.Clone(tt.want)
			rand.New(rand.NewPCG(seed, 1)).Shuffle(len(got), func(i, j int) { got[i], got[j] = got[j], got[i] })
			SortFuncIn(tt.lang, got, func(s string) string { return s })
			if !slices.Equal(got, tt.want) {
				t.Errorf("SortFuncIn(%s) = %v, want %v", tt.lang, got, tt.want)
			}
		}
	}
}
