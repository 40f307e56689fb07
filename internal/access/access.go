// Package access defines the roles, the permissions each role holds and the
// principal acting in a request. Feature packages check permissions here, in
// their own methods, so that web pages, the JSON API and the command line all
// meet the same rules.
package access

import (
	"context"
	"errors"
	"slices"
)

// Role is a user's role; a user has exactly one.
type Role string

// The twelve roles of DESIGN.md. The public has no account and no role.
const (
	Migrant          Role = "migrant"
	Consultant       Role = "consultant"
	Supervisor       Role = "supervisor"
	Trainer          Role = "trainer"
	Coordinator      Role = "coordinator"
	PartnerOfficer   Role = "partner_officer"
	CouncilSecretary Role = "council_secretary"
	StrategyOfficer  Role = "strategy_officer"
	FocalPoint       Role = "focal_point"
	Analyst          Role = "analyst"
	Auditor          Role = "auditor"
	Admin            Role = "admin"
)

// Roles lists every role in the order forms show them.
var Roles = []Role{Admin, Supervisor, Consultant, Coordinator, Trainer, PartnerOfficer,
	CouncilSecretary, StrategyOfficer, FocalPoint, Analyst, Auditor, Migrant}

// Valid reports whether r is one of the roles.
func (r Role) Valid() bool { return slices.Contains(Roles, r) }

// RequiresMFA reports whether users of this role must enrol a second factor
// before they can do anything else.
func (r Role) RequiresMFA() bool { return r == Admin || r == Supervisor }

// Permission is something a principal may do.
type Permission string

// Permissions. Later features add theirs here, next to the roles that hold them.
const (
	// StaffArea opens the back office (staff home, own account).
	StaffArea Permission = "staff.area"
	// SelfService opens the migrant's own area.
	SelfService Permission = "self.service"
	// ManageUsers creates users, changes their role, organisation and state, resets passwords.
	ManageUsers Permission = "users.manage"
	// ManageOrganisations creates and edits organisations.
	ManageOrganisations Permission = "organisations.manage"
	// ReadAudit browses the audit log and verifies its chain.
	ReadAudit Permission = "audit.read"
	// LinkAccounts invites a person to an account of their own, decides the
	// migrants' requests to be linked to their person, and unlinks.
	LinkAccounts Permission = "accounts.link"
	// ReadPeople searches the registry and opens a person's record (every view is audited).
	ReadPeople Permission = "people.read"
	// WritePeople registers persons and records their statuses, consents and family links.
	WritePeople Permission = "people.write"
	// MergePeople merges duplicate records.
	MergePeople Permission = "people.merge"
	// ErasePeople anonymises a person.
	ErasePeople Permission = "people.erase"
	// ManageRegions edits the catalogue of regions and districts.
	ManageRegions Permission = "regions.manage"
	// ManageCourses edits the Training-Education Centre's courses, cohorts and calendar.
	ManageCourses Permission = "training.courses"
	// DecideEnrolments accepts, rejects, transfers and drops learners and issues certificates.
	DecideEnrolments Permission = "training.enrol"
	// ApplyForPerson applies to a course on behalf of a registered person.
	ApplyForPerson Permission = "training.apply"
	// ReadTraining opens cohorts, their rosters and registers; trainers only their own cohorts.
	ReadTraining Permission = "training.read"
	// TeachCohorts marks attendance and enters test scores; trainers only in their own cohorts.
	TeachCohorts Permission = "training.teach"
	// WorkCases opens and runs cases: consultants their own and their team's.
	WorkCases Permission = "cases.work"
	// SuperviseCases approves plans and closures and reassigns cases of the team.
	SuperviseCases Permission = "cases.supervise"
	// ManageServices edits the catalogue of integration services.
	ManageServices Permission = "services.manage"
	// AnswerReferrals accepts, declines and completes referrals sent to one's organisation.
	AnswerReferrals Permission = "referrals.answer"
	// ManageCouncil runs the Migrant Council's proposals: submits on someone's
	// behalf, assigns, answers, records what was done, withdraws on request.
	ManageCouncil Permission = "council.manage"
	// ReadCouncil opens the back-office list of proposals with their authors.
	ReadCouncil Permission = "council.read"
	// CouncilWork reads the Council's members and meetings in the back office.
	CouncilWork Permission = "council.work"
	// CouncilFigures reads the Council's aggregate figures (no names).
	CouncilFigures Permission = "council.figures"
	// ManageCouncilCatalogue edits the catalogue of proposal topics.
	ManageCouncilCatalogue Permission = "council.catalogue"
	// ReadDashboards reads the programme's dashboards and their exports:
	// aggregate figures, never a name.
	ReadDashboards Permission = "stats.dashboards"
	// ManageStatistics sets the small-cell threshold.
	ManageStatistics Permission = "stats.settings"
	// ManageStrategy edits the integration Strategy and its Action Plan:
	// the strategy, its goals, objectives and measures, and publishes it.
	ManageStrategy Permission = "strategy.manage"
	// ReadStrategy reads the Action Plan in the back office; a focal point
	// only the measures their organisation is responsible for.
	ReadStrategy Permission = "strategy.read"
	// ReportStrategy reports on measures: sets a measure's status; a focal
	// point only on the measures of their organisation.
	ReportStrategy Permission = "strategy.report"
	// ReadOutbox reads the outbox of e-mails: what was sent, what waits,
	// what was refused and why.
	ReadOutbox Permission = "notify.outbox"
	// ManageWebhooks registers and removes the webhooks of one's
	// organisation and reads their deliveries; an admin reads every
	// organisation's, to see why a partner's system hears nothing. Its own
	// permission, not ManageOrganisations: partner officers hold it too.
	ManageWebhooks Permission = "webhooks.manage"
)

var staff = []Role{Consultant, Supervisor, Trainer, Coordinator, PartnerOfficer,
	CouncilSecretary, StrategyOfficer, FocalPoint, Analyst, Auditor, Admin}

var grants = map[Permission][]Role{
	StaffArea:              staff,
	SelfService:            {Migrant},
	ManageUsers:            {Admin},
	ManageOrganisations:    {Admin},
	ReadAudit:              {Auditor},
	ReadPeople:             {Consultant, Supervisor, Coordinator, Admin},
	LinkAccounts:           {Consultant, Supervisor, Coordinator},
	WritePeople:            {Consultant, Supervisor, Coordinator},
	MergePeople:            {Consultant, Supervisor},
	ErasePeople:            {Admin},
	ManageRegions:          {Admin},
	ManageCourses:          {Coordinator},
	DecideEnrolments:       {Coordinator},
	ApplyForPerson:         {Coordinator, Consultant},
	ReadTraining:           {Coordinator, Trainer},
	TeachCohorts:           {Coordinator, Trainer},
	WorkCases:              {Consultant, Supervisor},
	SuperviseCases:         {Supervisor},
	ManageServices:         {Admin},
	AnswerReferrals:        {PartnerOfficer},
	ManageCouncil:          {CouncilSecretary},
	ReadCouncil:            {CouncilSecretary},
	CouncilWork:            staff,
	CouncilFigures:         {CouncilSecretary, Analyst},
	ManageCouncilCatalogue: {Admin},
	ReadDashboards:         {Analyst, Supervisor, Coordinator, StrategyOfficer, Admin},
	ManageStatistics:       {Admin},
	ManageStrategy:         {StrategyOfficer},
	ReadStrategy:           {StrategyOfficer, FocalPoint, Analyst, Supervisor, Coordinator, Admin},
	ReportStrategy:         {StrategyOfficer, FocalPoint},
	ReadOutbox:             {Admin},
	ManageWebhooks:         {PartnerOfficer, Admin},
}

// Principal is who is acting: a signed-in user, or the system itself when the
// command line or a background job acts.
type Principal struct {
	UserID int64
	Email  string
	Name   string
	Role   Role
	OrgID  int64
	// PersonID is a migrant's own person in the registry, once their
	// account is linked to it (0 before): what the migrant's area shows.
	PersonID int64
	system   bool
}

// System is the principal of command-line tools and jobs; it may do anything,
// and the audit log names it "system".
func System() Principal { return Principal{Email: "system", Name: "system", system: true} }

// IsSystem reports whether p is the system principal.
func (p Principal) IsSystem() bool { return p.system }

// SignedIn reports whether p is a user or the system, not an anonymous visitor.
func (p Principal) SignedIn() bool { return p.UserID != 0 || p.system }

// Can reports whether p holds perm.
func (p Principal) Can(perm Permission) bool {
	if p.system {
		return true
	}
	if p.UserID == 0 {
		return false
	}
	return slices.Contains(grants[perm], p.Role)
}

// ErrForbidden is returned when the principal lacks a permission. The web
// layer turns it into a 403 page, the API into a 403 problem.
var ErrForbidden = errors.New("access: forbidden")

// ErrUnauthenticated is returned when no one is signed in and a permission is needed.
var ErrUnauthenticated = errors.New("access: not signed in")

type principalKey struct{}

// With returns a context carrying p.
func With(ctx context.Context, p Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// From returns the principal in ctx, or an anonymous one.
func From(ctx context.Context) Principal {
	p, _ := ctx.Value(principalKey{}).(Principal)
	return p
}

// Require returns nil when the principal in ctx holds perm, and otherwise
// ErrUnauthenticated or ErrForbidden.
func Require(ctx context.Context, perm Permission) error {
	p := From(ctx)
	if p.Can(perm) {
		return nil
	}
	if !p.SignedIn() {
		return ErrUnauthenticated
	}
	return ErrForbidden
}

// Own returns the signed-in migrant's own person, for the self-service
// reads and changes: refused to anyone else, and to an account not yet
// linked to its person. A feature never takes the person from the request.
func Own(ctx context.Context) (int64, error) {
	if err := Require(ctx, SelfService); err != nil {
		return 0, err
	}
	p := From(ctx)
	if p.PersonID == 0 || p.system {
		return 0, ErrForbidden
	}
	return p.PersonID, nil
}
