package council

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/png"
	"reflect"
	"strings"
	"testing"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/auth/authtest"
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

// at sets the fixture's clock to a day.
func (f *fixture) at(day string) {
	d, err := time.Parse(time.DateOnly, day)
	if err != nil {
		panic(err)
	}
	f.clock = d.Add(9 * time.Hour)
}

func TestRenewTerms(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		m := f.member(t, "Nino", Member) // 2027-01-01 to 2028-12-31, at most 2 terms in a row
		// A term that ended early leaves a gap: the next starts today and
		// the count starts again.
		o := f.member(t, "Oleg", Member)
		f.at("2027-06-01")
		if err := f.s.EndTerm(f.secretary, o.Term.ID, Resigned); err != nil {
			t.Fatal(err)
		}
		f.at("2027-09-01")
		again, err := f.s.RenewTerm(f.secretary, o.ID)
		if err != nil || again.StartsOn.Format(time.DateOnly) != "2027-09-01" {
			t.Fatalf("renewal after resigning = %+v, %v", again, err)
		}
		next, err := f.s.RenewTerm(f.secretary, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if next.State != Candidate || next.StartsOn.Format(time.DateOnly) != "2029-01-01" || next.EndsOn.Format(time.DateOnly) != "2030-12-31" {
			t.Fatalf("renewal = %+v, want a candidate's term from 2029-01-01", next)
		}
		if _, err := f.s.RenewTerm(f.secretary, m.ID); !errors.Is(err, ErrInvalidTermMove) || !hasText(err, "namizəd") {
			t.Errorf("second renewal while one waits: %v", err)
		}
		// The member still counts: the term in force is the current one.
		if active, _ := f.s.ActiveMembers(f.secretary); len(active) != 1 || active[0].Term.ID != m.Term.ID {
			t.Fatalf("active = %+v, want the member on the first term", active)
		}
		if err := f.s.ActivateTerm(f.secretary, next.ID); err == nil || !hasText(err, "qüvvədə olan") {
			t.Errorf("two terms in force: %v", err)
		}
		f.at("2028-12-31")
		if err := f.s.EndTerm(f.secretary, m.Term.ID, TermOver); err != nil {
			t.Fatal(err)
		}
		f.at("2029-01-01")
		if err := f.s.ActivateTerm(f.secretary, next.ID); err != nil {
			t.Fatal(err)
		}
		_, err = f.s.RenewTerm(f.secretary, m.ID)
		if !errors.Is(err, ErrRenewLimit) || !hasText(err, "ardıcıl") || !hasText(err, "(2)") {
			t.Errorf("third term in a row: %v", err)
		}
		got, err := f.s.Member(f.consultant, m.ID)
		if err != nil || len(got.Terms) != 2 || got.Term.ID != next.ID || got.Terms[0].ID != next.ID {
			t.Errorf("member = %+v, %v", got, err)
		}

		if _, err := f.s.RenewTerm(f.consultant, o.ID); !errors.Is(err, access.ErrForbidden) {
			t.Errorf("a consultant renewed: %v", err)
		}
	})
}

func TestConsecutive(t *testing.T) {
	t.Parallel()
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	served := func(from, to string) Term {
		return Term{State: Ended, StartsOn: day(from), EndsOn: day(to), EndedOn: day(to)}
	}
	terms := []Term{served("2025-01-01", "2026-12-31"), served("2023-01-01", "2024-12-31"), served("2020-01-01", "2021-12-31")}
	if n := consecutive(terms, day("2027-01-01")); n != 2 {
		t.Errorf("consecutive = %d, want 2 (a gap before 2023)", n)
	}
	if n := consecutive(terms, day("2027-03-01")); n != 0 {
		t.Errorf("after a gap = %d, want 0", n)
	}
	never := Term{State: Ended, StartsOn: day("2027-01-01"), EndsOn: day("2028-12-31"), EndedOn: day("2026-12-01")}
	if n := consecutive(append([]Term{never}, terms...), day("2027-01-01")); n != 2 {
		t.Errorf("a candidate's term that never started counted: %d", n)
	}
}

func TestCouncilSettings(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		admin := authtest.SignedIn(t, d, access.Admin, "admin@example.az")
		if err := f.s.SaveSettings(f.secretary, Settings{Size: 9, TermMonths: 24, MaxTerms: 2}); !errors.Is(err, access.ErrForbidden) {
			t.Errorf("the secretary changed the settings: %v", err)
		}
		err := f.s.SaveSettings(admin, Settings{Size: 2, TermMonths: 100, MaxTerms: 0})
		if n := len(i18n.Problems(err)); n != 3 || !hasText(err, "3 ilə 50 arasında") {
			t.Errorf("bad settings: %d problems, want 3: %v", n, err)
		}
		if err := f.s.SaveSettings(admin, Settings{Size: 9, TermMonths: 36, MaxTerms: 3}); err != nil {
			t.Fatal(err)
		}
		if st, err := f.s.Settings(f.public); err != nil || st != (Settings{9, 36, 3}) {
			t.Errorf("settings = %+v, %v", st, err)
		}
		m := f.member(t, "Nino", Member)
		if m.Term.EndsOn.Format(time.DateOnly) != "2029-12-31" {
			t.Errorf("a term of 36 months ends %v", m.Term.EndsOn)
		}
		if n := dbtest.Count(t, d, `SELECT count(*) FROM audit_events WHERE action = 'council_settings.update'`); n != 1 {
			t.Errorf("settings audited %d times", n)
		}
	})
}

func TestRoles(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		_, err := f.s.AddMember(f.secretary, MemberInput{PersonID: f.person(t, "Sədr"), Role: Chair, StartsOn: "2027-01-01"})
		if !errors.Is(err, ErrChairElected) || !hasText(err, "iclasda seçir") {
			t.Errorf("chair on the form: %v", err)
		}
		deputy := f.member(t, "Nino", DeputyChair)
		f.member(t, "Oleg", Secretary)
		other := f.member(t, "Aylin", Member)
		_, err = f.s.AddMember(f.secretary, MemberInput{PersonID: f.person(t, "Zaur"), Role: DeputyChair, StartsOn: "2027-01-01"})
		if !hasText(err, "sədr müavini") {
			t.Errorf("second deputy chair: %v", err)
		}
		if err := f.s.UpdateMember(f.secretary, other.ID, MemberInput{Role: Secretary}); !hasText(err, "katib") {
			t.Errorf("second secretary: %v", err)
		}
		if err := f.s.UpdateMember(f.secretary, other.ID, MemberInput{Role: Chair}); !errors.Is(err, ErrChairElected) {
			t.Errorf("chair by update: %v", err)
		}
		// The elected chair keeps the office through an edit of the details.
		if _, err := d.ExecContext(system, `UPDATE council_members SET role = 'chair' WHERE id = $1`, other.ID); err != nil {
			t.Fatal(err)
		}
		if err := f.s.UpdateMember(f.secretary, other.ID, MemberInput{Role: Chair, Origin: "tr", Community: "Türk icması",
			Languages: []string{"tr", "az"}}); err != nil {
			t.Fatal(err)
		}
		got, err := f.s.Member(f.secretary, other.ID)
		if err != nil || got.Role != Chair || got.Origin != "TR" || strings.Join(got.Languages, ",") != "az,tr" {
			t.Errorf("updated = %+v, %v", got, err)
		}
		// Once the deputy's term ends another member may take the role.
		if err := f.s.EndTerm(f.secretary, deputy.Term.ID, Resigned); err != nil {
			t.Fatal(err)
		}
		if err := f.s.UpdateMember(f.secretary, other.ID, MemberInput{Role: DeputyChair}); err != nil {
			t.Errorf("deputy after the last one left: %v", err)
		}
		if err := f.s.UpdateMember(f.secretary, 9999, MemberInput{Role: Member}); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("unknown member: %v", err)
		}
	})
}

// newMember is a member's form with the person's details.
func newMember(surname, given, birth string) MemberInput {
	return MemberInput{Person: people.Input{Names: []people.Name{{Kind: people.NameAz, Surname: surname, Given: given}}, BirthDate: birth,
		Email: strings.ToLower(given+"."+surname) + "@example.org"},
		Origin: "UA", Community: "Ukrayna icması", Languages: []string{"uk", "ru"}, Role: Member, StartsOn: "2027-01-01"}
}

func TestAddMemberThroughTheRegistry(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		in := newMember("Kovalenko", "Olena", "1978-05-20")
		in.ConsentListing = true
		m, err := f.s.AddMember(f.secretary, in)
		if err != nil {
			t.Fatal(err)
		}
		if !m.ConsentListing || m.ConsentPhotos || m.Name == "" {
			t.Errorf("member = %+v", m)
		}
		listed, err := people.ConsentsInForce(system, d, []int64{m.PersonID}, people.PublicListing)
		if err != nil || !listed[m.PersonID] {
			t.Errorf("listing consent not recorded: %v, %v", listed, err)
		}
		// The same person typed again is matched with the registry, and is
		// already a member.
		if _, err := f.s.AddMember(f.secretary, newMember("Kovalenko", "Olena", "1978-05-20")); !hasText(err, "artıq şuranın üzvüdür") {
			t.Errorf("same person seated twice: %v", err)
		}
		if n := dbtest.Count(t, d, `SELECT count(*) FROM persons`); n != 1 {
			t.Errorf("persons = %d, want 1", n)
		}
		_, err = f.s.AddMember(f.secretary, MemberInput{Person: people.Input{Names: []people.Name{{Kind: people.NameAz, Surname: "X1"}}},
			Origin: "QQ", Role: Chair, StartsOn: "soon"})
		fields := map[string]bool{}
		for _, e := range i18n.Problems(err) {
			fields[string(e.Field())] = true
		}
		for _, want := range []string{"people.birth_date", "council.member.origin", "council.member.role", "council.term.starts_on"} {
			if !fields[want] {
				t.Errorf("no problem on %s: %v", want, err)
			}
		}
	})
}

// pngImage is a tiny PNG.
func pngImage(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewRGBA(image.Rect(0, 0, 4, 4))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestPublicMembers(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		both := newMember("Kovalenko", "Olena", "1978-05-20")
		both.ConsentListing, both.ConsentPhotos = true, true
		listed := newMember("Rezaei", "Maryam", "1981-02-03")
		listed.ConsentListing = true
		hidden := newMember("Abdullayev", "Timur", "1975-09-09")
		var ms []CouncilMember
		for _, in := range []MemberInput{both, listed, hidden} {
			m, err := f.s.AddMember(f.secretary, in)
			if err != nil {
				t.Fatal(err)
			}
			ms = append(ms, m)
		}
		if list, _ := f.s.PublicMembers(f.public); len(list) != 0 {
			t.Errorf("candidates listed: %+v", list)
		}
		for _, m := range ms {
			if err := f.s.ActivateTerm(f.secretary, m.Term.ID); err != nil {
				t.Fatal(err)
			}
		}
		if err := f.s.SetPhoto(f.secretary, ms[1].ID, "maryam.png", bytes.NewReader(pngImage(t))); !hasText(err, "razılığı qüvvədə") {
			t.Errorf("photo without consent: %v", err)
		}
		if err := f.s.SetPhoto(f.secretary, ms[0].ID, "olena.png", strings.NewReader("%PDF-1.4 not a photo")); !hasText(err, "jpeg və ya png") {
			t.Errorf("a PDF as a photo: %v", err)
		}
		if err := f.s.SetPhoto(f.consultant, ms[0].ID, "olena.png", bytes.NewReader(pngImage(t))); !errors.Is(err, access.ErrForbidden) {
			t.Errorf("a consultant set a photo: %v", err)
		}
		if err := f.s.SetPhoto(f.secretary, ms[0].ID, "olena.png", bytes.NewReader(pngImage(t))); err != nil {
			t.Fatal(err)
		}
		list, err := f.s.PublicMembers(f.public)
		if err != nil || len(list) != 2 {
			t.Fatalf("public = %+v, %v; want the two who consented", list, err)
		}
		for _, pm := range list {
			if pm.Photo != (pm.ID == ms[0].ID) {
				t.Errorf("%s: photo %t", pm.Name, pm.Photo)
			}
		}
		if _, ok := reflect.TypeOf(PublicMember{}).FieldByName("PersonID"); ok {
			t.Error("the public read carries the person's id")
		}
		ct, data, err := f.s.PublicPhoto(f.public, ms[0].ID)
		if err != nil || ct != "image/png" || !bytes.Equal(data, pngImage(t)) {
			t.Errorf("photo = %s %d bytes, %v", ct, len(data), err)
		}
		if _, _, err := f.s.PublicPhoto(f.public, ms[1].ID); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("photo of a member without one: %v", err)
		}
		// Withdrawn in the registry, the photo is no longer served.
		consents, err := f.s.people.Consents(f.consultant, ms[0].PersonID)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range consents {
			if c.Purpose == people.Photos {
				if err := f.s.people.WithdrawConsent(f.consultant, ms[0].PersonID, c.ID, "Fikrini dəyişdi"); err != nil {
					t.Fatal(err)
				}
			}
		}
		if _, _, err := f.s.PublicPhoto(f.public, ms[0].ID); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("photo after the consent was withdrawn: %v", err)
		}
		if list, _ := f.s.PublicMembers(f.public); len(list) != 2 || list[0].Photo || list[1].Photo {
			t.Errorf("public after withdrawal = %+v", list)
		}
		if err := f.s.EndTerm(f.secretary, ms[1].Term.ID, Removed); err != nil {
			t.Fatal(err)
		}
		if list, _ := f.s.PublicMembers(f.public); len(list) != 1 {
			t.Errorf("an ended member is listed: %+v", list)
		}
	})
}

func TestTermsEnding(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		m := f.member(t, "Nino", Member) // ends 2028-12-31
		f.at("2028-10-31")
		if list, err := f.s.TermsEnding(f.consultant); err != nil || len(list) != 0 {
			t.Errorf("ending 61 days ahead: %+v, %v", list, err)
		}
		f.at("2028-11-01")
		list, err := f.s.TermsEnding(f.consultant)
		if err != nil || len(list) != 1 || list[0].ID != m.ID || !list[0].Term.EndingSoon(f.clock) {
			t.Errorf("ending within 60 days: %+v, %v", list, err)
		}
		if _, err := f.s.TermsEnding(f.public); err == nil {
			t.Error("the public read the terms ending")
		}
	})
}

func TestMergeMovesSeats(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		f.s.people.OnMerge(f.s.MovePerson)
		kept, gone := f.member(t, "Nino", Member), f.member(t, "Nina", Member)
		if err := f.s.EndTerm(f.secretary, kept.Term.ID, Resigned); err != nil {
			t.Fatal(err)
		}
		alone := f.member(t, "Oleg", Member)
		other := f.person(t, "Oleq")
		if err := f.s.people.Merge(f.consultant, people.MergeInput{Survivor: kept.PersonID, Merged: gone.PersonID}); err != nil {
			t.Fatal(err)
		}
		if err := f.s.people.Merge(f.consultant, people.MergeInput{Survivor: other, Merged: alone.PersonID}); err != nil {
			t.Fatal(err)
		}
		list, err := f.s.Members(f.secretary)
		if err != nil || len(list) != 2 {
			t.Fatalf("members = %+v, %v; want two after the merges", list, err)
		}
		got, err := f.s.Member(f.secretary, kept.ID)
		if err != nil || got.PersonID != kept.PersonID || len(got.Terms) != 2 || got.Term.ID != gone.Term.ID || !got.Active() {
			t.Errorf("kept = %+v, %v; want both terms, the active one current", got, err)
		}
		if got, err := f.s.Member(f.secretary, alone.ID); err != nil || got.PersonID != other {
			t.Errorf("moved = %+v, %v", got, err)
		}
		if n := dbtest.Count(t, d, `SELECT count(*) FROM audit_events WHERE action = 'council_member.merge'`); n != 1 {
			t.Errorf("merge audited %d times", n)
		}
	})
}
