package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"inteqra/internal/access"
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

// TestPersonHistoryReads: a record's history names who acted and what they
// touched in the reader's language, never the log's field names.
func TestPersonHistoryReads(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	c := s.client()
	c.signIn(access.Consultant)
	r := c.post("/people", url.Values{"surname_az": {"Rzayeva"}, "given_az": {"Könül"}, "birth_date": {"1990-05-06"},
		"sex": {"f"}, "phone": {"+994 50 111 22 33"}, "duplicate_reason": {"başqa şəxs"}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("register: status %d", r.status)
	}
	for _, l := range i18n.Langs {
		p := s.app.Catalog.Printer(l)
		page := c.get(r.location + "?lang=" + string(l))
		history := page.body[strings.Index(page.body, `id="h-history"`):]
		for _, want := range []string{"Aysel Məmmədova", p.T("audit.field.birth"), p.T("audit.field.sex"), p.T("audit.action.person.create")} {
			if !strings.Contains(history, htmlEscape(want)) {
				t.Errorf("history in %s lacks %q", l, want)
			}
		}
		for _, raw := range []string{"audit.field", "person.create", "consultant@demo.inteqra.az", ">system<"} {
			if strings.Contains(history, raw) {
				t.Errorf("history in %s shows the log's own %q", l, raw)
			}
		}
	}
}

// TestPersonFormSummary: the registry's form reports every problem at once
// in the error summary, each linked to its input, which is marked invalid
// and keeps what was typed.
func TestPersonFormSummary(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	c := s.client()
	c.signIn(access.Consultant)
	r := c.post("/people", url.Values{"surname_az": {"Гусейнов"}, "given_az": {"Турал"}, "birth_date": {"2999-01-01"},
		"phone": {"zəng"}, "email": {"not an address"}})
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422", r.status)
	}
	for _, id := range []string{"surname_az", "birth_date", "phone", "email"} {
		if !strings.Contains(r.body, `<a href="#`+id+`">`) {
			t.Errorf("the summary has no link to #%s", id)
		}
		if !strings.Contains(r.body, `id="`+id+`-error"`) || !strings.Contains(r.body, `aria-describedby="`+id+`-error`) {
			t.Errorf("#%s has no message of its own", id)
		}
	}
	if !strings.Contains(r.body, `value="Гусейнов"`) || !strings.Contains(r.body, "Guseynov Tural") {
		t.Error("the form lost the surname or offers no Latin spelling")
	}
}
