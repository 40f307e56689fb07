package council

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"
	"inteqra/internal/i18n"
	"inteqra/internal/people"
)

// surnames tell the members of a test apart, so that the registry does not
// take them for duplicates.
var surnames = []string{"Beridze", "Karimov", "Okafor", "Haddad", "Nguyen", "Petrenko", "Suleiman", "Tanaka", "Wójcik", "Zhou"}

// person registers a person for a member's seat.
func (f *fixture) person(t *testing.T, given string) int64 {
	t.Helper()
	f.people++
	p, _, err := f.s.people.CreatePerson(f.consultant, people.Input{
		Names:     []people.Name{{Kind: people.NameAz, Surname: surnames[f.people%len(surnames)], Given: given}},
		BirthYear: 1960 + f.people})
	if err != nil {
		t.Fatal(err)
	}
	return p.ID
}

// member seats an active member named given.
func (f *fixture) member(t *testing.T, given string, role Role) CouncilMember {
	t.Helper()
	m, err := f.s.AddMember(f.secretary, MemberInput{PersonID: f.person(t, given), Origin: "ge",
		Languages: []string{"ka", "ru"}, Role: role, StartsOn: "2027-01-01"})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.s.ActivateTerm(f.secretary, m.Term.ID); err != nil {
		t.Fatal(err)
	}
	m.Term.State = Active
	return m
}

func TestTerms(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		m, err := f.s.AddMember(f.secretary, MemberInput{PersonID: f.person(t, "Nino"), Origin: "GE",
			Community: "Gürcü icması", Role: Member, StartsOn: "2027-01-01"})
		if err != nil {
			t.Fatal(err)
		}
		if m.Term.State != Candidate || m.Term.EndsOn.Format("2006-01-02") != "2028-12-31" {
			t.Fatalf("term = %+v, want a candidate's 24 months", m.Term)
		}
		if _, err := f.s.AddMember(f.secretary, MemberInput{PersonID: m.PersonID, Role: Member, StartsOn: "2027-01-01"}); err == nil {
			t.Error("a person was seated twice")
		}
		if _, err := f.s.AddMember(f.consultant, MemberInput{PersonID: f.person(t, "Ali"), Role: Member, StartsOn: "2027-01-01"}); err == nil {
			t.Error("a consultant added a member")
		}
		if err := f.s.ActivateTerm(f.secretary, m.Term.ID); err != nil {
			t.Fatal(err)
		}
		err = f.s.ActivateTerm(f.secretary, m.Term.ID)
		if !errors.Is(err, ErrInvalidTermMove) || !hasText(err, "fəal") {
			t.Errorf("activating twice: %v", err)
		}
		if err := f.s.EndTerm(f.secretary, m.Term.ID, Resigned); err != nil {
			t.Fatal(err)
		}
		list, err := f.s.Members(f.secretary)
		if err != nil || len(list) != 1 || list[0].Term.State != Ended || list[0].Term.EndReason != Resigned {
			t.Fatalf("members = %+v, %v", list, err)
		}
	})
}

func TestCouncilSize(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		for i := range 8 {
			f.member(t, fmt.Sprint("Ad", i), Member)
		}
		m, err := f.s.AddMember(f.secretary, MemberInput{PersonID: f.person(t, "Doqquzuncu"), Role: Member, StartsOn: "2027-01-01"})
		if err != nil {
			t.Fatal(err)
		}
		if err := f.s.ActivateTerm(f.secretary, m.Term.ID); err == nil {
			t.Error("a ninth member was seated on a Council of eight")
		}
		active, err := f.s.ActiveMembers(f.consultant)
		if err != nil || len(active) != 8 {
			t.Errorf("active = %d, %v", len(active), err)
		}
	})
}

// hasText reports whether err reads in Azerbaijani with the given text.
func hasText(err error, text string) bool {
	cat, lerr := i18n.Load()
	return err != nil && lerr == nil && strings.Contains(strings.ToLower(cat.Printer(i18n.AZ).Error(err)), text)
}
