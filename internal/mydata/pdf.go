package mydata

import (
	"io"
	"strings"

	"codeberg.org/go-pdf/fpdf"

	"inteqra/internal/i18n"
	"inteqra/internal/pdfdoc"
)

// Layout of the PDF, in millimetres and points.
const (
	pdfMargin = 18
	pdfLabelW = 55
	pdfLine   = 5
	pdfFont   = 9.5
)

// WritePDF writes d as an A4 document in p's language: a title, then each
// section with its items as tables of labels and values. The output
// depends only on d and p.
func WritePDF(w io.Writer, p *i18n.Printer, d Data) error {
	f := pdfdoc.New()
	f.SetCatalogSort(true)
	f.SetCreationDate(d.Generated)
	f.SetModificationDate(d.Generated)
	title := p.T("mydata.pdf.title")
	f.SetTitle(title, true)
	f.SetAuthor(p.T("mydata.pdf.author"), true)
	f.SetLang(string(p.Lang()))
	f.SetMargins(pdfMargin, pdfMargin, pdfMargin)
	f.SetAutoPageBreak(true, pdfMargin)
	f.SetFooterFunc(func() {
		f.SetY(-12)
		f.SetFont(pdfdoc.Family, "", 7.5)
		f.CellFormat(0, 4, p.T("mydata.pdf.page", "Page", f.PageNo()), "", 0, "C", false, 0, "")
	})
	f.AddPage()
	f.SetFont(pdfdoc.Family, "B", 11)
	f.MultiCell(0, 6, p.T("mydata.pdf.author"), "", "L", false)
	f.Ln(3)
	f.SetFont(pdfdoc.Family, "B", 18)
	f.MultiCell(0, 9, title, "", "L", false)
	f.SetFont(pdfdoc.Family, "", 10)
	f.MultiCell(0, 6, p.T("mydata.pdf.generated", "Date", p.DateTime(d.Generated)), "", "L", false)
	pageW, _ := f.GetPageSize()
	valueW := pageW - 2*pdfMargin - pdfLabelW
	for _, s := range Sections(p, d) {
		f.Ln(6)
		f.SetFont(pdfdoc.Family, "B", 14)
		f.MultiCell(0, 8, s.Title, "", "L", false)
		if len(s.Items) == 0 {
			f.SetFont(pdfdoc.Family, "", pdfFont)
			f.MultiCell(0, pdfLine, s.Empty, "", "L", false)
			continue
		}
		for _, it := range s.Items {
			f.Ln(2)
			f.SetFont(pdfdoc.Family, "B", 10.5)
			f.MultiCell(0, 6, it.Heading, "", "L", false)
			for _, r := range it.Rows {
				pdfRow(f, r, valueW)
			}
		}
	}
	return f.Output(w)
}

// pdfChunk is the most lines of a value drawn in one box: a longer value
// (a proposal's text) goes on in further boxes, so a box fits a page.
const pdfChunk = 40

// pdfRow draws a label and its value side by side, on a new page when
// they do not fit on this one.
func pdfRow(f *fpdf.Fpdf, r Row, valueW float64) {
	f.SetFont(pdfdoc.Family, "", pdfFont)
	label := f.SplitText(r.Label, pdfLabelW-2)
	value := f.SplitText(r.Value, valueW-2)
	for len(value) > 0 {
		chunk := value[:min(pdfChunk, len(value))]
		value = value[len(chunk):]
		h := float64(max(len(label), len(chunk), 1))*pdfLine + 1
		_, pageH := f.GetPageSize()
		if f.GetY()+h > pageH-pdfMargin {
			f.AddPage()
		}
		x, y := f.GetXY()
		f.SetFillColor(235, 238, 242)
		f.Rect(x, y, pdfLabelW, h, "FD")
		f.Rect(x+pdfLabelW, y, valueW, h, "D")
		f.SetXY(x+1, y+0.5)
		f.MultiCell(pdfLabelW-2, pdfLine, strings.Join(label, "\n"), "", "L", false)
		f.SetXY(x+pdfLabelW+1, y+0.5)
		f.MultiCell(valueW-2, pdfLine, strings.Join(chunk, "\n"), "", "L", false)
		f.SetXY(x, y+h)
		label = nil
	}
}
