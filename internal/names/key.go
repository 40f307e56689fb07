package names

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// Prefixes of the keys that Keys and SearchKeys return besides the phonetic
// ones. A store keeps all kinds in one column, and the prefixes keep them
// apart.
const (
	// StemPrefix starts the key of a surname's stem: "@MAMAT" for
	// Məmmədov, Məmmədova, Məmmədli and Məmmədzadə alike.
	StemPrefix = "@"
	// SkeletonPrefix starts the consonant skeleton of a token written with
	// its vowels: "#MKMT" for Mohammad.
	SkeletonPrefix = "#"
	// AbjadPrefix starts the consonant skeleton of a token in Arabic script,
	// which leaves short vowels out: "%MKMT" for محمد.
	AbjadPrefix = "%"
)

// Key returns the phonetic key of one name token. Spellings of the same name
// in any supported script give the same key:
//   - Məmmədov, Мамедов, Mamedov, MAMMADOV and Mamedow give MAMADUV.
//   - Cəfər, Джафар, Dzhafar, Jafar and Jafer give JAFAR.
//
// Different names give different keys, even when they differ by one
// sound: Ramil and Ramiz, Anar and Anara, Əli and Əliyə. The package
// documentation lists the rules. Key expects one token; the words of a
// longer string are joined. A Russian-style patronymic gives the key of
// the father's name (Тофикович gives the key of Tofiq). A surname gives
// the key of its own form: Məmmədova differs from Məmmədov, and Keys adds
// the stem the two share.
func Key(token string) string {
	w := strings.ReplaceAll(Normalize(token), " ", "")
	if w == "" {
		return ""
	}
	t := newToken(w, 0)
	return t.key
}

// Keys returns the distinct keys to index a full name by, sorted, for a
// table of (person, key) rows. For each token it gives:
//   - the phonetic key (see Key);
//   - the stem key (StemPrefix) when the token is a surname with a suffix;
//   - the consonant skeleton when it has two consonants or more:
//     SkeletonPrefix for a spelling with vowels, AbjadPrefix for one in
//     Arabic script.
//
// Particles such as oğlu and qızı, and initials, give no keys: they would
// bring back half the registry.
func Keys(fullName string) []string {
	return collectKeys(fullName, false)
}

// SearchKeys returns the distinct keys to look up when searching for a full
// name, sorted. The phonetic and stem keys are the same as in Keys. The
// skeletons are crossed over: a spelling with vowels looks up the
// AbjadPrefix skeleton, so "Mohammad" finds a person registered as محمد,
// and a spelling in Arabic script looks up both kinds. Two spellings with
// vowels never meet by skeleton alone, which would bring back every
// Aysel for a Səlim.
func SearchKeys(fullName string) []string {
	return collectKeys(fullName, true)
}

func collectKeys(fullName string, search bool) []string {
	toks := parse(Normalize(fullName))
	out := make([]string, 0, 4*len(toks))
	for _, t := range toks {
		if t.initial || t.key == "" {
			continue
		}
		out = append(out, t.key)
		if t.stem != "" {
			out = append(out, StemPrefix+t.stem)
		}
		if len(t.skel) < 2 {
			continue
		}
		abjad, vowelled := AbjadPrefix+t.skel, SkeletonPrefix+t.skel
		switch {
		case !search && t.abjad:
			out = append(out, abjad)
		case !search:
			out = append(out, vowelled)
		case t.abjad:
			out = append(out, abjad, vowelled)
		default:
			out = append(out, abjad)
		}
	}
	sort.Strings(out)
	return compactStrings(out)
}

func compactStrings(s []string) []string {
	if len(s) == 0 {
		return s
	}
	j := 1
	for i := 1; i < len(s); i++ {
		if s[i] != s[j-1] {
			s[j] = s[i]
			j++
		}
	}
	return s[:j]
}

// phonetic returns the key of a Latin word (see Latin) before the table of
// variants is applied.
func phonetic(lat string) string {
	if strings.HasPrefix(lat, "ye") {
		lat = lat[1:] // Yelena = Елена, Yeganə = Егана
	}
	if n := len(lat); n > 3 && strings.HasSuffix(lat, "ff") {
		lat = lat[:n-2] + "v" // Mamedoff
	}
	if n := len(lat); n > 3 && strings.HasSuffix(lat, "ng") {
		lat = lat[:n-1] // pinyin Zhang = Palladius Чжан
	}
	var k keyBuf
	k.add(lat)
	return k.finish()
}

// abjadKey returns the key of a word in Arabic script. Each letter is
// classed on its own, since a transliteration such as ز+ه = "zh" would
// otherwise read as a digraph.
func abjadKey(word string) string {
	rs := []rune(word)
	var k keyBuf
	for i, r := range rs {
		switch {
		case isArabic(r):
			k.add(arabicLatin(rs, i))
		case r < utf8.RuneSelf:
			k.add(string(r))
		default:
			if t, ok := latinTable[r]; ok {
				k.add(t)
			} else {
				k.b = utf8.AppendRune(k.b, r)
			}
		}
	}
	return k.finish()
}

// keyBuf collects sound classes, merging runs of one class.
type keyBuf struct{ b []byte }

func (k *keyBuf) emit(c byte) {
	if n := len(k.b); n == 0 || k.b[n-1] != c {
		k.b = append(k.b, c)
	}
}

func (k *keyBuf) add(lat string) {
	for i := 0; i < len(lat); {
		c := lat[i]
		if c >= utf8.RuneSelf { // a script without a table: kept as is
			r, n := utf8.DecodeRuneInString(lat[i:])
			k.b = utf8.AppendRune(k.b, r)
			i += n
			continue
		}
		if sym, n := digraph(lat[i:]); n > 0 {
			k.emit(sym)
			i += n
			continue
		}
		if c == 'y' && silentY(lat, i) {
			i++
			continue
		}
		if sym := letterClass[c]; sym != 0 {
			k.emit(sym)
		}
		i++
	}
}

// finish devoices a final d or b, as Turkish spelling and Russian
// pronunciation do (Murad/Murat, Yaqub/Yakup).
func (k *keyBuf) finish() string {
	b := k.b
	if n := len(b); n > 0 {
		switch b[n-1] {
		case 'D':
			b[n-1] = 'T'
		case 'B':
			b[n-1] = 'P'
		}
		if n > 1 && b[n-1] == b[n-2] {
			b = b[:n-1]
		}
	}
	return string(b)
}

// letterClass maps an ASCII letter to its sound class; see the package
// documentation. Digits and other bytes have no class and are dropped.
var letterClass = func() (t [utf8.RuneSelf]byte) {
	for _, g := range []struct {
		letters string
		class   byte
	}{
		{"ae", 'A'}, {"iy", 'I'}, {"ou", 'U'},
		{"b", 'B'}, {"cj", 'J'}, {"d", 'D'}, {"f", 'F'}, {"ghkqx", 'K'}, {"l", 'L'},
		{"m", 'M'}, {"n", 'N'}, {"p", 'P'}, {"r", 'R'}, {"s", 'S'}, {"t", 'T'}, {"vw", 'V'},
		{"z", 'Z'},
	} {
		for i := 0; i < len(g.letters); i++ {
			t[g.letters[i]] = g.class
		}
	}
	return t
}()

// digraph returns the class of a multi-letter spelling of one sound at the
// start of s and its length, or 0, 0.
func digraph(s string) (byte, int) {
	if len(s) < 2 {
		return 0, 0
	}
	switch s[0] {
	case 's':
		if strings.HasPrefix(s, "shch") {
			return 'S', 4
		}
		if strings.HasPrefix(s, "sch") {
			return 'S', 3
		}
		if s[1] == 'h' {
			return 'S', 2
		}
	case 't':
		if strings.HasPrefix(s, "tch") {
			return 'J', 3
		}
		if s[1] == 'h' {
			return 'T', 2
		}
	case 'd':
		if strings.HasPrefix(s, "dzh") {
			return 'J', 3
		}
		if s[1] == 'j' {
			return 'J', 2
		}
	case 'c':
		if s[1] == 'h' {
			return 'J', 2
		}
		if s[1] == 'k' {
			return 'K', 2
		}
	case 'z':
		if s[1] == 'h' {
			return 'J', 2
		}
	case 'k', 'g':
		if s[1] == 'h' {
			return 'K', 2
		}
	case 'p':
		if s[1] == 'h' {
			return 'F', 2
		}
	}
	return 0, 0
}

// silentY reports a y that only marks how the next vowel is pronounced:
// after a vowel and before e (Aliyev = Aliev, Sergeyev = Сергеев), and
// between a consonant and u or o, where Russian writes ю for ü
// (Гюнель = Günel).
func silentY(lat string, i int) bool {
	if i == 0 || i+1 >= len(lat) {
		return false
	}
	p, n := lat[i-1], lat[i+1]
	switch {
	case isVowelByte(p):
		return n == 'e'
	case p >= 'a' && p <= 'z':
		return n == 'u' || n == 'o'
	}
	return false
}

func isVowelByte(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u', 'y':
		return true
	}
	return false
}

// skeleton returns the consonants of a key, runs merged: the part of a name
// that Persian and Arabic spelling always write.
func skeleton(key string) string {
	b := make([]byte, 0, len(key))
	for i := 0; i < len(key); i++ {
		c := key[i]
		if c == 'A' || c == 'I' || c == 'U' {
			continue
		}
		if c < utf8.RuneSelf && len(b) > 0 && b[len(b)-1] == c {
			continue
		}
		b = append(b, c)
	}
	return string(b)
}
