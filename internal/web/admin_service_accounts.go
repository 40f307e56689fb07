package web

import (
	"fmt"
	"net/http"

	"inteqra/internal/access"
	"inteqra/internal/auth"
	"inteqra/internal/db"
	"inteqra/internal/orgs"
)

// Service accounts: the accounts partner systems act as through the API,
// each with the tokens an admin makes for it.
func (s *Server) serviceAccountRoutes(h func(string, handler)) {
	h("GET /admin/service-accounts", s.serviceAccountList)
	h("GET /admin/service-accounts/new", s.serviceAccountNew)
	h("POST /admin/service-accounts", s.serviceAccountCreate)
	h("GET /admin/service-accounts/{id}", s.serviceAccountShow)
	h("POST /admin/service-accounts/{id}/tokens", s.serviceTokenCreate)
	h("POST /admin/service-accounts/{id}/tokens/{tid}/revoke", s.serviceTokenRevoke)
}

// ServiceAccountsPage lists the service accounts.
type ServiceAccountsPage struct {
	BasePage
	Accounts []auth.User
	Orgs     map[int64]string
}

// ServiceAccountFormPage is the form of a new service account.
type ServiceAccountFormPage struct {
	BasePage
	Input         auth.ServiceAccountInput
	Roles         []access.Role
	Organisations []orgs.Organisation
}

func (s *Server) serviceAccountList(w http.ResponseWriter, r *http.Request) error {
	list, err := s.users.ServiceAccounts(r.Context())
	if err != nil {
		return err
	}
	_, names, err := s.orgNames(r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "service_accounts", ServiceAccountsPage{BasePage: s.base(r, "service_accounts.title"), Accounts: list, Orgs: names})
	return nil
}

func (s *Server) serviceAccountForm(w http.ResponseWriter, r *http.Request, status int, in auth.ServiceAccountInput, err error) error {
	list, _, lerr := s.orgNames(r)
	if lerr != nil {
		return lerr
	}
	p := ServiceAccountFormPage{BasePage: s.base(r, "service_accounts.new_title"), Input: in, Roles: auth.ServiceRoles, Organisations: list}
	if err != nil {
		p.refuse(err, userFields)
	}
	s.render(w, r, status, "service_account_form", p)
	return nil
}

func (s *Server) serviceAccountNew(w http.ResponseWriter, r *http.Request) error {
	if err := access.Require(r.Context(), access.ManageUsers); err != nil {
		return err
	}
	return s.serviceAccountForm(w, r, http.StatusOK, auth.ServiceAccountInput{Role: access.PartnerOfficer}, nil)
}

func (s *Server) serviceAccountCreate(w http.ResponseWriter, r *http.Request) error {
	in := auth.ServiceAccountInput{Name: r.PostFormValue("name"), Role: access.Role(r.PostFormValue("role")),
		OrganisationID: chosenID(r.PostFormValue("organisation"))}
	u, err := s.users.CreateServiceAccount(r.Context(), in)
	if s.userError(r, err) {
		return s.serviceAccountForm(w, r, http.StatusUnprocessableEntity, in, err)
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, fmt.Sprintf("/admin/service-accounts/%d", u.ID), "service_accounts.created")
}

// serviceTokens is the frame of a service account's page: the account,
// its organisation, and where its token form posts.
func (s *Server) serviceTokens(r *http.Request) (TokensPage, error) {
	id, err := pathID(r)
	if err != nil {
		return TokensPage{}, err
	}
	if err := access.Require(r.Context(), access.ManageUsers); err != nil {
		return TokensPage{}, err
	}
	u, err := s.users.User(r.Context(), id)
	if err != nil {
		return TokensPage{}, err
	}
	if !u.Service {
		return TokensPage{}, db.ErrNotFound
	}
	_, names, err := s.orgNames(r)
	if err != nil {
		return TokensPage{}, err
	}
	return TokensPage{BasePage: s.base(r, "service_accounts.account_title"), Account: u, OrgName: names[u.OrganisationID],
		Action: fmt.Sprintf("/admin/service-accounts/%d/tokens", u.ID)}, nil
}

func (s *Server) serviceAccountShow(w http.ResponseWriter, r *http.Request) error {
	frame, err := s.serviceTokens(r)
	if err != nil {
		return err
	}
	p, err := s.tokensPage(r, frame, auth.TokenInput{})
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "service_account", p)
	return nil
}

// serviceTokenCreate shows the new token's secret once, as tokenCreate does.
func (s *Server) serviceTokenCreate(w http.ResponseWriter, r *http.Request) error {
	frame, err := s.serviceTokens(r)
	if err != nil {
		return err
	}
	in := tokenInput(r)
	_, secret, err := s.users.CreateServiceToken(r.Context(), frame.Account.ID, in)
	return s.tokenMade(w, r, frame, "service_account", in, secret, err)
}

func (s *Server) serviceTokenRevoke(w http.ResponseWriter, r *http.Request) error {
	frame, err := s.serviceTokens(r)
	if err != nil {
		return err
	}
	tid, err := pathInt(r, "tid")
	if err != nil {
		return err
	}
	if err := s.users.RevokeToken(r.Context(), tid); err != nil {
		return err
	}
	return s.redirect(w, r, fmt.Sprintf("/admin/service-accounts/%d", frame.Account.ID), "tokens.revoked")
}
