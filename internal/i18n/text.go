package i18n

import (
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"
)

// A cases.Caser keeps state between calls and must not be shared, so each
// goroutine borrows one from a pool.
var (
	uppers = sync.Pool{New: func() any { c := cases.Upper(language.Azerbaijani); return &c }}
	lowers = sync.Pool{New: func() any { c := cases.Lower(language.Azerbaijani); return &c }}
)

func withCaser(pool *sync.Pool, s string) string {
	c := pool.Get().(*cases.Caser)
	defer pool.Put(c)
	return c.String(s)
}

// Upper returns s in Azerbaijani upper case: "ismayıl" → "İSMAYIL", where
// strings.ToUpper gives "ISMAYIL".
func Upper(s string) string { return withCaser(&uppers, s) }

// Lower returns s in Azerbaijani lower case: "İSMAYIL" → "ismayıl", where
// strings.ToLower gives "i̇smayil".
func Lower(s string) string { return withCaser(&lowers, s) }

// Capitalize returns s with its first letter in upper case by the rules of
// lang: a name that stands alone (a country or a language in a list or a
// summary) starts with a capital, "ingilis" → "İngilis" in Azerbaijani and
// "русский" → "Русский" in Russian, where CLDR writes them in lower case
// as they stand inside a sentence.
func Capitalize(lang Lang, s string) string {
	_, size := utf8.DecodeRuneInString(s)
	if size == 0 {
		return s
	}
	return cases.Upper(lang.Tag()).String(s[:size]) + s[size:]
}

// schwa maps the letters people type for ə when their keyboard has none: the
// Cyrillic schwa, which looks the same, and ä, the Azerbaijani Latin
// alphabet of 1991–1992.
var schwa = strings.NewReplacer(
	"\u04d9", "ə", // Cyrillic ә
	"\u04d8", "Ə", // Cyrillic Ә
	"ä", "ə",
	"Ä", "Ə",
)

// Fold returns a key for comparing s with other text regardless of case and
// of how the schwa was typed: Fold("İsmayıl") == Fold("ismayıl") and
// Fold("Məmmədov") == Fold("Mәmmәdov") == Fold("Mämmädov"). Use it where
// strings.EqualFold would be used; that one does not pair İ with i.
//
// s is first put in NFC, so a letter typed as a base and a combining mark
// folds like the precomposed one. Fold keeps every other diacritic: telling
// "Gasanov" from "Qasanov" or "Hasanov" is a job for transliteration and
// match scoring, not for a comparison key.
func Fold(s string) string {
	s = schwa.Replace(norm.NFC.String(s))
	return norm.NFC.String(Lower(s))
}
