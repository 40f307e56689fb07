package names

import (
	"math"
	"strings"
	"testing"
	"unicode/utf8"
)

var fuzzSeeds = []string{
	"Məmmədov Rəşad Əli oğlu", "Мамедов Рашад Али оглы", "MAMMADOV RASHAD", "İSMAYIL",
	"გიორგი ბერიძე", "محمد رضایی", "Mehmet Yılmaz", "Олександр Коваленко", "R. Ə. Məmmədov",
	"Abdul-Rahman  O'Neil", "Zhang Wei", "王伟", "वर्मा अमित", "ΑΣ-Β", "ᄀ-ᅡ", "e\u0301\u064b", "", " - ",
}

func FuzzNormalize(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := Normalize(s)
		if again := Normalize(n); again != n {
			t.Fatalf("Normalize not idempotent: %q → %q → %q", s, n, again)
		}
		if !utf8.ValidString(n) || strings.Contains(n, "  ") || strings.TrimSpace(n) != n {
			t.Fatalf("Normalize(%q) = %q: invalid UTF-8 or stray spaces", s, n)
		}
		lat := Latin(s)
		if Latin(n) != lat {
			t.Fatalf("Latin(Normalize(%q)) = %q, Latin = %q", s, Latin(n), lat)
		}
		if again := Latin(lat); again != lat {
			t.Fatalf("Latin not idempotent: %q → %q → %q", s, lat, again)
		}
		k := Key(s)
		if strings.Contains(k, " ") || k != Key(n) {
			t.Fatalf("Key(%q) = %q, Key(Normalize) = %q", s, k, Key(n))
		}
		// Transliterating first changes nothing for a single word outside
		// Arabic script, whose vowel letters Latin cannot keep apart.
		if !strings.Contains(n, " ") && !hasArabic(n) {
			if kl := Key(lat); kl != k {
				t.Fatalf("Key(Latin(%q)) = %q, Key = %q", s, kl, k)
			}
		}
		for _, key := range append(Keys(s), SearchKeys(s)...) {
			if key == "" || strings.Contains(key, " ") || !utf8.ValidString(key) {
				t.Fatalf("Keys(%q) has %q", s, key)
			}
		}
		_ = SearchKeys(s)
	})
}

func FuzzCompare(f *testing.F) {
	for i, s := range fuzzSeeds {
		f.Add(s, fuzzSeeds[(i+1)%len(fuzzSeeds)])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		ab, ba := Compare(a, b), Compare(b, a)
		if math.IsNaN(ab.Score) || ab.Score < 0 || ab.Score > 1 {
			t.Fatalf("Compare(%q, %q) = %v, want 0..1", a, b, ab.Score)
		}
		if ab.Score != ba.Score {
			t.Fatalf("Compare(%q, %q) = %v, but %v the other way", a, b, ab.Score, ba.Score)
		}
		if Normalize(a) != "" {
			if self := Compare(a, a).Score; self != 1 {
				t.Fatalf("Compare(%q, itself) = %v, want 1", a, self)
			}
		}
	})
}
