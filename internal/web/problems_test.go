package web

import (
	"errors"
	"html/template"
	"testing"

	"inteqra/internal/i18n"
)

// TestRefuse holds the one helper every form uses for its errors: each
// problem once, in the reader's language, linked to its input when the
// form knows it, the message beside the input, and the input described by
// it and marked invalid.
func TestRefuse(t *testing.T) {
	t.Parallel()
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	b := BasePage{Printer: cat.Printer(i18n.EN)}
	err = errors.Join(
		i18n.Errorf("training.error.birth_date_required", "Field", i18n.Key("people.birth_date")),
		i18n.Errorf("error.too_long", "Field", i18n.Key("people.phone"), "Max", 32),
		i18n.Errorf("training.error.cohort_full"),
		i18n.Errorf("training.error.birth_date_required", "Field", i18n.Key("people.birth_date")), // twice: shown once
	)
	b.refuse(err, Fields{"people.birth_date": "birth_date", "people.phone": "phone"})
	want := []Problem{
		{Message: b.T("training.error.birth_date_required"), Target: "birth_date"},
		{Message: b.T("error.too_long", "Field", b.T("people.phone"), "Max", 32), Target: "phone"},
		{Message: b.T("training.error.cohort_full")},
	}
	if len(b.Problems) != len(want) {
		t.Fatalf("Problems = %+v, want %+v", b.Problems, want)
	}
	for i := range want {
		if b.Problems[i] != want[i] {
			t.Errorf("problem %d = %+v, want %+v", i, b.Problems[i], want[i])
		}
	}
	if got := b.FieldError("phone"); got != want[1].Message {
		t.Errorf("FieldError(phone) = %q", got)
	}
	if got, want := string(b.ErrorMessage("phone")), `<span class="usa-error-message" id="phone-error">`+template.HTMLEscapeString(want[1].Message)+`</span>`; got != want {
		t.Errorf("ErrorMessage(phone) = %s, want %s", got, want)
	}
	if got := b.ErrorMessage("email"); got != "" {
		t.Errorf("ErrorMessage(email) = %s, want nothing", got)
	}
	if got := string(b.Described("phone", "contact-hint")); got != `aria-describedby="phone-error contact-hint" aria-invalid="true"` {
		t.Errorf("Described(phone) = %s", got)
	}
	if got := string(b.Described("email", "contact-hint")); got != `aria-describedby="contact-hint"` {
		t.Errorf("Described(email) = %s", got)
	}
	if got := string(b.Described("patronymic")); got != `` {
		t.Errorf("Described(patronymic) = %s", got)
	}
	one := BasePage{Printer: cat.Printer(i18n.EN)}
	one.refuse(i18n.Errorf("import.error.no_file"), Fields{"": "file"}) // a form whose one input every problem is about
	if len(one.Problems) != 1 || one.Problems[0].Target != "file" {
		t.Errorf("a problem naming no field, on a one-input form: %+v", one.Problems)
	}
	var none BasePage
	none.Printer = cat.Printer(i18n.AZ)
	none.refuse(errors.New("disk on fire"), nil)
	if len(none.Problems) != 1 || none.Problems[0].Message != none.T("error.internal") {
		t.Errorf("an error with no message: %+v", none.Problems)
	}
}
