package app_test

import (
	"errors"
	"slices"

	"inteqra/internal/cases"
)

// The random series' steps through the cases store.

func (c *chaos) open() error {
	p, ok := pick(c.r, c.clients)
	if !ok {
		return nil
	}
	got, err := c.a.Cases.OpenCase(c.consultant, cases.IntakeInput{PersonID: p, Source: cases.Sources[0]})
	if err == nil {
		c.cases = append(c.cases, got.ID)
	}
	return err
}

func (c *chaos) assess() error {
	id, ok := pick(c.r, c.cases)
	if !ok {
		return nil
	}
	return c.assessCase(id)
}

func (c *chaos) assessCase(id int64) error {
	in := cases.AssessmentInput{Domains: map[string]cases.DomainInput{}, Complete: true}
	for _, d := range cases.Domains {
		in.Domains[d] = cases.DomainInput{Level: 1 + c.r.IntN(4), Priority: "low"}
	}
	_, err := c.a.Cases.SaveAssessment(c.consultant, id, in)
	return err
}

func (c *chaos) plan() error {
	id, ok := pick(c.r, c.cases)
	if !ok {
		return nil
	}
	in := cases.PlanInput{Goals: []cases.GoalInput{{Domain: "work", Action: "İş", DueOn: c.day(60)}}}
	p, err := c.a.Cases.SavePlan(c.consultant, id, in)
	if errors.Is(err, cases.ErrNoAssessment) { // assess first, as a consultant would
		if err := c.assessCase(id); err != nil {
			return err
		}
		p, err = c.a.Cases.SavePlan(c.consultant, id, in)
	}
	if err != nil {
		return err
	}
	if err := c.a.Cases.AgreePlan(c.consultant, p.ID, c.day(-c.r.IntN(60))); err != nil || c.r.IntN(3) == 0 {
		return err
	}
	if c.r.IntN(4) == 0 {
		return c.a.Cases.ReturnPlan(c.supervisor, p.ID, "Yenidən")
	}
	return c.a.Cases.ApprovePlan(c.supervisor, p.ID)
}

func (c *chaos) refer() error {
	id, ok := pick(c.r, c.cases)
	if !ok {
		return nil
	}
	r, err := c.a.Cases.Refer(c.consultant, id, cases.ReferralInput{OrganisationID: c.partner, Domain: "housing", Need: "Mənzil", DueOn: c.day(c.r.IntN(20))})
	if err == nil {
		c.referrals = append(c.referrals, r.ID)
	}
	return err
}

func (c *chaos) answer() error {
	id, ok := pick(c.r, c.referrals)
	if !ok {
		return nil
	}
	to := []cases.ReferralState{cases.ReferralAccepted, cases.ReferralDeclined, cases.ReferralCancelled, cases.ReferralCompleted,
		cases.ReferralNoShow}[c.r.IntN(5)]
	return c.answerReferral(id, to)
}

func (c *chaos) contact() error {
	id, ok := pick(c.r, c.cases)
	if !ok {
		return nil
	}
	_, err := c.a.Cases.RecordContact(c.consultant, id, cases.ContactInput{ServiceID: c.service, HeldOn: c.day(0), Minutes: "45", Language: "ru"})
	return err
}

func (c *chaos) task() error {
	id, ok := pick(c.r, c.cases)
	if !ok {
		return nil
	}
	got, err := c.a.Cases.AddTask(c.consultant, id, cases.TaskInput{AssigneeID: c.consultantID, Title: "Zəng", DueOn: c.day(c.r.IntN(10))})
	if err == nil {
		c.tasks = append(c.tasks, got.ID)
	}
	return err
}

func (c *chaos) doTask() error {
	id, ok := pick(c.r, c.tasks)
	if !ok {
		return nil
	}
	return c.a.Cases.CompleteTask(c.consultant, id)
}

func (c *chaos) close() error {
	id, ok := pick(c.r, c.cases)
	if !ok {
		return nil
	}
	if err := c.a.Cases.RequestClosure(c.consultant, id, cases.Outcomes[c.r.IntN(len(cases.Outcomes))], "Son"); err != nil {
		return err
	}
	c.cases = slices.DeleteFunc(c.cases, func(k int64) bool { return k == id })
	return c.a.Cases.DecideClosure(c.supervisor, id, true, "")
}
