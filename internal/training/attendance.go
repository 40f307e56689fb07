package training

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/audit"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
)

// Attendance marks for one learner at one lesson.
const (
	Present = "present"
	Late    = "late"
	Excused = "excused"
	Absent  = "absent"
)

// Marks lists the attendance marks in the order the register shows them.
var Marks = []string{Present, Late, Excused, Absent}

// Rate is a learner's attendance: lessons attended (present or late) out of
// the lessons that count. A lesson counts once the trainer has taken its
// attendance; an excused absence does not count against the learner.
type Rate struct {
	Attended int
	Counted  int
}

// Percent is the attendance rate in per cent, 100 before any lesson counts.
func (r Rate) Percent() int {
	if r.Counted == 0 {
		return 100
	}
	return r.Attended * 100 / r.Counted
}

// Meets reports whether the rate reaches the threshold in per cent.
func (r Rate) Meets(threshold int) bool { return r.Percent() >= threshold }

// rateOf counts a learner's rate over a cohort's lessons, of which those
// in taken have had their attendance taken, with mark giving the
// learner's mark at a lesson.
func rateOf(lessons []LessonRow, taken map[int64]bool, mark func(lesson int64) string) Rate {
	var r Rate
	for _, l := range lessons {
		m := mark(l.ID)
		if !taken[l.ID] || m == Excused || m == "" {
			continue // not taken yet, excused, or not in the cohort that day
		}
		r.Counted++
		if m == Present || m == Late {
			r.Attended++
		}
	}
	return r
}

// Sheet is a cohort's register: its lessons, its learners, every mark, and
// each learner's rate and test results.
type Sheet struct {
	Cohort   Cohort
	Course   Course
	Lessons  []LessonRow
	Learners []Enrolment // everyone who was ever enrolled, by name
	Marks    map[[2]int64]string
	Taken    map[int64]bool // lessons whose attendance has been taken
	Rates    map[int64]Rate
	Results  map[int64]map[string]TestResult // enrolment → kind → result
}

// Mark returns the mark of a learner at a lesson, "" when none.
func (s Sheet) Mark(lessonID, enrolmentID int64) string {
	return s.Marks[[2]int64{lessonID, enrolmentID}]
}

// Result returns a learner's result of a kind of test, and whether there is one.
func (s Sheet) Result(enrolmentID int64, kind string) (TestResult, bool) {
	r, ok := s.Results[enrolmentID][kind]
	return r, ok
}

// Register returns a cohort's register, to coordinators and its trainer;
// the view is audited.
func (s *Store) Register(ctx context.Context, cohortID int64) (Sheet, error) {
	return s.register(ctx, cohortID, "cohort.register")
}

// RegisterExport is Register for a download, which the audit log tells
// apart from a view.
func (s *Store) RegisterExport(ctx context.Context, cohortID int64) (Sheet, error) {
	return s.register(ctx, cohortID, "cohort.register_export")
}

func (s *Store) register(ctx context.Context, cohortID int64, action string) (Sheet, error) {
	if err := access.Require(ctx, access.ReadTraining); err != nil {
		return Sheet{}, err
	}
	sh, err := s.sheet(ctx, s.db, cohortID)
	if err != nil {
		return Sheet{}, err
	}
	return sh, audit.RecordRead(ctx, s.db, action, "cohort", strconv.FormatInt(cohortID, 10))
}

func (s *Store) sheet(ctx context.Context, q db.Querier, cohortID int64) (Sheet, error) {
	var sh Sheet
	var err error
	if sh.Cohort, err = cohort(ctx, q, cohortID); err != nil {
		return sh, err
	}
	if err := ownCohort(ctx, sh.Cohort); err != nil {
		return sh, err
	}
	if sh.Course, err = course(ctx, q, sh.Cohort.CourseID); err != nil {
		return sh, err
	}
	if sh.Lessons, err = s.lessonsIn(ctx, q, `WHERE cohort_id = $1 ORDER BY day, starts`, cohortID); err != nil {
		return sh, err
	}
	// decided_at is set when a place is taken: these are everyone who held one.
	if sh.Learners, err = s.enrolments(ctx, q, `WHERE cohort_id = $1 AND decided_at IS NOT NULL`, cohortID); err != nil {
		return sh, err
	}
	if err := s.withNamesIn(ctx, q, sh.Learners); err != nil {
		return sh, err
	}
	i18n.SortFunc(sh.Learners, func(e Enrolment) string { return e.PersonName })
	sh.Marks, sh.Taken = map[[2]int64]string{}, map[int64]bool{}
	rows, err := q.QueryContext(ctx, `SELECT a.lesson_id, a.enrolment_id, a.mark FROM attendance a
		JOIN lessons l ON l.id = a.lesson_id WHERE l.cohort_id = $1`, cohortID)
	err = db.Each(rows, err, func(r db.Scanner) error {
		var lesson, enrolment int64
		var mark string
		if err := r.Scan(&lesson, &enrolment, &mark); err != nil {
			return err
		}
		sh.Marks[[2]int64{lesson, enrolment}] = mark
		sh.Taken[lesson] = true
		return nil
	})
	if err != nil {
		return sh, fmt.Errorf("training: attendance %d: %w", cohortID, err)
	}
	sh.Rates = map[int64]Rate{}
	for _, e := range sh.Learners {
		sh.Rates[e.ID] = rateOf(sh.Lessons, sh.Taken, func(lesson int64) string { return sh.Mark(lesson, e.ID) })
	}
	sh.Results, err = results(ctx, q, cohortID)
	return sh, err
}

// LessonSheet is one lesson's attendance form.
type LessonSheet struct {
	Lesson   LessonRow
	Cohort   Cohort
	Course   Course
	Learners []Enrolment
	Marks    map[int64]string // enrolment → mark
	Rates    map[int64]Rate
	Editable bool // the trainer may still record or correct marks
}

// Lesson returns a lesson with its learners and marks.
func (s *Store) Lesson(ctx context.Context, lessonID int64) (LessonSheet, error) {
	if err := access.Require(ctx, access.ReadTraining); err != nil {
		return LessonSheet{}, err
	}
	var ls LessonSheet
	list, err := s.lessonsIn(ctx, s.db, `WHERE id = $1`, lessonID)
	if err != nil {
		return ls, err
	}
	if len(list) == 0 {
		return ls, db.ErrNotFound
	}
	ls.Lesson = list[0]
	sh, err := s.sheet(ctx, s.db, ls.Lesson.CohortID)
	if err != nil {
		return ls, err
	}
	ls.Cohort, ls.Course, ls.Rates, ls.Marks = sh.Cohort, sh.Course, sh.Rates, map[int64]string{}
	for _, e := range sh.Learners {
		if e.State == Enrolled || sh.Mark(lessonID, e.ID) != "" {
			ls.Learners = append(ls.Learners, e)
			ls.Marks[e.ID] = sh.Mark(lessonID, e.ID)
		}
	}
	ls.Editable = ls.Cohort.State == Running && !ls.Lesson.Day.After(i18n.DayOf(s.now()))
	return ls, nil
}

// MarkAttendance records the marks of one lesson, learner by learner, in one
// transaction. Only lessons of a running cohort that have taken place can
// be marked, and only for learners enrolled in it.
func (s *Store) MarkAttendance(ctx context.Context, lessonID int64, marks map[int64]string) error {
	if err := access.Require(ctx, access.TeachCohorts); err != nil {
		return err
	}
	if len(marks) == 0 {
		return i18n.Errorf("training.error.no_marks")
	}
	return s.db.Transact(ctx, func(tx *db.Tx) error {
		list, err := s.lessonsIn(ctx, tx, `WHERE id = $1`, lessonID)
		if err != nil {
			return err
		}
		if len(list) == 0 {
			return db.ErrNotFound
		}
		lesson := list[0]
		c, err := cohort(ctx, tx, lesson.CohortID)
		if err != nil {
			return err
		}
		if err := ownCohort(ctx, c); err != nil {
			return err
		}
		if c.State != Running {
			return i18n.Errorf("training.error.cohort_not_running")
		}
		if lesson.Day.After(i18n.DayOf(s.now())) {
			return i18n.Errorf("training.error.lesson_future")
		}
		enrolled, err := s.enrolments(ctx, tx, `WHERE cohort_id = $1 AND state = 'enrolled'`, lesson.CohortID)
		if err != nil {
			return err
		}
		now, by := s.now(), db.NullID(access.From(ctx).UserID)
		for id, mark := range marks {
			if !slices.Contains(Marks, mark) {
				return i18n.Errorf("training.error.mark")
			}
			if !slices.ContainsFunc(enrolled, func(e Enrolment) bool { return e.ID == id }) {
				return i18n.Errorf("training.error.not_enrolled")
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO attendance (lesson_id, enrolment_id, mark, recorded_by, recorded_at)
				VALUES ($1, $2, $3, $4, $5)
				ON CONFLICT (lesson_id, enrolment_id) DO UPDATE SET mark = excluded.mark, recorded_by = excluded.recorded_by,
					recorded_at = excluded.recorded_at`, lessonID, id, mark, by, now)
			if err != nil {
				return fmt.Errorf("training: mark attendance %d: %w", lessonID, err)
			}
		}
		if err := audit.Record(ctx, tx, "attendance.mark", "lesson", strconv.FormatInt(lessonID, 10)); err != nil {
			return err
		}
		return s.tellBelow(ctx, tx, lesson.CohortID, marks)
	})
}

// tellBelow tells each learner just marked whose attendance has fallen
// under the course's threshold, once per enrolment, while there is time
// to come back.
func (s *Store) tellBelow(ctx context.Context, tx *db.Tx, cohortID int64, marks map[int64]string) error {
	if s.notify == nil {
		return nil
	}
	sh, err := s.sheet(ctx, tx, cohortID)
	if err != nil {
		return err
	}
	for id := range marks {
		r := sh.Rates[id]
		if r.Counted < 2 || r.Meets(sh.Course.AttendanceMin) {
			continue // one lesson missed is no pattern yet
		}
		if err := s.tellLearner(ctx, tx, id, "attendance.below", "/courses", fmt.Sprint(id), map[string]string{
			"Rate": strconv.Itoa(r.Percent()), "Min": strconv.Itoa(sh.Course.AttendanceMin)}); err != nil {
			return err
		}
	}
	return nil
}

// LessonToday is a lesson on a trainer's day, with its cohort and course.
type LessonToday struct {
	LessonRow
	Cohort Cohort
	Course Course
	Taken  bool
}

// LessonsOn returns the lessons of running cohorts on day: a trainer's own,
// all of them for coordinators.
func (s *Store) LessonsOn(ctx context.Context, day time.Time) ([]LessonToday, error) {
	return s.lessonsOf(ctx, "=", day)
}

// Untaken returns the lessons of running cohorts before day whose
// attendance nobody has taken yet, oldest first: a trainer's own, all of
// them for coordinators. They keep a cohort from finishing.
func (s *Store) Untaken(ctx context.Context, day time.Time) ([]LessonToday, error) {
	lessons, err := s.lessonsOf(ctx, "<", day)
	return slices.DeleteFunc(lessons, func(l LessonToday) bool { return l.Taken }), err
}

// lessonsOf returns the lessons of running cohorts whose day compares to
// day by op ("=" or "<"), with whether their attendance was taken.
func (s *Store) lessonsOf(ctx context.Context, op string, day time.Time) ([]LessonToday, error) {
	cohorts, err := s.Cohorts(ctx, CohortFilter{States: []CohortState{Running}})
	if err != nil {
		return nil, err
	}
	mine := map[int64]Cohort{}
	for _, c := range cohorts {
		mine[c.ID] = c
	}
	lessons, err := s.lessonsIn(ctx, s.db, `WHERE day `+op+` $1 ORDER BY day, starts`, day)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT a.lesson_id FROM attendance a JOIN lessons l ON l.id = a.lesson_id WHERE l.day `+op+` $1`, day)
	taken, err := db.Collect(rows, err, func(r db.Scanner) (id int64, err error) {
		err = r.Scan(&id)
		return id, err
	})
	if err != nil {
		return nil, fmt.Errorf("training: attendance on %s: %w", day, err)
	}
	courses := map[int64]Course{}
	var out []LessonToday
	for _, l := range lessons {
		c, ok := mine[l.CohortID]
		if !ok {
			continue // not running, or another trainer's
		}
		co, ok := courses[c.CourseID]
		if !ok {
			if co, err = s.Course(ctx, c.CourseID); err != nil {
				return nil, err
			}
			courses[c.CourseID] = co
		}
		out = append(out, LessonToday{LessonRow: l, Cohort: c, Course: co, Taken: slices.Contains(taken, l.ID)})
	}
	return out, nil
}
