package e2e

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"inteqra/internal/access"
	"inteqra/internal/auth"
	"inteqra/internal/db"
	"inteqra/internal/demo"
	"inteqra/internal/i18n"
	"inteqra/internal/people"
)

// A linked migrant's own pages, their data and their consents, pass axe in
// each language and fit 320 px and 1280 px; a refused correction request
// passes axe too; the migrant withdraws a consent.
func TestSelfDataPages(t *testing.T) {
	t.Parallel()
	for _, lang := range i18n.Langs {
		t.Run(string(lang), func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, string(lang))
			consentID := e.linkMigrant()
			if st := e.signIn("migrant@demo.inteqra.az", demo.Password); st != http.StatusOK {
				t.Fatalf("migrant signs in: status %d", st)
			}
			e.switchLanguage(lang)
			e.checkPages(t, "mydata-"+string(lang), "migrant", "/me/data", "/me/consents")

			e.open("/me/data")
			if st := e.submit(`form[action="/me/corrections"] button[type=submit]`); st != http.StatusUnprocessableEntity {
				t.Errorf("an empty correction request: status %d, want 422", st)
			}
			checkA11y(t, e.ctx, "mydata refused correction "+string(lang))
			e.fill("#text", "Doğum tarixim səhv yazılıb: 1987 deyil, 1978.")
			if st := e.submit(`form[action="/me/corrections"] button[type=submit]`); st != http.StatusOK {
				t.Errorf("a correction request: status %d", st)
			}
			if !strings.Contains(e.text("main"), "1987 deyil, 1978") {
				t.Error("the page does not list the request sent")
			}

			e.open("/me/consents")
			id := strconv.FormatInt(consentID, 10)
			e.fill("#reason-"+id, "Başqa şəhərə köçürəm")
			if st := e.submit(`form[action="/me/consents/` + id + `/withdraw"] button[type=submit]`); st != http.StatusOK {
				t.Fatalf("withdraw: status %d", st)
			}
			if e.exists(`form[action="/me/consents/` + id + `/withdraw"]`) {
				t.Error("the withdrawn consent still has its form")
			}
			if !strings.Contains(e.text("main"), T(t, lang, "people.consent_withdrawn")) {
				t.Error("no message that the consent was withdrawn")
			}
		})
	}
}

// linkMigrant registers a person with participation consent and links the
// demo migrant's account to them; it returns the consent's id.
func (e *env) linkMigrant() int64 {
	e.t.Helper()
	ctx := access.With(context.Background(), access.System())
	p, _, err := e.app.People.CreatePerson(ctx, people.Input{Names: []people.Name{{Kind: people.NameAz, Surname: "Kovalenko", Given: "Olena"},
		{Kind: people.NameCyrillic, Surname: "Коваленко", Given: "Олена"}}, BirthDate: "1987-03-14", Citizenships: []string{"UA"}})
	if err != nil {
		e.t.Fatal(err)
	}
	c, err := e.app.People.GiveConsent(ctx, p.ID, people.ConsentInput{Purpose: people.Participation})
	if err != nil {
		e.t.Fatal(err)
	}
	err = e.app.DB.Transact(ctx, func(tx *db.Tx) error {
		var id int64
		if err := tx.QueryRowContext(ctx, `SELECT id FROM users WHERE email = $1`, "migrant@demo.inteqra.az").Scan(&id); err != nil {
			return err
		}
		return auth.Link(ctx, tx, id, p.ID, "invite")
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return c.ID
}
