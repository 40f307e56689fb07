package imports

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"inteqra/internal/people"
)

// readAll returns the header and data rows of a file, with their lines.
func readAll(t *testing.T, f *File) ([]int, [][]string) {
	t.Helper()
	var lines []int
	var rows [][]string
	if err := f.Rows(func(line int, cells []string) error {
		lines = append(lines, line)
		rows = append(rows, slices.Clone(cells))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return lines, rows
}

func xlsxBytes(t testing.TB, rows [][]any) []byte {
	t.Helper()
	x := excelize.NewFile()
	defer x.Close()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := x.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	buf, err := x.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestReadImportFile(t *testing.T) {
	t.Parallel()
	utf16, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte("Soyad\tAd\nƏliyev\tVüqar\n"))
	cp1251, _ := charmap.Windows1251.NewEncoder().Bytes([]byte("Фамилия;Имя\nИванов;Пётр\n"))
	tests := []struct {
		name, file string
		content    []byte
		format     string
		headers    []string
		lines      []int
		first      []string
	}{
		{"utf-8 with BOM, comma", "a.csv", []byte("\xef\xbb\xbfSoyad,Ad\nƏliyev,Vüqar\n\n\"Quliyeva\",\"Lalə\"\n"), "csv",
			[]string{"Soyad", "Ad"}, []int{2, 4}, []string{"Əliyev", "Vüqar"}},
		{"semicolon, quoted newline", "b.csv", []byte("Soyad;Ünvan\nƏliyev;\"Bakı,\nYasamal\"\nQuliyeva;Gəncə\n"), "csv",
			[]string{"Soyad", "Ünvan"}, []int{2, 4}, []string{"Əliyev", "Bakı,\nYasamal"}},
		{"utf-16 tab", "c.txt", utf16, "csv", []string{"Soyad", "Ad"}, []int{2}, []string{"Əliyev", "Vüqar"}},
		{"windows-1251", "d.csv", cp1251, "csv", []string{"Фамилия", "Имя"}, []int{2}, []string{"Иванов", "Пётр"}},
		{"blank lines before the header", "e.csv", []byte("\n;\nSoyad;Ad\nƏliyev;Vüqar\n"), "csv",
			[]string{"Soyad", "Ad"}, []int{4}, []string{"Əliyev", "Vüqar"}},
		{"xlsx first sheet", "f.xlsx", xlsxBytes(t, [][]any{{"Soyad", "Doğum tarixi"}, {"Əliyev", 32874}, nil, {"Quliyeva", "1990-02-03"}}), "xlsx",
			[]string{"Soyad", "Doğum tarixi"}, []int{2, 4}, []string{"Əliyev", "32874"}},
	}
	for _, tt := range tests {
		f, err := ReadFile(tt.file, tt.content)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		lines, rows := readAll(t, f)
		if f.Format != tt.format || !slices.Equal(f.Headers, tt.headers) || !slices.Equal(lines, tt.lines) || !slices.Equal(rows[0], tt.first) {
			t.Errorf("%s: got %s %q lines %v first %q, want %s %q lines %v first %q", tt.name, f.Format, f.Headers, lines, rows[0],
				tt.format, tt.headers, tt.lines, tt.first)
		}
		f.Close()
	}
	for name, content := range map[string][]byte{"empty": nil, "blank": []byte("\n ; \n"), "binary": {0, 1, 2, 3}} {
		if _, err := ReadFile(name+".csv", content); err == nil {
			t.Errorf("%s: read without an error", name)
		}
	}
	if _, err := ReadFile("x.xlsx", []byte("not a workbook")); errKey(err) != "import.error.file_format" {
		t.Errorf("a broken workbook: got %v", err)
	}
}

func TestCellDate(t *testing.T) {
	t.Parallel()
	book := &File{book: &excelize.File{}}
	text := &File{}
	tests := []struct {
		f          *File
		in, want   string
		wantParsed bool
	}{
		{text, "1985-03-14", "1985-03-14", true},
		{text, "14.03.1985", "1985-03-14", true},
		{text, "4.3.1985", "1985-03-04", true},
		{text, "1985-03-14 00:00:00", "1985-03-14", true},
		{text, "14/03/1985", "", false},
		{text, "31.02.1985", "", false},
		{text, "32874", "", false},
		{book, "32874", "1990-01-01", true},
	}
	for _, tt := range tests {
		got, ok := tt.f.CellDate(tt.in)
		if got != tt.want || ok != tt.wantParsed {
			t.Errorf("CellDate(%q) = %q, %t; want %q, %t", tt.in, got, ok, tt.want, tt.wantParsed)
		}
	}
}

func TestSuggestMapping(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		headers []string
		sample  [][]string
		want    Mapping
	}{
		{"azerbaijani", []string{"Soyadı", "Adı", "Ata adı", "Doğum tarixi", "Vətəndaşlığı", "Cinsi", "Sənəd nömrəsi", "Bitmə tarixi", "Qeyd"},
			[][]string{{"Əliyev", "Vüqar", "Rəşid oğlu"}},
			Mapping{"surname_az", "given_az", "patronymic_az", "birth_date", "citizenship", "sex", "document_no", "status_valid_to", ""}},
		{"english, passport capitals", []string{"Last name", "First name", "Date of birth", "Nationality", "E-mail", "Phone", "Valid from", "Permit type"},
			[][]string{{"ALIYEV", "VUGAR"}},
			Mapping{"surname_passport", "given_passport", "birth_date", "citizenship", "email", "phone", "status_valid_from", "status_kind"}},
		{"russian, qualifiers", []string{"Фамилия", "Имя", "Отчество", "Фамилия (латиницей)", "Имя (латиницей)", "Дата рождения", "Гражданство", "Языки"},
			[][]string{{"Алиев", "Вугар", "Рашидович", "ALIYEV", "VUGAR"}},
			Mapping{"surname_cyrillic", "given_cyrillic", "patronymic_cyrillic", "surname_passport", "given_passport", "birth_date", "citizenship", "languages"}},
		{"full names and codes", []string{"S.A.A.", "ФИО", "birth_year", "stateless", "Ad (ana dilində)"},
			[][]string{{"Əliyev Vüqar Rəşid oğlu", "Алиев Вугар", "1990", "no", "ვუგარ"}},
			Mapping{"full_az", "full_cyrillic", "birth_year", "stateless", "given_native"}},
		{"a field taken twice", []string{"Soyad", "Soyadı"}, nil, Mapping{"surname_az", ""}},
		{"status valid to", []string{"Residence status valid to", "Status"}, nil, Mapping{"status_valid_to", "status_kind"}},
	}
	for _, tt := range tests {
		if got := SuggestMapping(tt.headers, tt.sample); !slices.Equal(got, tt.want) {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestMappingCheckAndParse(t *testing.T) {
	t.Parallel()
	headers := []string{"Soyad", "Ad", "Doğum tarixi", ""}
	tests := []struct {
		m    Mapping
		want string
	}{
		{Mapping{"surname_az", "given_az", "birth_date", ""}, ""},
		{Mapping{"", "", "birth_date", ""}, "import.error.no_name_column"},
		{Mapping{"surname_az", "surname_az", "", ""}, "import.error.field_twice"},
		{Mapping{"surname_az", "nickname", "", ""}, "import.error.field_unknown"},
		{Mapping{"surname_az", "", "", "", "sex"}, "import.error.mapping_columns"},
	}
	for _, tt := range tests {
		if got := errKey(tt.m.Check(headers)); got != tt.want {
			t.Errorf("Check(%q) = %q, want %q", tt.m, got, tt.want)
		}
	}
	m, err := ParseMapping(headers, "soyad=surname_passport, 2=-, #4=sex", Mapping{"surname_az", "given_az", "birth_date"})
	if want := (Mapping{"surname_passport", "", "birth_date", "sex"}); err != nil || !slices.Equal(m, want) {
		t.Errorf("ParseMapping: got %q, %v; want %q", m, err, want)
	}
	if got := m.Spec(headers); got != "Soyad=surname_passport,Doğum tarixi=birth_date,#4=sex" {
		t.Errorf("Spec = %q", got)
	}
	for spec, want := range map[string]string{"Ata adı=patronymic_az": "import.error.column_unknown", "Ad=middle": "import.error.field_unknown"} {
		if _, err := ParseMapping(headers, spec, nil); errKey(err) != want {
			t.Errorf("ParseMapping(%q): got %v, want %s", spec, err, want)
		}
	}
}

func TestConvertRow(t *testing.T) {
	t.Parallel()
	headers := []string{"Soyad", "Ad", "Cins", "Doğum tarixi", "Vətəndaşlıq", "LBŞ", "Dillər", "Telefon", "Sənəd", "Status", "Əsas", "Başlama", "Bitmə"}
	m := Mapping{"surname_az", "given_az", "sex", "birth_date", "citizenship", "stateless", "languages", "phone", "document_no",
		"status_kind", "status_ground", "status_valid_from", "status_valid_to"}
	c := newConverter(&File{Headers: headers}, m, time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC))
	good := []string{"Əliyev", "Vüqar", "kişi", "14.03.1985", "RUS; ge", "", "rus, az", "050 123 45 67", "TRP 123456", "müvəqqəti", "iş", "2025-01-01", "01.01.2027"}
	in, st, issue := c.row(good)
	if issue != nil {
		t.Fatalf("good row: %+v", issue)
	}
	if in.Sex != people.Male || in.BirthDate != "1985-03-14" || !slices.Equal(in.Citizenships, []string{"GE", "RU"}) ||
		!slices.Equal(in.Languages, []string{"az", "ru"}) || in.DocumentNo != "TRP123456" {
		t.Errorf("good row read as %+v", in)
	}
	if st == nil || st.Kind != people.TemporaryPermit || st.Ground != "work" || st.ValidTo != "2027-01-01" || st.DocumentNo != "TRP123456" {
		t.Errorf("good row's status read as %+v", st)
	}
	tests := []struct {
		col      int
		value    string
		wantCol  string
		wantKey  string
		noStatus bool
	}{
		{0, "", "Soyad", "people.error.name_required", false},
		{2, "x", "Cins", "people.error.sex_invalid", false},
		{3, "1985/03/14", "Doğum tarixi", "import.error.date_format", false},
		{3, "2099-01-01", "Doğum tarixi", "people.error.birth_date_range", false},
		{4, "XX", "Vətəndaşlıq", "people.error.country_invalid", false},
		{5, "bəli", "LBŞ", "people.error.stateless_with_citizenship", false},
		{5, "perhaps", "LBŞ", "import.error.yes_no", false},
		{6, "klingon", "Dillər", "people.error.language_invalid", false},
		{7, "12", "Telefon", "people.error.phone_invalid", false},
		{9, "tourist", "Status", "people.error.status_kind", false},
		{10, "", "Əsas", "people.error.ground_required", false},
		{12, "2024-01-01", "Bitmə", "people.error.valid_to_before_from", false},
		{12, "01.01.1900", "Bitmə", "people.error.date_invalid", false},
	}
	for _, tt := range tests {
		row := slices.Clone(good)
		row[tt.col] = tt.value
		if tt.col == 0 {
			row[1] = ""
		}
		_, _, issue := c.row(row)
		if issue == nil || issue.Column != tt.wantCol || issue.Reason.Key != tt.wantKey {
			t.Errorf("column %d = %q: got %+v, want %s in %s", tt.col, tt.value, issue, tt.wantKey, tt.wantCol)
		}
	}
	// No status column filled: no status.
	row := slices.Clone(good)
	for i := 9; i < len(row); i++ {
		row[i] = ""
	}
	if _, st, issue := c.row(row); st != nil || issue != nil {
		t.Errorf("a row without status: got %+v, %+v", st, issue)
	}
}

// Names for generated files: az Latin, Cyrillic, passport Latin.
var (
	genSurnames = [][3]string{{"Məmmədov", "Мамедов", "MAMMADOV"}, {"Əliyev", "Алиев", "ALIYEV"}, {"Hüseynov", "Гусейнов", "HUSEYNOV"},
		{"Quliyev", "Кулиев", "GULIYEV"}, {"Həsənov", "Гасанов", "HASANOV"}, {"İsmayılov", "Исмаилов", "ISMAYILOV"},
		{"Cəfərov", "Джафаров", "JAFAROV"}, {"Rəhimov", "Рагимов", "RAHIMOV"}, {"Kovalenko", "Коваленко", "KOVALENKO"},
		{"Beridze", "Беридзе", "BERIDZE"}, {"Yılmaz", "Йылмаз", "YILMAZ"}, {"Karimov", "Каримов", "KARIMOV"},
		{"Nəzərov", "Назаров", "NAZAROV"}, {"Sultanov", "Султанов", "SULTANOV"}, {"Orucov", "Оруджев", "ORUJOV"}}
	genGiven = [][3]string{{"Rəşad", "Рашад", "RASHAD"}, {"Elçin", "Эльчин", "ELCHIN"}, {"Vüqar", "Вугар", "VUGAR"},
		{"Aysel", "Айсель", "AYSEL"}, {"Günel", "Гюнель", "GUNEL"}, {"Olena", "Олена", "OLENA"}, {"Giorgi", "Гиорги", "GIORGI"},
		{"Mehmet", "Мехмет", "MEHMET"}, {"Timur", "Тимур", "TIMUR"}, {"Leyla", "Лейла", "LEYLA"}, {"Nigar", "Нигяр", "NIGAR"},
		{"Kamran", "Камран", "KAMRAN"}, {"Ruslan", "Руслан", "RUSLAN"}, {"Zaur", "Заур", "ZAUR"}, {"Samir", "Самир", "SAMIR"},
		{"Fərid", "Фарид", "FARID"}, {"Tural", "Турал", "TURAL"}, {"Ülviyyə", "Ульвия", "ULVIYYA"}}
	genCountries = []string{"RU", "GE", "TR", "UA", "IR", "UZ", "KZ", "TM"}
)

const genHeader = "Soyad;Ad;Фамилия;Имя;Surname (passport);Given name (passport);Cins;Doğum tarixi;Vətəndaşlıq;Dillər;Telefon;Sənəd nömrəsi;Status;Əsas;Başlama tarixi;Bitmə tarixi\n"

// genRow writes one realistic row: the person i in three scripts with a
// temporary residence permit.
func genRow(b *bytes.Buffer, r *rand.Rand, i int) {
	s, g := genSurnames[r.IntN(len(genSurnames))], genGiven[r.IntN(len(genGiven))]
	birth := time.Date(1950+r.IntN(55), time.January, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(365))
	from := time.Date(2024+r.IntN(2), time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC)
	sex := "kişi"
	if r.IntN(2) == 0 {
		sex = "qadın"
	}
	fmt.Fprintf(b, "%s;%s;%s;%s;%s;%s;%s;%s;%s;%s;+994 5%d %07d;TRP%08d;trp;%s;%s;%s\n",
		s[0], g[0], s[1], g[1], s[2], g[2], sex, birth.Format("02.01.2006"), genCountries[r.IntN(len(genCountries))], "ru, az",
		r.IntN(10), i, i, []string{"work", "family", "study"}[r.IntN(3)], from.Format(time.DateOnly), from.AddDate(1, 0, 0).Format(time.DateOnly))
}

// genCSV returns a semicolon-separated file of n persons.
func genCSV(n int, seed uint64) []byte {
	var b bytes.Buffer
	b.WriteString(genHeader)
	r := rand.New(rand.NewPCG(seed, 1))
	for i := range n {
		genRow(&b, r, i)
	}
	return b.Bytes()
}

func TestGeneratedFileMapsItself(t *testing.T) {
	t.Parallel()
	f, err := ReadFile("gen.csv", genCSV(3, 1))
	if err != nil {
		t.Fatal(err)
	}
	m := SuggestMapping(f.Headers, f.Sample(20))
	want := Mapping{"surname_az", "given_az", "surname_cyrillic", "given_cyrillic", "surname_passport", "given_passport", "sex", "birth_date",
		"citizenship", "languages", "phone", "document_no", "status_kind", "status_ground", "status_valid_from", "status_valid_to"}
	if !slices.Equal(m, want) {
		t.Errorf("got %q\nwant %q", m, want)
	}
	if n := f.EstimatedRows(); n != 3 {
		t.Errorf("EstimatedRows = %d, want 3", n)
	}
	if !strings.Contains(f.String(), "16 columns") {
		t.Errorf("String = %q", f.String())
	}
}
