package names

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"inteqra/internal/i18n"
)

// Normalize returns s in the form in which two spellings of a name in the
// same script compare equal. It applies NFC and Azerbaijani lower case
// (i18n.Fold). So "İSMAYIL" and "İsmayıl" agree, and ä and the Cyrillic ә
// become ə. Tokens are separated by one space, with none at the ends.
//
// Apostrophes, hyphens and zero-width joiners are removed, not turned into
// spaces, so that "Məmməd-Əli" equals "Məmmədəli" and "Мар'яна" equals
// "Марьяна" in its letters. Other punctuation (dots, commas, slashes)
// separates tokens, so "A.Məmmədov" gives "a məmmədov". Combining marks
// left over after NFC are dropped. In Arabic script these are the optional
// short-vowel signs, which one clerk writes and the next does not. Spelling
// variants with no meaning are unified: ё→е, and Arabic ي ك ة أ→Persian ی ک ه ا.
//
// Normalize keeps the script: "Мамедов" stays Cyrillic. Use Latin to cross
// scripts. An ASCII capital I lower-cases to ı, as Azerbaijani requires, so
// Normalize("IVAN") is "ıvan". Latin maps ı to i again. Normalize is
// idempotent.
func Normalize(s string) string {
	out := normalizePass(s)
	// Dropping a mark or a joiner can bring together characters that NFC
	// composes (Hangul jamo, for one). Another pass settles them. That keeps
	// Normalize idempotent, and names in the scripts we expect take one pass.
	for i := 0; i < 4 && !norm.NFC.IsNormalString(out); i++ {
		out = normalizePass(out)
	}
	return out
}

func normalizePass(s string) string {
	s = i18n.Fold(s)
	var b strings.Builder
	b.Grow(len(s))
	gap := false
	for _, r := range s {
		switch {
		case isJoiner(r) || unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf):
			// Removed: see Normalize.
		case unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.Mc, r):
			if gap && b.Len() > 0 {
				b.WriteByte(' ')
			}
			gap = false
			if v, ok := letterVariants[r]; ok {
				r = v
			}
			b.WriteRune(r)
		default:
			gap = true
		}
	}
	return b.String()
}

// isJoiner reports characters written inside one name, not between two
// names: apostrophes in O'Neil, Мар'яна and Uzbek o'g'li, the hyphen in
// Məmməd-Əli, and the Arabic tatweel that only stretches a word.
func isJoiner(r rune) bool {
	switch r {
	case '\'', '`', '´', '‘', '’', 'ʹ', 'ʻ', 'ʼ', 'ʽ', 'ʾ', 'ʿ', '′',
		'-', '‐', '‑', '‒', '−', '\u00ad', 'ـ':
		return true
	}
	return false
}

// letterVariants unifies letters that are spelling variants of one letter.
// ё is written as е in most Russian documents. The Arabic forms of yeh,
// kaf and heh are unified with the Persian ones, since migrants' documents
// use both. Hamza seats are dropped, because romanisations ignore them.
var letterVariants = map[rune]rune{
	'ё': 'е',
	'ي': 'ی', 'ى': 'ی', 'ئ': 'ی',
	'ك': 'ک',
	'ة': 'ه', 'ۀ': 'ه', 'ھ': 'ه', 'ہ': 'ه',
	'أ': 'ا', 'إ': 'ا', 'آ': 'ا', 'ٱ': 'ا',
	'ؤ': 'و',
}
