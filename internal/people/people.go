// Package people is the person registry: every spelling of a person's name,
// residence status history, consent per purpose, family links, search across
// scripts and duplicate detection. Every other feature hangs on a person and
// reaches the registry through this package's Go API.
package people

import (
	"errors"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"inteqra/internal/i18n"
	"inteqra/internal/names"
	"inteqra/internal/textcheck"
)

// NameKind says which spelling of a name a Name is.
type NameKind string

// The spellings a name can come in.
const (
	NameAz       NameKind = "az"       // Azerbaijani Latin
	NamePassport NameKind = "passport" // Latin, as printed in the passport
	NameCyrillic NameKind = "cyrillic" // Russian Cyrillic
	NameNative   NameKind = "native"   // the person's own script
	NameAlias    NameKind = "alias"    // any other name the person is known by
)

// NameKinds lists the kinds in the order forms show them.
var NameKinds = []NameKind{NameAz, NamePassport, NameCyrillic, NameNative, NameAlias}

// Name is one spelling of a person's name.
type Name struct {
	Kind       NameKind
	Surname    string
	Given      string
	Patronymic string
}

// Full returns the name as it is written in lists: surname, given name, patronymic.
func (n Name) Full() string {
	return strings.Join(strings.Fields(n.Surname+" "+n.Given+" "+n.Patronymic), " ")
}

// Empty reports whether the name has no part filled in.
func (n Name) Empty() bool { return strings.TrimSpace(n.Full()) == "" }

// State is the life state of a record.
type State string

// Record states.
const (
	Active State = "active"
	Merged State = "merged" // merged into another record, kept for its history
	Erased State = "erased" // anonymised on request
)

// Sex as recorded in documents; empty when unknown.
type Sex string

// The values of Sex.
const (
	Female Sex = "f"
	Male   Sex = "m"
)

// Scripts a person reads and writes (literacy).
var Scripts = []string{"latin", "cyrillic", "arabic", "georgian", "other", "none"}

// Educations are the levels of education recorded.
var Educations = []string{"none", "primary", "secondary", "vocational", "higher", "postgraduate"}

// Person is a registry record.
type Person struct {
	ID           int64
	State        State
	MergedInto   int64
	DisplayName  string
	Names        []Name
	Sex          Sex
	BirthDate    time.Time // zero when only the year is known
	BirthYear    int       // 0 when unknown
	Stateless    bool
	Citizenships []string // ISO 3166-1 alpha-2
	Languages    []string // ISO 639-1
	Documents    []string // document numbers given without a residence status
	Script       string
	Education    string
	Phone        string
	Email        string
	Address      string
	RegionID     int64
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// Input is what a form, the API or an import gives to register a person.
type Input struct {
	Names        []Name
	Sex          Sex
	BirthDate    string // 2006-01-02, or empty
	BirthYear    int    // used when BirthDate is empty
	Stateless    bool
	Citizenships []string
	Languages    []string
	Script       string
	Education    string
	Phone        string
	Email        string
	Address      string
	RegionID     int64
	// DocumentNo is the number of the person's residence document, if known
	// at registration; it helps duplicate detection.
	DocumentNo string
	// DuplicateReason must be given to save a person who looks like an
	// existing record; it goes into the audit log.
	DuplicateReason string

	birthDate time.Time
}

// Validate checks and trims the input. It returns every problem at once,
// joined, each a translatable error naming its field.
func (in *Input) Validate(today time.Time) error {
	var l textcheck.List
	var names []Name
	for _, n := range in.Names {
		ok := l.Check("people.surname", n.Surname, textcheck.Name)
		ok = l.Check("people.given", n.Given, textcheck.Name) && ok
		ok = l.Check("people.patronymic", n.Patronymic, textcheck.Name) && ok
		n.Surname, n.Given, n.Patronymic = clean(n.Surname), clean(n.Given), clean(n.Patronymic)
		if n.Empty() {
			continue
		}
		switch {
		case !slices.Contains(NameKinds, n.Kind):
			l.Add(i18n.Errorf("people.error.name_kind"))
		case n.Surname == "" && n.Given == "":
			l.Add(i18n.Errorf("people.error.name_required", "Field", i18n.Key("people.surname")))
		case ok && utf8.RuneCountInString(n.Full()) > 200:
			l.Add(i18n.Errorf("people.error.name_long"))
		}
		names = append(names, n)
	}
	in.Names = names
	if len(names) == 0 {
		l.Add(i18n.Errorf("people.error.name_required", "Field", i18n.Key("people.surname")))
	}
	if in.Sex != "" && in.Sex != Female && in.Sex != Male {
		l.Add(i18n.Errorf("people.error.sex_invalid", "Field", i18n.Key("people.sex")))
	}
	if in.BirthDate != "" {
		d, err := time.Parse(time.DateOnly, in.BirthDate)
		switch {
		case err != nil:
			l.Add(i18n.Errorf("people.error.birth_date_invalid", "Field", i18n.Key("people.birth_date")))
		case d.After(today) || d.Year() < 1900:
			l.Add(i18n.Errorf("people.error.birth_date_range", "Field", i18n.Key("people.birth_date")))
		default:
			in.birthDate, in.BirthYear = d, d.Year()
		}
	} else if in.BirthYear != 0 && (in.BirthYear < 1900 || in.BirthYear > today.Year()) {
		l.Add(i18n.Errorf("people.error.birth_date_range", "Field", i18n.Key("people.birth_date")))
	}
	in.Citizenships = uniqueUpper(in.Citizenships)
	for _, c := range in.Citizenships {
		if !IsCountry(c) {
			l.Add(i18n.Errorf("people.error.country_invalid", "Code", textcheck.Excerpt(c), "Field", i18n.Key("people.citizenships")))
		}
	}
	if in.Stateless && len(in.Citizenships) > 0 {
		l.Add(i18n.Errorf("people.error.stateless_with_citizenship", "Field", i18n.Key("people.citizenships")))
	}
	in.Languages = uniqueLower(in.Languages)
	for _, c := range in.Languages {
		if !IsLanguage(c) {
			l.Add(i18n.Errorf("people.error.language_invalid", "Code", textcheck.Excerpt(c), "Field", i18n.Key("people.languages")))
		}
	}
	if in.Script != "" && !slices.Contains(Scripts, in.Script) {
		l.Add(i18n.Errorf("people.error.script_invalid"))
	}
	if in.Education != "" && !slices.Contains(Educations, in.Education) {
		l.Add(i18n.Errorf("people.error.education_invalid"))
	}
	if l.Check("people.phone", in.Phone, textcheck.PhoneNo) {
		if in.Phone = clean(in.Phone); in.Phone != "" && len(phoneDigits(in.Phone)) < 7 {
			l.Add(i18n.Errorf("people.error.phone_invalid", "Field", i18n.Key("people.phone")))
		}
	}
	if l.Check("people.email", in.Email, textcheck.EmailAddr) {
		in.Email = strings.ToLower(clean(in.Email))
	}
	if l.Check("people.address", in.Address, textcheck.Short) {
		in.Address = clean(in.Address)
	}
	if l.Check("people.document_no", in.DocumentNo, textcheck.DocNo) {
		in.DocumentNo = documentKey(in.DocumentNo)
	}
	if l.Check("people.duplicate_reason", in.DuplicateReason, textcheck.Short) {
		in.DuplicateReason = clean(in.DuplicateReason)
	}
	if in.RegionID < 0 {
		l.Add(textcheck.Unknown("people.region"))
	}
	return l.Err()
}

// filled names the fields of a validated input that hold a value, for the audit log.
func (in Input) filled() []string {
	fields := []string{"names"}
	add := func(name string, set bool) {
		if set {
			fields = append(fields, name)
		}
	}
	add("sex", in.Sex != "")
	add("birth", in.BirthYear != 0)
	add("citizenships", len(in.Citizenships) > 0 || in.Stateless)
	add("languages", len(in.Languages) > 0)
	add("script", in.Script != "")
	add("education", in.Education != "")
	add("phone", in.Phone != "")
	add("email", in.Email != "")
	add("address", in.Address != "")
	add("region", in.RegionID != 0)
	add("document_no", in.DocumentNo != "")
	return fields
}

// clean trims s and collapses runs of white space.
func clean(s string) string { return strings.Join(strings.Fields(s), " ") }

// uniqueUpper and uniqueLower return codes trimmed, cased, sorted and
// without repeats, so two inputs with the same codes compare equal.
func uniqueUpper(codes []string) []string { return uniqueCodes(codes, strings.ToUpper) }

func uniqueLower(codes []string) []string { return uniqueCodes(codes, strings.ToLower) }

func uniqueCodes(codes []string, caseFn func(string) string) []string {
	var out []string
	for _, c := range codes {
		if c = caseFn(strings.TrimSpace(c)); c != "" {
			out = append(out, c)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// phoneDigits keeps the digits of a phone number, so "+994 50 123-45-67"
// and "994501234567" are the same key.
func phoneDigits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	d := b.String()
	// Local numbers start with 0 (050 …); the international form with 994.
	if strings.HasPrefix(d, "0") && len(d) == 10 {
		d = "994" + d[1:]
	}
	return d
}

// displayName picks the spelling lists show: Azerbaijani Latin first, then
// passport Latin, then any.
func displayName(names []Name) string {
	for _, k := range []NameKind{NameAz, NamePassport, NameCyrillic, NameNative, NameAlias} {
		for _, n := range names {
			if n.Kind == k && !n.Empty() {
				return n.Full()
			}
		}
	}
	return ""
}

// CheckScripts refuses a spelling written in another alphabet than its kind
// asks for, such as Cyrillic in the Azerbaijani Latin fields, and offers the
// name transliterated. Forms call it with Validate; a bulk import does not,
// for an extract often holds Cyrillic in its Latin columns and the registry's
// search matches across scripts anyway.
func (in Input) CheckScripts() error {
	var errs []error
	for _, n := range in.Names {
		if wrongScript(n) {
			errs = append(errs, scriptError(n))
		}
	}
	return errors.Join(errs...)
}

// scriptOf is the alphabet a spelling of each kind is written in; the other
// kinds (native, alias) take any.
var scriptOf = map[NameKind]*unicode.RangeTable{NameAz: unicode.Latin, NamePassport: unicode.Latin, NameCyrillic: unicode.Cyrillic}

// wrongScript reports whether a letter of n is not in its kind's alphabet:
// a name typed in Cyrillic where Azerbaijani Latin is asked for.
func wrongScript(n Name) bool {
	table, ok := scriptOf[n.Kind]
	return ok && strings.ContainsFunc(n.Full(), func(r rune) bool { return unicode.IsLetter(r) && !unicode.Is(table, r) })
}

// scriptError says which alphabet the spelling wants and, for a Latin one,
// offers the name transliterated, for the person to check and use.
func scriptError(n Name) error {
	field := i18n.Key("people.surname")
	if strings.TrimSpace(n.Surname) == "" {
		field = i18n.Key("people.given")
	}
	if n.Kind == NameCyrillic {
		return i18n.Errorf("people.error.name_script_cyrillic", "Field", field)
	}
	return i18n.Errorf("people.error.name_script_latin", "Field", field, "Latin", textcheck.Excerpt(capitalised(names.Latin(n.Full()))))
}

// capitalised writes each word of s with a capital first letter, by
// Azerbaijani rules (i → İ).
func capitalised(s string) string {
	words := strings.Fields(s)
	for i, w := range words {
		r := []rune(w)
		words[i] = i18n.Upper(string(r[:1])) + string(r[1:])
	}
	return strings.Join(words, " ")
}
