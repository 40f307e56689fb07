package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"

	"inteqra/internal/access"
	"inteqra/internal/i18n"
	"inteqra/internal/people"
)

//go:embed templates
var templateFS embed.FS

// BasePage is embedded in every page's data. The embedded Printer gives
// templates .T, .N, .Date and .Number in the user's language, so nothing is
// shared between requests and no template is cloned per request.
type BasePage struct {
	*i18n.Printer
	Title     string // catalogue key of the page title
	Path      string // the current path and query, for the language switcher
	Principal access.Principal
	Flash     string    // an already translated message from the previous request
	Problems  []Problem // why the form on this page was refused, each with its field (see refuse)
	RequestID string
	Nav       []NavItem
	Bell      bool // the signed-in user's bell shows
	Unread    int  // their unread notifications
}

// Langs lists the languages for the switcher.
func (BasePage) Langs() []i18n.Lang { return i18n.Langs }

// HitList is the data of the shared table of search hits and duplicate
// candidates: its rows are worked out in Go, for a results page is the
// registry's busiest, and a template's calls are slow.
type HitList struct {
	Page *i18n.Printer
	Rows []HitRow
}

// HitRow is one hit as the table shows it.
type HitRow struct {
	ID        int64
	Name      string
	Merged    bool
	Spellings []string
	Birth     string // the date, the year, or nothing
	Why       string // the reasons, joined
}

func hitList(p *i18n.Printer, hits []people.Hit) HitList {
	l := HitList{Page: p, Rows: make([]HitRow, len(hits))}
	for i, h := range hits {
		r := HitRow{ID: h.ID, Name: h.DisplayName, Merged: h.State == people.Merged}
		for _, n := range h.Names {
			r.Spellings = append(r.Spellings, n.Full())
		}
		switch {
		case !h.BirthDate.IsZero():
			r.Birth = p.Date(h.BirthDate)
		case h.BirthYear != 0:
			r.Birth = strconv.Itoa(h.BirthYear)
		}
		why := make([]string, len(h.Reasons))
		for j, k := range h.Reasons {
			why[j] = p.T(k)
		}
		r.Why = strings.Join(why, ", ")
		l.Rows[i] = r
	}
	return l
}

// NavItem is one link in the staff navigation.
type NavItem struct {
	Key     string // catalogue key of the label
	Href    string
	Current bool
}

// pageTemplates parses layout.html and partials once per page file, so each
// page defines its own "content" block.
func pageTemplates() (map[string]*template.Template, error) {
	funcs := template.FuncMap{
		// safeURL passes a data: URL that the server itself generated (the TOTP QR code).
		"safeURL": func(s string) template.URL { return template.URL(s) },
		// has reports whether a multi-select's values include v.
		"has":         func(list []string, v string) bool { return slices.Contains(list, v) },
		"countryName": people.CountryName,
		"int64":       func(n int) int64 { return int64(n) },
		"percent":     func(f float64) float64 { return f * 100 },
		// weekdayKey turns the form's weekday numbers (1 Monday … 7 Sunday) into time.Weekday's.
		"weekdayKey":   func(n int) int { return n % 7 },
		"add":          func(a, b int) int { return a + b },
		"languageName": people.LanguageName,
		// dash shows an empty value as a dash, so a blank is seen to be blank.
		"dash": func(s string) string {
			if strings.TrimSpace(s) == "" {
				return "—"
			}
			return s
		},
		// languages hands the shared language picker its choices.
		"languages": languagePicker,
		// hitList hands the shared "hits" table its rows and the page's printer.
		"hitList":      hitList,
		"caseSections": caseSections,
		"planTree":     planTree,
		"reportList":   reportList,
		"statusTag":    statusTag,
		"apiFields":    apiFields,
		// breakAt lets an e-mail address wrap before its "@" and nowhere else.
		"breakAt": func(email string) template.HTML {
			local, domain, ok := strings.Cut(email, "@")
			if !ok {
				return template.HTML(template.HTMLEscapeString(email))
			}
			return template.HTML(template.HTMLEscapeString(local) + "<wbr>@" + template.HTMLEscapeString(domain))
		},
	}
	shared, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	pages, err := fs.Glob(templateFS, "templates/pages/*.html")
	if err != nil {
		return nil, err
	}
	// The shared templates are parsed once; each page adds its own to a
	// clone, which shares their parsed form (parsed with every page, they
	// took 37 MB of the server's memory).
	base, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, shared...)
	if err != nil {
		return nil, fmt.Errorf("web: parse the shared templates: %w", err)
	}
	set := make(map[string]*template.Template, len(pages))
	for _, p := range pages {
		t, err := base.Clone()
		if err == nil {
			t, err = t.ParseFS(templateFS, p)
		}
		if err != nil {
			return nil, fmt.Errorf("web: parse %s: %w", p, err)
		}
		set[strings.TrimSuffix(path.Base(p), ".html")] = t
	}
	return set, nil
}

// render writes page with status. It renders into a buffer first, so a
// template error becomes a clean 500 page instead of half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	t, ok := s.templates[name]
	if !ok {
		panic("web: no template " + name) // a programming error, caught by tests
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout.html", data); err != nil {
		slog.ErrorContext(r.Context(), "render", "template", name, "err", err)
		if name != "error" {
			s.renderError(w, r, http.StatusInternalServerError, "error.internal")
		}
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	// A refused form is shown again with what was sent, which may be
	// invalid UTF-8: the page itself stays valid.
	_, _ = w.Write(bytes.ToValidUTF8(buf.Bytes(), []byte("\uFFFD")))
}

// ErrorPage is the data of the error page.
type ErrorPage struct {
	BasePage
	Status  int
	Message string // catalogue key
}

func (s *Server) renderError(w http.ResponseWriter, r *http.Request, status int, messageKey string) {
	p := ErrorPage{BasePage: s.base(r, "error.title"), Status: status, Message: messageKey}
	s.render(w, r, status, "error", p)
}

// renderProblem shows the error page with err's messages and status: a
// request refused before any handler ran.
func (s *Server) renderProblem(w http.ResponseWriter, r *http.Request, status int, err error) {
	p := ErrorPage{BasePage: s.base(r, "error.title"), Status: status}
	p.refuse(err, nil)
	s.render(w, r, status, "error", p)
}
