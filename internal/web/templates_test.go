package web

import (
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"testing"
	"text/template/parse"
	"unicode"

	"golang.org/x/net/html"

	"inteqra/internal/access"
	"inteqra/internal/cases"
	"inteqra/internal/i18n"
	"inteqra/internal/orgs"
	"inteqra/internal/people"
	"inteqra/internal/storage"
	"inteqra/internal/training"
)

var keyRE = regexp.MustCompile(`\.T "([a-z0-9_.]+)"`)

// TestTemplateKeysExist fails when a template names a catalogue key that is
// missing in any language, including the keys built from enumerations.
func TestTemplateKeysExist(t *testing.T) {
	t.Parallel()
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]bool{}
	_ = fs.WalkDir(templateFS, "templates", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, _ := fs.ReadFile(templateFS, path)
		for _, m := range keyRE.FindAllStringSubmatch(string(b), -1) {
			keys[m[1]] = true
		}
		return nil
	})
	for _, r := range access.Roles {
		keys["role."+string(r)] = true
	}
	for _, k := range orgs.Kinds {
		keys["orgs.kind."+string(k)] = true
	}
	for _, l := range i18n.Langs {
		keys["lang."+string(l)] = true
	}
	family := func(prefix string, values ...string) {
		for _, v := range values {
			keys[prefix+v] = true
		}
	}
	family("people.name_kind.", strs(people.NameKinds)...)
	family("training.kind.", training.Kinds...)
	family("cases.state.", strs(cases.States)...)
	family("audit.field.", people.AuditFields()...)
	family("cases.next_step.", "assessment", "plan", "services")
	family("audit.action.", "case.list")
	family("import.phase.", "uploaded", "checking", "checked", "running", "committed", "rolled_back")
	family("work.next.", strs(append(slices.Clone(cases.States[:len(cases.States)-1]), "closure_requested"))...)
	family("cases.outcome.", cases.Outcomes...)
	family("cases.source.", cases.Sources...)
	family("cases.event.", cases.EventKinds()...)
	family("referral.state.", strs(cases.ReferralStates)...)
	family("domain.", cases.Domains...)
	family("assessment.level.", "1", "2", "3", "4")
	family("assessment.priority.", cases.Priorities...)
	family("assessment.vulnerability.", cases.Vulnerabilities...)
	family("assessment.state.", strs(cases.AssessmentStates)...)
	family("plan.state.", strs(cases.PlanStates)...)
	family("plan.progress.", cases.Progresses...)
	family("training.state.", strs(training.EnrolmentStates)...)
	family("training.cohort_state.", strs(training.CohortStates)...)
	family("training.move.", strs(training.CohortStates[1:])...)
	family("training.course_state.", string(training.CourseActive), string(training.CourseRetired))
	family("training.channel.", training.Online, training.Staff)
	family("training.weekday.", "0", "1", "2", "3", "4", "5", "6")
	family("training.holiday.", training.HolidayKeys()...)
	for _, l := range i18n.Langs {
		family("training.", "language."+string(l), "in_language."+string(l))
	}
	family("people.status_kind.", strs(people.StatusKinds)...)
	family("people.status_state.", strs(people.StatusStates)...)
	family("people.purpose.", strs(people.Purposes)...)
	family("people.ground.", people.Grounds...)
	family("people.script.", people.Scripts...)
	family("people.education.", people.Educations...)
	family("people.sex.", "f", "m")
	family("people.condition.", "current", "expired", "not_yet", "pending", "revoked")
	family("audit.action.", "person.create", "person.view", "person.add_status", "consent.give", "consent.withdraw",
		"person.merge", "person.merged_into", "person.not_duplicate", "person.add_relative", "person.erase", "person.update")
	family("people.relation.", people.Relations...)
	family("regions.kind.", people.RegionKinds...)
	family("merge.field.", people.MergeFields...)
	family("training.kind.", training.Kinds...)
	family("cases.state.", strs(cases.States)...)
	family("import.phase.", "uploaded", "checking", "checked", "running", "committed", "rolled_back")
	family("work.next.", strs(append(slices.Clone(cases.States[:len(cases.States)-1]), "closure_requested"))...)
	family("cases.outcome.", cases.Outcomes...)
	family("cases.source.", cases.Sources...)
	family("cases.event.", cases.EventKinds()...)
	family("training.state.", strs(training.EnrolmentStates)...)
	family("training.weekday.", "0", "1", "2", "3", "4", "5", "6")
	family("application.explain.", strs(training.EnrolmentStates)...)
	family("courses.group.", "language", "civic")
	family("cert.state.", string(training.Issued), string(training.Revoked))
	family("teach.mark.", training.Marks...)
	family("teach.abbr.", training.Marks...)
	family("teach.kind.", training.TestKinds...)
	family("attachment.kind.", storage.FileKindCodes()...)
	family("attachment.", "size_bytes", "size_kb", "size_mb")
	for _, k := range people.ReasonKeys() {
		keys[k] = true
	}
	for _, role := range access.Roles {
		for _, item := range navFor(access.Principal{UserID: 1, Role: role}, "/") {
			keys[item.Key] = true
			keys[item.Key+"_help"] = true
		}
	}
	if len(keys) < 50 {
		t.Fatalf("found only %d keys; the pattern no longer matches the templates", len(keys))
	}
	for k := range keys {
		for _, l := range i18n.Langs {
			if !cat.Has(l, k) {
				t.Errorf("key %q is used but missing in %s", k, l)
			}
		}
	}
}

func strs[T ~string](list []T) []string {
	out := make([]string, len(list))
	for i, v := range list {
		out[i] = string(v)
	}
	return out
}

// userFacingAttrs are the attributes a user reads or hears.
var userFacingAttrs = map[string]bool{"alt": true, "title": true, "aria-label": true, "placeholder": true, "label": true, "value": false}

// TestTemplatesHaveNoLiterals fails when a template holds text a user would
// read that does not come from the catalogues. Template actions are replaced
// by a placeholder, the rest is tokenised as HTML, and any letter in a text
// node or a user-facing attribute is a literal.
func TestTemplatesHaveNoLiterals(t *testing.T) {
	t.Parallel()
	_ = fs.WalkDir(templateFS, "templates", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, _ := fs.ReadFile(templateFS, path)
		tree := parse.New(path)
		tree.Mode = parse.SkipFuncCheck
		trees := map[string]*parse.Tree{}
		if _, err := tree.Parse(string(b), "{{", "}}", trees); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		var sb strings.Builder
		for _, tree := range trees {
			if tree.Root != nil {
				flatten(&sb, tree.Root)
			}
		}
		for _, lit := range literals(sb.String()) {
			t.Errorf("%s: literal text %q; put it in the catalogues", path, lit)
		}
		return nil
	})
}

// flatten writes the template's text with every action as "\x00".
func flatten(sb *strings.Builder, n parse.Node) {
	switch n := n.(type) {
	case *parse.ListNode:
		for _, c := range n.Nodes {
			flatten(sb, c)
		}
	case *parse.TextNode:
		sb.Write(n.Text)
	case *parse.IfNode:
		sb.WriteString("\x00")
		flatten(sb, n.List)
		if n.ElseList != nil {
			flatten(sb, n.ElseList)
		}
	case *parse.RangeNode:
		flatten(sb, n.List)
		if n.ElseList != nil {
			flatten(sb, n.ElseList)
		}
	case *parse.WithNode:
		flatten(sb, n.List)
		if n.ElseList != nil {
			flatten(sb, n.ElseList)
		}
	default:
		sb.WriteString("\x00")
	}
}

func literals(src string) []string {
	var found []string
	z := html.NewTokenizer(strings.NewReader(src))
	inScript := false
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return found
		case html.TextToken:
			if !inScript && hasLetter(string(z.Text())) {
				found = append(found, strings.TrimSpace(string(z.Text())))
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			inScript = string(name) == "script" || string(name) == "style"
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				if userFacingAttrs[string(k)] && hasLetter(string(v)) {
					found = append(found, string(k)+"="+string(v))
				}
			}
		case html.EndTagToken:
			inScript = false
		}
	}
}

func hasLetter(s string) bool {
	return strings.IndexFunc(s, unicode.IsLetter) >= 0
}

// TestLiteralDetector proves the detector finds what it should.
func TestLiteralDetector(t *testing.T) {
	t.Parallel()
	tests := []struct {
		src  string
		want int
	}{
		{"<p>\x00</p>", 0},
		{"<p>Hello</p>", 1},
		{`<img alt="QR code" src="x">`, 1},
		{`<img alt="` + "\x00" + `" src="x">`, 0},
		{`<a href="/admin/users">` + "\x00" + `</a>`, 0},
		{"<p>№ \x00</p>", 0},
		{"<p>Salam \x00</p>", 1},
	}
	for _, tt := range tests {
		if got := literals(tt.src); len(got) != tt.want {
			t.Errorf("literals(%q) = %q, want %d", tt.src, got, tt.want)
		}
	}
}
