package web

import "strings"

// caseSectionKeys are a case's pages, in the order of the work: the side
// navigation of every case page lists them (design system: side navigation
// of a record, the current page marked).
var caseSectionKeys = []struct{ key, path string }{
	{"cases.section.overview", ""},
	{"cases.section.assessment", "/assessment"},
	{"cases.section.plan", "/plan"},
	{"cases.section.services", "/services"},
	{"cases.section.referrals", "/referrals"},
	{"cases.section.notes", "/notes"},
	{"cases.section.tasks", "/tasks"},
	{"cases.section.attachments", "/attachments"},
}

// caseSections lists the pages of case id for its side navigation, marking
// the one at current (the page's path, perhaps with a query).
func caseSections(id int64, current string) []NavItem {
	current, _, _ = strings.Cut(current, "?")
	base := casePath(id)
	items := make([]NavItem, len(caseSectionKeys))
	for i, s := range caseSectionKeys {
		href := base + s.path
		items[i] = NavItem{Key: s.key, Href: href, Current: current == href}
	}
	return items
}
