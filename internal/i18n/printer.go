package i18n

import (
	"fmt"
	"slices"
	"strings"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
)

// Printer renders messages, dates and numbers in one language. It holds no
// per-request state, so one Printer per language serves every request.
type Printer struct {
	cat  *Catalog
	lang Lang
	loc  *goi18n.Localizer
	form form
}

// Lang returns the printer's language.
func (p *Printer) Lang() Lang { return p.lang }

// T returns the message key, with args as name/value pairs for its
// placeholders: T("auth.locked", "Minutes", 5) fills {{.Minutes}}.
//
// A key missing from this language falls back to the Azerbaijani text, and
// a key missing everywhere comes back as itself, so a page still renders; both
// are logged once.
func (p *Printer) T(key string, args ...any) string {
	return p.localize(key, templateData(args, nil), nil)
}

// N returns the plural message key in the CLDR form that count selects
// (az and en: one, other; ru: one, few, many, other). The count is also
// available to the message as {{.Count}}; args are as for T.
func (p *Printer) N(key string, count int, args ...any) string {
	return p.localize(key, templateData(args, count), count)
}

// Error returns err as a message for the user: the message of every *Error
// in err's tree (a form's problems joined with errors.Join), one per line, or
// the generic "error.internal" when there is none, so internal details never
// reach the page. A nil err gives "".
func (p *Printer) Error(err error) string {
	if err == nil {
		return ""
	}
	return strings.Join(p.Messages(err), "\n")
}

// Messages returns the message of every *Error in err's tree, in order and
// without repeats, or the generic "error.internal" when there is none.
func (p *Printer) Messages(err error) []string {
	var out []string
	for _, e := range Problems(err) {
		if m := p.Message(e); !slices.Contains(out, m) {
			out = append(out, m)
		}
	}
	if len(out) == 0 && err != nil {
		out = append(out, p.T("error.internal"))
	}
	return out
}

// Message returns one problem's message in the printer's language.
func (p *Printer) Message(e *Error) string { return p.T(e.Key, p.translateArgs(e.Args)...) }

// translateArgs replaces each Key among args with its message, and each
// Texts with its text in the reader's language, so an error can name a
// field, or a record named in three languages, in the reader's language.
func (p *Printer) translateArgs(args []any) []any {
	out := args
	for i, a := range args {
		var s string
		switch a := a.(type) {
		case Key:
			s = p.T(string(a))
		case Texts:
			s = a.In(p.lang)
		default:
			continue
		}
		if &out[0] == &args[0] {
			out = slices.Clone(args)
		}
		out[i] = s
	}
	return out
}

func (p *Printer) localize(key string, data map[string]any, count any) string {
	msg, _, err := p.loc.LocalizeWithTag(&goi18n.LocalizeConfig{
		MessageID:    key,
		TemplateData: data,
		PluralCount:  count,
	})
	if err != nil {
		p.cat.warnOnce(p.lang, key, err)
		if msg == "" {
			return key
		}
	}
	return msg
}

// badKey names a value that has no name, as log/slog does, so the mistake
// shows in the log rather than vanishing.
const badKey = "!BADKEY"

// templateData turns name/value pairs into a message's template data, adding
// Count when count is not nil.
func templateData(args []any, count any) map[string]any {
	if len(args) == 0 && count == nil {
		return nil
	}
	data := make(map[string]any, len(args)/2+1)
	for i := 0; i < len(args); i += 2 {
		name, ok := args[i].(string)
		if !ok {
			name = fmt.Sprint(args[i])
		}
		if i+1 == len(args) {
			data[badKey] = args[i]
			break
		}
		data[name] = args[i+1]
	}
	if count != nil {
		data["Count"] = count
	}
	return data
}
