package orgs

import (
	"context"
	"crypto/ed25519"
	"errors"
	"testing"

	"inteqra/internal/access"
	"inteqra/internal/audit"
	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"
	"inteqra/internal/i18n"
)

func TestOrganisations(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := NewStore(d)
		admin := access.With(context.Background(), access.Principal{UserID: 1, Email: "admin@x.az", Role: access.Admin})
		for _, name := range []string{"Əmək Nazirliyi", "Bakı Tikinti MMC", "İqtisadiyyat Nazirliyi", "Cəmiyyət QHT", "Ilısu Turizm"} {
			if _, err := s.CreateOrganisation(admin, Input{Name: name, Kind: NGO, Active: true}); err != nil {
				t.Fatal(err)
			}
		}
		tests := []struct {
			name string
			in   Input
			want string
		}{
			{"empty name", Input{Name: "  ", Kind: NGO}, "orgs.error.name_required"},
			{"bad kind", Input{Name: "X", Kind: "club"}, "orgs.error.kind_invalid"},
			{"taken name", Input{Name: "Bakı Tikinti MMC", Kind: Employer}, "orgs.error.name_taken"},
		}
		for _, tt := range tests {
			_, err := s.CreateOrganisation(admin, tt.in)
			var ie *i18n.Error
			if !errors.As(err, &ie) || ie.Key != tt.want {
				t.Errorf("%s: got %v, want %s", tt.name, err, tt.want)
			}
		}
		consultant := access.With(context.Background(), access.Principal{UserID: 2, Role: access.Consultant})
		if _, err := s.CreateOrganisation(consultant, Input{Name: "Z", Kind: NGO}); !errors.Is(err, access.ErrForbidden) {
			t.Errorf("consultant create: got %v, want ErrForbidden", err)
		}
		list, err := s.Organisations(consultant)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, o := range list {
			names = append(names, o.Name)
		}
		// Azerbaijani order: B C Ə I İ.
		want := []string{"Bakı Tikinti MMC", "Cəmiyyət QHT", "Əmək Nazirliyi", "Ilısu Turizm", "İqtisadiyyat Nazirliyi"}
		if len(names) != len(want) {
			t.Fatalf("got %v, want %v", names, want)
		}
		for i := range want {
			if names[i] != want[i] {
				t.Fatalf("got %v, want %v", names, want)
			}
		}
		o := list[0]
		if err := s.UpdateOrganisation(admin, o.ID, Input{Name: o.Name, Kind: Employer, Active: false}); err != nil {
			t.Fatal(err)
		}
		got, err := s.Organisation(admin, o.ID)
		if err != nil || got.Kind != Employer || got.Active {
			t.Errorf("after update: %+v, %v", got, err)
		}
		if _, err := s.Organisation(admin, 9999); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("missing organisation: got %v, want ErrNotFound", err)
		}
		auditor := access.With(context.Background(), access.Principal{UserID: 3, Role: access.Auditor})
		events, err := audit.NewStore(d, ed25519.NewKeyFromSeed(make([]byte, ed25519.SeedSize))).Events(auditor, audit.Filter{Action: "organisation.update"})
		if err != nil || len(events) != 1 || len(events[0].Fields) != 2 {
			t.Errorf("update audit: %+v, %v; want one event naming kind and active", events, err)
		}
	})
}

// TestOffices keeps the contacts of the Service's offices and lists, for the
// public, only the active own offices that have an address.
func TestOffices(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := NewStore(d)
		admin := access.With(context.Background(), access.Principal{UserID: 1, Email: "admin@x.az", Role: access.Admin})
		contact := Contact{Address: "Gəncə şəhəri, Kəpəz rayonu", Phone: "+994 22 000 00 03", Email: "gence@example.az", Hours: "09:00–18:00"}
		for _, in := range []Input{
			{Name: "Gəncə regional idarəsi", Kind: RegionalOffice, Active: true, Contact: contact},
			{Name: "Baş idarə", Kind: Headquarters, Active: true, Contact: Contact{Address: "Bakı"}},
			{Name: "Ünvansız idarə", Kind: RegionalOffice, Active: true},
			{Name: "Bağlı idarə", Kind: RegionalOffice, Active: false, Contact: Contact{Address: "Şəki"}},
			{Name: "Əmək Nazirliyi", Kind: Ministry, Active: true, Contact: Contact{Address: "Bakı"}},
		} {
			if _, err := s.CreateOrganisation(admin, in); err != nil {
				t.Fatal(err)
			}
		}
		offices, err := s.Offices(context.Background()) // no one signed in: the public site
		if err != nil {
			t.Fatal(err)
		}
		if len(offices) != 2 || offices[0].Name != "Baş idarə" || offices[1].Contact != contact {
			t.Fatalf("offices = %+v, want headquarters then the Gəncə office with its contacts", offices)
		}
		bad := Input{Name: "X", Kind: RegionalOffice, Contact: Contact{Phone: "zəng edin", Email: "not an address", Address: "Nul\x00"}}
		err = bad.Validate()
		for _, want := range []string{"error.phone_format", "error.email_format", "error.control_chars"} {
			if !i18n.HasProblem(err, want) {
				t.Errorf("bad contacts: %v, want %s among the problems", i18n.ProblemKeys(err), want)
			}
		}
		changed := contact
		changed.Hours = "08:00–17:00"
		if err := s.UpdateOrganisation(admin, offices[1].ID, Input{Name: offices[1].Name, Kind: RegionalOffice, Active: true, Contact: changed}); err != nil {
			t.Fatal(err)
		}
		if o, err := s.Organisation(admin, offices[1].ID); err != nil || o.Hours != "08:00–17:00" {
			t.Errorf("after the update: %+v, %v", o, err)
		}
	})
}
