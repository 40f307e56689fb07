package imports

import (
	"strings"
	"testing"
	"unicode/utf8"

	"inteqra/internal/i18n"
)

// TestImportMappingQuotesLittle: an unknown field in the mapping form is
// refused, and the message quotes at most a short, clean excerpt of it.
func TestImportMappingQuotesLittle(t *testing.T) {
	t.Parallel()
	for _, f := range []string{strings.Repeat("x", 100000), "surname_az\x00", "\xff\xfe\x80"} {
		err := Mapping{Field(f)}.Check([]string{"Soyad"})
		ps := i18n.Problems(err)
		if len(ps) != 1 || ps[0].Key != "import.error.field_unknown" {
			t.Fatalf("field %.12q: got %v, want import.error.field_unknown", f, err)
		}
		quoted, _ := ps[0].Args[1].(string)
		if len([]rune(quoted)) > 41 || strings.Contains(quoted, "\x00") || !utf8.ValidString(quoted) {
			t.Errorf("field %.12q: the message quotes %.60q", f, quoted)
		}
	}
}
