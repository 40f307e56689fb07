package people

import (
	"context"
	"slices"
	"testing"

	"inteqra/internal/access"
	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"
)

// TestRebuildKeys wipes the key index and rebuilds it from the persons'
// data: the same rows come back, merged and erased persons get none, and
// the version is recorded.
func TestRebuildKeys(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := NewStore(d, nil)
		consultant := staff(t, d, access.Consultant)
		p := register(t, s, mammadov())
		if _, err := s.AddStatus(consultant, p.ID, StatusInput{Kind: TemporaryPermit, Ground: "work", DocumentNo: "trp 77",
			ValidFrom: "2020-01-01", ValidTo: "2021-12-31"}); err != nil {
			t.Fatal(err)
		}
		a := register(t, s, Input{Names: []Name{{Kind: NameAz, Surname: "Həsənova", Given: "Günel"}}, Email: "G@example.az", DocumentNo: "AB 1"})
		b := register(t, s, Input{Names: []Name{{Kind: NameCyrillic, Surname: "Гасанова", Given: "Гюнель"}}, Phone: "050 111 22 33", DocumentNo: "CD 2"})
		gone := register(t, s, Input{Names: []Name{{Kind: NameAz, Surname: "Əliyev", Given: "Vüqar"}}, DocumentNo: "EF 3"})
		if err := s.Merge(consultant, MergeInput{Survivor: a.ID, Merged: b.ID}); err != nil {
			t.Fatal(err)
		}
		if err := s.Erase(staff(t, d, access.Admin), gone.ID, "request"); err != nil {
			t.Fatal(err)
		}
		checkKeyList(t, d)
		before := allKeys(t, d)
		if !slices.Contains(before, personKey{searchKey{keyDocument, "CD2"}, a.ID}) {
			t.Errorf("the survivor lacks the merged record's document key: %v", before)
		}

		if _, err := d.ExecContext(ctx, `DELETE FROM person_keys`); err != nil {
			t.Fatal(err)
		}
		if _, err := d.ExecContext(ctx, `UPDATE person_keys_version SET version = 0`); err != nil {
			t.Fatal(err)
		}
		if stale, err := KeysStale(ctx, d); err != nil || !stale {
			t.Fatalf("KeysStale: got %v, %v, want true", stale, err)
		}
		if err := RebuildKeys(ctx, d); err != nil {
			t.Fatal(err)
		}
		if stale, err := KeysStale(ctx, d); err != nil || stale {
			t.Errorf("KeysStale after the rebuild: got %v, %v, want false", stale, err)
		}
		checkKeyList(t, d)
		if after := allKeys(t, d); !slices.Equal(after, before) {
			t.Errorf("rebuilt keys:\ngot  %v\nwant %v", after, before)
		}
	})
}

func allKeys(t *testing.T, d *db.DB) []personKey {
	t.Helper()
	rows, err := d.QueryContext(context.Background(), `SELECT kind, key, person_id FROM person_keys`)
	keys, err := db.Collect(rows, err, func(r db.Scanner) (k personKey, err error) {
		err = r.Scan(&k.kind, &k.key, &k.person)
		return k, err
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(keys, comparePersonKeys)
	return keys
}
