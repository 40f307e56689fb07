package people

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"

	"inteqra/internal/access"
	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"
)

func TestScanMergeAndQueue(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		defer checkKeyList(t, d)
		s := NewStore(d, nil)
		consultant := staff(t, d, access.Consultant)
		a := register(t, s, mammadov())
		// The same man, registered again from his passport, with a new phone.
		b := register(t, s, Input{Names: []Name{{Kind: NamePassport, Surname: "MAMEDOV", Given: "RASHAD"}}, BirthDate: "1985-03-14",
			Phone: "+994 70 555 55 55", Citizenships: []string{"GE"}, Education: "higher"})
		// A namesake born elsewhere and later: not proposed.
		c := register(t, s, Input{Names: []Name{{Kind: NameAz, Surname: "Məmmədov", Given: "Rəşad"}}, BirthYear: 2001})
		// The same phone on two different names: proposed for the shared phone.
		d1 := register(t, s, Input{Names: []Name{{Kind: NameAz, Surname: "Əliyeva", Given: "Səbinə"}}, Phone: "+994 51 777 00 11"})
		d2 := register(t, s, Input{Names: []Name{{Kind: NameAz, Surname: "Əliyev", Given: "Tural"}}, Phone: "0517770011"})
		if _, err := s.GiveConsent(consultant, b.ID, ConsentInput{Purpose: Participation}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddStatus(consultant, b.ID, StatusInput{Kind: Refugee}); err != nil {
			t.Fatal(err)
		}

		res, err := s.ScanDuplicates(consultant)
		if err != nil {
			t.Fatal(err)
		}
		pairs, total, err := s.Pairs(consultant, "open", 1)
		if err != nil {
			t.Fatal(err)
		}
		got := map[[2]int64]bool{}
		for _, p := range pairs {
			got[[2]int64{p.A.ID, p.B.ID}] = true
		}
		if !got[[2]int64{a.ID, b.ID}] || !got[[2]int64{d1.ID, d2.ID}] || got[[2]int64{a.ID, c.ID}] || total != len(pairs) {
			t.Fatalf("scan %+v found %v (total %d); want %d-%d and %d-%d, not %d-%d", res, got, total, a.ID, b.ID, d1.ID, d2.ID, a.ID, c.ID)
		}
		// A second scan proposes nothing new.
		if res, _ := s.ScanDuplicates(consultant); res.Found != 0 {
			t.Errorf("second scan found %d new pairs", res.Found)
		}
		if err := s.Dismiss(consultant, d2.ID, d1.ID); err != nil {
			t.Fatal(err)
		}

		// Merge b into a, taking b's education and keeping a's phone.
		err = s.Merge(consultant, MergeInput{Survivor: a.ID, Merged: b.ID, Take: map[string]int64{"education": b.ID}})
		if err != nil {
			t.Fatal(err)
		}
		got1, err := s.Person(consultant, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got1.Education != "higher" || got1.Phone != "+994 50 123 45 67" || !slices.Equal(got1.Citizenships, []string{"GE", "RU"}) || len(got1.Names) != 4 {
			t.Errorf("survivor = %+v", got1)
		}
		if err := RequireParticipation(consultant, d, a.ID); err != nil {
			t.Errorf("consent did not move: %v", err)
		}
		if st, _ := s.Statuses(consultant, a.ID); len(st) != 1 {
			t.Errorf("statuses did not move: %d", len(st))
		}
		gone, _ := s.Person(consultant, b.ID)
		if gone.State != Merged || gone.MergedInto != a.ID {
			t.Errorf("merged record: state %s into %d", gone.State, gone.MergedInto)
		}
		// Searching the merged record's spelling lands on the survivor only.
		r, _ := s.Search(consultant, "MAMEDOV RASHAD 1985", 1)
		if len(r.Hits) != 1 || r.Hits[0].ID != a.ID {
			t.Errorf("search after merge: %+v", r.Hits)
		}
		if pairs, _, _ := s.Pairs(consultant, "open", 1); len(pairs) != 0 {
			t.Errorf("open pairs after merge and dismissal: %d", len(pairs))
		}
		// Refused merges change nothing.
		if err := s.Merge(consultant, MergeInput{Survivor: a.ID, Merged: b.ID}); errKey(err) != "people.error.not_active" {
			t.Errorf("merging a merged record: %v", err)
		}
		if err := s.Merge(consultant, MergeInput{Survivor: a.ID, Merged: a.ID}); errKey(err) != "people.error.merge_same" {
			t.Errorf("merging a record into itself: %v", err)
		}
		analyst := access.With(context.Background(), access.Principal{UserID: 5, Role: access.Analyst})
		if _, err := s.ScanDuplicates(analyst); !errors.Is(err, access.ErrForbidden) {
			t.Errorf("analyst scan: %v", err)
		}
	})
}

func TestFamilyAndErase(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		defer checkKeyList(t, d)
		s := NewStore(d, nil)
		consultant := staff(t, d, access.Consultant)
		admin := staff(t, d, access.Admin)
		father := register(t, s, mammadov())
		son := register(t, s, Input{Names: []Name{{Kind: NameAz, Surname: "Məmmədov", Given: "Elvin", Patronymic: "Rəşad oğlu"}}, BirthYear: 2010})
		if err := s.AddFamilyLink(consultant, son.ID, father.ID, "parent"); err != nil {
			t.Fatal(err)
		}
		if err := s.AddFamilyLink(consultant, father.ID, son.ID, "child"); errKey(err) != "people.error.relative_exists" {
			t.Errorf("second link: %v", err)
		}
		if err := s.AddFamilyLink(consultant, son.ID, 9999, "sibling"); errKey(err) != "people.error.relative_missing" {
			t.Errorf("missing relative: %v", err)
		}
		fam, err := s.Family(consultant, father.ID)
		if err != nil || len(fam) != 1 || fam[0].Relation != "child" || fam[0].ID != son.ID {
			t.Errorf("father's family = %+v, %v; want his son as child", fam, err)
		}

		if err := s.Erase(consultant, father.ID, "request"); !errors.Is(err, access.ErrForbidden) {
			t.Errorf("consultant erase: %v", err)
		}
		if err := s.Erase(admin, father.ID, " "); errKey(err) != "people.error.reason_required" {
			t.Errorf("erase without reason: %v", err)
		}
		if err := s.Erase(admin, father.ID, "the person's request of 20.11.2026"); err != nil {
			t.Fatal(err)
		}
		p, err := s.Person(admin, father.ID)
		if err != nil || p.State != Erased || len(p.Names) != 0 || p.Phone != "" || !p.BirthDate.IsZero() {
			t.Errorf("erased record still holds data: %+v", p)
		}
		if r, _ := s.Search(consultant, "PRP0012345", 1); len(r.Hits) != 0 {
			t.Error("an erased person is still found by document")
		}
		if fam, _ := s.Family(consultant, son.ID); len(fam) != 0 {
			t.Error("the erased person is still in the family")
		}
		h, _ := s.History(admin, father.ID)
		if len(h) == 0 || h[0].Action != "person.view" || h[1].Action != "person.erase" {
			t.Errorf("history after erase: %+v", h)
		}
	})
}

func TestUpdatePerson(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		defer checkKeyList(t, d)
		s := NewStore(d, nil)
		consultant := staff(t, d, access.Consultant)
		p := register(t, s, mammadov())
		in := p.Edit()
		in.Names = append(in.Names, Name{Kind: NameAlias, Surname: "Mamedli", Given: "Rashad"})
		in.Phone = "+994 77 300 20 10"
		in.Email = "r.mammadov@example.az"
		if err := s.UpdatePerson(consultant, p.ID, in); err != nil {
			t.Fatal(err)
		}
		got, _ := s.Person(consultant, p.ID)
		if len(got.Names) != 4 || got.Phone != in.Phone || got.BirthDate != p.BirthDate {
			t.Errorf("after update: %+v", got)
		}
		// The old phone no longer finds the person, the new one and the alias do.
		if r, _ := s.Search(consultant, "050 123 45 67", 1); len(r.Hits) != 0 {
			t.Error("the old phone still finds the person")
		}
		for _, q := range []string{"077 300 20 10", "Mamedli", "r.mammadov@example.az"} {
			if r, _ := s.Search(consultant, q, 1); len(r.Hits) != 1 {
				t.Errorf("%q finds %d persons, want 1", q, len(r.Hits))
			}
		}
		h, _ := s.History(consultant, p.ID)
		var update []string
		for _, e := range h {
			if e.Action == "person.update" {
				update = e.Fields
			}
		}
		if !slices.Equal(update, []string{"names", "phone", "email"}) {
			t.Errorf("update audited fields %v, want names, phone, email", update)
		}
		bad := p.Edit()
		bad.Names = nil
		if err := s.UpdatePerson(consultant, p.ID, bad); errKey(err) != "people.error.name_required" {
			t.Errorf("update without a name: %v", err)
		}
	})
}

// TestScanSplitsLargeBlocks: a name pair shared by more persons than a
// block may hold is split by birth year, so duplicates among the holders of
// a common name are still found.
func TestScanSplitsLargeBlocks(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := NewStore(d, nil)
		consultant := staff(t, d, access.Consultant)
		var twin Person
		for i := range maxBlock + 5 {
			p := register(t, s, Input{Names: []Name{{Kind: NameAz, Surname: "Əliyev", Given: "Elvin"}}, BirthDate: fmt.Sprintf("%d-05-01", 1950+i)})
			if i == 10 {
				twin = p
			}
		}
		again := register(t, s, Input{Names: []Name{{Kind: NamePassport, Surname: "ALIYEV", Given: "ELVIN"}}, BirthDate: "1960-05-01"})
		res, err := s.ScanDuplicates(consultant)
		if err != nil {
			t.Fatal(err)
		}
		pairs, _, err := s.Pairs(consultant, "open", 1)
		if err != nil {
			t.Fatal(err)
		}
		if len(pairs) != 1 || pairs[0].A.ID != twin.ID || pairs[0].B.ID != again.ID {
			t.Errorf("scan %+v found %d pairs, want only %d-%d", res, len(pairs), twin.ID, again.ID)
		}
	})
}
