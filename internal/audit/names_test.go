package audit_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"inteqra/internal/audit"
	"inteqra/internal/cases"
	"inteqra/internal/council"
	"inteqra/internal/i18n"
	"inteqra/internal/imports"
	"inteqra/internal/people"
	"inteqra/internal/training"
)

// TestNamesHaveMessages fails when a code the log holds has no message in
// some language, which would put the raw code on the auditor's page.
func TestNamesHaveMessages(t *testing.T) {
	t.Parallel()
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, a := range audit.Actions {
		keys = append(keys, "audit.action."+a)
	}
	for _, o := range audit.ObjectTypes {
		keys = append(keys, "audit.object."+o)
		for _, id := range audit.NamedObjects[o] {
			keys = append(keys, "audit.object."+o+"."+id)
		}
	}
	for _, f := range audit.Fields {
		keys = append(keys, "audit.field."+f)
	}
	for o := range audit.NamedObjects {
		if !slices.Contains(audit.ObjectTypes, o) {
			t.Errorf("NamedObjects names the object type %q, which ObjectTypes lacks", o)
		}
	}
	for _, k := range keys {
		for _, l := range i18n.Langs {
			if !cat.Has(l, k) {
				t.Errorf("%s lacks %q", l, k)
			}
		}
	}
}

// dynamic lists, for each function that records a code it computes
// ("file:function"), every value that code takes. A new such call fails
// TestNamesCoverSources until its values are listed here.
var (
	dynamicActions = map[string][]string{
		"internal/council/proposals.go:move":          {"proposal.review", "proposal.answer", "proposal.implement", "proposal.withdraw"},
		"internal/council/members.go:moveTerm":        {"council_term.active", "council_term.ended"},
		"internal/council/meetings.go:moveMeeting":    {"meeting.held", "meeting.approved", "meeting.cancelled"},
		"internal/council/sittings.go:insertDecision": {"meeting.decision", "meeting.chair_election"},
		"internal/cases/cases.go:event":               prefixed("case.", cases.EventKinds()...),
		"internal/auth/login.go:fail":                 {"auth.login_failed", "auth.login_throttled", "auth.totp_replayed"},
		"internal/training/enrolments.go:move":        prefixed("enrolment.", strs(training.EnrolmentStates[1:])...),
		"internal/training/cohorts.go:MoveCohort":     prefixed("cohort.", strs(training.CohortStates[1:])...),
		"internal/training/attendance.go:register":    {"cohort.register", "cohort.register_export"},
		"internal/strategy/store.go:move":             {"strategy.publish", "strategy.close"},
	}
	dynamicObjects = map[string][]string{}
	dynamicFields  = map[string][]string{
		"internal/council/proposals.go:insert":              {"channel." + council.Online, "channel." + council.Secretariat},
		"internal/council/proposals.go:move":                {"unit", "due_on", "outcome", "answer", "done", "by_secretariat", "by_author"},
		"internal/council/members.go:moveTerm":              {"state", "end_reason"},
		"internal/council/sittings.go:insertDecision":       {"outcome.adopted", "outcome.rejected", "outcome.elected", "outcome.tie", "outcome.no_majority"},
		"internal/council/members.go:UpdateMember":          {"origin", "community", "languages", "role"},
		"internal/council/members.go:SaveSettings":          {"size", "term_months", "max_terms"},
		"internal/auth/users.go:UpdateUser":                 {"email", "name", "role", "organisation", "active", "language"},
		"internal/auth/users.go:ResetPassword":              {"password", "totp"},
		"internal/orgs/orgs.go:UpdateOrganisation":          {"name", "kind", "active", "contact"},
		"internal/strategy/store.go:UpdateStrategy":         {"title", "years"},
		"internal/strategy/items.go:AddItem":                {"title", "responsible", "partners", "dates", "budget"},
		"internal/strategy/items.go:UpdateItem":             {"title", "responsible", "partners", "dates", "budget"},
		"internal/strategy/items.go:MoveItem":               {"position", "parent"},
		"internal/strategy/import.go:Import":                {"rows", "added", "changed", "unchanged"},
		"internal/strategy/reports.go:SaveReport":           {"narrative", "status", "spent", "values", "state"},
		"internal/strategy/indicators.go:UpdateIndicator":   {"title", "definition", "kind", "unit", "baseline", "source", "breakdowns", "targets"},
		"internal/strategy/import.go:apply":                 {"title", "responsible", "partners", "dates", "budget", "status"},
		"internal/people/store.go:CreatePerson":             people.AuditFields(),
		"internal/people/applicant.go:MatchOrRegister":      people.AuditFields(),
		"internal/people/applicant.go:RecordConsents":       prefixed("consent.", strs(people.Purposes)...),
		"internal/people/consent.go:GiveConsent":            prefixed("consent.", strs(people.Purposes)...),
		"internal/people/consent.go:withdraw":               append(prefixed("consent.", strs(people.Purposes)...), "reason"),
		"internal/mydata/mydata.go:Download":                {"format.json", "format.pdf"},
		"internal/imports/discard.go:discard":               {"removed"},
		"internal/imports/run.go:importPersons":             {"mode." + string(imports.AllOrNothing), "mode." + string(imports.ValidOnly), "rows", "imported", "invalid", "duplicates", "flagged"},
		"internal/people/merge.go:Merge":                    people.AuditFields(),
		"internal/people/update.go:UpdatePerson":            people.AuditFields(),
		"internal/training/enrolments.go:move":              {"reason"},
		"internal/training/enrolments.go:insertApplication": prefixed("channel.", training.Online, training.Staff),
		"internal/training/results.go:RecordResults":        prefixed("test.", training.TestKinds...),
	}
)

// TestNamesCoverSources reads every call of Record, RecordAs and RecordRead
// in the Go sources and fails when one writes a code the lists of names.go
// lack, so no code reaches the log without a message for the page.
func TestNamesCoverSources(t *testing.T) {
	t.Parallel()
	calls := auditCalls(t, "../..")
	if len(calls) < 40 {
		t.Fatalf("found only %d calls of audit.Record; the scan no longer finds them", len(calls))
	}
	seen := map[string]bool{}
	check := func(c call, what string, arg ast.Expr, list []string, dynamic map[string][]string) {
		values, ok := literals(arg, c.fn)
		if !ok {
			values, ok = dynamic[c.site]
			if !ok {
				t.Errorf("%s: the %s is computed; list its values in dynamic%ss", c.pos, what, strings.ToUpper(what[:1])+what[1:])
				return
			}
			seen[what+" "+c.site] = true
		}
		for _, v := range values {
			if !slices.Contains(list, v) {
				t.Errorf("%s: %s %q is missing from audit's names.go", c.pos, what, v)
			}
		}
	}
	for _, c := range calls {
		check(c, "action", c.action, audit.Actions, dynamicActions)
		check(c, "object", c.object, audit.ObjectTypes, dynamicObjects)
		if ids, ok := literals(c.id, nil); ok {
			types, _ := literals(c.object, c.fn)
			for _, id := range ids {
				if _, err := strconv.Atoi(id); err != nil && id != "" && (len(types) != 1 || !slices.Contains(audit.NamedObjects[types[0]], id)) {
					t.Errorf("%s: object id %q is a code missing from NamedObjects", c.pos, id)
				}
			}
		}
		for _, f := range c.fields {
			check(c, "field", f, audit.Fields, dynamicFields)
		}
	}
	for what, table := range map[string]map[string][]string{"action": dynamicActions, "object": dynamicObjects, "field": dynamicFields} {
		for site := range table {
			if !seen[what+" "+site] {
				t.Errorf("dynamic%ss lists %s, which computes no %s any more", strings.ToUpper(what[:1])+what[1:], site, what)
			}
		}
	}
}

// call is one call of the audit package that writes an event.
type call struct {
	pos, site          string // file:line, and file:function for the dynamic tables
	fn                 *ast.FuncDecl
	action, object, id ast.Expr
	fields             []ast.Expr // an argument spread with ... counts as computed
}

// auditCalls parses every non-test Go file under root outside the audit
// package and returns its calls of Record, RecordAs and RecordRead.
func auditCalls(t *testing.T, root string) []call {
	t.Helper()
	var calls []call
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); name == ".git" || name == "node_modules" || path == filepath.Join(root, "internal", "audit") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		name := ""
		for _, imp := range f.Imports {
			if imp.Path.Value == `"inteqra/internal/audit"` {
				name = "audit"
				if imp.Name != nil {
					name = imp.Name.Name
				}
			}
		}
		if name == "" {
			return nil
		}
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				ce, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				sel, ok := ce.Fun.(*ast.SelectorExpr)
				if !ok {
					return true
				}
				if x, ok := sel.X.(*ast.Ident); !ok || x.Name != name {
					return true
				}
				first := map[string]int{"Record": 2, "RecordRead": 2, "RecordAs": 4}
				i, ok := first[sel.Sel.Name]
				if !ok {
					return true
				}
				c := call{
					pos:  rel + ":" + strconv.Itoa(fset.Position(ce.Pos()).Line),
					site: rel + ":" + fn.Name.Name, fn: fn,
					action: ce.Args[i], object: ce.Args[i+1], id: ce.Args[i+2],
				}
				c.fields = ce.Args[i+3:]
				if ce.Ellipsis.IsValid() && len(c.fields) > 0 {
					c.fields[len(c.fields)-1] = &ast.BadExpr{} // spread: computed
				}
				calls = append(calls, c)
				return true
			})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return calls
}

// literals returns the values of e when the source spells them out: a
// string literal, or a local variable of fn assigned only string literals.
func literals(e ast.Expr, fn *ast.FuncDecl) ([]string, bool) {
	if lit, ok := e.(*ast.BasicLit); ok && lit.Kind == token.STRING {
		s, err := strconv.Unquote(lit.Value)
		return []string{s}, err == nil
	}
	id, ok := e.(*ast.Ident)
	if !ok || fn == nil {
		return nil, false
	}
	var values []string
	resolved := true
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok || len(as.Lhs) != len(as.Rhs) {
			return true
		}
		for i, l := range as.Lhs {
			if li, ok := l.(*ast.Ident); ok && li.Name == id.Name {
				lit, ok := as.Rhs[i].(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					resolved = false
					continue
				}
				s, _ := strconv.Unquote(lit.Value)
				values = append(values, s)
			}
		}
		return true
	})
	return values, resolved && len(values) > 0
}

func prefixed(prefix string, values ...string) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = prefix + v
	}
	return out
}

func strs[T ~string](list []T) []string {
	out := make([]string, len(list))
	for i, v := range list {
		out[i] = string(v)
	}
	return out
}
