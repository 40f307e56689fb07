package demo

import (
	"context"
	"fmt"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/app"
	"inteqra/internal/auth"
	"inteqra/internal/migrants"
	"inteqra/internal/people"
	"inteqra/internal/training"
)

// Proof is what links a migrant's new account to a demo learner, for the
// banner: their certificate number, birth date and document number.
type Proof struct {
	Reference, BirthDate, DocumentNo string
}

// seedMigrants links the demo migrant's account to the finished cohort's
// first learner (Dilnoza Sultanova, who holds a certificate) the way a
// consultant confirming her request does; leaves a second account's
// request waiting in the consultants' list; and returns what proves a new
// account to be the second learner's.
func seedMigrants(ctx context.Context, a *app.App, staff map[access.Role]access.Principal, cohort training.Cohort) (Proof, error) {
	sys := access.With(ctx, access.System())
	holders := map[string]training.Certificate{} // by birth date
	certs, err := a.Training.Certificates(sys, cohort.ID)
	if err != nil {
		return Proof{}, err
	}
	for _, c := range certs {
		sum, err := people.SummaryOf(sys, a.DB, c.PersonID)
		if err != nil {
			return Proof{}, err
		}
		holders[sum.BirthDate.Format(time.DateOnly)] = c
	}
	first, second := demoFinished[0], demoFinished[1]
	if err := askAndLink(ctx, a, staff[access.Migrant], staff[access.Consultant], first.birth, holders[first.birth].PersonID); err != nil {
		return Proof{}, err
	}
	if err := a.Users.SignUp(ctx, auth.SignUpInput{Email: "farid.nazari@example.org", Name: "Fərid Nəzəri",
		Password: "Xəzər sahilində gəzinti", Confirm: "Xəzər sahilində gəzinti", Language: "az"}); err != nil {
		return Proof{}, fmt.Errorf("demo: sign up: %w", err)
	}
	users, err := a.Users.Users(sys)
	if err != nil {
		return Proof{}, err
	}
	for _, u := range users {
		if u.Email == "farid.nazari@example.org" {
			err = a.Migrants.RequestLink(access.With(ctx, u.Principal()), migrants.RequestInput{Name: "Fərid Nəzəri", BirthDate: "1993-05-11",
				Message: "Müraciət nömrəm yoxdur; Sumqayıt regional bölməsində qeydiyyatdan keçmişəm."})
		}
	}
	if err != nil {
		return Proof{}, fmt.Errorf("demo: link request: %w", err)
	}
	return Proof{Reference: holders[second.birth].Number, BirthDate: second.birth, DocumentNo: second.doc}, nil
}

// askAndLink has a migrant ask to be linked to the person born on birth,
// and a consultant confirm it.
func askAndLink(ctx context.Context, a *app.App, migrant, consultant access.Principal, birth string, personID int64) error {
	asks := access.With(ctx, migrant)
	if err := a.Migrants.RequestLink(asks, migrants.RequestInput{Name: migrant.Name, BirthDate: birth,
		Message: "Hüquq kursunu bitirmişəm; sertifikatımı görmək istəyirəm."}); err != nil {
		return fmt.Errorf("demo: link request: %w", err)
	}
	r, _, err := a.Migrants.MyRequest(asks)
	if err != nil {
		return err
	}
	if err := a.Migrants.ConfirmRequest(access.With(ctx, consultant), r.ID, personID); err != nil {
		return fmt.Errorf("demo: link: %w", err)
	}
	return nil
}
