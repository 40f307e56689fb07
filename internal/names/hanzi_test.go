package names

import (
	"strings"
	"testing"
	"unicode"
)

// TestHanziReadings checks that every entry of the tables is characters
// followed by a pinyin syllable or two, and that no character is read two
// ways as a given name.
func TestHanziReadings(t *testing.T) {
	t.Parallel()
	for name, src := range map[string]string{"surnames": hanziSurnamesText, "given": hanziGivenText} {
		seen := map[string]string{}
		for _, f := range strings.Fields(src) {
			i := strings.IndexFunc(f, func(r rune) bool { return r < unicode.MaxASCII })
			if i <= 0 || strings.Trim(f[i:], "abcdefghijklmnopqrstuvwxyz") != "" {
				t.Errorf("%s: bad entry %q", name, f)
				continue
			}
			if p, ok := seen[f[:i]]; ok && p != f[i:] {
				t.Errorf("%s: %s read %s and %s", name, f[:i], p, f[i:])
			}
			seen[f[:i]] = f[i:]
		}
	}
	if len(hanziSurnames) < 200 || len(hanziGiven) < 300 {
		t.Errorf("%d surnames and %d given-name characters; want the commonest few hundred", len(hanziSurnames), len(hanziGiven))
	}
}

func TestSplitHanzi(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"王伟", "王:wang 伟:wei"},
		{"王小明", "王:wang 小明:xiaoming"},
		{"欧阳娜娜", "欧阳:ouyang 娜娜:nana"},
		{"欧阳", "欧:ou 阳:yang"}, // two characters: a surname and a given name
		{"明", "明:ming"},
		{"王𠀀", ""}, // a character the tables lack
		{"Wang", ""},
		{"Иван", ""},
	}
	for _, tt := range tests {
		var got []string
		for _, p := range splitHanzi(tt.in) {
			got = append(got, p.han+":"+p.pinyin)
		}
		if s := strings.Join(got, " "); s != tt.want {
			t.Errorf("splitHanzi(%q) = %q, want %q", tt.in, s, tt.want)
		}
	}
}
