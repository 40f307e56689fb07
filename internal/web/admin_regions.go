package web

import (
	"net/http"

	"inteqra/internal/access"
	"inteqra/internal/people"
)

// RegionsPage lists the catalogue of regions and districts.
type RegionsPage struct {
	BasePage
	Regions []people.Region
	Names   map[int64]string // parent names
}

// RegionFormPage creates or edits a catalogue entry.
type RegionFormPage struct {
	BasePage
	ID      int64
	Input   people.RegionInput
	Parents []people.Region
	Kinds   []string
}

func (s *Server) regionList(w http.ResponseWriter, r *http.Request) error {
	all, err := s.people.AllRegions(r.Context())
	if err != nil {
		return err
	}
	names := map[int64]string{}
	for _, reg := range all {
		names[reg.ID] = reg.Name(langFrom(r.Context()))
	}
	s.render(w, r, http.StatusOK, "regions", RegionsPage{BasePage: s.base(r, "regions.title"), Regions: all, Names: names})
	return nil
}

func (s *Server) regionForm(r *http.Request, id int64, in people.RegionInput, title string) (RegionFormPage, error) {
	all, err := s.people.AllRegions(r.Context())
	var parents []people.Region
	for _, reg := range all {
		if reg.Kind != "district" && reg.ID != id {
			parents = append(parents, reg)
		}
	}
	return RegionFormPage{BasePage: s.base(r, title), ID: id, Input: in, Parents: parents, Kinds: people.RegionKinds}, err
}

func (s *Server) regionNew(w http.ResponseWriter, r *http.Request) error {
	p, err := s.regionForm(r, 0, people.RegionInput{Kind: "district", Active: true}, "regions.new_title")
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "region_form", p)
	return nil
}

func (s *Server) regionEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	reg, err := s.people.Region(r.Context(), id)
	if err != nil {
		return err
	}
	in := people.RegionInput{Code: reg.Code, ParentID: reg.ParentID, Kind: reg.Kind, NameAz: reg.NameAz, NameEn: reg.NameEn, NameRu: reg.NameRu, Active: reg.Active}
	p, err := s.regionForm(r, id, in, "regions.edit_title")
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "region_form", p)
	return nil
}

// regionFields ties the region form's inputs to the labels its errors name.
var regionFields = Fields{
	"regions.name_az": "name_az", "regions.name_en": "name_en", "regions.name_ru": "name_ru",
	"regions.kind": "kind", "regions.parent": "parent", "regions.code": "code",
}

func (s *Server) regionSave(w http.ResponseWriter, r *http.Request) error {
	var id int64
	if r.PathValue("id") != "" {
		var err error
		if id, err = pathID(r); err != nil {
			return err
		}
	}
	if err := access.Require(r.Context(), access.ManageRegions); err != nil {
		return err
	}
	parent := chosenID(r.PostFormValue("parent"))
	in := people.RegionInput{Code: r.PostFormValue("code"), ParentID: parent, Kind: r.PostFormValue("kind"),
		NameAz: r.PostFormValue("name_az"), NameEn: r.PostFormValue("name_en"), NameRu: r.PostFormValue("name_ru"),
		Active: r.PostFormValue("active") == "on"}
	_, err := s.people.SaveRegion(r.Context(), id, in)
	if s.userError(r, err) {
		title := "regions.edit_title"
		if id == 0 {
			title = "regions.new_title"
		}
		p, ferr := s.regionForm(r, id, in, title)
		if ferr != nil {
			return ferr
		}
		p.refuse(err, regionFields)
		s.render(w, r, http.StatusUnprocessableEntity, "region_form", p)
		return nil
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, "/admin/regions", "regions.saved")
}
