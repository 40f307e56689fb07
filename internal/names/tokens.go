package names

import (
	"strings"
	"unicode/utf8"
)

// maxTokens bounds the tokens of one name that are matched. Real names
// have up to six; the bound keeps the pairing in Compare cheap whatever
// the input.
const maxTokens = 10

// token is one word of a name with everything matching needs, computed once.
type token struct {
	norm    string     // Normalize form
	latin   string     // Latin form
	raw     string     // phonetic key before the table of variants
	key     string     // phonetic key
	skel    string     // consonant skeleton of raw
	stem    string     // key of a surname's stem, "" without a suffix
	suffix  suffixKind // the surname suffix stem was cut from
	pos     int        // position in the name, to notice swapped order
	initial bool       // a single letter, such as the R of "R. Məmmədov"
	abjad   bool       // written in Arabic script, so without short vowels
	patr    bool       // a patronymic: marked by oğlu/qızı or -ovich/-ovna
}

// suffixKind tells the forms of a family name apart.
type suffixKind uint8

const (
	noSuffix  suffixKind = iota
	male                 // -ov, -yev: Məmmədov
	female               // -ova, -yeva: Məmmədova
	adjective            // -li, -lu: Məmmədli
	zade                 // -zadə: Məmmədzadə
)

// surnameSuffixes are tried in order, longer before shorter.
var surnameSuffixes = []struct {
	s    string
	kind suffixKind
}{
	{"zadeh", zade}, {"zada", zade}, {"zade", zade},
	{"yeva", female}, {"ova", female}, {"eva", female},
	{"yev", male}, {"off", male}, {"eff", male}, {"ov", male}, {"ev", male}, {"ow", male},
	{"li", adjective}, {"lu", adjective}, {"ly", adjective},
}

// patronymicSuffixes are the Russian and Ukrainian endings of a
// patronymic. Azerbaijanis' Russian documents use them too (Тофикович).
var patronymicSuffixes = []string{"ovich", "evich", "ovych", "evych", "ovna", "evna", "ivna", "ichna"}

// particlesAfter follow the father's name: Azerbaijani oğlu, qızı and their
// Russian, Uzbek and Kyrgyz spellings, compared in Latin form.
var particlesAfter = map[string]bool{
	"oghlu": true, "oglu": true, "ogly": true, "ogli": true, "ughli": true, "ugli": true,
	"qizi": true, "gizi": true, "kizi": true, "kyzy": true, "gyzy": true, "qyzy": true,
	"kyzi": true, "uulu": true,
}

// particlesBefore precede the father's name: Arabic ibn, bin and bint.
var particlesBefore = map[string]bool{"ibn": true, "bin": true, "bint": true, "binti": true}

// parse splits a normalised name into tokens and marks the patronymics.
func parse(n string) []token {
	if n == "" {
		return nil
	}
	words := strings.Split(n, " ")
	toks := make([]token, 0, len(words))
	markNext := false
	for i, w := range words {
		lat := string(appendLatin(nil, w))
		if particlesAfter[lat] && len(toks) > 0 {
			toks[len(toks)-1].patr = true
			continue
		}
		// "bin" alone at the end is more likely the Chinese given name.
		if particlesBefore[lat] && i+1 < len(words) {
			markNext = true
			continue
		}
		if len(toks) == maxTokens {
			break
		}
		t := newTokenLatin(w, lat, len(toks))
		if markNext {
			t.patr, markNext = true, false
		}
		toks = append(toks, t)
	}
	return toks
}

// newToken computes the forms of one normalised word.
func newToken(w string, pos int) token {
	return newTokenLatin(w, string(appendLatin(nil, w)), pos)
}

// newTokenLatin is newToken for a word whose Latin form lat is known.
func newTokenLatin(w, lat string, pos int) token {
	t := token{norm: w, latin: lat, pos: pos, abjad: hasArabic(w), initial: utf8.RuneCountInString(w) == 1}
	if t.abjad {
		t.raw = abjadKey(w)
		t.key = canonicalKey(t.raw)
		t.skel = skeleton(t.raw)
		return t
	}
	if stem, ok := patronymicStem(t.latin); ok {
		// Тофикович is matched as Tofiq oğlu: by the father's name.
		t.patr = true
		t.raw = phonetic(stem)
		t.key = canonicalKey(t.raw)
		t.skel = skeleton(t.raw)
		return t
	}
	t.raw = phonetic(t.latin)
	t.key = canonicalKey(t.raw)
	t.skel = skeleton(t.raw)
	if stem, kind := surnameStem(t.latin); kind != noSuffix {
		sk := phonetic(stem)
		t.stem, t.suffix = canonicalKey(sk), kind
		// A surname built on a variant name joins its variants too:
		// Yusufov = Yusifov, Rezayev = Rzayev.
		if t.key == t.raw && t.stem != sk {
			k := keyBuf{b: []byte(t.stem)}
			k.add(strings.TrimPrefix(t.latin[len(stem):], "y"))
			t.key = k.finish()
		}
	}
	return t
}

// surnameStem cuts a family-name suffix off a Latin word, keeping a stem
// of three letters or more, so that Əli and Vəli are not read as Ə-li.
func surnameStem(lat string) (string, suffixKind) {
	for _, x := range surnameSuffixes {
		if stem, ok := strings.CutSuffix(lat, x.s); ok && len(stem) >= 3 {
			return stem, x.kind
		}
	}
	return "", noSuffix
}

// patronymicStem returns the father's name in a Russian-style patronymic.
// Names in -ey and -iy lose the y before -evich (Сергей → Сергеевич), so it
// is put back.
func patronymicStem(lat string) (string, bool) {
	for _, x := range patronymicSuffixes {
		if stem, ok := strings.CutSuffix(lat, x); ok && len(stem) >= 2 {
			if x[0] == 'e' && isVowelByte(stem[len(stem)-1]) {
				stem += "y"
			}
			return stem, true
		}
	}
	return "", false
}
