// Package i18n holds the catalogues (az, en, ru), language negotiation,
// per-language formatting of dates and numbers, and Azerbaijani collation and
// casing.
//
// # Catalogues
//
// The messages live in locales/az.toml, locales/en.toml and locales/ru.toml,
// embedded in the binary and parsed by go-i18n. Each file is flat: one quoted
// dotted key per line, a string for a plain message and an inline table for a
// plural one:
//
//	"app.name" = "inteqra"
//	"auth.locked" = "Try again in {{.Minutes}} minutes."
//	"people.count" = { one = "{{.Count}} person", other = "{{.Count}} people" }
//
// Quote every key. An unquoted dotted key would become a nested TOML table,
// and go-i18n reads a nested table whose last part is a plural form name
// (one, few, other, …) as a plural message, silently changing its ID.
// Placeholders are text/template actions; the result is plain text, so
// html/template escapes it where it is shown. Azerbaijani and Russian forms
// follow CLDR: az and en need one and other, ru needs one, few, many and
// other. The tests hold every file to that and to having the same keys.
//
// # Text
//
// Azerbaijani pairs İ with i and I with ı, so the standard library's
// strings.ToUpper, strings.ToLower and strings.EqualFold are wrong for names.
// Use Upper, Lower, Fold and Compare here instead.
package i18n

import (
	"golang.org/x/text/language"
	"slices"
)

// Lang is one of the languages the system speaks: an ISO 639-1 code.
type Lang string

// The supported languages. AZ is the default.
const (
	AZ Lang = "az"
	EN Lang = "en"
	RU Lang = "ru"
)

// Langs lists the supported languages in display order, the default first.
var Langs = []Lang{AZ, EN, RU}

// tags is Langs as language tags; the matcher's first tag is its fallback,
// which is why AZ comes first.
var tags = []language.Tag{language.Azerbaijani, language.English, language.Russian}

var matcher = language.NewMatcher(tags)

// Tag returns the language tag of l.
func (l Lang) Tag() language.Tag {
	if i := slices.Index(Langs, l); i >= 0 {
		return tags[i]
	}
	return language.Und
}

// Parse returns the supported language named by s, a BCP 47 tag in any case
// ("az", "AZ", "az-Latn-AZ", "ru-RU", "en-GB"). Only the base language
// counts, so a region or script never makes a known language unknown.
func Parse(s string) (Lang, bool) {
	if s == "" {
		return "", false
	}
	t, err := language.Parse(s)
	if err != nil {
		return "", false
	}
	base, _ := t.Base()
	l := Lang(base.String())
	for _, known := range Langs {
		if l == known {
			return l, true
		}
	}
	return "", false
}

// Match returns the supported language that best fits an Accept-Language
// header, respecting its q-values, and AZ when nothing fits or the header is
// malformed.
func Match(acceptLanguage string) Lang {
	prefs, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(prefs) == 0 {
		return AZ
	}
	_, i, conf := matcher.Match(prefs...)
	if conf == language.No {
		return AZ
	}
	return Langs[i]
}
