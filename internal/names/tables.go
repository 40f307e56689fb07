package names

import (
	"golang.org/x/text/unicode/norm"
)

// latinTable transliterates lower-case letters of the Latin, Cyrillic and
// Georgian scripts; see Latin for the systems followed.
var latinTable = buildLatinTable()

func buildLatinTable() map[rune]string {
	m := make(map[rune]string, 1400)
	// Other Latin letters lose their diacritics: é→e, ñ→n, å→a.
	for r := rune(0xC0); r <= 0x24F; r++ {
		addBase(m, r)
	}
	for r := rune(0x1E00); r <= 0x1EFF; r++ {
		addBase(m, r)
	}
	for _, t := range [][2]string{
		// Azerbaijani and Turkish, as Azerbaijani passports spell them.
		{"ə", "a"}, {"ç", "ch"}, {"ş", "sh"}, {"ğ", "gh"}, {"ı", "i"}, {"ö", "o"}, {"ü", "u"},
		// Letters without a decomposition, and Slavic letters whose
		// diacritic changes the sound.
		{"ß", "ss"}, {"æ", "ae"}, {"œ", "oe"}, {"ø", "o"}, {"đ", "dj"}, {"ð", "d"}, {"þ", "th"},
		{"ł", "l"}, {"ħ", "h"}, {"ŋ", "ng"}, {"š", "sh"}, {"ž", "zh"}, {"č", "ch"}, {"ć", "ch"},
		// Cyrillic: Russian, Ukrainian, Belarusian.
		{"а", "a"}, {"б", "b"}, {"в", "v"}, {"г", "g"}, {"ґ", "g"}, {"д", "d"}, {"е", "e"},
		{"є", "ye"}, {"ж", "zh"}, {"з", "z"}, {"и", "i"}, {"і", "i"}, {"ї", "yi"}, {"й", "y"},
		{"к", "k"}, {"л", "l"}, {"м", "m"}, {"н", "n"}, {"о", "o"}, {"п", "p"}, {"р", "r"},
		{"с", "s"}, {"т", "t"}, {"у", "u"}, {"ў", "u"}, {"ф", "f"}, {"х", "kh"}, {"ц", "ts"},
		{"ч", "ch"}, {"ш", "sh"}, {"щ", "shch"}, {"ъ", ""}, {"ы", "y"}, {"ь", ""}, {"э", "e"},
		{"ю", "yu"}, {"я", "ya"}, {"ё", "e"}, // Normalize has made ё е already

		// Azerbaijani Cyrillic (ә is folded to ə by Normalize) and the
		// Central Asian letters of Kazakh, Uzbek, Tajik and Kyrgyz.
		{"ғ", "gh"}, {"ҹ", "j"}, {"ҷ", "j"}, {"ј", "y"}, {"һ", "h"}, {"ҳ", "h"}, {"ө", "o"},
		{"ү", "u"}, {"ұ", "u"}, {"ҝ", "g"}, {"қ", "q"}, {"ң", "ng"}, {"ӣ", "i"}, {"ӯ", "u"},
		// Serbian and Macedonian.
		{"ђ", "dj"}, {"ћ", "ch"}, {"љ", "lj"}, {"њ", "nj"}, {"џ", "dzh"}, {"ѕ", "dz"},
		// Georgian (Mkhedruli; Mtavruli capitals fold to it).
		{"ა", "a"}, {"ბ", "b"}, {"გ", "g"}, {"დ", "d"}, {"ე", "e"}, {"ვ", "v"}, {"ზ", "z"},
		{"თ", "t"}, {"ი", "i"}, {"კ", "k"}, {"ლ", "l"}, {"მ", "m"}, {"ნ", "n"}, {"ო", "o"},
		{"პ", "p"}, {"ჟ", "zh"}, {"რ", "r"}, {"ს", "s"}, {"ტ", "t"}, {"უ", "u"}, {"ფ", "p"},
		{"ქ", "k"}, {"ღ", "gh"}, {"ყ", "q"}, {"შ", "sh"}, {"ჩ", "ch"}, {"ც", "ts"}, {"ძ", "dz"},
		{"წ", "ts"}, {"ჭ", "ch"}, {"ხ", "kh"}, {"ჯ", "j"}, {"ჰ", "h"},
	} {
		m[[]rune(t[0])[0]] = t[1]
	}
	return m
}

// addBase maps a Latin letter with diacritics to its ASCII base letter,
// when its canonical decomposition starts with one.
func addBase(m map[rune]string, r rune) {
	d := norm.NFD.String(string(r))
	if c := d[0]; d != string(r) && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
		m[r] = string(c | 0x20)
	}
}

// arabicTable transliterates the letters of Persian, Arabic, Dari, Pashto
// and Urdu that do not depend on their neighbours; arabicLatin handles و,
// ی and ع. Letters Persian pronounces alike are kept apart in Latin (ث س ص
// all give s, which is what romanisations write).
var arabicTable = map[rune]string{
	'ا': "a", 'ب': "b", 'پ': "p", 'ت': "t", 'ث': "s", 'ج': "j", 'چ': "ch", 'ح': "h",
	'خ': "kh", 'د': "d", 'ذ': "z", 'ر': "r", 'ز': "z", 'ژ': "zh", 'س': "s", 'ش': "sh",
	'ص': "s", 'ض': "z", 'ط': "t", 'ظ': "z", 'غ': "gh", 'ف': "f", 'ق': "q", 'ک': "k",
	'گ': "g", 'ل': "l", 'م': "m", 'ن': "n", 'ه': "h", 'ء': "",
	// Urdu and Pashto.
	'ٹ': "t", 'ڈ': "d", 'ڑ': "r", 'ں': "n", 'ے': "e", 'ځ': "dz", 'څ': "ts", 'ږ': "zh",
	'ښ': "sh", 'ګ': "g", 'ڼ': "n", 'ې': "e", 'ۍ': "ay",
}
