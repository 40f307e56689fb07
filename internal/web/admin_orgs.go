package web

import (
	"net/http"

	"inteqra/internal/access"
	"inteqra/internal/orgs"
)

// OrgsPage lists the organisations.
type OrgsPage struct {
	BasePage
	Organisations []orgs.Organisation
}

// OrgFormPage creates or edits an organisation.
type OrgFormPage struct {
	BasePage
	ID    int64
	Input orgs.Input
	Kinds []orgs.Kind
}

func (s *Server) orgList(w http.ResponseWriter, r *http.Request) error {
	if err := access.Require(r.Context(), access.ManageOrganisations); err != nil {
		return err
	}
	list, err := s.orgs.Organisations(r.Context())
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "orgs", OrgsPage{BasePage: s.base(r, "orgs.title"), Organisations: list})
	return nil
}

func (s *Server) orgNew(w http.ResponseWriter, r *http.Request) error {
	if err := access.Require(r.Context(), access.ManageOrganisations); err != nil {
		return err
	}
	p := OrgFormPage{BasePage: s.base(r, "orgs.new_title"), Input: orgs.Input{Active: true, Kind: orgs.NGO}, Kinds: orgs.Kinds}
	s.render(w, r, http.StatusOK, "org_form", p)
	return nil
}

func orgInput(r *http.Request) orgs.Input {
	return orgs.Input{Name: r.PostFormValue("name"), Kind: orgs.Kind(r.PostFormValue("kind")), Active: r.PostFormValue("active") == "on",
		Contact: orgs.Contact{Address: r.PostFormValue("address"), Phone: r.PostFormValue("phone"), Email: r.PostFormValue("email"),
			Hours: r.PostFormValue("hours")}}
}

// orgFields ties the organisation form's inputs to the labels its errors name.
var orgFields = Fields{
	"orgs.name": "name", "orgs.kind": "kind", "orgs.address": "address", "orgs.phone": "phone",
	"orgs.email": "email", "orgs.hours": "hours",
}

func (s *Server) orgCreate(w http.ResponseWriter, r *http.Request) error {
	in := orgInput(r)
	_, err := s.orgs.CreateOrganisation(r.Context(), in)
	if s.userError(r, err) {
		p := OrgFormPage{BasePage: s.base(r, "orgs.new_title"), Input: in, Kinds: orgs.Kinds}
		p.refuse(err, orgFields)
		s.render(w, r, http.StatusUnprocessableEntity, "org_form", p)
		return nil
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, "/admin/organisations", "orgs.saved")
}

func (s *Server) orgEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := access.Require(r.Context(), access.ManageOrganisations); err != nil {
		return err
	}
	o, err := s.orgs.Organisation(r.Context(), id)
	if err != nil {
		return err
	}
	p := OrgFormPage{BasePage: s.base(r, "orgs.edit_title"), ID: id, Input: orgs.Input{Name: o.Name, Kind: o.Kind, Active: o.Active, Contact: o.Contact}, Kinds: orgs.Kinds}
	s.render(w, r, http.StatusOK, "org_form", p)
	return nil
}

func (s *Server) orgUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	in := orgInput(r)
	err = s.orgs.UpdateOrganisation(r.Context(), id, in)
	if s.userError(r, err) {
		p := OrgFormPage{BasePage: s.base(r, "orgs.edit_title"), ID: id, Input: in, Kinds: orgs.Kinds}
		p.refuse(err, orgFields)
		s.render(w, r, http.StatusUnprocessableEntity, "org_form", p)
		return nil
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, "/admin/organisations", "orgs.saved")
}
