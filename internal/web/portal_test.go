package web_test

import (
	"net/http"
	"strings"
	"testing"

	"inteqra/internal/i18n"
)

// TestPortalPages: every card of the home page and every link of the
// portal's navigation leads to a page, in each language, and the integration
// services page lists the offices with their contacts.
func TestPortalPages(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	pages := map[string]string{"/services": "services_page.title", "/council": "council.title", "/strategy": "strategy.title",
		"/privacy": "privacy.title", "/accessibility": "accessibility.title"}
	for _, l := range i18n.Langs {
		p := s.app.Catalog.Printer(l)
		c := s.client()
		home := c.get("/?lang=" + string(l))
		for path, title := range pages {
			r := c.get(path)
			if r.status != http.StatusOK || !strings.Contains(r.body, "<h1>"+htmlEscape(p.T(title))+"</h1>") || !strings.Contains(r.body, `<html lang="`+string(l)+`"`) {
				t.Errorf("%s in %s: status %d, want the page with its heading", path, l, r.status)
			}
			if path != "/privacy" && path != "/accessibility" && !strings.Contains(home.body, `href="`+path+`"`) {
				t.Errorf("the home page in %s does not link %s", l, path)
			}
			// The footer links the privacy notice and the accessibility statement everywhere.
			for _, want := range []string{`href="/privacy"`, `href="/accessibility"`, `href="/services#offices"`} {
				if !strings.Contains(r.body, want) {
					t.Errorf("%s in %s: the footer lacks %s", path, l, want)
				}
			}
		}
		for _, link := range []string{"/courses", "/services", "/council", "/strategy", "/applications", "/verify"} {
			if !strings.Contains(home.body, `<li><a href="`+link+`"`) {
				t.Errorf("the navigation in %s lacks %s", l, link)
			}
		}
	}
	r := s.client().get("/services")
	for _, want := range []string{"DMX Gəncə regional miqrasiya idarəsi", `href="tel:&#43;994%2022%20000%2000%2003"`, `href="mailto:gence@demo.inteqra.az"`} {
		if !strings.Contains(r.body, htmlEscape(want)) && !strings.Contains(r.body, want) {
			t.Errorf("/services lacks %s", want)
		}
	}
	if strings.Contains(r.body, "Əmək və Əhalinin Sosial Müdafiəsi Nazirliyi</h3>") {
		t.Error("/services lists a ministry as an office of the Service")
	}
}
