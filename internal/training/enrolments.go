package training

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"inteqra/internal/access"
	"inteqra/internal/audit"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/people"
	"inteqra/internal/textcheck"
)

// EnrolmentState is where an application, and then a learner's place, stands.
type EnrolmentState string

// Enrolment states. An application is applied or waitlisted; accepted, it
// is enrolled; it ends rejected, dropped, transferred, completed or not
// completed.
const (
	Applied      EnrolmentState = "applied"
	Waitlisted   EnrolmentState = "waitlisted"
	Enrolled     EnrolmentState = "enrolled"
	Rejected     EnrolmentState = "rejected"
	Dropped      EnrolmentState = "dropped"
	Transferred  EnrolmentState = "transferred"
	Completed    EnrolmentState = "completed"
	NotCompleted EnrolmentState = "not_completed"
)

// EnrolmentStates lists the states in their order.
var EnrolmentStates = []EnrolmentState{Applied, Waitlisted, Enrolled, Rejected, Dropped, Transferred, Completed, NotCompleted}

// enrolmentMoves are the moves an enrolment may make. An application is
// waitlisted or given a place, rejected (also when its cohort is cancelled)
// or transferred; a learner drops out (also when the cohort is cancelled),
// is transferred, or completes the course or not.
var enrolmentMoves = map[EnrolmentState][]EnrolmentState{
	Applied:    {Waitlisted, Enrolled, Rejected, Transferred},
	Waitlisted: {Enrolled, Rejected, Transferred},
	Enrolled:   {Dropped, Transferred, Completed, NotCompleted},
}

// live are the states that hold or wait for a place.
var live = []EnrolmentState{Applied, Waitlisted, Enrolled}

// CanMove reports whether an enrolment in state st may move to state to.
func (st EnrolmentState) CanMove(to EnrolmentState) bool {
	return slices.Contains(enrolmentMoves[st], to)
}

// Channels an application comes through.
const (
	Online = "online" // the public portal
	Staff  = "staff"  // a consultant or coordinator on the person's behalf
)

// Enrolment is an application to a cohort and, once accepted, the learner's
// place in it.
type Enrolment struct {
	ID               int64
	Reference        string
	PersonID         int64
	PersonName       string
	CohortID         int64
	State            EnrolmentState
	Channel          string
	DeclaredKind     people.StatusKind
	DeclaredDocument string
	Reason           string
	TransferredTo    int64
	AppliedAt        time.Time
	WaitlistedAt     time.Time
	DecidedAt        time.Time
	EndedAt          time.Time
}

// Live reports whether the enrolment holds or waits for a place.
func (e Enrolment) Live() bool { return slices.Contains(live, e.State) }

// ApplicationInput is the public application form.
type ApplicationInput struct {
	CohortID         int64
	Person           people.Input
	DeclaredKind     people.StatusKind
	DeclaredDocument string
	ConsentData      bool
	ConsentProgramme bool
	Lang             i18n.Lang // of the portal the applicant used, in which they are written to
}

// referenceAlphabet leaves out letters and digits that are easily confused.
const referenceAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"

// typedCode reads a reference or verification code as a person types it:
// in any case, with spaces, hyphens or dots anywhere ("ttm 7k3q-x9pa2m").
// Only the letters and digits count.
func typedCode(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z':
			return r - 'a' + 'A'
		case r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
			return r
		}
		return -1
	}, s)
}

// typedReference reads an application reference however it was typed:
// any case, with or without its prefix, spaces and dashes.
func typedReference(typed string) string {
	code := typedCode(typed)
	if len(code) == 13 && strings.HasPrefix(code, "TTM") { // typed with its prefix
		code = code[3:]
	}
	return "TTM-" + code
}

// newReference returns a reference such as "TTM-7K3QX9PA2M": ten random
// characters, so that knowing one is proof enough to look it up.
func newReference() string { return "TTM-" + newCode() }

// ErrCohortClosed is returned for a cohort that takes no applications.
var ErrCohortClosed = i18n.Errorf("training.error.cohort_closed")

// openCohort returns the cohort and its course if applications are taken.
func (s *Store) openCohort(ctx context.Context, q db.Querier, id int64) (Cohort, Course, error) {
	c, err := cohort(ctx, q, id)
	if err != nil {
		return c, Course{}, ErrCohortClosed
	}
	course, err := course(ctx, q, c.CourseID)
	if err != nil {
		return c, course, err
	}
	if c.State != Open || course.State != CourseActive {
		return c, course, ErrCohortClosed
	}
	return c, course, nil
}

// Apply takes an application from the public portal: it matches or registers
// the person, records the consents they give, checks the declared residence
// status against the course's rule, and returns the reference the applicant
// keeps. Nothing is saved when any step fails.
func (s *Store) Apply(ctx context.Context, in ApplicationInput) (Enrolment, error) {
	// Every problem of the form is shown at once: the applicant's details
	// (checked again by MatchOrRegister in the transaction) and the rest.
	var l textcheck.List
	person := in.Person
	l.Add(person.Validate(s.now()))
	l.Add(in.Person.CheckScripts())
	// The birth date tells namesakes apart when the applicant is matched
	// with the registry, so the public form asks for it.
	if strings.TrimSpace(in.Person.BirthDate) == "" {
		l.Add(i18n.Errorf("training.error.birth_date_required", "Field", i18n.Key("people.birth_date")))
	}
	if !in.ConsentData || !in.ConsentProgramme {
		l.Add(i18n.Errorf("training.error.consent_required", "Field", i18n.Key("apply.consents")))
	}
	if !slices.Contains(people.StatusKinds, in.DeclaredKind) {
		l.Add(i18n.Errorf("training.error.declared_kind", "Field", i18n.Key("apply.declared_kind")))
	}
	if l.Check("apply.declared_document", in.DeclaredDocument, textcheck.DocNo) {
		if in.DeclaredDocument = strings.TrimSpace(in.DeclaredDocument); in.DeclaredDocument == "" || utf8.RuneCountInString(in.DeclaredDocument) > 40 {
			l.Add(i18n.Errorf("training.error.declared_document", "Field", i18n.Key("apply.declared_document")))
		}
	}
	if strings.TrimSpace(in.Person.Phone) == "" && strings.TrimSpace(in.Person.Email) == "" {
		l.Add(i18n.Errorf("training.error.contact_required", "Field", i18n.Key("people.phone")))
	}
	if err := l.Err(); err != nil {
		return Enrolment{}, err
	}
	in.Person.DocumentNo = in.DeclaredDocument
	var e Enrolment
	err := s.db.Transact(ctx, func(tx *db.Tx) error {
		_, course, err := s.openCohort(ctx, tx, in.CohortID)
		if err != nil {
			return err
		}
		if !course.Admits(in.DeclaredKind) {
			return i18n.Errorf("training.error.not_eligible")
		}
		personID, _, err := s.people.MatchOrRegister(ctx, tx, in.Person)
		if err != nil {
			return err
		}
		if err := s.people.RecordConsents(ctx, tx, personID, people.DataProcessing, people.Participation); err != nil {
			return err
		}
		e, err = s.insertApplication(ctx, tx, personID, in.CohortID, Online, in.DeclaredKind, in.DeclaredDocument, in.Lang)
		return err
	})
	return e, err
}

// ApplyFor applies on behalf of a registered person who has given
// participation consent and holds a residence status the course admits.
func (s *Store) ApplyFor(ctx context.Context, cohortID, personID int64) (Enrolment, error) {
	if err := access.Require(ctx, access.ApplyForPerson); err != nil {
		return Enrolment{}, err
	}
	var e Enrolment
	err := s.db.Transact(ctx, func(tx *db.Tx) error {
		var err error
		e, err = s.ApplyWithin(ctx, tx, cohortID, personID)
		return err
	})
	return e, err
}

func (s *Store) insertApplication(ctx context.Context, tx *db.Tx, personID, cohortID int64, channel string,
	kind people.StatusKind, document string, lang i18n.Lang) (Enrolment, error) {
	if _, ok := i18n.Parse(string(lang)); !ok {
		lang = i18n.AZ
	}
	e := Enrolment{Reference: newReference(), PersonID: personID, CohortID: cohortID, State: Applied, Channel: channel,
		DeclaredKind: kind, DeclaredDocument: document, AppliedAt: s.now()}
	err := tx.QueryRowContext(ctx, `
		INSERT INTO enrolments (reference, person_id, cohort_id, state, channel, declared_kind, declared_document, applied_at, created_by, language)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
		e.Reference, personID, cohortID, e.State, channel, kind, document, e.AppliedAt, db.NullID(access.From(ctx).UserID), lang).Scan(&e.ID)
	if db.IsUniqueViolation(err) {
		return e, i18n.Errorf("training.error.already_applied")
	}
	if err != nil {
		return e, fmt.Errorf("training: insert application: %w", err)
	}
	if err := audit.Record(ctx, tx, "application.submit", "enrolment", strconv.FormatInt(e.ID, 10), "channel."+channel); err != nil {
		return e, err
	}
	return e, s.tell(ctx, tx, &e, "")
}

// Accept enrols an applicant when the cohort has a place and puts them on
// the waitlist when it has none. The place is taken by a conditional update,
// so two coordinators accepting the last place at once cannot both get it.
func (s *Store) Accept(ctx context.Context, id int64) (Enrolment, error) {
	if err := access.Require(ctx, access.DecideEnrolments); err != nil {
		return Enrolment{}, err
	}
	var e Enrolment
	err := s.db.Transact(ctx, func(tx *db.Tx) error {
		var err error
		if e, err = enrolment(ctx, tx, id); err != nil {
			return err
		}
		if !e.State.CanMove(Enrolled) {
			return ErrInvalidMove
		}
		c, err := cohort(ctx, tx, e.CohortID)
		if err != nil {
			return err
		}
		if c.State != Open && c.State != Running {
			return i18n.Errorf("training.error.cohort_closed")
		}
		if err := people.RequireParticipation(ctx, tx, e.PersonID); err != nil {
			return err
		}
		seated, err := takeSeat(ctx, tx, e.CohortID)
		if err != nil {
			return err
		}
		switch {
		case seated:
			err = s.move(ctx, tx, &e, Enrolled, "")
		case e.State == Applied:
			err = s.move(ctx, tx, &e, Waitlisted, "")
		default:
			err = i18n.Errorf("training.error.cohort_full")
		}
		return err
	})
	return e, err
}

// Reject ends an application with a reason the applicant sees.
func (s *Store) Reject(ctx context.Context, id int64, reason string) error {
	return s.end(ctx, id, Rejected, reason)
}

// Drop ends an enrolment with a reason; the place goes to the next person
// on the waitlist.
func (s *Store) Drop(ctx context.Context, id int64, reason string) error {
	return s.end(ctx, id, Dropped, reason)
}

func (s *Store) end(ctx context.Context, id int64, to EnrolmentState, reason string) error {
	if err := access.Require(ctx, access.DecideEnrolments); err != nil {
		return err
	}
	if err := textcheck.Field("training.reason", reason, textcheck.Short); err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return i18n.Errorf("training.error.reason_required", "Field", i18n.Key("training.reason"))
	}
	return s.db.Transact(ctx, func(tx *db.Tx) error {
		e, err := enrolment(ctx, tx, id)
		if err != nil {
			return err
		}
		if !e.State.CanMove(to) {
			return ErrInvalidMove
		}
		return s.leave(ctx, tx, &e, to, reason)
	})
}

// leave moves a live enrolment to a final state and frees its place.
func (s *Store) leave(ctx context.Context, tx *db.Tx, e *Enrolment, to EnrolmentState, reason string) error {
	held := e.State == Enrolled
	if err := s.move(ctx, tx, e, to, reason); err != nil {
		return err
	}
	if !held {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `UPDATE cohorts SET seats_taken = seats_taken - 1 WHERE id = $1`, e.CohortID); err != nil {
		return fmt.Errorf("training: free seat %d: %w", e.CohortID, err)
	}
	return s.promote(ctx, tx, e.CohortID)
}

// Transfer moves an enrolled learner or an applicant to another cohort,
// where they take a place or join the waitlist.
func (s *Store) Transfer(ctx context.Context, id, toCohort int64, reason string) (Enrolment, error) {
	if err := access.Require(ctx, access.DecideEnrolments); err != nil {
		return Enrolment{}, err
	}
	if err := textcheck.Field("training.reason", reason, textcheck.Short); err != nil {
		return Enrolment{}, err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return Enrolment{}, i18n.Errorf("training.error.reason_required", "Field", i18n.Key("training.reason"))
	}
	var next Enrolment
	err := s.db.Transact(ctx, func(tx *db.Tx) error {
		e, err := enrolment(ctx, tx, id)
		if err != nil {
			return err
		}
		if !e.Live() || e.CohortID == toCohort {
			return ErrInvalidMove
		}
		target, err := cohort(ctx, tx, toCohort)
		if err != nil || (target.State != Open && target.State != Running) {
			return i18n.Errorf("training.error.cohort_closed")
		}
		course, err := course(ctx, tx, target.CourseID)
		if err != nil {
			return err
		}
		if e.DeclaredKind != "" && !course.Admits(e.DeclaredKind) {
			return i18n.Errorf("training.error.not_eligible")
		}
		if err := s.leave(ctx, tx, &e, Transferred, reason); err != nil {
			return err
		}
		var lang string // the applicant is written to in the same language
		if err := tx.QueryRowContext(ctx, `SELECT language FROM enrolments WHERE id = $1`, e.ID).Scan(&lang); err != nil {
			return fmt.Errorf("training: transfer %d: %w", id, err)
		}
		if next, err = s.insertApplication(ctx, tx, e.PersonID, toCohort, e.Channel, e.DeclaredKind, e.DeclaredDocument, i18n.Lang(lang)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE enrolments SET transferred_to = $1 WHERE id = $2`, next.ID, e.ID); err != nil {
			return fmt.Errorf("training: transfer %d: %w", id, err)
		}
		seated, err := takeSeat(ctx, tx, toCohort)
		if err != nil {
			return err
		}
		to := Waitlisted
		if seated {
			to = Enrolled
		}
		return s.move(ctx, tx, &next, to, "")
	})
	return next, err
}

// takeSeat takes a place in an open or running cohort if one is left.
func takeSeat(ctx context.Context, tx *db.Tx, cohortID int64) (bool, error) {
	res, err := tx.ExecContext(ctx, `UPDATE cohorts SET seats_taken = seats_taken + 1
		WHERE id = $1 AND seats_taken < capacity AND state IN ('open', 'running')`, cohortID)
	if err != nil {
		return false, fmt.Errorf("training: take seat %d: %w", cohortID, err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// promote gives free places to the waitlist in the order people joined it;
// anyone whose participation consent is gone is passed over.
func (s *Store) promote(ctx context.Context, tx *db.Tx, cohortID int64) error {
	waiting, err := s.enrolments(ctx, tx, `WHERE cohort_id = $1 AND state = 'waitlisted' ORDER BY waitlisted_at, id`, cohortID)
	if err != nil {
		return err
	}
	for _, e := range waiting {
		if err := people.RequireParticipation(ctx, tx, e.PersonID); err != nil {
			continue
		}
		seated, err := takeSeat(ctx, tx, cohortID)
		if err != nil || !seated {
			return err
		}
		if err := s.move(ctx, tx, &e, Enrolled, ""); err != nil {
			return err
		}
	}
	return nil
}

// endAll ends every live application and enrolment of a cancelled cohort.
func (s *Store) endAll(ctx context.Context, tx *db.Tx, cohortID int64, reason string) error {
	list, err := s.enrolments(ctx, tx, `WHERE cohort_id = $1 AND state IN ('applied', 'waitlisted', 'enrolled')`, cohortID)
	if err != nil {
		return err
	}
	for _, e := range list {
		to := Rejected
		if e.State == Enrolled {
			to = Dropped
		}
		if err := s.move(ctx, tx, &e, to, reason); err != nil {
			return err
		}
	}
	_, err = tx.ExecContext(ctx, `UPDATE cohorts SET seats_taken = 0 WHERE id = $1`, cohortID)
	return err
}

// move changes an enrolment's state if enrolmentMoves allows it and nobody
// changed it meanwhile, and records it in the audit log.
func (s *Store) move(ctx context.Context, tx *db.Tx, e *Enrolment, to EnrolmentState, reason string) error {
	if !e.State.CanMove(to) {
		return ErrInvalidMove
	}
	now := s.now()
	set := `state = $1, reason = $2, decided_at = $3, decided_by = $4`
	switch to {
	case Waitlisted:
		set = `state = $1, reason = $2, waitlisted_at = $3, decided_by = $4`
	case Rejected, Dropped, Transferred, Completed, NotCompleted:
		set = `state = $1, reason = $2, ended_at = $3, decided_by = $4`
	}
	res, err := tx.ExecContext(ctx, `UPDATE enrolments SET `+set+` WHERE id = $5 AND state = $6`,
		to, reason, now, db.NullID(access.From(ctx).UserID), e.ID, e.State)
	if err != nil {
		return fmt.Errorf("training: move enrolment %d: %w", e.ID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrInvalidMove
	}
	from := e.State
	e.State, e.Reason = to, reason
	fields := []string{}
	if reason != "" {
		fields = append(fields, "reason")
	}
	if err := audit.Record(ctx, tx, "enrolment."+string(to), "enrolment", strconv.FormatInt(e.ID, 10), fields...); err != nil {
		return err
	}
	return s.tell(ctx, tx, e, from)
}

const enrolmentColumns = `id, reference, person_id, cohort_id, state, channel, declared_kind, declared_document, reason,
	transferred_to, applied_at, waitlisted_at, decided_at, ended_at`

func (s *Store) enrolments(ctx context.Context, q db.Querier, where string, args ...any) ([]Enrolment, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+enrolmentColumns+` FROM enrolments `+where, args...)
	list, err := db.Collect(rows, err, scanEnrolment)
	if err != nil {
		return nil, fmt.Errorf("training: enrolments: %w", err)
	}
	return list, nil
}

func scanEnrolment(row db.Scanner) (Enrolment, error) {
	var e Enrolment
	var to nullInt64
	var waitlisted, decided, ended nullTimeValue
	err := row.Scan(&e.ID, &e.Reference, &e.PersonID, &e.CohortID, &e.State, &e.Channel, &e.DeclaredKind, &e.DeclaredDocument,
		&e.Reason, &to, &e.AppliedAt, &waitlisted, &decided, &ended)
	e.TransferredTo = to.Int64
	e.WaitlistedAt, e.DecidedAt, e.EndedAt = waitlisted.Time, decided.Time, ended.Time
	return e, err
}

func enrolment(ctx context.Context, q db.Querier, id int64) (Enrolment, error) {
	e, err := scanEnrolment(q.QueryRowContext(ctx, `SELECT `+enrolmentColumns+` FROM enrolments WHERE id = $1`, id))
	if err != nil {
		return e, fmt.Errorf("training: enrolment %d: %w", id, db.NotFound(err))
	}
	return e, nil
}

// Roster returns a cohort's applications and enrolments with the persons'
// names: first those waiting for a decision, then the waitlist in order,
// then the learners, then the ended ones.
func (s *Store) Roster(ctx context.Context, cohortID int64) ([]Enrolment, error) {
	if _, err := s.Cohort(ctx, cohortID); err != nil {
		return nil, err
	}
	list, err := s.enrolments(ctx, s.db, `WHERE cohort_id = $1 ORDER BY applied_at, id`, cohortID)
	if err != nil {
		return nil, err
	}
	if err := s.withNames(ctx, list); err != nil {
		return nil, err
	}
	if err := audit.RecordRead(ctx, s.db, "cohort.roster", "cohort", strconv.FormatInt(cohortID, 10)); err != nil {
		return nil, err
	}
	slices.SortStableFunc(list, func(a, b Enrolment) int {
		if d := slices.Index(EnrolmentStates, a.State) - slices.Index(EnrolmentStates, b.State); d != 0 {
			return d
		}
		if a.State == Waitlisted {
			return a.WaitlistedAt.Compare(b.WaitlistedAt)
		}
		if a.State == Enrolled {
			return i18n.Compare(a.PersonName, b.PersonName)
		}
		return 0
	})
	return list, nil
}

func (s *Store) withNames(ctx context.Context, list []Enrolment) error {
	return s.withNamesIn(ctx, s.db, list)
}

func (s *Store) withNamesIn(ctx context.Context, q db.Querier, list []Enrolment) error {
	ids := make([]int64, len(list))
	for i, e := range list {
		ids[i] = e.PersonID
	}
	names, err := people.DisplayNames(ctx, q, ids)
	if err != nil {
		return err
	}
	for i := range list {
		list[i].PersonName = names[list[i].PersonID]
	}
	return nil
}

// Pending returns the applications waiting for a decision in every cohort,
// oldest first.
func (s *Store) Pending(ctx context.Context) ([]Enrolment, error) {
	if err := access.Require(ctx, access.DecideEnrolments); err != nil {
		return nil, err
	}
	list, err := s.enrolments(ctx, s.db, `WHERE state = 'applied' ORDER BY applied_at, id`)
	if err != nil {
		return nil, err
	}
	if err := s.withNames(ctx, list); err != nil {
		return nil, err
	}
	return list, audit.RecordRead(ctx, s.db, "enrolment.pending", "applications", "")
}

// Status is what the public reference lookup shows: no name, only the
// application's course, cohort and state.
type Status struct {
	Enrolment
	Course           Course
	Cohort           Cohort
	WaitlistPosition int
}

// Lookup finds an application by its reference for the applicant.
func (s *Store) Lookup(ctx context.Context, reference string) (Status, error) {
	ref := typedReference(reference)
	var st Status
	e, err := scanEnrolment(s.db.QueryRowContext(ctx, `SELECT `+enrolmentColumns+` FROM enrolments WHERE reference = $1`, ref))
	if err != nil {
		return st, i18n.Errorf("training.error.reference_unknown", "Field", i18n.Key("application.reference"))
	}
	// A transferred applicant keeps their reference: it shows where they are now.
	for e.State == Transferred && e.TransferredTo != 0 {
		if e, err = enrolment(ctx, s.db, e.TransferredTo); err != nil {
			return st, err
		}
	}
	st.Enrolment = e
	st.Reference = ref
	if st.Cohort, err = cohort(ctx, s.db, e.CohortID); err != nil {
		return st, err
	}
	if st.Course, err = s.Course(ctx, st.Cohort.CourseID); err != nil {
		return st, err
	}
	st.WaitlistPosition, err = s.waitlistPosition(ctx, e)
	return st, err
}

// PersonEnrolment is one of a person's applications with its cohort and course.
type PersonEnrolment struct {
	Enrolment
	Cohort Cohort
	Course Course
}

// PersonEnrolments returns a person's applications and enrolments, newest
// first, for their page in the registry.
func (s *Store) PersonEnrolments(ctx context.Context, personID int64) ([]PersonEnrolment, error) {
	if err := access.Require(ctx, access.ReadPeople); err != nil {
		return nil, err
	}
	list, err := s.enrolments(ctx, s.db, `WHERE person_id = $1 ORDER BY applied_at DESC, id DESC`, personID)
	if err != nil {
		return nil, err
	}
	out := make([]PersonEnrolment, len(list))
	for i, e := range list {
		out[i].Enrolment = e
		if out[i].Cohort, err = cohort(ctx, s.db, e.CohortID); err != nil {
			return nil, err
		}
		if out[i].Course, err = s.Course(ctx, out[i].Cohort.CourseID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Offer is a cohort open for applications and its course.
type Offer struct {
	Cohort Cohort
	Course Course
}

// OpenCohorts returns every cohort open for applications with its course,
// soonest first, for staff applying on someone's behalf.
func (s *Store) OpenCohorts(ctx context.Context) ([]Offer, error) {
	courses, err := s.Courses(ctx, false)
	if err != nil {
		return nil, err
	}
	var out []Offer
	for _, c := range courses {
		cohorts, err := s.PublicCohorts(ctx, c.ID)
		if err != nil {
			return nil, err
		}
		for _, co := range cohorts {
			out = append(out, Offer{Cohort: co, Course: c})
		}
	}
	slices.SortStableFunc(out, func(a, b Offer) int { return a.Cohort.StartsOn.Compare(b.Cohort.StartsOn) })
	return out, nil
}
