package i18n

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Error is a user-facing error with a catalogue key. Feature packages return
// it for bad input, without knowing the user's language; the web and API
// layers translate it with Printer.Error.
type Error struct {
	Key  string
	Args []any // name/value pairs for the message's placeholders, as in Printer.T
}

// Errorf returns an *Error for key with args as name/value pairs. The name is
// short because feature code writes it often: return i18n.Errorf("error.name_required").
func Errorf(key string, args ...any) *Error {
	return &Error{Key: key, Args: args}
}

// Error returns the key and arguments for the log, e.g.
// "i18n: auth.locked Minutes=5".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("i18n: ")
	b.WriteString(e.Key)
	for i := 0; i < len(e.Args); i += 2 {
		if i+1 == len(e.Args) {
			fmt.Fprintf(&b, " %s=%v", badKey, e.Args[i])
			break
		}
		fmt.Fprintf(&b, " %v=%v", e.Args[i], e.Args[i+1])
	}
	return b.String()
}

// Is reports whether target is an *Error with the same key, so a package can
// declare var ErrNameRequired = i18n.Errorf("error.name_required") and its
// callers and tests can use errors.Is, whatever the arguments.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t != nil && e.Key == t.Key
}

// Key is a catalogue key given as an argument of an *Error: the printer puts
// the key's message in the reader's language in its place, so
// Errorf("error.too_long", "Field", Key("people.phone"), "Max", 32) names
// the field in Azerbaijani, English or Russian.
type Key string

// Problems returns every *Error in err's tree, depth first: all the problems
// of a form whose checks were joined with errors.Join. It returns nil when
// err holds none.
func Problems(err error) []*Error {
	var out []*Error
	var walk func(error)
	walk = func(err error) {
		switch x := err.(type) {
		case nil:
			return
		case *Error:
			if x != nil {
				out = append(out, x)
			}
			return
		case interface{ Unwrap() []error }:
			for _, e := range x.Unwrap() {
				walk(e)
			}
		default:
			walk(errors.Unwrap(err))
		}
	}
	walk(err)
	return out
}

// ProblemKeys returns the catalogue keys of every problem in err, or err's
// text when it carries none, so that a test can say what it got.
func ProblemKeys(err error) []string {
	var keys []string
	for _, e := range Problems(err) {
		keys = append(keys, e.Key)
	}
	if keys == nil && err != nil {
		keys = []string{err.Error()}
	}
	return keys
}

// HasProblem reports whether err carries a problem with the catalogue key.
func HasProblem(err error, key string) bool {
	return slices.Contains(ProblemKeys(err), key)
}

// Field returns the catalogue key of the field the error names (its
// "Field" argument), or "" when it names none. Forms use it to put the
// message beside the field it is about.
func (e *Error) Field() Key {
	for i := 0; i+1 < len(e.Args); i += 2 {
		if e.Args[i] == "Field" {
			if k, ok := e.Args[i+1].(Key); ok {
				return k
			}
		}
	}
	return ""
}
