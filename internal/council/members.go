package council

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/audit"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/people"
	"inteqra/internal/textcheck"
)

// Role is a member's office on the Council.
type Role string

// Roles on the Council. The chair is elected at a meeting (see Elect); the
// others are given by the secretariat.
const (
	Chair       Role = "chair"
	DeputyChair Role = "deputy_chair"
	Secretary   Role = "secretary"
	Member      Role = "member"
)

// Roles lists the roles in the order lists show them.
var Roles = []Role{Chair, DeputyChair, Secretary, Member}

// TermState is where a member's term stands.
type TermState string

// Term states: a candidate's term starts when the secretariat confirms it,
// and ends with a reason.
const (
	Candidate TermState = "candidate"
	Active    TermState = "active"
	Ended     TermState = "ended"
)

// TermStates lists the states in their order.
var TermStates = []TermState{Candidate, Active, Ended}

var termMoves = map[TermState][]TermState{
	Candidate: {Active, Ended},
	Active:    {Ended},
}

// CanMove reports whether a term in state st may move to state to.
func (st TermState) CanMove(to TermState) bool { return slices.Contains(termMoves[st], to) }

// EndReason is why a term ended.
type EndReason string

// Reasons a term ends.
const (
	TermOver EndReason = "term_over"
	Resigned EndReason = "resigned"
	Removed  EndReason = "removed"
)

// EndReasons lists the reasons in the order forms show them.
var EndReasons = []EndReason{TermOver, Resigned, Removed}

// EndingSoonDays is how close to its end a term is flagged to the secretariat.
const EndingSoonDays = 60

// Settings are the Council's rules that admins set: its size, the length
// of a term in months and how many terms in a row a member may serve.
type Settings struct {
	Size       int
	TermMonths int
	MaxTerms   int
}

// Term is one term of a member on the Council.
type Term struct {
	ID        int64
	MemberID  int64
	State     TermState
	StartsOn  time.Time
	EndsOn    time.Time
	EndedOn   time.Time
	EndReason EndReason
}

// EndingSoon reports whether an active term ends within EndingSoonDays of today.
func (t Term) EndingSoon(today time.Time) bool {
	return t.State == Active && !t.EndsOn.After(today.AddDate(0, 0, EndingSoonDays))
}

// CouncilMember is a person of the registry who serves on the Council, with
// their latest term.
type CouncilMember struct {
	ID        int64
	PersonID  int64
	Name      string
	Origin    string   // ISO 3166-1 alpha-2 of the country of origin
	Community string   // the community or organisation they come from
	Languages []string // ISO 639-1
	Role      Role
	PhotoKey  string
	Term      Term
}

// Active reports whether the member's latest term is in force.
func (m CouncilMember) Active() bool { return m.Term.State == Active }

// MemberInput is the secretariat's form for a member: a person of the
// registry, their details, their role and the day their first term starts.
type MemberInput struct {
	PersonID  int64
	Origin    string
	Community string
	Languages []string
	Role      Role
	StartsOn  string // 2006-01-02
}

// ErrInvalidTermMove is returned for a step a term's state does not allow;
// its "State" argument names the state the term is in.
var ErrInvalidTermMove = i18n.Errorf("council.error.invalid_term_move")

// Settings returns the Council's settings.
func (s *Store) Settings(ctx context.Context) (Settings, error) {
	return settings(ctx, s.db)
}

func settings(ctx context.Context, q db.Querier) (Settings, error) {
	var st Settings
	err := q.QueryRowContext(ctx, `SELECT size, term_months, max_terms FROM council_settings WHERE id = 1`).
		Scan(&st.Size, &st.TermMonths, &st.MaxTerms)
	if err != nil {
		return st, fmt.Errorf("council: settings: %w", err)
	}
	return st, nil
}

// checkMember checks a member's details, adding every problem to l.
func checkMember(l *textcheck.List, in *MemberInput) {
	in.Origin, in.Community = strings.ToUpper(strings.TrimSpace(in.Origin)), strings.TrimSpace(in.Community)
	if in.Origin != "" && !people.IsCountry(in.Origin) {
		l.Add(textcheck.Unknown("council.member.origin"))
	}
	l.Check("council.member.community", in.Community, textcheck.Title)
	for _, code := range in.Languages {
		if !people.IsLanguage(code) {
			l.Add(textcheck.Unknown("council.member.languages"))
			break
		}
	}
	if !slices.Contains(Roles, in.Role) {
		l.Add(textcheck.Unknown("council.member.role"))
	}
}

// AddMember puts a person of the registry on the Council as a candidate
// for a term of the settings' length from in.StartsOn.
func (s *Store) AddMember(ctx context.Context, in MemberInput) (CouncilMember, error) {
	if err := access.Require(ctx, access.ManageCouncil); err != nil {
		return CouncilMember{}, err
	}
	var l textcheck.List
	checkMember(&l, &in)
	start, err := time.Parse(time.DateOnly, strings.TrimSpace(in.StartsOn))
	if err != nil {
		l.Add(i18n.Errorf("council.error.date", "Field", i18n.Key("council.term.starts_on")))
	}
	if in.PersonID == 0 {
		l.Add(i18n.Errorf("council.error.required", "Field", i18n.Key("council.member.person")))
	}
	if err := l.Err(); err != nil {
		return CouncilMember{}, err
	}
	var m CouncilMember
	err = s.db.Transact(ctx, func(tx *db.Tx) error {
		names, err := people.DisplayNames(ctx, tx, []int64{in.PersonID})
		if err != nil {
			return err
		}
		if names[in.PersonID] == "" {
			return textcheck.Unknown("council.member.person")
		}
		st, err := settings(ctx, tx)
		if err != nil {
			return err
		}
		m = CouncilMember{PersonID: in.PersonID, Name: names[in.PersonID], Origin: in.Origin, Community: in.Community,
			Languages: in.Languages, Role: in.Role}
		err = tx.QueryRowContext(ctx, `INSERT INTO council_members (person_id, origin, community, languages, role, created_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
			in.PersonID, in.Origin, in.Community, strings.Join(in.Languages, ","), in.Role, s.now()).Scan(&m.ID)
		if db.IsUniqueViolation(err) {
			return i18n.Errorf("council.error.already_member", "Field", i18n.Key("council.member.person"))
		}
		if err != nil {
			return fmt.Errorf("council: add member: %w", err)
		}
		if err := audit.Record(ctx, tx, "council_member.add", "council_member", strconv.FormatInt(m.ID, 10), "role"); err != nil {
			return err
		}
		m.Term, err = s.insertTerm(ctx, tx, m.ID, start, st)
		return err
	})
	return m, err
}

// insertTerm opens a candidate's term of the settings' length from start.
func (s *Store) insertTerm(ctx context.Context, tx *db.Tx, memberID int64, start time.Time, st Settings) (Term, error) {
	t := Term{MemberID: memberID, State: Candidate, StartsOn: start, EndsOn: start.AddDate(0, st.TermMonths, -1)}
	err := tx.QueryRowContext(ctx, `INSERT INTO council_terms (member_id, state, starts_on, ends_on) VALUES ($1, $2, $3, $4) RETURNING id`,
		memberID, t.State, t.StartsOn, t.EndsOn).Scan(&t.ID)
	if err != nil {
		return t, fmt.Errorf("council: insert term: %w", err)
	}
	return t, audit.Record(ctx, tx, "council_term.open", "council_member", strconv.FormatInt(memberID, 10), "starts_on", "ends_on")
}

// ActivateTerm confirms a candidate's term: the member then counts towards
// the quorum. The Council may not grow beyond its size.
func (s *Store) ActivateTerm(ctx context.Context, termID int64) error {
	if err := access.Require(ctx, access.ManageCouncil); err != nil {
		return err
	}
	return s.db.Transact(ctx, func(tx *db.Tx) error {
		st, err := settings(ctx, tx)
		if err != nil {
			return err
		}
		active, err := activeMembers(ctx, tx)
		if err != nil {
			return err
		}
		if len(active) >= st.Size {
			return i18n.Errorf("council.error.council_full", "Size", st.Size)
		}
		return s.moveTerm(ctx, tx, termID, Active, "", "")
	})
}

// EndTerm ends a term, today, for the reason given.
func (s *Store) EndTerm(ctx context.Context, termID int64, reason EndReason) error {
	if err := access.Require(ctx, access.ManageCouncil); err != nil {
		return err
	}
	if !slices.Contains(EndReasons, reason) {
		return i18n.Errorf("council.error.required", "Field", i18n.Key("council.term.end_reason"))
	}
	return s.db.Transact(ctx, func(tx *db.Tx) error {
		return s.moveTerm(ctx, tx, termID, Ended, `, ended_on = $4, end_reason = $5`, "end_reason", s.today(), reason)
	})
}

// moveTerm changes a term's state when termMoves allows it and nobody moved
// it meanwhile; set adds columns from $4 on.
func (s *Store) moveTerm(ctx context.Context, tx *db.Tx, termID int64, to TermState, set, field string, args ...any) error {
	var from TermState
	var memberID int64
	err := tx.QueryRowContext(ctx, `SELECT state, member_id FROM council_terms WHERE id = $1`, termID).Scan(&from, &memberID)
	if err != nil {
		return fmt.Errorf("council: term %d: %w", termID, db.NotFound(err))
	}
	if !from.CanMove(to) {
		return i18n.Errorf("council.error.invalid_term_move", "State", i18n.Key("council.term.state."+string(from)))
	}
	res, err := tx.ExecContext(ctx, `UPDATE council_terms SET state = $1`+set+` WHERE id = $2 AND state = $3`,
		append([]any{to, termID, from}, args...)...)
	if err != nil {
		return fmt.Errorf("council: move term %d: %w", termID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return i18n.Errorf("council.error.invalid_term_move", "State", i18n.Key("council.term.state."+string(from)))
	}
	fields := []string{"state"}
	if field != "" {
		fields = append(fields, field)
	}
	return audit.Record(ctx, tx, "council_term."+string(to), "council_member", strconv.FormatInt(memberID, 10), fields...)
}

// memberQuery reads members with their latest term.
const memberQuery = `SELECT m.id, m.person_id, m.origin, m.community, m.languages, m.role, m.photo_key,
	t.id, t.state, t.starts_on, t.ends_on, t.ended_on, t.end_reason
	FROM council_members m JOIN council_terms t ON t.member_id = m.id
	AND t.id = (SELECT max(l.id) FROM council_terms l WHERE l.member_id = m.id) `

func scanMember(r db.Scanner) (CouncilMember, error) {
	var m CouncilMember
	var langs string
	var ended sql.NullTime
	err := r.Scan(&m.ID, &m.PersonID, &m.Origin, &m.Community, &langs, &m.Role, &m.PhotoKey,
		&m.Term.ID, &m.Term.State, &m.Term.StartsOn, &m.Term.EndsOn, &ended, &m.Term.EndReason)
	m.Term.MemberID, m.Term.EndedOn = m.ID, utc(ended)
	m.Term.StartsOn, m.Term.EndsOn = m.Term.StartsOn.UTC(), m.Term.EndsOn.UTC()
	if langs != "" {
		m.Languages = strings.Split(langs, ",")
	}
	return m, err
}

// members reads the members where says, with their names, sorted by role
// and then by name in Azerbaijani order.
func members(ctx context.Context, q db.Querier, where string, args ...any) ([]CouncilMember, error) {
	rows, err := q.QueryContext(ctx, memberQuery+where, args...)
	list, err := db.Collect(rows, err, scanMember)
	if err != nil {
		return nil, fmt.Errorf("council: members: %w", err)
	}
	ids := make([]int64, len(list))
	for i, m := range list {
		ids[i] = m.PersonID
	}
	names, err := people.DisplayNames(ctx, q, ids)
	if err != nil {
		return nil, err
	}
	for i := range list {
		list[i].Name = names[list[i].PersonID]
	}
	i18n.SortFunc(list, func(m CouncilMember) string { return m.Name })
	slices.SortStableFunc(list, func(a, b CouncilMember) int {
		return slices.Index(Roles, a.Role) - slices.Index(Roles, b.Role)
	})
	return list, nil
}

// activeMembers returns the members whose term is in force: they count
// towards the quorum.
func activeMembers(ctx context.Context, q db.Querier) ([]CouncilMember, error) {
	return members(ctx, q, `WHERE t.state = 'active'`)
}

// Members returns every member with their latest term, for the secretariat
// and the staff who read the Council's pages.
func (s *Store) Members(ctx context.Context) ([]CouncilMember, error) {
	if err := access.Require(ctx, access.CouncilWork); err != nil {
		return nil, err
	}
	return members(ctx, s.db, ``)
}

// ActiveMembers returns the members whose term is in force.
func (s *Store) ActiveMembers(ctx context.Context) ([]CouncilMember, error) {
	if err := access.Require(ctx, access.CouncilWork); err != nil {
		return nil, err
	}
	return activeMembers(ctx, s.db)
}
