package e2e

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	"inteqra/internal/demo"
	"inteqra/internal/i18n"
)

// A consultant attaches a scanned document to the demo case as a
// restricted file; the page lists it with its kind and tag, axe-clean in
// az, en and ru.
func TestCaseAttachmentsPage(t *testing.T) {
	t.Parallel()
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	for i := range 8 {
		img.Set(i, i, color.Black)
	}
	var scan bytes.Buffer
	if err := png.Encode(&scan, img); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "Şəxsiyyət vəsiqəsi.png")
	if err := os.WriteFile(file, scan.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, lang := range i18n.Langs {
		t.Run(string(lang), func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, string(lang))
			if st := e.signIn(consultantEmail, demo.Password); st != http.StatusOK {
				t.Fatalf("sign in: status %d", st)
			}
			e.switchLanguage(lang)

			e.open("/cases/1/attachments")
			checkA11y(t, e.ctx, "case attachments, empty "+string(lang))
			e.run("choose the file", chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{file}))
			e.run("restricted", chromedp.Click(chromedp.CSS(`label[for="restricted"]`)))
			if st := e.submit(`form[action="/cases/1/attachments"] button[type=submit]`); st != http.StatusOK {
				t.Fatalf("upload: status %d", st)
			}
			if got := e.text("tr[id^=attachment-] th a"); got != "Şəxsiyyət vəsiqəsi.png" {
				t.Errorf("the listed file = %q", got)
			}
			if got := e.text("tr[id^=attachment-] .usa-tag"); got != T(t, lang, "attachment.restricted_tag") {
				t.Errorf("the file's tag = %q", got)
			}
			if got := e.text("tr[id^=attachment-] td"); got != T(t, lang, "attachment.kind.png") {
				t.Errorf("the file's kind = %q", got)
			}
			checkA11y(t, e.ctx, "case attachments "+string(lang))
			if os.Getenv("INTEQRA_SCREENSHOTS") == "1" {
				e.shoot("case-attachments-" + string(lang))
			}
		})
	}
}
