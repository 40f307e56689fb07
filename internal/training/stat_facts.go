package training

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"

	"inteqra/internal/db"
	"inteqra/internal/stats"
)

// StatFacts gives the statistics the Centre's facts: each application
// (with its state today; a transfer is the same application moved, so
// only the new one counts) and the person reached that day, each course
// ended with its result, each final test passed or failed, and each
// certificate in force. The unit of each is the course.
func (s *Store) StatFacts(ctx context.Context, q db.Querier, _ time.Time, emit func(stats.Fact) error) error {
	rows, err := q.QueryContext(ctx, `SELECT e.person_id, c.course_id, e.applied_at, e.state, e.ended_at FROM enrolments e
		JOIN cohorts c ON c.id = e.cohort_id WHERE e.state <> $1`, Transferred)
	err = db.Each(rows, err, func(r db.Scanner) error {
		var course int64
		var state EnrolmentState
		var ended sql.NullTime
		f := stats.Fact{Kind: stats.Applied}
		if err := r.Scan(&f.PersonID, &course, &f.Day, &state, &ended); err != nil {
			return err
		}
		f.Outcome, f.Unit = string(state), strconv.FormatInt(course, 10)
		if err := emit(f); err != nil {
			return err
		}
		if err := emit(stats.Fact{Kind: stats.Reached, Day: f.Day, PersonID: f.PersonID}); err != nil {
			return err
		}
		if (state == Completed || state == NotCompleted || state == Dropped) && ended.Valid {
			return emit(stats.Fact{Kind: stats.CourseEnded, Day: ended.Time, PersonID: f.PersonID, Outcome: string(state), Unit: f.Unit})
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("training: statistics: applications: %w", err)
	}
	rows, err = q.QueryContext(ctx, `SELECT e.person_id, co.id, co.pass_mark, t.score, t.taken_on FROM test_results t
		JOIN enrolments e ON e.id = t.enrolment_id JOIN cohorts c ON c.id = e.cohort_id JOIN courses co ON co.id = c.course_id
		WHERE t.kind = $1`, Final)
	err = db.Each(rows, err, func(r db.Scanner) error {
		var course int64
		var mark, score int
		f := stats.Fact{Kind: stats.FinalTest, Outcome: stats.Failed}
		if err := r.Scan(&f.PersonID, &course, &mark, &score, &f.Day); err != nil {
			return err
		}
		f.Unit = strconv.FormatInt(course, 10)
		if (TestResult{Score: score}).Passed(Course{PassMark: mark}) {
			f.Outcome = stats.Passed
		}
		return emit(f)
	})
	if err != nil {
		return fmt.Errorf("training: statistics: tests: %w", err)
	}
	rows, err = q.QueryContext(ctx, `SELECT ce.person_id, c.course_id, ce.issued_on FROM certificates ce
		JOIN enrolments e ON e.id = ce.enrolment_id JOIN cohorts c ON c.id = e.cohort_id WHERE ce.state = 'issued'`)
	err = db.Each(rows, err, func(r db.Scanner) error {
		var course int64
		f := stats.Fact{Kind: stats.Certificate}
		if err := r.Scan(&f.PersonID, &course, &f.Day); err != nil {
			return err
		}
		f.Unit = strconv.FormatInt(course, 10)
		return emit(f)
	})
	if err != nil {
		return fmt.Errorf("training: statistics: certificates: %w", err)
	}
	return nil
}
