// Package cases is the integration consultants' daily tool: a case for a
// registered person from intake through needs assessment and an integration
// plan to closure, with service contacts, referrals to partner
// organisations, notes and tasks, and the case's timeline.
//
// Who sees a case: the consultant it is assigned to and their team (users
// of the same organisation), and the team's supervisors. Partner officers
// see only the referrals sent to their organisation; analysts see no case.
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
	"inteqra/internal/auth"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/notify"
	"inteqra/internal/orgs"
	"inteqra/internal/people"
	"inteqra/internal/storage"
	"inteqra/internal/textcheck"
	"inteqra/internal/training"
)

// CaseState is where a case stands.
type CaseState string

// Case states. A case opens at intake, is assessed, runs while its plan is
// active (or waits on hold) and is closed.
const (
	Intake     CaseState = "intake"
	Assessed   CaseState = "assessed"
	PlanActive CaseState = "plan_active"
	OnHold     CaseState = "on_hold"
	Closed     CaseState = "closed"
)

// States lists the case states in order.
var States = []CaseState{Intake, Assessed, PlanActive, OnHold, Closed}

// caseMoves are the moves a case may make. An open case moves forward as its
// assessment is completed and its plan approved, is put on hold and resumed,
// and closes from any open state; reopened, it returns to the state its
// record supports.
var caseMoves = moves[CaseState]{
	Intake:     {Assessed, PlanActive, Closed},
	Assessed:   {PlanActive, Closed},
	PlanActive: {OnHold, Closed},
	OnHold:     {PlanActive, Closed},
	Closed:     {Intake, Assessed, PlanActive},
}

// Outcomes of a closed case.
var Outcomes = []string{"completed", "withdrawn", "moved_away", "no_contact"}

// Sources a case comes from.
var Sources = []string{"walk_in", "referral", "online", "course"}

// Case is one person's integration case.
type Case struct {
	ID               int64
	PersonID         int64
	PersonName       string
	ConsultantID     int64
	OrganisationID   int64
	Source           string
	StatedNeeds      string
	Language         string
	Interpreter      bool
	State            CaseState
	Outcome          string
	ClosureRequested string // the outcome a consultant asked a supervisor to close with
	OpenedAt         time.Time
	ClosedAt         time.Time
	UpdatedAt        time.Time
}

// Open reports whether the case is not closed.
func (c Case) Open() bool { return c.State != Closed }

// NextStep returns the section of the case where its consultant takes the
// next step in its state: the assessment after intake, the plan once
// assessed, a service contact while the plan runs. It is "" when the case
// waits for someone else (on hold, a closure asked for) or is closed.
func (c Case) NextStep() string {
	if !c.Open() || c.ClosureRequested != "" {
		return ""
	}
	return map[CaseState]string{Intake: "assessment", Assessed: "plan", PlanActive: "services"}[c.State]
}

// Store reads and writes cases.
type Store struct {
	db      *db.DB
	people  *people.Store
	users   *auth.Store     // staff: who may own a case or be given a task
	orgs    *orgs.Store     // the partner organisations referrals go to
	courses *training.Store // for referrals to a course
	files   storage.Store   // attachments
	now     func() time.Time
	notify  *notify.Store // tells partners and consultants of referrals; nil tells nobody

	onReferral []ReferralHook // told of every change of a referral; see OnReferral
}

// NewStore returns a Store on d that reads persons from ps, staff from
// users and organisations from os, applies for courses through courses and
// keeps attachments in files. What the registry's changes do to cases
// (ConsentWithdrawn, MovePerson, ErasePerson) is hooked to ps by
// app.FeatureStores.
func NewStore(d *db.DB, ps *people.Store, users *auth.Store, os *orgs.Store, courses *training.Store, files storage.Store) *Store {
	return &Store{db: d, people: ps, users: users, orgs: os, courses: courses, files: files, now: db.Now}
}

// ErrInvalidMove is returned when a step is not allowed in the case's state.
var ErrInvalidMove = i18n.Errorf("cases.error.invalid_move")

// IntakeInput is the intake form.
type IntakeInput struct {
	PersonID    int64
	Source      string
	StatedNeeds string
	Language    string // ISO 639-1 code of the language the person prefers
	Interpreter bool
}

// OpenCase opens a case for a registered person who has given participation
// consent; the consultant who opens it is assigned to it.
func (s *Store) OpenCase(ctx context.Context, in IntakeInput) (Case, error) {
	if err := access.Require(ctx, access.WorkCases); err != nil {
		return Case{}, err
	}
	if !slices.Contains(Sources, in.Source) {
		return Case{}, i18n.Errorf("cases.error.source", "Field", i18n.Key("cases.source"))
	}
	if err := textcheck.Field("cases.stated_needs", in.StatedNeeds, textcheck.Rule{Kind: textcheck.Text, Max: 4000}); err != nil {
		return Case{}, err
	}
	in.StatedNeeds = strings.TrimSpace(in.StatedNeeds)
	if in.Language != "" && !people.IsLanguage(in.Language) {
		return Case{}, i18n.Errorf("cases.error.language", "Field", i18n.Key("cases.language"))
	}
	p := access.From(ctx)
	now := s.now()
	c := Case{PersonID: in.PersonID, ConsultantID: p.UserID, OrganisationID: p.OrgID, Source: in.Source,
		StatedNeeds: in.StatedNeeds, Language: in.Language, Interpreter: in.Interpreter, State: Intake, OpenedAt: now, UpdatedAt: now}
	err := s.db.Transact(ctx, func(tx *db.Tx) error {
		if err := people.RequireParticipation(ctx, tx, in.PersonID); err != nil {
			return err
		}
		var open int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM cases WHERE person_id = $1 AND state <> 'closed'`, in.PersonID).Scan(&open); err != nil {
			return fmt.Errorf("cases: open cases of %d: %w", in.PersonID, err)
		}
		if open > 0 {
			return i18n.Errorf("cases.error.already_open")
		}
		err := tx.QueryRowContext(ctx, `
			INSERT INTO cases (person_id, consultant_id, organisation_id, source, stated_needs, language, interpreter, state, opened_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id`,
			c.PersonID, c.ConsultantID, db.NullID(c.OrganisationID), c.Source, c.StatedNeeds, c.Language, c.Interpreter, c.State, now).Scan(&c.ID)
		if err != nil {
			return fmt.Errorf("cases: open case: %w", err)
		}
		return s.event(ctx, tx, c.ID, "opened", "", 0)
	})
	return c, err
}

// event writes a line of the case's timeline and the audit log, and marks
// the case as updated.
func (s *Store) event(ctx context.Context, tx *db.Tx, caseID int64, kind, detail string, ref int64) error {
	now := s.now()
	_, err := tx.ExecContext(ctx, `INSERT INTO case_events (case_id, at, actor_id, kind, detail, ref_id) VALUES ($1, $2, $3, $4, $5, $6)`,
		caseID, now, db.NullID(access.From(ctx).UserID), kind, detail, db.NullID(ref))
	if err != nil {
		return fmt.Errorf("cases: event %d: %w", caseID, err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE cases SET updated_at = $1 WHERE id = $2`, now, caseID); err != nil {
		return fmt.Errorf("cases: touch %d: %w", caseID, err)
	}
	return audit.Record(ctx, tx, "case."+kind, "case", strconv.FormatInt(caseID, 10))
}

const caseColumns = `id, person_id, consultant_id, organisation_id, source, stated_needs, language, interpreter, state, outcome,
	closure_requested, opened_at, closed_at, updated_at`

func scanCase(row db.Scanner) (Case, error) {
	var c Case
	var org sql.NullInt64
	var closed sql.NullTime
	err := row.Scan(&c.ID, &c.PersonID, &c.ConsultantID, &org, &c.Source, &c.StatedNeeds, &c.Language, &c.Interpreter, &c.State,
		&c.Outcome, &c.ClosureRequested, &c.OpenedAt, &closed, &c.UpdatedAt)
	c.OrganisationID, c.ClosedAt = org.Int64, closed.Time
	return c, err
}

// load reads a case inside a transaction or out of one, without a check.
func load(ctx context.Context, q db.Querier, id int64) (Case, error) {
	c, err := scanCase(q.QueryRowContext(ctx, `SELECT `+caseColumns+` FROM cases WHERE id = $1`, id))
	if err != nil {
		return c, fmt.Errorf("cases: case %d: %w", id, db.NotFound(err))
	}
	return c, nil
}

// visible reports whether the principal may see the case: its consultant,
// their team (same organisation), the team's supervisors.
func visible(p access.Principal, c Case) bool {
	if p.IsSystem() {
		return true
	}
	if !p.Can(access.WorkCases) {
		return false
	}
	if c.ConsultantID == p.UserID {
		return true
	}
	return p.OrgID != 0 && c.OrganisationID == p.OrgID
}

// caseFor loads a case the principal may see, or refuses it.
func (s *Store) caseFor(ctx context.Context, q db.Querier, id int64) (Case, error) {
	if err := access.Require(ctx, access.WorkCases); err != nil {
		return Case{}, err
	}
	c, err := load(ctx, q, id)
	if err != nil {
		return c, err
	}
	// A case the principal may not see answers as one that does not exist,
	// so nobody learns which case numbers are in use elsewhere.
	if !visible(access.From(ctx), c) {
		return Case{}, fmt.Errorf("cases: case %d: %w", id, db.ErrNotFound)
	}
	return c, nil
}

// Case returns a case with the person's name; the view is audited.
func (s *Store) Case(ctx context.Context, id int64) (Case, error) {
	var c Case
	err := s.db.Transact(ctx, func(tx *db.Tx) error {
		var err error
		if c, err = s.caseFor(ctx, tx, id); err != nil {
			return err
		}
		names, err := people.DisplayNames(ctx, tx, []int64{c.PersonID})
		if err != nil {
			return err
		}
		c.PersonName = names[c.PersonID]
		return audit.Record(ctx, tx, "case.view", "case", strconv.FormatInt(id, 10))
	})
	return c, err
}

// Filter selects cases for lists.
type Filter struct {
	Consultant int64 // 0: everyone the principal may see
	Open       bool  // only cases not closed
	PersonID   int64
}

// Cases returns the cases the principal may see, most recently changed first.
// The list is audited.
func (s *Store) Cases(ctx context.Context, f Filter) ([]Case, error) {
	list, err := s.cases(ctx, f)
	if err != nil {
		return nil, err
	}
	return list, s.auditList(ctx, f)
}

// CasesAfter returns up to limit of the cases the principal may see, by
// id, after the case after: pages that do not shift when a case changes,
// for the API. The list is audited.
func (s *Store) CasesAfter(ctx context.Context, f Filter, after int64, limit int) ([]Case, error) {
	list, err := s.casesWhere(ctx, f, `AND id > $6 ORDER BY id LIMIT $7`, after, limit)
	if err != nil {
		return nil, err
	}
	return list, s.auditList(ctx, f)
}

func (s *Store) auditList(ctx context.Context, f Filter) error {
	objectType, objectID := "cases", ""
	if f.PersonID != 0 {
		objectType, objectID = "person", strconv.FormatInt(f.PersonID, 10)
	}
	return audit.RecordRead(ctx, s.db, "case.list", objectType, objectID)
}

func (s *Store) cases(ctx context.Context, f Filter) ([]Case, error) {
	return s.casesWhere(ctx, f, `ORDER BY updated_at DESC, id DESC LIMIT 500`)
}

// casesWhere reads the cases the principal may see that f selects; rest
// ends the query (more conditions, the order, the limit), its arguments
// numbered from $6.
func (s *Store) casesWhere(ctx context.Context, f Filter, rest string, args ...any) ([]Case, error) {
	if err := access.Require(ctx, access.WorkCases); err != nil {
		return nil, err
	}
	p := access.From(ctx)
	rows, err := s.db.QueryContext(ctx, `SELECT `+caseColumns+` FROM cases
		WHERE (consultant_id = $1 OR ($2 <> 0 AND organisation_id = $2))
		AND ($3 = 0 OR consultant_id = $3) AND ($4 = 0 OR person_id = $4) AND (NOT $5 OR state <> 'closed') `+rest,
		append([]any{p.UserID, p.OrgID, f.Consultant, f.PersonID, f.Open}, args...)...)
	list, err := db.Collect(rows, err, scanCase)
	if err != nil {
		return nil, fmt.Errorf("cases: list: %w", err)
	}
	ids := make([]int64, len(list))
	for i, c := range list {
		ids[i] = c.PersonID
	}
	names, err := people.DisplayNames(ctx, s.db, ids)
	if err != nil {
		return nil, err
	}
	for i := range list {
		list[i].PersonName = names[list[i].PersonID]
	}
	return list, nil
}

// move changes the case's state if caseMoves allows it, and records it.
func (s *Store) move(ctx context.Context, tx *db.Tx, c *Case, to CaseState, detail string) error {
	if err := setState(ctx, tx, "cases", c.ID, &c.State, to, caseMoves, ErrInvalidMove); err != nil {
		return err
	}
	return s.event(ctx, tx, c.ID, "state."+string(to), detail, 0)
}

// moves is a state machine's table: for each state, the states it may move
// to. Each machine of the package has one (caseMoves, planMoves,
// referralMoves), so its allowed moves are read in one place.
type moves[S ~string] map[S][]S

// allow reports whether the table lets a record move from one state to another.
func (m moves[S]) allow(from, to S) bool { return slices.Contains(m[from], to) }

// setState moves row id of table from state *state to to, when the table
// m allows it and nobody has moved the row since it was read; refused is
// the error otherwise.
func setState[S ~string](ctx context.Context, tx *db.Tx, table string, id int64, state *S, to S, m moves[S], refused error) error {
	if !m.allow(*state, to) {
		return refused
	}
	res, err := tx.ExecContext(ctx, `UPDATE `+table+` SET state = $1 WHERE id = $2 AND state = $3`, to, id, *state)
	if err != nil {
		return fmt.Errorf("cases: move %s %d: %w", table, id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return refused
	}
	*state = to
	return nil
}

// Hold puts an active plan on hold; Resume takes it up again.
func (s *Store) Hold(ctx context.Context, id int64, reason string) error {
	if err := textcheck.Field("cases.hold_reason", reason, textcheck.Short); err != nil {
		return err
	}
	return s.change(ctx, id, func(tx *db.Tx, c *Case) error {
		return s.move(ctx, tx, c, OnHold, strings.TrimSpace(reason))
	})
}

// Resume takes a case on hold up again.
func (s *Store) Resume(ctx context.Context, id int64) error {
	return s.change(ctx, id, func(tx *db.Tx, c *Case) error {
		// caseMoves also lets intake and assessed cases become active, when
		// their plan is approved; resuming is only from hold.
		if c.State != OnHold {
			return ErrInvalidMove
		}
		return s.move(ctx, tx, c, PlanActive, "")
	})
}

// change runs fn on a case the principal may work on, in one transaction.
func (s *Store) change(ctx context.Context, id int64, fn func(tx *db.Tx, c *Case) error) error {
	return s.db.Transact(ctx, func(tx *db.Tx) error {
		c, err := s.caseFor(ctx, tx, id)
		if err != nil {
			return err
		}
		return fn(tx, &c)
	})
}

// RequestClosure asks a supervisor to close the case with an outcome.
// A supervisor's own request closes it at once.
func (s *Store) RequestClosure(ctx context.Context, id int64, outcome, reason string) error {
	if !slices.Contains(Outcomes, outcome) {
		return i18n.Errorf("cases.error.outcome", "Field", i18n.Key("cases.outcome"))
	}
	if err := textcheck.Field("cases.comment", reason, textcheck.Medium); err != nil {
		return err
	}
	return s.change(ctx, id, func(tx *db.Tx, c *Case) error {
		if !c.Open() || c.ClosureRequested != "" {
			return ErrInvalidMove
		}
		if access.From(ctx).Can(access.SuperviseCases) {
			return s.close(ctx, tx, c, outcome, reason)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE cases SET closure_requested = $1 WHERE id = $2`, outcome, c.ID); err != nil {
			return fmt.Errorf("cases: request closure %d: %w", c.ID, err)
		}
		return s.event(ctx, tx, c.ID, "closure_requested", outcome+": "+strings.TrimSpace(reason), 0)
	})
}

// DecideClosure approves or refuses a consultant's request to close a case;
// supervisors only.
func (s *Store) DecideClosure(ctx context.Context, id int64, approve bool, comment string) error {
	if err := access.Require(ctx, access.SuperviseCases); err != nil {
		return err
	}
	if err := textcheck.Field("cases.comment", comment, textcheck.Medium); err != nil {
		return err
	}
	return s.change(ctx, id, func(tx *db.Tx, c *Case) error {
		if c.ClosureRequested == "" || !c.Open() {
			return ErrInvalidMove
		}
		if approve {
			return s.close(ctx, tx, c, c.ClosureRequested, comment)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE cases SET closure_requested = '' WHERE id = $1`, c.ID); err != nil {
			return fmt.Errorf("cases: refuse closure %d: %w", c.ID, err)
		}
		return s.event(ctx, tx, c.ID, "closure_refused", strings.TrimSpace(comment), 0)
	})
}

func (s *Store) close(ctx context.Context, tx *db.Tx, c *Case, outcome, detail string) error {
	if !caseMoves.allow(c.State, Closed) {
		return ErrInvalidMove
	}
	_, err := tx.ExecContext(ctx, `UPDATE cases SET state = 'closed', outcome = $1, closure_requested = '', closed_at = $2 WHERE id = $3`,
		outcome, s.now(), c.ID)
	if err != nil {
		return fmt.Errorf("cases: close %d: %w", c.ID, err)
	}
	c.State, c.Outcome = Closed, outcome
	return s.event(ctx, tx, c.ID, "closed", outcome+": "+strings.TrimSpace(detail), 0)
}

// Reopen opens a closed case again, in the state its record supports: an
// approved plan makes it active, a completed assessment assessed, else intake.
func (s *Store) Reopen(ctx context.Context, id int64, reason string) error {
	if err := textcheck.Field("cases.reopen_reason", reason, textcheck.Short); err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return i18n.Errorf("cases.error.reason_required", "Field", i18n.Key("cases.reopen_reason"))
	}
	return s.change(ctx, id, func(tx *db.Tx, c *Case) error {
		if c.Open() {
			return ErrInvalidMove
		}
		if err := people.RequireParticipation(ctx, tx, c.PersonID); err != nil {
			return err
		}
		to := Intake
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM plans WHERE case_id = $1 AND state = 'approved'`, c.ID).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			to = PlanActive
		} else if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM assessments WHERE case_id = $1 AND state = 'completed'`, c.ID).Scan(&n); err != nil {
			return err
		} else if n > 0 {
			to = Assessed
		}
		if !caseMoves.allow(c.State, to) {
			return ErrInvalidMove
		}
		_, err := tx.ExecContext(ctx, `UPDATE cases SET state = $1, outcome = '', closed_at = NULL WHERE id = $2`, to, c.ID)
		if err != nil {
			return fmt.Errorf("cases: reopen %d: %w", c.ID, err)
		}
		return s.event(ctx, tx, c.ID, "reopened", reason, 0)
	})
}

// Reassign gives the case to another consultant of the supervisor's team
// (see mayOwn); supervisors only. The timeline keeps who had it.
func (s *Store) Reassign(ctx context.Context, id, consultantID int64) error {
	if err := access.Require(ctx, access.SuperviseCases); err != nil {
		return err
	}
	u, err := s.users.UserByID(ctx, consultantID)
	if errors.Is(err, db.ErrNotFound) || err == nil && !mayOwn(access.From(ctx), u) {
		return i18n.Errorf("cases.error.consultant", "Field", i18n.Key("cases.reassign_to"))
	}
	if err != nil {
		return err
	}
	return s.change(ctx, id, func(tx *db.Tx, c *Case) error {
		if u.ID == c.ConsultantID {
			return i18n.Errorf("cases.error.consultant", "Field", i18n.Key("cases.reassign_to"))
		}
		_, err := tx.ExecContext(ctx, `UPDATE cases SET consultant_id = $1, organisation_id = $2 WHERE id = $3`,
			u.ID, db.NullID(u.OrganisationID), c.ID)
		if err != nil {
			return fmt.Errorf("cases: reassign %d: %w", c.ID, err)
		}
		return s.event(ctx, tx, c.ID, "reassigned", "", u.ID)
	})
}

// mayOwn reports whether the supervisor p may give a case to u: an active
// consultant of p's own team (organisation). A trainer, a partner officer
// or a consultant of another office never owns a case p hands over, because
// the owner reads its restricted notes and attachments.
func mayOwn(p access.Principal, u auth.User) bool {
	return u.Active && u.Role == access.Consultant && (p.IsSystem() || p.OrgID != 0 && u.OrganisationID == p.OrgID)
}

// ReassignTargets returns whom the supervisor may give the case to, by
// name: the rule of Reassign, for the form.
func (s *Store) ReassignTargets(ctx context.Context, id int64) ([]Assignee, error) {
	if err := access.Require(ctx, access.SuperviseCases); err != nil {
		return nil, err
	}
	c, err := s.caseFor(ctx, s.db, id)
	if err != nil {
		return nil, err
	}
	consultants, err := s.users.Colleagues(ctx, access.Consultant)
	if err != nil {
		return nil, err
	}
	var list []Assignee
	for _, u := range consultants {
		if u.ID != c.ConsultantID && mayOwn(access.From(ctx), u) {
			list = append(list, Assignee{ID: u.ID, Name: u.Name})
		}
	}
	return list, nil
}

// caseEvents are the timeline kinds this file writes; the other files of
// the package list theirs in planEvents, referralEvents, serviceEvents,
// noteEvents, taskEvents and attachmentEvents.
var caseEvents = []string{"opened", "closure_requested", "closure_refused", "closed", "reopened", "reassigned",
	"state." + string(OnHold), "state." + string(PlanActive), "state." + string(Assessed)}

// EventKinds lists every kind of timeline event, so a test can hold the
// catalogues to them (cases.event.<kind>).
func EventKinds() []string {
	return slices.Concat(caseEvents, planEvents, referralEvents, serviceEvents, noteEvents, taskEvents, attachmentEvents)
}

// Event is a line of a case's timeline.
type Event struct {
	At      time.Time
	ActorID int64
	Kind    string // catalogue key suffix: cases.event.<kind>
	Detail  string
	RefID   int64
}

// Timeline returns everything that happened to a case, oldest first. A note's
// event carries no text, so a restricted note's content never shows here.
func (s *Store) Timeline(ctx context.Context, id int64) ([]Event, error) {
	c, err := s.caseFor(ctx, s.db, id)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT at, actor_id, kind, detail, ref_id FROM case_events WHERE case_id = $1 ORDER BY at, id`, c.ID)
	list, err := db.Collect(rows, err, func(r db.Scanner) (Event, error) {
		var e Event
		var actor, ref sql.NullInt64
		err := r.Scan(&e.At, &actor, &e.Kind, &e.Detail, &ref)
		e.ActorID, e.RefID = actor.Int64, ref.Int64
		return e, err
	})
	if err != nil {
		return nil, fmt.Errorf("cases: timeline %d: %w", id, err)
	}
	return list, nil
}
