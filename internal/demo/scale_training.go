package demo

import (
	"context"
	"fmt"
	"sort"
	"time"

	"inteqra/internal/db"
	"inteqra/internal/training"
)

// The shape of a generated cohort: twelve weeks of two evening lessons,
// fifteen places, twelve applications of which ten are taken in.
const (
	scaleWeeks    = 12
	scalePlaces   = 15
	scaleApplied  = 12
	scaleEnrolled = 10
	scaleSchedule = "1 18:30-20:00;3 18:30-20:00"
)

// training writes sc.Cohorts cohorts starting over the years, each with its
// lessons, applications decided, learners' attendance up to today, and for
// the cohorts that ended, each learner's end state, final test and
// certificate.
func (g *scaleGen) training(ctx context.Context, tx *db.Tx, sc Scale, out *ScaleCounts) error {
	b := newBulkRows(tx)
	b.table("cohorts", "id", "course_id", "code", "starts_on", "ends_on", "schedule", "trainer_id", "capacity", "seats_taken",
		"language", "state", "created_at", "updated_at")
	b.table("lessons", "id", "cohort_id", "day", "starts", "ends")
	b.table("enrolments", "id", "reference", "person_id", "cohort_id", "state", "channel", "applied_at", "decided_at", "ended_at")
	b.table("attendance", "lesson_id", "enrolment_id", "mark", "recorded_by", "recorded_at")
	b.table("test_results", "enrolment_id", "kind", "score", "taken_on", "recorded_by", "recorded_at")
	b.table("certificates", "number", "code", "enrolment_id", "person_id", "issued_on")
	cohortIDs, lessonIDs, enrolIDs := ids{IDs: db.IDs{Table: "cohorts"}}, ids{IDs: db.IDs{Table: "lessons"}}, ids{IDs: db.IDs{Table: "enrolments"}}
	span := int(g.today.Sub(g.start).Hours()/24) - 60
	for range sc.Cohorts {
		if err := b.spill(ctx); err != nil {
			return err
		}
		id, err := cohortIDs.next(ctx, tx)
		if err != nil {
			return err
		}
		starts := g.start.AddDate(0, 0, 60+g.r.IntN(span))
		for starts.Weekday() != time.Monday {
			starts = starts.AddDate(0, 0, 1)
		}
		ends := starts.AddDate(0, 0, 7*scaleWeeks-5)
		state := training.Open
		switch {
		case ends.Before(g.today):
			state = training.Finished
		case !starts.After(g.today):
			state = training.Running
		}
		course := one(g, g.courses)
		trainer := one(g, g.trainers)
		created := starts.AddDate(0, 0, -45).Add(9 * time.Hour)
		if err := b.add(ctx, "cohorts", id, course.ID, fmt.Sprintf("S-%06d", id), starts, ends, scaleSchedule, trainer,
			scalePlaces, scaleEnrolled, "az", string(state), created, created); err != nil {
			return err
		}
		out.Cohorts++
		var lessons []int64
		var days []time.Time
		for w := range scaleWeeks {
			for _, d := range []int{0, 2} {
				lid, err := lessonIDs.next(ctx, tx)
				if err != nil {
					return err
				}
				day := starts.AddDate(0, 0, 7*w+d)
				if err := b.add(ctx, "lessons", lid, id, day, "18:30", "20:00"); err != nil {
					return err
				}
				lessons, days = append(lessons, lid), append(days, day)
				out.Lessons++
			}
		}
		c := cohortRun{id: id, starts: starts, ends: ends, state: state, course: course, trainer: trainer, lessons: lessons, days: days}
		if err := g.learners(ctx, b, &enrolIDs, c, out); err != nil {
			return err
		}
	}
	return b.flush(ctx)
}

// cohortRun is a generated cohort, for writing its learners.
type cohortRun struct {
	id, trainer  int64
	starts, ends time.Time
	state        training.CohortState
	course       training.Course
	lessons      []int64
	days         []time.Time
}

// learners writes a cohort's applications and what became of them.
func (g *scaleGen) learners(ctx context.Context, b *bulkRows, enrolIDs *ids, c cohortRun, out *ScaleCounts) error {
	seen := map[int64]bool{}
	for i := range scaleApplied {
		applied := c.starts.AddDate(0, 0, -1-g.r.IntN(30)).Add(11 * time.Hour)
		person := g.personBefore(applied)
		for seen[person] {
			person = g.personBefore(applied)
		}
		seen[person] = true
		id, err := enrolIDs.next(ctx, b.tx)
		if err != nil {
			return err
		}
		decided := applied.Add(48 * time.Hour)
		state, ended := training.Enrolled, any(nil)
		last := len(c.days) // lessons attended up to
		switch {
		case i >= scaleEnrolled:
			state = training.Rejected
		case c.state == training.Finished:
			state = []training.EnrolmentState{training.Completed, training.Completed, training.Completed, training.Completed,
				training.Completed, training.Completed, training.NotCompleted, training.Dropped}[g.r.IntN(8)]
			ended = c.ends.Add(18 * time.Hour)
			if state == training.Dropped {
				last = 1 + g.r.IntN(len(c.days)-1)
				ended = c.days[last-1].Add(20 * time.Hour)
			}
		}
		if err := b.add(ctx, "enrolments", id, fmt.Sprintf("TTM-S%09d", id), person, c.id, string(state), training.Online,
			applied, decided, ended); err != nil {
			return err
		}
		out.Enrolments++
		if state == training.Rejected {
			continue
		}
		for j := 0; j < last && g.past(c.days[j]); j++ {
			mark := []string{training.Present, training.Present, training.Present, training.Present, training.Present,
				training.Present, training.Present, training.Late, training.Excused, training.Absent}[g.r.IntN(10)]
			if err := b.add(ctx, "attendance", c.lessons[j], id, mark, c.trainer, c.days[j].Add(20*time.Hour)); err != nil {
				return err
			}
			out.Marks++
		}
		if state != training.Completed && state != training.NotCompleted {
			continue
		}
		score := c.course.PassMark + g.r.IntN(101-c.course.PassMark)
		if state == training.NotCompleted && g.chance(0.7) {
			score = g.r.IntN(c.course.PassMark)
		}
		if err := b.add(ctx, "test_results", id, training.Final, score, c.ends, c.trainer, c.ends.Add(19*time.Hour)); err != nil {
			return err
		}
		out.Tests++
		if state == training.Completed {
			if err := b.add(ctx, "certificates", fmt.Sprintf("TTM-%d-S%08d", c.ends.Year(), id), fmt.Sprintf("S%09d", id), id, person, c.ends); err != nil {
				return err
			}
			out.Certificates++
		}
	}
	return nil
}

// personBefore draws a person registered before t.
func (g *scaleGen) personBefore(t time.Time) int64 {
	n := sort.Search(len(g.registered), func(i int) bool { return g.registered[i].After(t) })
	return g.persons[g.r.IntN(max(n, 1))]
}
