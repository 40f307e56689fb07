package names

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
	fewTokensCap      = 0.7
)

// Same reports whether a and b are likely the same person's name: whether
// Compare scores them at Threshold or above.
func Same(a, b string) bool { return Compare(a, b).Score >= Threshold }

// Compare scores how likely two full names, in any supported scripts and in
// any token order, are the same person's. It is symmetric: Compare(a, b)
// and Compare(b, a) have the same Score, and their Reasons name the
// tokens the other way round.
func Compare(a, b string) Match {
	// One evaluation order for both argument orders makes the scores equal
	// to the last bit.
	if b < a {
		m := compare(b, a)
		for i := range m.Reasons {
			r := &m.Reasons[i]
			r.A, r.B = r.B, r.A
		}
		return m
	}
	return compare(a, b)
}

func compare(a, b string) Match {
	na, nb := Normalize(a), Normalize(b)
	if na == "" || nb == "" {
		return Match{}
	}
	if na == nb {
		return Match{Score: 1, Reasons: []Reason{{Kind: ReasonExact, A: na, B: nb, Score: 1}}}
	}
	return score(parse(na), parse(nb))
}

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
		if x.raw == y.raw {
			return scorePhonetic, ReasonPhonetic
		}
		return scoreVariant, ReasonVariant
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
	s := similarity(x.key, y.key)
	// A misspelling rarely changes the first sound, and another name
	// often does: Səfərov/Cəfərov, Əliyev/Vəliyev.
	if s >= fuzzyMin && x.key[0] == y.key[0] {
		return fuzzyWeight * s, ReasonFuzzy
	}
	return weakWeight * s, ReasonDifferent
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
