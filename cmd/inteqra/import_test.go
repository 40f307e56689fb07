package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"inteqra/internal/db"
)

func TestImportPersonsCommand(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "cli.db")
	file := filepath.Join(dir, "holders.csv")
	csv := "Фамилия,Имя,Дата рождения,Гражданство,Номер документа,Примечание\n" +
		"Алиев,Вугар,14.03.1985,AZE,TRP-1001,x\n" +
		"Гусейнова,Лейла,1990-13-01,RUS,TRP-1002,\n" +
		"Мамедов,Рашад,1979-06-02,RU,TRP-1003,\n"
	if err := os.WriteFile(file, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	persons := func() int {
		d, err := db.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		defer d.Close()
		var n int
		if err := d.QueryRowContext(ctx, `SELECT count(*) FROM persons`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	steps := []struct {
		args      []string
		wantErr   string
		wantOut   string
		wantCount int
	}{
		{[]string{"persons", file, "-db", path, "-dry-run"}, "", `line 3, "Дата рождения": bad, not imported: “1990-13-01” is not a date`, 0},
		{[]string{"persons", file, "-db", path, "-dry-run"}, "", "Names as read from the file (Encoding: UTF-8):\n  line 2: Алиев Вугар\n", 0},
		{[]string{"persons", "-db", path, "-mode", "all", file}, "nothing was imported in all-or-nothing mode", "", 0},
		{[]string{"persons", file, "-db", path, "-dry-run", "-lang", "ru"}, "", "«1990-13-01» — не дата", 0},
		{[]string{"persons", file, "-db", path, "-map", "Дата рождения=-"}, "", "3 persons imported from 3 rows", 3},
		{[]string{"persons", file, "-db", path}, "-force imports it again", "", 3},
		{[]string{"persons", file, "-db", path, "-dry-run"}, "", "This file was already imported on", 3},
		{[]string{"persons", file, "-db", path, "-force"}, "", "already registered, skipped", 3},
		{[]string{"persons", file, "-db", path, "-map", "Фамилия=-,Имя=-"}, "Map at least one column to a name field", "", 3},
		{[]string{"persons", file, "-db", path, "-mode", "some"}, "Choose an import mode", "", 3},
		{[]string{"persons", "-db", path}, "usage", "", 3},
		{[]string{"people", file}, "usage", "", 3},
	}
	for _, s := range steps {
		var out, errOut bytes.Buffer
		err := importPersons(ctx, s.args, &out, &errOut)
		switch {
		case s.wantErr == "" && err != nil:
			t.Errorf("%v: %v", s.args, err)
		case s.wantErr != "" && (err == nil || !strings.Contains(err.Error(), s.wantErr)):
			t.Errorf("%v: got %v, want an error mentioning %q", s.args, err, s.wantErr)
		}
		if !strings.Contains(out.String(), s.wantOut) {
			t.Errorf("%v: output lacks %q:\n%s", s.args, s.wantOut, out.String())
		}
		if s.wantErr == "" && !strings.Contains(errOut.String(), "mapping: Фамилия=surname_cyrillic,Имя=given_cyrillic") {
			t.Errorf("%v: mapping not shown: %s", s.args, errOut.String())
		}
		if n := persons(); n != s.wantCount {
			t.Errorf("%v: %d persons, want %d", s.args, n, s.wantCount)
		}
	}
	if err := run(ctx, []string{"import", "persons", file, "-db", path, "-dry-run"}); err != nil {
		t.Errorf("through run: %v", err)
	}
}

// An import cut off (here by Ctrl+C) keeps what it committed and says how
// to go on; -resume imports the rest, each row once; import discard
// removes what a cut-off import added.
func TestImportResumeAndDiscardCommands(t *testing.T) {
	if testing.Short() {
		// Its files must be several chunks long: 12 minutes under the race
		// detector, whose run (-short) has the same cuts, resumes and
		// discards in the imports package's tests, with smaller chunks.
		t.Skip("several chunks of rows: not with -short")
	}
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "cli.db")
	surnames := []string{"Əliyev", "Hüseynova", "Quliyev", "Kovalenko", "Beridze"}
	given := []string{"Vüqar", "Leyla", "Rəşad", "Olena", "Nino", "Timur"}
	write := func(name, prefix string, n int) string {
		var b strings.Builder
		b.WriteString("Soyad,Ad,Doğum tarixi,Sənəd nömrəsi\n")
		for i := range n {
			fmt.Fprintf(&b, "%s,%s,%d-%02d-%02d,%s-%06d\n", surnames[i%5], given[i%6], 1950+i%50, 1+i%12, 1+i%28, prefix, i)
		}
		file := filepath.Join(dir, name)
		if err := os.WriteFile(file, []byte(b.String()), 0o600); err != nil {
			t.Fatal(err)
		}
		return file
	}
	// One handle for the counts, opened once the first import below made
	// the database: opening it for each of the cut-off's polls took most
	// of the test's time under the race detector.
	var d *db.DB
	count := func(q string) int {
		var n int
		if err := d.QueryRowContext(context.Background(), q).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	// cutOff runs the import of args and cancels it once a chunk of batch is
	// committed.
	cutOff := func(batch string, args ...string) error {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		go func() {
			for ctx.Err() == nil && count(`SELECT count(*) FROM import_persons WHERE batch_id = `+batch) == 0 {
				time.Sleep(5 * time.Millisecond)
			}
			cancel()
		}()
		var out, errOut bytes.Buffer
		return importPersons(ctx, args, &out, &errOut)
	}
	// The database exists and is migrated before the first cut.
	first := write("first.csv", "TRA", 20)
	if err := importPersons(context.Background(), []string{"persons", first, "-db", path}, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	d, err := db.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()

	big := write("big.csv", "TRB", 6000)
	err = cutOff("2", "persons", big, "-db", path)
	if err == nil || !strings.Contains(err.Error(), "-resume 2") {
		t.Fatalf("cut off: %v", err)
	}
	if n := count(`SELECT count(*) FROM persons`); n <= 20 || n >= 6020 {
		t.Fatalf("%d persons after the cut, want some of the file", n)
	}
	if err := importPersons(context.Background(), []string{"persons", first, "-db", path, "-resume", "2"}, io.Discard, io.Discard); err == nil ||
		!strings.Contains(err.Error(), "not the file") {
		t.Errorf("resumed with another file: %v", err)
	}
	var out bytes.Buffer
	if err := importPersons(context.Background(), []string{"persons", big, "-db", path, "-resume", "2"}, &out, io.Discard); err != nil {
		t.Fatalf("resume: %v", err)
	}
	if n := count(`SELECT count(DISTINCT line) FROM import_persons WHERE batch_id = 2`); n != 6000 || count(`SELECT count(*) FROM persons`) != 6020 {
		t.Errorf("after the resume: %d lines imported, %d persons", n, count(`SELECT count(*) FROM persons`))
	}

	other := write("other.csv", "TRC", 6000)
	if err := cutOff("3", "persons", other, "-db", path); err == nil {
		t.Fatal("the third import was not cut off")
	}
	out.Reset()
	if err := importDiscard(context.Background(), []string{"3", "-db", path}, &out); err != nil || !strings.Contains(out.String(), "import 3 discarded") {
		t.Fatalf("discard: %v, %s", err, out.String())
	}
	if n := count(`SELECT count(*) FROM persons`); n != 6020 {
		t.Errorf("%d persons after the discard, want 6020", n)
	}
	if err := importDiscard(context.Background(), []string{"2", "-db", path}, &out); err == nil {
		t.Error("a committed import was discarded")
	}
}
