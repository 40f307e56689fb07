package demo

import (
	"context"
	"fmt"
	"time"

	"inteqra/internal/app"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
)

// The stores date what they record by the clock, and the demo makes in
// seconds what took months: these statements move its records back to
// when they happened, so that figures by period and durations read true.

// dating is one UPDATE that moves records' timestamps to their past.
type dating struct {
	query string
	args  []any
}

// dateBack runs the statements in one transaction.
func dateBack(ctx context.Context, a *app.App, dates []dating) error {
	return a.DB.Transact(ctx, func(tx *db.Tx) error {
		for _, d := range dates {
			if _, err := tx.ExecContext(ctx, d.query, d.args...); err != nil {
				return fmt.Errorf("demo: date back: %s: %w", d.query, err)
			}
		}
		return nil
	})
}

// at is the moment on day at hour:minute in Baku, as stored.
func at(day time.Time, hour, minute int) time.Time {
	return db.Time(time.Date(day.Year(), day.Month(), day.Day(), hour, minute, 0, 0, i18n.Baku))
}

// days returns day moved by n days.
func days(day time.Time, n int) time.Time { return day.AddDate(0, 0, n) }

// registered dates the registration of a person, and the consents they
// signed with it, to t.
func registered(personID int64, t time.Time) []dating {
	return []dating{
		{`UPDATE persons SET created_at = $1, updated_at = $1 WHERE id = $2`, []any{t, personID}},
		{`UPDATE consents SET given_on = $1, created_at = $2 WHERE person_id = $3`, []any{i18n.DayOf(t), t, personID}},
	}
}

// dateDemoCases moves the demo's cases in later states (made by
// seedCaseStates) to the weeks before today: each person registered and
// their case opened a month or two ago, the needs assessed ten days
// later, the plan drafted three days ago and agreed yesterday.
func dateDemoCases(ctx context.Context, a *app.App, personIDs, caseIDs []int64) error {
	today := i18n.DayOf(db.Now())
	var dates []dating
	for i, id := range caseIDs {
		opened := at(days(today, -30-10*i), 10, 0)
		assessed := at(days(today, -20-10*i), 11, 30)
		dates = append(dates, registered(personIDs[i], at(days(today, -32-10*i), 15, 0))...)
		dates = append(dates,
			dating{`UPDATE cases SET opened_at = $1 WHERE id = $2`, []any{opened, id}},
			dating{`UPDATE assessments SET created_at = $1, completed_at = $1 WHERE case_id = $2`, []any{assessed, id}},
			dating{`UPDATE plans SET created_at = $1 WHERE case_id = $2`, []any{at(days(today, -3), 12, 0), id}},
			dating{`UPDATE case_events SET at = CASE WHEN kind = 'opened' THEN $1 WHEN kind = 'plan_saved' THEN $2
				WHEN kind IN ('assessment_saved', 'assessment_completed', 'state.assessed') THEN $3 ELSE at END WHERE case_id = $4`,
				[]any{opened, at(days(today, -3), 12, 0), assessed, id}})
	}
	return dateBack(ctx, a, dates)
}

// dateFinishedCohort moves the applications to the demo's finished
// cohort, and the registrations of its learners, to the weeks before it
// started.
func dateFinishedCohort(ctx context.Context, a *app.App, cohortID int64, personIDs []int64, start time.Time) error {
	dates := []dating{{`UPDATE enrolments SET applied_at = $1, decided_at = $2 WHERE cohort_id = $3`,
		[]any{at(days(start, -21), 11, 0), at(days(start, -14), 12, 0), cohortID}}}
	for _, id := range personIDs {
		dates = append(dates, registered(id, at(days(start, -21), 10, 40))...)
	}
	return dateBack(ctx, a, dates)
}
