package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"inteqra/internal/demo"
)

// TestNoOpenRedirect sends the known bypasses through every redirect that
// takes a path from the user: sign-in, the language switch and task
// completion. None may lead off the site.
func TestNoOpenRedirect(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	bypasses := []string{"//evil.example", "/\t/evil.example", "/%09/evil.example", "/%2F/evil.example", "/\\evil.example",
		"\\/evil.example", "https://evil.example", "https:evil.example", "/%0d%0aLocation:%20https://evil.example"}
	offSite := func(location string) bool {
		u, err := url.Parse(location)
		return err != nil || u.Host != "" || u.Scheme != "" || strings.ContainsAny(location, "\\\t\r\n") ||
			strings.HasPrefix(location, "//") || strings.Contains(strings.ToLower(location), "evil")
	}
	for _, next := range bypasses {
		c := s.client()
		r := c.post("/login", url.Values{"email": {"consultant@demo.inteqra.az"}, "password": {demo.Password}, "next": {next}})
		if r.status != http.StatusSeeOther || offSite(r.location) {
			t.Errorf("sign in with next=%q: %d to %q, want a redirect on this site", next, r.status, r.location)
		}
		r = c.post("/lang", url.Values{"lang": {"en"}, "next": {next}})
		if r.status != http.StatusSeeOther || r.location != "/" {
			t.Errorf("language switch with next=%q: %d to %q, want /", next, r.status, r.location)
		}
	}
	// A local path with a query survives unchanged.
	c := s.client()
	r := c.post("/login", url.Values{"email": {"consultant@demo.inteqra.az"}, "password": {demo.Password}, "next": {"/people?q=%C6%8Fli"}})
	if r.location != "/people?q=%C6%8Fli" {
		t.Errorf("sign in with a local next: to %q, want /people?q=%%C6%%8Fli", r.location)
	}
}
