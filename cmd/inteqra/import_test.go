package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
