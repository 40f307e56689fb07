package web

import (
	"bytes"
	"fmt"
	"net/http"

	"github.com/xuri/excelize/v2"

	"inteqra/internal/safecsv"
)

// Table is one sheet of an XLSX download: a title row of column headings and
// the rows under it. Cells are strings or numbers, already in the user's
// language.
type Table struct {
	Sheet   string
	Headers []string
	Rows    [][]any
}

// writeXLSX answers with a workbook of the tables as an attachment named file.
func writeXLSX(w http.ResponseWriter, file string, tables ...Table) error {
	book := excelize.NewFile()
	defer book.Close()
	bold, err := book.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	for i, t := range tables {
		if i == 0 {
			if err := book.SetSheetName("Sheet1", t.Sheet); err != nil {
				return err
			}
		} else if _, err := book.NewSheet(t.Sheet); err != nil {
			return err
		}
		sw, err := book.NewStreamWriter(t.Sheet)
		if err != nil {
			return err
		}
		header := make([]any, len(t.Headers))
		for j, h := range t.Headers {
			header[j] = excelize.Cell{StyleID: bold, Value: h}
		}
		if err := sw.SetRow("A1", header); err != nil {
			return err
		}
		for r, row := range t.Rows {
			cell, _ := excelize.CoordinatesToCellName(1, r+2)
			if err := sw.SetRow(cell, row); err != nil {
				return err
			}
		}
		if err := sw.Flush(); err != nil {
			return err
		}
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", file))
	return book.Write(w)
}

// writeCSV answers with rows as a CSV attachment named file, through the
// one safe writer, with the byte-order mark by which Excel reads UTF-8.
func writeCSV(w http.ResponseWriter, file string, rows [][]string) error {
	var buf bytes.Buffer
	buf.WriteString("\xef\xbb\xbf")
	cw := safecsv.NewWriter(&buf)
	for _, row := range rows {
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	if err := cw.Flush(); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", attachmentDisposition(file))
	_, err := buf.WriteTo(w)
	return err
}
