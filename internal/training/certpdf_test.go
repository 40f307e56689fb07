package training

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/makiuchi-d/gozxing"
	zxqr "github.com/makiuchi-d/gozxing/qrcode"

	"inteqra/internal/i18n"
	"inteqra/internal/pdfdoc/pdftest"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// languageCourse is a certificate with every field set; its names and titles
// carry all the Azerbaijani letters ASCII lacks, and Cyrillic.
var languageCourse = CertificateDoc{
	Number:    "TTM-2026-000123",
	VerifyURL: "https://inteqra.example.az/verify/7KQ2M9XD4P",
	Holder:    "Əli Həsənov İsmayıl oğlu",
	BirthDate: day(1988, time.March, 14),
	Course: map[i18n.Lang]string{
		i18n.AZ: "Azərbaycan dili: gündəlik ünsiyyət, işgüzar söhbət və çıxış",
		i18n.EN: "Azerbaijani language: everyday and business communication",
		i18n.RU: "Азербайджанский язык: повседневное и деловое общение",
	},
	Hours:  120,
	Level:  "A2",
	Start:  day(2026, time.February, 2),
	End:    day(2026, time.May, 29),
	Issued: day(2026, time.June, 5),
}

// longCourse has titles long enough to push the text into the footer at
// the normal type size.
var longCourse = map[i18n.Lang]string{
	i18n.AZ: "Azərbaycan Respublikasında daimi yaşayan əcnəbilərin və vətəndaşlığı olmayan şəxslərin hüquq və vəzifələri, Azərbaycanın tarixi, mədəniyyəti və dövlət dili üzrə inteqrasiya kursu",
	i18n.EN: "Integration course on the rights and duties of foreigners and stateless persons residing permanently in the Republic of Azerbaijan, and on Azerbaijan's history, culture and state language",
	i18n.RU: "Интеграционный курс о правах и обязанностях иностранцев и лиц без гражданства, постоянно проживающих в Азербайджанской Республике, об истории, культуре и государственном языке Азербайджана",
}

func catalog(t *testing.T) *i18n.Catalog {
	t.Helper()
	cat, err := i18n.Load()
	if err != nil {
		t.Fatalf("i18n.Load: %v", err)
	}
	return cat
}

func render(t *testing.T, cat *i18n.Catalog, doc CertificateDoc) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteCertificatePDF(&buf, cat, doc); err != nil {
		t.Fatalf("WriteCertificatePDF: %v", err)
	}
	return buf.Bytes()
}

func TestCertificatePDFText(t *testing.T) {
	t.Parallel()
	cat := catalog(t)
	legislation := languageCourse
	legislation.Holder = "Şəhla Çələbi Ümid qızı Öztürk"
	legislation.BirthDate = time.Time{}
	legislation.Level = ""
	legislation.Hours = 21
	legislation.Course = map[i18n.Lang]string{
		i18n.AZ: "Əcnəbilərin hüquq və vəzifələri haqqında qanunvericilik",
		i18n.EN: "Legislation on the rights and duties of foreigners",
		i18n.RU: "Законодательство о правах и обязанностях иностранцев",
	}
	longName := languageCourse
	longName.Holder = "Məmmədov Əbülfəz Əliheydər oğlu Hüseynzadə-Qarabağlı Şirvanlı Gəncəvi"
	longName.Course = map[i18n.Lang]string{i18n.AZ: "Azərbaycanın tarixi və mədəniyyəti"}
	longTitles := languageCourse
	longTitles.Course = longCourse

	tests := []struct {
		name    string
		doc     CertificateDoc
		letters string // each must survive extraction on its own too
		want    []string
		notWant []string
	}{
		{
			name:    "language course",
			doc:     languageCourse,
			letters: "əƏğıİşçöüжщёД",
			want: []string{
				"Əli Həsənov İsmayıl oğlu", "SERTİFİKAT", "СЕРТИФИКАТ", "CERTIFICATE",
				"gündəlik ünsiyyət, işgüzar söhbət və çıxış",
				"Азербайджанский язык: повседневное и деловое общение",
				"Azerbaijani language: everyday and business communication",
				"Əldə olunmuş səviyyə: A2", "Level reached: A2", "Достигнутый уровень: A2",
				"14.03.1988", "14 Mar 1988", "Объём: 120 часов", "Duration: 120 hours",
				"02.02.2026 – 29.05.2026", "2 Feb 2026 – 29 May 2026", "05.06.2026",
				"TTM-2026-000123", "https://inteqra.example.az/verify/7KQ2M9XD4P",
			},
		},
		{
			name:    "legislation course without level or birth date",
			doc:     legislation,
			letters: "ŞÇÜÖ",
			want: []string{
				"Şəhla Çələbi Ümid qızı Öztürk",
				"Əcnəbilərin hüquq və vəzifələri haqqında qanunvericilik",
				"Законодательство о правах и обязанностях иностранцев",
				"Объём: 21 час", "Duration: 21 hours", "Həcmi: 21 saat",
			},
			notWant: []string{"Level reached", "Дата рождения", "Date of birth"},
		},
		{
			name: "long name, titles only in Azerbaijani",
			doc:  longName,
			want: []string{
				"Məmmədov Əbülfəz Əliheydər oğlu Hüseynzadə-Qarabağlı Şirvanlı Gəncəvi",
				"«Azərbaycanın tarixi və mədəniyyəti»", "“Azərbaycanın tarixi və mədəniyyəti”",
			},
		},
		{
			name: "long titles",
			doc:  longTitles,
			want: []string{longCourse[i18n.AZ], longCourse[i18n.EN], longCourse[i18n.RU]},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			pdf := render(t, cat, tt.doc)
			text := pdftest.Text(t, pdf)
			want := append([]string{}, tt.want...)
			// Every label, in every language, straight from the catalogue.
			for _, l := range i18n.Langs {
				p := cat.Printer(l)
				for _, key := range []string{"issuer", "centre", "awarded", "number", "issued", "verify"} {
					want = append(want, p.T("training.cert.pdf."+key))
				}
				want = append(want, p.N("training.cert.pdf.hours", tt.doc.Hours))
			}
			for _, s := range want {
				if !strings.Contains(text, s) {
					t.Errorf("extracted text lacks %q\ntext: %s", s, text)
				}
			}
			for _, s := range tt.notWant {
				if strings.Contains(text, s) {
					t.Errorf("extracted text has %q\ntext: %s", s, text)
				}
			}
			for _, r := range tt.letters {
				if !strings.ContainsRune(text, r) {
					t.Errorf("extracted text lacks the letter %q", r)
				}
			}
			// To look at the layout: INTEQRA_CERT_SAMPLES=/tmp/certs go test
			// -run PDFText, then pdftoppm -png.
			if dir := os.Getenv("INTEQRA_CERT_SAMPLES"); dir != "" {
				name := strings.ReplaceAll(tt.name, " ", "-") + ".pdf"
				if err := os.WriteFile(filepath.Join(dir, name), pdf, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

// TestCertificateLayoutFits checks that the body stops above the footer,
// shrinking its type for long titles rather than running into the QR code.
func TestCertificateLayoutFits(t *testing.T) {
	t.Parallel()
	cat := catalog(t)
	long := languageCourse
	long.Course = longCourse
	tests := []struct {
		name   string
		doc    CertificateDoc
		shrink bool
	}{
		{"usual titles", languageCourse, false},
		{"long titles", long, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			qr, err := qrBitmap(tt.doc.VerifyURL)
			if err != nil {
				t.Fatal(err)
			}
			_, bottom := layout(cat, tt.doc, qr, 1)
			if fits := bottom <= footerTop-4; fits == tt.shrink {
				t.Errorf("at full size the body ends at %.1f mm, footer at %.1f: want shrinking %v", bottom, footerTop, tt.shrink)
			}
			if tt.shrink {
				if _, bottom := layout(cat, tt.doc, qr, minScale); bottom > footerTop-4 {
					t.Errorf("at the smallest size the body still ends at %.1f mm", bottom)
				}
			}
		})
	}
}

// TestCertificatePDFPage holds the certificate to one A4 page.
func TestCertificatePDFPage(t *testing.T) {
	t.Parallel()
	pdf := render(t, catalog(t), languageCourse)
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("output starts %q, want a PDF", pdf[:min(len(pdf), 8)])
	}
	cmd := exec.Command(pdftest.Tool(t, "pdfinfo"), "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdfinfo: %v", err)
	}
	for _, want := range []string{"Pages:           1\n", "(A4)"} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("pdfinfo lacks %q:\n%s", want, out)
		}
	}
}

// TestCertificateQRDecodes reads the QR code back, both from the module
// matrix and from the rendered page, as a phone would.
func TestCertificateQRDecodes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		img  func(t *testing.T) image.Image
	}{
		{"matrix", func(t *testing.T) image.Image {
			bits, err := qrBitmap(languageCourse.VerifyURL)
			if err != nil {
				t.Fatal(err)
			}
			return bitmapImage(bits, 8)
		}},
		{"rendered page", func(t *testing.T) image.Image {
			pdf := render(t, catalog(t), languageCourse)
			dir := t.TempDir()
			in := filepath.Join(dir, "cert.pdf")
			if err := os.WriteFile(in, pdf, 0o644); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(pdftest.Tool(t, "pdftoppm"), "-r", "150", "-png", "-singlefile", in, filepath.Join(dir, "page"))
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("pdftoppm: %v\n%s", err, out)
			}
			f, err := os.Open(filepath.Join(dir, "page.png"))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			img, err := png.Decode(f)
			if err != nil {
				t.Fatal(err)
			}
			return img
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			bmp, err := gozxing.NewBinaryBitmapFromImage(tt.img(t))
			if err != nil {
				t.Fatal(err)
			}
			res, err := zxqr.NewQRCodeReader().Decode(bmp, nil)
			if err != nil {
				t.Fatalf("decode QR code: %v", err)
			}
			if got := res.GetText(); got != languageCourse.VerifyURL {
				t.Errorf("QR code = %q, want %q", got, languageCourse.VerifyURL)
			}
		})
	}
}

// bitmapImage draws QR modules scale pixels wide with a four-module quiet zone.
func bitmapImage(bits [][]bool, scale int) image.Image {
	n := len(bits) + 8
	img := image.NewGray(image.Rect(0, 0, n*scale, n*scale))
	for y := range n * scale {
		for x := range n * scale {
			r, c := y/scale-4, x/scale-4
			dark := r >= 0 && c >= 0 && r < len(bits) && c < len(bits) && bits[r][c]
			if dark {
				img.SetGray(x, y, color.Gray{})
			} else {
				img.SetGray(x, y, color.Gray{Y: 255})
			}
		}
	}
	return img
}

func TestWriteCertificatePDF(t *testing.T) {
	t.Parallel()
	cat := catalog(t)
	t.Run("same certificate, same bytes", func(t *testing.T) {
		t.Parallel()
		if a, b := render(t, cat, languageCourse), render(t, cat, languageCourse); !bytes.Equal(a, b) {
			t.Error("two renderings of one certificate differ")
		}
	})
	missing := map[string]func(*CertificateDoc){
		"no number":     func(d *CertificateDoc) { d.Number = "" },
		"no verify URL": func(d *CertificateDoc) { d.VerifyURL = "" },
		"no holder":     func(d *CertificateDoc) { d.Holder = "" },
	}
	for name, change := range missing {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			doc := languageCourse
			change(&doc)
			var buf bytes.Buffer
			if err := WriteCertificatePDF(&buf, cat, doc); err == nil {
				t.Error("WriteCertificatePDF succeeded, want an error")
			}
			if buf.Len() != 0 {
				t.Errorf("wrote %d bytes on error, want none", buf.Len())
			}
		})
	}
}
