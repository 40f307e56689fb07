package names

// The costs of the edit distance between two keys. They are weighted so
// that what typing and transliteration do is cheap, and what tells two
// names apart is dear.
const (
	costTranspose   = 0.5 // Mammadvo: a typing slip
	costInnerVowel  = 0.5 // Elchn, Нигяр/Nigar: an inner vowel dropped or added
	costEdgeVowel   = 1.0 // Anar/Anara: a final vowel makes another name
	costConsonantIn = 1.0 // a consonant dropped or added
	costVoicing     = 0.5 // Mehdiyev/Мехтиев, Ələkbərov/Алекперов
	costConsonant   = 1.5 // Ramil/Ramiz, Nəsibov/Nəsirov: another name
	costIU          = 0.5 // Qasımov/Касумов: ı is written и, ы or у
	costAU          = 0.75
	costAI          = 1.0 // Kamil/Kamal, Rəşid/Rəşad: another name
)

// similarity returns 1 minus the weighted edit distance between two keys,
// divided by the longer length: 1 for equal keys, 0 or less for unrelated
// ones (clamped to 0). It is symmetric.
func similarity(a, b string) float64 { return similaritySrc(a, b, "", "") }

// similaritySrc is similarity with the letters behind the keys (keyBuf.src),
// or "" where they are not known. With them, an a or e against an o or u
// is dear unless it is ё, written e or yo, or ö, which Russian writes ё:
// Кёнуль is Könül, but Elnar is not Elnur, nor Rəfət Rüfət.
func similaritySrc(a, b, as, bs string) float64 {
	if a == b {
		return 1
	}
	n := max(len(a), len(b))
	if n == 0 {
		return 1
	}
	if len(as) != len(a) || len(bs) != len(b) {
		as, bs = "", ""
	}
	s := 1 - distance(a, b, as, bs)/float64(n)
	return max(s, 0)
}

// distance is the optimal-string-alignment distance (Damerau–Levenshtein
// without editing a substring twice) with the costs above. as and bs are
// the letters behind a and b, or "".
func distance(a, b, as, bs string) float64 {
	la, lb := len(a), len(b)
	// Three rows suffice for the transposition look-back.
	prev2 := make([]float64, lb+1)
	prev := make([]float64, lb+1)
	cur := make([]float64, lb+1)
	for j := 1; j <= lb; j++ {
		prev[j] = prev[j-1] + indel(b, j-1)
	}
	for i := 1; i <= la; i++ {
		cur[0] = prev[0] + indel(a, i-1)
		for j := 1; j <= lb; j++ {
			d := prev[j-1] + subst(a[i-1], b[j-1])
			if as != "" && d > prev[j-1] {
				d = prev[j-1] + substSrc(a[i-1], b[j-1], as[i-1], bs[j-1])
			}
			d = min(d, prev[j]+indel(a, i-1), cur[j-1]+indel(b, j-1))
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] && a[i-1] != b[j-1] {
				d = min(d, prev2[j-2]+costTranspose)
			}
			cur[j] = d
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[lb]
}

func isVowelClass(c byte) bool { return c == 'A' || c == 'E' || c == 'I' || c == 'U' }

// indel is the cost of inserting or deleting s[i].
func indel(s string, i int) float64 {
	if !isVowelClass(s[i]) {
		return costConsonantIn
	}
	if i == 0 || i == len(s)-1 {
		return costEdgeVowel
	}
	if s[i] == 'I' && isVowelClass(s[i-1]) && !isVowelClass(s[i+1]) {
		// The y of a diphthong is a consonant in Azerbaijani: Leyla is not
		// Lalə, nor Aysel Asel.
		return costConsonantIn
	}
	return costInnerVowel
}

// substSrc is subst for two sounds whose letters are known.
func substSrc(x, y, xs, ys byte) float64 {
	c := subst(x, y)
	if c != costAU {
		return c
	}
	if x == 'U' {
		xs, ys = ys, xs
	}
	switch {
	case xs == 'e' && ys == srcYo:
		return 0 // Артём: Artem, Artyom
	case xs == 'e' && ys == 'o':
		return costAU // Кёнуль, Кенуль: Könül
	}
	return costAI
}

// subst is the cost of writing y where x was.
func subst(x, y byte) float64 {
	if x == y {
		return 0
	}
	if x > y {
		x, y = y, x
	}
	vx, vy := isVowelClass(x), isVowelClass(y)
	pair := [2]byte{x, y}
	switch {
	case vx && vy:
		switch pair {
		case [2]byte{'I', 'U'}:
			return costIU
		case [2]byte{'A', 'U'}:
			return costAU
		}
		return costAI
	case vx || vy:
		return costConsonant
	}
	switch pair {
	case [2]byte{'B', 'P'}, [2]byte{'D', 'T'}, [2]byte{'F', 'V'}:
		return costVoicing
	}
	return costConsonant
}
