package web

import (
	"net/http"
	"sync"

	"inteqra/internal/api"
	"inteqra/internal/i18n"
)

// APIDocsPage is the API's reference for people: openapi.yaml as a page,
// with the kinds of problem that a problem's type points at.
type APIDocsPage struct {
	BasePage
	Ref   api.Reference
	Kinds []api.ProblemKind
}

// reference reads the embedded description once: it changes only with
// the binary.
var reference = sync.OnceValues(api.LoadReference)

// apiDocs is public: partners read it before they have an account.
func (s *Server) apiDocs(w http.ResponseWriter, r *http.Request) error {
	ref, err := reference()
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "api_docs", APIDocsPage{BasePage: s.base(r, "api.docs.title"), Ref: ref, Kinds: api.ProblemKinds})
	return nil
}

// APIFields is the data of the shared table of an object's fields.
type APIFields struct {
	Page   *i18n.Printer
	Fields []api.Field
}

func apiFields(p *i18n.Printer, fields []api.Field) APIFields {
	return APIFields{Page: p, Fields: fields}
}
