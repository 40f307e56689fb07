package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"inteqra/internal/api"
)

func TestAPIDocs(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	c := s.client()
	ref, err := api.LoadReference()
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"az", "en", "ru"} {
		if r := c.post("/lang", url.Values{"lang": {lang}, "next": {"/api/docs"}}); r.status != http.StatusSeeOther {
			t.Fatalf("switch to %s: %d", lang, r.status)
		}
		r := c.get("/api/docs")
		if r.status != http.StatusOK {
			t.Fatalf("/api/docs in %s: status %d", lang, r.status)
		}
		p := s.app.Catalog.Printer(langOf(lang))
		for _, want := range []string{htmlEscape(p.T("api.docs.title")), htmlEscape(p.T("api.docs.english")), `href="/api/v1/openapi.yaml"`} {
			if !strings.Contains(r.body, want) {
				t.Errorf("/api/docs in %s: missing %q", lang, want)
			}
		}
		for _, k := range api.ProblemKinds {
			if !strings.Contains(r.body, `id="problem-`+k.Kind+`"`) || !strings.Contains(r.body, htmlEscape(p.T("api.docs.problem."+k.Kind))) {
				t.Errorf("/api/docs in %s: problem %s missing or undescribed", lang, k.Kind)
			}
		}
		for _, g := range ref.Groups {
			for _, o := range g.Operations {
				if !strings.Contains(r.body, `id="op-`+o.ID+`"`) || !strings.Contains(r.body, `href="#op-`+o.ID+`"`) {
					t.Errorf("/api/docs in %s: operation %s missing from the page or its contents", lang, o.ID)
				}
			}
		}
		for _, sc := range ref.Schemas {
			if !strings.Contains(r.body, `id="schema-`+sc.Name+`"`) {
				t.Errorf("/api/docs in %s: schema %s missing", lang, sc.Name)
			}
		}
	}
	if r := c.get("/"); !strings.Contains(r.body, `href="/api/docs"`) {
		t.Error("the footer has no link to the API reference")
	}
}
