// Package pdfdoc starts the PDF documents the features print (certificates,
// minutes) with the fonts they share.
package pdfdoc

import (
	_ "embed"

	"codeberg.org/go-pdf/fpdf"
)

// DejaVu Sans has every Azerbaijani and Cyrillic letter; fpdf embeds only the
// glyphs a document uses, so the PDF stays small. See fonts/LICENSE.
var (
	//go:embed fonts/DejaVuSans.ttf
	fontRegular []byte
	//go:embed fonts/DejaVuSans-Bold.ttf
	fontBold []byte
)

// Family is the font family New registers, regular and bold ("B").
const Family = "dejavu"

// New returns an A4 portrait document measured in millimetres, with the
// family Family registered.
func New() *fpdf.Fpdf {
	f := fpdf.New("P", "mm", "A4", "")
	f.AddUTF8FontFromBytes(Family, "", fontRegular)
	f.AddUTF8FontFromBytes(Family, "B", fontBold)
	return f
}
