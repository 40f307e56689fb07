package web

import (
	"errors"
	"net/http"

	"inteqra/internal/access"
	"inteqra/internal/auth"
)

// Migrants' own accounts on the public site: signing up, the link that
// confirms the address, a forgotten password, an invitation.
func (s *Server) accountRoutes(h func(string, handler)) {
	h("GET /account/signup", s.signUpForm)
	h("POST /account/signup", s.signUp)
	h("GET /account/confirm", s.confirmAddress)
	h("GET /account/reset", s.resetForm)
	h("POST /account/reset", s.requestReset)
	h("GET /account/reset/new", s.linkPasswordForm(auth.ResetPassword))
	h("POST /account/reset/new", s.linkPassword(auth.ResetPassword))
	h("GET /account/invite", s.linkPasswordForm(auth.AcceptInvite))
	h("POST /account/invite", s.linkPassword(auth.AcceptInvite))
}

// SignUpPage is the sign-up form, the reset request form, and the page
// that says an e-mail is on its way.
type SignUpPage struct {
	BasePage
	Email, Name string
	Sent        string // the catalogue key of what was sent, once it was
}

// MinPasswordLength is the shortest password the policy accepts, for the hint.
func (SignUpPage) MinPasswordLength() int { return auth.MinPasswordLength }

// signUpFields ties the sign-up form's inputs to the labels its errors name.
var signUpFields = Fields{"users.email": "email", "users.name": "name", "password.new": "new", "password.confirm": "confirm"}

// anonymousOnly sends a signed-in user home: the account pages are for
// visitors.
func (s *Server) anonymousOnly(w http.ResponseWriter, r *http.Request) bool {
	if p := access.From(r.Context()); p.SignedIn() {
		http.Redirect(w, r, s.homeFor(p), http.StatusSeeOther)
		return true
	}
	return false
}

func (s *Server) signUpForm(w http.ResponseWriter, r *http.Request) error {
	if s.anonymousOnly(w, r) {
		return nil
	}
	s.render(w, r, http.StatusOK, "account_signup", SignUpPage{BasePage: s.base(r, "signup.title")})
	return nil
}

func (s *Server) signUp(w http.ResponseWriter, r *http.Request) error {
	if s.anonymousOnly(w, r) {
		return nil
	}
	in := auth.SignUpInput{Email: r.PostFormValue("email"), Name: r.PostFormValue("name"),
		Password: r.PostFormValue("new"), Confirm: r.PostFormValue("confirm"), Language: langFrom(r.Context())}
	err := s.users.SignUp(r.Context(), in)
	p := SignUpPage{BasePage: s.base(r, "signup.title"), Email: in.Email, Name: in.Name}
	if s.userError(r, err) {
		p.refuse(err, signUpFields)
		s.render(w, r, http.StatusUnprocessableEntity, "account_signup", p)
		return nil
	}
	if err != nil {
		return err
	}
	p.Sent = "signup.sent"
	s.render(w, r, http.StatusOK, "account_signup", p)
	return nil
}

// confirmAddress follows the link of a sign-up e-mail.
func (s *Server) confirmAddress(w http.ResponseWriter, r *http.Request) error {
	err := s.users.ConfirmAddress(r.Context(), r.URL.Query().Get("token"))
	if s.userError(r, err) {
		return s.badLink(w, r)
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, "/login", "signup.confirmed")
}

// badLink answers a one-time link that is unknown, used or expired.
func (s *Server) badLink(w http.ResponseWriter, r *http.Request) error {
	s.render(w, r, http.StatusBadRequest, "account_link_bad", s.base(r, "account.link_bad_title"))
	return nil
}

func (s *Server) resetForm(w http.ResponseWriter, r *http.Request) error {
	s.render(w, r, http.StatusOK, "account_reset", SignUpPage{BasePage: s.base(r, "reset.title")})
	return nil
}

// requestReset e-mails a reset link, and says the same whether or not the
// address has an account.
func (s *Server) requestReset(w http.ResponseWriter, r *http.Request) error {
	if err := s.users.RequestReset(r.Context(), r.PostFormValue("email")); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "account_reset", SignUpPage{BasePage: s.base(r, "reset.title"), Sent: "reset.sent"})
	return nil
}

// LinkPasswordPage sets a password through a reset or invitation link.
type LinkPasswordPage struct {
	BasePage
	Token  string
	Action string
}

// MinPasswordLength is the shortest password the policy accepts, for the hint.
func (LinkPasswordPage) MinPasswordLength() int { return auth.MinPasswordLength }

var linkPasswordFields = Fields{"password.new": "new", "password.confirm": "confirm"}

func linkPage(purpose auth.Purpose) (title, action string) {
	if purpose == auth.AcceptInvite {
		return "invite.title", "/account/invite"
	}
	return "reset.new_title", "/account/reset/new"
}

func (s *Server) linkPasswordForm(purpose auth.Purpose) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		token := r.URL.Query().Get("token")
		err := s.users.CheckLink(r.Context(), token, purpose)
		if s.userError(r, err) {
			return s.badLink(w, r)
		}
		if err != nil {
			return err
		}
		title, action := linkPage(purpose)
		s.render(w, r, http.StatusOK, "account_set_password", LinkPasswordPage{BasePage: s.base(r, title), Token: token, Action: action})
		return nil
	}
}

func (s *Server) linkPassword(purpose auth.Purpose) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		token := r.PostFormValue("token")
		err := s.users.SetPasswordByLink(r.Context(), token, purpose, r.PostFormValue("new"), r.PostFormValue("confirm"))
		switch {
		case errors.Is(err, auth.ErrBadLink):
			return s.badLink(w, r)
		case s.userError(r, err):
			title, action := linkPage(purpose)
			p := LinkPasswordPage{BasePage: s.base(r, title), Token: token, Action: action}
			p.refuse(err, linkPasswordFields)
			s.render(w, r, http.StatusUnprocessableEntity, "account_set_password", p)
			return nil
		case err != nil:
			return err
		}
		// Every session of the account ended; this one was never signed in.
		return s.redirect(w, r, "/login", "reset.done")
	}
}
