package cases

import (
	"context"
	"fmt"

	"inteqra/internal/access"
	"inteqra/internal/db"
	"inteqra/internal/notify"
)

// Notify tells the partner officers of an organisation when a referral
// reaches it, and the consultant who sent one when it is answered,
// through n.
func (s *Store) Notify(n *notify.Store) { s.notify = n }

// tellSent tells the partner organisation's officers that a referral
// has arrived, in tx.
func (s *Store) tellSent(ctx context.Context, tx *db.Tx, r Referral) error {
	if s.notify == nil {
		return nil
	}
	to, err := notify.OrgUsers(ctx, tx, r.OrganisationID, access.PartnerOfficer)
	if err != nil || len(to) == 0 {
		return err
	}
	return s.notify.Raise(ctx, tx, notify.Event{Kind: "referral.sent", Link: fmt.Sprintf("/referrals/%d", r.ID), To: to,
		Args: map[string]string{"Domain": "@domain." + r.Domain, "Organisation": r.OrganisationName}})
}

// tellAnswered tells the consultant who sent a referral how its
// organisation answered, in tx.
func (s *Store) tellAnswered(ctx context.Context, tx *db.Tx, r Referral, to ReferralState) error {
	if s.notify == nil {
		return nil
	}
	users, err := notify.User(ctx, tx, r.SentBy)
	if err != nil || len(users) == 0 {
		return err
	}
	var org string
	if err := tx.QueryRowContext(ctx, `SELECT name FROM organisations WHERE id = $1`, r.OrganisationID).Scan(&org); err != nil {
		return fmt.Errorf("cases: organisation of referral %d: %w", r.ID, err)
	}
	return s.notify.Raise(ctx, tx, notify.Event{Kind: "referral.answered", Link: fmt.Sprintf("/cases/%d", r.CaseID), To: users,
		Args: map[string]string{"Domain": "@domain." + r.Domain, "Organisation": org, "State": "@referral.state." + string(to)}})
}
