package app_test

import (
	"context"
	"database/sql"
	"strconv"
	"testing"
	"time"

	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/stats"
)

// The recount is the statistics worked out again from the source tables
// with plain SQL, never through stat_facts or the features' StatFacts, by
// the definitions the catalogue gives (stats.figure.*.about): what the
// dashboards show must equal it.

// event is one thing a figure counts, as the recount finds it.
type event struct {
	person        int64 // 0: no person stands behind it
	day           time.Time
	outcome, unit string
	days          int
	hasDays       bool
}

// traits are a person's categories as the recount reads them.
type traits struct {
	sex, citizenship, residence, region string
	birth                               time.Time
	birthYear                           int
}

// recount holds every kind's events and the categories of the persons in
// the registry.
type recount struct {
	events  map[stats.Kind][]event
	persons map[int64]traits
	today   time.Time
}

// sources are the plain queries behind each kind; each selects the
// person, the instant or day, and the outcome and unit where the kind has
// them, in that order, as text for the last two.
var sources = []struct {
	kind  stats.Kind
	query string
}{
	{stats.Registered, `SELECT id, created_at, '', '' FROM persons WHERE state = 'active'`},
	{stats.DuplicateFlagged, `SELECT 0, found_at, '', '' FROM duplicate_pairs`},
	// Merged: a pair one of whose records was merged into the other.
	{stats.DuplicateMerged, `SELECT 0, d.decided_at, '', '' FROM duplicate_pairs d JOIN persons p
		ON p.id = d.person_a AND p.merged_into = d.person_b OR p.id = d.person_b AND p.merged_into = d.person_a
		WHERE d.state = 'merged' AND d.decided_at IS NOT NULL`},
	// Reached: a case opened, a service given, a referral sent, a course
	// applied for (a transfer is the same application moved).
	{stats.Reached, `SELECT person_id, opened_at, '', '' FROM cases`},
	{stats.Reached, `SELECT c.person_id, s.held_on, '', '' FROM service_contacts s JOIN cases c ON c.id = s.case_id`},
	{stats.Reached, `SELECT c.person_id, r.sent_at, '', '' FROM referrals r JOIN cases c ON c.id = r.case_id`},
	{stats.Reached, `SELECT person_id, applied_at, '', '' FROM enrolments WHERE state <> 'transferred'`},
	{stats.CaseOpened, `SELECT person_id, opened_at, state, '' FROM cases`},
	{stats.Overdue, `SELECT c.person_id, r.due_on, 'referral', CAST(r.organisation_id AS TEXT) FROM referrals r JOIN cases c ON c.id = r.case_id
		WHERE r.state IN ('sent', 'accepted') AND r.due_on < $1`},
	{stats.Overdue, `SELECT c.person_id, t.due_on, 'task', '' FROM case_tasks t JOIN cases c ON c.id = t.case_id
		WHERE t.done_at IS NULL AND t.due_on < $1`},
	{stats.Applied, `SELECT e.person_id, e.applied_at, e.state, CAST(c.course_id AS TEXT) FROM enrolments e JOIN cohorts c ON c.id = e.cohort_id
		WHERE e.state <> 'transferred'`},
	{stats.CourseEnded, `SELECT e.person_id, e.ended_at, e.state, CAST(c.course_id AS TEXT) FROM enrolments e JOIN cohorts c ON c.id = e.cohort_id
		WHERE e.state IN ('completed', 'not_completed', 'dropped') AND e.ended_at IS NOT NULL`},
	{stats.FinalTest, `SELECT e.person_id, t.taken_on, CASE WHEN t.score >= co.pass_mark THEN 'passed' ELSE 'failed' END, CAST(co.id AS TEXT)
		FROM test_results t JOIN enrolments e ON e.id = t.enrolment_id JOIN cohorts c ON c.id = e.cohort_id
		JOIN courses co ON co.id = c.course_id WHERE t.kind = 'final'`},
	{stats.Certificate, `SELECT ce.person_id, ce.issued_on, '', CAST(c.course_id AS TEXT) FROM certificates ce
		JOIN enrolments e ON e.id = ce.enrolment_id JOIN cohorts c ON c.id = e.cohort_id WHERE ce.state = 'issued'`},
	{stats.ProposalReceived, `SELECT COALESCE(person_id, 0), submitted_at, state, '' FROM proposals`},
	{stats.ProposalAnswered, `SELECT COALESCE(person_id, 0), answered_at, outcome, '' FROM proposals WHERE answered_at IS NOT NULL`},
	// The measures of the plan published last, by traffic light as of
	// today: delayed when not started or in progress and past their end,
	// at risk when not started past their start.
	{stats.Measure, `SELECT 0, i.created_at, CASE WHEN i.status IN ('not_started', 'in_progress') AND i.ends_on < $1 THEN 'delayed'
		WHEN i.status IN ('completed', 'cancelled') THEN i.status WHEN i.status = 'not_started' AND i.starts_on < $1 THEN 'at_risk'
		ELSE 'on_track' END, COALESCE(CAST(i.responsible_org_id AS TEXT), '')
		FROM strategy_items i WHERE i.kind = 'measure' AND i.strategy_id =
			(SELECT id FROM strategies WHERE state = 'published' ORDER BY published_at DESC, id DESC LIMIT 1)`},
	{stats.Attendance, `SELECT m.person_id, mt.starts_at, a.presence, '' FROM council_attendance a
		JOIN council_meetings mt ON mt.id = a.meeting_id JOIN council_members m ON m.id = a.member_id
		WHERE mt.state IN ('held', 'approved') AND a.presence <> ''`},
}

// newRecount reads the events and persons from the source tables.
func newRecount(t *testing.T, d *db.DB) *recount {
	t.Helper()
	rc := &recount{events: map[stats.Kind][]event{}, persons: map[int64]traits{}, today: i18n.DayOf(time.Now())}
	for _, s := range sources {
		var args []any
		if s.kind == stats.Overdue || s.kind == stats.Measure {
			args = []any{rc.today}
		}
		rows(t, d, s.query, args, func(r *sql.Rows) error {
			var e event
			if err := r.Scan(&e.person, &e.day, &e.outcome, &e.unit); err != nil {
				return err
			}
			e.day = i18n.DayOf(e.day)
			rc.events[s.kind] = append(rc.events[s.kind], e)
			return nil
		})
	}
	rc.firsts(t, d)
	rc.referralsClosed(t, d)
	rc.registry(t, d)
	return rc
}

// firsts reads each case's first completed assessment and first agreed
// plan: whether it came within stats.PlanWithin days of the intake, and
// the cases past their days with no plan.
func (rc *recount) firsts(t *testing.T, d *db.DB) {
	t.Helper()
	days := func(from, to time.Time) int { return int(i18n.DayOf(to).Sub(i18n.DayOf(from)).Hours() / 24) }
	rows(t, d, `SELECT c.person_id, c.opened_at, a.completed_at FROM cases c JOIN assessments a ON a.case_id = c.id
		WHERE a.completed_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM assessments b WHERE b.case_id = c.id AND b.completed_at IS NOT NULL
			AND (b.completed_at < a.completed_at OR b.completed_at = a.completed_at AND b.id < a.id))`, nil, func(r *sql.Rows) error {
		var e event
		var opened time.Time
		if err := r.Scan(&e.person, &opened, &e.day); err != nil {
			return err
		}
		e.days, e.hasDays, e.day = days(opened, e.day), true, i18n.DayOf(e.day)
		rc.events[stats.Assessed] = append(rc.events[stats.Assessed], e)
		return nil
	})
	rows(t, d, `SELECT c.person_id, c.opened_at, p.agreed_on FROM cases c LEFT JOIN plans p ON p.case_id = c.id AND p.agreed_on IS NOT NULL
		AND NOT EXISTS (SELECT 1 FROM plans q WHERE q.case_id = c.id AND q.agreed_on IS NOT NULL
			AND (q.agreed_on < p.agreed_on OR q.agreed_on = p.agreed_on AND q.id < p.id))`, nil, func(r *sql.Rows) error {
		var person int64
		var opened time.Time
		var agreed sql.NullTime
		if err := r.Scan(&person, &opened, &agreed); err != nil {
			return err
		}
		due := event{person: person, day: i18n.DayOf(opened), outcome: stats.PlanNone}
		switch {
		case agreed.Valid:
			n := days(opened, agreed.Time)
			rc.events[stats.PlanAgreed] = append(rc.events[stats.PlanAgreed],
				event{person: person, day: i18n.DayOf(agreed.Time), days: n, hasDays: true})
			due.outcome = stats.PlanLate
			if n <= stats.PlanWithin {
				due.outcome = stats.PlanOnTime
			}
		case days(opened, rc.today) <= stats.PlanWithin:
			return nil // still within its days
		}
		rc.events[stats.PlanDue] = append(rc.events[stats.PlanDue], due)
		return nil
	})
}

// referralsClosed reads the referrals answered for good, on the day they
// were closed (or answered, or sent, the first of these set).
func (rc *recount) referralsClosed(t *testing.T, d *db.DB) {
	t.Helper()
	rows(t, d, `SELECT c.person_id, r.closed_at, r.answered_at, r.sent_at, r.state, r.organisation_id FROM referrals r
		JOIN cases c ON c.id = r.case_id WHERE r.state IN ('completed', 'declined', 'no_show', 'cancelled')`, nil, func(r *sql.Rows) error {
		var e event
		var closed, answered sql.NullTime
		var org int64
		if err := r.Scan(&e.person, &closed, &answered, &e.day, &e.outcome, &org); err != nil {
			return err
		}
		for _, t := range []sql.NullTime{answered, closed} {
			if t.Valid {
				e.day = t.Time
			}
		}
		e.day, e.unit = i18n.DayOf(e.day), strconv.FormatInt(org, 10)
		rc.events[stats.ReferralClosed] = append(rc.events[stats.ReferralClosed], e)
		return nil
	})
}

// registry reads the active persons' categories: one citizenship, several
// or stateless; the latest residence status in force today; the region.
func (rc *recount) registry(t *testing.T, d *db.DB) {
	t.Helper()
	rows(t, d, `SELECT p.id, p.sex, p.birth_date, COALESCE(p.birth_year, 0), p.stateless, COALESCE(CAST(p.region_id AS TEXT), ''),
		(SELECT count(*) FROM person_citizenships c WHERE c.person_id = p.id),
		COALESCE((SELECT min(country) FROM person_citizenships c WHERE c.person_id = p.id), '')
		FROM persons p WHERE p.state = 'active'`, nil, func(r *sql.Rows) error {
		var id int64
		var p traits
		var birth sql.NullTime
		var stateless bool
		var n int
		if err := r.Scan(&id, &p.sex, &birth, &p.birthYear, &stateless, &p.region, &n, &p.citizenship); err != nil {
			return err
		}
		p.birth = birth.Time
		switch {
		case stateless:
			p.citizenship = stats.Stateless
		case n > 1:
			p.citizenship = stats.CitizenshipMany
		}
		rc.persons[id] = p
		return nil
	})
	rows(t, d, `SELECT person_id, kind FROM residence_statuses WHERE state IN ('granted', 'extended')
		AND (valid_from IS NULL OR valid_from <= $1) AND (valid_to IS NULL OR valid_to >= $1)
		ORDER BY person_id, COALESCE(valid_from, issued_on, created_at), id`, []any{rc.today}, func(r *sql.Rows) error {
		var id int64
		var kind string
		if err := r.Scan(&id, &kind); err != nil {
			return err
		}
		if p, ok := rc.persons[id]; ok {
			p.residence = kind // the latest comes last
			rc.persons[id] = p
		}
		return nil
	})
}

func rows(t *testing.T, d *db.DB, query string, args []any, scan func(*sql.Rows) error) {
	t.Helper()
	r, err := d.QueryContext(context.Background(), query, args...)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer r.Close()
	for r.Next() {
		if err := scan(r); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
	}
	if err := r.Err(); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

// category returns the value of a category for an event of the person on
// day: unknown for anyone no longer in the registry.
func (rc *recount) category(c stats.Category, person int64, day time.Time) string {
	p, ok := rc.persons[person]
	switch c {
	case stats.Sex:
		return p.sex
	case stats.Age:
		if !ok {
			return string(stats.AgeUnknown)
		}
		return ageBand(p, day)
	case stats.Citizenship:
		return p.citizenship
	case stats.Residence:
		return p.residence
	case stats.Region:
		return p.region
	}
	return ""
}

// ageBand is the person's age band on day, from the birth date, or from
// the year alone (the age reached that year).
func ageBand(p traits, day time.Time) string {
	age := -1
	switch {
	case !p.birth.IsZero() && !p.birth.After(day):
		age = day.Year() - p.birth.Year()
		if day.Month() < p.birth.Month() || day.Month() == p.birth.Month() && day.Day() < p.birth.Day() {
			age--
		}
	case p.birth.IsZero() && p.birthYear > 0 && p.birthYear <= day.Year():
		age = day.Year() - p.birthYear
	}
	bands := []struct {
		below int
		band  string
	}{{0, "unknown"}, {18, "0_17"}, {25, "18_24"}, {35, "25_34"}, {45, "35_44"}, {55, "45_54"}, {65, "55_64"}}
	for _, b := range bands {
		if age < b.below {
			return b.band
		}
	}
	return "65_plus"
}
