package imports

import (
	"context"
	"errors"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"inteqra/internal/access"
	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"

	"inteqra/internal/people"
)

// importFile is a small extract with every kind of row a report shows.
const importFile = `Soyad;Ad;Фамилия;Имя;Doğum tarixi;Vətəndaşlıq;Telefon;Sənəd nömrəsi;Status;Əsas;Bitmə tarixi
Quliyeva;Lalə;Кулиева;Лала;02.05.1991;GE;;TRP 700001;trp;ailə;2027-05-01
Beridze;Nino;Беридзе;Нино;1988-11-30;XX;;TRP 700002;trp;iş;2027-05-01
Kovalenko;Olena;Коваленко;Олена;31.02.1990;UA;;;;;
Nəzərov;Timur;Назаров;Тимур;1979-01-15;UZ;;TRP 700001;trp;iş;2027-05-01
Mamedov;Rashad;Мамедов;Рашад;14.03.1985;RU;;PRP 0012345;prp;;2030-01-01
Məmmədov;Rəşad;Мамедов;Рашад;1985-03-14;RU;;;;;
Yılmaz;Mehmet;Йылмаз;Мехмет;1990-06-01;TR;;TRP 700005;trp;iş;2027-05-01
Yilmaz;Mehmet;Йилмаз;Мехмет;01.06.1990;TR;;TRP 700006;trp;work;2027-05-01
`

func newImport(t *testing.T, ctx context.Context, s *Store, content string) Batch {
	t.Helper()
	b, err := s.CreateBatch(ctx, "extract.csv", []byte(content), true)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func runImport(t *testing.T, ctx context.Context, s *Store, id int64, mode Mode) (Report, error) {
	t.Helper()
	var run *Run
	var err error
	if mode == "" {
		run, err = s.StartCheck(ctx, id)
	} else {
		run, err = s.StartImport(ctx, id, mode)
	}
	if err != nil {
		return Report{}, err
	}
	return run.Do(ctx, nil)
}

func TestImportReportAndModes(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		defer checkKeyList(t, d)
		ps, s := stores(d)
		ctx := staff(t, d, access.Consultant)
		existing := register(t, ps, mammadov()) // document PRP 0012345
		persons := dbtest.Count(t, d, `SELECT count(*) FROM persons`)

		b := newImport(t, ctx, s, importFile)
		if b.State != Uploaded || len(b.Headers) != 11 || b.Mapping[0] != "surname_az" || b.Mapping[2] != "surname_cyrillic" {
			t.Fatalf("new batch: %+v", b)
		}
		rep, err := runImport(t, ctx, s, b.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		type row struct {
			line   int
			kind   IssueKind
			column string
			key    string
			person int64
		}
		want := []row{
			{3, IssueInvalid, "Vətəndaşlıq", "people.error.country_invalid", 0},
			{4, IssueInvalid, "Doğum tarixi", "import.error.date_format", 0},
			{5, IssueRepeat, "", "import.issue.repeat", 0},
			{6, IssueExisting, "", "import.issue.existing", existing.ID},
			{7, IssuePossible, "", "import.issue.possible", existing.ID},
			{9, IssuePossible, "", "import.issue.possible_line", 0},
		}
		var got []row
		for _, is := range rep.Issues {
			got = append(got, row{is.Line, is.Kind, is.Column, is.Reason.Key, is.PersonID})
		}
		if len(got) != len(want) {
			t.Fatalf("dry run issues:\n got %+v\nwant %+v", got, want)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("issue %d: got %+v, want %+v", i, got[i], want[i])
			}
		}
		if rep.Rows != 8 || rep.Invalid != 2 || rep.Duplicates != 2 || rep.Flagged != 2 || rep.Importable() != 4 {
			t.Errorf("dry run counts: %+v", rep)
		}
		if n := dbtest.Count(t, d, `SELECT count(*) FROM persons`); n != persons {
			t.Fatalf("the dry run created %d persons", n-persons)
		}
		b, _ = s.Batch(ctx, b.ID)
		stored, _ := s.Issues(ctx, b.ID, 100)
		if b.State != Checked || b.Invalid != 2 || len(stored) != 6 || stored[1].Column != "Doğum tarixi" || stored[3].PersonID != existing.ID {
			t.Errorf("after the dry run: batch %+v, issues %+v", b, stored)
		}

		// All or nothing: the bad rows refuse the whole file.
		_, err = runImport(t, ctx, s, b.ID, AllOrNothing)
		if !errors.Is(err, ErrHasInvalid) {
			t.Fatalf("all-or-nothing with bad rows: got %v", err)
		}
		if n := dbtest.Count(t, d, `SELECT count(*) FROM persons`); n != persons {
			t.Fatalf("a refused import left %d persons", n-persons)
		}
		b, _ = s.Batch(ctx, b.ID)
		if b.State != RolledBack || b.Error == nil || b.Error.Key != "import.error.has_invalid" {
			t.Errorf("refused batch: %+v", b)
		}

		// Valid rows only.
		rep, err = runImport(t, ctx, s, b.ID, ValidOnly)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Imported != 4 || dbtest.Count(t, d, `SELECT count(*) FROM persons`) != persons+4 {
			t.Fatalf("valid-only: imported %d", rep.Imported)
		}
		b, _ = s.Batch(ctx, b.ID)
		if b.State != Committed || b.Imported != 4 || b.FinishedAt.IsZero() {
			t.Errorf("committed batch: %+v", b)
		}
		// Each imported record knows its file and line; a merge hands that on
		// (checked at the end, so as not to change what comes first).
		var first, second int64
		d.QueryRowContext(ctx, `SELECT person_id FROM import_persons ORDER BY line LIMIT 1`).Scan(&first)
		d.QueryRowContext(ctx, `SELECT person_id FROM import_persons ORDER BY line DESC LIMIT 1`).Scan(&second)
		if origins, err := s.Origins(ctx, first); err != nil || len(origins) != 1 || origins[0].BatchID != b.ID || origins[0].FileName != b.FileName {
			t.Errorf("origins: %+v, %v", origins, err)
		}
		// The imported are found like any other person, in any script, and by document.
		for _, q := range []string{"Quliyeva Lalə", "Кулиева", "TRP700001", "Yilmaz Mehmet"} {
			res, err := ps.Search(ctx, q, 1)
			if err != nil || len(res.Hits) == 0 {
				t.Errorf("Search(%q) after the import: %v, %d hits", q, err, len(res.Hits))
			}
		}
		issues, _ := s.Issues(ctx, b.ID, 100)
		flagged := 0
		for _, is := range issues {
			if is.Kind == IssuePossible {
				flagged++
				if is.NewPersonID == 0 || is.PersonID == 0 {
					t.Errorf("flagged row without its records: %+v", is)
				}
			}
		}
		if flagged != 2 {
			t.Errorf("flagged rows after the import: %d, want 2", flagged)
		}
		// The flagged rows wait in the duplicates queue with the records they resemble.
		supervisor := staff(t, d, access.Supervisor)
		if pairs, _, err := ps.Pairs(supervisor, "open", 1); err != nil || len(pairs) != 2 || pairs[0].Reasons[0] != "people.why.import" {
			t.Errorf("queue after the import: %+v, %v; want the 2 flagged pairs", pairs, err)
		}
		if n := dbtest.Count(t, d, `SELECT count(*) FROM residence_statuses s JOIN import_persons i ON i.person_id = s.person_id WHERE i.batch_id = $1`, b.ID); n != 3 {
			t.Errorf("statuses imported: %d, want 3", n)
		}
		if n := dbtest.Count(t, d, `SELECT count(*) FROM audit_events WHERE action = 'person.import' AND object_id = $1`, strconv.FormatInt(b.ID, 10)); n != 1 {
			t.Errorf("audit events for the batch: %d, want 1", n)
		}
		// A committed batch does not run twice, and the same file again imports no one twice.
		if _, err := runImport(t, ctx, s, b.ID, ValidOnly); !errors.Is(err, ErrDone) {
			t.Errorf("running a committed batch again: %v", err)
		}
		// The same file is refused until the user confirms it; then the
		// row without a document is skipped too, as the earlier import's.
		again := newImport(t, ctx, s, importFile)
		if _, err := runImport(t, ctx, s, again.ID, ValidOnly); !errors.Is(err, ErrRepeatedFile) {
			t.Fatalf("the same file again, unconfirmed: %v", err)
		}
		if err := s.ConfirmRepeat(ctx, again.ID); err != nil {
			t.Fatal(err)
		}
		rep, err = runImport(t, ctx, s, again.ID, ValidOnly)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Imported != 0 || rep.Duplicates != 6 || rep.Flagged != 0 {
			t.Errorf("the same file again: %+v", rep)
		}
		if err := ps.Merge(ctx, people.MergeInput{Survivor: first, Merged: second}); err != nil {
			t.Fatal(err)
		}
		if origins, _ := s.Origins(ctx, first); len(origins) != 2 {
			t.Errorf("origins after a merge: %d, want 2", len(origins))
		}
	})
}

// foreignKeysChecked fails unless the database still refuses a dangling
// reference: SQLite imports run with its checks off (db.TransactBulk).
func foreignKeysChecked(t *testing.T, d *db.DB) {
	t.Helper()
	err := d.Transact(context.Background(), func(tx *db.Tx) error {
		_, err := tx.ExecContext(context.Background(), `INSERT INTO person_names (person_id, kind) VALUES ($1, 'alias')`, 1<<40)
		return err
	})
	if err == nil {
		t.Error("a name of no person was accepted: foreign keys are off after an import")
	}
}

func TestImportNeedsPermission(t *testing.T) {
	t.Parallel()
	d := dbtest.SQLite(t)
	_, s := stores(d)
	analyst := staff(t, d, access.Analyst)
	if _, err := s.CreateBatch(analyst, "x.csv", []byte("Soyad\nƏliyev\n"), true); !errors.Is(err, access.ErrForbidden) {
		t.Errorf("analyst CreateBatch: %v", err)
	}
	f, _ := ReadFile("x.csv", []byte("Soyad\nƏliyev\n"))
	if _, err := s.DryRun(analyst, f, Mapping{"surname_az"}, nil); !errors.Is(err, access.ErrForbidden) {
		t.Errorf("analyst DryRun: %v", err)
	}
	if _, err := s.DryRun(context.Background(), f, Mapping{"surname_az"}, nil); !errors.Is(err, access.ErrUnauthenticated) {
		t.Errorf("anonymous DryRun: %v", err)
	}
}

func TestImportXLSX(t *testing.T) {
	t.Parallel()
	d := dbtest.SQLite(t)
	_, s := stores(d)
	content := xlsxBytes(t, [][]any{
		{"Last name", "First name", "Date of birth", "Nationality", "Phone"},
		{"ALIYEV", "VUGAR", 31048, "AZE", 994501112233},
		{"BERIDZE", "NINO", "30.11.1988", "GEO", ""},
	})
	b, err := s.CreateBatch(system, "holders.xlsx", content, true)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := runImport(t, system, s, b.ID, AllOrNothing)
	if err != nil || rep.Imported != 2 {
		t.Fatalf("xlsx import: %+v, %v", rep, err)
	}
	var name, birth string
	if err := d.QueryRowContext(system, `SELECT display_name, birth_date FROM persons ORDER BY id LIMIT 1`).Scan(&name, &birth); err != nil {
		t.Fatal(err)
	}
	if name != "ALIYEV VUGAR" || !strings.HasPrefix(birth, "1985-01-01") {
		t.Errorf("first person: %q born %q", name, birth)
	}
}

// BenchmarkImport imports a generated file of 20,000 persons (names in three
// scripts, a residence permit each) into an empty SQLite file registry.
func BenchmarkImport(b *testing.B) {
	const rows = 20000
	content := genCSV(rows, 42)
	ctx := access.With(context.Background(), access.System())
	for b.Loop() {
		b.StopTimer()
		d, err := db.Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
		if err != nil {
			b.Fatal(err)
		}
		if err := d.Migrate(ctx); err != nil {
			b.Fatal(err)
		}
		_, s := stores(d)
		batch, err := s.CreateBatch(ctx, "bench.csv", content, false)
		if err != nil {
			b.Fatal(err)
		}
		f, _ := ReadFile("bench.csv", content)
		b.StartTimer()
		run, err := s.StartImport(ctx, batch.ID, ValidOnly)
		if err != nil {
			b.Fatal(err)
		}
		rep, err := run.Do(ctx, f)
		if err != nil || rep.Imported < rows*9/10 {
			b.Fatalf("import: %+v, %v", rep.Imported, err)
		}
		b.StopTimer()
		d.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// TestImportAgainstRegistryByKeys: a row is compared with the registry when
// the key index has its phone, or a pair of its names held by someone born
// the same year, and flagged with the person it resembles; a row sharing
// nothing, or only the name of someone born in another year, is not.
func TestImportAgainstRegistryByKeys(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ps, s := stores(d)
		ctx := staff(t, d, access.Consultant)
		phone := register(t, ps, people.Input{Names: []people.Name{{Kind: people.NameAz, Surname: "Əliyeva", Given: "Səbinə"}}, BirthYear: 1990,
			Phone: "+994 51 777 00 11"})
		name := register(t, ps, people.Input{Names: []people.Name{{Kind: people.NameAz, Surname: "Hüseynov", Given: "Tural"}}, BirthDate: "1987-04-09"})
		const file = `Soyad;Ad;Фамилия;Имя;Doğum tarixi;Vətəndaşlıq;Telefon;Sənəd nömrəsi;Status;Əsas;Bitmə tarixi
Orucov;Kamran;Оруджев;Камран;1975-02-02;RU;0517770011;;;;
Гусейнов;Турал;Гусейнов;Турал;1987-04-09;RU;;;;;
Zeynalova;Nərmin;Зейналова;Нармин;1999-09-19;RU;;;;;
Hüseynov;Tural;Гусейнов;Турал;1960-01-01;RU;;;;;
`
		b := newImport(t, ctx, s, file)
		rep, err := runImport(t, ctx, s, b.ID, ValidOnly)
		if err != nil {
			t.Fatal(err)
		}
		flagged := map[int]int64{}
		for _, is := range rep.Issues {
			if is.Kind == IssuePossible {
				flagged[is.Line] = is.PersonID
			}
		}
		if flagged[2] != phone.ID || flagged[3] != name.ID || len(flagged) != 2 || rep.Imported != 4 {
			t.Errorf("flags %v (imported %d); want line 2 → %d (phone), line 3 → %d (name)", flagged, rep.Imported, phone.ID, name.ID)
		}
	})
}
