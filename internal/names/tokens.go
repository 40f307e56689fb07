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
	src     string     // the letters behind raw, byte for byte (keyBuf.src)
	key     string     // phonetic key
	skel    string     // consonant skeleton of raw
	stem    string     // key of a surname's stem, "" without a suffix
	suffix  suffixKind // the surname suffix stem was cut from
	pos     int        // position in the name, to notice swapped order
	initial bool       // a single letter, such as the R of "R. Məmmədov"
	abjad   bool       // written in Arabic script, so without short vowels
	patr    bool       // a patronymic: marked by oğlu/qızı or -ovich/-ovna
	strict  bool       // not Azerbaijani (strictWord): its vowels are not merged
	cyr     bool       // written in Cyrillic, which does not tell pinyin n from ng
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
	{"yeva", female}, {"yova", female}, {"ova", female}, {"eva", female},
	{"yev", male}, {"yov", male}, {"off", male}, {"eff", male}, {"ov", male}, {"ev", male}, {"ow", male},
	{"li", adjective}, {"lu", adjective}, {"ly", adjective},
}

// skSuffixes are the Polish, Ukrainian and Russian -ski and -ska, tried
// after surnameSuffixes on a word with "sk" near its end. The s stays in
// the stem.
var skSuffixes = []struct {
	s    string
	kind suffixKind
}{
	{"kaya", female}, {"kaia", female}, {"ka", female},
	{"kiy", male}, {"kyi", male}, {"kyy", male}, {"kii", male}, {"kij", male}, {"ky", male}, {"ki", male},
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
		lat, t := word(w, len(toks))
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
		if parts := splitHanzi(w); parts != nil {
			// 王小明 is the surname Wang and the given name Xiaoming.
			for _, p := range parts {
				if len(toks) < maxTokens {
					toks = append(toks, newHanziToken(p, len(toks)))
				}
			}
			continue
		}
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
	t.strict, t.cyr = strictWord(w, lat)
	if stem, ok := patronymicStem(t.latin); ok {
		// Тофикович is matched as Tofiq oğlu: by the father's name.
		t.patr = true
		t.raw, t.src = phoneticSrc(stem)
		t.key = canonicalKey(t.raw)
		t.skel = skeleton(t.raw)
		return t
	}
	t.raw, t.src = phoneticSrc(t.latin)
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
			t.key = string(k.finish())
		}
	}
	return t
}

// newHanziToken makes a token of Chinese characters read in pinyin. It is
// strict: pinyin Feng and Fang, Min and Ming are different syllables.
func newHanziToken(p hanziPart, pos int) token {
	t := token{norm: p.han, latin: p.pinyin, pos: pos, strict: true}
	t.raw, t.src = phoneticSrc(p.pinyin)
	t.key = canonicalKey(t.raw)
	t.skel = skeleton(t.raw)
	return t
}

// strictEndings end the surnames of Ukrainian, Belarusian, Russian, Polish
// and Georgian families and never Azerbaijani ones: Shevchenko, Kovalchuk,
// Kravets, Vysotsky, Beridze, Gelashvili, Dadiani, Gogia, Gogua, Gogava.
// They are listed by their last letter.
var strictEndings = func() map[byte][]string {
	m := map[byte][]string{}
	for _, e := range []string{
		"enko", "enka", "chuk", "yuk", "iuk", "ets",
		"ski", "ska", "sky", "skiy", "skii", "skyi", "skyy", "skaya", "skaia",
		"dze", "shvili", "iani", "ia", "ua", "ava",
	} {
		m[e[len(e)-1]] = append(m[e[len(e)-1]], e)
	}
	return m
}()

// strictWord reports a word that is not Azerbaijani by its script or its
// letters: Georgian, Ukrainian and Belarusian letters (і ї є ґ ў), ц and щ
// (ts, shch), which Azerbaijani names do not have, or one of strictEndings.
// Such a word's vowels are its own: Azerbaijani ə, which Russian writes а or
// е, is why other names have e and a merged, and a changed vowel in a long
// name is a misspelling. Neither is true of Shevchenko and Shevchanko.
// It also reports whether the word is in Cyrillic.
func strictWord(w, lat string) (strict, cyr bool) {
	if !isASCII(w) {
		for _, r := range w {
			switch {
			case r >= 0x10A0 && r <= 0x10FF, r == 'і', r == 'ї', r == 'є', r == 'ґ', r == 'ў':
				strict = true
			case r >= 0x0400 && r <= 0x04FF:
				cyr = true
			}
		}
	}
	if strict || len(lat) < 5 {
		return strict, cyr
	}
	if strings.Contains(lat, "ts") || strings.Contains(lat, "shch") {
		return true, cyr
	}
	for _, e := range strictEndings[lat[len(lat)-1]] {
		if strings.HasSuffix(lat, e) {
			return true, cyr
		}
	}
	return false, cyr
}

// surnameStem cuts a family-name suffix off a Latin word, keeping a stem
// of three letters or more, so that Əli and Vəli are not read as Ə-li.
func surnameStem(lat string) (string, suffixKind) {
	for _, x := range surnameSuffixes {
		if stem, ok := strings.CutSuffix(lat, x.s); ok && len(stem) >= 3 {
			return stem, x.kind
		}
	}
	if n := len(lat); n < 6 || !strings.Contains(lat[n-6:], "sk") {
		return "", noSuffix
	}
	for _, x := range skSuffixes {
		if stem, ok := strings.CutSuffix(lat, x.s); ok && len(stem) >= 3 && strings.HasSuffix(stem, "s") {
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
