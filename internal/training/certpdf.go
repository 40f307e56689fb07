package training

import (
	"errors"
	"fmt"
	"io"
	"time"

	"codeberg.org/go-pdf/fpdf"
	qrcode "github.com/yeqown/go-qrcode/v2"
	"golang.org/x/text/cases"
	"golang.org/x/text/language"

	"inteqra/internal/i18n"
	"inteqra/internal/pdfdoc"
)

// CertificateDoc is what a certificate shows.
type CertificateDoc struct {
	Number     string               // unique certificate number, e.g. "TTM-2026-000123"
	VerifyURL  string               // absolute URL of the public page /verify/{code}, encoded in the QR code and printed
	Holder     string               // the learner's full name as printed
	BirthDate  time.Time            // zero when unknown
	Course     map[i18n.Lang]string // course title per language (az, en, ru)
	Hours      int
	Level      string    // language level reached (A1..C1) for language courses, "" otherwise
	Start, End time.Time // cohort dates
	Issued     time.Time
}

// The page's geometry in millimetres (A4 portrait) and its colours.
const (
	pageW, pageH = 210.0, 297.0
	family       = pdfdoc.Family
	marginX      = 24.0
	qrSize       = 32.0
)

type rgb struct{ r, g, b int }

var (
	navy  = rgb{0x1b, 0x36, 0x5d}
	gold  = rgb{0xa6, 0x84, 0x4b}
	ink   = rgb{0x22, 0x22, 0x22}
	muted = rgb{0x5a, 0x5f, 0x66}
)

// WriteCertificatePDF writes the certificate as a one-page A4 PDF with the
// text in Azerbaijani, English and Russian.
//
// Azerbaijani comes first and largest, being the state language; English and
// Russian follow side by side. Every label comes from cat's
// training.cert.pdf.* keys. The output depends only on doc and cat (the PDF's
// dates are doc.Issued), so the same certificate always gives the same bytes.
func WriteCertificatePDF(w io.Writer, cat *i18n.Catalog, doc CertificateDoc) error {
	if doc.Number == "" || doc.VerifyURL == "" || doc.Holder == "" {
		return errors.New("training: certificate needs a number, a verify URL and a holder")
	}
	qr, err := qrBitmap(doc.VerifyURL)
	if err != nil {
		return fmt.Errorf("training: certificate QR code: %w", err)
	}

	// Long titles or names could push the text into the footer: shrink the
	// body's type until it fits, within reason.
	for scale := 1.0; ; scale -= 0.05 {
		f, bottom := layout(cat, doc, qr, scale)
		if bottom <= footerTop-4 || scale < minScale {
			return f.Output(w)
		}
	}
}

// footerTop is where the footer starts; minScale is the smallest type scale
// the body may shrink to.
const footerTop, minScale = 234.0, 0.7

// layout draws the certificate with the body's type at scale times its
// normal size, and returns it with the y where the body ends.
func layout(cat *i18n.Catalog, doc CertificateDoc, qr [][]bool, scale float64) (*fpdf.Fpdf, float64) {
	f := pdfdoc.New()
	f.SetAutoPageBreak(false, 0)
	f.SetMargins(marginX, 0, marginX)
	f.SetCellMargin(0)
	f.SetCatalogSort(true)
	f.SetCreationDate(doc.Issued)
	f.SetModificationDate(doc.Issued)
	az := cat.Printer(i18n.AZ)
	f.SetTitle(az.T("training.cert.pdf.title")+" "+doc.Number, true)
	f.SetAuthor(az.T("training.cert.pdf.issuer"), true)
	f.SetLang("az")
	f.AddPage()

	c := &certPage{f: f, doc: doc, cat: cat}
	c.border()
	c.header()
	c.title()
	large := blockStyle{label: 12, holder: 22, text: 12.5, line: 6.8}.scaled(scale)
	y := c.block(i18n.AZ, marginX, 92, pageW-2*marginX, large)
	y += 9 * scale
	f.SetDrawColor(gold.r, gold.g, gold.b)
	f.SetLineWidth(0.3)
	f.Line(pageW/2-30, y, pageW/2+30, y)
	y += 9 * scale
	colW := (pageW - 2*marginX - 10) / 2
	small := blockStyle{label: 9.5, holder: 12.5, text: 9.5, line: 5}.scaled(scale)
	enY := c.block(i18n.EN, marginX, y, colW, small)
	ruY := c.block(i18n.RU, marginX+colW+10, y, colW, small)
	c.footer(qr)
	return f, max(enY, ruY)
}

// certPage draws one certificate; its methods go top to bottom.
type certPage struct {
	f   *fpdf.Fpdf
	doc CertificateDoc
	cat *i18n.Catalog
}

func (c *certPage) color(col rgb) { c.f.SetTextColor(col.r, col.g, col.b) }

// centred writes s centred in [x, x+w] on one line.
func (c *certPage) centred(x, y, w float64, style string, size float64, s string) {
	c.line(x, y, w, style, size, "C", s)
}

// line writes s on one line in [x, x+w], aligned "L", "C" or "R", shrinking
// the font until it fits, so a long name or address never runs over the
// border nor breaks where a reader would not join it again.
func (c *certPage) line(x, y, w float64, style string, size float64, align, s string) {
	c.f.SetFont(family, style, size)
	for size > 5 && c.f.GetStringWidth(s) > w {
		size -= 0.25
		c.f.SetFont(family, style, size)
	}
	c.f.SetXY(x, y)
	c.f.CellFormat(w, size*0.45, s, "", 0, align, false, 0, "")
}

// name writes a name centred in [x, x+w] in bold, shrinking it somewhat to
// keep it on one line and wrapping it when that is not enough, and returns
// the y below it.
func (c *certPage) name(x, y, w, size float64, s string) float64 {
	least := size * 0.8
	c.f.SetFont(family, "B", size)
	for size > least && c.f.GetStringWidth(s) > w {
		size -= 0.25
		c.f.SetFont(family, "B", size)
	}
	return c.wrapped(x, y, w, "B", size, size*0.45, s)
}

// wrapped writes s centred in [x, x+w], wrapping it, and returns the y below it.
func (c *certPage) wrapped(x, y, w float64, style string, size, lineH float64, s string) float64 {
	c.f.SetFont(family, style, size)
	c.f.SetXY(x, y)
	c.f.MultiCell(w, lineH, s, "", "C", false)
	return c.f.GetY()
}

func (c *certPage) border() {
	f := c.f
	f.SetDrawColor(navy.r, navy.g, navy.b)
	f.SetLineWidth(1.4)
	f.Rect(10, 10, pageW-20, pageH-20, "D")
	f.SetDrawColor(gold.r, gold.g, gold.b)
	f.SetLineWidth(0.4)
	f.Rect(13.5, 13.5, pageW-27, pageH-27, "D")
}

func (c *certPage) header() {
	az, en, ru := c.cat.Printer(i18n.AZ), c.cat.Printer(i18n.EN), c.cat.Printer(i18n.RU)
	w := pageW - 2*marginX
	c.color(navy)
	c.centred(marginX, 24, w, "B", 12.5, az.T("training.cert.pdf.issuer"))
	c.centred(marginX, 31, w, "", 11.5, az.T("training.cert.pdf.centre"))
	c.color(muted)
	c.centred(marginX, 38, w, "", 8, en.T("training.cert.pdf.issuer")+" · "+en.T("training.cert.pdf.centre"))
	c.centred(marginX, 42.5, w, "", 8, ru.T("training.cert.pdf.issuer")+" · "+ru.T("training.cert.pdf.centre"))
	c.f.SetDrawColor(gold.r, gold.g, gold.b)
	c.f.SetLineWidth(0.6)
	c.f.Line(marginX+20, 50, pageW-marginX-20, 50)
}

func (c *certPage) title() {
	w := pageW - 2*marginX
	c.color(navy)
	c.centred(marginX, 60, w, "B", 32, upper(i18n.AZ, c.cat.Printer(i18n.AZ).T("training.cert.pdf.title")))
	c.color(gold)
	c.centred(marginX, 76.5, w, "B", 13, upper(i18n.EN, c.cat.Printer(i18n.EN).T("training.cert.pdf.title"))+
		"   ·   "+upper(i18n.RU, c.cat.Printer(i18n.RU).T("training.cert.pdf.title")))
}

// blockStyle sizes one language's block: font sizes in points, line in mm.
type blockStyle struct{ label, holder, text, line float64 }

func (s blockStyle) scaled(k float64) blockStyle {
	return blockStyle{s.label * k, s.holder * k, s.text * k, s.line * k}
}

// block writes what the certificate says in lang, centred in [x, x+w] from
// y down, and returns the y below it.
func (c *certPage) block(lang i18n.Lang, x, y, w float64, s blockStyle) float64 {
	p, d := c.cat.Printer(lang), c.doc
	c.color(muted)
	c.centred(x, y, w, "", s.label, p.T("training.cert.pdf.awarded"))
	y += s.line * 1.3
	c.color(ink)
	y = c.name(x, y, w, s.holder, d.Holder) + s.line*0.6
	if !d.BirthDate.IsZero() {
		c.color(muted)
		c.centred(x, y, w, "", s.label*0.9, p.T("training.cert.pdf.born", "Date", p.Date(d.BirthDate)))
		y += s.line
	}
	y += s.line * 0.4
	c.color(navy)
	y = c.wrapped(x, y, w, "B", s.text, s.line, p.T("training.cert.pdf.course", "Course", courseTitle(d.Course, lang)))
	y += s.line * 0.4
	c.color(ink)
	facts := p.N("training.cert.pdf.hours", d.Hours)
	if d.Level != "" {
		facts += "  ·  " + p.T("training.cert.pdf.level", "Level", d.Level)
	}
	y = c.wrapped(x, y, w, "", s.text*0.85, s.line, facts)
	if !d.Start.IsZero() && !d.End.IsZero() {
		y = c.wrapped(x, y, w, "", s.text*0.85, s.line,
			p.T("training.cert.pdf.period", "Start", p.Date(d.Start), "End", p.Date(d.End)))
	}
	return y
}

// footer puts the number, the date of issue and how to verify bottom left,
// and the QR code of the verification address bottom right.
func (c *certPage) footer(qr [][]bool) {
	d := c.doc
	az, en, ru := c.cat.Printer(i18n.AZ), c.cat.Printer(i18n.EN), c.cat.Printer(i18n.RU)
	const top, w = footerTop, 118.0
	labels := func(key string) string {
		return az.T(key) + " / " + en.T(key) + " / " + ru.T(key)
	}
	left := func(y float64, style string, size float64, col rgb, s string) {
		c.color(col)
		c.line(marginX, y, w, style, size, "L", s)
	}
	left(top, "", 6.5, muted, labels("training.cert.pdf.number"))
	left(top+3.8, "B", 12, navy, d.Number)
	left(top+11.5, "", 6.5, muted, labels("training.cert.pdf.issued"))
	left(top+15.3, "B", 11, ink, az.Date(d.Issued))
	y := top + 23.5
	for _, p := range []*i18n.Printer{az, en, ru} {
		left(y, "", 6.5, muted, p.T("training.cert.pdf.verify"))
		y += 3.3
	}
	left(y+0.5, "B", 7.5, navy, d.VerifyURL)

	drawQR(c.f, qr, pageW-marginX-qrSize, top+0.5, qrSize)
}

// drawQR draws the QR code's dark modules as filled squares, without an
// image, so the code stays sharp at any zoom. The white page around it is
// the quiet zone.
func drawQR(f *fpdf.Fpdf, bits [][]bool, x, y, size float64) {
	if len(bits) == 0 {
		return
	}
	m := size / float64(len(bits))
	f.SetFillColor(0, 0, 0)
	for row, line := range bits {
		// Runs of dark modules become one rectangle: fewer operators, and
		// no hairline seams between neighbours in some viewers.
		for col := 0; col < len(line); {
			if !line[col] {
				col++
				continue
			}
			start := col
			for col < len(line) && line[col] {
				col++
			}
			f.Rect(x+float64(start)*m, y+float64(row)*m, float64(col-start)*m, m, "F")
		}
	}
}

// qrBitmap encodes text as a QR code with medium error correction and
// returns its modules, true for dark, row by row.
func qrBitmap(text string) ([][]bool, error) {
	q, err := qrcode.NewWith(text, qrcode.WithErrorCorrectionLevel(qrcode.ErrorCorrectionMedium))
	if err != nil {
		return nil, err
	}
	var bw bitmapWriter
	if err := q.Save(&bw); err != nil {
		return nil, err
	}
	return bw.bits, nil
}

// bitmapWriter is a qrcode.Writer that keeps the matrix instead of drawing it.
type bitmapWriter struct{ bits [][]bool }

func (b *bitmapWriter) Write(m qrcode.Matrix) error { b.bits = m.Bitmap(); return nil }
func (b *bitmapWriter) Close() error                { return nil }

// courseTitle returns the course's title in lang, or the Azerbaijani title
// when that translation is missing.
func courseTitle(titles map[i18n.Lang]string, lang i18n.Lang) string {
	if t := titles[lang]; t != "" {
		return t
	}
	return titles[i18n.AZ]
}

// upper capitalises s by lang's rules: Azerbaijani "Sertifikat" becomes
// "SERTİFİKAT", with the dotted capital İ.
func upper(lang i18n.Lang, s string) string {
	return cases.Upper(language.Make(string(lang))).String(s)
}
