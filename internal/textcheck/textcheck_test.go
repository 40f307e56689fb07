package textcheck

import (
	"errors"
	"strings"
	"testing"

	"inteqra/internal/i18n"
)

func TestField(t *testing.T) {
	tests := []struct {
		name  string
		value string
		rule  Rule
		want  string // the error key, "" for none
	}{
		{"empty", "", PhoneNo, ""},
		{"name", "Məmmədova Günel", Name, ""},
		{"cyrillic at the limit", strings.Repeat("ж", 100), Name, ""},
		{"one rune over", strings.Repeat("ж", 101), Name, "error.too_long"},
		{"100,000 characters of address", strings.Repeat("a", 100000), Short, "error.too_long"},
		{"NUL byte", "Nul\x00Byte", Name, "error.control_chars"},
		{"NUL in long text", "line\x00", Long, "error.control_chars"},
		{"escape", "a\x1bb", Short, "error.control_chars"},
		{"DEL", "a\x7fb", Short, "error.control_chars"},
		{"C1 control", "a\u0085b", Short, "error.control_chars"},
		{"right-to-left override", "abc\u202egpj.exe", Title, "error.control_chars"},
		{"new line in one line", "a\nb", Short, "error.control_chars"},
		{"tab in one line", "a\tb", Name, "error.control_chars"},
		{"new lines and tabs in long text", "first\r\n\tsecond", Long, ""},
		{"invalid UTF-8", "\xff\xfe\x80", Name, "error.invalid_utf8"},
		{"invalid UTF-8 in long text", "ok \xff", Long, "error.invalid_utf8"},
		{"phone", "+994 (50) 123-45-67", PhoneNo, ""},
		{"5,000-digit phone", strings.Repeat("5", 5000), PhoneNo, "error.too_long"},
		{"16-digit phone", strings.Repeat("5", 16), PhoneNo, "error.phone_format"},
		{"phone with letters", "050 CALL ME", PhoneNo, "error.phone_format"},
		{"e-mail", "gunel@example.az", EmailAddr, ""},
		{"e-mail without @", "gunel.example.az", EmailAddr, "error.email_format"},
		{"e-mail with two @", "a@b@example.az", EmailAddr, "error.email_format"},
		{"e-mail with space", "a b@example.az", EmailAddr, "error.email_format"},
		{"long e-mail", strings.Repeat("a", 250) + "@x.az", EmailAddr, "error.too_long"},
		{"document", "AB 1234567", DocNo, ""},
		{"document with slash", "MİQ-12/345", DocNo, ""},
		{"document with markup", "<script>", DocNo, "error.document_format"},
		{"code", "baku-1", CodeRule, ""},
		{"code with space", "baku 1", CodeRule, "error.code_format"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Field("people.phone", tt.value, tt.rule)
			var got string
			if e, ok := errors.AsType[*i18n.Error](err); ok {
				got = e.Key
			} else if err != nil {
				t.Fatalf("Field: %v is not an *i18n.Error", err)
			}
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestListNamesEveryField checks that a form's problems come back together,
// each naming its field in the reader's language.
func TestListNamesEveryField(t *testing.T) {
	var l List
	l.Check("people.phone", strings.Repeat("5", 5000), PhoneNo)
	l.Check("people.address", "ok", Short)
	l.Check("people.surname", "Nul\x00Byte", Name)
	if l.Len() != 2 {
		t.Fatalf("got %d problems, want 2", l.Len())
	}
	c, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	msgs := c.Printer(i18n.EN).Messages(l.Err())
	if len(msgs) != 2 {
		t.Fatalf("got %d messages, want 2: %q", len(msgs), msgs)
	}
	if !strings.Contains(msgs[0], "Phone") || !strings.Contains(msgs[0], "32") {
		t.Errorf("got %q, want the phone's label and its limit", msgs[0])
	}
	if !strings.Contains(msgs[1], "Surname") {
		t.Errorf("got %q, want the surname's label", msgs[1])
	}
	ru := c.Printer(i18n.RU).Messages(l.Err())
	if !strings.Contains(ru[0], "Телефон") {
		t.Errorf("got %q, want the label in Russian", ru[0])
	}
}

func TestExcerpt(t *testing.T) {
	tests := []struct{ in, want string }{
		{"GE", "GE"},
		{"X\x00Y", "X\uFFFDY"},
		{"\xff\xfeZ", "\uFFFDZ"},
		{strings.Repeat("ə", 100000), strings.Repeat("ə", 40) + "…"},
	}
	for _, tt := range tests {
		if got := Excerpt(tt.in); got != tt.want {
			t.Errorf("Excerpt(%.20q) = %.50q, want %.50q", tt.in, got, tt.want)
		}
	}
}
