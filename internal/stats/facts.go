package stats

import (
	"context"
	"time"

	"inteqra/internal/db"
)

// Kind names a countable event of the programme: a row of the analytics
// table. Each feature says which of its events are facts of which kind
// (its Source); the dashboards count them.
type Kind string

// The kinds of facts. Day is the day the event happened (in Baku); Outcome
// and Unit are the kind's own breakdowns, named beside each.
const (
	// Registered: a person entered the registry (merged and erased persons
	// are gone from it).
	Registered Kind = "registered"
	// DuplicateFlagged and DuplicateMerged: a likely duplicate found, and a
	// merge. They concern records, not persons, so they are not broken down.
	DuplicateFlagged Kind = "duplicate_flagged"
	DuplicateMerged  Kind = "duplicate_merged"
	// Reached: a person took part in the programme that day (a case opened,
	// a service given, a course applied for). Counted once per person.
	Reached Kind = "reached"
	// CaseOpened: a case opened. Outcome: the case's state today.
	CaseOpened Kind = "case_opened"
	// Assessed: a needs assessment completed. Days: since the intake.
	Assessed Kind = "assessed"
	// PlanDue: a case whose 30 days for an agreed plan have run out, or
	// whose plan was agreed sooner; Day is the intake. Outcome: PlanOnTime,
	// PlanLate or PlanNone.
	PlanDue Kind = "plan_due"
	// PlanAgreed: the case's first agreed plan. Days: since the intake.
	PlanAgreed Kind = "plan_agreed"
	// ReferralClosed: a referral answered for good. Outcome: completed,
	// declined, no_show or cancelled. Unit: the partner organisation's id.
	ReferralClosed Kind = "referral_closed"
	// Overdue: an item past its due day and still open on the day of the
	// refresh; Day is the due day. Outcome: OverdueReferral or OverdueTask.
	Overdue Kind = "overdue"
	// Applied: an application to a course. Outcome: its state today. Unit:
	// the course's id.
	Applied Kind = "applied"
	// CourseEnded: a learner's course ended. Outcome: completed,
	// not_completed or dropped. Unit: the course's id.
	CourseEnded Kind = "course_ended"
	// FinalTest: a final test taken. Outcome: passed or failed. Unit: the
	// course's id.
	FinalTest Kind = "final_test"
	// Certificate: a certificate issued and not revoked. Unit: the course.
	Certificate Kind = "certificate"
	// ProposalReceived: a proposal to the Council. Outcome: its state today.
	ProposalReceived Kind = "proposal_received"
	// ProposalAnswered: the Council's answer. Outcome: accepted,
	// partly_accepted or rejected.
	ProposalAnswered Kind = "proposal_answered"
	// Attendance: a member invited to a meeting held. Outcome: present,
	// excused or absent.
	Attendance Kind = "attendance"
	// Measure: a measure of the Action Plan in force, on the day of the
	// refresh. Outcome: its traffic light (MeasureLights); unit: the
	// responsible organisation. No person.
	Measure Kind = "measure"
)

// MeasureLights are the Action Plan's traffic lights, as the strategy
// package names them, in the order tables show them.
var MeasureLights = []string{"on_track", "at_risk", "delayed", "completed", "cancelled"}

// The outcomes facts of some kinds are broken down by.
const (
	PlanOnTime      = "on_time"  // agreed within 30 days of the intake
	PlanLate        = "late"     // agreed later
	PlanNone        = "none"     // not agreed yet
	OverdueReferral = "referral" // a referral not answered by its due day
	OverdueTask     = "task"     // a task not done by its due day
	Passed          = "passed"
	Failed          = "failed"
)

// PlanWithin is the number of days from the intake within which a plan
// should be agreed.
const PlanWithin = 30

// Fact is one countable event. PersonID is 0 when no person stands behind
// it (a proposal made by the Council itself).
type Fact struct {
	Kind     Kind
	Day      time.Time
	PersonID int64
	Outcome  string
	Unit     string
	Days     int  // a duration in days, for the kinds that measure one
	HasDays  bool // Days is set
}

// Person is what a fact is broken down by: a person's categories, with no
// name. Citizenship is a country code, "stateless", CitizenshipMany for
// several, or "" when not known; Residence the kind of the status in force
// on the day of the refresh; Region the region's id.
type Person struct {
	ID                             int64
	Sex                            string
	Birth                          time.Time
	BirthYear                      int
	Citizenship, Residence, Region string
}

// CitizenshipMany is the citizenship of a person with more than one: each
// person counts once, so that a table's cells add up to its total.
const CitizenshipMany = "many"

// Stateless is the citizenship of a stateless person.
const Stateless = "stateless"

// ageOn returns the person's age band on day.
func (p Person) ageOn(day time.Time) AgeBand {
	if !p.Birth.IsZero() {
		return AgeBandOf(p.Birth, day)
	}
	return AgeBandOfYear(p.BirthYear, day)
}

// Source gives a feature's facts: it reads them with q and calls emit for
// each, as of today. Refresh hands it the reader that may read while the
// analytics table is written (db.BulkReader).
type Source func(ctx context.Context, q db.Querier, today time.Time, emit func(Fact) error) error

// Persons gives the registry's persons: it calls visit for each active one.
type Persons func(ctx context.Context, today time.Time, visit func(Person) error) error
