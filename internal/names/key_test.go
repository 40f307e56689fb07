package names

import (
	"slices"
	"strings"
	"testing"
)

// TestKeyCollides checks that the spellings of one name share a key.
func TestKeyCollides(t *testing.T) {
	t.Parallel()
	groups := [][]string{
		{"Məmmədov", "Мамедов", "Mamedov", "Mammadov", "MAMMADOV", "Mamedow", "Mamedoff", "Mәmmәdov", "Mämmädov"},
		{"Həsənov", "Гасанов", "Gasanov", "Hasanov", "Hasanow", "HASANOV"},
		{"Cəfər", "Джафар", "Dzhafar", "Jafar", "Jafer", "Djafar", "CƏFƏR"},
		{"Hüseynov", "Гусейнов", "Guseynov", "Huseynov", "Huseinov", "Hüseyinov", "Hossein" + "ov"},
		{"Əliyev", "Алиев", "Aliyev", "Aliev", "ƏLİYEV", "ALIYEV"},
		{"Quliyev", "Кулиев", "Guliyev", "Kuliev", "Гулиев"},
		{"Şahin", "Шахин", "Shahin", "Sahin", "ŞAHİN"},
		{"Çingiz", "Чингиз", "Chingiz", "Cingiz"},
		{"Xəlil", "Халил", "Khalil", "Halil", "Xalil"},
		{"Yusif", "Юсиф", "Yusuf", "Юсуф", "Yousef"}, // one name: Azerbaijani and Arabic forms
		{"İsmayıl", "Исмаил", "Ismayil", "Ismail", "İSMAYIL", "ISMAYIL", "Esmaeil"},
		{"Nərgiz", "Наргиз", "Nargiz"},
		{"Leyla", "Лейла", "Leila", "Layla", "LEYLA"},
		{"Günel", "Гюнель", "Gunel", "GIUNEL"},
		{"Məhəmməd", "Mahammad", "Mohammad", "Muhammad", "Магомед", "Мухаммад"},
		{"Giorgi", "გიორგი", "Георгий", "Georgiy", "Georgii"},
		{"Oleksandr", "Олександр", "Александр", "Aleksandr", "Alexander"},
		{"Tatyana", "Татьяна", "Tatiana", "Tetiana", "Тетяна"},
		{"Natalya", "Наталья", "Natalia", "Nataliya"},
		{"Yuriy", "Юрий", "Iurii", "Yuri"},
		{"Sergeyev", "Сергеев", "Sergeev"},
		{"Yelena", "Елена", "Elena", "Olena", "Олена"}, // Ukrainian and Russian forms
		{"Aleksandr", "Аляксандр", "Aliaksandr"},       // and the Belarusian one
		{"Wang", "王"}, // pinyin of a surname in characters
		{"Murad", "Murat", "Мурад"},
		{"Beridze", "ბერიძე", "Беридзе"},
		{"Shevchenko", "Шевченко", "Ševčenko"},
		{"Zhang", "Чжан"},
		{"Rzayi", "رضایی"},
		{"Yusifov", "Yusufov", "Юсуфов"}, // a surname built on a variant name
	}
	for _, g := range groups {
		want := Key(g[0])
		for _, s := range g[1:] {
			if got := Key(s); got != want {
				t.Errorf("Key(%q) = %q, want %q as for %q", s, got, want, g[0])
			}
		}
	}
}

// TestKeyKeepsApart checks that different names do not share a key. Each pair
// is decided: these are different names, whatever one letter they share.
func TestKeyKeepsApart(t *testing.T) {
	t.Parallel()
	pairs := [][2]string{
		{"Əli", "Əliyə"}, // different people: the -yə makes a woman's name
		{"Ramil", "Ramiz"},
		{"Elnur", "Elmir"},
		{"Aysel", "Aygün"},
		{"Tural", "Turan"},
		{"Kamran", "Kamal"},
		{"Anar", "Anara"}, // a man's and a woman's name
		{"Samir", "Samirə"},
		{"Kamil", "Kamal"},
		{"Rəşad", "Rəşid"},
		{"Elmira", "Almira"},
		{"Elina", "Alina"},
		{"Emin", "Əmin"},
		{"Məmmədov", "Məmmədova"}, // a family, not one name: see the stem keys
		{"Məmmədov", "Məmmədli"},
		{"Əliyev", "Vəliyev"},
		{"Səfərov", "Cəfərov"},
		{"Qasımov", "Kazımov"},
		{"Həsən", "Hüseyn"},
		{"Yunis", "Yusif"},
		{"Nicat", "Nihad"},
	}
	for _, p := range pairs {
		if a, b := Key(p[0]), Key(p[1]); a == b {
			t.Errorf("Key(%q) = Key(%q) = %q, want them different", p[0], p[1], a)
		}
	}
}

func TestKey(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"Məmmədov", "MAMADUV"},
		{"Cəfər", "JAFAR"},
		{"Тофикович", "TUFIK"},       // a patronymic keys by the father's name
		{"Сергеевич", Key("Sergey")}, // -ey loses its y before -evich
		{"Məmməd-Əli", Key("Məmmədəli")},
		{"Məmməd Əli", Key("Məmmədəli")}, // words are joined
		{"محمد", "MKMT"},
		{"", ""},
		{"...", ""},
		{"王伟", Key("Wangwei")},  // Chinese characters read in pinyin
		{"王𠀀", "王𠀀"},            // a character the table lacks: kept as is
		{"Артём", Key("Артем")}, // ё is е
	}
	for _, tt := range tests {
		if got := Key(tt.in); got != tt.want {
			t.Errorf("Key(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestKeys(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		want []string
	}{
		{"Məmmədov Rəşad Əli oğlu", []string{"#MDV", "#RST", "@MAMAT", "ALI", "MAMADUV", "RASAT"}},
		{"Мамедова Рашида", []string{"#MDV", "#RSD", "@MAMAT", "MAMADUVA", "RASIDA"}},
		{"R. Məmmədli", []string{"#MDL", "@MAMAT", "MAMADLI"}},
		{"محمد رضایی", []string{"%MKMT", "%RZ", "MKMT", "RZAI"}},
		{"Иванов Иван Иванович", []string{"#VN", "#VNV", "@IVAN", "IVAN", "IVANUV"}},
		{"", []string{}},
	}
	for _, tt := range tests {
		got := Keys(tt.name)
		if !slices.Equal(got, tt.want) {
			t.Errorf("Keys(%q) = %q, want %q", tt.name, got, tt.want)
		}
		if !slices.IsSorted(got) {
			t.Errorf("Keys(%q) = %q, not sorted", tt.name, got)
		}
	}
}

// TestSearchKeys checks that skeletons cross between scripts with and
// without vowels, and only there.
func TestSearchKeys(t *testing.T) {
	t.Parallel()
	latin, abjad := "Mohammad Rezaei", "محمد رضایی"
	if !keysMeet(SearchKeys(latin), Keys(abjad)) || !keysMeet(SearchKeys(abjad), Keys(latin)) {
		t.Errorf("%q and %q do not meet: %v / %v, %v / %v", latin, abjad,
			SearchKeys(latin), Keys(abjad), SearchKeys(abjad), Keys(latin))
	}
	// Aysel and Səlim share only the skeleton SL: no candidate.
	if keysMeet(SearchKeys("Aysel"), Keys("Səlim")) {
		t.Errorf("SearchKeys(Aysel) %v meets Keys(Səlim) %v", SearchKeys("Aysel"), Keys("Səlim"))
	}
	for _, k := range SearchKeys(latin) {
		if strings.HasPrefix(k, SkeletonPrefix) {
			t.Errorf("SearchKeys(%q) has %q: a vowelled skeleton is for Arabic-script searches only", latin, k)
		}
	}
}

func TestSimilarity(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b     string
		min, max float64
	}{
		{"MAMADUV", "MAMADUV", 1, 1},
		{"MAMADUV", "MAMADVU", 0.9, 0.95}, // transposition
		{"KASIMUV", "KASUMUV", 0.9, 0.95}, // ı as у
		{"RAMIL", "RAMIZ", 0.65, 0.75},    // another name
		{"ANAR", "ANARA", 0.75, 0.85},     // a final vowel
		{"ALJIN", "ALJN", 0.85, 0.95},     // an inner vowel dropped
		{"", "", 1, 1},
		{"ABC", "", 0, 0},
	}
	for _, tt := range tests {
		got := similarity(tt.a, tt.b)
		if got < tt.min || got > tt.max {
			t.Errorf("similarity(%q, %q) = %.3f, want %.2f..%.2f", tt.a, tt.b, got, tt.min, tt.max)
		}
		if back := similarity(tt.b, tt.a); back != got {
			t.Errorf("similarity(%q, %q) = %v one way and %v the other", tt.a, tt.b, got, back)
		}
	}
}

// TestVariantGroupsDisjoint checks that no spelling's key is claimed by two
// groups, which would make the table depend on its order.
func TestVariantGroupsDisjoint(t *testing.T) {
	t.Parallel()
	seen := map[string]string{}
	for _, g := range variantGroups {
		first := phonetic(latinOfNormalized(Normalize(g[0])))
		for _, s := range g {
			k := phonetic(latinOfNormalized(Normalize(s)))
			if other, ok := seen[k]; ok && other != first {
				t.Errorf("%q (key %s) is in the groups of %s and %s", s, k, other, first)
			}
			seen[k] = first
		}
	}
}
