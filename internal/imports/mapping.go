package imports

import (
	"slices"
	"strconv"
	"strings"
	"unicode"

	"inteqra/internal/i18n"
	"inteqra/internal/textcheck"

	"inteqra/internal/people"
)

// Field is a person field that a column of an import file can fill. Name
// fields are a part and a spelling: "surname_az", "given_passport",
// "full_cyrillic" (a whole name: surname, given name, patronymic).
type Field string

// The fields besides names.
const (
	FieldSex        Field = "sex"
	FieldBirthDate  Field = "birth_date"
	FieldBirthYear  Field = "birth_year"
	FieldCitizens   Field = "citizenship" // ISO 3166 codes, several separated by ; or ,
	FieldStateless  Field = "stateless"   // yes or no
	FieldLanguages  Field = "languages"   // ISO 639 codes, several separated by ; or ,
	FieldPhone      Field = "phone"
	FieldEmail      Field = "email"
	FieldAddress    Field = "address"
	FieldDocumentNo Field = "document_no"
	FieldStatusKind Field = "status_kind"
	FieldGround     Field = "status_ground"
	FieldIssuedOn   Field = "status_issued_on"
	FieldValidFrom  Field = "status_valid_from"
	FieldValidTo    Field = "status_valid_to"
)

// nameKinds are the spellings an import fills; aliases come later by hand.
var nameKinds = []people.NameKind{people.NameAz, people.NamePassport, people.NameCyrillic, people.NameNative}

// nameParts are the parts of a name field; "full" is a whole name in one
// column, split as surname, given name, then the rest as patronymic.
var nameParts = []string{"surname", "given", "patronymic", "full"}

// Fields lists every field in the order the mapping page offers them.
var Fields = func() []Field {
	var list []Field
	for _, k := range nameKinds {
		for _, p := range nameParts {
			list = append(list, nameField(p, k))
		}
	}
	return append(list, FieldSex, FieldBirthDate, FieldBirthYear, FieldCitizens, FieldStateless, FieldLanguages,
		FieldPhone, FieldEmail, FieldAddress, FieldDocumentNo, FieldStatusKind, FieldGround, FieldIssuedOn,
		FieldValidFrom, FieldValidTo)
}()

func nameField(part string, k people.NameKind) Field { return Field(part + "_" + string(k)) }

// NameOf splits a name field into its part ("surname", "given",
// "patronymic" or "full") and its spelling; ok is false for other fields.
func (f Field) NameOf() (part string, kind people.NameKind, ok bool) {
	part, k, found := strings.Cut(string(f), "_")
	if !found || !slices.Contains(nameParts, part) || !slices.Contains(nameKinds, people.NameKind(k)) {
		return "", "", false
	}
	return part, people.NameKind(k), true
}

// Mapping says which field each column of a file fills, by column index;
// "" leaves a column out.
type Mapping []Field

// Check reports the first problem with m for a file with headers: an unknown
// field, a field filled from two columns, or no name column at all.
func (m Mapping) Check(headers []string) error {
	if len(m) > len(headers) {
		return i18n.Errorf("import.error.mapping_columns")
	}
	first := map[Field]int{}
	named := false
	for i, f := range m {
		if f == "" {
			continue
		}
		if !slices.Contains(Fields, f) {
			return i18n.Errorf("import.error.field_unknown", "Field", textcheck.Excerpt(string(f)))
		}
		if j, ok := first[f]; ok {
			return i18n.Errorf("import.error.field_twice", "First", ColumnName(headers, j), "Second", ColumnName(headers, i))
		}
		first[f] = i
		if _, _, ok := f.NameOf(); ok {
			named = true
		}
	}
	if !named {
		return i18n.Errorf("import.error.no_name_column")
	}
	return nil
}

// ColumnName is the header of column i, or its number when the header is blank.
func ColumnName(headers []string, i int) string {
	if i < len(headers) && headers[i] != "" {
		return headers[i]
	}
	return "#" + strconv.Itoa(i+1)
}

// Spec writes m as "column=field,…" for the command line and logs.
func (m Mapping) Spec(headers []string) string {
	var parts []string
	for i, f := range m {
		if f != "" {
			parts = append(parts, ColumnName(headers, i)+"="+string(f))
		}
	}
	return strings.Join(parts, ",")
}

// ParseMapping applies spec, "column=field,…", to base: a column is named by
// its header or its 1-based number, and an empty field or "-" leaves it out.
func ParseMapping(headers []string, spec string, base Mapping) (Mapping, error) {
	m := make(Mapping, len(headers))
	copy(m, base)
	for item := range strings.SplitSeq(spec, ",") {
		if strings.TrimSpace(item) == "" {
			continue
		}
		col, field, _ := strings.Cut(item, "=")
		col, field = strings.TrimSpace(col), strings.TrimSpace(field)
		i := columnIndex(headers, col)
		if i < 0 {
			return nil, i18n.Errorf("import.error.column_unknown", "Column", col)
		}
		if field == "-" {
			field = ""
		}
		if field != "" && !slices.Contains(Fields, Field(field)) {
			return nil, i18n.Errorf("import.error.field_unknown", "Field", field)
		}
		m[i] = Field(field)
	}
	return m, nil
}

func columnIndex(headers []string, col string) int {
	for i, h := range headers {
		if i18n.Fold(h) == i18n.Fold(col) {
			return i
		}
	}
	if n, err := strconv.Atoi(strings.TrimPrefix(col, "#")); err == nil && n >= 1 && n <= len(headers) {
		return n - 1
	}
	return -1
}

// headerPhrases are what columns are called in az, en and ru, written as
// headerTokens leaves them. "part:" marks a name part, whose spelling comes
// from a qualifier in the header or from the values.
var headerPhrases = []struct {
	target  string
	phrases []string
}{
	{"part:surname", []string{"soyad", "soyadi", "surname", "last name", "lastname", "family name", "фамилия"}},
	{"part:given", []string{"ad", "adi", "name", "first name", "firstname", "given name", "given names", "forename", "имя"}},
	{"part:patronymic", []string{"ata adi", "atasinin adi", "patronymic", "middle name", "father name", "father s name", "отчество"}},
	{"part:full", []string{"soyad ad ata adi", "soyadi adi atasinin adi", "s a a", "ad soyad", "soyad ad", "full name", "fullname",
		"name and surname", "фио", "ф и о", "фамилия имя отчество", "полное имя"}},
	{string(FieldSex), []string{"cins", "cinsi", "sex", "gender", "пол"}},
	{string(FieldBirthDate), []string{"dogum tarixi", "doguldugu tarix", "date of birth", "birth date", "birthdate", "dob", "дата рождения"}},
	{string(FieldBirthYear), []string{"dogum ili", "birth year", "year of birth", "год рождения"}},
	{string(FieldCitizens), []string{"vetendasliq", "vetendasligi", "citizenship", "citizenships", "nationality", "гражданство"}},
	{string(FieldStateless), []string{"vetendasligi olmayan", "vetendasligi olmayan sexs", "stateless", "apatrid", "без гражданства", "лбг"}},
	{string(FieldLanguages), []string{"dil", "diller", "bildiyi diller", "language", "languages", "язык", "языки"}},
	{string(FieldPhone), []string{"telefon", "tel", "mobil", "phone", "mobile", "telephone", "телефон"}},
	{string(FieldEmail), []string{"e poct", "epoct", "elektron poct", "email", "e mail", "электронная почта", "эл почта", "почта"}},
	{string(FieldAddress), []string{"unvan", "yasayis yeri", "address", "адрес", "место жительства"}},
	{string(FieldDocumentNo), []string{"sened nomresi", "senedin nomresi", "icaze nomresi", "vesiqe nomresi", "document number",
		"document no", "permit number", "номер документа", "номер разрешения"}},
	{string(FieldIssuedOn), []string{"verilme tarixi", "verildiyi tarix", "issued on", "issue date", "date of issue", "дата выдачи"}},
	{string(FieldValidFrom), []string{"baslama tarixi", "etibarlidir baslangic", "valid from", "действует с", "действителен с"}},
	{string(FieldValidTo), []string{"bitme tarixi", "etibarliliq muddeti", "valid to", "valid until", "expiry date", "expires",
		"действует до", "действителен до", "срок действия"}},
	// After the dates, so that "Status valid to" is a date.
	{string(FieldStatusKind), []string{"status", "statusu", "icazenin novu", "icaze novu", "permit type", "status kind",
		"residence status", "статус", "вид разрешения"}},
	{string(FieldGround), []string{"esas", "ground", "basis", "основание"}},
}

// kindQualifiers name a spelling inside a header: "Soyad (pasport)".
var kindQualifiers = []struct {
	kind  people.NameKind
	words []string
}{
	{people.NamePassport, []string{"pasport", "passport", "паспорт", "паспорту", "latin", "latinica", "латиницей", "латиница", "lat", "лат"}},
	{people.NameCyrillic, []string{"kiril", "kirill", "cyrillic", "кириллица", "кириллицей", "rus", "russian", "русский", "по русски", "рус"}},
	{people.NameNative, []string{"native", "ana dilinde", "dogma", "original", "родной", "на родном языке"}},
	{people.NameAz, []string{"az", "azerbaycan", "azerbaycanca", "azerbaijani", "азербайджанский", "по азербайджански"}},
}

// asciiAz writes the Azerbaijani letters the way people type them without
// an Azerbaijani keyboard, so "Doğum tarixi" and "Dogum tarixi" match.
var asciiAz = strings.NewReplacer("ə", "e", "ğ", "g", "ı", "i", "ş", "s", "ç", "c", "ö", "o", "ü", "u", "ё", "е")

// headerTokens folds a header and splits it into words.
func headerTokens(h string) []string {
	h = asciiAz.Replace(i18n.Fold(h))
	return strings.FieldsFunc(h, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// containsRun reports whether words holds phrase as consecutive words.
func containsRun(words []string, phrase string) bool {
	p := strings.Fields(phrase)
	for i := 0; i+len(p) <= len(words); i++ {
		if slices.Equal(words[i:i+len(p)], p) {
			return true
		}
	}
	return false
}

// SuggestMapping guesses the field of each column from its header, in
// Azerbaijani, English or Russian, or the field's own code. The spelling of
// a name column comes from a qualifier in its header, or else from the
// script of the sample values. A field already taken leaves a later column out.
func SuggestMapping(headers []string, sample [][]string) Mapping {
	m := make(Mapping, len(headers))
	taken := map[Field]bool{}
	for i, h := range headers {
		f := suggestField(h, column(sample, i))
		if f != "" && !taken[f] {
			m[i], taken[f] = f, true
		}
	}
	return m
}

func column(rows [][]string, i int) []string {
	var vals []string
	for _, r := range rows {
		if i < len(r) && strings.TrimSpace(r[i]) != "" {
			vals = append(vals, r[i])
		}
	}
	return vals
}

func suggestField(header string, values []string) Field {
	code := strings.ToLower(strings.TrimSpace(header))
	if slices.Contains(Fields, Field(code)) {
		return Field(code)
	}
	words := headerTokens(header)
	best, bestLen := "", 0
	for _, hp := range headerPhrases {
		for _, p := range hp.phrases {
			if n := len(strings.Fields(p)); n > bestLen && containsRun(words, p) {
				best, bestLen = hp.target, n
			}
		}
	}
	part, ok := strings.CutPrefix(best, "part:")
	if !ok {
		return Field(best)
	}
	for _, q := range kindQualifiers {
		for _, w := range q.words {
			if containsRun(words, asciiAz.Replace(w)) {
				return nameField(part, q.kind)
			}
		}
	}
	return nameField(part, scriptKind(values))
}

// scriptKind guesses the spelling of name values: Cyrillic, another
// non-Latin script (native), Latin with Azerbaijani letters, or Latin in
// capitals as passports print it.
func scriptKind(values []string) people.NameKind {
	var cyr, other, latin, azLetters, lower int
	for _, v := range values {
		for _, r := range v {
			switch {
			case !unicode.IsLetter(r):
			case unicode.Is(unicode.Cyrillic, r):
				cyr++
			case unicode.Is(unicode.Latin, r):
				latin++
				if strings.ContainsRune("əƏğĞıİşŞçÇöÖüÜ", r) {
					azLetters++
				}
				if unicode.IsLower(r) {
					lower++
				}
			default:
				other++
			}
		}
	}
	switch {
	case cyr > latin && cyr >= other:
		return people.NameCyrillic
	case other > latin:
		return people.NameNative
	case latin > 0 && azLetters == 0 && lower == 0:
		return people.NamePassport
	}
	return people.NameAz
}

// Column is a field of another feature's import and the phrases its
// column's header may hold in az, en and ru, written as the headers are
// folded: lower case, Azerbaijani letters as typed without an Azerbaijani
// keyboard (ə as e, ş as s), words split at anything but letters and digits.
type Column struct {
	Field   string
	Phrases []string
}

// SuggestColumns guesses the field of each column from its header, by the
// same matching as SuggestMapping: the field's own code, or the longest
// phrase the header holds. A field already taken leaves a later column out.
func SuggestColumns(headers []string, columns []Column) []string {
	m := make([]string, len(headers))
	taken := map[string]bool{}
	for i, h := range headers {
		best, bestLen := "", 0
		code := strings.ToLower(strings.TrimSpace(h))
		words := headerTokens(h)
		for _, c := range columns {
			if c.Field == code {
				best, bestLen = c.Field, 1000
			}
			for _, p := range c.Phrases {
				if n := len(strings.Fields(p)); n > bestLen && containsRun(words, p) {
					best, bestLen = c.Field, n
				}
			}
		}
		if best != "" && !taken[best] {
			m[i], taken[best] = best, true
		}
	}
	return m
}
