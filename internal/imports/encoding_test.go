package imports

import (
	"errors"
	"slices"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"inteqra/internal/i18n"
)

func cp(t *testing.T, cm *charmap.Charmap, s string) []byte {
	t.Helper()
	b, err := cm.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatalf("encode %q: %v", s, err)
	}
	return b
}

func join(parts ...[]byte) []byte { return slices.Concat(parts...) }

func TestFileEncoding(t *testing.T) {
	t.Parallel()
	header := []byte("Soyad;Ad;Фамилия\n")
	utf := []byte("Əliyev;Vüqar;Алиев\n")
	cyr := cp(t, charmap.Windows1251, "Иванов;Пётр;Иванов\n")
	lat := cp(t, charmap.Windows1254, "Yılmaz;Şükrü;\n")
	tests := []struct {
		name    string
		content []byte
		enc     string
		first   []string // the cells of the first data row
		errKey  string
		line    int
	}{
		{"utf-8", join(header, utf), UTF8, []string{"Əliyev", "Vüqar", "Алиев"}, "", 0},
		{"utf-8 with a byte-order mark", join([]byte("\xef\xbb\xbf"), header, utf), UTF8, []string{"Əliyev", "Vüqar", "Алиев"}, "", 0},
		{"ascii only", []byte("Soyad;Ad\nAliyev;Vugar\n"), UTF8, []string{"Aliyev", "Vugar"}, "", 0},
		{"windows-1251", join(cp(t, charmap.Windows1251, "Фамилия;Имя;Примечание\n"), cyr,
			cp(t, charmap.Windows1251, "Ivanov;Ёжиков;«№ 5»\n")), Windows1251, []string{"Иванов", "Пётр", "Иванов"}, "", 0},
		{"windows-1254", join([]byte("Soyad;Ad;X\n"), lat, cp(t, charmap.Windows1254, "Gül;Ağa;\n")), Windows1254,
			[]string{"Yılmaz", "Şükrü", ""}, "", 0},
		// The file: UTF-8 rows and one row from an older file.
		{"utf-8 with one windows-1251 line", join(header, utf, utf, cyr, utf), "", nil, "import.error.mixed_encoding", 4},
		{"windows-1251 with one utf-8 line", join(cyr, cyr, utf, cyr), "", nil, "import.error.mixed_encoding", 3},
		{"byte-order mark, then a windows-1251 line", join([]byte("\xef\xbb\xbf"), header, cyr, cyr), "", nil, "import.error.mixed_encoding", 2},
		// 0x98 is no character in Windows-1251.
		{"byte undefined in windows-1251", join(cp(t, charmap.Windows1251, "Фамилия;Имя\n"), cyr, []byte("Пе\x98ров;Иван\n")),
			"", nil, "import.error.bad_encoding", 3},
		// A Latin line in a Cyrillic file: Ä reads as Д in Windows-1251.
		{"windows-1254 line in a windows-1251 file", join(cp(t, charmap.Windows1251, "Фамилия;Имя\n"), cyr, cyr,
			cp(t, charmap.Windows1254, "Ädilov;Ömer\n")), "", nil, "import.error.bad_encoding", 4},
	}
	for _, tt := range tests {
		f, err := ReadFile("people.csv", tt.content)
		if tt.errKey != "" {
			if errKey(err) != tt.errKey {
				t.Errorf("%s: got %v, want %s", tt.name, err, tt.errKey)
				continue
			}
			if line := lineOf(err); line != tt.line {
				t.Errorf("%s: error names line %d, want %d", tt.name, line, tt.line)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if f.Encoding != tt.enc {
			t.Errorf("%s: encoding %q, want %q", tt.name, f.Encoding, tt.enc)
		}
		_, rows := readAll(t, f)
		if len(rows) == 0 || !slices.Equal(rows[0], tt.first) {
			t.Errorf("%s: first row %q, want %q", tt.name, rows, tt.first)
		}
	}
}

// lineOf is the Line argument of a catalogue error, -1 when it has none.
func lineOf(err error) int {
	e, ok := errors.AsType[*i18n.Error](err)
	if !ok {
		return -1
	}
	for i := 0; i+1 < len(e.Args); i += 2 {
		if e.Args[i] == "Line" {
			n, _ := e.Args[i+1].(int)
			return n
		}
	}
	return -1
}

func TestXLSXIsUTF8(t *testing.T) {
	t.Parallel()
	f, err := ReadFile("a.xlsx", xlsxBytes(t, [][]any{{"Soyad", "Ad"}, {"Əliyev", "Vüqar"}}))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if f.Encoding != UTF8 {
		t.Errorf("xlsx encoding %q, want %q", f.Encoding, UTF8)
	}
}

func TestNameSample(t *testing.T) {
	t.Parallel()
	content := join(cp(t, charmap.Windows1251, "Фамилия;Имя;Отчество;Soyad;Ad\nИванов;Пётр;Ильич;;\n;;;;\n"),
		cp(t, charmap.Windows1251, "Кулиева;Лала;;Quliyeva;Lala\n"))
	f, err := ReadFile("a.csv", content)
	if err != nil {
		t.Fatal(err)
	}
	m := Mapping{"surname_cyrillic", "given_cyrillic", "patronymic_cyrillic", "surname_az", "given_az"}
	got := f.NameSample(m, 5)
	want := []NameSample{{2, []string{"Иванов Пётр Ильич"}}, {4, []string{"Quliyeva Lala", "Кулиева Лала"}}}
	if len(got) != len(want) {
		t.Fatalf("got %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i].Line != want[i].Line || !slices.Equal(got[i].Names, want[i].Names) {
			t.Errorf("sample %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
}
