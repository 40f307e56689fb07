package names

import "strings"

// Threshold is the score from which Same takes two names for one person's.
// It was chosen on testdata/pairs.tsv; see TestPrecisionRecall.
const Threshold = 0.8

// Match is the result of comparing two names.
type Match struct {
	// Score is how likely the names are one person's, from 0 (nothing in
	// common) to 1 (the same after normalisation). It is meant for ranking
	// candidates and for Threshold; it is not a probability.
	Score float64
	// Reasons gives the evidence, one entry per pair of tokens, unmatched
	// token or whole-name adjustment, for showing to the person who decides.
	Reasons []Reason
}

// Reason is one piece of evidence behind a Match.
type Reason struct {
	Kind ReasonKind
	// A and B are the tokens compared, normalised, from the first and the
	// second name. One is empty for an unmatched token, and both are empty
	// for a reason about the whole name.
	A, B string
	// Score is what the token pair contributed, 0 to 1; 0 for reasons
	// that are not about a pair.
	Score float64
}

// ReasonKind names a kind of evidence.
type ReasonKind string

// The kinds of evidence, strongest first.
const (
	ReasonExact           ReasonKind = "exact"
	ReasonTransliteration ReasonKind = "same after transliteration"
	ReasonPhonetic        ReasonKind = "phonetic"
	ReasonVariant         ReasonKind = "known variant"
	ReasonSkeleton        ReasonKind = "same consonants"
	ReasonSexForm         ReasonKind = "surname sex form"
	ReasonSuffix          ReasonKind = "surname suffix variant"
	ReasonInitial         ReasonKind = "initial"
	ReasonFuzzy           ReasonKind = "fuzzy (edit distance)"
	ReasonDifferent       ReasonKind = "different"
	ReasonUnmatched       ReasonKind = "unmatched token"
	ReasonPatronymicGone  ReasonKind = "patronymic on one side only"
	ReasonOrderSwapped    ReasonKind = "token order swapped"
	ReasonFewTokens       ReasonKind = "one name token in common"
)

// The scores of a token pair by kind of evidence, and the adjustments for
// the whole name. Their spacing, with Threshold, decides which mixtures pass.
// Two names pass when every token is at least phonetic. A typo in one
// token passes when the other tokens are exact. An initial or a surname form
// passes only beside an exact or phonetic given name, and a fuzzy token
// beside a surname form does not.
const (
	scoreExact        = 1.0
	scoreTranslit     = 0.97
	scorePhonetic     = 0.93
	scoreVariant      = 0.9
	scoreSkeleton     = 0.85
	scoreBothInitials = 0.85
	scoreSexForm      = 0.75
	scoreInitial      = 0.75
	scoreSuffix       = 0.7
	fuzzyMin          = 0.85 // key similarity from which a difference is a misspelling
	fuzzyWeight       = 0.9
	weakWeight        = 0.4  // a rejected pair still ranks near misses above strangers
	extraTokenCost    = 0.25 // a token only one name has: a middle name or a dropped one
	patronymicFloor   = 0.55 // the factor left when the patronymics differ entirely
	patronymicGone    = 0.97
	swappedFactor     = 0.99 // so that the same order ranks first
	surnameFormCap    = 0.78 // another form of the surname: under Threshold, over the duplicate queue's 0.75
	fewTokensCap      = 0.7
)

// Same reports whether a and b are likely the same person's name: whether
// Compare scores them at Threshold or above.
func Same(a, b string) bool { return Compare(a, b).Score >= Threshold }

// Compare scores how likely two full names, in any supported scripts and in
// any token order, are the same person's. It is symmetric: Compare(a, b)
// and Compare(b, a) have the same Score, and their Reasons name the
// tokens the other way round.
func Compare(a, b string) Match { return Prepare(a).Compare(b) }

// tokenSim scores one pair of tokens by the strongest evidence found.
func tokenSim(x, y *token) (float64, ReasonKind) {
	switch {
	case x.norm == y.norm && !x.initial:
		return scoreExact, ReasonExact
	case x.initial || y.initial:
		return initialSim(x, y)
	case x.latin == y.latin:
		return scoreTranslit, ReasonTransliteration
	case x.key != "" && x.key == y.key:
		switch {
		case x.raw != y.raw && !womansForm(x, y):
			return scoreVariant, ReasonVariant
		case x.raw == y.raw && soundsAgree(x, y):
			return scorePhonetic, ReasonPhonetic
		}
		// The key joins them, but a letter it merges tells them apart:
		// Zakir and Zahir, Shevchenko and Shevchanko, Ivan and Ivanna
		// (whose key is Georgian Ivane's). That is another name.
		return weakWeight * max(1-costConsonant/float64(len(x.key)), 0), ReasonDifferent
	}
	if s, kind, ok := surnameForms(x, y); ok {
		return s, kind
	}
	if (x.abjad || y.abjad) && len(x.skel) >= 2 && x.skel == y.skel {
		return scoreSkeleton, ReasonSkeleton
	}
	if x.key == "" || y.key == "" {
		return 0, ReasonDifferent
	}
	var s float64
	if x.key == x.raw && y.key == y.raw {
		s = similaritySrc(x.key, y.key, x.src, y.src)
	} else {
		s = similarity(x.key, y.key)
	}
	// A misspelling rarely changes the first sound, and another name
	// often does: Səfərov/Cəfərov, Əliyev/Vəliyev. A final -a makes a
	// woman's name. And in a name that is not Azerbaijani a changed
	// vowel is not a transliteration of ə: only a slip of the hand is a
	// misspelling there.
	if s >= fuzzyMin && x.key[0] == y.key[0] && !womansForm(x, y) && !endsApart(x.key, y.key) && !vowelChanged(x, y) &&
		(!x.strict && !y.strict || slip(x.key, y.key)) {
		return fuzzyWeight * s, ReasonFuzzy
	}
	return weakWeight * s, ReasonDifferent
}

// soundsAgree reports whether two tokens of one raw key were written with
// letters that may stand for one another. The key merges k with h and x,
// because q stands for both, but Zakir and Zahir are two names. It merges
// pinyin n and ng, because Cyrillic (Palladius) writes both н, but pinyin
// Min and Ming are two names. And in a strict token (strictWord) it does
// not merge vowels at all, except ё written e or yo.
func soundsAgree(x, y *token) bool {
	if x.abjad || y.abjad || len(x.src) != len(x.raw) || len(y.src) != len(y.raw) {
		return true
	}
	strict := x.strict || y.strict
	for i := 0; i < len(x.src) && i < len(y.src); i++ {
		a, b := x.src[i], y.src[i]
		if a == b {
			continue
		}
		switch x.raw[i] {
		case 'K':
			if a == 'k' && (b == 'h' || b == 'x') || b == 'k' && (a == 'h' || a == 'x') {
				return false
			}
		case 'N':
			if !x.cyr && !y.cyr {
				return false
			}
		case 'A', 'E', 'U':
			if strict && a != srcYo && b != srcYo {
				return false
			}
		}
	}
	return true
}

// womansForm reports a man's name and the woman's name made from it with
// a final -a: Anar and Anara, Oleksandr and Oleksandra, Yevhen and
// Yevheniia, Əli and Əliyə, Oleg and Olga. The two have the same
// consonants, one ends in an a (or ə, я) and the other does not end in a
// vowel other than i.
func womansForm(x, y *token) bool {
	if x.abjad || y.abjad || len(x.src) != len(x.raw) || len(y.src) != len(y.raw) {
		return false
	}
	if !strings.HasSuffix(y.raw, "A") {
		x, y = y, x
	}
	m, f := x.raw, y.raw
	n := len(f)
	if len(m) == 0 || n == 0 || f[n-1] != 'A' || y.src[n-1] != 'a' {
		return false
	}
	if last := m[len(m)-1]; last == 'A' || last == 'U' || last == 'E' {
		return false
	}
	return strings.HasPrefix(f, m) || skeleton(m) == skeleton(f)
}

// vowelChanged reports two keys of one length and consonants where an a
// or e of one is an o or u of the other: no transliteration writes a as o
// (Sokolov and Sakolov, Elnur and Elnar, Rüfət and Rəfət), only ö as ё
// or е (Könül, Кёнуль) and ё as e or yo (Артём, Artem, Artyom).
func vowelChanged(x, y *token) bool {
	a, b := x.key, y.key
	if len(a) != len(b) || a != x.raw || b != y.raw || len(x.src) != len(a) || len(y.src) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		if a[i] == b[i] {
			continue
		}
		as, bs := x.src[i], y.src[i]
		switch {
		case a[i] == 'U' && b[i] == 'A':
			as, bs = bs, as
		case a[i] != 'A' || b[i] != 'U':
			continue
		}
		if as != 'e' || bs != 'o' && bs != srcYo {
			return true
		}
	}
	return false
}

// endsApart reports two short keys of which one ends in a vowel and the
// other does not: Nazim and Nəzmi, Ülvi and Ülvin are two names.
func endsApart(a, b string) bool {
	return min(len(a), len(b)) <= 5 && isVowelClass(a[len(a)-1]) != isVowelClass(b[len(b)-1])
}

// slip reports whether two keys differ by what a hand slips to: two sounds
// swapped, or an inner vowel dropped.
func slip(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	switch len(b) - len(a) {
	case 0:
		return i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
	case 1:
		return i > 0 && i < len(a) && isVowelClass(b[i]) && a[i:] == b[i+1:]
	}
	return false
}

// initialSim matches an initial with a name it may stand for, comparing
// sound classes so that C. stands for Jafar and Ş. for Shahin.
func initialSim(x, y *token) (float64, ReasonKind) {
	if x.key == "" || y.key == "" || x.key[0] != y.key[0] {
		return 0, ReasonDifferent
	}
	if x.initial && y.initial {
		return scoreBothInitials, ReasonInitial
	}
	return scoreInitial, ReasonInitial
}

// surnameForms matches two forms of one family name: Məmmədov and
// Məmmədova (sex forms), or Məmmədov, Məmmədli, Məmmədzadə and a bare
// Məmməd (suffix variants).
func surnameForms(x, y *token) (float64, ReasonKind, bool) {
	if x.suffix == noSuffix && y.suffix == noSuffix {
		return 0, "", false
	}
	xs, ys := x.stem, y.stem
	if xs == "" {
		xs = x.key
	}
	if ys == "" {
		ys = y.key
	}
	switch {
	case xs != ys || x.suffix == y.suffix:
		return 0, "", false
	case x.suffix == male && y.suffix == female, x.suffix == female && y.suffix == male:
		return scoreSexForm, ReasonSexForm, true
	}
	return scoreSuffix, ReasonSuffix, true
}
