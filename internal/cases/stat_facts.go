package cases

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"

	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/stats"
)

// StatFacts gives the statistics the cases' facts as of today: each case
// opened (with its state today) and each contact with a person, the first
// completed assessment and the first agreed plan of each case with the
// days since the intake, whether the plan came within stats.PlanWithin
// days, each referral answered for good, and what is overdue today.
func (s *Store) StatFacts(ctx context.Context, q db.Querier, today time.Time, emit func(stats.Fact) error) error {
	var firsts struct{ assessed, agreed firstDays }
	queries := []struct {
		sql  string
		args []any
		scan func(r db.Scanner) error
	}{
		{`SELECT person_id, opened_at, state FROM cases`, nil, func(r db.Scanner) error {
			f := stats.Fact{Kind: stats.CaseOpened}
			if err := r.Scan(&f.PersonID, &f.Day, &f.Outcome); err != nil {
				return err
			}
			return emitReached(f, emit)
		}},
		{`SELECT c.person_id, s.held_on FROM service_contacts s JOIN cases c ON c.id = s.case_id`, nil, func(r db.Scanner) error {
			f := stats.Fact{Kind: stats.Reached}
			if err := r.Scan(&f.PersonID, &f.Day); err != nil {
				return err
			}
			return emit(f)
		}},
		{`SELECT c.id, c.person_id, c.opened_at, a.completed_at FROM cases c JOIN assessments a ON a.case_id = c.id
			WHERE a.completed_at IS NOT NULL`, nil, firsts.assessed.add},
		{`SELECT c.id, c.person_id, c.opened_at, p.agreed_on FROM cases c LEFT JOIN plans p ON p.case_id = c.id`, nil, firsts.agreed.add},
		// The day is picked here, not by COALESCE in SQL, which SQLite
		// answers with text rather than a time.
		{`SELECT r.organisation_id, c.person_id, r.state, r.closed_at, r.answered_at, r.sent_at FROM referrals r
			JOIN cases c ON c.id = r.case_id WHERE r.state IN ($1, $2, $3, $4)`,
			[]any{ReferralCompleted, ReferralDeclined, ReferralNoShow, ReferralCancelled}, func(r db.Scanner) error {
				var org int64
				var closed, answered sql.NullTime
				f := stats.Fact{Kind: stats.ReferralClosed}
				if err := r.Scan(&org, &f.PersonID, &f.Outcome, &closed, &answered, &f.Day); err != nil {
					return err
				}
				switch {
				case closed.Valid:
					f.Day = closed.Time
				case answered.Valid:
					f.Day = answered.Time
				}
				f.Unit = strconv.FormatInt(org, 10)
				return emit(f)
			}},
		{`SELECT r.organisation_id, c.person_id, r.sent_at, r.due_on, r.state FROM referrals r JOIN cases c ON c.id = r.case_id`, nil, func(r db.Scanner) error {
			var org int64
			var due time.Time
			var state ReferralState
			f := stats.Fact{Kind: stats.Reached}
			if err := r.Scan(&org, &f.PersonID, &f.Day, &due, &state); err != nil {
				return err
			}
			if err := emit(f); err != nil || (state != ReferralSent && state != ReferralAccepted) || !due.Before(today) {
				return err
			}
			return emit(stats.Fact{Kind: stats.Overdue, Day: due, PersonID: f.PersonID, Outcome: stats.OverdueReferral, Unit: strconv.FormatInt(org, 10)})
		}},
		{`SELECT c.person_id, t.due_on FROM case_tasks t JOIN cases c ON c.id = t.case_id WHERE t.done_at IS NULL AND t.due_on < $1`, []any{today}, func(r db.Scanner) error {
			f := stats.Fact{Kind: stats.Overdue, Outcome: stats.OverdueTask}
			if err := r.Scan(&f.PersonID, &f.Day); err != nil {
				return err
			}
			return emit(f)
		}},
	}
	for _, query := range queries {
		rows, err := q.QueryContext(ctx, query.sql, query.args...)
		if err := db.Each(rows, err, query.scan); err != nil {
			return fmt.Errorf("cases: statistics: %w", err)
		}
	}
	for _, c := range firsts.assessed {
		f := stats.Fact{Kind: stats.Assessed, Day: c.first, PersonID: c.person, Days: daysBetween(c.opened, c.first), HasDays: true}
		if err := emit(f); err != nil {
			return err
		}
	}
	for _, c := range firsts.agreed {
		if err := emitPlan(c, today, emit); err != nil {
			return err
		}
	}
	return nil
}

// caseFirst is a case's intake and the first day of something that may
// happen to it more than once (an assessment, an agreed plan).
type caseFirst struct {
	person        int64
	opened, first time.Time // first is zero while it has not happened
}

// firstDays collects each case's first day. The earliest is picked here,
// not by MIN in SQL, which SQLite answers with text rather than a time.
type firstDays map[int64]caseFirst

func (m *firstDays) add(r db.Scanner) error {
	if *m == nil {
		*m = firstDays{}
	}
	var id int64
	var c caseFirst
	var at sql.NullTime
	if err := r.Scan(&id, &c.person, &c.opened, &at); err != nil {
		return err
	}
	old, seen := (*m)[id]
	if at.Valid {
		c.first = at.Time
	}
	if seen && (c.first.IsZero() || !old.first.IsZero() && old.first.Before(c.first)) {
		return nil
	}
	(*m)[id] = c
	return nil
}

// emitReached gives a case opened, and the person reached that day.
func emitReached(f stats.Fact, emit func(stats.Fact) error) error {
	if err := emit(f); err != nil {
		return err
	}
	return emit(stats.Fact{Kind: stats.Reached, Day: f.Day, PersonID: f.PersonID})
}

// emitPlan gives a case's first agreed plan and whether it came in time;
// a case still within its days and without a plan is not due yet.
func emitPlan(c caseFirst, today time.Time, emit func(stats.Fact) error) error {
	due := stats.Fact{Kind: stats.PlanDue, Day: c.opened, PersonID: c.person, Outcome: stats.PlanNone}
	if !c.first.IsZero() {
		f := stats.Fact{Kind: stats.PlanAgreed, Day: c.first, PersonID: c.person, Days: daysBetween(c.opened, c.first), HasDays: true}
		if err := emit(f); err != nil {
			return err
		}
		due.Outcome = stats.PlanLate
		if f.Days <= stats.PlanWithin {
			due.Outcome = stats.PlanOnTime
		}
	} else if daysBetween(c.opened, today) <= stats.PlanWithin {
		return nil
	}
	return emit(due)
}

// daysBetween counts the calendar days in Baku from one instant to another.
func daysBetween(from, to time.Time) int {
	return int(i18n.DayOf(to).Sub(i18n.DayOf(from)).Hours() / 24)
}
