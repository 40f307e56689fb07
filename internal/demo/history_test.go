package demo

import (
	"context"
	"testing"
	"time"

	"inteqra/internal/app"
	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"
	"inteqra/internal/i18n"
	"inteqra/internal/storage"
)

// TestHistoryOnPostgres seeds the full demo on PostgreSQL and checks its
// history as TestFullDemo does on SQLite: the dating statements run on
// both.
func TestHistoryOnPostgres(t *testing.T) {
	t.Parallel()
	d := dbtest.Postgres(t)
	a, err := app.New(d, "http://localhost", storage.NewFolder(t.TempDir()), app.NewKeys())
	if err != nil {
		t.Fatal(err)
	}
	_, sum, err := SeedFull(context.Background(), a, 100)
	if err != nil {
		t.Fatal(err)
	}
	checkHistory(t, d, sum.History)
}

// historyOrder are queries that count records whose dates are out of
// order; each must find none, in the history and in the rest of the demo.
var historyOrder = map[string]string{
	"case opened before its person registered": `SELECT count(*) FROM cases c JOIN persons p ON p.id = c.person_id WHERE p.created_at > c.opened_at`,
	"assessed before intake":                   `SELECT count(*) FROM cases c JOIN assessments a ON a.case_id = c.id WHERE a.completed_at <= c.opened_at`,
	"plan agreed before the assessment": `SELECT count(*) FROM assessments a JOIN plans p ON p.case_id = a.case_id
		WHERE p.agreed_on < a.completed_at OR p.decided_at < a.completed_at`,
	"closed before opened": `SELECT count(*) FROM cases WHERE closed_at <= opened_at`,
	"referral answered before sent or after its case closed": `SELECT count(*) FROM referrals r JOIN cases c ON c.id = r.case_id
		WHERE r.answered_at < r.sent_at OR r.closed_at < r.answered_at OR r.sent_at < c.opened_at OR r.closed_at > c.closed_at`,
	"service before intake":  `SELECT count(*) FROM service_contacts s JOIN cases c ON c.id = s.case_id WHERE s.created_at < c.opened_at`,
	"timeline before intake": `SELECT count(*) FROM case_events e JOIN cases c ON c.id = e.case_id WHERE e.at < c.opened_at`,
	"application out of order": `SELECT count(*) FROM enrolments e JOIN cohorts c ON c.id = e.cohort_id JOIN persons p ON p.id = e.person_id
		WHERE e.decided_at <= e.applied_at OR e.ended_at <= e.decided_at OR p.created_at > e.applied_at OR e.decided_at >= c.starts_on`,
	"certificate before the cohort ended": `SELECT count(*) FROM certificates ce JOIN enrolments e ON e.id = ce.enrolment_id
		JOIN cohorts c ON c.id = e.cohort_id WHERE ce.issued_on <= c.ends_on`,
	"proposal answered before received": `SELECT count(*) FROM proposals WHERE reviewed_at < submitted_at OR answered_at < reviewed_at
		OR implemented_at < answered_at`,
}

// historyYear are the least a year of the history holds, for each of the
// last three calendar years: counts by the day the dashboards count them.
var historyYear = []struct {
	what, query string
	least       int
}{
	{"cases opened", `SELECT count(*) FROM cases WHERE opened_at >= $1 AND opened_at < $2`, 60},
	{"needs assessed", `SELECT count(*) FROM assessments WHERE completed_at >= $1 AND completed_at < $2`, 50},
	{"services delivered", `SELECT count(*) FROM service_contacts WHERE held_on >= $1 AND held_on < $2`, 60},
	{"cases closed", `SELECT count(*) FROM cases WHERE closed_at >= $1 AND closed_at < $2`, 25},
	{"partners answering with two outcomes or more", `SELECT count(*) FROM (SELECT organisation_id FROM referrals
		WHERE closed_at >= $1 AND closed_at < $2 GROUP BY organisation_id HAVING count(DISTINCT state) >= 2) x`, 3},
	{"learners completing", `SELECT count(*) FROM enrolments WHERE state = 'completed' AND ended_at >= $1 AND ended_at < $2`, 40},
	{"learners not completing", `SELECT count(*) FROM enrolments WHERE state = 'not_completed' AND ended_at >= $1 AND ended_at < $2`, 5},
	{"learners dropping out", `SELECT count(*) FROM enrolments WHERE state = 'dropped' AND ended_at >= $1 AND ended_at < $2`, 3},
	{"final tests failed", `SELECT count(*) FROM test_results WHERE score < 60 AND taken_on >= $1 AND taken_on < $2`, 3},
	{"certificates issued", `SELECT count(*) FROM certificates WHERE issued_on >= $1 AND issued_on < $2`, 40},
	{"course kinds with a finished cohort", `SELECT count(DISTINCT co.kind) FROM cohorts c JOIN courses co ON co.id = c.course_id
		WHERE c.state = 'finished' AND c.ends_on >= $1 AND c.ends_on < $2`, 6},
	{"proposals answered", `SELECT count(*) FROM proposals WHERE answered_at >= $1 AND answered_at < $2`, 8},
	{"proposals rejected", `SELECT count(*) FROM proposals WHERE outcome = 'rejected' AND answered_at >= $1 AND answered_at < $2`, 1},
}

// checkHistory checks what the demo's history holds for the dashboards:
// every year's figures well above the small-cell threshold, registrations
// and cases in every month, plans agreed within 30 days and later, and
// every date in order.
func checkHistory(t *testing.T, d *db.DB, h History) {
	t.Helper()
	today := i18n.DayOf(time.Now())
	if h.From != today.Year()-3 || h.To != today.Year() || h.Cases < 250 || h.Cohorts < 36 || h.Proposals < 36 {
		t.Errorf("history %+v; want three years and this one, with cases, cohorts and proposals", h)
	}
	for what, query := range historyOrder {
		if n := dbtest.Count(t, d, query); n > 0 {
			t.Errorf("%d records with %s", n, what)
		}
	}
	for y := h.From; y < h.To; y++ {
		from, to := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(y+1, 1, 1, 0, 0, 0, 0, time.UTC)
		for _, c := range historyYear {
			if n := dbtest.Count(t, d, c.query, from, to); n < c.least {
				t.Errorf("%d: %d %s, want at least %d", y, n, c.what, c.least)
			}
		}
		within, later := plansAgreed(t, d, from, to)
		if within < 10 || later < 10 {
			t.Errorf("%d: %d plans agreed within 30 days of intake and %d later, want some of each", y, within, later)
		}
	}
	for m := time.Date(h.From, 1, 1, 0, 0, 0, 0, time.UTC); m.Before(today); m = m.AddDate(0, 1, 0) {
		next := m.AddDate(0, 1, 0)
		persons := dbtest.Count(t, d, `SELECT count(*) FROM persons WHERE created_at >= $1 AND created_at < $2`, m, next)
		opened := dbtest.Count(t, d, `SELECT count(*) FROM cases WHERE opened_at >= $1 AND opened_at < $2`, m, next)
		if persons == 0 || opened == 0 {
			t.Errorf("%s: %d persons registered, %d cases opened; want some every month", m.Format("2006-01"), persons, opened)
		}
	}
}

// plansAgreed counts the cases opened in [from, to) whose plan was agreed
// within 30 days of intake, and those agreed later.
func plansAgreed(t *testing.T, d *db.DB, from, to time.Time) (within, later int) {
	t.Helper()
	rows, err := d.QueryContext(context.Background(), `SELECT c.opened_at, p.agreed_on FROM cases c JOIN plans p ON p.case_id = c.id
		WHERE p.agreed_on IS NOT NULL AND c.opened_at >= $1 AND c.opened_at < $2`, from, to)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var opened, agreed time.Time
		if err := rows.Scan(&opened, &agreed); err != nil {
			t.Fatal(err)
		}
		if agreed.Sub(i18n.DayOf(opened)) <= 30*24*time.Hour {
			within++
		} else {
			later++
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return within, later
}
