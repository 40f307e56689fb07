package web

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"

	"inteqra/internal/i18n"
	"inteqra/internal/strategy"
)

// planAnnual answers with the plan's annual monitoring report for the year
// the query names, in the reader's language: a PDF, or an XLSX workbook
// with a sheet per section. Like the plan's export, it is not audited: it
// names no person. A year the strategy has no report for is a 400 with
// its message.
func (s *Server) planAnnual(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	year, err := strconv.Atoi(r.URL.Query().Get("year"))
	if err != nil {
		year = 0 // no year of any strategy: refused with the years to choose from
	}
	a, err := s.strategy.Annual(r.Context(), id, year)
	if err != nil {
		return err
	}
	lang := langFrom(r.Context())
	p := s.catalog.Printer(lang)
	format := r.URL.Query().Get("format")
	name := fmt.Sprintf("annual-report-%d-%d-%s.%s", id, year, lang, format)
	switch format {
	case "pdf":
		var buf bytes.Buffer
		if err := strategy.WriteAnnualPDF(&buf, p, a); err != nil {
			return err
		}
		w.Header().Set("Content-Type", "application/pdf")
		w.Header().Set("Content-Disposition", attachmentDisposition(name))
		_, err := buf.WriteTo(w)
		return err
	case "xlsx":
		sections := append([]strategy.Section{a.Cover(p)}, a.Sections(p)...)
		tables := make([]Table, len(sections))
		for i, sec := range sections {
			tables[i] = Table{Sheet: sheetName(sec.Title, i), Headers: sec.Headers, Rows: sec.Values()}
		}
		return writeXLSX(w, name, tables...)
	}
	return i18n.Errorf("strategy.annual.error.format")
}
