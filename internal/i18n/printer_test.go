package i18n

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestPrinterLang(t *testing.T) {
	t.Parallel()
	c := catalog(t)
	for _, l := range Langs {
		if got := c.Printer(l).Lang(); got != l {
			t.Errorf("Printer(%s).Lang() = %s", l, got)
		}
		if c.Printer(l) != c.Printer(l) {
			t.Errorf("Printer(%s) returns a new printer each time, want one per language", l)
		}
	}
	if got := c.Printer("de").Lang(); got != AZ {
		t.Errorf(`Printer("de").Lang() = %s, want az`, got)
	}
}

func TestT(t *testing.T) {
	t.Parallel()
	c := catalog(t)
	tests := []struct {
		lang      Lang
		key, want string
	}{
		{AZ, "app.name", "inteqra"},
		{RU, "app.name", "inteqra"},
		{AZ, "lang.switch", "Dil"},
		{EN, "lang.switch", "Language"},
		{RU, "lang.switch", "Язык"},
		{EN, "lang.az", "Azərbaycanca"},
		{AZ, "lang.ru", "Русский"},
		{EN, "error.internal", "Something went wrong. Please try again later."},
		{AZ, "no.such.key", "no.such.key"},
	}
	for _, tt := range tests {
		if got := c.Printer(tt.lang).T(tt.key); got != tt.want {
			t.Errorf("%s: T(%q) = %q, want %q", tt.lang, tt.key, got, tt.want)
		}
	}
}

func TestTArgs(t *testing.T) {
	t.Parallel()
	c, log := testCatalog(t)
	tests := []struct {
		lang Lang
		key  string
		args []any
		want string
	}{
		{AZ, "hello", []any{"Name", "Günel"}, "Salam, Günel!"},
		{EN, "hello", []any{"Name", "Günel"}, "Hello, Günel!"},
		{RU, "hello", []any{"Name", "Гюнель"}, "Здравствуйте, Гюнель!"},
		{EN, "hello", []any{"Name", "<b>"}, "Hello, <b>!"}, // html/template escapes later
		{EN, "hello", nil, "Hello, <no value>!"},
		{EN, "hello", []any{"Name"}, "Hello, <no value>!"}, // odd args: the value goes to !BADKEY
		{EN, "plain", []any{"Unused", 1}, "plain"},
		{EN, "az.only", nil, "yalnız azərbaycanca"}, // falls back to the default language
		{RU, "missing", []any{"Name", "x"}, "missing"},
		{AZ, "broken", []any{"Name", "x"}, "broken"}, // a template that does not parse
	}
	for _, tt := range tests {
		if got := c.Printer(tt.lang).T(tt.key, tt.args...); got != tt.want {
			t.Errorf("%s: T(%q, %v) = %q, want %q", tt.lang, tt.key, tt.args, got, tt.want)
		}
	}
	// Each problem is logged once, however often it recurs.
	c.Printer(RU).T("missing")
	c.Printer(RU).T("missing")
	out := log.String()
	if n := strings.Count(out, "key=missing"); n != 1 {
		t.Errorf("missing key logged %d times, want once:\n%s", n, out)
	}
	for _, want := range []string{"key=az.only", "key=broken", "lang=en", "lang=ru", "level=WARN"} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
}

func TestN(t *testing.T) {
	t.Parallel()
	c := catalog(t)
	tests := []struct {
		lang  Lang
		count int
		want  string
	}{
		{RU, 1, "1 курс"},
		{RU, 2, "2 курса"},
		{RU, 5, "5 курсов"},
		{RU, 11, "11 курсов"},
		{RU, 21, "21 курс"},
		{RU, 22, "22 курса"},
		{RU, 0, "0 курсов"},
		{RU, 111, "111 курсов"},
		{EN, 1, "1 course"},
		{EN, 0, "0 courses"},
		{EN, 2, "2 courses"},
		{EN, 21, "21 courses"},
		{AZ, 1, "1 kurs"},
		{AZ, 5, "5 kurs"},
	}
	for _, tt := range tests {
		if got := c.Printer(tt.lang).N("test.count", tt.count); got != tt.want {
			t.Errorf("%s: N(test.count, %d) = %q, want %q", tt.lang, tt.count, got, tt.want)
		}
	}
}

func TestNArgs(t *testing.T) {
	t.Parallel()
	c, _ := testCatalog(t)
	tests := []struct {
		lang  Lang
		count int
		want  string
	}{
		{EN, 1, "1 new item"},
		{EN, 3, "3 new items"},
		{RU, 3, "3 предмета"},
		{AZ, 3, "3 new"},
	}
	for _, tt := range tests {
		if got := c.Printer(tt.lang).N("items", tt.count, "Kind", "new"); got != tt.want {
			t.Errorf("%s: N(items, %d) = %q, want %q", tt.lang, tt.count, got, tt.want)
		}
	}
	// A plain message used with N still renders, in its only form.
	if got := c.Printer(EN).N("plain", 1); got != "plain" {
		t.Errorf("N(plain, 1) = %q, want %q", got, "plain")
	}
}

func TestPrinterError(t *testing.T) {
	t.Parallel()
	c, _ := testCatalog(t)
	p := c.Printer(EN)
	real := catalog(t).Printer(RU)
	tests := []struct {
		name string
		p    *Printer
		err  error
		want string
	}{
		{"nil", p, nil, ""},
		{"i18n error", p, Errorf("hello", "Name", "Ali"), "Hello, Ali!"},
		{"wrapped", p, fmt.Errorf("people: create: %w", Errorf("hello", "Name", "Ali")), "Hello, Ali!"},
		{"joined", p, errors.Join(errors.New("db down"), Errorf("plain")), "plain"},
		{"internal", real, errors.New("pq: connection refused"), "Что-то пошло не так. Пожалуйста, повторите попытку позже."},
		{"typed nil", real, fmt.Errorf("x: %w", (*Error)(nil)), "Что-то пошло не так. Пожалуйста, повторите попытку позже."},
	}
	for _, tt := range tests {
		if got := tt.p.Error(tt.err); got != tt.want {
			t.Errorf("%s: Error(%v) = %q, want %q", tt.name, tt.err, got, tt.want)
		}
	}
}

func TestError(t *testing.T) {
	t.Parallel()
	tests := []struct {
		err  *Error
		want string
	}{
		{Errorf("error.not_found"), "i18n: error.not_found"},
		{Errorf("auth.locked", "Minutes", 5), "i18n: auth.locked Minutes=5"},
		{Errorf("k", "A", "x", "B", 2.5), "i18n: k A=x B=2.5"},
		{Errorf("k", "A"), "i18n: k !BADKEY=A"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}

	errNameRequired := Errorf("error.name_required")
	wrapped := fmt.Errorf("people: %w", Errorf("error.name_required", "Field", "surname"))
	if !errors.Is(wrapped, errNameRequired) {
		t.Error("errors.Is(wrapped, same key) = false, want true")
	}
	if errors.Is(wrapped, Errorf("error.other")) {
		t.Error("errors.Is(wrapped, other key) = true, want false")
	}
	if e, ok := errors.AsType[*Error](wrapped); !ok || e.Args[1] != "surname" {
		t.Errorf("errors.AsType = %v, %t; want the wrapped *Error", e, ok)
	}
}
