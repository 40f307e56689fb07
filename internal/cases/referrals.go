package cases

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/audit"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/orgs"
	"inteqra/internal/people"
	"inteqra/internal/textcheck"
)

// ReferralState is where a referral stands.
type ReferralState string

// Referral states. A referral is sent; the partner accepts or declines it
// (with a reason); an accepted one ends completed (with an outcome) or as a
// no-show. The consultant may cancel a referral not yet answered.
const (
	ReferralSent      ReferralState = "sent"
	ReferralAccepted  ReferralState = "accepted"
	ReferralDeclined  ReferralState = "declined"
	ReferralCompleted ReferralState = "completed"
	ReferralNoShow    ReferralState = "no_show"
	ReferralCancelled ReferralState = "cancelled"
)

// ReferralStates lists the referral states in order.
var ReferralStates = []ReferralState{ReferralSent, ReferralAccepted, ReferralDeclined, ReferralCompleted, ReferralNoShow, ReferralCancelled}

// referralMoves are the moves a referral may make.
var referralMoves = moves[ReferralState]{
	ReferralSent:     {ReferralAccepted, ReferralDeclined, ReferralCancelled},
	ReferralAccepted: {ReferralCompleted, ReferralNoShow},
}

// pending are the states in which the partner still owes an answer or a
// result, and so may be overdue.
var pendingReferral = []ReferralState{ReferralSent, ReferralAccepted}

// referralEvents are the timeline kinds of referrals.
var referralEvents = []string{"referral.sent", "referral.accepted", "referral.declined", "referral.completed",
	"referral.no_show", "referral.cancelled"}

// Referral is a referral as the case's staff see it.
type Referral struct {
	ID               int64
	CaseID           int64
	PersonName       string // filled by OverdueReferrals
	OrganisationID   int64
	OrganisationName string
	Domain           string
	Need             string
	DueOn            time.Time
	State            ReferralState
	Answer           string // the reason of a decline or cancellation, the outcome, the no-show note
	SentBy           int64
	SentAt           time.Time
	AnsweredBy       int64
	AnsweredAt       time.Time
	ClosedAt         time.Time
	EnrolmentID      int64 // the course application a referral to a course created
	Overdue          bool
}

// Pending reports whether the partner still owes an answer or a result.
func (r Referral) Pending() bool { return slices.Contains(pendingReferral, r.State) }

// PartnerReferral is a referral as the partner organisation sees it: the
// minimum of the person's data the referral needs, and nothing else of the
// case (no notes, assessment or other referrals).
type PartnerReferral struct {
	ID          int64
	PersonName  string
	BirthYear   int
	Language    string // the language the person prefers, ISO 639-1
	Interpreter bool
	Domain      string
	Need        string
	DueOn       time.Time
	State       ReferralState
	Answer      string
	SentAt      time.Time
	AnsweredAt  time.Time
	ClosedAt    time.Time
	Overdue     bool
}

// ReferralInput is the consultant's referral form. A CohortID makes it a
// referral to a course: it goes to the Training-Education Centre and
// applies to the cohort at once.
type ReferralInput struct {
	OrganisationID int64
	Domain         string
	Need           string
	DueOn          string // 2006-01-02
	CohortID       int64
}

func (s *Store) today() time.Time { return i18n.DayOf(s.now()) }

// recipient returns the organisation a referral goes to: the Centre for a
// course, otherwise the chosen one if it is active.
func (s *Store) recipient(ctx context.Context, in ReferralInput) (orgs.Organisation, error) {
	if in.CohortID == 0 {
		org, err := s.orgs.Organisation(ctx, in.OrganisationID)
		if errors.Is(err, db.ErrNotFound) || err == nil && !org.Active {
			return org, i18n.Errorf("referral.error.organisation", "Field", i18n.Key("referral.organisation"))
		}
		return org, err
	}
	list, err := s.orgs.Organisations(ctx)
	if err != nil {
		return orgs.Organisation{}, err
	}
	for _, org := range list {
		if org.Kind == orgs.TrainingCentre && org.Active {
			return org, nil
		}
	}
	return orgs.Organisation{}, i18n.Errorf("referral.error.no_centre")
}

// Refer sends a referral from an open case the principal works on.
func (s *Store) Refer(ctx context.Context, caseID int64, in ReferralInput) (Referral, error) {
	if err := access.Require(ctx, access.WorkCases); err != nil {
		return Referral{}, err
	}
	if err := textcheck.Field("referral.need", in.Need, textcheck.Medium); err != nil {
		return Referral{}, err
	}
	in.Need = strings.TrimSpace(in.Need)
	r := Referral{CaseID: caseID, Domain: in.Domain, Need: in.Need, State: ReferralSent, SentBy: access.From(ctx).UserID, SentAt: s.now()}
	switch {
	case !slices.Contains(Domains, in.Domain):
		return r, i18n.Errorf("referral.error.domain", "Field", i18n.Key("referral.domain"))
	case in.Need == "":
		return r, i18n.Errorf("referral.error.need", "Field", i18n.Key("referral.need"))
	}
	due, err := time.Parse(time.DateOnly, strings.TrimSpace(in.DueOn))
	if err != nil || due.Before(s.today()) {
		return r, i18n.Errorf("referral.error.due_on", "Field", i18n.Key("referral.due_on"))
	}
	r.DueOn = due
	org, err := s.recipient(ctx, in)
	if err != nil {
		return r, err
	}
	r.OrganisationID, r.OrganisationName = org.ID, org.Name
	err = s.change(ctx, caseID, func(tx *db.Tx, c *Case) error {
		if !c.Open() {
			return ErrInvalidMove
		}
		if in.CohortID != 0 {
			e, err := s.courses.ApplyWithin(ctx, tx, in.CohortID, c.PersonID)
			if err != nil {
				return err
			}
			r.EnrolmentID = e.ID
		}
		err := tx.QueryRowContext(ctx, `
			INSERT INTO referrals (case_id, organisation_id, domain, need, due_on, state, sent_by, sent_at, enrolment_id)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
			caseID, r.OrganisationID, r.Domain, r.Need, r.DueOn, r.State, db.NullID(r.SentBy), r.SentAt, db.NullID(r.EnrolmentID)).Scan(&r.ID)
		if err != nil {
			return fmt.Errorf("cases: insert referral: %w", err)
		}
		if err := s.event(ctx, tx, caseID, "referral."+string(ReferralSent), org.Name+": "+r.Need, r.ID); err != nil {
			return err
		}
		if err := s.referralEvent(ctx, tx, r.ID, EventReferralSent); err != nil {
			return err
		}
		return s.tellSent(ctx, tx, r)
	})
	return r, err
}

const referralColumns = `r.id, r.case_id, r.organisation_id, r.domain, r.need, r.due_on, r.state, r.answer, r.sent_by, r.sent_at,
	r.answered_by, r.answered_at, r.closed_at, r.enrolment_id`

func (s *Store) scanReferral(row db.Scanner, extra ...any) (Referral, error) {
	var r Referral
	var sentBy, answeredBy, enrolment sql.NullInt64
	var answeredAt, closedAt sql.NullTime
	err := row.Scan(append([]any{&r.ID, &r.CaseID, &r.OrganisationID, &r.Domain, &r.Need, &r.DueOn, &r.State, &r.Answer, &sentBy, &r.SentAt,
		&answeredBy, &answeredAt, &closedAt, &enrolment}, extra...)...)
	r.SentBy, r.AnsweredBy, r.EnrolmentID = sentBy.Int64, answeredBy.Int64, enrolment.Int64
	r.AnsweredAt, r.ClosedAt = answeredAt.Time, closedAt.Time
	r.Overdue = r.Pending() && r.DueOn.Before(s.today())
	return r, err
}

// referral loads one referral without a check.
func (s *Store) referral(ctx context.Context, q db.Querier, id int64) (Referral, error) {
	r, err := s.scanReferral(q.QueryRowContext(ctx, `SELECT `+referralColumns+` FROM referrals r WHERE r.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, db.ErrNotFound
	}
	if err != nil {
		return r, fmt.Errorf("cases: referral %d: %w", id, err)
	}
	return r, nil
}

// queryReferrals runs a query that selects referralColumns (and, with
// person, the case's person_id last).
func (s *Store) queryReferrals(ctx context.Context, person bool, query string, args ...any) ([]Referral, []int64, error) {
	var persons []int64
	rows, err := s.db.QueryContext(ctx, query, args...)
	list, err := db.Collect(rows, err, func(row db.Scanner) (Referral, error) {
		var extra []any
		var pid int64
		if person {
			extra = append(extra, &pid)
		}
		r, err := s.scanReferral(row, extra...)
		persons = append(persons, pid)
		return r, err
	})
	if err != nil {
		return nil, nil, fmt.Errorf("cases: referrals: %w", err)
	}
	return list, persons, nil
}

// nameOrganisations fills in the organisations' names.
func (s *Store) nameOrganisations(ctx context.Context, list []Referral) error {
	if len(list) == 0 {
		return nil
	}
	all, err := s.orgs.Organisations(ctx)
	if err != nil {
		return err
	}
	names := make(map[int64]string, len(all))
	for _, o := range all {
		names[o.ID] = o.Name
	}
	for i := range list {
		list[i].OrganisationName = names[list[i].OrganisationID]
	}
	return nil
}

// Referrals returns a case's referrals, newest first.
func (s *Store) Referrals(ctx context.Context, caseID int64) ([]Referral, error) {
	if _, err := s.caseFor(ctx, s.db, caseID); err != nil {
		return nil, err
	}
	return s.referrals(ctx, caseID)
}

// referrals returns a case's referrals without a check.
func (s *Store) referrals(ctx context.Context, caseID int64) ([]Referral, error) {
	list, _, err := s.queryReferrals(ctx, false, `SELECT `+referralColumns+` FROM referrals r WHERE r.case_id = $1 ORDER BY r.sent_at DESC, r.id DESC`, caseID)
	if err != nil {
		return nil, err
	}
	names, err := orgs.Names(ctx, s.db)
	for i := range list {
		list[i].OrganisationName = names[list[i].OrganisationID]
	}
	return list, err
}

// OverdueReferrals returns the overdue referrals of the cases the principal
// may see (a supervisor: the team's), soonest due first. Partner officers
// find theirs with Inbox(ctx, InboxOverdue).
func (s *Store) OverdueReferrals(ctx context.Context) ([]Referral, error) {
	if err := access.Require(ctx, access.WorkCases); err != nil {
		return nil, err
	}
	p := access.From(ctx)
	list, persons, err := s.queryReferrals(ctx, true, `SELECT `+referralColumns+`, c.person_id FROM referrals r JOIN cases c ON c.id = r.case_id
		WHERE ($1 OR c.consultant_id = $2 OR ($3 <> 0 AND c.organisation_id = $3)) AND r.state IN ('sent', 'accepted') AND r.due_on < $4
		ORDER BY r.due_on, r.id LIMIT 500`, p.IsSystem(), p.UserID, p.OrgID, s.today())
	if err != nil {
		return nil, err
	}
	names, err := people.DisplayNames(ctx, s.db, persons)
	if err != nil {
		return nil, err
	}
	for i := range list {
		list[i].PersonName = names[persons[i]]
	}
	return list, s.nameOrganisations(ctx, list)
}

// Cancel withdraws a referral the partner has not answered yet.
func (s *Store) Cancel(ctx context.Context, id int64, reason string) error {
	if err := textcheck.Field("referral.cancel_reason", reason, textcheck.Short); err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	if err := access.Require(ctx, access.WorkCases); err != nil {
		return err
	}
	if reason == "" {
		return i18n.Errorf("cases.error.reason_required", "Field", i18n.Key("referral.cancel_reason"))
	}
	return s.db.Transact(ctx, func(tx *db.Tx) error {
		r, err := s.referral(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := s.caseFor(ctx, tx, r.CaseID); err != nil {
			return err
		}
		return s.moveReferral(ctx, tx, r, ReferralCancelled, reason)
	})
}

// moveReferral changes a referral's state if referralMoves allows it,
// records it on the case's timeline and tells the referral hooks.
func (s *Store) moveReferral(ctx context.Context, tx *db.Tx, r Referral, to ReferralState, text string) error {
	if !referralMoves.allow(r.State, to) {
		return ErrInvalidMove
	}
	now := s.now()
	var closed any
	if !slices.Contains(pendingReferral, to) {
		closed = now
	}
	answeredBy := any(nil)
	if to != ReferralCancelled {
		answeredBy = db.NullID(access.From(ctx).UserID)
	}
	res, err := tx.ExecContext(ctx, `UPDATE referrals SET state = $1, answer = $2, answered_by = COALESCE($3, answered_by),
		answered_at = CASE WHEN $4 THEN COALESCE(answered_at, $5) ELSE answered_at END, closed_at = $6
		WHERE id = $7 AND state = $8`,
		to, text, answeredBy, to != ReferralCancelled, now, closed, r.ID, r.State)
	if err != nil {
		return fmt.Errorf("cases: move referral %d: %w", r.ID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrInvalidMove
	}
	if err := s.event(ctx, tx, r.CaseID, "referral."+string(to), text, r.ID); err != nil {
		return err
	}
	return s.referralEvent(ctx, tx, r.ID, EventReferralUpdated)
}

// InboxOverdue selects the overdue referrals in Inbox.
const InboxOverdue = "overdue"

// Inbox returns the referrals sent to the partner officer's organisation,
// in state (any state when empty, the overdue ones with InboxOverdue),
// soonest due first.
func (s *Store) Inbox(ctx context.Context, state string) ([]PartnerReferral, error) {
	return s.inbox(ctx, state, 0, 500, `r.due_on, r.id`)
}

// InboxAfter returns up to limit referrals of the inbox in state whose id
// is above after, in the order of their ids: the pages of the API, each of
// which goes on where the last ended, whatever arrives meanwhile.
func (s *Store) InboxAfter(ctx context.Context, state string, after int64, limit int) ([]PartnerReferral, error) {
	return s.inbox(ctx, state, after, limit, `r.id`)
}

func (s *Store) inbox(ctx context.Context, state string, after int64, limit int, order string) ([]PartnerReferral, error) {
	if err := access.Require(ctx, access.AnswerReferrals); err != nil {
		return nil, err
	}
	p := access.From(ctx)
	if !p.IsSystem() && p.OrgID == 0 {
		return nil, nil
	}
	if state != "" && state != InboxOverdue && !slices.Contains(ReferralStates, ReferralState(state)) {
		return nil, i18n.Errorf("referral.error.state", "Field", i18n.Key("referral.filter"))
	}
	list, persons, err := s.queryReferrals(ctx, true, `SELECT `+referralColumns+`, c.person_id FROM referrals r JOIN cases c ON c.id = r.case_id
		WHERE ($1 OR r.organisation_id = $2) AND ($3 = '' OR r.state = $3 OR ($3 = 'overdue' AND r.state IN ('sent', 'accepted') AND r.due_on < $4))
		AND r.id > $5 ORDER BY `+order+` LIMIT $6`, p.IsSystem(), p.OrgID, state, s.today(), after, limit)
	if err != nil {
		return nil, err
	}
	out := make([]PartnerReferral, 0, len(list))
	for i, r := range list {
		pr, err := s.forPartner(ctx, s.db, r, persons[i])
		if err != nil {
			return nil, err
		}
		out = append(out, pr)
	}
	return out, audit.RecordRead(ctx, s.db, "referral.inbox", "organisation", strconv.FormatInt(p.OrgID, 10))
}

// forPartner cuts a referral down to what the partner may see.
func (s *Store) forPartner(ctx context.Context, q db.Querier, r Referral, personID int64) (PartnerReferral, error) {
	pr := PartnerReferral{ID: r.ID, Domain: r.Domain, Need: r.Need, DueOn: r.DueOn, State: r.State, Answer: r.Answer,
		SentAt: r.SentAt, AnsweredAt: r.AnsweredAt, ClosedAt: r.ClosedAt, Overdue: r.Overdue}
	if r.State == ReferralCancelled {
		pr.Answer = "" // the consultant's reason is the case's business
	}
	err := q.QueryRowContext(ctx, `SELECT language, interpreter FROM cases WHERE id = $1`, r.CaseID).Scan(&pr.Language, &pr.Interpreter)
	if err != nil {
		return pr, fmt.Errorf("cases: referral %d's case: %w", r.ID, err)
	}
	sm, err := people.SummaryOf(ctx, q, personID)
	if err != nil {
		return pr, err
	}
	pr.PersonName, pr.BirthYear = sm.DisplayName, sm.BirthYear
	if pr.BirthYear == 0 && !sm.BirthDate.IsZero() {
		pr.BirthYear = sm.BirthDate.Year()
	}
	return pr, nil
}

// asPartnerSees is forPartner for a referral whose case's person is not
// at hand.
func (s *Store) asPartnerSees(ctx context.Context, q db.Querier, r Referral) (PartnerReferral, error) {
	var personID int64
	if err := q.QueryRowContext(ctx, `SELECT person_id FROM cases WHERE id = $1`, r.CaseID).Scan(&personID); err != nil {
		return PartnerReferral{}, fmt.Errorf("cases: referral %d's person: %w", r.ID, err)
	}
	return s.forPartner(ctx, q, r, personID)
}

// partnerReferral loads a referral sent to the principal's organisation;
// any other is not found, so its existence is not given away.
func (s *Store) partnerReferral(ctx context.Context, q db.Querier, id int64) (Referral, error) {
	if err := access.Require(ctx, access.AnswerReferrals); err != nil {
		return Referral{}, err
	}
	r, err := s.referral(ctx, q, id)
	if err != nil {
		return r, err
	}
	if p := access.From(ctx); !p.IsSystem() && (p.OrgID == 0 || r.OrganisationID != p.OrgID) {
		return r, db.ErrNotFound
	}
	return r, nil
}

// PartnerReferral returns a referral sent to the partner officer's
// organisation; the view is audited.
func (s *Store) PartnerReferral(ctx context.Context, id int64) (PartnerReferral, error) {
	var pr PartnerReferral
	err := s.db.Transact(ctx, func(tx *db.Tx) error {
		r, err := s.partnerReferral(ctx, tx, id)
		if err != nil {
			return err
		}
		if pr, err = s.asPartnerSees(ctx, tx, r); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "referral.view", "referral", strconv.FormatInt(id, 10))
	})
	return pr, err
}

// answer moves a referral sent to the partner officer's organisation.
func (s *Store) answer(ctx context.Context, id int64, to ReferralState, text, required string) error {
	if err := textcheck.Field("referral.outcome", text, textcheck.Medium); err != nil {
		return err
	}
	text = strings.TrimSpace(text)
	if err := access.Require(ctx, access.AnswerReferrals); err != nil {
		return err
	}
	if required != "" && text == "" {
		return i18n.Errorf(required, "Field", i18n.Key("referral.outcome"))
	}
	return s.db.Transact(ctx, func(tx *db.Tx) error {
		r, err := s.partnerReferral(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := s.moveReferral(ctx, tx, r, to, text); err != nil {
			return err
		}
		return s.tellAnswered(ctx, tx, r, to)
	})
}

// Accept takes on a referral.
func (s *Store) Accept(ctx context.Context, id int64) error {
	return s.answer(ctx, id, ReferralAccepted, "", "")
}

// Decline refuses a referral with a reason the consultant sees.
func (s *Store) Decline(ctx context.Context, id int64, reason string) error {
	return s.answer(ctx, id, ReferralDeclined, reason, "referral.error.reason")
}

// Complete records the outcome of an accepted referral.
func (s *Store) Complete(ctx context.Context, id int64, outcome string) error {
	return s.answer(ctx, id, ReferralCompleted, outcome, "referral.error.outcome")
}

// ReferralNoShow records that the person did not come to an accepted referral.
func (s *Store) NoShow(ctx context.Context, id int64, note string) error {
	return s.answer(ctx, id, ReferralNoShow, note, "")
}
