package training

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/audit"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/textcheck"
)

// Kinds of test a learner sits.
const (
	Placement = "placement" // before the course, to place the learner
	Final     = "final"     // at the end; passing it is a condition of completion
)

// TestKinds lists the kinds of test.
var TestKinds = []string{Placement, Final}

// TestResult is a learner's score in one test, and for language courses
// the level it shows.
type TestResult struct {
	EnrolmentID int64
	Kind        string
	Score       int // per cent
	Level       string
	TakenOn     time.Time
}

// Passed reports whether the score reaches the course's pass mark.
func (r TestResult) Passed(c Course) bool { return r.Score >= c.PassMark }

// ResultInput is one learner's row of the test form.
type ResultInput struct {
	EnrolmentID int64
	Score       string
	Level       string
}

// RecordResults enters the scores of one kind of test for a cohort's
// learners, in one transaction; rows without a score are left alone.
func (s *Store) RecordResults(ctx context.Context, cohortID int64, kind, takenOn string, rows []ResultInput) error {
	if err := access.Require(ctx, access.TeachCohorts); err != nil {
		return err
	}
	if !slices.Contains(TestKinds, kind) {
		return i18n.Errorf("training.error.test_kind", "Field", i18n.Key("teach.test"))
	}
	day, err := time.Parse(time.DateOnly, takenOn)
	if err != nil || day.After(i18n.DayOf(s.now())) {
		return i18n.Errorf("training.error.test_date", "Field", i18n.Key("teach.test_date"))
	}
	return s.db.Transact(ctx, func(tx *db.Tx) error {
		c, err := cohort(ctx, tx, cohortID)
		if err != nil {
			return err
		}
		if err := ownCohort(ctx, c); err != nil {
			return err
		}
		if c.State != Running && !(kind == Placement && c.State == Open) {
			return i18n.Errorf("training.error.cohort_not_running")
		}
		co, err := course(ctx, tx, c.CourseID)
		if err != nil {
			return err
		}
		states := []EnrolmentState{Enrolled}
		if kind == Placement {
			states = live
		}
		learners, err := s.enrolments(ctx, tx, `WHERE cohort_id = $1`, cohortID)
		if err != nil {
			return err
		}
		now, by := s.now(), db.NullID(access.From(ctx).UserID)
		recorded := 0
		for _, row := range rows {
			if strings.TrimSpace(row.Score) == "" {
				continue
			}
			i := slices.IndexFunc(learners, func(e Enrolment) bool { return e.ID == row.EnrolmentID })
			if i < 0 || !slices.Contains(states, learners[i].State) {
				return i18n.Errorf("training.error.not_enrolled")
			}
			score, err := number(row.Score, 0, 100)
			if err != nil {
				return i18n.Errorf("training.error.score", "Value", textcheck.Excerpt(row.Score))
			}
			level := strings.ToUpper(strings.TrimSpace(row.Level))
			if level != "" && (!co.Language() || !slices.Contains(Levels, level)) {
				return i18n.Errorf("training.error.level")
			}
			_, err = tx.ExecContext(ctx, `INSERT INTO test_results (enrolment_id, kind, score, level, taken_on, recorded_by, recorded_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7)
				ON CONFLICT (enrolment_id, kind) DO UPDATE SET score = excluded.score, level = excluded.level,
					taken_on = excluded.taken_on, recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at`,
				row.EnrolmentID, kind, score, level, day, by, now)
			if err != nil {
				return fmt.Errorf("training: record result %d: %w", row.EnrolmentID, err)
			}
			recorded++
		}
		if recorded == 0 {
			return i18n.Errorf("training.error.no_scores")
		}
		return audit.Record(ctx, tx, "test.record", "cohort", strconv.FormatInt(cohortID, 10), "test."+kind)
	})
}

// results returns the test results of a cohort's learners by enrolment and kind.
func results(ctx context.Context, q db.Querier, cohortID int64) (map[int64]map[string]TestResult, error) {
	rows, err := q.QueryContext(ctx, `SELECT t.enrolment_id, t.kind, t.score, t.level, t.taken_on FROM test_results t
		JOIN enrolments e ON e.id = t.enrolment_id WHERE e.cohort_id = $1`, cohortID)
	out := map[int64]map[string]TestResult{}
	err = db.Each(rows, err, func(row db.Scanner) error {
		var r TestResult
		if err := row.Scan(&r.EnrolmentID, &r.Kind, &r.Score, &r.Level, &r.TakenOn); err != nil {
			return err
		}
		r.TakenOn = r.TakenOn.UTC()
		if out[r.EnrolmentID] == nil {
			out[r.EnrolmentID] = map[string]TestResult{}
		}
		out[r.EnrolmentID][r.Kind] = r
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("training: results %d: %w", cohortID, err)
	}
	return out, nil
}
