// Package stats computes the programme's figures for dashboards and open
// data without revealing anyone: reporting periods and their comparison,
// age bands and the categories counts are broken down by, tables of counts
// with small-cell protection, indicators (a share with its numerator and
// denominator) and accessible SVG charts drawn on the server.
//
// Its Store keeps the analytics table: each feature's countable events
// with the categories of their person, rebuilt from the features' Go APIs
// (Source), so that a dashboard counts one indexed range of one table. It
// imports no feature and knows no page: internal/app hands it the sources,
// and the web layer shows what it returns.
package stats

import (
	"fmt"

	"inteqra/internal/i18n"
)

// DefaultThreshold is the least number of persons a published cell may
// show; smaller counts are suppressed. It is a setting; this is its default.
const DefaultThreshold = 5

// Cell is one published count. A hidden cell must never be shown as its
// value: Text renders it as the suppression mark.
type Cell struct {
	N      int
	Hidden bool
	None   bool // no value at all (a year not reported): charts leave it out
}

// Text returns the cell for the reader: its count with the language's
// grouping, or the suppression mark ("<5") when it is hidden.
func (c Cell) Text(p *i18n.Printer, threshold int) string {
	if c.Hidden {
		return SuppressedMark(p, threshold)
	}
	return p.Int(int64(c.N))
}

// SuppressedMark is the text shown in place of a suppressed count, e.g.
// "<5". Every suppressed cell shows the same mark, whether it was small
// itself or hidden to protect a small one: a different mark for the second
// kind would tell a reader which hidden cells are small and, with the
// totals, narrow them down.
func SuppressedMark(p *i18n.Printer, threshold int) string {
	return p.T("stats.cell.suppressed", "Threshold", threshold)
}

// SuppressedNote explains the mark under a table or chart.
func SuppressedNote(p *i18n.Printer, threshold int) string {
	return p.T("stats.note.suppressed", "Threshold", threshold)
}

// List is a one-way breakdown: the count of each value of one category, and
// the total.
type List struct {
	Category Category
	Keys     []string // the category's values, in the order shown
	Cells    []Cell
	Total    Cell
}

// NewList returns the list of counts with its total.
func NewList(c Category, keys []string, counts []int) (*List, error) {
	if len(keys) != len(counts) {
		return nil, fmt.Errorf("stats: %d keys for %d counts", len(keys), len(counts))
	}
	l := &List{Category: c, Keys: keys, Cells: make([]Cell, len(counts))}
	for i, n := range counts {
		if n < 0 {
			return nil, fmt.Errorf("stats: negative count %d", n)
		}
		l.Cells[i] = Cell{N: n}
		l.Total.N += n
	}
	return l, nil
}

// Table is a two-way breakdown: counts by the values of a row category and
// of a column category, with the row totals, the column totals and the
// grand total. Its row totals are the one-way list of the row category,
// its column totals that of the column category.
type Table struct {
	RowCategory, ColCategory Category
	RowKeys, ColKeys         []string
	Cells                    [][]Cell // [row][column]
	RowTotals                []Cell
	ColTotals                []Cell
	Total                    Cell
}

// NewTable returns the table of counts[row][column] with its totals.
func NewTable(rows, cols Category, rowKeys, colKeys []string, counts [][]int) (*Table, error) {
	if len(counts) != len(rowKeys) {
		return nil, fmt.Errorf("stats: %d row keys for %d rows", len(rowKeys), len(counts))
	}
	t := &Table{
		RowCategory: rows, ColCategory: cols,
		RowKeys: rowKeys, ColKeys: colKeys,
		Cells:     make([][]Cell, len(counts)),
		RowTotals: make([]Cell, len(counts)),
		ColTotals: make([]Cell, len(colKeys)),
	}
	for i, row := range counts {
		if len(row) != len(colKeys) {
			return nil, fmt.Errorf("stats: row %d has %d counts for %d columns", i, len(row), len(colKeys))
		}
		t.Cells[i] = make([]Cell, len(row))
		for j, n := range row {
			if n < 0 {
				return nil, fmt.Errorf("stats: negative count %d", n)
			}
			t.Cells[i][j] = Cell{N: n}
			t.RowTotals[i].N += n
			t.ColTotals[j].N += n
			t.Total.N += n
		}
	}
	return t, nil
}

// RowList returns the table's row margin as the one-way list of its row
// category, with the same suppression.
func (t *Table) RowList() *List {
	return &List{Category: t.RowCategory, Keys: t.RowKeys, Cells: append([]Cell(nil), t.RowTotals...), Total: t.Total}
}

// ColList returns the table's column margin as the one-way list of its
// column category, with the same suppression.
func (t *Table) ColList() *List {
	return &List{Category: t.ColCategory, Keys: t.ColKeys, Cells: append([]Cell(nil), t.ColTotals...), Total: t.Total}
}
