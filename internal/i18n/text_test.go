package i18n

import (
	"strings"
	"testing"
)

func TestUpperLower(t *testing.T) {
	t.Parallel()
	tests := []struct {
		lower, upper string
	}{
		{"ismayıl", "İSMAYIL"},
		{"i", "İ"},
		{"ı", "I"},
		{"ilqar ılğın", "İLQAR ILĞIN"},
		{"şəki çöl güllü", "ŞƏKİ ÇÖL GÜLLÜ"},
		{"məmmədov", "MƏMMƏDOV"},
		{"иван", "ИВАН"},
		{"123 -", "123 -"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Upper(tt.lower); got != tt.upper {
			t.Errorf("Upper(%q) = %q, want %q", tt.lower, got, tt.upper)
		}
		if got := Lower(tt.upper); got != tt.lower {
			t.Errorf("Lower(%q) = %q, want %q", tt.upper, got, tt.lower)
		}
	}
	// A decomposed İ (I + combining dot above) lowers to a plain i.
	if got := Lower("I\u0307SMAYIL"); got != "ismayıl" {
		t.Errorf("Lower(decomposed İSMAYIL) = %q, want %q", got, "ismayıl")
	}
}

// TestStdlibCaseIsWrong keeps the reason for this package's casing in view:
// if the standard library ever handles Azerbaijani, these start failing.
func TestStdlibCaseIsWrong(t *testing.T) {
	t.Parallel()
	if got := strings.ToUpper("ismayıl"); got == Upper("ismayıl") {
		t.Errorf("strings.ToUpper(ismayıl) = %q, the Azerbaijani upper case", got)
	}
	if got := strings.ToLower("İSMAYIL"); got == Lower("İSMAYIL") {
		t.Errorf("strings.ToLower(İSMAYIL) = %q, the Azerbaijani lower case", got)
	}
}

func TestFold(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b string
		same bool
	}{
		{"İsmayıl", "ismayıl", true},
		{"İSMAYIL", "ismayıl", true},
		{"İ", "i", true},
		{"I", "ı", true},
		{"I", "i", false},
		{"İ", "ı", false},
		{"Ismayıl", "İsmayıl", false},
		{"ISMAYIL", "ismayil", false},
		{"Məmmədov", "Mәmmәdov", true},             // Cyrillic schwa
		{"Məmmədov", "Mämmädov", true},             // 1991 Latin ä
		{"MƏMMƏDOV", "MӘMMӘDOV", true},             // capital Cyrillic schwa
		{"MÄMMÄDOV", "məmmədov", true},             // capital ä
		{"Ma\u0308mma\u0308dov", "Məmmədov", true}, // decomposed ä
		{"I\u0307lham", "İlham", true},             // decomposed İ
		{"Məmmədov", "Mammadov", false},            // diacritics are kept
		{"Şahin", "Sahin", false},
		{"Qasımov", "Gasımov", false},
		{"Иван", "иван", true},
	}
	for _, tt := range tests {
		if got := Fold(tt.a) == Fold(tt.b); got != tt.same {
			t.Errorf("Fold(%q) == Fold(%q): got %t, want %t (%q, %q)", tt.a, tt.b, got, tt.same, Fold(tt.a), Fold(tt.b))
		}
	}
	if got, want := Fold("MӘMMӘDOV İSMAYIL"), "məmmədov ismayıl"; got != want {
		t.Errorf("Fold = %q, want %q", got, want)
	}
}

// TestEqualFoldIsWrong records where strings.EqualFold disagrees with
// Azerbaijani: the cases Fold exists for.
func TestEqualFoldIsWrong(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b string
	}{
		{"İsmayıl", "ismayıl"}, // same name, EqualFold says different
		{"ISMAYIL", "ismayil"}, // different names (ı ≠ i), EqualFold says same
		{"Məmmədov", "Mәmmәdov"},
	}
	for _, tt := range tests {
		std := strings.EqualFold(tt.a, tt.b)
		az := Fold(tt.a) == Fold(tt.b)
		if std == az {
			t.Errorf("EqualFold(%q, %q) = %t agrees with Fold; the counterexample is gone", tt.a, tt.b, std)
		}
	}
}

func FuzzFold(f *testing.F) {
	for _, s := range []string{"", "İsmayıl", "ISMAYIL", "Mämmädov", "MӘMMӘDOV", "I\u0307", "i\u0307",
		"ΣΑΣ", "ß ẞ", "ǅ", "\xff\xfe", "a\u0308\u0323", "I\u0323\u0307", "İ\u0307", "ﬁ", "\u0345"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		once := Fold(s)
		if twice := Fold(once); twice != once {
			t.Errorf("Fold(Fold(%q)) = %q, want %q", s, twice, once)
		}
	})
}

func TestCapitalize(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		lang     Lang
		in, want string
	}{
		{AZ, "ingilis", "İngilis"},
		{AZ, "ıraq", "Iraq"},
		{AZ, "əfqan", "Əfqan"},
		{RU, "русский", "Русский"},
		{EN, "italian", "Italian"},
		{EN, "", ""},
	} {
		if got := Capitalize(tt.lang, tt.in); got != tt.want {
			t.Errorf("Capitalize(%s, %q) = %q, want %q", tt.lang, tt.in, got, tt.want)
		}
	}
}
