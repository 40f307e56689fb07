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
	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/people"
	"inteqra/internal/textcheck"
)

// Domains are the areas of life a needs assessment covers, after DOMAIN.md;
// plan goals and referrals name one of them.
var Domains = []string{"language", "legal_status", "work", "education", "housing", "health", "social_aid", "children", "community"}

// Levels of a domain run from 1 (needs much support) to 4 (independent).
var Levels = []int{1, 2, 3, 4}

// Priorities of a domain's need, most urgent first.
var Priorities = []string{"high", "medium", "low", "none"}

// Vulnerabilities are the flags an assessment may raise.
var Vulnerabilities = []string{"unaccompanied_minor", "single_parent", "disability", "elderly", "survivor_of_violence",
	"serious_illness", "no_documents", "homeless"}

// AssessmentState is where a needs assessment stands.
type AssessmentState string

// Assessment states: a case has at most one draft and one completed
// assessment; completing a new one supersedes the old, which is kept. The
// only moves, draft to completed and completed to superseded, are the two
// statements of SaveAssessment, so this machine needs no table of moves.
const (
	AssessmentDraft      AssessmentState = "draft"
	AssessmentCompleted  AssessmentState = "completed"
	AssessmentSuperseded AssessmentState = "superseded"
)

// AssessmentStates lists the assessment states.
var AssessmentStates = []AssessmentState{AssessmentDraft, AssessmentCompleted, AssessmentSuperseded}

// PlanState is where a version of an integration plan stands.
type PlanState string

// Plan states. A draft (or a plan the supervisor returned) is edited until
// the person agrees to it; the supervisor then approves or returns it. An
// approved plan is superseded when a later version is approved.
const (
	PlanDraft      PlanState = "draft"
	PlanAgreed     PlanState = "agreed"
	PlanApproved   PlanState = "approved"
	PlanReturned   PlanState = "returned"
	PlanSuperseded PlanState = "superseded"
)

// PlanStates lists the plan states.
var PlanStates = []PlanState{PlanDraft, PlanAgreed, PlanApproved, PlanReturned, PlanSuperseded}

// planMoves are the moves a plan may make. A returned plan becomes a draft
// again when it is edited; an approved one is superseded in SQL when a
// later version is approved.
var planMoves = moves[PlanState]{
	PlanDraft:    {PlanAgreed},
	PlanReturned: {PlanAgreed, PlanDraft},
	PlanAgreed:   {PlanApproved, PlanReturned},
	PlanApproved: {PlanSuperseded},
}

// Progresses are the states of a goal that reviews record.
var Progresses = []string{"not_started", "in_progress", "achieved", "dropped"}

// planEvents are the timeline kinds of assessments and plans.
var planEvents = []string{"assessment_saved", "assessment_completed", "plan_saved", "plan_agreed", "plan_approved",
	"plan_returned", "plan_reviewed"}

var (
	// ErrPlanMove is returned when a plan step is not allowed in the plan's state.
	ErrPlanMove = i18n.Errorf("plan.error.invalid_move")
	// ErrNoAssessment is returned when a plan is saved before the needs are assessed.
	ErrNoAssessment = i18n.Errorf("plan.error.no_assessment")
	errAssessClosed = i18n.Errorf("assessment.error.case_closed")
	errPlanClosed   = i18n.Errorf("plan.error.case_closed")
)

// DomainInput is one domain's rating: Level 0 and no priority mean "not
// assessed yet", which only a draft may leave.
type DomainInput struct {
	Level    int
	Priority string
	Note     string
}

// AssessmentInput is the assessment form.
type AssessmentInput struct {
	Domains         map[string]DomainInput
	Strengths       string
	Vulnerabilities []string
	Complete        bool // complete it, superseding the case's earlier assessment
}

// Assessment is a needs assessment of a case.
type Assessment struct {
	ID              int64
	CaseID          int64
	State           AssessmentState
	Domains         map[string]DomainInput
	Strengths       string
	Vulnerabilities []string
	CreatedBy       int64
	CreatedAt       time.Time
	CompletedAt     time.Time
}

// Input returns the assessment as a form to start from.
func (a Assessment) Input() AssessmentInput {
	return AssessmentInput{Domains: a.Domains, Strengths: a.Strengths, Vulnerabilities: a.Vulnerabilities}
}

// clean validates the input and returns it trimmed, without the domains
// left blank and with the flags in their catalogue order.
func (in AssessmentInput) clean() (AssessmentInput, error) {
	var l textcheck.List
	l.Check("assessment.strengths", in.Strengths, textcheck.Rule{Kind: textcheck.Text, Max: 4000})
	for _, r := range in.Domains {
		l.Check("assessment.note", r.Note, textcheck.Medium)
		l.Check("assessment.priority", r.Priority, textcheck.CodeRule)
	}
	out := AssessmentInput{Domains: map[string]DomainInput{}, Strengths: strings.TrimSpace(in.Strengths), Complete: in.Complete}
	if err := l.Err(); err != nil {
		return out, err
	}
	for d, r := range in.Domains {
		if !slices.Contains(Domains, d) {
			return out, i18n.Errorf("assessment.error.domain")
		}
		r.Priority, r.Note = strings.TrimSpace(r.Priority), strings.TrimSpace(r.Note)
		if r.Level == 0 && r.Priority == "" && r.Note == "" {
			continue
		}
		if !slices.Contains(Levels, r.Level) {
			return out, i18n.Errorf("assessment.error.level")
		}
		if !slices.Contains(Priorities, r.Priority) {
			return out, i18n.Errorf("assessment.error.priority")
		}
		out.Domains[d] = r
	}
	for _, v := range in.Vulnerabilities {
		if !slices.Contains(Vulnerabilities, v) {
			return out, i18n.Errorf("assessment.error.vulnerability")
		}
	}
	for _, v := range Vulnerabilities {
		if slices.Contains(in.Vulnerabilities, v) {
			out.Vulnerabilities = append(out.Vulnerabilities, v)
		}
	}
	if out.Complete && len(out.Domains) != len(Domains) {
		return out, i18n.Errorf("assessment.error.incomplete")
	}
	return out, nil
}

// SaveAssessment saves the case's draft assessment, starting one if there is
// none; with Complete it completes it, supersedes the case's earlier
// completed assessment and moves a case in intake to assessed.
func (s *Store) SaveAssessment(ctx context.Context, caseID int64, in AssessmentInput) (Assessment, error) {
	in, err := in.clean()
	if err != nil {
		return Assessment{}, err
	}
	now := s.now()
	a := Assessment{CaseID: caseID, State: AssessmentDraft, Domains: in.Domains, Strengths: in.Strengths,
		Vulnerabilities: in.Vulnerabilities, CreatedBy: access.From(ctx).UserID, CreatedAt: now}
	err = s.change(ctx, caseID, func(tx *db.Tx, c *Case) error {
		if !c.Open() {
			return errAssessClosed
		}
		flags := strings.Join(in.Vulnerabilities, ",")
		err := tx.QueryRowContext(ctx, `SELECT id, created_by, created_at FROM assessments WHERE case_id = $1 AND state = 'draft'`, c.ID).
			Scan(&a.ID, (*planNullID)(&a.CreatedBy), &a.CreatedAt)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			err = tx.QueryRowContext(ctx, `INSERT INTO assessments (case_id, state, strengths, vulnerabilities, created_by, created_at)
				VALUES ($1, 'draft', $2, $3, $4, $5) RETURNING id`, c.ID, in.Strengths, flags, db.NullID(a.CreatedBy), now).Scan(&a.ID)
		case err == nil:
			if _, err = tx.ExecContext(ctx, `UPDATE assessments SET strengths = $1, vulnerabilities = $2 WHERE id = $3`,
				in.Strengths, flags, a.ID); err == nil {
				_, err = tx.ExecContext(ctx, `DELETE FROM assessment_domains WHERE assessment_id = $1`, a.ID)
			}
		}
		if err != nil {
			return fmt.Errorf("cases: save assessment of %d: %w", c.ID, err)
		}
		for _, d := range Domains {
			r, ok := in.Domains[d]
			if !ok {
				continue
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO assessment_domains (assessment_id, domain, level, priority, note)
				VALUES ($1, $2, $3, $4, $5)`, a.ID, d, r.Level, r.Priority, r.Note); err != nil {
				return fmt.Errorf("cases: save assessment domain %s: %w", d, err)
			}
		}
		if !in.Complete {
			return s.event(ctx, tx, c.ID, "assessment_saved", "", a.ID)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE assessments SET state = 'superseded' WHERE case_id = $1 AND state = 'completed'`, c.ID); err != nil {
			return fmt.Errorf("cases: supersede assessments of %d: %w", c.ID, err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE assessments SET state = 'completed', completed_at = $1 WHERE id = $2`, now, a.ID); err != nil {
			return fmt.Errorf("cases: complete assessment %d: %w", a.ID, err)
		}
		a.State, a.CompletedAt = AssessmentCompleted, now
		if err := s.event(ctx, tx, c.ID, "assessment_completed", "", a.ID); err != nil {
			return err
		}
		if c.State == Intake {
			return s.move(ctx, tx, c, Assessed, "")
		}
		return nil
	})
	return a, err
}

// Assessments returns the case's assessments, newest first.
func (s *Store) Assessments(ctx context.Context, caseID int64) ([]Assessment, error) {
	c, err := s.caseFor(ctx, s.db, caseID)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, state, strengths, vulnerabilities, created_by, created_at, completed_at
		FROM assessments WHERE case_id = $1 ORDER BY id DESC`, c.ID)
	list, err := db.Collect(rows, err, func(r db.Scanner) (Assessment, error) {
		a := Assessment{CaseID: c.ID, Domains: map[string]DomainInput{}}
		var flags string
		var done sql.NullTime
		err := r.Scan(&a.ID, &a.State, &a.Strengths, &flags, (*planNullID)(&a.CreatedBy), &a.CreatedAt, &done)
		a.CompletedAt = done.Time
		if flags != "" {
			a.Vulnerabilities = strings.Split(flags, ",")
		}
		return a, err
	})
	if err != nil {
		return nil, fmt.Errorf("cases: assessments of %d: %w", c.ID, err)
	}
	byID := map[int64]int{}
	for i, a := range list {
		byID[a.ID] = i
	}
	rows, err = s.db.QueryContext(ctx, `SELECT d.assessment_id, d.domain, d.level, d.priority, d.note
		FROM assessment_domains d JOIN assessments a ON a.id = d.assessment_id WHERE a.case_id = $1`, c.ID)
	err = db.Each(rows, err, func(row db.Scanner) error {
		var id int64
		var d string
		var r DomainInput
		if err := row.Scan(&id, &d, &r.Level, &r.Priority, &r.Note); err != nil {
			return err
		}
		list[byID[id]].Domains[d] = r
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("cases: assessment domains of %d: %w", c.ID, err)
	}
	return list, nil
}

// GoalInput is a row of the plan form; a row left wholly blank is ignored.
type GoalInput struct {
	Domain      string
	Action      string
	Responsible string // a person or an organisation
	DueOn       string // 2006-01-02
}

// PlanInput is the plan form.
type PlanInput struct {
	Goals []GoalInput
}

// Goal is a goal of a plan.
type Goal struct {
	ID          int64
	Domain      string
	Action      string
	Responsible string
	DueOn       time.Time
	Progress    string
	Overdue     bool // an approved plan's goal past its due date, neither achieved nor dropped
}

// Input returns the goal as a row of the plan form.
func (g Goal) Input() GoalInput {
	return GoalInput{Domain: g.Domain, Action: g.Action, Responsible: g.Responsible, DueOn: g.DueOn.Format(time.DateOnly)}
}

// Review is a review of an approved plan.
type Review struct {
	ID        int64
	Note      string
	Progress  map[int64]string // each goal's progress after the review
	CreatedBy int64
	CreatedAt time.Time
}

// Plan is a version of a case's integration plan.
type Plan struct {
	ID        int64
	CaseID    int64
	Version   int
	State     PlanState
	AgreedOn  time.Time // when the person agreed to it
	DecidedBy int64     // the supervisor who approved or returned it
	DecidedAt time.Time
	Comment   string // the supervisor's comment when returning it
	CreatedBy int64
	CreatedAt time.Time
	Goals     []Goal
	Reviews   []Review // newest first
}

// Editable reports whether the plan's goals may still change.
func (p Plan) Editable() bool { return p.State == PlanDraft || p.State == PlanReturned }

// planGoals validates the goal rows.
func planGoals(in []GoalInput) ([]Goal, error) {
	var l textcheck.List
	for _, g := range in {
		l.Check("plan.goal_action", g.Action, textcheck.Rule{Kind: textcheck.Text, Max: 1000})
		l.Check("plan.goal_responsible", g.Responsible, textcheck.Short)
	}
	if err := l.Err(); err != nil {
		return nil, err
	}
	var goals []Goal
	for _, g := range in {
		g.Domain, g.Action = strings.TrimSpace(g.Domain), strings.TrimSpace(g.Action)
		g.Responsible, g.DueOn = strings.TrimSpace(g.Responsible), strings.TrimSpace(g.DueOn)
		if g == (GoalInput{}) {
			continue
		}
		if !slices.Contains(Domains, g.Domain) {
			return nil, i18n.Errorf("plan.error.domain")
		}
		if g.Action == "" {
			return nil, i18n.Errorf("plan.error.action_required")
		}
		due, err := time.Parse(time.DateOnly, g.DueOn)
		if err != nil || due.Year() < 2000 || due.Year() > 2100 {
			return nil, i18n.Errorf("plan.error.due_on")
		}
		goals = append(goals, Goal{Domain: g.Domain, Action: g.Action, Responsible: g.Responsible, DueOn: due, Progress: Progresses[0]})
	}
	if len(goals) == 0 {
		return nil, i18n.Errorf("plan.error.no_goals")
	}
	if len(goals) > 50 {
		return nil, i18n.Errorf("plan.error.too_many_goals")
	}
	return goals, nil
}

// SavePlan saves the goals of the case's plan being worked on (a draft or a
// returned version), or starts a new version when there is none. The needs
// must have been assessed first.
func (s *Store) SavePlan(ctx context.Context, caseID int64, in PlanInput) (Plan, error) {
	goals, err := planGoals(in.Goals)
	if err != nil {
		return Plan{}, err
	}
	var p Plan
	err = s.change(ctx, caseID, func(tx *db.Tx, c *Case) error {
		if !c.Open() {
			return errPlanClosed
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM assessments WHERE case_id = $1 AND state = 'completed'`, c.ID).Scan(&n); err != nil {
			return fmt.Errorf("cases: assessments of %d: %w", c.ID, err)
		}
		if n == 0 {
			return ErrNoAssessment
		}
		latest, err := scanPlan(tx.QueryRowContext(ctx, `SELECT `+planColumns+` FROM plans WHERE case_id = $1 ORDER BY version DESC LIMIT 1`, c.ID))
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("cases: plans of %d: %w", c.ID, err)
		}
		switch {
		case err == nil && latest.Editable():
			p = latest
			p.State = PlanDraft
			if _, err := tx.ExecContext(ctx, `UPDATE plans SET state = 'draft' WHERE id = $1`, p.ID); err != nil {
				return fmt.Errorf("cases: save plan %d: %w", p.ID, err)
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM plan_goals WHERE plan_id = $1`, p.ID); err != nil {
				return fmt.Errorf("cases: save plan %d: %w", p.ID, err)
			}
		case err == nil && latest.State == PlanAgreed:
			return i18n.Errorf("plan.error.awaiting_approval")
		default:
			p = Plan{CaseID: c.ID, Version: latest.Version + 1, State: PlanDraft, CreatedBy: access.From(ctx).UserID, CreatedAt: s.now()}
			err := tx.QueryRowContext(ctx, `INSERT INTO plans (case_id, version, state, created_by, created_at)
				VALUES ($1, $2, 'draft', $3, $4) RETURNING id`, c.ID, p.Version, db.NullID(p.CreatedBy), p.CreatedAt).Scan(&p.ID)
			if err != nil {
				return fmt.Errorf("cases: new plan of %d: %w", c.ID, err)
			}
		}
		p.Goals = goals
		for i := range p.Goals {
			g := &p.Goals[i]
			err := tx.QueryRowContext(ctx, `INSERT INTO plan_goals (plan_id, domain, action, responsible, due_on, progress)
				VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, p.ID, g.Domain, g.Action, g.Responsible, g.DueOn, g.Progress).Scan(&g.ID)
			if err != nil {
				return fmt.Errorf("cases: plan goal of %d: %w", p.ID, err)
			}
		}
		return s.event(ctx, tx, c.ID, "plan_saved", "", p.ID)
	})
	return p, err
}

// AgreePlan records the day the person agreed to a draft plan.
func (s *Store) AgreePlan(ctx context.Context, planID int64, agreedOn string) error {
	day, err := time.Parse(time.DateOnly, strings.TrimSpace(agreedOn))
	if err != nil || day.Year() < 2000 {
		return i18n.Errorf("plan.error.agreed_on", "Field", i18n.Key("plan.agreed_on"))
	}
	if day.After(i18n.DayOf(s.now())) {
		return i18n.Errorf("plan.error.agreed_future", "Field", i18n.Key("plan.agreed_on"))
	}
	return s.changePlan(ctx, planID, func(tx *db.Tx, p *Plan, c *Case) error {
		if err := s.stepPlan(ctx, tx, p, c, PlanAgreed); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE plans SET agreed_on = $1 WHERE id = $2`, day, p.ID); err != nil {
			return fmt.Errorf("cases: agree plan %d: %w", p.ID, err)
		}
		return s.event(ctx, tx, c.ID, "plan_agreed", "", p.ID)
	})
}

// ApprovePlan approves a plan the person agreed to; supervisors only. The
// case's plan becomes active, and an earlier approved version is superseded.
func (s *Store) ApprovePlan(ctx context.Context, planID int64) error {
	if err := access.Require(ctx, access.SuperviseCases); err != nil {
		return err
	}
	return s.changePlan(ctx, planID, func(tx *db.Tx, p *Plan, c *Case) error {
		if err := s.stepPlan(ctx, tx, p, c, PlanApproved); err != nil {
			return err
		}
		if err := s.decidePlan(ctx, tx, p, ""); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE plans SET state = 'superseded' WHERE case_id = $1 AND state = 'approved' AND id <> $2`,
			c.ID, p.ID); err != nil {
			return fmt.Errorf("cases: supersede plans of %d: %w", c.ID, err)
		}
		if err := s.event(ctx, tx, c.ID, "plan_approved", "", p.ID); err != nil {
			return err
		}
		if c.State == Intake || c.State == Assessed {
			return s.move(ctx, tx, c, PlanActive, "")
		}
		return nil
	})
}

// ReturnPlan sends an agreed plan back to be reworked, with the
// supervisor's comment; supervisors only. The person agrees again later.
func (s *Store) ReturnPlan(ctx context.Context, planID int64, comment string) error {
	if err := access.Require(ctx, access.SuperviseCases); err != nil {
		return err
	}
	if err := textcheck.Field("plan.return_comment", comment, textcheck.Medium); err != nil {
		return err
	}
	comment = strings.TrimSpace(comment)
	if comment == "" {
		return i18n.Errorf("plan.error.comment_required", "Field", i18n.Key("plan.return_comment"))
	}
	return s.changePlan(ctx, planID, func(tx *db.Tx, p *Plan, c *Case) error {
		if err := s.stepPlan(ctx, tx, p, c, PlanReturned); err != nil {
			return err
		}
		if err := s.decidePlan(ctx, tx, p, comment); err != nil {
			return err
		}
		return s.event(ctx, tx, c.ID, "plan_returned", comment, p.ID)
	})
}

// ReviewPlan records a review of an approved plan: a note and the progress
// of its goals (goal id → one of Progresses); goals left out keep theirs.
func (s *Store) ReviewPlan(ctx context.Context, planID int64, note string, progress map[int64]string) error {
	if err := textcheck.Field("plan.review_note", note, textcheck.Rule{Kind: textcheck.Text, Max: 4000}); err != nil {
		return err
	}
	note = strings.TrimSpace(note)
	if note == "" {
		return i18n.Errorf("plan.error.note_required", "Field", i18n.Key("plan.review_note"))
	}
	for _, v := range progress {
		if !slices.Contains(Progresses, v) {
			return i18n.Errorf("plan.error.progress")
		}
	}
	return s.changePlan(ctx, planID, func(tx *db.Tx, p *Plan, c *Case) error {
		if p.State != PlanApproved {
			return ErrPlanMove
		}
		goals, err := goalsOf(ctx, tx, `g.plan_id = $1`, p.ID)
		if err != nil {
			return err
		}
		for id := range progress {
			if !slices.ContainsFunc(goals, func(g planGoal) bool { return g.ID == id }) {
				return i18n.Errorf("plan.error.goal")
			}
		}
		var snapshot []string
		for _, g := range goals {
			if v, ok := progress[g.ID]; ok && v != g.Progress {
				if _, err := tx.ExecContext(ctx, `UPDATE plan_goals SET progress = $1 WHERE id = $2`, v, g.ID); err != nil {
					return fmt.Errorf("cases: goal %d: %w", g.ID, err)
				}
				g.Progress = v
			}
			snapshot = append(snapshot, strconv.FormatInt(g.ID, 10)+":"+g.Progress)
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO plan_reviews (plan_id, note, progress, created_by, created_at) VALUES ($1, $2, $3, $4, $5)`,
			p.ID, note, strings.Join(snapshot, ","), db.NullID(access.From(ctx).UserID), s.now())
		if err != nil {
			return fmt.Errorf("cases: review plan %d: %w", p.ID, err)
		}
		return s.event(ctx, tx, c.ID, "plan_reviewed", note, p.ID)
	})
}

// changePlan runs fn on a plan of an open case the principal may work on,
// in one transaction.
func (s *Store) changePlan(ctx context.Context, planID int64, fn func(tx *db.Tx, p *Plan, c *Case) error) error {
	if err := access.Require(ctx, access.WorkCases); err != nil {
		return err
	}
	return s.db.Transact(ctx, func(tx *db.Tx) error {
		p, err := scanPlan(tx.QueryRowContext(ctx, `SELECT `+planColumns+` FROM plans WHERE id = $1`, planID))
		if errors.Is(err, sql.ErrNoRows) {
			return db.ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("cases: plan %d: %w", planID, err)
		}
		c, err := s.caseFor(ctx, tx, p.CaseID)
		if err != nil {
			return err
		}
		if !c.Open() {
			return errPlanClosed
		}
		return fn(tx, &p, &c)
	})
}

// stepPlan changes the state of a plan of case c if planMoves allows it,
// and tells whom it concerns.
func (s *Store) stepPlan(ctx context.Context, tx *db.Tx, p *Plan, c *Case, to PlanState) error {
	if err := setState(ctx, tx, "plans", p.ID, &p.State, to, planMoves, ErrPlanMove); err != nil {
		return err
	}
	return s.tellPlan(ctx, tx, c, to)
}

// decidePlan records the supervisor's decision on a plan; a returned plan needs
// the person's agreement again.
func (s *Store) decidePlan(ctx context.Context, tx *db.Tx, p *Plan, comment string) error {
	q := `UPDATE plans SET decided_by = $1, decided_at = $2, comment = $3 WHERE id = $4`
	if comment != "" {
		q = `UPDATE plans SET decided_by = $1, decided_at = $2, comment = $3, agreed_on = NULL WHERE id = $4`
	}
	if _, err := tx.ExecContext(ctx, q, db.NullID(access.From(ctx).UserID), s.now(), comment, p.ID); err != nil {
		return fmt.Errorf("cases: decide plan %d: %w", p.ID, err)
	}
	return nil
}

const planColumns = `id, case_id, version, state, agreed_on, decided_by, decided_at, comment, created_by, created_at`

func scanPlan(row db.Scanner) (Plan, error) {
	var p Plan
	var agreed, decided sql.NullTime
	err := row.Scan(&p.ID, &p.CaseID, &p.Version, &p.State, &agreed, (*planNullID)(&p.DecidedBy), &decided, &p.Comment,
		(*planNullID)(&p.CreatedBy), &p.CreatedAt)
	p.AgreedOn, p.DecidedAt = agreed.Time.UTC(), decided.Time
	return p, err
}

// Plans returns the versions of the case's plan, newest first, with their
// goals and reviews.
func (s *Store) Plans(ctx context.Context, caseID int64) ([]Plan, error) {
	c, err := s.caseFor(ctx, s.db, caseID)
	if err != nil {
		return nil, err
	}
	return s.plans(ctx, c)
}

// plans returns a case's plans without a check.
func (s *Store) plans(ctx context.Context, c Case) ([]Plan, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+planColumns+` FROM plans WHERE case_id = $1 ORDER BY version DESC`, c.ID)
	list, err := db.Collect(rows, err, scanPlan)
	if err != nil {
		return nil, fmt.Errorf("cases: plans of %d: %w", c.ID, err)
	}
	byID := map[int64]int{}
	for i, p := range list {
		byID[p.ID] = i
	}
	goals, err := goalsOf(ctx, s.db, `g.plan_id IN (SELECT id FROM plans WHERE case_id = $1)`, c.ID)
	if err != nil {
		return nil, err
	}
	today := i18n.DayOf(s.now())
	for _, g := range goals {
		p := &list[byID[g.planID]]
		g.Overdue = p.State == PlanApproved && g.overdue(today)
		p.Goals = append(p.Goals, g.Goal)
	}
	rows, err = s.db.QueryContext(ctx, `SELECT r.id, r.plan_id, r.note, r.progress, r.created_by, r.created_at FROM plan_reviews r
		JOIN plans p ON p.id = r.plan_id WHERE p.case_id = $1 ORDER BY r.id DESC`, c.ID)
	err = db.Each(rows, err, func(row db.Scanner) error {
		var r Review
		var plan int64
		var progress string
		if err := row.Scan(&r.ID, &plan, &r.Note, &progress, (*planNullID)(&r.CreatedBy), &r.CreatedAt); err != nil {
			return err
		}
		r.Progress = map[int64]string{}
		for item := range strings.SplitSeq(progress, ",") {
			id, v, _ := strings.Cut(item, ":")
			if n, err := strconv.ParseInt(id, 10, 64); err == nil {
				r.Progress[n] = v
			}
		}
		p := &list[byID[plan]]
		p.Reviews = append(p.Reviews, r)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("cases: plan reviews of %d: %w", c.ID, err)
	}
	return list, nil
}

// planGoal is a goal with the plan it belongs to.
type planGoal struct {
	Goal
	planID int64
}

func (g Goal) overdue(today time.Time) bool {
	return g.DueOn.Before(today) && g.Progress != "achieved" && g.Progress != "dropped"
}

// goalsOf returns the goals the condition on g (plan_goals) selects, by due date.
func goalsOf(ctx context.Context, q db.Querier, where string, args ...any) ([]planGoal, error) {
	rows, err := q.QueryContext(ctx, `SELECT g.id, g.plan_id, g.domain, g.action, g.responsible, g.due_on, g.progress
		FROM plan_goals g WHERE `+where+` ORDER BY g.due_on, g.id`, args...)
	list, err := db.Collect(rows, err, func(row db.Scanner) (planGoal, error) {
		var g planGoal
		var due sql.NullTime
		err := row.Scan(&g.ID, &g.planID, &g.Domain, &g.Action, &g.Responsible, &due, &g.Progress)
		g.DueOn = due.Time.UTC()
		return g, err
	})
	if err != nil {
		return nil, fmt.Errorf("cases: plan goals: %w", err)
	}
	return list, nil
}

// OverdueGoal is a goal of an approved plan past its due date.
type OverdueGoal struct {
	Goal
	PlanID       int64
	CaseID       int64
	PersonID     int64
	PersonName   string
	ConsultantID int64
}

// OverdueGoals returns the overdue goals of the open cases the principal may
// see (their own and their team's), the longest overdue first.
func (s *Store) OverdueGoals(ctx context.Context) ([]OverdueGoal, error) {
	if err := access.Require(ctx, access.WorkCases); err != nil {
		return nil, err
	}
	p := access.From(ctx)
	rows, err := s.db.QueryContext(ctx, `SELECT g.id, g.domain, g.action, g.responsible, g.due_on, g.progress,
			pl.id, c.id, c.person_id, c.consultant_id
		FROM plan_goals g JOIN plans pl ON pl.id = g.plan_id JOIN cases c ON c.id = pl.case_id
		WHERE pl.state = 'approved' AND c.state <> 'closed' AND g.due_on < $1 AND g.progress NOT IN ('achieved', 'dropped')
		AND (c.consultant_id = $2 OR ($3 <> 0 AND c.organisation_id = $3))
		ORDER BY g.due_on, g.id LIMIT 500`, i18n.DayOf(s.now()), p.UserID, p.OrgID)
	list, err := db.Collect(rows, err, func(r db.Scanner) (OverdueGoal, error) {
		var o OverdueGoal
		err := r.Scan(&o.ID, &o.Domain, &o.Action, &o.Responsible, &o.DueOn, &o.Progress,
			&o.PlanID, &o.CaseID, &o.PersonID, &o.ConsultantID)
		o.DueOn, o.Overdue = o.DueOn.UTC(), true
		return o, err
	})
	if err != nil {
		return nil, fmt.Errorf("cases: overdue goals: %w", err)
	}
	persons := make([]int64, len(list))
	for i, o := range list {
		persons[i] = o.PersonID
	}
	names, err := people.DisplayNames(ctx, s.db, persons)
	for i := range list {
		list[i].PersonName = names[list[i].PersonID]
	}
	return list, err
}

// planNullID scans a nullable id as 0 when it is NULL.
type planNullID int64

func (n *planNullID) Scan(v any) error {
	var x sql.NullInt64
	err := x.Scan(v)
	*n = planNullID(x.Int64)
	return err
}
