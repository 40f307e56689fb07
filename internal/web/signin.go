package web

import (
	"errors"
	"net/http"

	"inteqra/internal/access"
	"inteqra/internal/auth"
	"inteqra/internal/db"
	"inteqra/internal/request"
)

// LoginPage is the sign-in form.
type LoginPage struct {
	BasePage
	Email string
	Next  string
}

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) error {
	if access.From(r.Context()).SignedIn() {
		http.Redirect(w, r, s.homeFor(access.From(r.Context())), http.StatusSeeOther)
		return nil
	}
	p := LoginPage{BasePage: s.base(r, "login.title"), Next: localPath(r.URL.Query().Get("next"), "")}
	s.render(w, r, http.StatusOK, "login", p)
	return nil
}

// signInFields points every refusal of a sign-in at the e-mail: which of
// the two was wrong is not said, so the first field is the one to fix.
var signInFields = Fields{"": "email"}

// codeFields points a refused second factor at the code, its one input.
var codeFields = Fields{"": "code"}

func (s *Server) login(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	email, next := r.PostFormValue("email"), localPath(r.PostFormValue("next"), "")
	u, err := s.users.Authenticate(ctx, email, r.PostFormValue("password"), request.ClientAddr(r))
	if s.userError(r, err) {
		p := LoginPage{BasePage: s.base(r, "login.title"), Email: email, Next: next}
		p.refuse(err, signInFields)
		s.render(w, r, http.StatusUnauthorized, "login", p)
		return nil
	}
	if err != nil {
		return err
	}
	// A new token on every change of privilege stops session fixation.
	if err := s.session.RenewToken(ctx); err != nil {
		return err
	}
	if u.TOTPEnabled {
		s.session.Put(ctx, "pending_user_id", u.ID)
		s.session.Put(ctx, "pending_next", next)
		return s.redirect(w, r, "/login/mfa", "")
	}
	return s.signIn(w, r, u, next)
}

func (s *Server) signIn(w http.ResponseWriter, r *http.Request, u auth.User, next string) error {
	ctx := r.Context()
	s.session.Remove(ctx, "pending_user_id")
	s.session.Remove(ctx, "pending_next")
	s.session.Put(ctx, "user_id", u.ID)
	s.session.Put(ctx, sessionEpochKey, u.SessionEpoch)
	return s.redirect(w, r, localPath(next, s.homeFor(u.Principal())), "")
}

// sessionEpochKey holds, in a signed-in session, the account's session epoch
// at sign-in; withPrincipal ends the session once the account's epoch has
// moved on (its password was changed elsewhere or reset).
const sessionEpochKey = "epoch"

// homeFor is where a user lands after signing in.
func (s *Server) homeFor(p access.Principal) string {
	if p.Can(access.StaffArea) {
		return "/staff"
	}
	return "/me"
}

func (s *Server) pendingUser(r *http.Request) (auth.User, error) {
	id := s.session.GetInt64(r.Context(), "pending_user_id")
	if id == 0 {
		return auth.User{}, access.ErrUnauthenticated
	}
	u, err := s.users.UserByID(r.Context(), id)
	if errors.Is(err, db.ErrNotFound) {
		return u, access.ErrUnauthenticated
	}
	return u, err
}

func (s *Server) loginMFAForm(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.pendingUser(r); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "login_mfa", struct{ BasePage }{s.base(r, "login.mfa_title")})
	return nil
}

func (s *Server) loginMFA(w http.ResponseWriter, r *http.Request) error {
	u, err := s.pendingUser(r)
	if err != nil {
		return err
	}
	err = s.users.CheckSecondFactor(r.Context(), u, r.PostFormValue("code"), request.ClientAddr(r))
	if s.userError(r, err) {
		p := struct{ BasePage }{s.base(r, "login.mfa_title")}
		p.refuse(err, codeFields)
		s.render(w, r, http.StatusUnauthorized, "login_mfa", p)
		return nil
	}
	if err != nil {
		return err
	}
	if err := s.session.RenewToken(r.Context()); err != nil {
		return err
	}
	return s.signIn(w, r, u, s.session.GetString(r.Context(), "pending_next"))
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	if access.From(ctx).SignedIn() {
		if err := s.users.Logout(ctx); err != nil {
			return err
		}
	}
	if err := s.session.Destroy(ctx); err != nil {
		return err
	}
	http.Redirect(w, r, "/", http.StatusSeeOther)
	return nil
}
