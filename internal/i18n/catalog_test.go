package i18n

import (
	"bytes"
	"log/slog"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"text/template"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
)

// loadOnce shares one catalogue between tests: it is read-only after Load.
var loadOnce = sync.OnceValues(Load)

func catalog(t testing.TB) *Catalog {
	t.Helper()
	c, err := loadOnce()
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return c
}

// requiredForms are the CLDR plural categories each language uses for
// integers, plus other, which go-i18n falls back to and ru uses for fractions.
var requiredForms = map[Lang][]string{
	AZ: {"one", "other"},
	EN: {"one", "other"},
	RU: {"one", "few", "many", "other"},
}

func messageForms(m *goi18n.Message) map[string]string {
	all := map[string]string{
		"zero": m.Zero, "one": m.One, "two": m.Two,
		"few": m.Few, "many": m.Many, "other": m.Other,
	}
	for k, v := range all {
		if v == "" {
			delete(all, k)
		}
	}
	return all
}

func isPlural(m *goi18n.Message) bool {
	return m.Zero != "" || m.One != "" || m.Two != "" || m.Few != "" || m.Many != ""
}

func allKeys(c *Catalog) []string {
	var keys []string
	for _, l := range Langs {
		keys = append(keys, c.Keys(l)...)
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}

func TestCatalogKeysInEveryLanguage(t *testing.T) {
	t.Parallel()
	c := catalog(t)
	keys := allKeys(c)
	for _, want := range []string{"app.name", "app.tagline", "lang.az", "lang.en", "lang.ru",
		"lang.switch", "error.internal", "error.not_found", "error.forbidden", "test.count"} {
		if !slices.Contains(keys, want) {
			t.Errorf("catalogues lack %q", want)
		}
	}
	for _, key := range keys {
		for _, l := range Langs {
			if !c.Has(l, key) {
				t.Errorf("%s.toml lacks %q", l, key)
				continue
			}
			for form, text := range messageForms(c.messages[l][key]) {
				if strings.TrimSpace(text) == "" {
					t.Errorf("%s.toml: %q form %s is blank", l, key, form)
				}
			}
			if c.messages[l][key].Other == "" {
				t.Errorf("%s.toml: %q has no text (or no other form)", l, key)
			}
		}
	}
}

func TestCatalogPluralForms(t *testing.T) {
	t.Parallel()
	c := catalog(t)
	for _, key := range allKeys(c) {
		plural := false
		for _, l := range Langs {
			if m := c.messages[l][key]; m != nil && isPlural(m) {
				plural = true
			}
		}
		if !plural {
			continue
		}
		// A message plural in one language must be plural in all, or N
		// would show the same form for every count there.
		for _, l := range Langs {
			m := c.messages[l][key]
			if m == nil {
				continue // reported by TestCatalogKeysInEveryLanguage
			}
			got := messageForms(m)
			for _, form := range requiredForms[l] {
				if got[form] == "" {
					t.Errorf("%s.toml: plural %q lacks form %s", l, key, form)
				}
			}
		}
	}
}

var placeholder = regexp.MustCompile(`\{\{-?\s*\.(\w+)`)

// TestCatalogPlaceholders catches a translation that drops or renames an
// argument, and a message that is not a valid template.
func TestCatalogPlaceholders(t *testing.T) {
	t.Parallel()
	c := catalog(t)
	for _, key := range allKeys(c) {
		var want []string
		for i, l := range Langs {
			m := c.messages[l][key]
			if m == nil {
				continue
			}
			var names []string
			for form, text := range messageForms(m) {
				if _, err := template.New("").Parse(text); err != nil {
					t.Errorf("%s.toml: %q form %s: %v", l, key, form, err)
				}
				for _, sub := range placeholder.FindAllStringSubmatch(text, -1) {
					names = append(names, sub[1])
				}
			}
			slices.Sort(names)
			names = slices.Compact(names)
			if i == 0 {
				want = names
			} else if !slices.Equal(names, want) {
				t.Errorf("%s.toml: %q uses %v, az.toml uses %v", l, key, names, want)
			}
		}
	}
}

func TestCatalogKeysSorted(t *testing.T) {
	t.Parallel()
	c := catalog(t)
	for _, l := range Langs {
		keys := c.Keys(l)
		if len(keys) == 0 || !slices.IsSorted(keys) {
			t.Errorf("Keys(%s) = %v, want a non-empty sorted list", l, keys)
		}
	}
	if got := c.Keys("de"); len(got) != 0 {
		t.Errorf(`Keys("de") = %v, want none`, got)
	}
	if c.Has(AZ, "no.such.key") {
		t.Error(`Has(AZ, "no.such.key") = true, want false`)
	}
}

// TestTOMLFormat pins down how go-i18n v2.7 reads the catalogue format the
// package doc describes, including the trap that makes quoting necessary.
func TestTOMLFormat(t *testing.T) {
	t.Parallel()
	fsys := testFS(map[Lang]string{AZ: `
"a.b.c" = "flat"
"people.count" = { one = "{{.Count}} nəfər", other = "{{.Count}} nəfər" }
nested.key = "nested"
trap.other = "not what it seems"
`})
	c, err := load(fsys)
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	want := []string{"a.b.c", "nested.key", "people.count", "trap"}
	if got := c.Keys(AZ); !slices.Equal(got, want) {
		t.Errorf("Keys = %v, want %v", got, want)
	}
	if m := c.messages[AZ]["people.count"]; m.One == "" || m.Other == "" {
		t.Errorf("people.count = %+v, want one and other forms", m)
	}
}

func TestLoadRejectsBadFiles(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"malformed TOML":  `"a.b" = `,
		"bare plural":     `other = "whole file read as one message"`,
		"mixed plural":    `"a.b" = { one = "x", colour = "y" }`,
		"non-string text": `"a.b" = 5`,
	}
	for name, src := range tests {
		if _, err := load(testFS(map[Lang]string{AZ: src})); err == nil {
			t.Errorf("%s: load succeeded, want an error", name)
		}
	}
	if _, err := load(fstest.MapFS{}); err == nil {
		t.Error("load of an empty FS succeeded, want an error")
	}
}

// testFS returns catalogue files with the given contents; languages not
// given get an empty file.
func testFS(files map[Lang]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for _, l := range Langs {
		fsys["locales/"+string(l)+".toml"] = &fstest.MapFile{Data: []byte(files[l])}
	}
	return fsys
}

// testCatalog loads small catalogues for printer tests and captures the log.
func testCatalog(t *testing.T) (*Catalog, *bytes.Buffer) {
	t.Helper()
	c, err := load(testFS(map[Lang]string{
		AZ: `
"hello" = "Salam, {{.Name}}!"
"az.only" = "yalnız azərbaycanca"
"items" = { one = "{{.Count}} {{.Kind}}", other = "{{.Count}} {{.Kind}}" }
"plain" = "sadə"
"broken" = "{{.Name"
`,
		EN: `
"hello" = "Hello, {{.Name}}!"
"items" = { one = "{{.Count}} {{.Kind}} item", other = "{{.Count}} {{.Kind}} items" }
"plain" = "plain"
`,
		RU: `
"hello" = "Здравствуйте, {{.Name}}!"
"items" = { one = "{{.Count}} предмет", few = "{{.Count}} предмета", many = "{{.Count}} предметов", other = "{{.Count}} предмета" }
"plain" = "простой"
`,
	}))
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	var buf bytes.Buffer
	c.log = slog.New(slog.NewTextHandler(&buf, nil))
	return c, &buf
}

// A key that is missing is logged once and listed by Problems.
func TestCatalogProblems(t *testing.T) {
	t.Parallel()
	c, err := Load() // its own: Problems is per catalogue
	if err != nil {
		t.Fatal(err)
	}
	if p := c.Problems(); len(p) != 0 {
		t.Fatalf("a fresh catalogue has problems: %v", p)
	}
	c.Printer(RU).T("no.such.key")
	c.Printer(RU).T("no.such.key")
	if got, want := c.Problems(), []string{"ru: no.such.key"}; !slices.Equal(got, want) {
		t.Errorf("Problems() = %v, want %v", got, want)
	}
}
