package council

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
	// ConsentListing and ConsentPhotos say whether the person's consents to the public
	// listing and to photos are in force.
	ConsentListing bool
	ConsentPhotos  bool
	// Terms are every term, newest first; only Member fills them.
	Terms []Term
}

// Active reports whether the member's current term is in force.
func (m CouncilMember) Active() bool { return m.Term.State == Active }

// MemberInput is the secretariat's form for a member: the person's details,
// matched with the registry or registered (so every spelling and the
// duplicate check apply), their details on the Council, their role, the
// day their first term starts, and the consents they gave to be listed
// publicly and to a photo. PersonID seats a person already in the registry
// instead (the demo, the tests); the path is the same.
type MemberInput struct {
	Person         people.Input
	PersonID       int64
	Origin         string
	Community      string
	Languages      []string
	Role           Role
	StartsOn       string // 2006-01-02; AddMember only
	ConsentListing bool   // consent to be named on the public page
	ConsentPhotos  bool   // consent to a photo on the public page
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
	in.Languages = slices.Compact(slices.Sorted(slices.Values(in.Languages)))
	switch {
	case in.Role == Chair:
		l.Add(ErrChairElected)
	case !slices.Contains(Roles, in.Role):
		l.Add(textcheck.Unknown("council.member.role"))
	}
}

// ErrChairElected refuses the role of chair on the member form: the chair
// is elected at a meeting.
var ErrChairElected = i18n.Errorf("council.error.chair_elected", "Field", i18n.Key("council.member.role"))

// single are the roles at most one active member holds at a time.
var single = []Role{DeputyChair, Secretary}

// checkRoleFree refuses one of the single roles when an active member other
// than memberID holds it.
func checkRoleFree(ctx context.Context, q db.Querier, role Role, memberID int64) error {
	if !slices.Contains(single, role) {
		return nil
	}
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM council_members m WHERE m.role = $1 AND m.id <> $2
		AND EXISTS (SELECT 1 FROM council_terms t WHERE t.member_id = m.id AND t.state = 'active')`, role, memberID).Scan(&n)
	if err != nil {
		return fmt.Errorf("council: role %s: %w", role, err)
	}
	if n > 0 {
		return i18n.Errorf("council.error.role_taken", "Role", i18n.Key("council.role."+string(role)), "Field", i18n.Key("council.member.role"))
	}
	return nil
}

// recordConsents records, through the registry, the consents the member
// form says the person gave; it never withdraws one (the registry's consent
// page does, with a reason).
func (s *Store) recordConsents(ctx context.Context, tx *db.Tx, personID int64, in MemberInput) error {
	var ps []people.Purpose
	if in.ConsentListing {
		ps = append(ps, people.PublicListing)
	}
	if in.ConsentPhotos {
		ps = append(ps, people.Photos)
	}
	return s.people.RecordConsents(ctx, tx, personID, ps...)
}

// AddMember puts a person on the Council as a candidate for a term of the
// settings' length from in.StartsOn. The person is matched with the
// registry or registered, in the same transaction.
func (s *Store) AddMember(ctx context.Context, in MemberInput) (CouncilMember, error) {
	if err := access.Require(ctx, access.ManageCouncil); err != nil {
		return CouncilMember{}, err
	}
	var l textcheck.List
	if in.PersonID == 0 {
		l.Add(in.Person.Validate(s.now()))
		l.Add(in.Person.CheckScripts())
		// The birth date tells namesakes apart in the duplicate check.
		if strings.TrimSpace(in.Person.BirthDate) == "" {
			l.Add(i18n.Errorf("council.error.required", "Field", i18n.Key("people.birth_date")))
		}
	}
	checkMember(&l, &in)
	start, err := time.Parse(time.DateOnly, strings.TrimSpace(in.StartsOn))
	if err != nil {
		l.Add(i18n.Errorf("council.error.date", "Field", i18n.Key("council.term.starts_on")))
	}
	if err := l.Err(); err != nil {
		return CouncilMember{}, err
	}
	var m CouncilMember
	err = s.db.Transact(ctx, func(tx *db.Tx) error {
		personID := in.PersonID
		if personID == 0 {
			if personID, _, err = s.people.MatchOrRegister(ctx, tx, in.Person); err != nil {
				return err
			}
		}
		names, err := people.DisplayNames(ctx, tx, []int64{personID})
		if err != nil {
			return err
		}
		if names[personID] == "" {
			return textcheck.Unknown("council.member.person")
		}
		if err := checkRoleFree(ctx, tx, in.Role, 0); err != nil {
			return err
		}
		st, err := settings(ctx, tx)
		if err != nil {
			return err
		}
		m = CouncilMember{PersonID: personID, Name: names[personID], Origin: in.Origin, Community: in.Community,
			Languages: in.Languages, Role: in.Role}
		err = tx.QueryRowContext(ctx, `INSERT INTO council_members (person_id, origin, community, languages, role, created_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
			personID, in.Origin, in.Community, strings.Join(in.Languages, ","), in.Role, s.now()).Scan(&m.ID)
		if db.IsUniqueViolation(err) {
			return i18n.Errorf("council.error.already_member", "Field", i18n.Key("council.member.person"))
		}
		if err != nil {
			return fmt.Errorf("council: add member: %w", err)
		}
		if err := audit.Record(ctx, tx, "council_member.add", "council_member", strconv.FormatInt(m.ID, 10), "role"); err != nil {
			return err
		}
		if err := s.recordConsents(ctx, tx, personID, in); err != nil {
			return err
		}
		m.ConsentListing, m.ConsentPhotos = in.ConsentListing, in.ConsentPhotos
		m.Term, err = s.insertTerm(ctx, tx, m.ID, start, st)
		return err
	})
	return m, err
}

// UpdateMember changes a member's details and role, and records the
// consents the form says were given since.
func (s *Store) UpdateMember(ctx context.Context, id int64, in MemberInput) error {
	if err := access.Require(ctx, access.ManageCouncil); err != nil {
		return err
	}
	return s.db.Transact(ctx, func(tx *db.Tx) error {
		list, err := members(ctx, tx, `WHERE m.id = $1`, id)
		if err != nil {
			return err
		}
		if len(list) == 0 {
			return fmt.Errorf("council: member %d: %w", id, db.ErrNotFound)
		}
		old := list[0]
		var l textcheck.List
		keepChair := in.Role == Chair && old.Role == Chair // the elected chair keeps the office
		if keepChair {
			in.Role = Member
		}
		checkMember(&l, &in)
		if keepChair {
			in.Role = Chair
		}
		if err := l.Err(); err != nil {
			return err
		}
		if in.Role != old.Role {
			if err := checkRoleFree(ctx, tx, in.Role, id); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, `UPDATE council_members SET origin = $1, community = $2, languages = $3, role = $4 WHERE id = $5`,
			in.Origin, in.Community, strings.Join(in.Languages, ","), in.Role, id)
		if err != nil {
			return fmt.Errorf("council: update member %d: %w", id, err)
		}
		var fields []string
		for _, f := range []struct {
			name    string
			changed bool
		}{{"origin", in.Origin != old.Origin}, {"community", in.Community != old.Community},
			{"languages", !slices.Equal(in.Languages, old.Languages)}, {"role", in.Role != old.Role}} {
			if f.changed {
				fields = append(fields, f.name)
			}
		}
		if err := audit.Record(ctx, tx, "council_member.update", "council_member", strconv.FormatInt(id, 10), fields...); err != nil {
			return err
		}
		return s.recordConsents(ctx, tx, old.PersonID, in)
	})
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
// the quorum. The Council may not grow beyond its size, a member serves one
// term at a time, and at most one active member is deputy chair or secretary.
func (s *Store) ActivateTerm(ctx context.Context, termID int64) error {
	if err := access.Require(ctx, access.ManageCouncil); err != nil {
		return err
	}
	return s.db.Transact(ctx, func(tx *db.Tx) error {
		st, err := settings(ctx, tx)
		if err != nil {
			return err
		}
		var memberID int64
		var role Role
		var state TermState
		err = tx.QueryRowContext(ctx, `SELECT m.id, m.role, t.state FROM council_terms t JOIN council_members m ON m.id = t.member_id
			WHERE t.id = $1`, termID).Scan(&memberID, &role, &state)
		if err != nil {
			return fmt.Errorf("council: term %d: %w", termID, db.NotFound(err))
		}
		if !state.CanMove(Active) {
			return i18n.Errorf("council.error.invalid_term_move", "State", i18n.Key("council.term.state."+string(state)))
		}
		active, err := activeMembers(ctx, tx)
		if err != nil {
			return err
		}
		for _, m := range active {
			if m.ID == memberID {
				return i18n.Errorf("council.error.term_in_force")
			}
		}
		if len(active) >= st.Size {
			return i18n.Errorf("council.error.council_full", "Size", st.Size)
		}
		if err := checkRoleFree(ctx, tx, role, memberID); err != nil {
			return err
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

// memberQuery reads members with their current term: the one in force,
// or else the latest (a candidate's, or the last that ended).
const memberQuery = `SELECT m.id, m.person_id, m.origin, m.community, m.languages, m.role, m.photo_key,
	t.id, t.state, t.starts_on, t.ends_on, t.ended_on, t.end_reason
	FROM council_members m JOIN council_terms t ON t.member_id = m.id
	AND t.id = (SELECT l.id FROM council_terms l WHERE l.member_id = m.id
		ORDER BY CASE WHEN l.state = 'active' THEN 0 ELSE 1 END, l.starts_on DESC, l.id DESC LIMIT 1) `

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
	listed, err := people.ConsentsInForce(ctx, q, ids, people.PublicListing)
	if err != nil {
		return nil, err
	}
	photos, err := people.ConsentsInForce(ctx, q, ids, people.Photos)
	if err != nil {
		return nil, err
	}
	for i := range list {
		m := &list[i]
		m.Name, m.ConsentListing, m.ConsentPhotos = names[m.PersonID], listed[m.PersonID], photos[m.PersonID]
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

// Members returns every member with their current term, for the
// secretariat and the staff who read the Council's pages; the read is
// audited.
func (s *Store) Members(ctx context.Context) ([]CouncilMember, error) {
	if err := access.Require(ctx, access.CouncilWork); err != nil {
		return nil, err
	}
	list, err := members(ctx, s.db, ``)
	if err != nil {
		return nil, err
	}
	return list, audit.RecordRead(ctx, s.db, "council_member.list", "council_member", "")
}

// ActiveMembers returns the members whose term is in force.
func (s *Store) ActiveMembers(ctx context.Context) ([]CouncilMember, error) {
	if err := access.Require(ctx, access.CouncilWork); err != nil {
		return nil, err
	}
	return activeMembers(ctx, s.db)
}

// ErrRenewLimit refuses a renewal beyond the consecutive terms the
// settings allow; its "Max" argument is the limit.
var ErrRenewLimit = i18n.Errorf("council.error.renew_limit")

// RenewTerm opens a member's next term as a candidate's: from the day after
// the last term ends, or from today when it ended early. It is refused while
// a candidate's term waits, and when the member has served the settings'
// MaxTerms terms in a row (terms with no gap between them).
func (s *Store) RenewTerm(ctx context.Context, memberID int64) (Term, error) {
	if err := access.Require(ctx, access.ManageCouncil); err != nil {
		return Term{}, err
	}
	var t Term
	err := s.db.Transact(ctx, func(tx *db.Tx) error {
		terms, err := memberTerms(ctx, tx, memberID)
		if err != nil {
			return err
		}
		if len(terms) == 0 {
			return fmt.Errorf("council: member %d: %w", memberID, db.ErrNotFound)
		}
		st, err := settings(ctx, tx)
		if err != nil {
			return err
		}
		last := terms[0]
		if last.State == Candidate {
			return i18n.Errorf("council.error.invalid_term_move", "State", i18n.Key("council.term.state.candidate"))
		}
		today := i18n.DayOf(s.now())
		start := last.EndsOn.AddDate(0, 0, 1)
		if last.State == Ended && last.EndedOn.Before(last.EndsOn) {
			start = today
		}
		if served := consecutive(terms, start); served >= st.MaxTerms {
			return i18n.Errorf("council.error.renew_limit", "Max", st.MaxTerms)
		}
		t, err = s.insertTerm(ctx, tx, memberID, start, st)
		return err
	})
	return t, err
}

// served reports whether the member sat on the Council in the term: it was
// confirmed (it did not end before it started).
func (t Term) served() bool {
	return t.State == Active || t.State == Ended && !t.EndedOn.Before(t.StartsOn)
}

// lastDay is the last day of a term served: the day it ended early, or its end.
func (t Term) lastDay() time.Time {
	if t.State == Ended && t.EndedOn.Before(t.EndsOn) {
		return t.EndedOn
	}
	return t.EndsOn
}

// consecutive counts the terms served in a row up to a term that would
// start on start: none when there is a gap before start.
func consecutive(terms []Term, start time.Time) int {
	n := 0
	for _, t := range terms { // newest first
		if !t.served() {
			continue
		}
		if t.lastDay().AddDate(0, 0, 1).Before(start) {
			break
		}
		n++
		start = t.StartsOn
	}
	return n
}

// memberTerms reads a member's terms, newest first.
func memberTerms(ctx context.Context, q db.Querier, memberID int64) ([]Term, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, member_id, state, starts_on, ends_on, ended_on, end_reason FROM council_terms
		WHERE member_id = $1 ORDER BY starts_on DESC, id DESC`, memberID)
	list, err := db.Collect(rows, err, func(r db.Scanner) (Term, error) {
		var t Term
		var ended sql.NullTime
		err := r.Scan(&t.ID, &t.MemberID, &t.State, &t.StartsOn, &t.EndsOn, &ended, &t.EndReason)
		t.StartsOn, t.EndsOn, t.EndedOn = t.StartsOn.UTC(), t.EndsOn.UTC(), utc(ended)
		return t, err
	})
	if err != nil {
		return nil, fmt.Errorf("council: terms of %d: %w", memberID, err)
	}
	return list, nil
}

// Member returns one member with every term; the read is audited.
func (s *Store) Member(ctx context.Context, id int64) (CouncilMember, error) {
	if err := access.Require(ctx, access.CouncilWork); err != nil {
		return CouncilMember{}, err
	}
	m, err := s.member(ctx, id)
	if err != nil {
		return m, err
	}
	return m, audit.RecordRead(ctx, s.db, "council_member.view", "council_member", strconv.FormatInt(id, 10))
}

func (s *Store) member(ctx context.Context, id int64) (CouncilMember, error) {
	list, err := members(ctx, s.db, `WHERE m.id = $1`, id)
	if err != nil {
		return CouncilMember{}, err
	}
	if len(list) == 0 {
		return CouncilMember{}, fmt.Errorf("council: member %d: %w", id, db.ErrNotFound)
	}
	m := list[0]
	m.Terms, err = memberTerms(ctx, s.db, id)
	return m, err
}

// TermsEnding returns the members whose term in force ends within
// EndingSoonDays, for the secretariat's home.
func (s *Store) TermsEnding(ctx context.Context) ([]CouncilMember, error) {
	if err := access.Require(ctx, access.CouncilWork); err != nil {
		return nil, err
	}
	until := i18n.DayOf(s.now()).AddDate(0, 0, EndingSoonDays)
	list, err := members(ctx, s.db, `WHERE t.state = 'active' AND t.ends_on <= $1`, until)
	slices.SortStableFunc(list, func(a, b CouncilMember) int { return a.Term.EndsOn.Compare(b.Term.EndsOn) })
	return list, err
}

// Settings bounds.
const (
	MinSize, MaxSize             = 3, 50
	MinTermMonths, MaxTermMonths = 6, 72
	MinMaxTerms, MaxMaxTerms     = 1, 5
)

// Validate checks the settings against their bounds, every problem at once.
func (st Settings) Validate() error {
	var l textcheck.List
	for _, f := range []struct {
		label     string
		v, lo, hi int
	}{{"council.settings.size", st.Size, MinSize, MaxSize}, {"council.settings.term_months", st.TermMonths, MinTermMonths, MaxTermMonths},
		{"council.settings.max_terms", st.MaxTerms, MinMaxTerms, MaxMaxTerms}} {
		if f.v < f.lo || f.v > f.hi {
			l.Add(i18n.Errorf("council.error.between", "Field", i18n.Key(f.label), "Min", f.lo, "Max", f.hi))
		}
	}
	return l.Err()
}

// SaveSettings changes the Council's settings. A new term length applies to
// the terms opened from then on.
func (s *Store) SaveSettings(ctx context.Context, st Settings) error {
	if err := access.Require(ctx, access.ManageCouncilCatalogue); err != nil {
		return err
	}
	if err := st.Validate(); err != nil {
		return err
	}
	return s.db.Transact(ctx, func(tx *db.Tx) error {
		old, err := settings(ctx, tx)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE council_settings SET size = $1, term_months = $2, max_terms = $3 WHERE id = 1`,
			st.Size, st.TermMonths, st.MaxTerms)
		if err != nil {
			return fmt.Errorf("council: save settings: %w", err)
		}
		var fields []string
		for _, f := range []struct {
			name    string
			changed bool
		}{{"size", st.Size != old.Size}, {"term_months", st.TermMonths != old.TermMonths}, {"max_terms", st.MaxTerms != old.MaxTerms}} {
			if f.changed {
				fields = append(fields, f.name)
			}
		}
		return audit.Record(ctx, tx, "council_settings.update", "council_settings", "1", fields...)
	})
}

// moveMember hands a merged person's seat to the surviving record. When
// both were members, the kept person's member row stays: it takes the
// other's terms (and photo, if it has none), attendance and votes, and the
// other row goes.
func moveMember(ctx context.Context, tx *db.Tx, from, to int64) error {
	var gone, kept int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM council_members WHERE person_id = $1`, from).Scan(&gone)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("council: member of %d: %w", from, err)
	}
	err = tx.QueryRowContext(ctx, `SELECT id FROM council_members WHERE person_id = $1`, to).Scan(&kept)
	if errors.Is(err, sql.ErrNoRows) {
		_, err = tx.ExecContext(ctx, `UPDATE council_members SET person_id = $1 WHERE id = $2`, to, gone)
		return err
	}
	if err != nil {
		return fmt.Errorf("council: member of %d: %w", to, err)
	}
	for _, q := range []string{
		`UPDATE council_terms SET member_id = $1 WHERE member_id = $2`,
		`UPDATE council_members SET photo_key = (SELECT photo_key FROM council_members WHERE id = $2) WHERE id = $1 AND photo_key = ''`,
		`UPDATE council_attendance SET member_id = $1 WHERE member_id = $2
			AND meeting_id NOT IN (SELECT meeting_id FROM council_attendance WHERE member_id = $1)`,
		`DELETE FROM council_attendance WHERE member_id = $2 AND $1 > 0`,
		`UPDATE council_decisions SET elected_id = $1 WHERE elected_id = $2`,
		`UPDATE council_election_votes SET candidate_id = $1 WHERE candidate_id = $2
			AND decision_id NOT IN (SELECT decision_id FROM council_election_votes WHERE candidate_id = $1)`,
		`DELETE FROM council_election_votes WHERE candidate_id = $2 AND $1 > 0`,
		`DELETE FROM council_members WHERE id = $2 AND $1 > 0`,
	} {
		if _, err := tx.ExecContext(ctx, q, kept, gone); err != nil {
			return fmt.Errorf("council: merge member %d into %d: %w", gone, kept, err)
		}
	}
	return audit.Record(ctx, tx, "council_member.merge", "council_member", strconv.FormatInt(kept, 10), "terms")
}
