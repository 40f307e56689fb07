package i18n

// Texts are a text in the three languages of the site, as a feature keeps
// what its users write in each (a Council answer, an Action Plan measure).
type Texts struct{ Az, En, Ru string }

// In returns the text in lang, falling back to Azerbaijani.
func (t Texts) In(lang Lang) string {
	switch {
	case lang == EN && t.En != "":
		return t.En
	case lang == RU && t.Ru != "":
		return t.Ru
	}
	return t.Az
}
