package web

import (
	"net/http"

	"inteqra/internal/council"
)

// The member's area: a Council member reads the meetings to come, their
// agenda and papers, and the draft minutes of those held.

// MemberAreaPage lists the member's meetings, or shows one.
type MemberAreaPage struct {
	BasePage
	Area    council.MemberArea
	Meeting council.Meeting
}

func (s *Server) selfCouncilRoutes(h func(string, handler)) {
	h("GET /me/council", s.memberArea)
	h("GET /me/council/meetings/{id}", s.memberMeeting)
	h("GET /me/council/meetings/{id}/papers/{paper}", s.memberPaper)
}

func (s *Server) memberArea(w http.ResponseWriter, r *http.Request) error {
	a, err := s.council.MemberArea(r.Context())
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "self_council", MemberAreaPage{BasePage: s.base(r, "self.council_title"), Area: a})
	return nil
}

func (s *Server) memberMeeting(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	m, err := s.council.MemberMeeting(r.Context(), id)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "self_council_meeting", MemberAreaPage{BasePage: s.base(r, "self.council_meeting"), Meeting: m})
	return nil
}

func (s *Server) memberPaper(w http.ResponseWriter, r *http.Request) error {
	return servePaper(w, r, s.council.MemberPaper)
}
