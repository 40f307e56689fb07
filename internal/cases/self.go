package cases

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"inteqra/internal/db"
)

// OwnCase is one case of a person as the person themselves is given it:
// its state, the goals of its latest plan, the services given and the
// referrals. Notes are left out: they are the staff's working notes, some
// restricted, not data the person gave or was given.
type OwnCase struct {
	ID          int64         `json:"id"`
	State       CaseState     `json:"state"`
	StatedNeeds string        `json:"stated_needs,omitempty"`
	Outcome     string        `json:"outcome,omitempty"`
	OpenedAt    time.Time     `json:"opened_at"`
	ClosedAt    time.Time     `json:"closed_at,omitzero"`
	Goals       []OwnGoal     `json:"plan_goals"`
	Contacts    []OwnContact  `json:"service_contacts"`
	Referrals   []OwnReferral `json:"referrals"`
}

// OwnGoal is a goal of the case's latest plan.
type OwnGoal struct {
	Domain      string    `json:"domain"`
	Action      string    `json:"action"`
	Responsible string    `json:"responsible,omitempty"`
	DueOn       time.Time `json:"due_on,omitzero"`
	Progress    string    `json:"progress"`
}

// OwnContact is a service given to the person.
type OwnContact struct {
	Service map[string]string `json:"service"`
	HeldOn  time.Time         `json:"held_on"`
	Minutes int               `json:"minutes"`
	Outcome string            `json:"outcome,omitempty"`
}

// OwnReferral is a referral to a partner organisation and its state.
type OwnReferral struct {
	Organisation string    `json:"organisation"`
	Domain       string    `json:"domain"`
	Need         string    `json:"need"`
	State        string    `json:"state"`
	DueOn        time.Time `json:"due_on"`
	SentAt       time.Time `json:"sent_at"`
	Answer       string    `json:"answer,omitempty"`
	AnsweredAt   time.Time `json:"answered_at,omitzero"`
}

// SelfRecord reads the cases of personID, for the person themselves. It
// checks no permission: the caller (mydata) has made sure that personID
// is the signed-in migrant's own.
func SelfRecord(ctx context.Context, q db.Querier, personID int64) ([]OwnCase, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, state, stated_needs, outcome, opened_at, closed_at
		FROM cases WHERE person_id = $1 ORDER BY opened_at DESC, id DESC`, personID)
	list, err := db.Collect(rows, err, func(r db.Scanner) (OwnCase, error) {
		var c OwnCase
		var closed sql.NullTime
		err := r.Scan(&c.ID, &c.State, &c.StatedNeeds, &c.Outcome, &c.OpenedAt, &closed)
		c.OpenedAt, c.ClosedAt = c.OpenedAt.UTC(), utcOf(closed)
		return c, err
	})
	if err != nil {
		return nil, fmt.Errorf("cases: own cases %d: %w", personID, err)
	}
	for i := range list {
		c := &list[i]
		if c.Goals, err = ownGoals(ctx, q, c.ID); err != nil {
			return nil, err
		}
		if c.Contacts, err = ownContacts(ctx, q, c.ID); err != nil {
			return nil, err
		}
		if c.Referrals, err = ownReferrals(ctx, q, c.ID); err != nil {
			return nil, err
		}
	}
	return list, nil
}

func utcOf(t sql.NullTime) time.Time {
	if !t.Valid {
		return time.Time{}
	}
	return t.Time.UTC()
}

func ownGoals(ctx context.Context, q db.Querier, caseID int64) ([]OwnGoal, error) {
	rows, err := q.QueryContext(ctx, `SELECT g.domain, g.action, g.responsible, g.due_on, g.progress FROM plan_goals g
		WHERE g.plan_id = (SELECT id FROM plans WHERE case_id = $1 ORDER BY version DESC LIMIT 1) ORDER BY g.id`, caseID)
	list, err := db.Collect(rows, err, func(r db.Scanner) (OwnGoal, error) {
		var g OwnGoal
		var due sql.NullTime
		err := r.Scan(&g.Domain, &g.Action, &g.Responsible, &due, &g.Progress)
		g.DueOn = utcOf(due)
		return g, err
	})
	if err != nil {
		return nil, fmt.Errorf("cases: own goals %d: %w", caseID, err)
	}
	return list, nil
}

func ownContacts(ctx context.Context, q db.Querier, caseID int64) ([]OwnContact, error) {
	rows, err := q.QueryContext(ctx, `SELECT s.name_az, s.name_en, s.name_ru, c.held_on, c.minutes, c.outcome
		FROM service_contacts c JOIN services s ON s.id = c.service_id WHERE c.case_id = $1 ORDER BY c.held_on, c.id`, caseID)
	list, err := db.Collect(rows, err, func(r db.Scanner) (OwnContact, error) {
		var c OwnContact
		var az, en, ru string
		err := r.Scan(&az, &en, &ru, &c.HeldOn, &c.Minutes, &c.Outcome)
		c.Service, c.HeldOn = map[string]string{"az": az, "en": en, "ru": ru}, c.HeldOn.UTC()
		return c, err
	})
	if err != nil {
		return nil, fmt.Errorf("cases: own contacts %d: %w", caseID, err)
	}
	return list, nil
}

func ownReferrals(ctx context.Context, q db.Querier, caseID int64) ([]OwnReferral, error) {
	rows, err := q.QueryContext(ctx, `SELECT o.name, r.domain, r.need, r.state, r.due_on, r.sent_at, r.answer, r.answered_at
		FROM referrals r JOIN organisations o ON o.id = r.organisation_id WHERE r.case_id = $1 ORDER BY r.sent_at, r.id`, caseID)
	list, err := db.Collect(rows, err, func(r db.Scanner) (OwnReferral, error) {
		var f OwnReferral
		var answered sql.NullTime
		err := r.Scan(&f.Organisation, &f.Domain, &f.Need, &f.State, &f.DueOn, &f.SentAt, &f.Answer, &answered)
		f.DueOn, f.SentAt, f.AnsweredAt = f.DueOn.UTC(), f.SentAt.UTC(), utcOf(answered)
		return f, err
	})
	if err != nil {
		return nil, fmt.Errorf("cases: own referrals %d: %w", caseID, err)
	}
	return list, nil
}
