package cases

import (
	"context"
	"fmt"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/auth"
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

// tellPlan tells of a plan's step, in tx: a plan agreed waits for the
// supervisors of the case's team; a decision goes to the case's
// consultant, and an approval to the person too when they have an
// account of their own.
func (s *Store) tellPlan(ctx context.Context, tx *db.Tx, c *Case, to PlanState) error {
	if s.notify == nil {
		return nil
	}
	link := fmt.Sprintf("/cases/%d/plan", c.ID)
	var users []notify.Recipient
	var err error
	switch to {
	case PlanAgreed:
		users, err = notify.OrgUsers(ctx, tx, c.OrganisationID, access.Supervisor)
	case PlanApproved, PlanReturned:
		users, err = notify.User(ctx, tx, c.ConsultantID)
	}
	if err != nil {
		return err
	}
	kind := "plan." + string(to)
	if err := s.notify.Raise(ctx, tx, notify.Event{Kind: kind, Link: link, To: users,
		Args: map[string]string{"Case": fmt.Sprint(c.ID)}}); err != nil {
		return err
	}
	if to != PlanApproved {
		return nil
	}
	own, err := personAccount(ctx, tx, c.PersonID)
	if err != nil || len(own) == 0 {
		return err
	}
	return s.notify.Raise(ctx, tx, notify.Event{Kind: "plan.approved_own", Link: "/me/plan", To: own})
}

// personAccount is the person's own account as a recipient, none when
// they have none.
func personAccount(ctx context.Context, tx *db.Tx, personID int64) ([]notify.Recipient, error) {
	id, err := auth.AccountUser(ctx, tx, personID)
	if err != nil {
		return nil, err
	}
	return notify.User(ctx, tx, id)
}

// RemindCases tells, once each, the consultant who sent a referral that
// its partner has not answered by the day it was due (and the referral
// hooks, as EventReferralOverdue), and the assignee of a task that it is
// due today: a notify.Reminder.
func (s *Store) RemindCases(ctx context.Context, today time.Time) error {
	if s.notify == nil && len(s.onReferral) == 0 {
		return nil
	}
	type due struct {
		kind, once, link string
		user, referral   int64
		args             map[string]string
	}
	var list []due
	rows, err := s.db.QueryContext(ctx, `SELECT r.id, r.case_id, r.sent_by, r.domain, o.name FROM referrals r
		JOIN organisations o ON o.id = r.organisation_id
		WHERE r.state IN ('sent', 'accepted') AND r.due_on < $1 AND r.sent_by IS NOT NULL ORDER BY r.id`, today)
	err = db.Each(rows, err, func(r db.Scanner) error {
		var id, caseID, by int64
		var domain, org string
		if err := r.Scan(&id, &caseID, &by, &domain, &org); err != nil {
			return err
		}
		list = append(list, due{"referral.overdue", fmt.Sprint(id), fmt.Sprintf("/cases/%d/referrals", caseID), by, id,
			map[string]string{"Domain": "@domain." + domain, "Organisation": org}})
		return nil
	})
	if err != nil {
		return fmt.Errorf("cases: overdue referrals: %w", err)
	}
	rows, err = s.db.QueryContext(ctx, `SELECT id, case_id, assignee_id, title FROM case_tasks WHERE done_at IS NULL AND due_on = $1 ORDER BY id`, today)
	err = db.Each(rows, err, func(r db.Scanner) error {
		var id, caseID, user int64
		var title string
		if err := r.Scan(&id, &caseID, &user, &title); err != nil {
			return err
		}
		list = append(list, due{"task.due", fmt.Sprint(id), fmt.Sprintf("/cases/%d/tasks", caseID), user, 0, map[string]string{"Task": title}})
		return nil
	})
	if err != nil {
		return fmt.Errorf("cases: tasks due: %w", err)
	}
	return s.db.Transact(ctx, func(tx *db.Tx) error {
		for _, d := range list {
			if d.referral != 0 {
				// The partner's system is told too; webhooks raise it once.
				if err := s.referralEvent(ctx, tx, d.referral, EventReferralOverdue); err != nil {
					return err
				}
			}
			if s.notify == nil {
				continue
			}
			to, err := notify.User(ctx, tx, d.user)
			if err != nil {
				return err
			}
			if err := s.notify.Raise(ctx, tx, notify.Event{Kind: d.kind, Once: d.once, Link: d.link, To: to, Args: d.args}); err != nil {
				return err
			}
		}
		return nil
	})
}
