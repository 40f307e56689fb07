package app_test

import (
	"context"
	"slices"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/council"
	"inteqra/internal/i18n"
	"inteqra/internal/training"
)

// The random series' steps through the training and Council stores.

func (c *chaos) cohort() error {
	c.cohorts = append(c.cohorts, c.world.cohort())
	return nil
}

func (c *chaos) apply() error {
	co, ok := pick(c.r, c.cohorts)
	p, ok2 := pick(c.r, c.students)
	if !ok || !ok2 {
		return nil
	}
	_, err := c.a.Training.ApplyFor(c.sys, co, p)
	return err
}

// learners returns the enrolments of a random cohort in one of states.
func (c *chaos) learners(states ...training.EnrolmentState) ([]int64, error) {
	co, ok := pick(c.r, c.cohorts)
	if !ok {
		return nil, nil
	}
	roster, err := c.a.Training.Roster(c.sys, co)
	var ids []int64
	for _, e := range roster {
		if slices.Contains(states, e.State) {
			ids = append(ids, e.ID)
		}
	}
	return ids, err
}

func (c *chaos) accept() error {
	ids, err := c.learners(training.Applied, training.Waitlisted)
	if id, ok := pick(c.r, ids); ok && err == nil {
		_, err = c.a.Training.Accept(c.sys, id)
	}
	return err
}

func (c *chaos) drop() error {
	ids, err := c.learners(training.Enrolled)
	if id, ok := pick(c.r, ids); ok && err == nil {
		err = c.a.Training.Drop(c.sys, id, "Getdi")
	}
	return err
}

// finish runs a random cohort to its end.
func (c *chaos) finish() error {
	co, ok := pick(c.r, c.cohorts)
	if !ok {
		return nil
	}
	return c.finishCohort(co)
}

// finishCohort runs a cohort with learners to its end: most pass, some
// fail or miss lessons.
func (c *chaos) finishCohort(co int64) error {
	roster, err := c.a.Training.Roster(c.sys, co)
	var ids []int64
	for _, e := range roster {
		if e.State == training.Enrolled {
			ids = append(ids, e.ID)
		}
	}
	if err != nil || len(ids) == 0 {
		return err
	}
	scores, absent := map[int64]int{}, map[int64]bool{}
	for _, id := range ids {
		scores[id], absent[id] = 30+c.r.IntN(70), c.r.IntN(6) == 0
	}
	c.world.finish(co, scores, absent)
	c.cohorts = slices.DeleteFunc(c.cohorts, func(id int64) bool { return id == co })
	return nil
}

func (c *chaos) propose() error {
	id, _ := c.world.propose(c.r.IntN(3) > 0, "")
	c.proposals = append(c.proposals, id)
	return nil
}

func (c *chaos) answerProposal() error {
	id, ok := pick(c.r, c.proposals)
	if !ok {
		return nil
	}
	sec := access.With(context.Background(), access.System())
	if err := c.a.Council.Review(sec, id, council.ReviewInput{UnitName: "Şöbə"}); err != nil {
		return err
	}
	return c.a.Council.Answer(sec, id, council.AnswerInput{Outcome: council.Outcomes[c.r.IntN(len(council.Outcomes))],
		Answer: council.Texts{Az: "Cavab", En: "Answer", Ru: "Ответ"}})
}

// member seats a random person on the Council.
func (c *chaos) member() error {
	p, ok := pick(c.r, c.persons)
	if !ok {
		return nil
	}
	m, err := c.a.Council.AddMember(c.sys, council.MemberInput{PersonID: p, Origin: "UA", Role: council.Member, StartsOn: c.day(-400)})
	if err != nil {
		return err
	}
	return c.a.Council.ActivateTerm(c.sys, m.Term.ID)
}

// meeting holds a meeting that began an hour ago, each member present,
// excused or absent.
func (c *chaos) meeting() error {
	m, err := c.a.Council.PlanMeeting(c.sys, council.MeetingInput{Venue: "Bakı",
		StartsAt: time.Now().In(i18n.Baku).Add(-time.Hour).Format(council.StartsAtLayout)})
	if err != nil {
		return err
	}
	members, err := c.a.Council.ActiveMembers(c.sys)
	if err != nil {
		return err
	}
	in := council.AttendanceInput{Presence: map[int64]council.Presence{}}
	for _, mb := range members {
		in.Presence[mb.ID] = council.Presences[c.r.IntN(len(council.Presences))]
	}
	return c.a.Council.RecordAttendance(c.sys, m.ID, in)
}
