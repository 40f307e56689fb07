package imports

import (
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/language"

	"inteqra/internal/i18n"

	"inteqra/internal/people"
)

// converter turns the cells of one row into the input of a person and, when
// a status column has a value, of a residence status.
type converter struct {
	file  *File
	cols  map[Field]int // the column of each mapped field
	names []Field       // mapped name fields, in Fields order
	today time.Time
}

func newConverter(f *File, m Mapping, today time.Time) converter {
	c := converter{file: f, cols: map[Field]int{}, today: today}
	for i, field := range m {
		if field != "" {
			c.cols[field] = i
		}
	}
	for _, field := range Fields {
		if _, ok := c.cols[field]; ok {
			if _, _, isName := field.NameOf(); isName {
				c.names = append(c.names, field)
			}
		}
	}
	return c
}

// cell returns the trimmed value of field in cells, "" when unmapped or missing.
func (c converter) cell(cells []string, f Field) string {
	i, ok := c.cols[f]
	if !ok || i >= len(cells) {
		return ""
	}
	return strings.TrimSpace(cells[i])
}

// issue is a problem with a row, in the column of field ("" for the row).
func (c converter) issue(f Field, key string, args ...any) *Issue {
	is := &Issue{Kind: IssueInvalid, Reason: i18n.Errorf(key, args...)}
	if i, ok := c.cols[f]; ok {
		is.Column = ColumnName(c.file.Headers, i)
	}
	return is
}

// row converts and validates one row. A bad row comes back as an issue
// naming the column and the reason, with the same rules as the form.
func (c converter) row(cells []string) (people.Input, *people.StatusInput, *Issue) {
	in := people.Input{}
	byKind := map[people.NameKind]*people.Name{}
	for _, f := range c.names {
		v := c.cell(cells, f)
		if v == "" {
			continue
		}
		part, kind, _ := f.NameOf()
		n := byKind[kind]
		if n == nil {
			n = &people.Name{Kind: kind}
			byKind[kind] = n
		}
		switch part {
		case "surname":
			n.Surname = v
		case "given":
			n.Given = v
		case "patronymic":
			n.Patronymic = v
		case "full":
			// Names in lists and documents here come surname first.
			words := strings.Fields(v)
			n.Surname = words[0]
			if len(words) > 1 {
				n.Given = words[1]
			}
			if len(words) > 2 {
				n.Patronymic = strings.Join(words[2:], " ")
			}
		}
	}
	for _, k := range nameKinds {
		if n := byKind[k]; n != nil {
			in.Names = append(in.Names, *n)
		}
	}
	in.Sex = sexOf(c.cell(cells, FieldSex))
	if v := c.cell(cells, FieldBirthDate); v != "" {
		d, ok := c.file.CellDate(v)
		if !ok {
			return in, nil, c.issue(FieldBirthDate, "import.error.date_format", "Value", v)
		}
		in.BirthDate = d
	} else if v := c.cell(cells, FieldBirthYear); v != "" {
		y, err := strconv.Atoi(strings.TrimSuffix(v, ".0"))
		if err != nil {
			return in, nil, c.issue(FieldBirthYear, "import.error.year_format", "Value", v)
		}
		in.BirthYear = y
	}
	in.Citizenships = codes(c.cell(cells, FieldCitizens), countryCode)
	if v := c.cell(cells, FieldStateless); v != "" {
		yes, ok := yesNo(v)
		if !ok {
			return in, nil, c.issue(FieldStateless, "import.error.yes_no", "Value", v)
		}
		in.Stateless = yes
	}
	in.Languages = codes(c.cell(cells, FieldLanguages), languageCode)
	in.Phone, in.Email, in.Address = c.cell(cells, FieldPhone), c.cell(cells, FieldEmail), c.cell(cells, FieldAddress)
	in.DocumentNo = c.cell(cells, FieldDocumentNo)
	if err := in.Validate(c.today); err != nil {
		return in, nil, c.validationIssue(err)
	}
	// A status checks this too; a document without a status goes into the index.
	if len(in.DocumentNo) > 40 {
		return in, nil, c.issue(FieldDocumentNo, "people.error.document_long")
	}
	st, issue := c.status(cells, in.DocumentNo)
	return in, st, issue
}

// status reads the residence status columns; nil when all are empty.
func (c converter) status(cells []string, documentNo string) (*people.StatusInput, *Issue) {
	kind, ground := c.cell(cells, FieldStatusKind), c.cell(cells, FieldGround)
	st := &people.StatusInput{Kind: statusKindOf(kind), Ground: groundOf(ground), DocumentNo: documentNo}
	dates := []struct {
		field Field
		dst   *string
	}{{FieldIssuedOn, &st.IssuedOn}, {FieldValidFrom, &st.ValidFrom}, {FieldValidTo, &st.ValidTo}}
	empty := kind == "" && ground == ""
	for _, d := range dates {
		v := c.cell(cells, d.field)
		if v == "" {
			continue
		}
		empty = false
		day, ok := c.file.CellDate(v)
		if !ok {
			return nil, c.issue(d.field, "import.error.date_format", "Value", v)
		}
		if y, _ := strconv.Atoi(day[:4]); y < 1950 || y > 2100 {
			return nil, c.issue(d.field, "people.error.date_invalid")
		}
		*d.dst = day
	}
	if empty {
		return nil, nil
	}
	if err := st.Validate(); err != nil {
		return nil, c.validationIssue(err)
	}
	return st, nil
}

// issueFields says which column a validation message is about; the first
// mapped one is named.
var issueFields = map[string][]Field{
	"people.error.sex_invalid":                {FieldSex},
	"people.error.birth_date_invalid":         {FieldBirthDate},
	"people.error.birth_date_range":           {FieldBirthDate, FieldBirthYear},
	"people.error.country_invalid":            {FieldCitizens},
	"people.error.stateless_with_citizenship": {FieldStateless, FieldCitizens},
	"people.error.language_invalid":           {FieldLanguages},
	"people.error.phone_invalid":              {FieldPhone},
	"people.error.email_invalid":              {FieldEmail},
	"people.error.status_kind":                {FieldStatusKind},
	"people.error.ground_required":            {FieldGround, FieldStatusKind},
	"people.error.document_long":              {FieldDocumentNo},
	"people.error.valid_to_before_from":       {FieldValidTo},
	"people.error.valid_to_required":          {FieldValidTo, FieldStatusKind},
}

// labelFields says which column a text check's field label is about.
var labelFields = map[i18n.Key][]Field{
	"people.phone":       {FieldPhone},
	"people.email":       {FieldEmail},
	"people.address":     {FieldAddress},
	"people.document_no": {FieldDocumentNo},
	"people.ground":      {FieldGround},
}

func (c converter) validationIssue(err error) *Issue {
	var ie *i18n.Error
	if !errors.As(err, &ie) {
		ie = i18n.Errorf("error.internal")
	}
	is := &Issue{Kind: IssueInvalid, Reason: ie}
	fields := issueFields[ie.Key]
	if strings.HasPrefix(ie.Key, "people.error.name") {
		fields = c.names
	}
	// A text check names its field by the label's key.
	if label := ie.Field(); label != "" {
		if f, ok := labelFields[label]; ok {
			fields = f
		}
		if strings.HasPrefix(string(label), "people.surname") || label == "people.given" || label == "people.patronymic" {
			fields = c.names
		}
	}
	for _, f := range fields {
		if i, ok := c.cols[f]; ok {
			is.Column = ColumnName(c.file.Headers, i)
			break
		}
	}
	return is
}

// sexOf reads f or m from the words for female and male in az, en and ru;
// anything else is kept for Validate to refuse.
func sexOf(v string) people.Sex {
	if v == "" {
		return ""
	}
	switch first, _ := firstRune(i18n.Fold(v)); first {
	case 'f', 'w', 'q', 'ж':
		return people.Female
	case 'm', 'k', 'м':
		return people.Male
	}
	return people.Sex(v)
}

func firstRune(s string) (rune, bool) {
	for _, r := range s {
		return r, true
	}
	return 0, false
}

// yesNo reads a yes or no in az, en or ru, or as 1/0, x, +/-.
func yesNo(v string) (bool, bool) {
	switch asciiAz.Replace(i18n.Fold(v)) {
	case "1", "yes", "y", "true", "beli", "he", "var", "да", "д", "x", "+", "✓":
		return true, true
	case "0", "no", "n", "false", "xeyr", "yox", "нет", "н", "-":
		return false, true
	}
	return false, false
}

// codes splits a list of codes at ; , / or spaces and normalises each.
func codes(v string, norm func(string) string) []string {
	if v == "" {
		return nil
	}
	var out []string
	for _, c := range strings.FieldsFunc(v, func(r rune) bool { return r == ';' || r == ',' || r == '/' || unicode.IsSpace(r) }) {
		out = append(out, norm(c))
	}
	return out
}

// countryCode turns ISO 3166 alpha-3 and numeric codes into alpha-2, as
// registers abroad often write them; an unknown code is kept for Validate.
func countryCode(c string) string {
	if r, err := language.ParseRegion(c); err == nil && len(c) != 2 {
		return r.String()
	}
	return strings.ToUpper(c)
}

// languageCode turns ISO 639-2/3 codes into ISO 639-1 where one exists.
func languageCode(c string) string {
	if b, err := language.ParseBase(c); err == nil {
		return b.String()
	}
	return strings.ToLower(c)
}

// statusWords maps words found in status columns to the kinds; codes are
// accepted as they are.
var statusWords = []struct {
	kind  people.StatusKind
	words []string
}{
	{people.StatelessPerson, []string{"stateless", "vetendasligi olmayan", "apatrid", "апатрид", "лбг", "без гражданства"}},
	{people.TemporaryPermit, []string{"temporary", "muveqqeti", "временное", "временного", "врв", "рвп"}},
	{people.PermanentPermit, []string{"permanent", "daimi", "постоянное", "постоянного", "пмж", "вид на жительство"}},
	{people.AsylumSeeker, []string{"asylum", "siginacaq", "убежище", "убежища"}},
	{people.Refugee, []string{"refugee", "qacqin", "беженец"}},
	{people.Naturalised, []string{"naturalised", "naturalized", "vetendasliga qebul", "натурализован", "натурализация"}},
}

func statusKindOf(v string) people.StatusKind {
	code := strings.ToLower(strings.TrimSpace(v))
	for _, k := range people.StatusKinds {
		if code == string(k) {
			return k
		}
	}
	words := headerTokens(v)
	for _, sw := range statusWords {
		for _, w := range sw.words {
			if containsRun(words, w) {
				return sw.kind
			}
		}
	}
	return people.StatusKind(v)
}

// groundWords maps the first word of a ground to its code.
var groundWords = map[string]string{
	"family": "family", "aile": "family", "семья": "family", "семейное": "family", "воссоединение": "family",
	"work": "work", "is": "work", "employment": "work", "работа": "work", "трудовая": "work", "трудоустройство": "work",
	"study": "study", "tehsil": "study", "education": "study", "учеба": "study", "обучение": "study",
	"investment": "investment", "investisiya": "investment", "инвестиции": "investment",
	"property": "property", "emlak": "property", "недвижимость": "property",
	"other": "other", "diger": "other", "другое": "other",
}

func groundOf(v string) string {
	words := headerTokens(v)
	if len(words) == 0 {
		return ""
	}
	if g, ok := groundWords[words[0]]; ok {
		return g
	}
	return v
}
