package web_test

import (
	"context"
	"net/url"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"inteqra/internal/access"
	"inteqra/internal/audit"
	"inteqra/internal/auth"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
)

// TestAuditPageShowsNoCodes writes an event of every action the system
// records, each with a field of every kind and a named object, and reads the
// whole log in each language: no code the log keeps may be read on the page,
// while the filters still send the codes.
func TestAuditPageShowsNoCodes(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	sys := access.With(context.Background(), access.System())
	users, err := s.app.Users.Users(sys)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(users, func(u auth.User) bool { return u.Email == "consultant@demo.inteqra.az" })
	if i < 0 {
		t.Fatal("no demo consultant")
	}
	consultant := users[i]
	as := access.With(context.Background(), access.Principal{UserID: consultant.ID, Email: consultant.Email, Role: consultant.Role})
	err = s.app.DB.Transact(as, func(tx *db.Tx) error {
		for i, a := range audit.Actions {
			object := audit.ObjectTypes[i%len(audit.ObjectTypes)]
			if err := audit.Record(as, tx, a, object, "7", audit.Fields[i%len(audit.Fields)], "rows=12"); err != nil {
				return err
			}
		}
		for object, ids := range audit.NamedObjects {
			for _, id := range ids {
				if err := audit.Record(as, tx, "person.list", object, id, "mode=all"); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var codes []string // every code that is not also a plain word
	for _, list := range [][]string{audit.Actions, audit.ObjectTypes, audit.Fields} {
		for _, c := range list {
			if strings.ContainsAny(c, "._") {
				codes = append(codes, c)
			}
		}
	}
	c := s.client()
	c.signIn(access.Auditor)
	for _, lang := range i18n.Langs {
		pr := s.app.Catalog.Printer(lang)
		c.post("/lang", url.Values{"lang": {string(lang)}, "next": {"/audit"}})
		var text strings.Builder
		for path, pages := "/audit", 0; path != ""; pages++ {
			if pages > 20 {
				t.Fatal("the log does not end")
			}
			r := c.get(path)
			doc, err := html.Parse(strings.NewReader(r.body))
			if err != nil {
				t.Fatal(err)
			}
			text.WriteString(visibleText(doc))
			path = ""
			if m := olderRE.FindStringSubmatch(r.body); m != nil {
				path = html.UnescapeString(m[1])
			}
			if pages == 0 {
				checkSelects(t, lang, doc)
			}
		}
		page := text.String()
		for _, code := range codes {
			if strings.Contains(page, code) {
				t.Errorf("%s: the audit page shows the code %q", lang, code)
			}
		}
		if strings.Contains(page, "audit.") {
			t.Errorf("%s: the audit page shows a catalogue key", lang)
		}
		for _, want := range []string{
			consultant.Name, consultant.Email,
			pr.T("audit.action.case.state.on_hold"), pr.T("audit.object.cohort") + " 7",
			pr.T("audit.object.case.caseload"), pr.T("audit.field.mode.all"), pr.T("audit.field.rows") + ": 12",
		} {
			if !strings.Contains(page, want) {
				t.Errorf("%s: the audit page lacks %q", lang, want)
			}
		}
	}
}

var olderRE = regexpMust(`href="(/audit\?[^"]*before=[^"]*)"`)

// checkSelects holds the filter's action and object selects to names in the
// reader's alphabetical order, with the codes as values.
func checkSelects(t *testing.T, lang i18n.Lang, doc *html.Node) {
	t.Helper()
	for _, sel := range []struct {
		id    string
		codes []string
	}{{"action", audit.Actions}, {"object_type", audit.ObjectTypes}} {
		var values, labels []string
		walk(doc, func(n *html.Node) {
			if n.Type != html.ElementNode || n.Data != "select" || attr(n, "id") != sel.id {
				return
			}
			for o := n.FirstChild; o != nil; o = o.NextSibling {
				if o.Type == html.ElementNode && o.Data == "option" && attr(o, "value") != "" {
					values = append(values, attr(o, "value"))
					labels = append(labels, visibleText(o))
				}
			}
		})
		if len(values) < len(sel.codes) {
			t.Errorf("%s: the %s select offers %d choices, want every one of %d", lang, sel.id, len(values), len(sel.codes))
		}
		for _, v := range values {
			if !slices.Contains(sel.codes, v) {
				t.Errorf("%s: the %s select sends %q, not a code", lang, sel.id, v)
			}
		}
		sorted := slices.Clone(labels)
		i18n.SortFuncIn(lang, sorted, func(s string) string { return s })
		if !slices.Equal(labels, sorted) {
			t.Errorf("%s: the %s select is not in alphabetical order: %q", lang, sel.id, labels)
		}
	}
}

// visibleText returns the text a reader sees under n: text nodes, not
// attributes, scripts or styles.
func visibleText(n *html.Node) string {
	var b strings.Builder
	walk(n, func(n *html.Node) {
		if n.Type == html.TextNode && (n.Parent == nil || (n.Parent.Data != "script" && n.Parent.Data != "style")) {
			b.WriteString(n.Data)
			b.WriteString(" ")
		}
	})
	return b.String()
}

func walk(n *html.Node, f func(*html.Node)) {
	f(n)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, f)
	}
}

func attr(n *html.Node, name string) string {
	for _, a := range n.Attr {
		if a.Key == name {
			return a.Val
		}
	}
	return ""
}
