package people

import (
	"fmt"
	"strings"
	"testing"

	"inteqra/internal/access"
	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"
	"inteqra/internal/i18n"
	"inteqra/internal/orgs"
)

// TestCreatePersonRefusesBadText holds issue 12 items 5 and 6 at the store:
// over-long, NUL, control characters, invalid UTF-8 and unknown regions are
// refused with a message, and nothing is written.
func TestCreatePersonRefusesBadText(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("9", 100000)
	tests := []struct {
		name string
		edit func(*Input)
		want string
	}{
		{"100,000-character phone", func(in *Input) { in.Phone = long }, "error.too_long"},
		{"5,000-digit phone", func(in *Input) { in.Phone = long[:5000] }, "error.too_long"},
		{"20-digit phone", func(in *Input) { in.Phone = long[:20] }, "error.phone_format"},
		{"100,000-character address", func(in *Input) { in.Address = strings.Repeat("Bakı ", 20000) }, "error.too_long"},
		{"100,000-character e-mail", func(in *Input) { in.Email = long + "@example.az" }, "error.too_long"},
		{"100,000-character document", func(in *Input) { in.DocumentNo = long }, "error.too_long"},
		{"101-character surname", func(in *Input) { in.Names[0].Surname = strings.Repeat("ə", 101) }, "error.too_long"},
		{"NUL in a surname", func(in *Input) { in.Names[0].Surname = "Nul\x00Byte" }, "error.control_chars"},
		{"NUL in an address", func(in *Input) { in.Address = "Nul\x00Byte" }, "error.control_chars"},
		{"escape in a given name", func(in *Input) { in.Names[0].Given = "Rə\x1b[2Jşad" }, "error.control_chars"},
		{"new line in an address", func(in *Input) { in.Address = "Bakı\nSumqayıt" }, "error.control_chars"},
		{"invalid UTF-8 in a surname", func(in *Input) { in.Names[0].Surname = "\xff\xfe\x80" }, "error.invalid_utf8"},
		{"invalid UTF-8 in a Cyrillic spelling", func(in *Input) { in.Names[1].Given = "Раш\xffад" }, "error.invalid_utf8"},
		{"invalid UTF-8 in an e-mail", func(in *Input) { in.Email = "\xff@example.az" }, "error.invalid_utf8"},
		{"document with markup", func(in *Input) { in.DocumentNo = "<b>1</b>" }, "error.document_format"},
		{"unknown region", func(in *Input) { in.RegionID = 999999 }, "error.unknown_choice"},
		{"negative region", func(in *Input) { in.RegionID = -1 }, "error.unknown_choice"},
	}
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := NewStore(d, nil)
		consultant := staff(t, d, access.Consultant)
		before := dbtest.Count(t, d, `SELECT count(*) FROM persons`)
		for _, tt := range tests {
			in := mammadov()
			in.DuplicateReason = "test"
			tt.edit(&in)
			_, _, err := s.CreatePerson(consultant, in)
			if !i18n.HasProblem(err, tt.want) {
				t.Errorf("%s: got %v, want %s", tt.name, i18n.ProblemKeys(err), tt.want)
			}
		}
		if n := dbtest.Count(t, d, `SELECT count(*) FROM persons`); n != before {
			t.Errorf("got %d persons after refused input, want %d", n, before)
		}
		// Every problem of one form comes back at once.
		in := mammadov()
		in.Phone, in.Address, in.RegionID = long, "Nul\x00Byte", 999999
		_, _, err := s.CreatePerson(consultant, in)
		for _, want := range []string{"error.too_long", "error.control_chars", "error.unknown_choice"} {
			if !i18n.HasProblem(err, want) {
				t.Errorf("a form with three problems: got %v, want %s among them", i18n.ProblemKeys(err), want)
			}
		}
	})
}

// TestUpdateAndConsentRefuseUnknownIDs: an edit with region 999999 or -1,
// and a consent to share with organisation 999999, answer with a message on
// the field and change nothing (they used to fail on the foreign key).
func TestUpdateAndConsentRefuseUnknownIDs(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := NewStore(d, nil)
		consultant := staff(t, d, access.Consultant)
		p := register(t, s, mammadov())
		for _, region := range []int64{999999, -1} {
			in := p.Edit()
			in.RegionID, in.Phone = region, "+994 70 111 22 33"
			if err := s.UpdatePerson(consultant, p.ID, in); !i18n.HasProblem(err, "error.unknown_choice") {
				t.Errorf("region %d: got %v, want error.unknown_choice", region, i18n.ProblemKeys(err))
			}
		}
		if got, _ := s.Person(consultant, p.ID); got.Phone != p.Phone || got.RegionID != p.RegionID {
			t.Errorf("after refused edits: phone %q region %d, want %q %d", got.Phone, got.RegionID, p.Phone, p.RegionID)
		}
		in := p.Edit()
		in.Address = "Nul\x00Byte"
		if err := s.UpdatePerson(consultant, p.ID, in); !i18n.HasProblem(err, "error.control_chars") {
			t.Errorf("NUL in an edit: got %v", i18n.ProblemKeys(err))
		}

		admin := staff(t, d, access.Admin)
		inactive, err := orgs.NewStore(d).CreateOrganisation(admin, orgs.Input{Name: "Closed NGO", Kind: orgs.NGO})
		if err != nil {
			t.Fatal(err)
		}
		for _, org := range []int64{999999, -1, inactive.ID} {
			_, err := s.GiveConsent(consultant, p.ID, ConsentInput{Purpose: Sharing, OrganisationID: org})
			if !i18n.HasProblem(err, "error.unknown_choice") {
				t.Errorf("organisation %d: got %v, want error.unknown_choice", org, i18n.ProblemKeys(err))
			}
		}
		if n := dbtest.Count(t, d, `SELECT count(*) FROM consents WHERE person_id = $1`, p.ID); n != 0 {
			t.Errorf("got %d consents after refused ones, want 0", n)
		}
		if err := s.WithdrawConsent(consultant, p.ID, 1, "Nul\x00Byte"); !i18n.HasProblem(err, "error.control_chars") {
			t.Errorf("NUL in a withdrawal reason: got %v", i18n.ProblemKeys(err))
		}
	})
}

// TestStatusAndRegionRefuseBadInput covers the status form's document
// number and the regions catalogue's codes, names and parent.
func TestStatusAndRegionRefuseBadInput(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := NewStore(d, nil)
		consultant := staff(t, d, access.Consultant)
		p := register(t, s, mammadov())
		for _, doc := range []string{strings.Repeat("A", 100000), "AB\x00123", "AB\xff123"} {
			_, err := s.AddStatus(consultant, p.ID, StatusInput{Kind: Refugee, DocumentNo: doc})
			if err == nil {
				t.Errorf("document %.10q: accepted", doc)
			}
		}
		if n := dbtest.Count(t, d, `SELECT count(*) FROM residence_statuses WHERE person_id = $1`, p.ID); n != 0 {
			t.Errorf("got %d statuses after refused ones, want 0", n)
		}

		admin := staff(t, d, access.Admin)
		before := dbtest.Count(t, d, `SELECT count(*) FROM regions`)
		tests := []struct {
			name string
			in   RegionInput
			want string
		}{
			{"unknown parent", RegionInput{Code: "AZ-X1", Kind: "district", ParentID: 999999, NameAz: "X", NameEn: "X", NameRu: "X"}, "error.unknown_choice"},
			{"negative parent", RegionInput{Code: "AZ-X2", Kind: "district", ParentID: -1, NameAz: "X", NameEn: "X", NameRu: "X"}, "error.unknown_choice"},
			{"long name", RegionInput{Code: "AZ-X3", Kind: "economic_region", NameAz: strings.Repeat("X", 201), NameEn: "X", NameRu: "X"}, "error.too_long"},
			{"NUL in a name", RegionInput{Code: "AZ-X4", Kind: "economic_region", NameAz: "X", NameEn: "X\x00", NameRu: "X"}, "error.control_chars"},
			{"code with a space", RegionInput{Code: "AZ X5", Kind: "economic_region", NameAz: "X", NameEn: "X", NameRu: "X"}, "error.code_format"},
		}
		for _, tt := range tests {
			if _, err := s.SaveRegion(admin, 0, tt.in); !i18n.HasProblem(err, tt.want) {
				t.Errorf("%s: got %v, want %s", tt.name, i18n.ProblemKeys(err), tt.want)
			}
		}
		if n := dbtest.Count(t, d, `SELECT count(*) FROM regions`); n != before {
			t.Errorf("got %d regions after refused ones, want %d", n, before)
		}
	})
}

// TestNameScripts: a spelling in another alphabet than its fields ask for
// is refused on the form with the name transliterated to offer; a native
// spelling takes any script; nothing is written.
func TestNameScripts(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := NewStore(d, nil)
		tests := []struct {
			name  Name
			want  string
			latin string
		}{
			{Name{Kind: NameAz, Surname: "Гусейнов", Given: "Турал"}, "people.error.name_script_latin", "Guseynov Tural"},
			{Name{Kind: NamePassport, Given: "Тамара"}, "people.error.name_script_latin", "Tamara"},
			{Name{Kind: NameCyrillic, Surname: "Huseynov"}, "people.error.name_script_cyrillic", ""},
			{Name{Kind: NameAz, Surname: "Hüseynova", Given: "Gülnarə"}, "", ""},
			{Name{Kind: NameCyrillic, Surname: "Гусейнова", Given: "Гюльнара"}, "", ""},
			{Name{Kind: NameNative, Surname: "გოგელია", Given: "თამარ"}, "", ""},
		}
		for _, tt := range tests {
			_, _, err := s.CreatePerson(system, Input{Names: []Name{tt.name}, BirthDate: "1990-01-02", DuplicateReason: "test"})
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("%+v: %v, want it registered", tt.name, err)
			case tt.want != "" && !i18n.HasProblem(err, tt.want):
				t.Errorf("%+v: %v, want %s", tt.name, i18n.ProblemKeys(err), tt.want)
			case tt.latin != "":
				for _, p := range i18n.Problems(err) {
					if p.Key == tt.want && !strings.Contains(fmt.Sprint(p.Args...), tt.latin) {
						t.Errorf("%+v: the offer is %v, want %q", tt.name, p.Args, tt.latin)
					}
				}
			}
		}
		if n, _ := s.CountPersons(system); n != 3 {
			t.Errorf("%d persons registered, want the 3 well-written ones", n)
		}
	})
}
