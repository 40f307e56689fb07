package names

import (
	"bufio"
	"math"
	"os"
	"strings"
	"testing"
)

type labelledPair struct {
	a, b  string
	same  bool
	note  string
	class string // from the last "# class: NAME" line, or "base"
	line  int
}

func readPairs(t *testing.T) []labelledPair {
	t.Helper()
	f, err := os.Open("testdata/pairs.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var pairs []labelledPair
	class := "base"
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		if c, ok := strings.CutPrefix(text, "# class: "); ok {
			class = strings.TrimSpace(c)
			continue
		}
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		cols := strings.Split(text, "\t")
		if len(cols) != 4 || (cols[2] != "same" && cols[2] != "different") {
			t.Fatalf("pairs.tsv:%d: want name, name, same|different, note; got %q", line, text)
		}
		pairs = append(pairs, labelledPair{cols[0], cols[1], cols[2] == "same", cols[3], class, line})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return pairs
}

// counts holds the outcomes of Same on a set of labelled pairs.
type counts struct{ tp, fp, fn, tn int }

func (c *counts) add(same, got bool) {
	switch {
	case same && got:
		c.tp++
	case same:
		c.fn++
	case got:
		c.fp++
	default:
		c.tn++
	}
}

// precision is NaN without "same" answers, and recall without "same" pairs.
func (c counts) precision() float64 { return float64(c.tp) / float64(c.tp+c.fp) }
func (c counts) recall() float64    { return float64(c.tp) / float64(c.tp+c.fn) }

// minPrecision and minRecall are what TestPrecisionRecall requires of the
// whole set and of each class.
const minPrecision, minRecall = 0.97, 0.97

// TestPrecisionRecall measures Same on the labelled pairs, overall and per
// class. It is the evidence for Threshold: precision counts the "same"
// answers that were right, recall the same-person pairs that were found. A
// class without "different" pairs has no false matches to count, and one
// without "same" pairs no recall; a false match in a class without "same"
// pairs gives it precision 0.
func TestPrecisionRecall(t *testing.T) {
	t.Parallel()
	pairs := readPairs(t)
	var all counts
	byClass := map[string]*counts{}
	var classes []string
	for _, p := range pairs {
		m := Compare(p.a, p.b)
		got := m.Score >= Threshold
		switch {
		case p.same && !got:
			t.Logf("missed (line %d, %s, %s): %q ~ %q: %.3f %v", p.line, p.class, p.note, p.a, p.b, m.Score, m.Reasons)
		case !p.same && got:
			t.Logf("false match (line %d, %s, %s): %q ~ %q: %.3f %v", p.line, p.class, p.note, p.a, p.b, m.Score, m.Reasons)
		}
		all.add(p.same, got)
		c := byClass[p.class]
		if c == nil {
			c = &counts{}
			byClass[p.class] = c
			classes = append(classes, p.class)
		}
		c.add(p.same, got)
	}
	if n := all.tn + all.fp; len(pairs) < 150 || n < 60 {
		t.Errorf("got %d pairs, %d different; want at least 150 and 60", len(pairs), n)
	}
	for _, name := range classes {
		c := byClass[name]
		t.Logf("class %-24s %3d same, %3d different: precision %.3f, recall %.3f (tp %d, fp %d, fn %d, tn %d)",
			name, c.tp+c.fn, c.fp+c.tn, c.precision(), c.recall(), c.tp, c.fp, c.fn, c.tn)
		if c.fp > 0 && c.precision() < minPrecision {
			t.Errorf("class %s: precision %.3f, want at least %.2f", name, c.precision(), minPrecision)
		}
		if c.tp+c.fn > 0 && c.recall() < minRecall {
			t.Errorf("class %s: recall %.3f, want at least %.2f", name, c.recall(), minRecall)
		}
	}
	t.Logf("all: %d pairs (%d same, %d different), threshold %.2f: precision %.3f, recall %.3f (tp %d, fp %d, fn %d, tn %d)",
		len(pairs), all.tp+all.fn, all.fp+all.tn, Threshold, all.precision(), all.recall(), all.tp, all.fp, all.fn, all.tn)
	if all.precision() < minPrecision {
		t.Errorf("precision %.3f, want at least %.2f", all.precision(), minPrecision)
	}
	if all.recall() < minRecall {
		t.Errorf("recall %.3f, want at least %.2f", all.recall(), minRecall)
	}
}

// TestThresholdSweep logs precision and recall around Threshold, to show
// the choice of threshold was not a knife edge. Run with -v to see it.
func TestThresholdSweep(t *testing.T) {
	t.Parallel()
	pairs := readPairs(t)
	scores := make([]float64, len(pairs))
	for i, p := range pairs {
		scores[i] = Compare(p.a, p.b).Score
	}
	for th := 0.70; th < 0.951; th += 0.025 {
		var tp, fp, fn int
		for i, p := range pairs {
			got := scores[i] >= th
			switch {
			case p.same && got:
				tp++
			case p.same:
				fn++
			case got:
				fp++
			}
		}
		t.Logf("threshold %.3f: precision %.3f, recall %.3f", th,
			float64(tp)/float64(tp+fp), float64(tp)/float64(tp+fn))
	}
}

// TestPairsKeysMeet checks the index side of the labelled pairs: a search
// for one spelling of a person must reach the other through at least one
// shared key, or Compare never sees the candidate.
func TestPairsKeysMeet(t *testing.T) {
	t.Parallel()
	for _, p := range readPairs(t) {
		if !p.same || !Same(p.a, p.b) {
			continue
		}
		if !keysMeet(SearchKeys(p.a), Keys(p.b)) || !keysMeet(SearchKeys(p.b), Keys(p.a)) {
			t.Errorf("line %d: %q and %q match but share no key: search %v, index %v; search %v, index %v",
				p.line, p.a, p.b, SearchKeys(p.a), Keys(p.b), SearchKeys(p.b), Keys(p.a))
		}
	}
}

func keysMeet(search, index []string) bool {
	in := make(map[string]bool, len(index))
	for _, k := range index {
		in[k] = true
	}
	for _, k := range search {
		if in[k] {
			return true
		}
	}
	return false
}

func TestCompareCases(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		a, b     string
		min, max float64
		kinds    []ReasonKind // kinds that must be among the reasons
	}{
		{"exact after normalisation", "MƏMMƏDOV  Rəşad", "məmmədov rəşad", 1, 1, []ReasonKind{ReasonExact}},
		{"transliteration", "Məmmədov Rəşad", "Mammadov Rashad", 0.96, 0.98, []ReasonKind{ReasonTransliteration}},
		{"phonetic", "Məmmədov Rəşad", "Мамедов Рашад", 0.9, 0.95, []ReasonKind{ReasonPhonetic}},
		{"swapped order", "Rəşad Məmmədov", "Мамедов Рашад", 0.9, 0.95, []ReasonKind{ReasonOrderSwapped}},
		{"sex form is family, not full", "Məmmədov", "Məmmədova", 0.75, 0.75, []ReasonKind{ReasonSexForm}},
		{"sex form with the same given name", "Məmmədova Aysel", "Məmmədov Aysel", 0.75, 0.79, []ReasonKind{ReasonSexForm}},
		{"Polish sex form", "Kowalski Jan", "Kowalska Jan", 0.75, 0.79, []ReasonKind{ReasonSexForm}},
		{"suffix variant", "Məmmədli", "Məmmədov", 0.7, 0.7, []ReasonKind{ReasonSuffix}},
		{"zadə variant", "Məmmədzadə Rəşad", "Məmmədov Rəşad", 0.75, 0.79, []ReasonKind{ReasonSuffix}},
		{"suffix variant with the father's name", "Məmmədli Rəşad Əli oğlu", "Məmmədov Rəşad Əli oğlu", 0.8, 0.9, []ReasonKind{ReasonSuffix}},
		{"k is not h", "Zakir Həsənov", "Zahir Həsənov", 0, 0.79, []ReasonKind{ReasonDifferent}},
		{"a diphthong's y is a consonant", "Leyla Quliyeva", "Lalə Quliyeva", 0, 0.79, []ReasonKind{ReasonDifferent}},
		{"a woman's name", "Aleksandr Melnik", "Aleksandra Melnik", 0, 0.79, []ReasonKind{ReasonDifferent}},
		{"a Ukrainian surname's vowel", "Tetiana Shevchenko", "Tetiana Shevchanko", 0, 0.79, []ReasonKind{ReasonDifferent}},
		{"Belarusian and Russian forms", "Аляксандр Новік", "Александр Новик", 0.9, 0.95, []ReasonKind{ReasonVariant}},
		{"ё as yo", "Артём Соколов", "Artyom Sokolov", 0.9, 0.95, []ReasonKind{ReasonFuzzy}},
		{"Hanzi and pinyin", "王小明", "Wang Xiaoming", 0.97, 0.97, []ReasonKind{ReasonTransliteration}},
		{"pinyin n and ng", "赵敏", "Zhao Ming", 0, 0.79, []ReasonKind{ReasonDifferent}},
		{"unknown Hanzi", "王𠀀", "Wang Wei", 0, 0.7, nil},
		{"initial", "R. Məmmədov", "Rəşad Məmmədov", 0.85, 0.9, []ReasonKind{ReasonInitial}},
		{"initial by sound", "C. Hüseynov", "Jafar Huseynov", 0.8, 0.9, []ReasonKind{ReasonInitial}},
		{"patronymic missing costs little", "Məmmədov Rəşad Əli oğlu", "Məmmədov Rəşad", 0.95, 0.98, []ReasonKind{ReasonPatronymicGone}},
		{"patronymics differ", "Məmmədov Rəşad Əli oğlu", "Məmmədov Rəşad Vüqar oğlu", 0, 0.7, nil},
		{"one token in common", "Məmmədov", "Məmmədov Rəşad", 0.7, 0.7, []ReasonKind{ReasonFewTokens}},
		{"Arabic script by consonants", "محمد رضایی", "Mohammad Rezaei", 0.8, 0.9, []ReasonKind{ReasonSkeleton}},
		{"typo", "Məmmədov Rəşad", "Məmmədvo Rəşad", 0.85, 0.95, []ReasonKind{ReasonFuzzy}},
		{"strangers", "Məmmədov Rəşad", "Beridze Giorgi", 0, 0.3, []ReasonKind{ReasonDifferent}},
		{"empty", "", "Məmmədov", 0, 0, nil},
		{"punctuation only", "-- . ,", "-- . ,", 0, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := Compare(tt.a, tt.b)
			if m.Score < tt.min-1e-9 || m.Score > tt.max+1e-9 {
				t.Errorf("Compare(%q, %q) = %.3f, want %.2f..%.2f; reasons %v", tt.a, tt.b, m.Score, tt.min, tt.max, m.Reasons)
			}
			for _, k := range tt.kinds {
				if !hasKind(m, k) {
					t.Errorf("Compare(%q, %q): no %q among %v", tt.a, tt.b, k, m.Reasons)
				}
			}
		})
	}
}

func hasKind(m Match, k ReasonKind) bool {
	for _, r := range m.Reasons {
		if r.Kind == k {
			return true
		}
	}
	return false
}

func TestCompareSymmetric(t *testing.T) {
	t.Parallel()
	for _, p := range readPairs(t) {
		ab, ba := Compare(p.a, p.b), Compare(p.b, p.a)
		if ab.Score != ba.Score || math.IsNaN(ab.Score) {
			t.Errorf("line %d: Compare(a, b) = %v, Compare(b, a) = %v", p.line, ab.Score, ba.Score)
		}
		if len(ab.Reasons) != len(ba.Reasons) {
			t.Fatalf("line %d: %d reasons one way, %d the other", p.line, len(ab.Reasons), len(ba.Reasons))
		}
		for i := range ab.Reasons {
			r, s := ab.Reasons[i], ba.Reasons[i]
			if r.Kind != s.Kind || r.A != s.B || r.B != s.A {
				t.Errorf("line %d: reason %v one way, %v the other", p.line, r, s)
			}
		}
	}
}

// TestTokenSimSymmetric checks the token scores themselves, which Compare's
// fixed evaluation order would otherwise hide.
func TestTokenSimSymmetric(t *testing.T) {
	t.Parallel()
	for _, p := range readPairs(t) {
		ta, tb := parse(Normalize(p.a)), parse(Normalize(p.b))
		for i := range ta {
			for j := range tb {
				s1, k1 := tokenSim(&ta[i], &tb[j])
				s2, k2 := tokenSim(&tb[j], &ta[i])
				if s1 != s2 || k1 != k2 {
					t.Errorf("line %d: tokenSim(%q, %q) = %v %s, the other way %v %s",
						p.line, ta[i].norm, tb[j].norm, s1, k1, s2, k2)
				}
			}
		}
	}
}
