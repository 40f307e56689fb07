package auth

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"slices"

	"inteqra/internal/access"
	"inteqra/internal/audit"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
)

// ServiceRoles are the roles a service account may hold: a partner
// organisation's system answers its referrals; the Service's own analytics
// reads aggregates. Anything wider would be a person's work done by a
// program nobody signs in to, so the list stays short.
var ServiceRoles = []access.Role{access.PartnerOfficer, access.Analyst}

// ServiceAccountInput is the admin's form of a new service account.
type ServiceAccountInput struct {
	Name           string
	Role           access.Role
	OrganisationID int64
}

// serviceDomain names no mailbox (RFC 2606): a service account has an
// address only because every account has one, and nothing is sent to it.
const serviceDomain = "service.inteqra.invalid"

// CreateServiceAccount makes the account a partner system acts as through
// API tokens; admins only. Its password is the hash of a secret thrown away
// at once, and sign-in refuses service accounts in any case.
func (s *Store) CreateServiceAccount(ctx context.Context, in ServiceAccountInput) (User, error) {
	if err := access.Require(ctx, access.ManageUsers); err != nil {
		return User{}, err
	}
	ui := UserInput{Email: "svc-" + rand.Text()[:12] + "@" + serviceDomain, Name: in.Name, Role: in.Role,
		OrganisationID: in.OrganisationID, Active: true, Language: i18n.EN}
	err := ui.Validate()
	if !slices.Contains(ServiceRoles, in.Role) {
		err = errors.Join(err, i18n.Errorf("users.error.role_invalid", "Field", i18n.Key("users.role")))
	}
	if err != nil {
		return User{}, err
	}
	hash, err := HashPassword(randomToken(32))
	if err != nil {
		return User{}, err
	}
	return s.addUser(ctx, ui, hash, false, func(tx *db.Tx, u *User) error {
		if _, err := tx.ExecContext(ctx, `UPDATE users SET service = $1 WHERE id = $2`, true, u.ID); err != nil {
			return fmt.Errorf("auth: create service account: %w", err)
		}
		u.Service = true
		return audit.Record(ctx, tx, "user.create_service", "user", fmt.Sprint(u.ID), "name", "role", "organisation")
	})
}

// ServiceAccounts returns the service accounts in alphabetical order of
// name; admins only.
func (s *Store) ServiceAccounts(ctx context.Context) ([]User, error) {
	if err := access.Require(ctx, access.ManageUsers); err != nil {
		return nil, err
	}
	return s.users(ctx, `SELECT `+userColumns+` FROM users WHERE service`)
}
