package auth

import (
	"context"
	"errors"
	"testing"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"
	"inteqra/internal/notify"
	"inteqra/internal/orgs"
)

func TestServiceAccounts(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newStore(t, d)
		o, err := orgs.NewStore(d).CreateOrganisation(system, orgs.Input{Name: "UNHCR", Kind: orgs.International, Active: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, tt := range []struct {
			name string
			in   ServiceAccountInput
			want string
		}{
			{"no name", ServiceAccountInput{Role: access.Analyst}, "users.error.name_required"},
			{"a person's role", ServiceAccountInput{Name: "X", Role: access.Consultant}, "users.error.role_invalid"},
			{"partner without organisation", ServiceAccountInput{Name: "X", Role: access.PartnerOfficer}, "users.error.organisation_required"},
		} {
			if _, err := s.CreateServiceAccount(system, tt.in); errKey(err) != tt.want {
				t.Errorf("%s: got %q, want %q", tt.name, errKey(err), tt.want)
			}
		}
		consultant := access.With(context.Background(), access.Principal{UserID: 1, Role: access.Consultant})
		if _, err := s.CreateServiceAccount(consultant, ServiceAccountInput{Name: "X", Role: access.Analyst}); !errors.Is(err, access.ErrForbidden) {
			t.Errorf("a consultant makes a service account: %v", err)
		}

		u, err := s.CreateServiceAccount(system, ServiceAccountInput{Name: "Partner system", Role: access.PartnerOfficer, OrganisationID: o.ID})
		if err != nil {
			t.Fatal(err)
		}
		person, err := s.CreateUser(system, UserInput{Email: "officer@unhcr.org", Name: "Aysel Məmmədova", Role: access.PartnerOfficer,
			OrganisationID: o.ID, Active: true}, "correct horse battery", false)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := s.UserByID(system, u.ID); err != nil || !got.Service || !got.Active {
			t.Fatalf("stored: %+v, %v", got, err)
		}
		if list, err := s.ServiceAccounts(system); err != nil || len(list) != 1 || list[0].ID != u.ID {
			t.Errorf("ServiceAccounts: %+v, %v", list, err)
		}

		// It is no person: never a colleague, an assignee or a recipient.
		if list, err := s.Colleagues(system, access.PartnerOfficer); err != nil || len(list) != 1 || list[0].ID != person.ID {
			t.Errorf("Colleagues: %+v, %v; want the person only", list, err)
		}
		if err := CheckActiveRole(system, d, "x", u.ID, access.PartnerOfficer); err == nil {
			t.Error("CheckActiveRole accepts a service account")
		}
		if to, err := notify.OrgUsers(system, d, o.ID, access.PartnerOfficer); err != nil || len(to) != 1 || to[0].UserID != person.ID {
			t.Errorf("OrgUsers: %+v, %v; want the person only", to, err)
		}
		if _, err := s.Authenticate(context.Background(), u.Email, "", "192.0.2.1"); !errors.Is(err, ErrBadCredentials) {
			t.Errorf("a service account signs in: %v", err)
		}
		err = s.UpdateUser(system, u.ID, UserInput{Email: u.Email, Name: u.Name, Role: access.Admin, Active: true})
		if errKey(err) != "users.error.role_invalid" {
			t.Errorf("a service account made admin: %v", err)
		}

		// Its token works, made by the system (the demo) as by an admin.
		_, secret, err := s.CreateServiceToken(system, u.ID, TokenInput{Name: "x", Scopes: []Scope{Write("referrals")},
			Expires: time.Now().AddDate(0, 0, 7).Format(time.DateOnly)})
		if err != nil {
			t.Fatal(err)
		}
		if got, _, err := s.AuthenticateToken(context.Background(), secret, "192.0.2.1"); err != nil || got.ID != u.ID {
			t.Errorf("the service token: %+v, %v", got, err)
		}
		if _, _, err := s.CreateServiceToken(system, person.ID, TokenInput{Name: "x", Scopes: []Scope{Read("referrals")},
			Expires: time.Now().AddDate(0, 0, 7).Format(time.DateOnly)}); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("a service token for a person: %v", err)
		}
	})
}
