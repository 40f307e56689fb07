package web

import (
	"net/http"
	"strconv"

	"inteqra/internal/access"
	"inteqra/internal/i18n"
	"inteqra/internal/migrants"
)

// Linking a migrant's account to their person: the migrant's proof and
// request on /me, the staff's list of requests, and the invitation and
// unlinking on the person's page.
func (s *Server) linkingRoutes(h func(string, handler)) {
	h("POST /me/link", s.proveLink)
	h("POST /me/link/request", s.requestLink)
	h("GET /link-requests", s.linkRequests)
	h("GET /link-requests/{id}", s.linkRequest)
	h("POST /link-requests/{id}/confirm", s.confirmLinkRequest)
	h("POST /link-requests/{id}/refuse", s.refuseLinkRequest)
	h("POST /people/{id}/account/invite", s.inviteAccount)
	h("POST /people/{id}/account/unlink", s.unlinkAccount)
}

// proofFields and requestFields tie the linking forms' inputs to the
// labels their errors name; the request's inputs are prefixed, as both
// forms are on one page.
var (
	proofFields   = Fields{"link.reference": "reference", "link.birth_date": "birth_date", "link.document_no": "document_no", "": "reference"}
	requestFields = Fields{"link.name": "r-name", "link.birth_date": "r-birth_date", "link.document_no": "r-document_no",
		"link.reference": "r-reference", "link.message": "r-message", "": "r-name"}
)

func (s *Server) proveLink(w http.ResponseWriter, r *http.Request) error {
	if err := access.Require(r.Context(), access.SelfService); err != nil {
		return err
	}
	in := migrants.Proof{Reference: r.PostFormValue("reference"), BirthDate: r.PostFormValue("birth_date"), DocumentNo: r.PostFormValue("document_no")}
	err := s.migrants.Prove(r.Context(), in)
	if s.userError(r, err) {
		return s.selfHomeRefused(w, r, err, proofFields, map[string]string{"reference": in.Reference, "birth_date": in.BirthDate, "document_no": in.DocumentNo})
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, "/me", "link.done")
}

func (s *Server) requestLink(w http.ResponseWriter, r *http.Request) error {
	if err := access.Require(r.Context(), access.SelfService); err != nil {
		return err
	}
	in := migrants.RequestInput{Name: r.PostFormValue("name"), BirthDate: r.PostFormValue("birth_date"), DocumentNo: r.PostFormValue("document_no"),
		Reference: r.PostFormValue("reference"), Message: r.PostFormValue("message")}
	err := s.migrants.RequestLink(r.Context(), in)
	if s.userError(r, err) {
		return s.selfHomeRefused(w, r, err, requestFields, map[string]string{"r-name": in.Name, "r-birth_date": in.BirthDate,
			"r-document_no": in.DocumentNo, "r-reference": in.Reference, "r-message": in.Message})
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, "/me", "link.requested")
}

// LinkRequestsPage lists the requests to be linked, or shows one.
type LinkRequestsPage struct {
	BasePage
	Requests []migrants.Request
	Request  migrants.Request
	Kept     map[string]string
}

func (s *Server) linkRequests(w http.ResponseWriter, r *http.Request) error {
	list, err := s.migrants.Requests(r.Context())
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "link_requests", LinkRequestsPage{BasePage: s.base(r, "link_requests.title"), Requests: list})
	return nil
}

func (s *Server) linkRequestPage(r *http.Request) (LinkRequestsPage, error) {
	id, err := pathID(r)
	if err != nil {
		return LinkRequestsPage{}, err
	}
	req, err := s.migrants.Request(r.Context(), id)
	return LinkRequestsPage{BasePage: s.base(r, "link_request.title"), Request: req}, err
}

func (s *Server) linkRequest(w http.ResponseWriter, r *http.Request) error {
	p, err := s.linkRequestPage(r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "link_request", p)
	return nil
}

// decideLinkRequest runs a decision on a request and returns to the list,
// or shows the request again with the messages.
func (s *Server) decideLinkRequest(w http.ResponseWriter, r *http.Request, flash string, fields Fields, decide func(id int64) error) error {
	if err := access.Require(r.Context(), access.LinkAccounts); err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	err = decide(id)
	if s.userError(r, err) {
		p, perr := s.linkRequestPage(r)
		if perr != nil {
			return perr
		}
		p.refuse(err, fields)
		p.Kept = map[string]string{"person": r.PostFormValue("person"), "reason": r.PostFormValue("reason")}
		s.render(w, r, http.StatusUnprocessableEntity, "link_request", p)
		return nil
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, "/link-requests", flash)
}

func (s *Server) confirmLinkRequest(w http.ResponseWriter, r *http.Request) error {
	return s.decideLinkRequest(w, r, "link_request.confirmed", Fields{"link.person": "person", "": "person"}, func(id int64) error {
		return s.migrants.ConfirmRequest(r.Context(), id, chosenID(r.PostFormValue("person")))
	})
}

func (s *Server) refuseLinkRequest(w http.ResponseWriter, r *http.Request) error {
	return s.decideLinkRequest(w, r, "link_request.refused", Fields{"link.reason": "reason", "": "reason"}, func(id int64) error {
		return s.migrants.RefuseRequest(r.Context(), id, r.PostFormValue("reason"))
	})
}

// accountFields ties the invitation form's inputs to the labels its errors name.
var accountFields = Fields{"users.email": "invite-email", "users.name": "invite-email", "users.language": "invite-lang", "": "invite-email"}

func (s *Server) inviteAccount(w http.ResponseWriter, r *http.Request) error {
	if err := access.Require(r.Context(), access.LinkAccounts); err != nil {
		return err
	}
	lang := i18n.Lang(r.PostFormValue("lang"))
	return s.personAction(w, r, "account.invited", accountFields, func(id int64) error {
		return s.migrants.Invite(r.Context(), id, r.PostFormValue("email"), lang)
	}, func(p *PersonPage) {
		p.Kept = map[string]string{"invite-email": r.PostFormValue("email"), "invite-lang": string(lang)}
	})
}

func (s *Server) unlinkAccount(w http.ResponseWriter, r *http.Request) error {
	if err := access.Require(r.Context(), access.LinkAccounts); err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.migrants.Unlink(r.Context(), id); err != nil {
		return err
	}
	return s.redirect(w, r, "/people/"+strconv.FormatInt(id, 10), "account.unlinked")
}
