package names

import (
	"sort"
	"strings"
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
	if parts := splitHanzi(w); parts != nil {
		// Chinese characters are read in pinyin (王伟 as wangwei).
		var py strings.Builder
		for _, p := range parts {
			py.WriteString(p.pinyin)
		}
		t := newHanziToken(hanziPart{w, py.String()}, 0)
		return t.key
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
