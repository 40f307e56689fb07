// Package safecsv writes the CSV files the system hands out so that a
// spreadsheet program opens them without running anything: a cell that
// starts like a formula (=, +, -, @, tab or carriage return) is prefixed
// with a single quote, as OWASP's guidance on CSV injection says. Restore
// undoes that for files read back in, such as the import's own format.
package safecsv

import (
	"encoding/csv"
	"io"
)

// Writer is a csv.Writer whose every cell is neutralised.
type Writer struct {
	w    *csv.Writer
	cell []string
}

// NewWriter returns a Writer writing to w.
func NewWriter(w io.Writer) *Writer { return &Writer{w: csv.NewWriter(w)} }

// Write writes one record with each cell neutralised.
func (w *Writer) Write(record []string) error {
	w.cell = w.cell[:0]
	for _, c := range record {
		w.cell = append(w.cell, Neutralise(c))
	}
	return w.w.Write(w.cell)
}

// Flush writes any buffered data and returns the first error of any write.
func (w *Writer) Flush() error {
	w.w.Flush()
	return w.w.Error()
}

// Neutralise returns cell as a spreadsheet shows it as text: prefixed with
// a quote when it starts like a formula, or when it already starts with a
// quote before such a character, so that Restore gives back exactly cell.
func Neutralise(cell string) string {
	if live(cell) || quoted(cell) {
		return "'" + cell
	}
	return cell
}

// Restore undoes Neutralise.
func Restore(cell string) string {
	if quoted(cell) {
		return cell[1:]
	}
	return cell
}

// live reports whether a spreadsheet would read cell as a formula.
func live(cell string) bool {
	if cell == "" {
		return false
	}
	switch cell[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return true
	}
	return false
}

// quoted reports whether cell is a quote in front of what Neutralise guards.
func quoted(cell string) bool {
	return len(cell) > 1 && cell[0] == '\'' && (live(cell[1:]) || cell[1] == '\'')
}
