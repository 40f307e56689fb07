package web

import (
	"net/http"
	"strconv"

	"inteqra/internal/access"
	"inteqra/internal/auth"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/orgs"
)

// UsersPage lists the accounts.
type UsersPage struct {
	BasePage
	Users []auth.User
	Orgs  map[int64]string
}

// UserFormPage creates or edits an account.
type UserFormPage struct {
	BasePage
	ID            int64 // 0 for a new user
	Input         auth.UserInput
	Roles         []access.Role
	Organisations []orgs.Organisation
	TOTPEnabled   bool
	// NewPassword is shown once, after a create or a reset.
	NewPassword string
}

// pathID reads the id in the path; anything but a positive number is not found.
func pathID(r *http.Request) (int64, error) { return pathInt(r, "id") }

// pathInt reads the positive number the path names name.
func pathInt(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, db.ErrNotFound
	}
	return id, nil
}

func (s *Server) orgNames(r *http.Request) ([]orgs.Organisation, map[int64]string, error) {
	list, err := s.orgs.Organisations(r.Context())
	if err != nil {
		return nil, nil, err
	}
	names := make(map[int64]string, len(list))
	for _, o := range list {
		names[o.ID] = o.Name
	}
	return list, names, nil
}

func (s *Server) userList(w http.ResponseWriter, r *http.Request) error {
	users, err := s.users.Users(r.Context())
	if err != nil {
		return err
	}
	_, names, err := s.orgNames(r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "users", UsersPage{BasePage: s.base(r, "users.title"), Users: users, Orgs: names})
	return nil
}

func (s *Server) userFormPage(r *http.Request, title string, id int64, in auth.UserInput) (UserFormPage, error) {
	list, _, err := s.orgNames(r)
	if err != nil {
		return UserFormPage{}, err
	}
	return UserFormPage{BasePage: s.base(r, title), ID: id, Input: in, Roles: access.Roles, Organisations: list}, nil
}

func (s *Server) userNew(w http.ResponseWriter, r *http.Request) error {
	if err := access.Require(r.Context(), access.ManageUsers); err != nil {
		return err
	}
	p, err := s.userFormPage(r, "users.new_title", 0, auth.UserInput{Active: true, Role: access.Consultant, Language: i18n.AZ})
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "user_form", p)
	return nil
}

func userInput(r *http.Request) auth.UserInput {
	org := chosenID(r.PostFormValue("organisation"))
	return auth.UserInput{
		Email:          r.PostFormValue("email"),
		Name:           r.PostFormValue("name"),
		Role:           access.Role(r.PostFormValue("role")),
		OrganisationID: org,
		Active:         r.PostFormValue("active") == "on",
		Language:       i18n.Lang(r.PostFormValue("language")),
	}
}

// userFields ties the user form's inputs to the labels its errors name.
var userFields = Fields{
	"users.name": "name", "users.email": "email", "users.role": "role",
	"users.organisation": "organisation", "users.language": "language",
}

// userCreate makes the account with a one-time password that the admin passes
// on and the user must change at the first sign-in.
func (s *Server) userCreate(w http.ResponseWriter, r *http.Request) error {
	in := userInput(r)
	u, password, err := s.users.CreateUserGenerated(r.Context(), in, true)
	if s.userError(r, err) {
		p, ferr := s.userFormPage(r, "users.new_title", 0, in)
		if ferr != nil {
			return ferr
		}
		p.refuse(err, userFields)
		s.render(w, r, http.StatusUnprocessableEntity, "user_form", p)
		return nil
	}
	if err != nil {
		return err
	}
	p, err := s.userFormPage(r, "users.edit_title", u.ID, inputOf(u))
	if err != nil {
		return err
	}
	p.NewPassword = password
	p.Flash = p.T("users.created")
	s.render(w, r, http.StatusCreated, "user_form", p)
	return nil
}

func inputOf(u auth.User) auth.UserInput {
	return auth.UserInput{Email: u.Email, Name: u.Name, Role: u.Role, OrganisationID: u.OrganisationID, Active: u.Active, Language: u.Language}
}

func (s *Server) userEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := access.Require(r.Context(), access.ManageUsers); err != nil {
		return err
	}
	u, err := s.users.User(r.Context(), id)
	if err != nil {
		return err
	}
	p, err := s.userFormPage(r, "users.edit_title", id, inputOf(u))
	if err != nil {
		return err
	}
	p.TOTPEnabled = u.TOTPEnabled
	s.render(w, r, http.StatusOK, "user_form", p)
	return nil
}

func (s *Server) userUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	in := userInput(r)
	err = s.users.UpdateUser(r.Context(), id, in)
	if s.userError(r, err) {
		p, ferr := s.userFormPage(r, "users.edit_title", id, in)
		if ferr != nil {
			return ferr
		}
		p.refuse(err, userFields)
		s.render(w, r, http.StatusUnprocessableEntity, "user_form", p)
		return nil
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, "/admin/users", "users.saved")
}

func (s *Server) userReset(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	password, err := s.users.ResetPassword(r.Context(), id, r.PostFormValue("reset_mfa") == "on")
	if err != nil {
		return err
	}
	u, err := s.users.User(r.Context(), id)
	if err != nil {
		return err
	}
	p, err := s.userFormPage(r, "users.edit_title", id, inputOf(u))
	if err != nil {
		return err
	}
	p.TOTPEnabled = u.TOTPEnabled
	p.NewPassword = password
	p.Flash = p.T("users.password_reset")
	s.render(w, r, http.StatusOK, "user_form", p)
	return nil
}
