package demo

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/training"
)

// pastTerms are when the Centre's cohorts of a year start: a spring and an
// autumn term, and a summer one for the beginners' language course.
var pastTerms = []struct {
	month   time.Month
	day     int
	weekday time.Weekday
	start   string
	summer  bool
}{
	{time.February, 10, time.Saturday, "10:00", false},
	{time.June, 3, time.Tuesday, "18:00", true},
	{time.September, 20, time.Thursday, "18:00", false},
}

// cohorts runs the past cohorts of every course, term by term: learners
// apply and are enrolled, a few drop out, attendance is marked at every
// lesson, the final test is taken, and those who attended and passed get
// their certificates. A cohort ends three months before today at the
// latest, so the demo's own finished cohort stays the latest.
func (h *history) cohorts(ctx context.Context) error {
	courses, err := h.a.Training.Courses(h.sys, false)
	if err != nil {
		return err
	}
	latest := h.today.AddDate(0, -3, 0)
	for year := h.from.Year(); year <= h.today.Year(); year++ {
		for _, term := range pastTerms {
			for i, course := range courses {
				if term.summer && i > 0 {
					continue
				}
				start := time.Date(year, term.month, term.day+i, 0, 0, 0, 0, time.UTC)
				for start.Weekday() != term.weekday {
					start = days(start, 1)
				}
				weeks := 6 + h.r.IntN(4)
				end := days(start, 7*(weeks-1))
				if end.After(latest) {
					continue
				}
				if err := h.cohort(course, start, end, term.start); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// cohort runs one past cohort of course, weekly from start to end.
func (h *history) cohort(course training.Course, start, end time.Time, from string) error {
	hour, _ := strconv.Atoi(from[:2])
	c, err := h.a.Training.CreateCohort(h.sys, training.CohortInput{CourseID: course.ID, TrainerID: h.staff[access.Trainer].UserID,
		StartsOn: dateOf(start), EndsOn: dateOf(end), Capacity: "16", Language: pickOne(h.gen, []string{"az", "az", "ru"}),
		Slots: []training.SlotInput{{Weekday: strconv.Itoa(int(start.Weekday())), Start: from, End: fmt.Sprintf("%02d:00", hour+3)}},
		Venue: "Bakı, Təlim-tədris mərkəzi"})
	if err != nil {
		return fmt.Errorf("demo: past cohort: %w", err)
	}
	if err := h.a.Training.MoveCohort(h.sys, c.ID, training.Open, ""); err != nil {
		return err
	}
	opens := days(start, -35)
	n := 8 + h.r.IntN(7)
	in := map[int64]bool{}
	var ids []int64
	for range n {
		id, err := h.learner(c.ID, days(opens, h.r.IntN(25)), in)
		if err != nil {
			return err
		}
		if _, err := h.a.Training.Accept(h.sys, id); err != nil {
			return fmt.Errorf("demo: past enrolment: %w", err)
		}
		ids = append(ids, id)
	}
	if err := h.a.Training.MoveCohort(h.sys, c.ID, training.Running, ""); err != nil {
		return err
	}
	lessons, err := h.a.Training.CohortLessons(h.sys, c.ID)
	if err != nil {
		return err
	}
	// Some drop out in the first weeks; some stay but miss too much; the
	// rest come nearly always.
	var stay, results []training.ResultInput
	weak := map[int64]bool{}
	for _, id := range ids {
		if h.r.IntN(10) == 0 {
			if err := h.a.Training.Drop(h.sys, id, "Şəxsi səbəblərə görə kursu tərk etdi"); err != nil {
				return err
			}
			h.date(`UPDATE enrolments SET ended_at = $1 WHERE id = $2`, h.officeHour(days(start, 7+h.r.IntN(14))), id)
			continue
		}
		weak[id] = h.r.IntN(12) == 0
		stay = append(stay, training.ResultInput{EnrolmentID: id})
	}
	for _, l := range lessons {
		marks := map[int64]string{}
		for _, e := range stay {
			marks[e.EnrolmentID] = training.Present
			if x := h.r.IntN(20); weak[e.EnrolmentID] && x < 10 || x == 0 {
				marks[e.EnrolmentID] = pickOne(h.gen, []string{training.Absent, training.Absent, training.Excused, training.Late})
			}
		}
		if err := h.a.Training.MarkAttendance(h.sys, l.ID, marks); err != nil {
			return fmt.Errorf("demo: past attendance: %w", err)
		}
		h.date(`UPDATE attendance SET recorded_at = $1 WHERE lesson_id = $2`, at(l.Day, hour+3, 10), l.ID)
	}
	last := lessons[len(lessons)-1].Day
	for _, e := range stay {
		score := 60 + h.r.IntN(39)
		if h.r.IntN(8) == 0 {
			score = 30 + h.r.IntN(30)
		}
		results = append(results, training.ResultInput{EnrolmentID: e.EnrolmentID, Score: strconv.Itoa(score)})
	}
	if err := h.a.Training.RecordResults(h.sys, c.ID, training.Final, dateOf(last), results); err != nil {
		return fmt.Errorf("demo: past final test: %w", err)
	}
	if err := h.a.Training.MoveCohort(h.sys, c.ID, training.Finished, ""); err != nil {
		return fmt.Errorf("demo: past cohort finished: %w", err)
	}
	h.sum.Cohorts++
	h.sum.Enrolments += len(ids)
	return h.dateCohort(c.ID, start, end, last, hour)
}

// learner applies for a registered person to the cohort on day, trying
// persons until one holds a status the course admits, and returns the
// application. Learners who come to the Centre first may have been
// registered months before.
func (h *history) learner(cohortID int64, day time.Time, in map[int64]bool) (int64, error) {
	for range 40 {
		p, err := h.person(day, 9, 150, func(p *pastPerson) bool { return !p.noCourse && !in[p.id] })
		if err != nil {
			return 0, err
		}
		e, err := h.a.Training.ApplyFor(h.sys, cohortID, p.id)
		if err != nil {
			p.noCourse = true
			continue
		}
		in[p.id] = true
		h.date(`UPDATE enrolments SET applied_at = $1, decided_at = $2 WHERE id = $3`, h.officeHour(day), at(days(day, 1+h.r.IntN(5)), 11, 0), e.ID)
		return e.ID, nil
	}
	return 0, fmt.Errorf("demo: no past learner for cohort %d", cohortID)
}

// dateCohort queues the statements that move a finished cohort's records
// to its days: the final test on the last lesson, the ends of the
// enrolments that evening and the certificates a few days after the
// cohort's end (a holiday may have been its last day).
func (h *history) dateCohort(cohortID int64, start, end, last time.Time, hour int) error {
	h.date(`UPDATE cohorts SET created_at = $1, updated_at = $2 WHERE id = $3`, at(days(start, -45), 10, 0), at(last, hour+4, 0), cohortID)
	h.date(`UPDATE test_results SET recorded_at = $1 WHERE enrolment_id IN (SELECT id FROM enrolments WHERE cohort_id = $2)`,
		at(last, hour+3, 30), cohortID)
	h.date(`UPDATE enrolments SET ended_at = $1 WHERE cohort_id = $2 AND state IN ('completed', 'not_completed')`, at(last, hour+4, 0), cohortID)
	certs, err := h.a.Training.Certificates(h.sys, cohortID)
	if err != nil {
		return err
	}
	issued := days(end, 3+h.r.IntN(8))
	for _, c := range certs {
		h.date(`UPDATE certificates SET issued_on = $1, number = $2 WHERE id = $3`, issued, fmt.Sprintf("TTM-%d-%06d", issued.Year(), c.ID), c.ID)
	}
	h.sum.Certificates += len(certs)
	return nil
}
