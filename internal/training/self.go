package training

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"inteqra/internal/db"
)

// OwnRecord is what the Training-Education Centre holds about one person,
// as the person themselves is given it: each application or enrolment with
// its attendance marks and test results, and the certificates.
type OwnRecord struct {
	Enrolments   []OwnEnrolment   `json:"enrolments"`
	Certificates []OwnCertificate `json:"certificates"`
}

// OwnEnrolment is one application of the person and what became of it.
type OwnEnrolment struct {
	ID         int64           `json:"-"`
	Reference  string          `json:"reference"`
	Course     Titles          `json:"course"`
	Cohort     string          `json:"cohort"`
	StartsOn   time.Time       `json:"starts_on"`
	EndsOn     time.Time       `json:"ends_on"`
	State      EnrolmentState  `json:"state"`
	Channel    string          `json:"channel"`
	Reason     string          `json:"reason,omitempty"`
	AppliedAt  time.Time       `json:"applied_at"`
	DecidedAt  time.Time       `json:"decided_at,omitzero"`
	Attendance []OwnAttendance `json:"attendance"`
	Results    []OwnTestResult `json:"test_results"`
}

// Titles is a text in each language, keyed by its code.
type Titles map[string]string

// OwnAttendance is the mark of one lesson.
type OwnAttendance struct {
	Day  time.Time `json:"day"`
	Mark string    `json:"mark"`
}

// OwnTestResult is one test's result.
type OwnTestResult struct {
	Kind    string    `json:"kind"`
	Score   int       `json:"score"`
	Level   string    `json:"level,omitempty"`
	TakenOn time.Time `json:"taken_on"`
}

// OwnCertificate is a certificate issued to the person.
type OwnCertificate struct {
	Number   string           `json:"number"`
	Course   Titles           `json:"course"`
	IssuedOn time.Time        `json:"issued_on"`
	State    CertificateState `json:"state"`
}

// SelfRecord reads what the Centre holds about personID, for the person
// themselves. It checks no permission: the caller (mydata) has made sure
// that personID is the signed-in migrant's own.
func SelfRecord(ctx context.Context, q db.Querier, personID int64) (OwnRecord, error) {
	var r OwnRecord
	var err error
	if r.Enrolments, err = ownEnrolments(ctx, q, personID); err != nil {
		return r, err
	}
	for i := range r.Enrolments {
		e := &r.Enrolments[i]
		if e.Attendance, err = ownAttendance(ctx, q, e.ID); err != nil {
			return r, err
		}
		if e.Results, err = ownResults(ctx, q, e.ID); err != nil {
			return r, err
		}
	}
	r.Certificates, err = ownCertificates(ctx, q, personID)
	return r, err
}

func ownEnrolments(ctx context.Context, q db.Querier, personID int64) ([]OwnEnrolment, error) {
	rows, err := q.QueryContext(ctx, `
		SELECT e.id, e.reference, c.title_az, c.title_en, c.title_ru, h.code, h.starts_on, h.ends_on, e.state, e.channel,
			e.reason, e.applied_at, e.decided_at
		FROM enrolments e JOIN cohorts h ON h.id = e.cohort_id JOIN courses c ON c.id = h.course_id
		WHERE e.person_id = $1 ORDER BY e.applied_at DESC, e.id DESC`, personID)
	list, err := db.Collect(rows, err, func(r db.Scanner) (OwnEnrolment, error) {
		var e OwnEnrolment
		var az, en, ru string
		var decided sql.NullTime
		err := r.Scan(&e.ID, &e.Reference, &az, &en, &ru, &e.Cohort, &e.StartsOn, &e.EndsOn, &e.State, &e.Channel,
			&e.Reason, &e.AppliedAt, &decided)
		e.Course = Titles{"az": az, "en": en, "ru": ru}
		e.StartsOn, e.EndsOn, e.AppliedAt = e.StartsOn.UTC(), e.EndsOn.UTC(), e.AppliedAt.UTC()
		if decided.Valid {
			e.DecidedAt = decided.Time.UTC()
		}
		return e, err
	})
	if err != nil {
		return nil, fmt.Errorf("training: own enrolments %d: %w", personID, err)
	}
	return list, nil
}

func ownAttendance(ctx context.Context, q db.Querier, enrolmentID int64) ([]OwnAttendance, error) {
	rows, err := q.QueryContext(ctx, `SELECT l.day, a.mark FROM attendance a JOIN lessons l ON l.id = a.lesson_id
		WHERE a.enrolment_id = $1 ORDER BY l.day, l.starts`, enrolmentID)
	list, err := db.Collect(rows, err, func(r db.Scanner) (OwnAttendance, error) {
		var a OwnAttendance
		err := r.Scan(&a.Day, &a.Mark)
		a.Day = a.Day.UTC()
		return a, err
	})
	if err != nil {
		return nil, fmt.Errorf("training: own attendance %d: %w", enrolmentID, err)
	}
	return list, nil
}

func ownResults(ctx context.Context, q db.Querier, enrolmentID int64) ([]OwnTestResult, error) {
	rows, err := q.QueryContext(ctx, `SELECT kind, score, level, taken_on FROM test_results WHERE enrolment_id = $1 ORDER BY taken_on, id`,
		enrolmentID)
	list, err := db.Collect(rows, err, func(r db.Scanner) (OwnTestResult, error) {
		var t OwnTestResult
		err := r.Scan(&t.Kind, &t.Score, &t.Level, &t.TakenOn)
		t.TakenOn = t.TakenOn.UTC()
		return t, err
	})
	if err != nil {
		return nil, fmt.Errorf("training: own results %d: %w", enrolmentID, err)
	}
	return list, nil
}

func ownCertificates(ctx context.Context, q db.Querier, personID int64) ([]OwnCertificate, error) {
	rows, err := q.QueryContext(ctx, `
		SELECT t.number, c.title_az, c.title_en, c.title_ru, t.issued_on, t.state
		FROM certificates t JOIN enrolments e ON e.id = t.enrolment_id JOIN cohorts h ON h.id = e.cohort_id
		JOIN courses c ON c.id = h.course_id
		WHERE t.person_id = $1 ORDER BY t.issued_on DESC, t.id DESC`, personID)
	list, err := db.Collect(rows, err, func(r db.Scanner) (OwnCertificate, error) {
		var c OwnCertificate
		var az, en, ru string
		err := r.Scan(&c.Number, &az, &en, &ru, &c.IssuedOn, &c.State)
		c.Course, c.IssuedOn = Titles{"az": az, "en": en, "ru": ru}, c.IssuedOn.UTC()
		return c, err
	})
	if err != nil {
		return nil, fmt.Errorf("training: own certificates %d: %w", personID, err)
	}
	return list, nil
}
