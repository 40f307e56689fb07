package safecsv

import (
	"bytes"
	"encoding/csv"
	"testing"
)

func TestNeutralise(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"=HYPERLINK(\"https://evil.example\",\"Bax\")", "'=HYPERLINK(\"https://evil.example\",\"Bax\")"},
		{"+994 50 123 45 67", "'+994 50 123 45 67"},
		{"-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"},
		{"@SUM(1+1)*cmd|' /C calc'!A0", "'@SUM(1+1)*cmd|' /C calc'!A0"},
		{"\t=1+1", "'\t=1+1"},
		{"\r=1+1", "'\r=1+1"},
		{"'=1+1", "''=1+1"},
		{"''", "'''"},
		{"'Əliyev", "'Əliyev"},
		{"Əliyev", "Əliyev"},
		{"12", "12"},
		{"a=b", "a=b"},
		{"", ""},
		{"'", "'"},
	}
	for _, tt := range tests {
		if got := Neutralise(tt.in); got != tt.want {
			t.Errorf("Neutralise(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got := Restore(Neutralise(tt.in)); got != tt.in {
			t.Errorf("Restore(Neutralise(%q)) = %q, want it back", tt.in, got)
		}
	}
}

func TestWriter(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	w := NewWriter(&buf)
	rows := [][]string{{"line", "value"}, {"2", "=1+1"}, {"3", "@cmd"}}
	for _, r := range rows {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	got, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range got {
		for j, cell := range r {
			if live(cell) {
				t.Errorf("row %d cell %d = %q: a live formula reached the file", i, j, cell)
			}
			if Restore(cell) != rows[i][j] {
				t.Errorf("row %d cell %d = %q, want %q once restored", i, j, cell, rows[i][j])
			}
		}
	}
}
