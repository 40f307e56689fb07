package demo

import (
	"context"
	"time"

	"inteqra/internal/cases"
	"inteqra/internal/db"
)

// cases writes sc.Cases cases as consultants would have run them: an
// assessment completed for most within weeks, a plan agreed for most of
// those (about two in three within 30 days of the intake), contacts,
// referrals to the partners answered or still open, and tasks.
func (g *scaleGen) cases(ctx context.Context, tx *db.Tx, sc Scale, out *ScaleCounts) error {
	b := newBulkRows(tx)
	b.table("cases", "id", "person_id", "consultant_id", "source", "state", "opened_at", "closed_at", "updated_at")
	b.table("assessments", "case_id", "state", "created_by", "created_at", "completed_at")
	b.table("plans", "case_id", "version", "state", "agreed_on", "decided_by", "decided_at", "created_by", "created_at")
	b.table("service_contacts", "case_id", "service_id", "held_on", "minutes", "language", "staff_id", "created_at")
	b.table("referrals", "case_id", "organisation_id", "domain", "need", "due_on", "state", "sent_by", "sent_at", "answered_at", "closed_at")
	b.table("case_tasks", "case_id", "assignee_id", "title", "due_on", "done_at", "created_by", "created_at")
	caseIDs := ids{IDs: db.IDs{Table: "cases"}}
	for range sc.Cases {
		if err := b.spill(ctx); err != nil {
			return err
		}
		id, err := caseIDs.next(ctx, tx)
		if err != nil {
			return err
		}
		person, opened := g.person()
		staff := one(g, g.consultants)
		state, last := cases.Intake, opened
		var assessed, agreed time.Time
		if at := g.after(opened, 40); g.chance(0.85) && g.past(at) && at.After(opened) {
			assessed, state, last = at, cases.Assessed, at
			if err := b.add(ctx, "assessments", id, string(cases.AssessmentCompleted), staff, opened, at); err != nil {
				return err
			}
			out.Assessments++
		}
		if at := g.after(assessed, 25); !assessed.IsZero() && g.chance(0.8) && g.past(at) {
			agreed, state, last = at, cases.PlanActive, at
			day := dayOnly(at)
			if err := b.add(ctx, "plans", id, 1, string(cases.PlanAgreed), day, staff, at, staff, assessed); err != nil {
				return err
			}
			out.Plans++
		}
		for range g.r.IntN(4) {
			at := g.after(opened, 120)
			if err := b.add(ctx, "service_contacts", id, 1+g.r.IntN(8), dayOnly(at), 30+15*g.r.IntN(4), "az", staff, at); err != nil {
				return err
			}
			out.Contacts++
			last = latest(last, at)
		}
		if !agreed.IsZero() {
			for range g.r.IntN(3) {
				if err := g.referral(ctx, b, id, staff, agreed); err != nil {
					return err
				}
				out.Referrals++
			}
		}
		if g.chance(0.3) {
			at := g.after(opened, 60)
			due := dayOnly(at).AddDate(0, 0, 14)
			var done any
			if g.chance(0.8) {
				done = g.after(at, 20)
			}
			if err := b.add(ctx, "case_tasks", id, staff, "Sənədləri yoxlamaq", due, done, staff, at); err != nil {
				return err
			}
			out.Tasks++
		}
		var closed any
		if !agreed.IsZero() && g.chance(0.4) {
			at := g.after(last, 200)
			if g.past(at) && at.After(last) {
				closed, state, last = at, cases.Closed, at
			}
		} else if state != cases.Closed && g.chance(0.03) {
			state = cases.OnHold
		}
		if err := b.add(ctx, "cases", id, person, staff, one(g, cases.Sources), string(state), opened, closed, last); err != nil {
			return err
		}
		out.Cases++
	}
	return b.flush(ctx)
}

// referral writes a referral sent after the plan was agreed: answered for
// good when its time is long past, still open (and maybe overdue) otherwise.
func (g *scaleGen) referral(ctx context.Context, b *bulkRows, caseID, staff int64, agreed time.Time) error {
	sent := g.after(agreed, 60)
	due := dayOnly(sent).AddDate(0, 0, 30)
	state := cases.ReferralSent
	var answered, closed any
	if at := g.after(sent, 45); g.past(at) && g.chance(0.9) {
		answered = at
		state = one(g, []cases.ReferralState{cases.ReferralCompleted, cases.ReferralCompleted, cases.ReferralCompleted,
			cases.ReferralDeclined, cases.ReferralNoShow, cases.ReferralCancelled, cases.ReferralAccepted})
		if state != cases.ReferralAccepted {
			closed = at
		}
	}
	return b.add(ctx, "referrals", caseID, one(g, g.partners), one(g, cases.Domains), "Dəstək lazımdır",
		due, string(state), staff, sent, answered, closed)
}

// dayOnly is the calendar day of t, as DATE columns hold it.
func dayOnly(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

func latest(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
