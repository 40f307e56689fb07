package web

import (
	"net/http"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/auth"
	"inteqra/internal/migrants"
	"inteqra/internal/training"
)

// AccountPage shows the signed-in user's own account.
type AccountPage struct {
	BasePage
	User auth.User
}

// MinPasswordLength is the shortest password the policy accepts, for the hint.
func (AccountPage) MinPasswordLength() int { return auth.MinPasswordLength }

func (s *Server) currentUser(r *http.Request) (auth.User, error) {
	p := access.From(r.Context())
	if !p.SignedIn() {
		return auth.User{}, access.ErrUnauthenticated
	}
	return s.users.User(r.Context(), p.UserID)
}

func (s *Server) account(w http.ResponseWriter, r *http.Request) error {
	u, err := s.currentUser(r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "account", AccountPage{BasePage: s.base(r, "account.title"), User: u})
	return nil
}

func (s *Server) passwordForm(w http.ResponseWriter, r *http.Request) error {
	u, err := s.currentUser(r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "password", AccountPage{BasePage: s.base(r, "password.title"), User: u})
	return nil
}

// passwordFields ties the password form's inputs to the labels its errors
// name. The passwords are never sent back: each is typed again.
var passwordFields = Fields{"password.current": "current", "password.new": "new", "password.confirm": "confirm"}

func (s *Server) changePassword(w http.ResponseWriter, r *http.Request) error {
	u, err := s.currentUser(r)
	if err != nil {
		return err
	}
	epoch, err := s.users.ChangePassword(r.Context(), r.PostFormValue("current"), r.PostFormValue("new"), r.PostFormValue("confirm"))
	if s.userError(r, err) {
		p := AccountPage{BasePage: s.base(r, "password.title"), User: u}
		p.refuse(err, passwordFields)
		s.render(w, r, http.StatusUnprocessableEntity, "password", p)
		return nil
	}
	if err != nil {
		return err
	}
	// The change ended every session signed in under the old epoch; this
	// one moves to the new epoch and, with a new token, stays signed in.
	if err := s.session.RenewToken(r.Context()); err != nil {
		return err
	}
	s.session.Put(r.Context(), sessionEpochKey, epoch)
	return s.redirect(w, r, "/account", "password.changed")
}

// MFAPage offers a TOTP enrolment, or shows the recovery codes once after it.
type MFAPage struct {
	BasePage
	User          auth.User
	Enrolment     auth.Enrolment
	RecoveryCodes []string
}

// mfaForm shows a new secret and its QR code. The secret waits in the
// session, sealed (auth.Store.SealPending), until a code from the app
// confirms it: the session is kept in the database, which must never hold
// a second factor in plain text.
func (s *Server) mfaForm(w http.ResponseWriter, r *http.Request) error {
	u, err := s.currentUser(r)
	if err != nil {
		return err
	}
	e, err := auth.NewEnrolment(u)
	if err != nil {
		return err
	}
	if err := s.offerSecret(r, u.ID, e.Secret); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "mfa", MFAPage{BasePage: s.base(r, "mfa.title"), User: u, Enrolment: e})
	return nil
}

// pendingSecretKey is the session key of the sealed secret on offer.
const pendingSecretKey = "totp_pending"

func (s *Server) offerSecret(r *http.Request, userID int64, secret string) error {
	sealed, err := s.users.SealPending(userID, secret)
	if err != nil {
		return err
	}
	s.session.Put(r.Context(), pendingSecretKey, sealed)
	s.session.Remove(r.Context(), "totp_secret") // the plain secret earlier versions kept
	return nil
}

func (s *Server) mfaConfirm(w http.ResponseWriter, r *http.Request) error {
	u, err := s.currentUser(r)
	if err != nil {
		return err
	}
	// No secret on offer (or one that does not open): the code cannot match,
	// and the page offers a new secret.
	secret, _ := s.users.OpenPending(u.ID, s.session.GetString(r.Context(), pendingSecretKey))
	codes, err := s.users.ConfirmEnrolment(r.Context(), u.ID, secret, r.PostFormValue("code"))
	if s.userError(r, err) {
		// Show the same secret again so the user can retry with the app they set up.
		e, qerr := auth.EnrolmentFor(u, secret)
		if qerr != nil {
			return qerr
		}
		if e.Secret != secret {
			if err := s.offerSecret(r, u.ID, e.Secret); err != nil {
				return err
			}
		}
		p := MFAPage{BasePage: s.base(r, "mfa.title"), User: u, Enrolment: e}
		p.refuse(err, codeFields)
		s.render(w, r, http.StatusUnprocessableEntity, "mfa", p)
		return nil
	}
	if err != nil {
		return err
	}
	s.session.Remove(r.Context(), pendingSecretKey)
	u.TOTPEnabled = true
	p := MFAPage{BasePage: s.base(r, "mfa.codes_title"), User: u, RecoveryCodes: codes}
	s.render(w, r, http.StatusOK, "mfa_codes", p)
	return nil
}

// staffHome is the back office's landing page.
func (s *Server) staffHome(w http.ResponseWriter, r *http.Request) error {
	if err := access.Require(r.Context(), access.StaffArea); err != nil {
		return err
	}
	u, err := s.currentUser(r)
	if err != nil {
		return err
	}
	p := StaffHomePage{AccountPage: AccountPage{BasePage: s.base(r, "staff.title"), User: u}}
	if p.Work, err = s.workList(r, p.Printer); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "staff_home", p)
	return nil
}

// SelfPage is the migrant's own area: until their account is linked to
// their person, the ways to link it; then their applications, courses and
// certificates.
type SelfPage struct {
	BasePage
	User       auth.User
	Request    migrants.Request // their latest request to be linked
	HasRequest bool
	Mine       training.Mine
	Kept       map[string]string // a refused form's values, by its input's id
}

// Waiting reports whether the migrant's request to be linked waits for staff.
func (p SelfPage) Waiting() bool { return p.HasRequest && p.Request.State == migrants.Open }

func (s *Server) selfPage(r *http.Request) (SelfPage, error) {
	ctx := r.Context()
	if err := access.Require(ctx, access.SelfService); err != nil {
		return SelfPage{}, err
	}
	u, err := s.currentUser(r)
	if err != nil {
		return SelfPage{}, err
	}
	p := SelfPage{BasePage: s.base(r, "self.title"), User: u}
	if u.PersonID == 0 {
		p.Request, p.HasRequest, err = s.migrants.MyRequest(ctx)
		return p, err
	}
	p.Mine, err = s.training.Mine(ctx, time.Now())
	return p, err
}

// selfHome is the migrant's own area.
func (s *Server) selfHome(w http.ResponseWriter, r *http.Request) error {
	p, err := s.selfPage(r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "self_home", p)
	return nil
}

// selfHomeRefused shows the area again with a refused form's messages and
// values.
func (s *Server) selfHomeRefused(w http.ResponseWriter, r *http.Request, err error, fields Fields, kept map[string]string) error {
	p, perr := s.selfPage(r)
	if perr != nil {
		return perr
	}
	p.refuse(err, fields)
	p.Kept = kept
	s.render(w, r, http.StatusUnprocessableEntity, "self_home", p)
	return nil
}
