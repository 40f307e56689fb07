package training

import (
	"context"
	"fmt"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
)

// The migrant's own training, for their area: their applications, the
// courses they hold a place on, their certificates. The person is always
// the signed-in migrant's own (access.Principal.PersonID), never one
// asked for.

// MyCourse is a course the migrant holds or held a place on: its lessons,
// the next one, their attendance against the course's threshold, and
// their results.
type MyCourse struct {
	PersonEnrolment
	Lessons []LessonRow
	Next    *LessonRow // the next lesson from today, nil when none is left
	Marks   map[int64]string
	Rate    Rate
	Results []TestResult
}

// Below reports whether the attendance is under the course's threshold.
func (c MyCourse) Below() bool { return !c.Rate.Meets(c.Course.AttendanceMin) }

// MyCertificate is one of the migrant's certificates with its course.
type MyCertificate struct {
	Certificate
	Course Course
}

// Mine is the migrant's own training.
type Mine struct {
	Applications []Status // newest first, with waiting-list positions
	Courses      []MyCourse
	Certificates []MyCertificate
}

// Mine returns the signed-in migrant's applications, courses and
// certificates.
func (s *Store) Mine(ctx context.Context, today time.Time) (Mine, error) {
	var m Mine
	person, err := access.Own(ctx)
	if err != nil {
		return m, err
	}
	list, err := s.enrolments(ctx, s.db, `WHERE person_id = $1 ORDER BY applied_at DESC, id DESC`, person)
	if err != nil {
		return m, err
	}
	for _, e := range list {
		pe := PersonEnrolment{Enrolment: e}
		if pe.Cohort, err = cohort(ctx, s.db, e.CohortID); err != nil {
			return m, err
		}
		if pe.Course, err = s.Course(ctx, pe.Cohort.CourseID); err != nil {
			return m, err
		}
		if e.State != Transferred {
			st := Status{Enrolment: e, Course: pe.Course, Cohort: pe.Cohort}
			if st.WaitlistPosition, err = s.waitlistPosition(ctx, e); err != nil {
				return m, err
			}
			m.Applications = append(m.Applications, st)
		}
		if !e.DecidedAt.IsZero() && e.State != Rejected && e.State != Transferred {
			c, err := s.myCourse(ctx, pe, today)
			if err != nil {
				return m, err
			}
			m.Courses = append(m.Courses, c)
		}
	}
	certs, err := s.certificatesOf(ctx, person)
	if err != nil {
		return m, err
	}
	for _, c := range certs {
		mc := MyCertificate{Certificate: c}
		e, err := enrolment(ctx, s.db, c.EnrolmentID)
		if err != nil {
			return m, err
		}
		co, err := cohort(ctx, s.db, e.CohortID)
		if err != nil {
			return m, err
		}
		if mc.Course, err = s.Course(ctx, co.CourseID); err != nil {
			return m, err
		}
		m.Certificates = append(m.Certificates, mc)
	}
	return m, nil
}

// waitlistPosition is an application's place on its cohort's waiting
// list, 0 when it is not waiting.
func (s *Store) waitlistPosition(ctx context.Context, e Enrolment) (int, error) {
	if e.State != Waitlisted {
		return 0, nil
	}
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM enrolments WHERE cohort_id = $1 AND state = 'waitlisted'
		AND (waitlisted_at < $2 OR (waitlisted_at = $2 AND id <= $3))`, e.CohortID, e.WaitlistedAt, e.ID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("training: waiting list of %d: %w", e.ID, err)
	}
	return n, nil
}

// myCourse reads the lessons, marks and results of one enrolment.
func (s *Store) myCourse(ctx context.Context, pe PersonEnrolment, today time.Time) (MyCourse, error) {
	c := MyCourse{PersonEnrolment: pe, Marks: map[int64]string{}}
	var err error
	if c.Lessons, err = s.lessonsIn(ctx, s.db, `WHERE cohort_id = $1 ORDER BY day, starts`, pe.CohortID); err != nil {
		return c, err
	}
	taken := map[int64]bool{}
	rows, err := s.db.QueryContext(ctx, `SELECT l.id, COALESCE(mine.mark, '') FROM lessons l
		LEFT JOIN attendance mine ON mine.lesson_id = l.id AND mine.enrolment_id = $2
		WHERE l.cohort_id = $1 AND EXISTS (SELECT 1 FROM attendance a WHERE a.lesson_id = l.id)`, pe.CohortID, pe.ID)
	err = db.Each(rows, err, func(r db.Scanner) error {
		var lesson int64
		var mark string
		if err := r.Scan(&lesson, &mark); err != nil {
			return err
		}
		taken[lesson] = true
		if mark != "" {
			c.Marks[lesson] = mark
		}
		return nil
	})
	if err != nil {
		return c, fmt.Errorf("training: attendance of %d: %w", pe.ID, err)
	}
	c.Rate = rateOf(c.Lessons, taken, func(lesson int64) string { return c.Marks[lesson] })
	day := i18n.DayOf(today)
	for i := range c.Lessons {
		if !c.Lessons[i].Day.Before(day) && pe.State == Enrolled {
			c.Next = &c.Lessons[i]
			break
		}
	}
	for _, kind := range TestKinds {
		if r, ok, err := s.result(ctx, pe.ID, kind); err != nil {
			return c, err
		} else if ok {
			c.Results = append(c.Results, r)
		}
	}
	return c, nil
}

// certificatesOf returns a person's certificates, newest first.
func (s *Store) certificatesOf(ctx context.Context, person int64) ([]Certificate, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+certificateColumns+` FROM certificates WHERE person_id = $1 ORDER BY issued_on DESC, id DESC`, person)
	list, err := db.Collect(rows, err, scanCertificate)
	if err != nil {
		return nil, fmt.Errorf("training: certificates of %d: %w", person, err)
	}
	return list, nil
}
