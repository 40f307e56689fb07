// Package council holds the Migrant Council's work with the Service: its
// members and their terms, its meetings with their agenda, attendance,
// decisions and minutes, the proposals the Council and migrants send with
// the catalogue of their topics, each proposal's path from submission to
// the Service's answer and what was done, and the figures on it.
package council

import (
	"slices"
	"time"

	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/notify"
	"inteqra/internal/people"
	"inteqra/internal/storage"
)

// ProposalState is where a proposal stands on its way to an answer.
type ProposalState string

// Proposal states. A proposal is submitted, assigned to a unit of the
// Service for review, answered, and, when accepted wholly or in part,
// implemented; its author may withdraw it before it is answered.
const (
	Submitted   ProposalState = "submitted"
	UnderReview ProposalState = "under_review"
	Answered    ProposalState = "answered"
	Implemented ProposalState = "implemented"
	Withdrawn   ProposalState = "withdrawn"
)

// ProposalStates lists the states in their order.
var ProposalStates = []ProposalState{Submitted, UnderReview, Answered, Implemented, Withdrawn}

// proposalMoves are the moves a proposal may make. An answer is final:
// nothing is withdrawn once the Service has answered it.
var proposalMoves = map[ProposalState][]ProposalState{
	Submitted:   {UnderReview, Withdrawn},
	UnderReview: {Answered, Withdrawn},
	Answered:    {Implemented},
}

// CanMove reports whether a proposal in state st may move to state to.
func (st ProposalState) CanMove(to ProposalState) bool {
	return slices.Contains(proposalMoves[st], to)
}

// Outcome is the Service's decision on a proposal.
type Outcome string

// Outcomes of an answer.
const (
	Accepted       Outcome = "accepted"
	PartlyAccepted Outcome = "partly_accepted"
	Rejected       Outcome = "rejected"
)

// Outcomes lists the outcomes in the order forms show them.
var Outcomes = []Outcome{Accepted, PartlyAccepted, Rejected}

// Channels a proposal comes through.
const (
	Online      = "online"      // the public form
	Secretariat = "secretariat" // the Council's secretariat, on someone's behalf
)

// DueDays is how long the Service has to answer a proposal by default.
const DueDays = 30

// ErrInvalidMove is returned for a step the proposal's state does not
// allow, or for a proposal someone else moved since it was read; its
// "State" argument names the state the proposal is in.
var ErrInvalidMove = i18n.Errorf("council.error.invalid_move")

func invalidMove(st ProposalState) error {
	return i18n.Errorf("council.error.invalid_move", "State", i18n.Key("council.state."+string(st)))
}

// Texts are a text in the three languages of the site.
type Texts = i18n.Texts

// Proposal is a proposal to the Service. PersonID and Author are for the
// secretariat only: the public reads never fill them.
type Proposal struct {
	ID            int64
	Reference     string
	Title         string
	Body          string
	TopicID       int64
	Topic         Texts
	Language      string
	PersonID      int64
	Author        string
	Channel       string
	State         ProposalState
	UnitOrgID     int64
	UnitName      string
	DueOn         time.Time
	Outcome       Outcome
	Answer        Texts
	Done          Texts
	SubmittedAt   time.Time
	ReviewedAt    time.Time
	AnsweredAt    time.Time
	ImplementedAt time.Time
	WithdrawnAt   time.Time
	Overdue       bool
	// The meeting that took the proposal up, when one did, and whether the
	// public may read that meeting's page.
	MeetingID     int64
	MeetingAt     time.Time
	MeetingPublic bool
	// The Action Plan's measure that carries out an accepted proposal;
	// zero when none is linked.
	MeasureID int64
}

// Linkable reports whether the proposal may be linked to a measure: the
// Service accepted it, in full or in part.
func (p Proposal) Linkable() bool {
	return (p.State == Answered || p.State == Implemented) && (p.Outcome == Accepted || p.Outcome == PartlyAccepted)
}

// Withdrawable reports whether the author may still withdraw the proposal.
func (p Proposal) Withdrawable() bool { return p.State.CanMove(Withdrawn) }

// Public reports whether the proposal is published: once it is under
// review, and for good, even if its author withdraws it later.
func (p Proposal) Public() bool { return !p.ReviewedAt.IsZero() }

// OnTime reports whether the answer came by the end of the due day.
func (p Proposal) OnTime() bool {
	return !p.AnsweredAt.IsZero() && p.AnsweredAt.Before(p.DueOn.AddDate(0, 0, 1))
}

// Step is one point of a proposal's path, for its timeline.
type Step struct {
	State ProposalState
	At    time.Time
}

// Path returns the steps the proposal has taken, in order.
func (p Proposal) Path() []Step {
	var out []Step
	for _, s := range []Step{{Submitted, p.SubmittedAt}, {UnderReview, p.ReviewedAt}, {Answered, p.AnsweredAt},
		{Implemented, p.ImplementedAt}, {Withdrawn, p.WithdrawnAt}} {
		if !s.At.IsZero() {
			out = append(out, s)
		}
	}
	return out
}

// SubmitInput is the public proposal form: the author's details, matched
// with the registry or registered, and the proposal.
type SubmitInput struct {
	Person      people.Input
	Title       string
	Body        string
	TopicID     int64
	Language    string
	ConsentData bool
}

// ReviewInput assigns a proposal to the unit of the Service that answers
// it: one of its offices, or a unit named in words when none fits.
type ReviewInput struct {
	UnitOrgID int64
	UnitName  string
	DueOn     string // 2006-01-02; empty gives DueDays from today
}

// AnswerInput is the Service's answer, required in all three languages.
type AnswerInput struct {
	Outcome Outcome
	Answer  Texts
}

// Store reads and writes the Council's members, meetings, proposals and
// topics.
type Store struct {
	db     *db.DB
	people *people.Store
	files  storage.Store
	now    func() time.Time
	notify *notify.Store // tells authors the answers; nil tells nobody
}

// NewStore returns a Store on d that registers members and authors in the
// registry ps and keeps meeting papers and members' photos in files.
func NewStore(d *db.DB, ps *people.Store, files storage.Store) *Store {
	return &Store{db: d, people: ps, files: files, now: db.Now}
}

// Dated returns a copy of the store that dates what it records by now, for
// the demo, whose proposals were sent and answered over past months.
func (s *Store) Dated(now func() time.Time) *Store {
	c := *s
	c.now = now
	return &c
}
