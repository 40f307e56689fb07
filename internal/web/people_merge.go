package web

import (
	"net/http"
	"net/url"
	"strconv"

	"inteqra/internal/access"
	"inteqra/internal/people"
)

// DuplicatesPage is the queue of likely duplicate pairs.
type DuplicatesPage struct {
	BasePage
	Pairs            []people.Pair
	Total            int
	Page             int
	LastScan         *people.DuplicateScan // the last scan that ended
	PendingScan      *people.DuplicateScan // the scan that waits or runs
	PrevURL, NextURL string
}

func (s *Server) duplicates(w http.ResponseWriter, r *http.Request) error {
	page, _ := strconv.Atoi(r.URL.Query().Get("page"))
	page = max(page, 1)
	pairs, total, err := s.people.Pairs(r.Context(), "open", page)
	if err != nil {
		return err
	}
	p := DuplicatesPage{BasePage: s.base(r, "duplicates.title"), Pairs: pairs, Total: total, Page: page}
	if p.LastScan, p.PendingScan, err = s.people.DuplicateScans(r.Context()); err != nil {
		return err
	}
	link := func(n int) string { return "/people/duplicates?" + url.Values{"page": {strconv.Itoa(n)}}.Encode() }
	if page > 1 {
		p.PrevURL = link(page - 1)
	}
	if page*20 < total {
		p.NextURL = link(page + 1)
	}
	s.render(w, r, http.StatusOK, "duplicates", p)
	return nil
}

// duplicatesScan queues a scan of the whole registry: on a large registry
// it takes longer than a request should.
func (s *Server) duplicatesScan(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.people.QueueScan(r.Context()); err != nil {
		return err
	}
	return s.redirect(w, r, "/people/duplicates", "duplicates.scan_queued")
}

func formID(r *http.Request, name string) int64 { return chosenID(r.FormValue(name)) }

func (s *Server) duplicatesDismiss(w http.ResponseWriter, r *http.Request) error {
	if err := s.people.Dismiss(r.Context(), formID(r, "a"), formID(r, "b")); err != nil {
		return err
	}
	return s.redirect(w, r, "/people/duplicates", "duplicates.dismissed")
}

// MergePage compares two records field by field.
type MergePage struct {
	BasePage
	A, B     people.Person
	Survivor int64
	Fields   []string
	Take     map[string]int64
	Regions  map[int64]string
}

// Value returns how field f of p reads on the page.
func (m MergePage) Value(p people.Person, f string) string {
	switch f {
	case "sex":
		if p.Sex != "" {
			return m.T("people.sex." + string(p.Sex))
		}
	case "birth":
		if !p.BirthDate.IsZero() {
			return m.Date(p.BirthDate)
		}
		if p.BirthYear != 0 {
			return strconv.Itoa(p.BirthYear)
		}
	case "script":
		if p.Script != "" {
			return m.T("people.script." + p.Script)
		}
	case "education":
		if p.Education != "" {
			return m.T("people.education." + p.Education)
		}
	case "phone":
		return p.Phone
	case "email":
		return p.Email
	case "address":
		return p.Address
	case "region":
		return m.Regions[p.RegionID]
	}
	return ""
}

func (s *Server) mergeForm(w http.ResponseWriter, r *http.Request) error {
	return s.renderMerge(w, r, formID(r, "a"), formID(r, "b"), nil, nil)
}

// renderMerge shows the merge form for records a and b; when the merge in
// was refused, with its choices kept and the reasons at the top.
func (s *Server) renderMerge(w http.ResponseWriter, r *http.Request, a, b int64, in *people.MergeInput, refused error) error {
	if err := access.Require(r.Context(), access.MergePeople); err != nil {
		return err
	}
	pa, err := s.people.Person(r.Context(), a)
	if err != nil {
		return err
	}
	pb, err := s.people.Person(r.Context(), b)
	if err != nil {
		return err
	}
	p := MergePage{BasePage: s.base(r, "merge.title"), A: pa, B: pb, Survivor: min(a, b), Fields: people.MergeFields,
		Take: map[string]int64{}, Regions: map[int64]string{}}
	status := http.StatusOK
	if refused != nil {
		status = http.StatusUnprocessableEntity
		p.refuse(refused, nil) // about the choices as a whole: the summary says which
	}
	for _, id := range []int64{pa.RegionID, pb.RegionID} {
		if p.Regions[id], err = s.people.RegionName(r.Context(), langFrom(r.Context()), id); err != nil {
			return err
		}
	}
	// By default each field keeps a value where one record has none.
	for _, f := range p.Fields {
		p.Take[f] = pa.ID
		if p.Value(pa, f) == "" && p.Value(pb, f) != "" {
			p.Take[f] = pb.ID
		}
		if in != nil && in.Take[f] != 0 {
			p.Take[f] = in.Take[f] // what was chosen stays chosen
		}
	}
	if in != nil && in.Survivor != 0 {
		p.Survivor = in.Survivor
	}
	s.render(w, r, status, "merge", p)
	return nil
}

func (s *Server) merge(w http.ResponseWriter, r *http.Request) error {
	a, b := formID(r, "a"), formID(r, "b")
	in := people.MergeInput{Survivor: formID(r, "survivor"), Take: map[string]int64{}}
	in.Merged = a
	if in.Survivor == a {
		in.Merged = b
	}
	for _, f := range people.MergeFields {
		in.Take[f] = formID(r, "take_"+f)
	}
	err := s.people.Merge(r.Context(), in)
	if s.userError(r, err) {
		return s.renderMerge(w, r, a, b, &in, err)
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, "/people/"+strconv.FormatInt(in.Survivor, 10), "merge.done")
}

func (s *Server) personAddRelative(w http.ResponseWriter, r *http.Request) error {
	return s.personAction(w, r, "people.relative_added", Fields{"people.relation": "relation", "people.relative_no": "relative"}, func(id int64) error {
		return s.people.AddFamilyLink(r.Context(), id, formID(r, "relative"), r.PostFormValue("relation"))
	}, func(p *PersonPage) {
		p.Kept = map[string]string{"relative": r.PostFormValue("relative"), "relation": r.PostFormValue("relation")}
	})
}

func (s *Server) personErase(w http.ResponseWriter, r *http.Request) error {
	return s.personAction(w, r, "people.erased", Fields{"people.erase_reason": "erase-reason"}, func(id int64) error {
		return s.people.Erase(r.Context(), id, r.PostFormValue("reason"))
	}, func(p *PersonPage) { p.Kept = map[string]string{"erase-reason": r.PostFormValue("reason")} })
}
