package e2e

import (
	"context"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"inteqra/internal/demo"
)

// envScreenshots turns on TestScreenshots.
const envScreenshots = "INTEQRA_SCREENSHOTS"

// screenshotDir is gitignored (/e2e/screenshots/).
const screenshotDir = "screenshots"

// fullPage captures the whole page, not only the viewport, as a PNG.
func fullPage(ctx context.Context, t *chromedp.Target) ([]byte, error) {
	m, err := cdp.Call(ctx, t, page.GetLayoutMetrics, cdp.Empty{})
	if err != nil {
		return nil, err
	}
	clip := page.Viewport{Width: 1, Height: 1, Scale: 1}
	if s := m.CSSContentSize; s != nil {
		clip.Width, clip.Height = math.Ceil(s.Width), math.Ceil(s.Height)
	}
	beyond, surface := true, true
	r, err := cdp.Call(ctx, t, page.CaptureScreenshot, page.CaptureScreenshotParams{
		Format:                page.CaptureScreenshotFormatPng,
		Clip:                  &clip,
		CaptureBeyondViewport: &beyond,
		FromSurface:           &surface,
	})
	return r.Data, err
}

// shoot saves a full-page screenshot of the loaded page as screenshots/name.png.
func (e *env) shoot(name string) {
	e.t.Helper()
	// Let web fonts finish so the picture shows the real type.
	e.run("wait for fonts", chromedp.Evaluate[chromedp.Void](`document.fonts.ready.then(() => true)`, chromedp.EvalAwaitPromise))
	png, err := chromedp.Run(e.ctx, fullPage)
	if err != nil {
		e.fatal("screenshot "+name, err)
	}
	path := filepath.Join(screenshotDir, name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		e.t.Fatal(err)
	}
	e.t.Logf("saved %s (%d bytes)", path, len(png))
}

// TestScreenshots saves full-page pictures for a person to look at, when
// INTEQRA_SCREENSHOTS=1.
func TestScreenshots(t *testing.T) {
	if os.Getenv(envScreenshots) != "1" {
		t.Skip("set " + envScreenshots + "=1 to save screenshots into e2e/" + screenshotDir)
	}
	t.Parallel()
	e := newEnv(t, "az")
	if err := os.MkdirAll(screenshotDir, 0o755); err != nil {
		t.Fatal(err)
	}

	e.viewport(1280)
	if st := e.open("/"); st != http.StatusOK {
		t.Fatalf("GET /: status %d", st)
	}
	e.shoot("home-az-1280")

	e.viewport(320)
	e.open("/")
	e.shoot("home-az-320")
	e.open("/services?lang=ru")
	e.shoot("services-ru-320")
	top, err := chromedp.Run(e.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(screenshotDir, "services-ru-320-top.png"), top, 0o644); err != nil {
		t.Fatal(err)
	}
	e.open("/?lang=az")

	e.viewport(1280)
	e.open("/services")
	e.shoot("services-az-1280")

	e.viewport(1280)
	if st := e.signIn(consultantEmail, "wrong"); st != http.StatusUnauthorized {
		t.Fatalf("wrong password: status %d", st)
	}
	e.shoot("login-error-az-1280")

	if st := e.signIn(consultantEmail, demo.Password); st != http.StatusOK {
		t.Fatalf("sign in: status %d", st)
	}
	e.shoot("staff-home-az-1280")
}
