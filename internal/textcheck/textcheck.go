// Package textcheck is the one check every feature runs on the text a user
// sends: a maximum length that fits the field, valid UTF-8, no NUL or other
// control characters (long text may hold new lines and tabs), and the shape
// of an e-mail address, a phone number or a document number. A problem comes
// back as an *i18n.Error that names the field in the reader's language, so a
// form can show all its problems at once (see List).
package textcheck

import (
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"

	"inteqra/internal/i18n"
)

// Kind says what a field holds, and so which characters it may contain.
type Kind int

// The kinds of field.
const (
	Line     Kind = iota // one line of text: a name, a title, an address
	Text                 // long text: a note, a description; new lines and tabs allowed
	Email                // an e-mail address: one @, no spaces
	Phone                // a phone number: digits, spaces, + - ( ) . and at most 15 digits (E.164)
	Document             // a document number: letters, digits, spaces, - / .
	Code                 // a short code: letters, digits, - _ .
)

// Rule is a kind and a maximum length in characters (runes).
type Rule struct {
	Kind Kind
	Max  int
}

// The rules the features share, so the same field has the same limit
// everywhere it appears.
var (
	Name      = Rule{Line, 100}   // one part of a person's name
	Title     = Rule{Line, 200}   // a title, an organisation's or a region's name, a venue
	Short     = Rule{Line, 300}   // an address, a reason, a link, a one-line answer
	Long      = Rule{Text, 10000} // a note, a description, minutes
	Medium    = Rule{Text, 2000}  // a goal, a task, a comment, a reason written at length
	EmailAddr = Rule{Email, 254}  // RFC 5321's limit on a path
	PhoneNo   = Rule{Phone, 32}
	DocNo     = Rule{Document, 40}
	CodeRule  = Rule{Code, 40}
)

// MaxPhoneDigits is the most digits a phone number has (E.164).
const MaxPhoneDigits = 15

// Field checks value against r and returns nil, or an *i18n.Error whose
// "Field" argument is the catalogue key of the field's label: error.invalid_utf8,
// error.control_chars, error.too_long (with "Max"), or, for the shaped kinds,
// error.email_format, error.phone_format, error.document_format, error.code_format.
// Empty values pass: whether a field is required is the feature's rule.
func Field(label, value string, r Rule) error {
	field := i18n.Key(label)
	if !utf8.ValidString(value) {
		return i18n.Errorf("error.invalid_utf8", "Field", field)
	}
	for _, c := range value {
		if control(c) && (r.Kind != Text || (c != '\n' && c != '\r' && c != '\t')) {
			return i18n.Errorf("error.control_chars", "Field", field)
		}
	}
	if r.Max > 0 && utf8.RuneCountInString(value) > r.Max {
		return i18n.Errorf("error.too_long", "Field", field, "Max", r.Max)
	}
	if value == "" {
		return nil
	}
	switch r.Kind {
	case Email:
		v := strings.TrimSpace(value)
		at := strings.IndexByte(v, '@')
		if at <= 0 || at != strings.LastIndexByte(v, '@') || at == len(v)-1 || strings.ContainsAny(v, " \t,;<>\"") {
			return i18n.Errorf("error.email_format", "Field", field)
		}
	case Phone:
		digits := 0
		for _, c := range value {
			switch {
			case c >= '0' && c <= '9':
				digits++
			case strings.ContainsRune(" +-().", c):
			default:
				return i18n.Errorf("error.phone_format", "Field", field, "Max", MaxPhoneDigits)
			}
		}
		if digits > MaxPhoneDigits {
			return i18n.Errorf("error.phone_format", "Field", field, "Max", MaxPhoneDigits)
		}
	case Document:
		for _, c := range value {
			if !unicode.IsLetter(c) && !unicode.IsDigit(c) && !strings.ContainsRune(" -/.", c) {
				return i18n.Errorf("error.document_format", "Field", field)
			}
		}
	case Code:
		for _, c := range value {
			if !unicode.IsLetter(c) && !unicode.IsDigit(c) && !strings.ContainsRune("-_.", c) {
				return i18n.Errorf("error.code_format", "Field", field)
			}
		}
	}
	return nil
}

// Unknown is the problem of a choice (an id from a list) that names nothing
// that exists, or a negative or unreadable id: the store checks the choices
// it is given and answers with this on the field, never with a 500.
func Unknown(label string) error {
	return i18n.Errorf("error.unknown_choice", "Field", i18n.Key(label))
}

// Excerpt returns what a user sent cut to at most 40 characters, valid
// UTF-8 and without control characters, for a message that quotes it back
// ("XX is not a country code"), so a refused value cannot fill the page or
// carry a NUL into it.
func Excerpt(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.Map(func(c rune) rune {
		if control(c) {
			return '\uFFFD'
		}
		return c
	}, s)
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

// control reports whether c is a control character (C0, DEL, C1) or one of
// the characters that break a line or reorder text without being seen.
func control(c rune) bool {
	if unicode.IsControl(c) {
		return true
	}
	switch c {
	case '\u2028', '\u2029', // line and paragraph separators
		'\u202a', '\u202b', '\u202c', '\u202d', '\u202e', // bidirectional embeddings and overrides
		'\u2066', '\u2067', '\u2068', '\u2069', // bidirectional isolates
		'\ufeff', '\ufffe', '\uffff':
		return true
	}
	return false
}

// List gathers a form's problems so that all of them are shown at once.
// The zero value is ready to use.
type List struct {
	errs []error
}

// Check runs Field and keeps its problem; it reports whether value passed,
// so the caller can skip the feature's own checks of a value already refused.
func (l *List) Check(label, value string, r Rule) bool {
	err := Field(label, value, r)
	l.Add(err)
	return err == nil
}

// Add keeps err when it is not nil.
func (l *List) Add(err error) {
	if err != nil {
		l.errs = append(l.errs, err)
	}
}

// Len returns how many problems were found.
func (l *List) Len() int { return len(l.errs) }

// Err returns the problems joined with errors.Join, or nil when there are none.
func (l *List) Err() error { return errors.Join(l.errs...) }
