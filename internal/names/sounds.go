package names

import (
	"strings"
	"unicode/utf8"
)

// phonetic returns the key of a Latin word (see Latin) before the table of
// variants is applied.
func phonetic(lat string) string {
	k := phoneticBuf(lat)
	return string(k.finish())
}

// phoneticSrc returns phonetic(lat) and, byte for byte beside it, the letter
// each sound class was written with (see keyBuf.src).
func phoneticSrc(lat string) (string, string) {
	k := phoneticBuf(lat)
	b := k.finish()
	n := len(b)
	both := string(append(b, k.src...)) // one allocation for the two
	return both[:n], both[n:]
}

func phoneticBuf(lat string) keyBuf {
	if strings.HasPrefix(lat, "ye") {
		lat = lat[1:] // Yelena = Елена, Yeganə = Егана
	}
	if n := len(lat); n > 3 && strings.HasSuffix(lat, "ff") {
		lat = lat[:n-2] + "v" // Mamedoff
	}
	ng := false
	if n := len(lat); n > 3 && strings.HasSuffix(lat, "ng") {
		lat, ng = lat[:n-1], true // pinyin Zhang = Palladius Чжан
	}
	// A key and its letters are never longer than the word: one array
	// holds both.
	buf := make([]byte, 2*len(lat))
	k := keyBuf{b: buf[:0:len(lat)], src: buf[len(lat):len(lat)]}
	k.add(lat)
	if n := len(k.src); ng && n > 0 && k.b[n-1] == 'N' {
		k.src[n-1] = 'g' // but pinyin Ming is not Min
	}
	return k
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
				k.addRune(r)
			}
		}
	}
	return string(k.finish())
}

// keyBuf collects sound classes, merging runs of one class.
//
// Beside each class it keeps in src the letter the class was first written
// with: the vowel (y as i, and yo after a consonant, which is ё, as srcYo),
// and for g, k, q, h and x the letter (kh as x, gh as g). Key merges these,
// and tokenSim looks at them where merging would join two names: Zakir is
// not Zahir, and Shevchenko is not Shevchanko.
type keyBuf struct{ b, src []byte }

// srcYo is the src of a vowel written yo after a consonant: Russian ё,
// which others write e (Артём = Artyom = Artem).
const srcYo = '~'

func (k *keyBuf) emit(c byte) { k.emitSrc(c, c) }

func (k *keyBuf) emitSrc(c, src byte) {
	if n := len(k.b); n == 0 || k.b[n-1] != c {
		k.b = append(k.b, c)
		k.src = append(k.src, src)
	}
}

// addRune appends a letter of a script without a table as it is.
func (k *keyBuf) addRune(r rune) {
	k.b = utf8.AppendRune(k.b, r)
	for len(k.src) < len(k.b) {
		k.src = append(k.src, 0)
	}
}

func (k *keyBuf) add(lat string) {
	for i := 0; i < len(lat); {
		c := lat[i]
		if c >= utf8.RuneSelf { // a script without a table: kept as is
			r, n := utf8.DecodeRuneInString(lat[i:])
			k.addRune(r)
			i += n
			continue
		}
		if sym, n := digraph(lat[i:]); n > 0 {
			src := sym
			switch {
			case sym != 'K':
			case lat[i] == 'g':
				src = 'g'
			case lat[i] == 'c':
				src = 'k'
			default:
				src = 'x' // kh
			}
			k.emitSrc(sym, src)
			i += n
			continue
		}
		if (c == 'y' || c == 'i') && silentY(lat, i) {
			if lat[i+1] == 'o' && c == 'y' {
				k.emitSrc('U', srcYo)
				i += 2
				continue
			}
			i++
			continue
		}
		sym := letterClass[c]
		if c == 'e' && len(k.b) == 0 {
			// A name starting with e is another name than one starting with
			// a or ə: Elmira/Almira, Elina/Alina. Russian keeps them apart
			// too (Эльмира, Альмира), unlike an ə inside a name.
			sym = 'E'
		}
		if sym != 0 {
			src := c
			if c == 'y' {
				src = 'i'
			}
			k.emitSrc(sym, src)
		}
		i++
	}
}

// finish devoices a final d or b, as Turkish spelling and Russian
// pronunciation do (Murad/Murat, Yaqub/Yakup), and returns the key.
func (k *keyBuf) finish() []byte {
	b := k.b
	if n := len(b); n > 0 {
		switch b[n-1] {
		case 'D':
			b[n-1] = 'T'
		case 'B':
			b[n-1] = 'P'
		}
		// Only sound classes merge: the bytes of a rune kept as is (a
		// script without a table) may repeat, as in त (E0 A4 A4).
		if n > 1 && b[n-1] < utf8.RuneSelf && b[n-1] == b[n-2] {
			b = b[:n-1]
			k.src = k.src[:n-1]
		}
	}
	return b
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

// silentY reports a y or i that only marks how the next vowel is
// pronounced. A y after a vowel and before e is one (Aliyev = Aliev,
// Sergeyev = Сергеев). So is a y between a consonant and u or o, where
// Russian writes ю for ü (Гюнель = Günel), and an i before u there, which
// is how ICAO writes ю (GIUNEL, Liudmila) and pinyin writes Лю (Liu).
func silentY(lat string, i int) bool {
	if i == 0 || i+1 >= len(lat) {
		return false
	}
	p, n := lat[i-1], lat[i+1]
	switch {
	case isVowelByte(p):
		return lat[i] == 'y' && n == 'e'
	case p >= 'a' && p <= 'z':
		return n == 'u' || lat[i] == 'y' && n == 'o'
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
		if isVowelClass(c) {
			continue
		}
		if c < utf8.RuneSelf && len(b) > 0 && b[len(b)-1] == c {
			continue
		}
		b = append(b, c)
	}
	return string(b)
}
