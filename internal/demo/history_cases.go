package demo

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/cases"
	"inteqra/internal/i18n"
)

// pastNeeds are what people ask for at intake, and where a consultant
// refers them: the partner (an index into demoOrgs) and the need written
// on the referral. None goes to the partner officer's ministry, whose
// inbox shows the demo's one referral waiting.
var pastNeeds = []struct {
	domain, stated, need string
	org                  int
}{
	{"work", "İş tapmaq, peşə hazırlığı.", "İş axtarışında kömək və peşə hazırlığı kursları.", 7},
	{"work", "Diplomuna uyğun iş tapmaq.", "Vakansiyalar və işə qəbul üçün müsahibə.", 7},
	{"education", "Uşaqları məktəbə yazdırmaq.", "Uşaqların məktəbə qəbulu üçün sənədlərin qiymətləndirilməsi.", 4},
	{"education", "Diplomun tanınması.", "Xarici diplomun tanınması prosedurunda kömək.", 4},
	{"social_aid", "Ailə üçün sosial yardım.", "Ünvanlı sosial yardım üçün müraciətdə dəstək.", 5},
	{"housing", "Kirayə mənzil tapmaq.", "Kirayə müqaviləsi və mənzil axtarışında məsləhət.", 5},
	{"legal_status", "Yaşayış icazəsinin uzadılması.", "Yaşayış icazəsinin uzadılması üzrə hüquqi məsləhət.", 6},
	{"health", "Həkimə yazılmaq, tibbi sığorta.", "Poliklinikada qeydiyyat və tibbi sığorta barədə məlumat.", 5},
}

// pastClosures are how past cases ended, weighted.
var pastClosures = []weighted[string]{{"completed", 14}, {"moved_away", 3}, {"no_contact", 2}, {"withdrawn", 1}}

// casesPerMonth are the least and most cases a month opens.
const casesFewest, casesMost = 6, 10

// pastCase is one case of the history: its days, the zero time for a step
// it has not reached.
type pastCase struct {
	id                        int64
	person                    *pastPerson
	need                      int
	opened, assessed, planned time.Time
	approved, held, closed    time.Time
	outcome                   string
	referrals                 []pastReferral
	contacts                  []pastContact
}

// pastContact is a service the person of a case received, on its day.
type pastContact struct {
	service string // its code in the catalogue
	day     time.Time
	minutes int
}

// pastReferral is a referral of the history and how its partner answered.
type pastReferral struct {
	id                     int64
	org                    int
	need                   int
	sent, answered, closed time.Time
	state                  cases.ReferralState
}

// cases opens every month's cases in turn and takes each as far as it went
// by today.
func (h *history) cases(ctx context.Context) error {
	orgIDs, err := orgIDsByName(h.sys, h.a)
	if err != nil {
		return err
	}
	list, err := h.a.Cases.Services(h.sys, false)
	if err != nil {
		return err
	}
	services := map[string]int64{}
	for _, sv := range list {
		services[sv.Code] = sv.ID
	}
	var open []*pastCase
	for month := h.from; month.Before(h.today); month = month.AddDate(0, 1, 0) {
		n := casesFewest + h.r.IntN(casesMost-casesFewest+1)
		length := month.AddDate(0, 1, -1).Day()
		for range n {
			day := days(month, h.r.IntN(length))
			if !h.past(day) {
				continue
			}
			// A person whose last case closed may come back.
			open = freeUp(open, day)
			p, err := h.person(day, 3, 20, func(p *pastPerson) bool { return !p.caseOpen && p.free.Before(day) })
			if err != nil {
				return err
			}
			c := h.plan(p, day)
			if err := h.run(ctx, c, orgIDs, services); err != nil {
				return err
			}
			p.caseOpen = true
			open = append(open, c)
		}
	}
	return nil
}

// freeUp lets the persons of cases closed before day take a new one.
func freeUp(open []*pastCase, day time.Time) []*pastCase {
	kept := open[:0]
	for _, c := range open {
		if !c.closed.IsZero() && c.closed.Before(day) {
			c.person.caseOpen, c.person.free = false, c.closed
			continue
		}
		kept = append(kept, c)
	}
	return kept
}

// plan draws the days of a case opened on day: the assessment within
// weeks, the plan agreed within days or weeks of it (so some within 30
// days of intake and some later), referrals answered, and the closure
// months later; steps that fall after today have not happened.
func (h *history) plan(p *pastPerson, day time.Time) *pastCase {
	c := &pastCase{person: p, need: h.r.IntN(len(pastNeeds)), opened: h.officeHour(day)}
	step := func(from time.Time, lo, hi int) time.Time {
		d := days(from, lo+h.r.IntN(hi-lo+1))
		if !h.past(d) {
			return time.Time{}
		}
		return h.officeHour(d)
	}
	lost := h.r.IntN(12) == 0 // the person stopped coming before a plan
	if c.assessed = step(day, 2, 24); c.assessed.IsZero() || lost {
		if c.closed = step(day, 30, 70); !c.closed.IsZero() {
			c.outcome = pick(h.gen, []weighted[string]{{"no_contact", 3}, {"withdrawn", 1}})
		}
		return c
	}
	first := pickOne(h.gen, []string{"counselling", "counselling", "legal_advice", "documents"})
	c.contacts = append(c.contacts, pastContact{first, c.assessed, 30 + 15*h.r.IntN(5)})
	if c.planned = step(c.assessed, 2, 30); c.planned.IsZero() {
		return c
	}
	if h.r.IntN(5) < 2 {
		more := pickOne(h.gen, []string{"orientation", "employment", "interpretation", "housing"})
		c.contacts = append(c.contacts, pastContact{more, c.planned, 60 + 30*h.r.IntN(3)})
	}
	if c.approved = step(c.planned, 0, 3); c.approved.IsZero() {
		c.approved = c.planned
	}
	end := c.approved
	for i := range 1 + h.r.IntN(2) {
		if h.r.IntN(5) < 2 {
			continue
		}
		r := pastReferral{need: c.need, sent: step(c.approved, 1+20*i, 20+20*i)}
		if i > 0 {
			r.need = h.r.IntN(len(pastNeeds))
		}
		r.org = pastNeeds[r.need].org
		if r.sent.IsZero() {
			break
		}
		if r.answered = step(r.sent, 1, 7); r.answered.IsZero() {
			break
		}
		r.state = pick(h.gen, []weighted[cases.ReferralState]{{cases.ReferralCompleted, 12}, {cases.ReferralDeclined, 3}, {cases.ReferralNoShow, 2}})
		r.closed = r.answered
		if r.state != cases.ReferralDeclined {
			if r.closed = step(r.answered, 5, 45); r.closed.IsZero() {
				break
			}
		}
		c.referrals = append(c.referrals, r)
		if r.closed.After(end) {
			end = r.closed
		}
	}
	// A few of the recent cases wait for the person to come back.
	if held := step(end, 5, 30); !held.IsZero() && held.After(h.today.AddDate(0, -4, 0)) && h.r.IntN(6) == 0 {
		c.held = held
		return c
	}
	if c.closed = step(end, 30, 200); !c.closed.IsZero() {
		c.outcome = pick(h.gen, pastClosures)
	}
	return c
}

// run takes a case through the stores as its days say, and queues the
// statements that date it back. Services are recorded today (a contact
// may not come before the case's opening, which is today until dated).
func (h *history) run(ctx context.Context, c *pastCase, orgIDs, services map[string]int64) error {
	consultant := access.With(ctx, h.staff[access.Consultant])
	supervisor := access.With(ctx, h.staff[access.Supervisor])
	need := pastNeeds[c.need]
	opened, err := h.a.Cases.OpenCase(consultant, cases.IntakeInput{PersonID: c.person.id, StatedNeeds: need.stated,
		Source: pickOne(h.gen, cases.Sources[:3])})
	if err != nil {
		return fmt.Errorf("demo: past case: %w", err)
	}
	c.id = opened.ID
	h.sum.Cases++
	if !c.assessed.IsZero() {
		in := cases.AssessmentInput{Domains: map[string]cases.DomainInput{}, Complete: true}
		for i, d := range cases.Domains {
			in.Domains[d] = cases.DomainInput{Level: 1 + (i+c.need)%3, Priority: []string{"high", "medium", "low"}[(i+c.need)%3]}
		}
		if _, err := h.a.Cases.SaveAssessment(consultant, c.id, in); err != nil {
			return fmt.Errorf("demo: past assessment: %w", err)
		}
	}
	if !c.planned.IsZero() {
		due := dateOf(h.today.AddDate(0, 6, 0))
		plan, err := h.a.Cases.SavePlan(consultant, c.id, cases.PlanInput{Goals: []cases.GoalInput{
			{Domain: need.domain, Action: need.need, Responsible: demoOrgs[need.org].Name, DueOn: due},
			{Domain: "language", Action: "Azərbaycan dili kursunu bitirmək", Responsible: "Təlim-tədris mərkəzi", DueOn: due}}})
		if err != nil {
			return fmt.Errorf("demo: past plan: %w", err)
		}
		if err := h.a.Cases.AgreePlan(consultant, plan.ID, dateOf(c.planned)); err != nil {
			return fmt.Errorf("demo: past plan agreed: %w", err)
		}
		if err := h.a.Cases.ApprovePlan(supervisor, plan.ID); err != nil {
			return fmt.Errorf("demo: past plan approved: %w", err)
		}
	}
	for i, ct := range c.contacts {
		got, err := h.a.Cases.RecordContact(consultant, c.id, cases.ContactInput{ServiceID: services[ct.service], HeldOn: dateOf(h.today),
			Minutes: strconv.Itoa(ct.minutes), Language: pickOne(h.gen, []string{"az", "ru", "en"}), Group: i > 0 && ct.service == "orientation"})
		if err != nil {
			return fmt.Errorf("demo: past service: %w", err)
		}
		h.sum.Services++
		h.date(`UPDATE service_contacts SET held_on = $1, created_at = $2 WHERE id = $3`, i18n.DayOf(ct.day), ct.day, got.ID)
		h.date(`UPDATE case_events SET at = $1 WHERE case_id = $2 AND kind = 'contact' AND ref_id = $3`, ct.day, c.id, got.ID)
	}
	for i := range c.referrals {
		if err := h.refer(consultant, c, &c.referrals[i], orgIDs); err != nil {
			return err
		}
	}
	switch {
	case !c.held.IsZero():
		if err := h.a.Cases.Hold(consultant, c.id, "Şəxs müvəqqəti olaraq ölkədən çıxıb"); err != nil {
			return fmt.Errorf("demo: past hold: %w", err)
		}
	case !c.closed.IsZero():
		if err := h.a.Cases.RequestClosure(consultant, c.id, c.outcome, "Konsultantın son görüşü"); err != nil {
			return fmt.Errorf("demo: past closure: %w", err)
		}
		if err := h.a.Cases.DecideClosure(supervisor, c.id, true, ""); err != nil {
			return fmt.Errorf("demo: past closure decided: %w", err)
		}
		h.sum.Closed++
	}
	h.dateCase(c)
	return nil
}

// refer sends a referral of the case and has its partner answer it.
func (h *history) refer(consultant context.Context, c *pastCase, r *pastReferral, orgIDs map[string]int64) error {
	need := pastNeeds[r.need]
	sent, err := h.a.Cases.Refer(consultant, c.id, cases.ReferralInput{OrganisationID: orgIDs[demoOrgs[r.org].Name],
		Domain: need.domain, Need: need.need, DueOn: dateOf(h.today)})
	if err != nil {
		return fmt.Errorf("demo: past referral: %w", err)
	}
	r.id = sent.ID
	h.sum.Referrals++
	switch r.state {
	case cases.ReferralDeclined:
		err = h.a.Cases.Decline(h.sys, r.id, "Bu ehtiyac bizim xidmətlərə aid deyil")
	case cases.ReferralNoShow:
		if err = h.a.Cases.Accept(h.sys, r.id); err == nil {
			err = h.a.Cases.NoShow(h.sys, r.id, "Şəxs təyin olunan görüşə gəlmədi")
		}
	default:
		if err = h.a.Cases.Accept(h.sys, r.id); err == nil {
			err = h.a.Cases.Complete(h.sys, r.id, "Xidmət göstərildi")
		}
	}
	if err != nil {
		return fmt.Errorf("demo: past referral answered: %w", err)
	}
	return nil
}

// dateCase queues the statements that move a case, its timeline, its
// assessment, plan and referrals to their days.
func (h *history) dateCase(c *pastCase) {
	last := c.opened
	for _, t := range []time.Time{c.assessed, c.approved, c.held, c.closed} {
		if t.After(last) {
			last = t
		}
	}
	var closed any
	if !c.closed.IsZero() {
		closed = c.closed
	}
	or := func(t time.Time) time.Time {
		if t.IsZero() {
			return c.opened
		}
		return t
	}
	h.date(`UPDATE cases SET opened_at = $1, closed_at = $2, updated_at = $3 WHERE id = $4`, c.opened, closed, last, c.id)
	h.date(`UPDATE case_events SET at = CASE
		WHEN kind = 'opened' THEN $1
		WHEN kind IN ('assessment_saved', 'assessment_completed', 'state.assessed') THEN $2
		WHEN kind IN ('plan_saved', 'plan_agreed') THEN $3
		WHEN kind IN ('plan_approved', 'state.plan_active') THEN $4
		WHEN kind = 'state.on_hold' THEN $5
		WHEN kind IN ('closure_requested', 'closed', 'state.closed') THEN $6
		ELSE at END
		WHERE case_id = $7 AND kind NOT LIKE 'referral.%'`, c.opened, or(c.assessed), or(c.planned), or(c.approved), or(c.held), or(c.closed), c.id)
	if !c.assessed.IsZero() {
		h.date(`UPDATE assessments SET created_at = $1, completed_at = $1 WHERE case_id = $2`, c.assessed, c.id)
	}
	if !c.planned.IsZero() {
		h.date(`UPDATE plans SET created_at = $1, decided_at = $2 WHERE case_id = $3`, c.planned, c.approved, c.id)
		h.date(`UPDATE plan_goals SET due_on = $1 WHERE plan_id IN (SELECT id FROM plans WHERE case_id = $2)`,
			i18n.DayOf(days(c.planned, 120)), c.id)
	}
	for _, r := range c.referrals {
		h.date(`UPDATE referrals SET sent_at = $1, due_on = $2, answered_at = $3, closed_at = $4 WHERE id = $5`,
			r.sent, i18n.DayOf(days(r.sent, 30)), r.answered, r.closed, r.id)
		h.date(`UPDATE case_events SET at = CASE WHEN kind = 'referral.sent' THEN $1 WHEN kind = 'referral.accepted' THEN $2
			WHEN kind IN ('referral.declined', 'referral.completed', 'referral.no_show') THEN $3 ELSE at END
			WHERE case_id = $4 AND ref_id = $5 AND kind LIKE 'referral.%'`, r.sent, r.answered, r.closed, c.id, r.id)
	}
}
