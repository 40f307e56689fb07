package cases

import (
	"context"
	"fmt"

	"inteqra/internal/db"
)

// The types of ReferralEvent: a referral sent to an organisation, any
// change of its state after (accepted, declined, completed, no-show,
// cancelled), and its due day passed with no answer or result.
const (
	EventReferralSent    = "referral.sent"
	EventReferralUpdated = "referral.updated"
	EventReferralOverdue = "referral.overdue"
)

// ReferralEvent is a change of a referral that the organisation it was sent
// to may be told of: the referral as that organisation sees it.
type ReferralEvent struct {
	Type           string
	OrganisationID int64
	Referral       PartnerReferral
}

// ReferralHook is told of a ReferralEvent inside the transaction of the
// change; its error undoes the change.
type ReferralHook func(ctx context.Context, tx *db.Tx, ev ReferralEvent) error

// OnReferral registers h (webhooks.Store.Raise) for every ReferralEvent.
func (s *Store) OnReferral(h ReferralHook) { s.onReferral = append(s.onReferral, h) }

// referralEvent tells the hooks of a change of referral id, in tx, as the
// referral now stands.
func (s *Store) referralEvent(ctx context.Context, tx *db.Tx, id int64, typ string) error {
	if len(s.onReferral) == 0 {
		return nil
	}
	r, err := s.referral(ctx, tx, id)
	if err != nil {
		return err
	}
	pr, err := s.asPartnerSees(ctx, tx, r)
	if err != nil {
		return err
	}
	ev := ReferralEvent{Type: typ, OrganisationID: r.OrganisationID, Referral: pr}
	for _, h := range s.onReferral {
		if err := h(ctx, tx, ev); err != nil {
			return err
		}
	}
	return nil
}

// PersonReferrals returns the ids of the referrals of the person's cases,
// in q: what other features keep about a referral goes with the person
// when the person is erased.
func PersonReferrals(ctx context.Context, q db.Querier, personID int64) ([]int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT r.id FROM referrals r JOIN cases c ON c.id = r.case_id WHERE c.person_id = $1`, personID)
	ids, err := db.Collect(rows, err, func(r db.Scanner) (id int64, err error) {
		err = r.Scan(&id)
		return id, err
	})
	if err != nil {
		return nil, fmt.Errorf("cases: referrals of person %d: %w", personID, err)
	}
	return ids, nil
}
