// Package static embeds the site's stylesheets, scripts, fonts and images,
// including the vendored design system (see vendor/README.md).
package static

import "embed"

// FS holds the static files.
//
//go:embed app.css app.js favicon.svg flag-az.svg vendor
var FS embed.FS
