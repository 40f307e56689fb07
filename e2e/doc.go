// Package e2e holds the browser tests of inteqra: a real Chromium, driven from
// Go with chromedp, against the whole application on an in-memory SQLite
// database. The package has no code of its own; everything is in the _test.go
// files.
//
// # Running
//
//	go test ./e2e/ -count=1 -v
//
// Each test starts its own app server (httptest, demo data seeded with
// demo.Seed) and opens its own tab in its own browser context (so cookies
// never leak between tests), and the tests run in parallel. One Chromium
// process serves the whole test binary; it is started on first use with a
// fresh profile directory and stopped when the tests end.
//
// The browser is looked up in INTEQRA_CHROMIUM (a path), then as chromium,
// chromium-browser, google-chrome and google-chrome-stable on PATH, then at
// /usr/bin/chromium. On Debian: apt-get install -y chromium.
//
// Environment:
//
//   - INTEQRA_TEST_BROWSER=1 (set by CI): a missing or broken browser fails
//     the tests instead of skipping them.
//   - INTEQRA_SCREENSHOTS=1: TestScreenshots saves full-page PNGs of the home
//     page (az, 1280 and 320 px wide), the sign-in page with an error and the
//     staff home into e2e/screenshots/ (gitignored).
//   - go test -short skips the whole package.
//
// # What is checked
//
//   - Signing in: a wrong password shows the catalogue's message with status
//     401 and signs nobody in; the demo consultant lands on the staff home.
//   - Languages: the switcher keeps the page (path and query) and changes
//     <html lang> and the text; a first visit follows Accept-Language; the
//     choice is kept in a cookie and wins over Accept-Language afterwards.
//     Expected texts come from the catalogues (i18n.Load), never literals.
//   - Accessibility: axe-core (testdata/axe.min.js, 4.14.1, injected through
//     the DevTools protocol, so the page's CSP does not apply) reports no
//     serious or critical violation on the public home, the sign-in page
//     (also showing its error) and the staff home in az, en and ru
//     (checkA11y); the home and sign-in pages do not scroll sideways at
//     320 px.
//   - Type: every character of the home page is drawn with the page's web
//     fonts, not with a system font standing in for a missing glyph.
//   - Health of the page: no console error, no uncaught exception, no failed
//     request and no HTTP error for any resource of the home page.
package e2e
