package web

import (
	"slices"

	"inteqra/internal/people"
)

// LanguagePicker is the data of the shared "languages" template: the spoken
// languages as checkboxes, the common ones first and the rest folded away.
type LanguagePicker struct {
	BasePage
	Common, Others []people.Code
	Chosen         []string
	Hint           bool // say that more than one may be chosen
	OthersChosen   bool // open the fold: one of its languages is chosen
}

func languagePicker(b BasePage, all []people.Code, chosen []string, hint bool) LanguagePicker {
	p := LanguagePicker{BasePage: b, Chosen: chosen, Hint: hint}
	for _, c := range all {
		if people.IsCommonLanguage(c.Code) {
			p.Common = append(p.Common, c)
		} else {
			p.Others = append(p.Others, c)
			p.OthersChosen = p.OthersChosen || slices.Contains(chosen, c.Code)
		}
	}
	return p
}
