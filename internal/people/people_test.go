package people

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/auth"
	"inteqra/internal/auth/authtest"
	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"
	"inteqra/internal/i18n"
)

var system = access.With(context.Background(), access.System())

// staff returns a context for a real user of role, so that the records it
// writes can point at that user.
func staff(t *testing.T, d *db.DB, role access.Role) context.Context {
	t.Helper()
	u, err := authtest.NewStore(t, d).CreateUser(system, auth.UserInput{Email: string(role) + "@example.az", Name: "Test " + string(role), Role: role, Active: true},
		"long enough password", false)
	if err != nil {
		t.Fatal(err)
	}
	return access.With(context.Background(), u.Principal())
}

func errKey(err error) string {
	var e *i18n.Error
	if errors.As(err, &e) {
		return e.Key
	}
	if err == nil {
		return ""
	}
	return err.Error()
}

func register(t *testing.T, s *Store, in Input) Person {
	t.Helper()
	if in.DuplicateReason == "" {
		in.DuplicateReason = "test fixture"
	}
	p, _, err := s.CreatePerson(system, in)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func mammadov() Input {
	return Input{
		Names: []Name{
			{Kind: NameAz, Surname: "Məmmədov", Given: "Rəşad", Patronymic: "Əli oğlu"},
			{Kind: NameCyrillic, Surname: "Мамедов", Given: "Рашад"},
			{Kind: NamePassport, Surname: "MAMMADOV", Given: "RASHAD"},
		},
		Sex: Male, BirthDate: "1985-03-14", Citizenships: []string{"RU"}, Languages: []string{"ru", "az"},
		Phone: "+994 50 123 45 67", DocumentNo: "PRP 0012345",
	}
}

func TestValidate(t *testing.T) {
	t.Parallel()
	today := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		in   Input
		want string
	}{
		{"no name", Input{}, "people.error.name_required"},
		{"only patronymic", Input{Names: []Name{{Kind: NameAz, Patronymic: "Əli oğlu"}}}, "people.error.name_required"},
		{"bad kind", Input{Names: []Name{{Kind: "nick", Surname: "X"}}}, "people.error.name_kind"},
		{"bad date", Input{Names: []Name{{Kind: NameAz, Surname: "X"}}, BirthDate: "14.03.1985"}, "people.error.birth_date_invalid"},
		{"future birth", Input{Names: []Name{{Kind: NameAz, Surname: "X"}}, BirthDate: "2030-01-01"}, "people.error.birth_date_range"},
		{"bad year", Input{Names: []Name{{Kind: NameAz, Surname: "X"}}, BirthYear: 1850}, "people.error.birth_date_range"},
		{"bad country", Input{Names: []Name{{Kind: NameAz, Surname: "X"}}, Citizenships: []string{"XX"}}, "people.error.country_invalid"},
		{"stateless with citizenship", Input{Names: []Name{{Kind: NameAz, Surname: "X"}}, Stateless: true, Citizenships: []string{"GE"}}, "people.error.stateless_with_citizenship"},
		{"bad language", Input{Names: []Name{{Kind: NameAz, Surname: "X"}}, Languages: []string{"xx"}}, "people.error.language_invalid"},
		{"short phone", Input{Names: []Name{{Kind: NameAz, Surname: "X"}}, Phone: "12-34"}, "people.error.phone_invalid"},
		{"fine", Input{Names: []Name{{Kind: NameAz, Surname: " Quliyeva ", Given: "Lalə"}}, Citizenships: []string{"ge", "GE"}, BirthYear: 1990}, ""},
	}
	for _, tt := range tests {
		in := tt.in
		if got := errKey(in.Validate(today)); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestRegisterSearchAndDuplicates(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		defer checkKeyList(t, d)
		s := NewStore(d, nil)
		consultant := staff(t, d, access.Consultant)
		p := register(t, s, mammadov())
		register(t, s, Input{Names: []Name{{Kind: NameAz, Surname: "Məmmədov", Given: "Rəsul"}}, BirthYear: 1990})
		register(t, s, Input{Names: []Name{{Kind: NameAz, Surname: "Həsənova", Given: "Günel"}, {Kind: NameCyrillic, Surname: "Гасанова", Given: "Гюнель"}}, Sex: Female})

		for _, q := range []string{"Mamedov Rashad", "Мамедов Рашад", "Məmmədov Rəşad", "MAMMADOV RASHAD", "mammadov rashad", "Rəşad 1985", "PRP0012345", "prp 001-2345", "050 123 45 67"} {
			res, err := s.Search(consultant, q, 1)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Hits) == 0 || res.Hits[0].ID != p.ID {
				var got []string
				for _, h := range res.Hits {
					got = append(got, h.DisplayName)
				}
				t.Errorf("Search(%q): top hits %v, want %s first", q, got, p.DisplayName)
				continue
			}
			if len(res.Hits[0].Reasons) == 0 {
				t.Errorf("Search(%q): no reason given", q)
			}
		}
		// A partial name finds everyone it starts.
		if res, _ := s.Search(consultant, "Məmməd", 1); len(res.Hits) != 2 {
			t.Errorf("Məmməd: got %d hits, want both Məmmədovs", len(res.Hits))
		}
		res, _ := s.Search(consultant, "Məmmədov Rəşad 1990", 1)
		if len(res.Hits) != 0 {
			t.Errorf("a wrong birth year still found %d persons", len(res.Hits))
		}
		// A name registered only in Persian script is found from its Latin spelling.
		persian := register(t, s, Input{Names: []Name{{Kind: NameNative, Surname: "رضایی", Given: "محمد"}}, Citizenships: []string{"IR"}})
		// Scripts without a transliteration table are kept as they are, and
		// their keys stay valid text for PostgreSQL.
		register(t, s, Input{Names: []Name{{Kind: NameNative, Surname: "वर्मा", Given: "अमित"}, {Kind: NamePassport, Surname: "VERMA", Given: "AMIT"}}})
		if res, _ := s.Search(consultant, "Mohammad Rezaei", 1); len(res.Hits) == 0 || res.Hits[0].ID != persian.ID {
			t.Errorf("Mohammad Rezaei does not find محمد رضایی: %+v", res.Hits)
		}
		res, _ = s.Search(consultant, "Gasanova", 1)
		if len(res.Hits) != 1 {
			t.Errorf("Gasanova: got %d hits, want 1", len(res.Hits))
		}

		// Entering the same person again in another spelling shows the record and saves nothing.
		again := Input{Names: []Name{{Kind: NamePassport, Surname: "Mamedov", Given: "Rashad"}}, BirthDate: "1985-03-14"}
		_, cands, err := s.CreatePerson(consultant, again)
		if !errors.Is(err, ErrPossibleDuplicate) || len(cands) == 0 || cands[0].ID != p.ID {
			t.Fatalf("duplicate entry: err %v, %d candidates; want the existing record", err, len(cands))
		}
		if !slices.Contains(cands[0].Reasons, "people.why.birth_date") {
			t.Errorf("reasons %v lack the birth date", cands[0].Reasons)
		}
		var n int
		if err := d.QueryRowContext(context.Background(), `SELECT count(*) FROM persons`).Scan(&n); err != nil || n != 5 {
			t.Fatalf("persons after a refused duplicate: %d, want 5", n)
		}
		// With a reason it is saved, and the reason is audited.
		again.DuplicateReason = "namesake: different father"
		if _, _, err := s.CreatePerson(consultant, again); err != nil {
			t.Fatal(err)
		}
		// A different given name is not a duplicate.
		if _, cands, err := s.CreatePerson(consultant, Input{Names: []Name{{Kind: NameAz, Surname: "Məmmədov", Given: "Elvin"}}}); err != nil || len(cands) != 0 {
			t.Errorf("Elvin Məmmədov: err %v, candidates %d; want saved without warning", err, len(cands))
		}
	})
}

func TestPersonViewIsAuditedAndGuarded(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := NewStore(d, nil)
		consultant := staff(t, d, access.Consultant)
		p := register(t, s, mammadov())
		got, err := s.Person(consultant, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Names) != 3 || got.BirthDate.Format(time.DateOnly) != "1985-03-14" || !slices.Equal(got.Citizenships, []string{"RU"}) || !slices.Equal(got.Languages, []string{"az", "ru"}) {
			t.Errorf("read back %+v", got)
		}
		history, err := s.History(consultant, p.ID)
		if err != nil || len(history) != 2 || history[0].Action != "person.view" || history[1].Action != "person.create" {
			t.Errorf("history = %v, %v; want view then create", history, err)
		}
		analyst := access.With(context.Background(), access.Principal{UserID: 9, Role: access.Analyst})
		if _, err := s.Person(analyst, p.ID); !errors.Is(err, access.ErrForbidden) {
			t.Errorf("analyst opened a person: %v", err)
		}
		if _, err := s.Search(analyst, "Mamedov", 1); !errors.Is(err, access.ErrForbidden) {
			t.Errorf("analyst searched names: %v", err)
		}
		if _, err := s.Person(consultant, 9999); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("missing person: %v", err)
		}
	})
}

func TestStatusesAndConsent(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		defer checkKeyList(t, d)
		s := NewStore(d, nil)
		consultant := staff(t, d, access.Consultant)
		p := register(t, s, mammadov())
		bad := []struct {
			in   StatusInput
			want string
		}{
			{StatusInput{Kind: "visa"}, "people.error.status_kind"},
			{StatusInput{Kind: TemporaryPermit, ValidTo: "2027-01-01"}, "people.error.ground_required"},
			{StatusInput{Kind: PermanentPermit}, "people.error.valid_to_required"},
			{StatusInput{Kind: PermanentPermit, ValidFrom: "2026-01-01", ValidTo: "2025-01-01"}, "people.error.valid_to_before_from"},
		}
		for _, b := range bad {
			if _, err := s.AddStatus(consultant, p.ID, b.in); errKey(err) != b.want {
				t.Errorf("AddStatus(%+v): got %v, want %s", b.in, err, b.want)
			}
		}
		_, err := s.AddStatus(consultant, p.ID, StatusInput{Kind: TemporaryPermit, Ground: "work", DocumentNo: "trp 77", ValidFrom: "2020-01-01", ValidTo: "2021-12-31"})
		if err != nil {
			t.Fatal(err)
		}
		_, err = s.AddStatus(consultant, p.ID, StatusInput{Kind: PermanentPermit, DocumentNo: "PRP 99", ValidFrom: "2022-01-01", ValidTo: "2027-01-01"})
		if err != nil {
			t.Fatal(err)
		}
		list, err := s.Statuses(consultant, p.ID)
		if err != nil || len(list) != 2 {
			t.Fatalf("statuses: %v, %v", list, err)
		}
		day := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
		if list[0].Kind != PermanentPermit || list[0].Condition(day) != "current" || list[1].Condition(day) != "expired" {
			t.Errorf("conditions: %s %s, %s %s; want prp current, trp expired", list[0].Kind, list[0].Condition(day), list[1].Kind, list[1].Condition(day))
		}
		// The document number of a status finds the person.
		if res, _ := s.Search(consultant, "TRP77", 1); len(res.Hits) != 1 || res.Hits[0].ID != p.ID {
			t.Errorf("search by status document found %d", len(res.Hits))
		}

		if err := RequireParticipation(consultant, d, p.ID); !errors.Is(err, ErrNoParticipationConsent) {
			t.Errorf("without consent: %v", err)
		}
		c, err := s.GiveConsent(consultant, p.ID, ConsentInput{Purpose: Participation})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.GiveConsent(consultant, p.ID, ConsentInput{Purpose: Participation}); errKey(err) != "people.error.consent_exists" {
			t.Errorf("second consent: %v", err)
		}
		if _, err := s.GiveConsent(consultant, p.ID, ConsentInput{Purpose: Sharing}); errKey(err) != "people.error.partner_required" {
			t.Errorf("sharing without partner: %v", err)
		}
		if err := RequireParticipation(consultant, d, p.ID); err != nil {
			t.Errorf("with consent: %v", err)
		}
		if err := s.WithdrawConsent(consultant, p.ID, c.ID, " "); errKey(err) != "people.error.reason_required" {
			t.Errorf("withdraw without reason: %v", err)
		}
		if err := s.WithdrawConsent(consultant, p.ID+1, c.ID, "moved"); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("withdraw through another person: %v", err)
		}
		if err := s.WithdrawConsent(consultant, p.ID, c.ID, "no longer wishes to take part"); err != nil {
			t.Fatal(err)
		}
		if err := RequireParticipation(consultant, d, p.ID); !errors.Is(err, ErrNoParticipationConsent) {
			t.Errorf("after withdrawal: %v", err)
		}
		consents, _ := s.Consents(consultant, p.ID)
		if len(consents) != 1 || consents[0].InForce() || consents[0].WithdrawalReason == "" {
			t.Errorf("consents: %+v", consents)
		}
	})
}

func TestCountriesAndLanguages(t *testing.T) {
	t.Parallel()
	if n := len(countryCodes()); n < 240 {
		t.Errorf("got %d countries, want the ISO list", n)
	}
	if got := CountryName(i18n.AZ, "GE"); got != "Gürcüstan" {
		t.Errorf("CountryName(az, GE) = %q", got)
	}
	if got := CountryName(i18n.RU, "UA"); got != "Украина" {
		t.Errorf("CountryName(ru, UA) = %q", got)
	}
	for _, tt := range []struct {
		lang       i18n.Lang
		code, want string
	}{
		{i18n.EN, "fa", "Persian"},
		{i18n.AZ, "en", "İngilis"}, // CLDR: "ingilis", inside a sentence
		{i18n.AZ, "ru", "Rus"},
		{i18n.RU, "fa", "Персидский"},
	} {
		if got := LanguageName(tt.lang, tt.code); got != tt.want {
			t.Errorf("LanguageName(%s, %s) = %q, want %q", tt.lang, tt.code, got, tt.want)
		}
	}
	list := Countries(i18n.AZ)
	names := make([]string, len(list))
	for i, c := range list {
		names[i] = c.Name
	}
	if !slices.IsSortedFunc(names, i18n.Compare) {
		t.Error("countries are not in Azerbaijani order")
	}
}

// checkKeyList fails when person_keys and the key lists of the persons
// disagree (CheckKeyIndex).
func checkKeyList(t *testing.T, d *db.DB) {
	t.Helper()
	if err := CheckKeyIndex(context.Background(), d); err != nil {
		t.Error(err)
	}
}

// TestRecent lists the newest active records first, a page at a time,
// without the erased ones, and audits the list.
func TestRecent(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := NewStore(d, nil)
		consultant := staff(t, d, access.Consultant)
		var ids []int64
		for i := range perPage + 5 {
			p := register(t, s, Input{Names: []Name{{Kind: NameAz, Surname: fmt.Sprintf("Soyad%c", 'A'+rune(i)), Given: "Ad"}},
				BirthDate: fmt.Sprintf("19%02d-01-02", 50+i)})
			ids = append(ids, p.ID)
		}
		erased := ids[len(ids)-1]
		if err := s.Erase(system, erased, "Şəxsin müraciəti"); err != nil {
			t.Fatal(err)
		}
		first, more, err := s.Recent(consultant, 1)
		if err != nil {
			t.Fatal(err)
		}
		if len(first.Hits) != perPage || !more || first.Hits[0].ID != ids[len(ids)-2] {
			t.Errorf("page 1: %d hits starting with %d, more %t; want %d starting with %d, more", len(first.Hits), first.Hits[0].ID, more, perPage, ids[len(ids)-2])
		}
		for _, h := range first.Hits {
			if h.ID == erased || h.DisplayName == "" {
				t.Errorf("page 1 holds %+v", h.Summary)
			}
		}
		second, more, err := s.Recent(consultant, 2)
		if err != nil || len(second.Hits) != 4 || more || second.Hits[3].ID != ids[0] {
			t.Errorf("page 2: %d hits, more %t, %v; want the 4 oldest", len(second.Hits), more, err)
		}
		if _, _, err := s.Recent(access.With(context.Background(), access.Principal{UserID: 9, Role: access.Analyst}), 1); !errors.Is(err, access.ErrForbidden) {
			t.Errorf("an analyst lists names: %v", err)
		}
	})
}

// TestDocumentsShown: a document number given without a residence status
// is part of the record, as the record's page and the person's own data
// show it.
func TestDocumentsShown(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := NewStore(d, nil)
		p := register(t, s, mammadov())
		got, err := s.Person(system, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got.Documents, []string{"PRP0012345"}) {
			t.Errorf("Documents = %q, want the number given at registration", got.Documents)
		}
	})
}
