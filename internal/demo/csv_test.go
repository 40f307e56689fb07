package demo

import (
	"bytes"
	"context"
	"encoding/csv"
	"testing"

	"inteqra/internal/app"
	"inteqra/internal/db/dbtest"
	"inteqra/internal/storage"
)

func TestWritePersonsCSV(t *testing.T) {
	t.Parallel()
	a, err := app.New(dbtest.SQLite(t), "http://localhost", storage.NewFolder(t.TempDir()), app.NewKeys())
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WritePersonsCSV(context.Background(), a, &buf, 500, 7); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 501 || len(rows[0]) != len(csvColumns) {
		t.Fatalf("got %d rows of %d columns, want 501 of %d", len(rows), len(rows[0]), len(csvColumns))
	}
	cyrillic, statuses := 0, 0
	for _, r := range rows[1:] {
		if r[5] != "" {
			cyrillic++
		}
		if r[20] != "" {
			statuses++
		}
		if r[0] == "" && r[3] == "" && r[5] == "" && r[8] == "" {
			t.Fatalf("a row without any name: %q", r)
		}
	}
	if cyrillic < 100 || statuses < 300 {
		t.Errorf("%d rows with Cyrillic names and %d with a status; the mix looks wrong", cyrillic, statuses)
	}
}
