package imports

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"
)

// repeatFile is 50 persons; the rows i%5 < 2 (20 of them) have no
// document number. change, when it is a row's index, gives that row
// another phone number.
func repeatFile(change int) string {
	var b strings.Builder
	b.WriteString("Soyad;Ad;Doğum tarixi;Vətəndaşlıq;Telefon;Sənəd nömrəsi\n")
	for i := range 50 {
		doc := fmt.Sprintf("TRP %06d", 900000+i)
		if i%5 < 2 {
			doc = ""
		}
		phone := fmt.Sprintf("+994 50 %07d", 1000000+i)
		if i == change {
			phone = "+994 55 7654321"
		}
		birth := time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, 97*i)
		fmt.Fprintf(&b, "%s;%s;%s;%s;%s;%s\n", genSurnames[i%len(genSurnames)][0], genGiven[i%len(genGiven)][0],
			birth.Format(time.DateOnly), genCountries[i%len(genCountries)], phone, doc)
	}
	return b.String()
}

func kinds(rep Report) map[IssueKind]int {
	n := map[IssueKind]int{}
	for _, is := range rep.Issues {
		n[is.Kind]++
	}
	return n
}

func TestImportSameFileTwice(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		defer checkKeyList(t, d)
		ps, s := stores(d)
		ctx := staff(t, d, access.Consultant)
		file := repeatFile(-1)

		first := newImport(t, ctx, s, file)
		if first.ContentSHA256 != ContentHash([]byte(file)) || len(first.ContentSHA256) != 64 {
			t.Fatalf("first batch's hash: %q", first.ContentSHA256)
		}
		rep, err := runImport(t, ctx, s, first.ID, ValidOnly)
		if err != nil || rep.Imported != 50 {
			t.Fatalf("first import: %+v, %v", rep, err)
		}
		first, _ = s.Batch(ctx, first.ID)
		persons := dbtest.Count(t, d, `SELECT count(*) FROM persons`)

		// The same file again: refused until confirmed.
		second := newImport(t, ctx, s, file)
		same, err := s.SameFile(ctx, second)
		if err != nil || len(same) != 1 || same[0].ID != first.ID {
			t.Fatalf("SameFile: %+v, %v", same, err)
		}
		if same, _ := s.SameFile(ctx, first); len(same) != 0 {
			t.Errorf("SameFile of the first import: %+v, want none", same)
		}
		// A dry run is not refused, and shows what the import would do.
		rep, err = runImport(t, ctx, s, second.ID, "")
		if err != nil || rep.Importable() != 0 || kinds(rep)[IssueRepeatImport] != 20 || kinds(rep)[IssueExisting] != 30 {
			t.Errorf("dry run of the same file: %+v (%v), %v", kinds(rep), rep, err)
		}
		_, err = runImport(t, ctx, s, second.ID, ValidOnly)
		if !errors.Is(err, ErrRepeatedFile) {
			t.Fatalf("second import without confirmation: got %v, want %v", err, ErrRepeatedFile)
		}
		if want := RepeatedFile(first); err.Error() != want.Error() {
			t.Errorf("refusal: got %v, want %v", err, want)
		}
		if err := s.ConfirmRepeat(ctx, second.ID); err != nil {
			t.Fatal(err)
		}
		rep, err = runImport(t, ctx, s, second.ID, ValidOnly)
		if err != nil {
			t.Fatalf("confirmed second import: %v", err)
		}
		if rep.Imported != 0 || rep.Duplicates != 50 || rep.Flagged != 0 || kinds(rep)[IssueRepeatImport] != 20 {
			t.Errorf("confirmed second import: %+v, issues %v", rep, kinds(rep))
		}
		if n := dbtest.Count(t, d, `SELECT count(*) FROM persons`); n != persons {
			t.Fatalf("the second import created %d persons", n-persons)
		}
		for _, is := range rep.Issues {
			if is.Kind == IssueRepeatImport && (is.PersonID == 0 || is.Reason.Key != "import.issue.repeat_import") {
				t.Errorf("repeat issue: %+v", is)
			}
		}
		if err := s.ConfirmRepeat(ctx, second.ID); !errors.Is(err, ErrDone) {
			t.Errorf("confirming an imported batch: got %v, want %v", err, ErrDone)
		}

		// A file with one row changed is another file: no confirmation.
		// The changed row (1, no document) is imported and flagged as
		// before; a row whose person was erased since is imported again.
		var erased int64
		if err := d.QueryRowContext(ctx, `SELECT person_id FROM import_persons WHERE batch_id = $1 AND line = $2`,
			first.ID, 2).Scan(&erased); err != nil {
			t.Fatal(err)
		}
		if err := ps.Erase(system, erased, "test"); err != nil {
			t.Fatal(err)
		}
		third := newImport(t, ctx, s, repeatFile(1))
		rep, err = runImport(t, ctx, s, third.ID, ValidOnly)
		if err != nil {
			t.Fatalf("changed file: %v", err)
		}
		if rep.Imported != 2 || rep.Flagged != 1 || kinds(rep)[IssueRepeatImport] != 18 || kinds(rep)[IssueExisting] != 30 {
			t.Errorf("changed file: %+v, issues %v", rep, kinds(rep))
		}
		for _, is := range rep.Issues {
			if is.Line == 3 && is.Kind != IssuePossible {
				t.Errorf("changed row: %+v, want flagged as possible", is)
			}
		}
	})
}
