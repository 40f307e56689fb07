package notify

import (
	"context"
	"fmt"

	"inteqra/internal/access"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
)

// recipientOf scans a user as a recipient: in the app and at their address,
// in the language of their profile.
func recipientOf(r db.Scanner) (Recipient, error) {
	var to Recipient
	var lang string
	err := r.Scan(&to.UserID, &to.Email, &lang)
	if l, ok := i18n.Parse(lang); ok {
		to.Lang = l
	} else {
		to.Lang = i18n.AZ
	}
	return to, err
}

// OrgUsers returns the active users of an organisation with a role, as
// recipients: the partner officers a referral is sent to. Service accounts
// have no mailbox and are never told anything.
func OrgUsers(ctx context.Context, q db.Querier, orgID int64, role access.Role) ([]Recipient, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, email, language FROM users WHERE organisation_id = $1 AND role = $2 AND active = $3 AND NOT service ORDER BY id`,
		orgID, role, true)
	list, err := db.Collect(rows, err, recipientOf)
	if err != nil {
		return nil, fmt.Errorf("notify: users of organisation %d: %w", orgID, err)
	}
	return list, nil
}

// User returns an active user as a recipient, and none for an inactive or
// unknown one (0 included): nobody to tell.
func User(ctx context.Context, q db.Querier, id int64) ([]Recipient, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, email, language FROM users WHERE id = $1 AND active = $2 AND NOT service`, id, true)
	list, err := db.Collect(rows, err, recipientOf)
	if err != nil {
		return nil, fmt.Errorf("notify: user %d: %w", id, err)
	}
	return list, nil
}

// RoleUsers returns the active users of a role, whatever their
// organisation.
func RoleUsers(ctx context.Context, q db.Querier, role access.Role) ([]Recipient, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, email, language FROM users WHERE role = $1 AND active = $2 AND NOT service ORDER BY id`, role, true)
	list, err := db.Collect(rows, err, recipientOf)
	if err != nil {
		return nil, fmt.Errorf("notify: users of role %s: %w", role, err)
	}
	return list, nil
}
