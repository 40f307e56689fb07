package i18n

import (
	"embed"
	"fmt"
	"io/fs"
	"log/slog"
	"slices"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"
	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

//go:embed locales/*.toml
var locales embed.FS

// Catalog holds the messages of every supported language. It is read-only
// once loaded, and so safe for concurrent use.
type Catalog struct {
	bundle   *goi18n.Bundle
	messages map[Lang]map[string]*goi18n.Message
	printers map[Lang]*Printer
	warned   sync.Map     // lang + "\x00" + key → struct{}: problems already logged
	log      *slog.Logger // nil means slog.Default(); tests set their own
}

// Load parses the embedded catalogues. It fails on a malformed file, so a
// broken catalogue stops the server at start rather than on some page later.
func Load() (*Catalog, error) {
	return load(locales)
}

// load reads locales/<lang>.toml for every language from fsys, so tests can
// load catalogues of their own.
func load(fsys fs.FS) (*Catalog, error) {
	b := goi18n.NewBundle(language.Azerbaijani)
	b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	c := &Catalog{
		bundle:   b,
		messages: make(map[Lang]map[string]*goi18n.Message, len(Langs)),
		printers: make(map[Lang]*Printer, len(Langs)),
	}
	for _, l := range Langs {
		path := "locales/" + string(l) + ".toml"
		buf, err := fs.ReadFile(fsys, path)
		if err != nil {
			return nil, fmt.Errorf("i18n: %w", err)
		}
		f, err := b.ParseMessageFileBytes(buf, path)
		if err != nil {
			return nil, fmt.Errorf("i18n: parse %s: %w", path, err)
		}
		msgs := make(map[string]*goi18n.Message, len(f.Messages))
		for _, m := range f.Messages {
			// An empty ID means the whole file was read as one message,
			// which happens when a top-level key is a plural form name.
			if m.ID == "" {
				return nil, fmt.Errorf("i18n: parse %s: message without a key", path)
			}
			msgs[m.ID] = m
		}
		c.messages[l] = msgs
	}
	for _, l := range Langs {
		c.printers[l] = &Printer{
			cat:  c,
			lang: l,
			loc:  goi18n.NewLocalizer(b, string(l)),
			form: forms[l],
		}
	}
	return c, nil
}

// Keys returns the sorted message IDs present in l's file.
func (c *Catalog) Keys(l Lang) []string {
	keys := make([]string, 0, len(c.messages[l]))
	for k := range c.messages[l] {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// Has reports whether l's file defines key.
func (c *Catalog) Has(l Lang, key string) bool {
	_, ok := c.messages[l][key]
	return ok
}

// Printer returns the printer for l, or for AZ when l is not supported, so a
// stale language cookie still gets a page.
func (c *Catalog) Printer(l Lang) *Printer {
	if p, ok := c.printers[l]; ok {
		return p
	}
	return c.printers[AZ]
}

// Problems returns the catalogue problems seen so far, each as "lang: key"
// (a key missing in a language, a message that failed to render), sorted: a
// test checks that the pages it opened used none.
func (c *Catalog) Problems() []string {
	var list []string
	c.warned.Range(func(k, _ any) bool {
		l, key, _ := strings.Cut(k.(string), "\x00")
		list = append(list, l+": "+key)
		return true
	})
	slices.Sort(list)
	return list
}

// warnOnce logs a catalogue problem the first time it is seen, so a missing
// key on a busy page does not flood the log.
func (c *Catalog) warnOnce(l Lang, key string, err error) {
	if _, seen := c.warned.LoadOrStore(string(l)+"\x00"+key, struct{}{}); seen {
		return
	}
	log := c.log
	if log == nil {
		log = slog.Default()
	}
	log.Warn("i18n: message problem", "lang", string(l), "key", key, "err", err)
}
