package imports

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"inteqra/internal/i18n"
	"inteqra/internal/safecsv"
)

// File is a file of persons to import: CSV (UTF-8 with or without a
// byte-order mark, UTF-16 as Excel's "Unicode text", Windows-1251 or
// Windows-1254, see decodeCSV; comma, semicolon or tab) or the first sheet
// of an XLSX workbook. The first non-blank row holds the column headers.
type File struct {
	Name     string
	Format   string // "csv" or "xlsx"
	Encoding string // what the file was read as: UTF8, UTF16, Windows1251 or Windows1254
	Headers  []string

	text     []byte // CSV as UTF-8 without a byte-order mark
	comma    rune
	book     *excelize.File
	sheet    string
	date1904 bool
	header   int // line of the header row
}

// maxColumns bounds the columns of a file, so a malformed one cannot
// make the mapping page enormous.
const maxColumns = 200

// Errors about the file as a whole.
var (
	ErrFormat = i18n.Errorf("import.error.file_format")
	ErrEmpty  = i18n.Errorf("import.error.file_empty")
)

// ReadFile recognises the format of content and reads its header row.
// The caller closes the file.
func ReadFile(name string, content []byte) (*File, error) {
	f := &File{Name: filepath.Base(name)}
	switch {
	case bytes.HasPrefix(content, []byte("PK\x03\x04")):
		if err := f.openXLSX(content); err != nil {
			return nil, err
		}
	case strings.EqualFold(filepath.Ext(name), ".xlsx") || strings.EqualFold(filepath.Ext(name), ".xls"):
		return nil, ErrFormat
	default:
		if err := f.openCSV(content); err != nil {
			return nil, err
		}
	}
	if err := f.readHeaders(); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// Close releases the workbook of an XLSX file.
func (f *File) Close() error {
	if f.book != nil {
		return f.book.Close()
	}
	return nil
}

func (f *File) openXLSX(content []byte) error {
	book, err := excelize.OpenReader(bytes.NewReader(content), excelize.Options{RawCellValue: true})
	if err != nil {
		return ErrFormat
	}
	sheets := book.GetSheetList()
	if len(sheets) == 0 {
		book.Close()
		return ErrEmpty
	}
	f.Format, f.Encoding, f.book, f.sheet = "xlsx", UTF8, book, sheets[0] // a workbook's text is always Unicode
	if props, err := book.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		f.date1904 = *props.Date1904
	}
	return nil
}

func (f *File) openCSV(content []byte) error {
	f.Format = "csv"
	text, enc, err := decodeCSV(content)
	if err != nil {
		return err
	}
	if bytes.IndexByte(text, 0) >= 0 {
		return ErrFormat // a binary file that is not a workbook
	}
	f.text, f.Encoding, f.comma = text, enc, sniffComma(text)
	return nil
}

// sniffComma picks the separator that occurs most often outside quotes in
// the first lines: Excel writes ";" where the decimal separator is a comma.
func sniffComma(text []byte) rune {
	counts := map[rune]int{}
	quoted, lines := false, 0
	for _, c := range text {
		if c == '"' {
			quoted = !quoted
		}
		if quoted {
			continue
		}
		if c == ',' || c == ';' || c == '\t' {
			counts[rune(c)]++
		}
		if c == '\n' {
			if lines++; lines == 5 {
				break
			}
		}
	}
	best := ','
	for _, c := range []rune{';', '\t'} {
		if counts[c] > counts[best] {
			best = c
		}
	}
	return best
}

var errStop = errors.New("stop")

func (f *File) readHeaders() error {
	err := f.scan(func(line int, cells []string) error {
		f.header = line
		f.Headers = make([]string, len(cells))
		for i, c := range cells {
			f.Headers[i] = strings.Join(strings.Fields(c), " ")
		}
		return errStop
	})
	if err != nil && !errors.Is(err, errStop) {
		return err
	}
	if len(f.Headers) == 0 {
		return ErrEmpty
	}
	if len(f.Headers) > maxColumns {
		return i18n.Errorf("import.error.too_many_columns", "Max", maxColumns)
	}
	return nil
}

// Rows calls fn with every non-blank data row after the header row, with its
// line: the line of a CSV file where the row starts, or the row number of
// the sheet. The cells slice is reused between calls.
func (f *File) Rows(fn func(line int, cells []string) error) error {
	return f.scan(func(line int, cells []string) error {
		if line <= f.header {
			return nil
		}
		return fn(line, cells)
	})
}

// scan calls fn with every non-blank row, the header row included.
func (f *File) scan(fn func(line int, cells []string) error) error {
	if f.book != nil {
		return f.scanXLSX(fn)
	}
	r := csv.NewReader(bytes.NewReader(f.text))
	r.Comma, r.FieldsPerRecord, r.LazyQuotes, r.ReuseRecord = f.comma, -1, true, true
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return nil
		}
		line, _ := r.FieldPos(0)
		if err != nil {
			return i18n.Errorf("import.error.file_unreadable", "Line", line)
		}
		if blank(rec) {
			continue
		}
		// A cell the system wrote as text to keep a spreadsheet from
		// reading it as a formula (package safecsv) is read as written.
		for i, c := range rec {
			rec[i] = safecsv.Restore(c)
		}
		if err := fn(line, rec); err != nil {
			return err
		}
	}
}

func (f *File) scanXLSX(fn func(line int, cells []string) error) error {
	rows, err := f.book.Rows(f.sheet)
	if err != nil {
		return ErrFormat
	}
	defer rows.Close()
	line := 0
	for rows.Next() {
		line++
		cells, err := rows.Columns()
		if err != nil {
			return i18n.Errorf("import.error.file_unreadable", "Line", line)
		}
		if blank(cells) {
			continue
		}
		if err := fn(line, cells); err != nil {
			return err
		}
	}
	if rows.Error() != nil {
		return i18n.Errorf("import.error.file_unreadable", "Line", line)
	}
	return nil
}

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// EstimatedRows returns about how many data rows the file has, for a
// progress bar; it counts line breaks or reads the sheet's dimension.
func (f *File) EstimatedRows() int {
	if f.book != nil {
		dim, err := f.book.GetSheetDimension(f.sheet)
		if err != nil {
			return 0
		}
		_, last, _ := strings.Cut(dim, ":")
		_, row, err := excelize.CellNameToCoordinates(last)
		if err != nil {
			return 0
		}
		return max(row-f.header, 0)
	}
	n := bytes.Count(f.text, []byte{'\n'})
	if len(f.text) > 0 && f.text[len(f.text)-1] != '\n' {
		n++
	}
	return max(n-f.header, 0)
}

// Sample returns up to n data rows, for the mapping page.
func (f *File) Sample(n int) [][]string {
	var rows [][]string
	_ = f.Rows(func(_ int, cells []string) error {
		if len(rows) == n {
			return errStop
		}
		rows = append(rows, append([]string(nil), cells...))
		return nil
	})
	return rows
}

// CellDate reads a date cell: 2006-01-02 (also with a time after it),
// dd.mm.yyyy, or in a workbook the serial number Excel stores dates as.
// It returns the date as 2006-01-02.
func (f *File) CellDate(v string) (string, bool) {
	v = strings.TrimSpace(v)
	if len(v) > 10 && (v[10] == ' ' || v[10] == 'T') {
		v = v[:10]
	}
	for _, layout := range []string{time.DateOnly, "02.01.2006", "2.1.2006"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t.Format(time.DateOnly), true
		}
	}
	if f.book != nil {
		if serial, err := strconv.ParseFloat(v, 64); err == nil && serial > 0 && serial < 2958466 {
			if t, err := excelize.ExcelDateToTime(serial, f.date1904); err == nil {
				return t.Format(time.DateOnly), true
			}
		}
	}
	return "", false
}

// String describes the file for logs and the command line.
func (f *File) String() string {
	return fmt.Sprintf("%s (%s, %d columns)", f.Name, f.Format, len(f.Headers))
}
