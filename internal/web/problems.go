package web

import (
	"html/template"
	"slices"
	"strings"

	"inteqra/internal/i18n"
)

// Problem is one reason a form was refused, in the user's language. Target
// is the id of the input it is about, when it is about one: the error
// summary links there and the message also stands beside that input.
type Problem struct {
	Message string
	Target  string
}

// Fields maps the catalogue key of a field's label, as a feature's error
// names it (the "Field" argument), to the id of the input on the page. The
// empty key stands for the problems that name no field: a form whose one
// input every problem is about (a file to upload) maps it there.
type Fields map[i18n.Key]string

// refuse records every problem of err on the page, for the error summary
// at the top (design system: the heading, then each message as a link to
// its field) and for each field's own message. Problems about no field are
// listed in the summary only.
func (b *BasePage) refuse(err error, fields Fields) {
	for _, e := range i18n.Problems(err) {
		p := Problem{Message: b.Message(e), Target: fields[e.Field()]}
		if !slices.Contains(b.Problems, p) {
			b.Problems = append(b.Problems, p)
		}
	}
	if len(b.Problems) == 0 && err != nil {
		b.Problems = []Problem{{Message: b.T("error.internal")}}
	}
}

// FieldError returns the message about the input with id, or "".
func (b BasePage) FieldError(id string) string {
	var msgs []string
	for _, p := range b.Problems {
		if p.Target == id {
			msgs = append(msgs, p.Message)
		}
	}
	return strings.Join(msgs, " ")
}

// ErrorMessage returns the message beside the input with id, which
// Described names in its aria-describedby, or nothing when it was not
// refused. It stands between the label and the input, as the design
// system's error message does.
func (b BasePage) ErrorMessage(id string) template.HTML {
	msg := b.FieldError(id)
	if msg == "" {
		return ""
	}
	return template.HTML(`<span class="usa-error-message" id="` + template.HTMLEscapeString(id) + `-error">` +
		template.HTMLEscapeString(msg) + `</span>`)
}

// Described returns the attributes of the input with id that tie it to its
// hints and, when it was refused, to its message: aria-describedby (the
// message first) and aria-invalid.
func (b BasePage) Described(id string, hints ...string) template.HTMLAttr {
	ids := hints
	invalid := b.FieldError(id) != ""
	if invalid {
		ids = append([]string{id + "-error"}, hints...)
	}
	var attr strings.Builder
	if len(ids) > 0 {
		attr.WriteString(`aria-describedby="` + template.HTMLEscapeString(strings.Join(ids, " ")) + `"`)
	}
	if invalid {
		attr.WriteString(` aria-invalid="true"`)
	}
	return template.HTMLAttr(attr.String())
}
