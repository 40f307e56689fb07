package auth

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/audit"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/notify"
)

// Migrants' own accounts. A migrant signs up on the public site and
// confirms the address by a link, or is invited by staff (the invitation's
// link sets the password and links the account to the person). Links sent
// by e-mail work once and expire; only their hashes are kept. The link of
// an account to a person (account_links) is written here, but decided by
// the migrants package, which checks the proofs.

// Purpose is what a one-time link sent by e-mail does.
type Purpose string

// The purposes of one-time links, and how long each works.
const (
	ConfirmAddress Purpose = "confirm"
	ResetPassword  Purpose = "reset"
	AcceptInvite   Purpose = "invite"
)

var tokenLife = map[Purpose]time.Duration{
	ConfirmAddress: 48 * time.Hour,
	ResetPassword:  time.Hour,
	AcceptInvite:   14 * 24 * time.Hour,
}

// Links sent to one account within TokenWindow, past which no more are
// sent: asking again and again fills nobody's mailbox.
const (
	TokensPerWindow = 3
	TokenWindow     = time.Hour
)

// ErrBadLink is a link that is unknown, used or expired; which of them
// is not said.
var ErrBadLink = i18n.Errorf("account.error.link_invalid")

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// mailLink writes a new one-time link of purpose for u and e-mails it,
// as the event kind, in tx. Past TokensPerWindow links within TokenWindow
// it sends nothing.
func (s *Store) mailLink(ctx context.Context, tx *db.Tx, u User, purpose Purpose, kind, path string) error {
	now := s.now()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM account_tokens WHERE user_id = $1 AND purpose = $2 AND created_at > $3`,
		u.ID, purpose, now.Add(-TokenWindow)).Scan(&n); err != nil {
		return fmt.Errorf("auth: links of %d: %w", u.ID, err)
	}
	if n >= TokensPerWindow {
		return nil
	}
	token := randomToken(32)
	if _, err := tx.ExecContext(ctx, `INSERT INTO account_tokens (user_id, purpose, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
		u.ID, purpose, hashToken(token), now, now.Add(tokenLife[purpose])); err != nil {
		return fmt.Errorf("auth: link for %d: %w", u.ID, err)
	}
	if s.notify == nil {
		return nil
	}
	return s.notify.Raise(ctx, tx, notify.Event{Kind: kind, Link: path + "?token=" + token,
		Args: map[string]string{"Name": u.Name, "Hours": fmt.Sprint(int(tokenLife[purpose].Hours()))},
		To:   []Recipient{{Email: u.Email, Lang: u.Language}}})
}

// Recipient is notify's, named here for the links' e-mails.
type Recipient = notify.Recipient

// takeLink uses a one-time link of purpose: it marks it used, if it is
// known, unused and unexpired, by a conditional update, so that two
// requests with one link cannot both use it, and returns its account.
func (s *Store) takeLink(ctx context.Context, tx *db.Tx, token string, purpose Purpose) (User, error) {
	now := s.now()
	var id int64
	err := tx.QueryRowContext(ctx, `UPDATE account_tokens SET used_at = $1
		WHERE token_hash = $2 AND purpose = $3 AND used_at IS NULL AND expires_at > $1 RETURNING user_id`,
		now, hashToken(token), purpose).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, ErrBadLink
	}
	if err != nil {
		return User{}, fmt.Errorf("auth: link: %w", err)
	}
	u, err := scanUser(tx.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1`, id))
	if err != nil {
		return User{}, fmt.Errorf("auth: link's user %d: %w", id, err)
	}
	if !u.Active {
		return User{}, ErrBadLink
	}
	return u, nil
}

// CheckLink reports whether a link of purpose would work, without using
// it, so that its form is shown only for a link that works.
func (s *Store) CheckLink(ctx context.Context, token string, purpose Purpose) error {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM account_tokens t JOIN users u ON u.id = t.user_id
		WHERE t.token_hash = $1 AND t.purpose = $2 AND t.used_at IS NULL AND t.expires_at > $3 AND u.active = $4`,
		hashToken(token), purpose, s.now(), true).Scan(&n)
	if err != nil {
		return fmt.Errorf("auth: check link: %w", err)
	}
	if n == 0 {
		return ErrBadLink
	}
	return nil
}

// SignUpInput is what the public sign-up form gives.
type SignUpInput struct {
	Email, Name, Password, Confirm string
	Language                       i18n.Lang
}

// SignUp makes a migrant's account and e-mails the link that confirms its
// address. An address that already has an account gets an e-mail saying
// so (with the way to reset the password) and the caller the same answer,
// so the form does not reveal who has an account.
func (s *Store) SignUp(ctx context.Context, in SignUpInput) error {
	if access.From(ctx).SignedIn() {
		return access.ErrForbidden
	}
	user := UserInput{Email: in.Email, Name: in.Name, Role: access.Migrant, Active: true, Language: in.Language}
	err := user.Validate()
	switch {
	case in.Password == "":
		err = errors.Join(err, i18n.Errorf("auth.error.password_required", "Field", i18n.Key("password.new")))
	case in.Password != in.Confirm:
		err = errors.Join(err, i18n.Errorf("auth.error.password_mismatch", "Field", i18n.Key("password.confirm")))
	default:
		err = errors.Join(err, ValidatePassword(in.Password, user.Email, user.Name))
	}
	if err != nil {
		return err
	}
	hash, err := HashPassword(in.Password)
	if err != nil {
		return err
	}
	return s.db.Transact(ctx, func(tx *db.Tx) error {
		old, err := s.userByEmail(ctx, tx, user.Email)
		switch {
		case err == nil:
			if s.notify == nil || !old.Active {
				return nil
			}
			return s.notify.Raise(ctx, tx, notify.Event{Kind: "account.exists", Link: "/account/reset",
				Args: map[string]string{"Name": old.Name}, To: []Recipient{{Email: old.Email, Lang: user.Language}}})
		case !errors.Is(err, db.ErrNotFound):
			return fmt.Errorf("auth: sign up: %w", err)
		}
		u, err := s.insertUser(ctx, tx, user, hash, false, nil)
		if err != nil {
			return err
		}
		if err := audit.RecordAs(ctx, tx, u.ID, u.Email, "user.sign_up", "user", fmt.Sprint(u.ID), "email", "name", "language", "password"); err != nil {
			return err
		}
		return s.mailLink(ctx, tx, u, ConfirmAddress, "account.confirm", "/account/confirm")
	})
}

// ResendConfirmation e-mails a new link to an account whose address is
// not yet confirmed (within the links' limit); Authenticate's caller uses
// it when such an account signs in.
func (s *Store) ResendConfirmation(ctx context.Context, u User) error {
	if u.Confirmed {
		return nil
	}
	return s.db.Transact(ctx, func(tx *db.Tx) error {
		return s.mailLink(ctx, tx, u, ConfirmAddress, "account.confirm", "/account/confirm")
	})
}

// ConfirmAddress confirms the address of the account the link was sent
// to, once.
func (s *Store) ConfirmAddress(ctx context.Context, token string) error {
	return s.db.Transact(ctx, func(tx *db.Tx) error {
		u, err := s.takeLink(ctx, tx, token, ConfirmAddress)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET email_confirmed_at = $1, updated_at = $1 WHERE id = $2 AND email_confirmed_at IS NULL`,
			s.now(), u.ID); err != nil {
			return fmt.Errorf("auth: confirm %d: %w", u.ID, err)
		}
		return audit.RecordAs(ctx, tx, u.ID, u.Email, "user.confirm_email", "user", fmt.Sprint(u.ID), "email")
	})
}

// RequestReset e-mails a link that sets a new password to the active
// account with the address email, if there is one; the caller says the
// same either way.
func (s *Store) RequestReset(ctx context.Context, email string) error {
	if len(email) > 254 {
		return nil
	}
	return s.db.Transact(ctx, func(tx *db.Tx) error {
		u, err := s.userByEmail(ctx, tx, email)
		if errors.Is(err, db.ErrNotFound) || err == nil && !u.Active {
			return nil
		}
		if err != nil {
			return fmt.Errorf("auth: reset: %w", err)
		}
		return s.mailLink(ctx, tx, u, ResetPassword, "password.reset", "/account/reset/new")
	})
}

// SetPasswordByLink sets a new password through a reset link or an
// invitation's link, once: the password passes the policy, the address
// counts as confirmed (the link came to it), and every session of the
// account ends. A reset tells the user their password changed.
func (s *Store) SetPasswordByLink(ctx context.Context, token string, purpose Purpose, next, confirm string) error {
	if purpose != ResetPassword && purpose != AcceptInvite {
		return ErrBadLink
	}
	if next != confirm {
		return i18n.Errorf("auth.error.password_mismatch", "Field", i18n.Key("password.confirm"))
	}
	return s.db.Transact(ctx, func(tx *db.Tx) error {
		u, err := s.takeLink(ctx, tx, token, purpose)
		if err != nil {
			return err
		}
		if err := ValidatePassword(next, u.Email, u.Name); err != nil {
			return err
		}
		hash, err := HashPassword(next)
		if err != nil {
			return err
		}
		now := s.now()
		if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = $1, must_change_password = $2, updated_at = $3,
			session_epoch = session_epoch + 1, email_confirmed_at = COALESCE(email_confirmed_at, $3) WHERE id = $4`,
			hash, false, now, u.ID); err != nil {
			return fmt.Errorf("auth: set password %d: %w", u.ID, err)
		}
		action := "user.reset_password_link"
		if purpose == AcceptInvite {
			action = "user.accept_invitation"
		}
		if err := audit.RecordAs(ctx, tx, u.ID, u.Email, action, "user", fmt.Sprint(u.ID), "password", "sessions"); err != nil {
			return err
		}
		if purpose == AcceptInvite {
			return nil
		}
		return s.tellPasswordChanged(ctx, tx, u.ID)
	})
}

// Link ties a migrant's account to a person of the registry, in the
// caller's transaction; how says by what (an invitation, a proof, a
// request confirmed by staff). The caller has decided that it may, and
// audits it.
func Link(ctx context.Context, tx *db.Tx, userID, personID int64, how string) error {
	var role access.Role
	err := tx.QueryRowContext(ctx, `SELECT role FROM users WHERE id = $1`, userID).Scan(&role)
	if errors.Is(err, sql.ErrNoRows) {
		return db.ErrNotFound
	}
	if err != nil {
		return fmt.Errorf("auth: link %d: %w", userID, err)
	}
	if role != access.Migrant {
		return access.ErrForbidden
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO account_links (user_id, person_id, how, linked_by, linked_at) VALUES ($1, $2, $3, $4, $5)`,
		userID, personID, how, db.NullID(access.From(ctx).UserID), db.Now())
	if db.IsUniqueViolation(err) {
		return i18n.Errorf("link.error.taken")
	}
	if err != nil {
		return fmt.Errorf("auth: link %d to %d: %w", userID, personID, err)
	}
	return nil
}

// Unlink removes an account's link to its person, in the caller's
// transaction; it reports whether there was one.
func Unlink(ctx context.Context, tx *db.Tx, userID int64) (bool, error) {
	res, err := tx.ExecContext(ctx, `DELETE FROM account_links WHERE user_id = $1`, userID)
	if err != nil {
		return false, fmt.Errorf("auth: unlink %d: %w", userID, err)
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// LinkedAccount is the account linked to a person, for the staff's person page.
type LinkedAccount struct {
	UserID   int64
	Email    string
	How      string
	LinkedAt time.Time
}

// AccountOf returns the account linked to personID, or db.ErrNotFound.
func AccountOf(ctx context.Context, q db.Querier, personID int64) (LinkedAccount, error) {
	var a LinkedAccount
	err := q.QueryRowContext(ctx, `SELECT u.id, u.email, l.how, l.linked_at FROM account_links l JOIN users u ON u.id = l.user_id
		WHERE l.person_id = $1`, personID).Scan(&a.UserID, &a.Email, &a.How, &a.LinkedAt)
	return a, db.NotFound(err)
}

// AccountUser returns the user id of the account linked to personID, 0
// when none is: the features tell a person in their area through it.
func AccountUser(ctx context.Context, q db.Querier, personID int64) (int64, error) {
	a, err := AccountOf(ctx, q, personID)
	if errors.Is(err, db.ErrNotFound) {
		return 0, nil
	}
	return a.UserID, err
}

// MovePerson moves the link of a person merged into another to the
// survivor, unless the survivor has an account of its own: then the
// merged person's account keeps no link, and is linked again by staff.
func MovePerson(ctx context.Context, tx *db.Tx, from, to int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE account_links SET person_id = $1 WHERE person_id = $2
		AND NOT EXISTS (SELECT 1 FROM account_links WHERE person_id = $1)`, to, from)
	if err == nil {
		_, err = tx.ExecContext(ctx, `DELETE FROM account_links WHERE person_id = $1`, from)
	}
	if err != nil {
		return fmt.Errorf("auth: move link %d to %d: %w", from, to, err)
	}
	return nil
}

// ErasePerson removes the link of an erased person: the account stays,
// seeing nothing.
func ErasePerson(ctx context.Context, tx *db.Tx, personID int64) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM account_links WHERE person_id = $1`, personID); err != nil {
		return fmt.Errorf("auth: erase link of %d: %w", personID, err)
	}
	return nil
}

// Invite makes a migrant's account for a person, linked to them from the
// start, and e-mails the link that sets its password; in the caller's
// transaction, which audits the invitation.
func (s *Store) Invite(ctx context.Context, tx *db.Tx, email, name string, lang i18n.Lang, personID int64) (int64, error) {
	in := UserInput{Email: email, Name: name, Role: access.Migrant, Active: true, Language: lang}
	if err := in.Validate(); err != nil {
		return 0, err
	}
	hash, err := HashPassword(TemporaryPassword()) // never told: the link sets the password
	if err != nil {
		return 0, err
	}
	u, err := s.insertUser(ctx, tx, in, hash, false, nil)
	if err != nil {
		return 0, err
	}
	if err := Link(ctx, tx, u.ID, personID, "invitation"); err != nil {
		return 0, err
	}
	return u.ID, s.mailLink(ctx, tx, u, AcceptInvite, "account.invite", "/account/invite")
}
