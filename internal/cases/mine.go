package cases

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"inteqra/internal/access"
	"inteqra/internal/audit"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
)

// MyCase is the migrant's own case as their area shows it: its state,
// their consultant, the plan in its latest version with what is due next,
// and their referrals. Notes, tasks and assessments stay with staff.
type MyCase struct {
	Case
	Consultant string
	Plan       *Plan // the latest version; nil before the first
	Next       *Goal // the first goal neither achieved nor dropped, by due date
	Referrals  []Referral
}

// CanAgree reports whether the person may agree to the plan online: a
// draft, or a plan returned to be reworked, of an open case.
func (m MyCase) CanAgree() bool {
	return m.Plan != nil && m.Open() && (m.Plan.State == PlanDraft || m.Plan.State == PlanReturned)
}

// Mine returns the signed-in migrant's latest case; ok is false when they
// have none. The read is audited as any read of a case is.
func (s *Store) Mine(ctx context.Context) (m MyCase, ok bool, err error) {
	person, err := access.Own(ctx)
	if err != nil {
		return m, false, err
	}
	m.Case, err = scanCase(s.db.QueryRowContext(ctx, `SELECT `+caseColumns+` FROM cases WHERE person_id = $1
		ORDER BY opened_at DESC, id DESC LIMIT 1`, person))
	if errors.Is(db.NotFound(err), db.ErrNotFound) {
		return m, false, nil
	}
	if err != nil {
		return m, false, fmt.Errorf("cases: own case of %d: %w", person, err)
	}
	if u, err := s.users.UserByID(ctx, m.ConsultantID); err == nil {
		m.Consultant = u.Name
	}
	plans, err := s.plans(ctx, m.Case)
	if err != nil {
		return m, false, err
	}
	if len(plans) > 0 {
		m.Plan = &plans[0]
		for i, g := range m.Plan.Goals {
			if g.Progress != "achieved" && g.Progress != "dropped" {
				m.Next = &m.Plan.Goals[i]
				break
			}
		}
	}
	if m.Referrals, err = s.referrals(ctx, m.ID); err != nil {
		return m, false, err
	}
	return m, true, audit.RecordRead(ctx, s.db, "case.own_view", "case", strconv.FormatInt(m.ID, 10))
}

// AgreeOwnPlan records the signed-in migrant's agreement to their plan,
// given online: the plan is agreed today, as when a consultant records it,
// and the case's timeline keeps who agreed and when. The supervisors are
// told that it waits for approval.
func (s *Store) AgreeOwnPlan(ctx context.Context, planID int64) error {
	person, err := access.Own(ctx)
	if err != nil {
		return err
	}
	return s.db.Transact(ctx, func(tx *db.Tx) error {
		p, err := scanPlan(tx.QueryRowContext(ctx, `SELECT `+planColumns+` FROM plans WHERE id = $1`, planID))
		if err = db.NotFound(err); err != nil {
			return err
		}
		c, err := scanCase(tx.QueryRowContext(ctx, `SELECT `+caseColumns+` FROM cases WHERE id = $1`, p.CaseID))
		if err != nil {
			return fmt.Errorf("cases: case of plan %d: %w", planID, err)
		}
		if c.PersonID != person {
			return db.ErrNotFound // another's plan is as missing as an unknown one
		}
		if !c.Open() {
			return errPlanClosed
		}
		if err := s.stepPlan(ctx, tx, &p, &c, PlanAgreed); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE plans SET agreed_on = $1 WHERE id = $2`, i18n.DayOf(s.now()), p.ID); err != nil {
			return fmt.Errorf("cases: agree plan %d: %w", p.ID, err)
		}
		return s.event(ctx, tx, c.ID, "plan_agreed_online", "", p.ID)
	})
}
