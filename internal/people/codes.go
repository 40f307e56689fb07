package people

import (
	"slices"
	"sync"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"inteqra/internal/i18n"
)

// Code is a country or language code with its name in one language.
type Code struct {
	Code string
	Name string
}

var tags = map[i18n.Lang]language.Tag{i18n.AZ: language.Azerbaijani, i18n.EN: language.English, i18n.RU: language.Russian}

// notISO are CLDR regions that ISO 3166-1 only reserves (Ascension, Canary
// Islands, …); no one holds their citizenship.
var notISO = map[string]bool{"AC": true, "CP": true, "CQ": true, "DG": true, "EA": true, "IC": true, "TA": true}

// countryCodes lists the ISO 3166-1 alpha-2 codes that CLDR names as countries.
var countryCodes = sync.OnceValue(func() []string {
	var codes []string
	en := display.Regions(language.English)
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			code := string([]rune{a, b})
			r, err := language.ParseRegion(code)
			// Deprecated codes (DD, SU, YU, …) canonicalise to their successors.
			if err != nil || !r.IsCountry() || r.Canonicalize().String() != code || en.Name(r) == "" || notISO[code] {
				continue
			}
			codes = append(codes, code)
		}
	}
	return codes
})

// IsCountry reports whether code is an ISO 3166-1 alpha-2 country code.
func IsCountry(code string) bool {
	_, ok := countryIndex()[code]
	return ok
}

var countryIndex = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, c := range countryCodes() {
		m[c] = true
	}
	return m
})

// CountryName returns the country's name in lang, capitalised as it stands
// alone (see i18n.Capitalize).
func CountryName(lang i18n.Lang, code string) string {
	r, err := language.ParseRegion(code)
	if err != nil {
		return code
	}
	if n := display.Regions(tags[lang]).Name(r); n != "" {
		return i18n.Capitalize(lang, n)
	}
	return code
}

// Countries returns every country with its name in lang, in that language's order.
func Countries(lang i18n.Lang) []Code {
	var list []Code
	for _, c := range countryCodes() {
		list = append(list, Code{Code: c, Name: CountryName(lang, c)})
	}
	i18n.SortFunc(list, func(c Code) string { return c.Name })
	return list
}

// languageCodes are the ISO 639-1 languages offered in forms: those migrants
// in Azerbaijan speak most, and the rest of CLDR's list after them.
// commonLanguages are the languages most migrants in Azerbaijan speak: the
// language pickers show them first and the rest on request.
var commonLanguages = languageCodes[:12]

// IsCommonLanguage reports whether code is one of the languages a picker
// shows first.
func IsCommonLanguage(code string) bool { return slices.Contains(commonLanguages, code) }

var languageCodes = []string{
	"az", "ru", "en", "tr", "fa", "ar", "ka", "uk", "uz", "tk", "kk", "ky", "tg", "ps", "ur", "hi", "bn",
	"zh", "de", "fr", "es", "it", "hy", "he", "ku", "ko", "ja", "pl", "ro", "bg", "be", "lt", "lv", "et",
	"sr", "hr", "bs", "sq", "el", "nl", "pt", "sv", "no", "fi", "da", "cs", "sk", "hu", "sl", "mk", "mn",
	"id", "ms", "vi", "th", "am", "so", "sw", "ha", "yo", "ig", "ne", "si", "ta", "te", "ml", "pa", "gu",
}

// IsLanguage reports whether code is one of the offered ISO 639-1 codes.
func IsLanguage(code string) bool {
	for _, c := range languageCodes {
		if c == code {
			return true
		}
	}
	return false
}

// LanguageName returns the language's name in lang, capitalised as it stands
// alone (see i18n.Capitalize).
func LanguageName(lang i18n.Lang, code string) string {
	t, err := language.Parse(code)
	if err != nil {
		return code
	}
	if n := display.Languages(tags[lang]).Name(t); n != "" {
		return i18n.Capitalize(lang, n)
	}
	return code
}

// Languages returns the offered languages with their names in lang, alphabetically.
func Languages(lang i18n.Lang) []Code {
	var list []Code
	for _, c := range languageCodes {
		list = append(list, Code{Code: c, Name: LanguageName(lang, c)})
	}
	i18n.SortFunc(list, func(c Code) string { return c.Name })
	return list
}
