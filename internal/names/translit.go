package names

import (
	"strings"
	"unicode/utf8"
)

// Latin returns s transliterated into lowercase ASCII Latin, one token per
// word. It is the readable basis of the keys, for example
// "Məmmədov Rəşad" → "mammadov rashad" and "Мамедов Рашад" → "mamedov
// rashad". The rules come from the scripts' usual passport systems:
//   - Azerbaijani and Turkish: ə→a (as in passports: Mammadov), ç→ch,
//     ş→sh, ğ→gh, ı→i, ö→o, ü→u. ASCII letters, x, q and c among them,
//     are kept, since an ASCII c may be Azerbaijani (Cavid) or English.
//   - Russian, Ukrainian and Azerbaijani Cyrillic: ICAO-like, but with
//     й→y, ы→y, ю→yu and я→ya as English spellings write them; ъ and ь
//     are dropped, and ё is е (see Normalize). A Ukrainian word (one with
//     і, ї, є or ґ) gets г→h and и→y, a Belarusian one (with ў) г→h.
//   - Georgian: the national system without ejective apostrophes
//     (გიორგი→giorgi, ჯ→j, ძ→dz).
//   - Persian and Arabic: consonants as in common romanisations. و and ی
//     become v and y next to a vowel letter and u and i elsewhere. Short
//     vowels are not written, so محمد gives "mhmd", and matching uses the
//     consonant skeleton.
//   - Other Latin letters lose their diacritics (é→e, ñ→n, ž→zh).
//
// Letters of scripts without a table (Chinese characters, Devanagari,
// Armenian, Greek) pass through unchanged. They still match the same
// spelling, just not across scripts; Key, Keys and Compare read the
// commonest Chinese characters in pinyin (hanzi.go).
func Latin(s string) string {
	out := latinOfNormalized(Normalize(s))
	// A letter that transliterates to nothing (ъ, ь, ع) can bring two
	// passed-through letters together, and Normalize may then change them.
	// That is rare, and it never happens to an all-ASCII result.
	for i := 0; i < 4 && !isASCII(out) && Normalize(out) != out; i++ {
		out = latinOfNormalized(Normalize(out))
	}
	return out
}

// latinOfNormalized transliterates an already normalised name.
func latinOfNormalized(n string) string {
	buf := make([]byte, 0, len(n)+8)
	for len(n) > 0 {
		word := n
		if i := strings.IndexByte(n, ' '); i >= 0 {
			word, n = n[:i], n[i+1:]
		} else {
			n = ""
		}
		mark := len(buf)
		if mark > 0 {
			buf = append(buf, ' ')
		}
		body := len(buf)
		if buf = appendLatin(buf, word); len(buf) == body {
			buf = buf[:mark] // the word was all silent letters (ъ, ь)
		}
	}
	return string(buf)
}

// appendLatin appends the transliteration of one normalised word.
func appendLatin(buf []byte, word string) []byte {
	if isASCII(word) {
		return append(buf, word...)
	}
	rs := []rune(word)
	ukrainian := strings.ContainsAny(word, "іїєґў") // or Belarusian: г is h there too
	for i, r := range rs {
		switch {
		case r < utf8.RuneSelf:
			buf = append(buf, byte(r))
		case isArabic(r):
			buf = append(buf, arabicLatin(rs, i)...)
		case ukrainian && r == 'г':
			buf = append(buf, 'h')
		case ukrainian && r == 'и':
			buf = append(buf, 'y')
		default:
			if t, ok := latinTable[r]; ok {
				buf = append(buf, t...)
			} else {
				buf = utf8.AppendRune(buf, r)
			}
		}
	}
	return buf
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// isArabic reports letters of the Arabic script, which Persian, Dari,
// Pashto and Urdu use too.
func isArabic(r rune) bool {
	return (r >= 0x0600 && r <= 0x06FF) || (r >= 0x0750 && r <= 0x077F) ||
		(r >= 0x08A0 && r <= 0x08FF) || (r >= 0xFB50 && r <= 0xFDFF) ||
		(r >= 0xFE70 && r <= 0xFEFF)
}

func hasArabic(s string) bool {
	for _, r := range s {
		if isArabic(r) {
			return true
		}
	}
	return false
}

// arabicLatin transliterates rs[i]. و and ی are vowels or consonants
// depending on their neighbours. ع starting a name is mostly a
// (Ali, Abbas), elsewhere it is silent.
func arabicLatin(rs []rune, i int) string {
	r := rs[i]
	next := rune(0)
	if i+1 < len(rs) {
		next = rs[i+1]
	}
	prev := rune(0)
	if i > 0 {
		prev = rs[i-1]
	}
	switch r {
	case 'و':
		if i == 0 || prev == 'ا' || next == 'ا' || next == 'ی' || next == 'و' {
			return "v"
		}
		return "u"
	case 'ی':
		if i == 0 || prev == 'ا' || prev == 'و' || next == 'ا' || next == 'و' {
			return "y"
		}
		return "i"
	case 'ع':
		if i == 0 && next != 'ی' && next != 'و' {
			return "a"
		}
		return ""
	}
	if t, ok := arabicTable[r]; ok {
		return t
	}
	return string(r)
}
