// Package auth keeps the staff and migrant accounts: users, passwords,
// sign-in with throttling, TOTP second factor with recovery codes, and the
// database-backed session store.
package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/audit"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/notify"
	"inteqra/internal/orgs"
	"inteqra/internal/textcheck"
)

// User is an account.
type User struct {
	ID                 int64
	Email              string
	Name               string
	Role               access.Role
	OrganisationID     int64 // 0 when none
	Active             bool
	Language           i18n.Lang
	TOTPEnabled        bool
	MustChangePassword bool
	CreatedAt          time.Time
	UpdatedAt          time.Time
	// SessionEpoch moves when the user changes their password; the web layer
	// keeps it in the session and ends a session signed in under another one.
	SessionEpoch int64
	// Confirmed is set once the address is confirmed: staff accounts from
	// the start, a migrant's by the link of their first e-mail.
	Confirmed bool
	// PersonID is the registry's person a migrant's account is linked to
	// (accounts.go), 0 until it is.
	PersonID int64
	// Service marks the account of a partner system, which acts only
	// through API tokens and never signs in with a password.
	Service bool

	passwordHash string
	totpSecret   string // sealed; see secrets.go
}

// Principal returns the user as the acting principal.
func (u User) Principal() access.Principal {
	return access.Principal{UserID: u.ID, Email: u.Email, Name: u.Name, Role: u.Role, OrgID: u.OrganisationID, PersonID: u.PersonID}
}

// NeedsMFAEnrolment reports whether the user must enrol TOTP before doing anything else.
func (u User) NeedsMFAEnrolment() bool { return u.Role.RequiresMFA() && !u.TOTPEnabled }

// Store reads and writes users.
type Store struct {
	db     *db.DB
	sealer *Sealer // seals TOTP secrets; see secrets.go
	// now is the clock; tests move it forward to check throttling.
	now func() time.Time
	// onAccountThrottled is told when an account is slowed from every
	// address at once; see OnAccountThrottled.
	onAccountThrottled func()
	notify             *notify.Store // tells users of changes to their accounts; nil tells nobody
}

// NewStore returns a Store on d. secretKey (32 bytes, kept outside the
// database: app.Keys.Secret) seals the users' TOTP secrets at rest.
func NewStore(d *db.DB, secretKey []byte) (*Store, error) {
	sealer, err := NewSealer(secretKey)
	if err != nil {
		return nil, err
	}
	return &Store{db: d, sealer: sealer, now: db.Now, onAccountThrottled: func() {}}, nil
}

const userColumns = `id, email, name, password_hash, role, organisation_id, active, language,
	totp_secret, totp_enabled, must_change_password, created_at, updated_at, session_epoch,
	email_confirmed_at IS NOT NULL, COALESCE((SELECT l.person_id FROM account_links l WHERE l.user_id = users.id), 0), service`

func scanUser(row db.Scanner) (User, error) {
	var u User
	var org sql.NullInt64
	err := row.Scan(&u.ID, &u.Email, &u.Name, &u.passwordHash, &u.Role, &org, &u.Active, &u.Language,
		&u.totpSecret, &u.TOTPEnabled, &u.MustChangePassword, &u.CreatedAt, &u.UpdatedAt, &u.SessionEpoch,
		&u.Confirmed, &u.PersonID, &u.Service)
	if errors.Is(err, sql.ErrNoRows) {
		err = db.ErrNotFound
	}
	u.OrganisationID = org.Int64
	return u, err
}

// UserByID returns the user with id without a permission check: the session
// middleware calls it to learn who is signed in.
func (s *Store) UserByID(ctx context.Context, id int64) (User, error) {
	u, err := scanUser(s.db.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1`, id))
	if err != nil {
		return u, fmt.Errorf("auth: user %d: %w", id, err)
	}
	return u, nil
}

// User returns the user with id; only admins may look up other users.
func (s *Store) User(ctx context.Context, id int64) (User, error) {
	if access.From(ctx).UserID != id {
		if err := access.Require(ctx, access.ManageUsers); err != nil {
			return User{}, err
		}
	}
	return s.UserByID(ctx, id)
}

func (s *Store) userByEmail(ctx context.Context, q db.Querier, email string) (User, error) {
	return scanUser(q.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE email = $1`, normaliseEmail(email)))
}

// Users returns every user in alphabetical order of name; admins only.
func (s *Store) Users(ctx context.Context) ([]User, error) {
	if err := access.Require(ctx, access.ManageUsers); err != nil {
		return nil, err
	}
	return s.users(ctx, `SELECT `+userColumns+` FROM users`)
}

// Names returns the names of the users with ids, by id, for staff reading
// who did what (a record's history); unknown ids are left out.
func (s *Store) Names(ctx context.Context, ids []int64) (map[int64]string, error) {
	if err := access.Require(ctx, access.StaffArea); err != nil {
		return nil, err
	}
	names := make(map[int64]string, len(ids))
	for _, id := range slices.Compact(slices.Sorted(slices.Values(ids))) {
		u, err := s.UserByID(ctx, id)
		if errors.Is(err, db.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		names[id] = u.Name
	}
	return names, nil
}

// Colleagues returns the active users holding role in alphabetical order of
// name, for staff who assign work to them (a trainer to a cohort): people,
// so never a service account.
func (s *Store) Colleagues(ctx context.Context, role access.Role) ([]User, error) {
	if err := access.Require(ctx, access.StaffArea); err != nil {
		return nil, err
	}
	return s.users(ctx, `SELECT `+userColumns+` FROM users WHERE active AND NOT service AND role = $1`, role)
}

func (s *Store) users(ctx context.Context, query string, args ...any) ([]User, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	users, err := db.Collect(rows, err, scanUser)
	if err != nil {
		return nil, fmt.Errorf("auth: users: %w", err)
	}
	i18n.SortFunc(users, func(u User) string { return u.Name })
	return users, nil
}

// UserInput is what the admin form or the command line gives for a user.
type UserInput struct {
	Email          string
	Name           string
	Role           access.Role
	OrganisationID int64
	Active         bool
	Language       i18n.Lang
}

func normaliseEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// Validate returns every problem with in at once, as translatable errors
// that name their fields.
func (in *UserInput) Validate() error {
	var l textcheck.List
	if l.Check("users.email", in.Email, textcheck.Rule{Kind: textcheck.Line, Max: 254}) { // the format: mail.ParseAddress below
		in.Email = normaliseEmail(in.Email)
		addr, err := mail.ParseAddress(in.Email)
		switch {
		case in.Email == "":
			l.Add(i18n.Errorf("users.error.email_required", "Field", i18n.Key("users.email")))
		case err != nil || addr.Address != in.Email:
			l.Add(i18n.Errorf("users.error.email_invalid", "Field", i18n.Key("users.email")))
		}
	}
	if l.Check("users.name", in.Name, textcheck.Title) {
		if in.Name = strings.TrimSpace(in.Name); in.Name == "" {
			l.Add(i18n.Errorf("users.error.name_required", "Field", i18n.Key("users.name")))
		}
	}
	if !in.Role.Valid() {
		l.Add(i18n.Errorf("users.error.role_invalid", "Field", i18n.Key("users.role")))
	}
	switch {
	case in.OrganisationID < 0:
		l.Add(textcheck.Unknown("users.organisation"))
	case in.Role == access.PartnerOfficer && in.OrganisationID == 0:
		l.Add(i18n.Errorf("users.error.organisation_required", "Field", i18n.Key("users.organisation")))
	}
	if in.Language == "" {
		in.Language = i18n.AZ
	}
	if _, ok := i18n.Parse(string(in.Language)); !ok {
		l.Add(i18n.Errorf("users.error.language_invalid", "Field", i18n.Key("users.language")))
	}
	return l.Err()
}

// CreateUser stores a new user with the given password, which must pass
// ValidatePassword. When mustChange is set the user has to choose a new
// password at the first sign-in.
func (s *Store) CreateUser(ctx context.Context, in UserInput, password string, mustChange bool) (User, error) {
	return s.createUser(ctx, in, password, mustChange, true)
}

// CreateUserGenerated stores a new user with a random password from
// TemporaryPassword and returns it. A password chosen by the system is not a
// human's guessable choice, so only its length is checked (see TemporaryPassword).
func (s *Store) CreateUserGenerated(ctx context.Context, in UserInput, mustChange bool) (User, string, error) {
	password := TemporaryPassword()
	u, err := s.createUser(ctx, in, password, mustChange, false)
	return u, password, err
}

func (s *Store) createUser(ctx context.Context, in UserInput, password string, mustChange, chosen bool) (User, error) {
	if err := access.Require(ctx, access.ManageUsers); err != nil {
		return User{}, err
	}
	if err := in.Validate(); err != nil {
		return User{}, err
	}
	if chosen {
		if err := ValidatePassword(password, in.Email, in.Name); err != nil {
			return User{}, err
		}
	}
	hash, err := HashPassword(password)
	if err != nil {
		return User{}, err
	}
	return s.addUser(ctx, in, hash, mustChange, func(tx *db.Tx, u *User) error {
		return audit.Record(ctx, tx, "user.create", "user", fmt.Sprint(u.ID),
			"email", "name", "role", "organisation", "active", "language", "password")
	})
}

// addUser writes an account an admin makes, confirmed, with its
// organisation checked, and has then finish it (mark it, audit it) in the
// same transaction.
func (s *Store) addUser(ctx context.Context, in UserInput, hash string, mustChange bool, then func(*db.Tx, *User) error) (User, error) {
	var u User
	err := s.db.Transact(ctx, func(tx *db.Tx) error {
		if in.OrganisationID != 0 {
			if err := orgs.CheckExists(ctx, tx, "users.organisation", in.OrganisationID); err != nil {
				return err
			}
		}
		var err error
		if u, err = s.insertUser(ctx, tx, in, hash, mustChange, s.now()); err != nil {
			return err
		}
		return then(tx, &u)
	})
	return u, err
}

// UpdateUser changes a user's details, role, organisation and state; admins only.
func (s *Store) UpdateUser(ctx context.Context, id int64, in UserInput) error {
	if err := access.Require(ctx, access.ManageUsers); err != nil {
		return err
	}
	if err := in.Validate(); err != nil {
		return err
	}
	if id == access.From(ctx).UserID && (!in.Active || in.Role != access.Admin) {
		// An admin who demotes or deactivates themselves could leave no admin at all.
		return i18n.Errorf("users.error.self_demote", "Field", i18n.Key("users.role"))
	}
	return s.db.Transact(ctx, func(tx *db.Tx) error {
		if in.OrganisationID != 0 {
			if err := orgs.CheckExists(ctx, tx, "users.organisation", in.OrganisationID); err != nil {
				return err
			}
		}
		old, err := scanUser(tx.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1`, id))
		if err != nil {
			return fmt.Errorf("auth: update user %d: %w", id, err)
		}
		if old.Service && !slices.Contains(ServiceRoles, in.Role) {
			return i18n.Errorf("users.error.role_invalid", "Field", i18n.Key("users.role"))
		}
		changed := diff(
			field{"email", old.Email != in.Email},
			field{"name", old.Name != in.Name},
			field{"role", old.Role != in.Role},
			field{"organisation", old.OrganisationID != in.OrganisationID},
			field{"active", old.Active != in.Active},
			field{"language", old.Language != in.Language},
		)
		if len(changed) == 0 {
			return nil
		}
		_, err = tx.ExecContext(ctx, `
			UPDATE users SET email = $1, name = $2, role = $3, organisation_id = $4, active = $5, language = $6, updated_at = $7
			WHERE id = $8`, in.Email, in.Name, in.Role, db.NullID(in.OrganisationID), in.Active, in.Language, s.now(), id)
		if db.IsUniqueViolation(err) {
			return i18n.Errorf("users.error.email_taken", "Field", i18n.Key("users.email"))
		}
		if err != nil {
			return fmt.Errorf("auth: update user %d: %w", id, err)
		}
		return audit.Record(ctx, tx, "user.update", "user", fmt.Sprint(id), changed...)
	})
}

// insertUser writes a new account; confirmed is when its address counts
// as confirmed (an admin's account from the start), nil until its link is
// followed.
func (s *Store) insertUser(ctx context.Context, tx *db.Tx, in UserInput, hash string, mustChange bool, confirmed any) (User, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `
		INSERT INTO users (email, name, password_hash, role, organisation_id, active, language, must_change_password, created_at, updated_at, email_confirmed_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10) RETURNING id`,
		in.Email, in.Name, hash, in.Role, db.NullID(in.OrganisationID), in.Active, in.Language, mustChange, s.now(), confirmed).Scan(&id)
	if db.IsUniqueViolation(err) {
		return User{}, i18n.Errorf("users.error.email_taken", "Field", i18n.Key("users.email"))
	}
	if err != nil {
		return User{}, fmt.Errorf("auth: create user: %w", err)
	}
	return scanUser(tx.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1`, id))
}

type field struct {
	name    string
	changed bool
}

func diff(fields ...field) []string {
	var names []string
	for _, f := range fields {
		if f.changed {
			names = append(names, f.name)
		}
	}
	return names
}

// ResetPassword gives the user a new random password that must be changed at
// the next sign-in, and returns it for the admin to pass on. The second
// factor is removed too, so a user who lost their device can enrol again.
func (s *Store) ResetPassword(ctx context.Context, id int64, resetMFA bool) (string, error) {
	if err := access.Require(ctx, access.ManageUsers); err != nil {
		return "", err
	}
	password := TemporaryPassword()
	hash, err := HashPassword(password)
	if err != nil {
		return "", err
	}
	err = s.db.Transact(ctx, func(tx *db.Tx) error {
		fields := []string{"password"}
		args := []any{hash, true, s.now(), id}
		query := `UPDATE users SET password_hash = $1, must_change_password = $2, updated_at = $3,
			session_epoch = session_epoch + 1 WHERE id = $4`
		if resetMFA {
			fields = append(fields, "totp")
			args = append(args, false)
			query = `UPDATE users SET password_hash = $1, must_change_password = $2, updated_at = $3,
				session_epoch = session_epoch + 1, totp_secret = '', totp_enabled = $5 WHERE id = $4`
		}
		res, err := tx.ExecContext(ctx, query, args...)
		if err != nil {
			return fmt.Errorf("auth: reset password %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return db.ErrNotFound
		}
		if resetMFA {
			if _, err := tx.ExecContext(ctx, `DELETE FROM recovery_codes WHERE user_id = $1`, id); err != nil {
				return fmt.Errorf("auth: reset recovery codes %d: %w", id, err)
			}
		}
		return audit.Record(ctx, tx, "user.reset_password", "user", fmt.Sprint(id), fields...)
	})
	return password, err
}

// ChangePassword sets the signed-in user's password after checking the
// current one, and ends the user's other sessions: it moves the account's
// session epoch and returns the new one, which the caller puts into the
// session that made the change so that this one stays signed in.
func (s *Store) ChangePassword(ctx context.Context, current, next, confirm string) (epoch int64, err error) {
	p := access.From(ctx)
	if err := access.Require(ctx, access.StaffArea); err != nil && !p.Can(access.SelfService) {
		return 0, err
	}
	u, err := s.UserByID(ctx, p.UserID)
	if err != nil {
		return 0, err
	}
	if ok, err := CheckPassword(u.passwordHash, current); err != nil || !ok {
		return 0, i18n.Errorf("auth.error.password_wrong", "Field", i18n.Key("password.current"))
	}
	if next != confirm {
		return 0, i18n.Errorf("auth.error.password_mismatch", "Field", i18n.Key("password.confirm"))
	}
	if next == current {
		return 0, i18n.Errorf("auth.error.password_same", "Field", i18n.Key("password.new"))
	}
	if err := ValidatePassword(next, u.Email, u.Name); err != nil {
		return 0, err
	}
	hash, err := HashPassword(next)
	if err != nil {
		return 0, err
	}
	err = s.db.Transact(ctx, func(tx *db.Tx) error {
		err := tx.QueryRowContext(ctx, `UPDATE users SET password_hash = $1, must_change_password = $2, updated_at = $3,
			session_epoch = session_epoch + 1 WHERE id = $4 RETURNING session_epoch`,
			hash, false, s.now(), u.ID).Scan(&epoch)
		if err != nil {
			return fmt.Errorf("auth: change password %d: %w", u.ID, err)
		}
		if err := audit.Record(ctx, tx, "user.change_password", "user", fmt.Sprint(u.ID), "password", "sessions"); err != nil {
			return err
		}
		return s.tellPasswordChanged(ctx, tx, u.ID)
	})
	return epoch, err
}

// Notify tells users of what happens to their accounts, through n.
func (s *Store) Notify(n *notify.Store) { s.notify = n }

// tellPasswordChanged tells a user their password changed, in the app and
// by e-mail, which they cannot turn off: if it was not them, they know.
func (s *Store) tellPasswordChanged(ctx context.Context, tx *db.Tx, id int64) error {
	if s.notify == nil {
		return nil
	}
	to, err := notify.User(ctx, tx, id)
	if err != nil || len(to) == 0 {
		return err
	}
	return s.notify.Raise(ctx, tx, notify.Event{Kind: "password.changed", Link: "/account", To: to,
		Args: map[string]string{"Time": s.now().In(i18n.Baku).Format("2006-01-02 15:04")}})
}

// tellAdminSignIn tells an admin that their account was signed in to,
// when and from where, in the app and by e-mail, which they cannot turn
// off: an admin's password in someone else's hands shows at once.
func (s *Store) tellAdminSignIn(ctx context.Context, tx *db.Tx, u User, addr string) error {
	if s.notify == nil || u.Role != access.Admin {
		return nil
	}
	to, err := notify.User(ctx, tx, u.ID)
	if err != nil || len(to) == 0 {
		return err
	}
	return s.notify.Raise(ctx, tx, notify.Event{Kind: "signin.admin", Link: "/account", To: to,
		Args: map[string]string{"Time": s.now().In(i18n.Baku).Format("2006-01-02 15:04"), "Addr": addr}})
}

// SetLanguage stores the signed-in user's preferred language.
func (s *Store) SetLanguage(ctx context.Context, lang i18n.Lang) error {
	p := access.From(ctx)
	if !p.SignedIn() || p.IsSystem() {
		return access.ErrUnauthenticated
	}
	return s.db.Transact(ctx, func(tx *db.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE users SET language = $1, updated_at = $2 WHERE id = $3`, lang, s.now(), p.UserID)
		if err != nil {
			return fmt.Errorf("auth: set language %d: %w", p.UserID, err)
		}
		return audit.Record(ctx, tx, "user.set_language", "user", fmt.Sprint(p.UserID), "language")
	})
}

// CountUsers returns how many accounts exist; the demo command uses it to seed only once.
func (s *Store) CountUsers(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM users`).Scan(&n)
	return n, err
}

// CheckActiveRole returns nil when id names an active user holding one of
// roles, and textcheck.Unknown on the field label otherwise. Other features
// call it in their own transaction before they write a user's id chosen in
// a form (a cohort's trainer, a task's assignee): a person's, never a
// service account's.
func CheckActiveRole(ctx context.Context, q db.Querier, label string, id int64, roles ...access.Role) error {
	var role access.Role
	var active bool
	err := q.QueryRowContext(ctx, `SELECT role, active AND NOT service FROM users WHERE id = $1`, id).Scan(&role, &active)
	if errors.Is(err, sql.ErrNoRows) || err == nil && (!active || !slices.Contains(roles, role)) {
		return textcheck.Unknown(label)
	}
	if err != nil {
		return fmt.Errorf("auth: check user %d: %w", id, err)
	}
	return nil
}
