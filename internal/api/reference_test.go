package api_test

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"inteqra/internal/api"
)

// TestProblemKindsCoverSources holds api.ProblemKinds, which /api/docs
// lists, to the kinds the package's sources answer with.
func TestProblemKindsCoverSources(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	kindRE := regexp.MustCompile(`kind: "([a-z-]+)"|p\.Type = [^,\n]+, "([a-z-]+)"`)
	found := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range kindRE.FindAllStringSubmatch(string(src), -1) {
			kind := m[1] + m[2]
			found++
			if !slices.ContainsFunc(api.ProblemKinds, func(k api.ProblemKind) bool { return k.Kind == kind }) {
				t.Errorf("%s answers with problem kind %q, missing from api.ProblemKinds", f, kind)
			}
		}
	}
	if found < len(api.ProblemKinds) {
		t.Errorf("found %d kinds in the sources, fewer than the %d listed: is the pattern stale?", found, len(api.ProblemKinds))
	}
}

func TestLoadReference(t *testing.T) {
	ref, err := api.LoadReference()
	if err != nil {
		t.Fatal(err)
	}
	if ref.Base != api.Prefix || len(ref.Intro) < 3 || len(ref.Schemas) == 0 {
		t.Errorf("reference: base %q, %d paragraphs, %d schemas", ref.Base, len(ref.Intro), len(ref.Schemas))
	}
	ops := map[string]api.Operation{}
	for _, g := range ref.Groups {
		for _, o := range g.Operations {
			ops[o.ID] = o
		}
	}
	decline, ok := ops["declineReferral"]
	if !ok || decline.Method != "POST" || !decline.Token || decline.Body == nil || len(decline.Body.Fields) != 1 ||
		decline.Body.Fields[0].Name != "reason" || !decline.Body.Fields[0].Required {
		t.Errorf("declineReferral: %+v", decline)
	}
	if c := ops["listCourses"]; c.Token || len(c.Responses) == 0 || c.Responses[0].Status != "200" {
		t.Errorf("listCourses: %+v", c)
	}
	// The intro's markdown: **Tokens.** is strong, `iqt_…` code.
	var strong, code bool
	for _, p := range ref.Intro {
		for _, s := range p {
			strong = strong || s.Strong && s.Text == "Tokens."
			code = code || s.Code && strings.HasPrefix(s.Text, "Authorization: Bearer")
		}
	}
	if !strong || !code {
		t.Errorf("intro spans: strong %v, code %v", strong, code)
	}
}
