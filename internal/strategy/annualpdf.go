package strategy

import (
	"io"
	"strings"

	"codeberg.org/go-pdf/fpdf"

	"inteqra/internal/i18n"
	"inteqra/internal/pdfdoc"
)

// Layout of the annual report's pages, in millimetres and points.
const (
	annualMargin   = 15
	annualFontSize = 8.5
	annualLine     = 4.2 // a table's line height
	annualMaxLines = 30  // a cell taller than this is cut, so a row fits a page
)

// WriteAnnualPDF writes the annual monitoring report as an A4 landscape
// document in p's language: a cover, then each section as a table whose
// headings repeat on every page it runs onto. The output depends only on a
// and p.
func WriteAnnualPDF(w io.Writer, p *i18n.Printer, a AnnualReport) error {
	f := pdfdoc.New()
	f.SetCatalogSort(true)
	f.SetCreationDate(a.Generated)
	f.SetModificationDate(a.Generated)
	title := p.T("strategy.annual.title", "Year", a.Year)
	f.SetTitle(title, true)
	f.SetAuthor(p.T("strategy.annual.author"), true)
	f.SetLang(string(p.Lang()))
	f.SetMargins(annualMargin, annualMargin, annualMargin)
	f.SetAutoPageBreak(true, annualMargin)
	f.SetFooterFunc(func() {
		f.SetY(-10)
		f.SetFont(pdfdoc.Family, "", 7.5)
		f.CellFormat(0, 4, p.T("strategy.annual.page", "Page", f.PageNo()), "", 0, "C", false, 0, "")
	})
	d := annualDoc{f: f, p: p}
	d.page()
	d.text("B", 12, p.T("strategy.annual.author"))
	f.Ln(8)
	d.text("B", 18, title)
	f.Ln(2)
	d.text("B", 14, a.Title.In(p.Lang()))
	f.Ln(8)
	for _, r := range a.Cover(p).Rows {
		f.SetFont(pdfdoc.Family, "B", 11)
		f.CellFormat(70, 7, r.Cells[0].(string), "", 0, "L", false, 0, "")
		f.SetFont(pdfdoc.Family, "", 11)
		f.MultiCell(0, 7, r.Cells[1].(string), "", "L", false)
	}
	f.Ln(6)
	d.table(Section{Headers: lightHeaders(p), Widths: []float64{1, 1, 1, 1, 1},
		Rows: []Row{{Cells: countCells(a.Total)[:len(Lights)]}}})
	for _, s := range a.Sections(p) {
		d.page()
		d.text("B", 13, s.Title)
		f.Ln(2)
		if len(s.Rows) == 0 {
			d.text("", 10, s.Empty)
			continue
		}
		d.table(s)
	}
	return f.Output(w)
}

// annualDoc writes the annual report top to bottom.
type annualDoc struct {
	f *fpdf.Fpdf
	p *i18n.Printer
}

func (d annualDoc) page() { d.f.AddPageFormat("L", d.f.GetPageSizeStr("A4")) }

func (d annualDoc) text(style string, size float64, s string) {
	d.f.SetFont(pdfdoc.Family, style, size)
	d.f.MultiCell(0, size*0.5, s, "", "L", false)
}

// table draws a section's rows under its headings, the columns as wide as
// their shares of the page.
func (d annualDoc) table(s Section) {
	pageW, _ := d.f.GetPageSize()
	var sum float64
	for _, w := range s.Widths {
		sum += w
	}
	widths := make([]float64, len(s.Widths))
	for i, w := range s.Widths {
		widths[i] = w / sum * (pageW - 2*annualMargin)
	}
	headers := make([]any, len(s.Headers))
	for i, h := range s.Headers {
		headers[i] = h
	}
	head := Row{Cells: headers, Heading: true}
	d.row(widths, head, true, nil)
	for _, r := range s.Rows {
		d.row(widths, r, false, &head)
	}
}

// row draws one row, on a new page under the headings repeated when it
// does not fit on this one.
func (d annualDoc) row(widths []float64, r Row, shaded bool, head *Row) {
	f := d.f
	style := ""
	if r.Heading {
		style = "B"
	}
	f.SetFont(pdfdoc.Family, style, annualFontSize)
	cells, aligns := d.cells(r)
	spans := widths
	if len(cells) < len(widths) { // a heading across the table
		var all float64
		for _, w := range widths {
			all += w
		}
		cells, aligns, spans = []string{strings.Join(cells, " ")}, []string{"L"}, []float64{all}
	}
	lines := 1
	split := make([][]string, len(cells))
	for i, c := range cells {
		split[i] = f.SplitText(c, spans[i])
		if len(split[i]) > annualMaxLines {
			split[i] = split[i][:annualMaxLines]
		}
		lines = max(lines, len(split[i]))
	}
	h := float64(lines)*annualLine + 1.5
	need := h
	if r.Heading {
		need += annualLine + 1.5 // a goal or objective keeps a row under it
	}
	_, pageH := f.GetPageSize()
	if f.GetY()+need > pageH-annualMargin && head != nil {
		d.page()
		d.row(widths, *head, true, nil)
		f.SetFont(pdfdoc.Family, style, annualFontSize)
	}
	x, y := f.GetXY()
	f.SetFillColor(230, 233, 238)
	for i, c := range split {
		fill := "D"
		if shaded {
			fill = "FD"
		}
		f.Rect(x, y, spans[i], h, fill)
		f.SetXY(x, y+0.75)
		f.MultiCell(spans[i], annualLine, strings.Join(c, "\n"), "", aligns[i], false)
		x += spans[i]
	}
	f.SetXY(annualMargin, y+h)
}

// cells writes a row's cells as text, numbers in the reader's way and
// aligned to the right.
func (d annualDoc) cells(r Row) (text, align []string) {
	for _, c := range r.Cells {
		switch v := c.(type) {
		case int:
			text, align = append(text, d.p.Int(int64(v))), append(align, "R")
		case Money:
			s := "—"
			if v.Valid {
				s = d.p.Number(v.Manat(), 2)
			}
			text, align = append(text, s), append(align, "R")
		case string:
			text, align = append(text, v), append(align, "L")
		}
	}
	return text, align
}
