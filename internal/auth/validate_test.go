package auth

import (
	"context"
	"slices"
	"strings"
	"testing"

	"inteqra/internal/access"
	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"
	"inteqra/internal/i18n"
	"inteqra/internal/orgs"
)

// TestUserFormRefusesBadInput holds issue 12 items 5 and 6 for the users
// form: an organisation id that names nothing (999999, -1) is refused on the
// field instead of failing on the foreign key, and so are a NUL, invalid
// UTF-8 and over-long names and e-mails; nothing is written.
func TestUserFormRefusesBadInput(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newStore(t, d)
		u := newUser(t, s, "aysel@example.az", access.Consultant)
		tests := []struct {
			name string
			in   UserInput
			want string
		}{
			{"unknown organisation", UserInput{Email: "a@b.az", Name: "X", Role: access.PartnerOfficer, OrganisationID: 999999}, "error.unknown_choice"},
			{"negative organisation", UserInput{Email: "a@b.az", Name: "X", Role: access.Consultant, OrganisationID: -1}, "error.unknown_choice"},
			{"NUL in the name", UserInput{Email: "a@b.az", Name: "Nul\x00Byte", Role: access.Consultant}, "error.control_chars"},
			{"invalid UTF-8 in the name", UserInput{Email: "a@b.az", Name: "\xff\xfe\x80", Role: access.Consultant}, "error.invalid_utf8"},
			{"100,000-character e-mail", UserInput{Email: strings.Repeat("a", 100000) + "@b.az", Name: "X", Role: access.Consultant}, "error.too_long"},
			{"201-character name", UserInput{Email: "a@b.az", Name: strings.Repeat("ə", 201), Role: access.Consultant}, "error.too_long"},
		}
		for _, tt := range tests {
			_, err := s.CreateUser(system, tt.in, "long enough password", false)
			if got := errKey(err); got != tt.want {
				t.Errorf("create, %s: got %q, want %q", tt.name, got, tt.want)
			}
			err = s.UpdateUser(system, u.ID, tt.in)
			if got := errKey(err); got != tt.want {
				t.Errorf("update, %s: got %q, want %q", tt.name, got, tt.want)
			}
		}
		if n, _ := s.CountUsers(context.Background()); n != 1 {
			t.Errorf("got %d users, want 1: refused input must change nothing", n)
		}
		if got, _ := s.UserByID(context.Background(), u.ID); got.Email != u.Email || got.Name != u.Name || got.OrganisationID != 0 {
			t.Errorf("a refused update changed the user: %+v", got)
		}
		// A real organisation is accepted.
		o, err := orgs.NewStore(d).CreateOrganisation(system, orgs.Input{Name: "UNHCR", Kind: orgs.International, Active: true})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.CreateUser(system, UserInput{Email: "p@unhcr.org", Name: "P", Role: access.PartnerOfficer, OrganisationID: o.ID}, "long enough password", false); err != nil {
			t.Errorf("a real organisation: %v", err)
		}
	})
}

// The users form hears of every problem at once, each on its field.
func TestUserFormReportsEveryProblem(t *testing.T) {
	t.Parallel()
	in := UserInput{Email: "not an address", Name: " ", Role: "wizard", Language: "fr"}
	want := []string{"users.error.email_invalid", "users.error.name_required", "users.error.role_invalid", "users.error.language_invalid"}
	if got := i18n.ProblemKeys(in.Validate()); !slices.Equal(got, want) {
		t.Errorf("problems %v, want %v", got, want)
	}
	partner := UserInput{Email: "", Name: "Tural", Role: access.PartnerOfficer}
	want = []string{"users.error.email_required", "users.error.organisation_required"}
	if got := i18n.ProblemKeys(partner.Validate()); !slices.Equal(got, want) {
		t.Errorf("partner officer without e-mail and organisation: problems %v, want %v", got, want)
	}
}
