package web

import (
	"net/http"

	"inteqra/internal/orgs"
)

// portalRoutes are the public portal's pages about the programme: the
// integration services with the offices to visit, the integration strategy
// with its published Action Plan, the privacy notice and
// the accessibility statement. The Migrant Council's page is its feature's
// (councilMemberRoutes).
func (s *Server) portalRoutes(h func(string, handler)) {
	h("GET /services", s.integrationServices)
	h("GET /strategy", s.strategyPublic)
	h("GET /strategy/indicators/{ind}", s.indicatorPublic)
	for path, page := range map[string]string{"/privacy": "privacy", "/accessibility": "accessibility"} {
		h("GET "+path, func(w http.ResponseWriter, r *http.Request) error {
			s.render(w, r, http.StatusOK, "portal_"+page, struct{ BasePage }{s.base(r, page+".title")})
			return nil
		})
	}
}

// ServicesPage is what integration consultants do, who may come and the
// Service's offices with their contacts.
type ServicesPage struct {
	BasePage
	Offices []orgs.Organisation
}

func (s *Server) integrationServices(w http.ResponseWriter, r *http.Request) error {
	offices, err := s.orgs.Offices(r.Context())
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "portal_services", ServicesPage{BasePage: s.base(r, "services_page.title"), Offices: offices})
	return nil
}
