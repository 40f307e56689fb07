package people

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/audit"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/textcheck"
)

// StatusKind is a kind of residence status.
type StatusKind string

// The residence statuses of the Migration Code.
const (
	TemporaryPermit StatusKind = "trp" // temporary residence permit
	PermanentPermit StatusKind = "prp" // permanent residence permit
	AsylumSeeker    StatusKind = "asylum_seeker"
	Refugee         StatusKind = "refugee"
	StatelessPerson StatusKind = "stateless"
	Naturalised     StatusKind = "naturalised"
)

// StatusKinds lists the kinds in form order.
var StatusKinds = []StatusKind{TemporaryPermit, PermanentPermit, AsylumSeeker, Refugee, StatelessPerson, Naturalised}

// Grounds of a temporary residence permit.
var Grounds = []string{"family", "work", "study", "investment", "property", "other"}

// StatusState is where a status stands in its procedure.
type StatusState string

// The states of a residence status; "expired" is not stored but follows from the dates.
const (
	Applied  StatusState = "applied"
	Granted  StatusState = "granted"
	Extended StatusState = "extended"
	Revoked  StatusState = "revoked"
)

// StatusStates lists the stored states in form order.
var StatusStates = []StatusState{Applied, Granted, Extended, Revoked}

// ResidenceStatus is one entry of a person's residence history.
type ResidenceStatus struct {
	ID         int64
	PersonID   int64
	Kind       StatusKind
	Ground     string
	DocumentNo string
	IssuedOn   time.Time
	ValidFrom  time.Time
	ValidTo    time.Time // zero for open-ended statuses such as refugee or naturalised
	State      StatusState
	CreatedAt  time.Time
}

// Condition says what the status is on day: "current", "expired",
// "not_yet" (valid later), "pending" (applied for) or "revoked".
func (r ResidenceStatus) Condition(day time.Time) string {
	day = dayOf(day)
	switch {
	case r.State == Revoked:
		return "revoked"
	case r.State == Applied:
		return "pending"
	case !r.ValidFrom.IsZero() && day.Before(r.ValidFrom):
		return "not_yet"
	case !r.ValidTo.IsZero() && day.After(r.ValidTo):
		return "expired"
	}
	return "current"
}

// CurrentOn reports whether the status holds on day.
func (r ResidenceStatus) CurrentOn(day time.Time) bool { return r.Condition(day) == "current" }

// dayOf is the calendar day of t in Baku, as a UTC midnight like stored dates.
func dayOf(t time.Time) time.Time { return i18n.DayOf(t) }

// StatusInput is what a form gives for a residence status.
type StatusInput struct {
	Kind       StatusKind
	Ground     string
	DocumentNo string
	IssuedOn   string
	ValidFrom  string
	ValidTo    string
	State      StatusState

	issuedOn, validFrom, validTo time.Time
}

// Validate returns every problem as translatable errors, joined.
func (in *StatusInput) Validate() error {
	var l textcheck.List
	if !slices.Contains(StatusKinds, in.Kind) {
		l.Add(i18n.Errorf("people.error.status_kind", "Field", i18n.Key("people.status_kind")))
	}
	if in.State == "" {
		in.State = Granted
	}
	if !slices.Contains(StatusStates, in.State) {
		l.Add(i18n.Errorf("people.error.status_state", "Field", i18n.Key("people.status_state")))
	}
	if l.Check("people.ground", in.Ground, textcheck.Title) {
		in.Ground = strings.TrimSpace(in.Ground)
		if in.Kind == TemporaryPermit && !slices.Contains(Grounds, in.Ground) {
			l.Add(i18n.Errorf("people.error.ground_required", "Field", i18n.Key("people.ground")))
		}
	}
	if in.Kind != TemporaryPermit {
		in.Ground = ""
	}
	if l.Check("people.document_no", in.DocumentNo, textcheck.DocNo) {
		if in.DocumentNo = documentKey(in.DocumentNo); len(in.DocumentNo) > 40 {
			l.Add(i18n.Errorf("people.error.document_long", "Field", i18n.Key("people.document_no")))
		}
	}
	badDate := "" // the label of the first date that is no date
	for _, d := range []struct {
		label string
		text  string
		dst   *time.Time
	}{{"people.issued_on", in.IssuedOn, &in.issuedOn}, {"people.valid_from", in.ValidFrom, &in.validFrom}, {"people.valid_to", in.ValidTo, &in.validTo}} {
		if d.text == "" {
			continue
		}
		t, err := time.Parse(time.DateOnly, d.text)
		if err != nil || t.Year() < 1950 || t.Year() > 2100 {
			if badDate == "" {
				badDate = d.label
			}
			continue
		}
		*d.dst = t
	}
	switch {
	case badDate != "":
		l.Add(i18n.Errorf("people.error.date_invalid", "Field", i18n.Key(badDate)))
	case !in.validFrom.IsZero() && !in.validTo.IsZero() && in.validTo.Before(in.validFrom):
		l.Add(i18n.Errorf("people.error.valid_to_before_from", "Field", i18n.Key("people.valid_to")))
	case (in.Kind == TemporaryPermit || in.Kind == PermanentPermit) && in.State != Applied && in.validTo.IsZero():
		l.Add(i18n.Errorf("people.error.valid_to_required", "Field", i18n.Key("people.valid_to")))
	}
	return l.Err()
}

// AddStatus records a residence status for a person; its document number
// becomes a search key.
func (s *Store) AddStatus(ctx context.Context, personID int64, in StatusInput) (ResidenceStatus, error) {
	if err := access.Require(ctx, access.WritePeople); err != nil {
		return ResidenceStatus{}, err
	}
	if err := in.Validate(); err != nil {
		return ResidenceStatus{}, err
	}
	r := ResidenceStatus{PersonID: personID, Kind: in.Kind, Ground: in.Ground, DocumentNo: in.DocumentNo,
		IssuedOn: in.issuedOn, ValidFrom: in.validFrom, ValidTo: in.validTo, State: in.State, CreatedAt: s.now()}
	err := s.db.Transact(ctx, func(tx *db.Tx) error {
		if err := requireActive(ctx, tx, personID); err != nil {
			return err
		}
		old, err := keysOf(ctx, tx, personID)
		if err != nil {
			return err
		}
		err = tx.QueryRowContext(ctx, `
			INSERT INTO residence_statuses (person_id, kind, ground, document_no, issued_on, valid_from, valid_to, state, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
			personID, r.Kind, r.Ground, r.DocumentNo, nullDate(r.IssuedOn), nullDate(r.ValidFrom), nullDate(r.ValidTo), r.State, r.CreatedAt).Scan(&r.ID)
		if err != nil {
			return fmt.Errorf("people: add status %d: %w", personID, err)
		}
		if err := updateKeys(ctx, tx, personID, old); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "person.add_status", "person", strconv.FormatInt(personID, 10),
			"kind", "ground", "document_no", "dates", "state")
	})
	return r, err
}

// requireActive fails when the person does not exist or is merged or erased.
func requireActive(ctx context.Context, q db.Querier, id int64) error {
	var state State
	if err := q.QueryRowContext(ctx, `SELECT state FROM persons WHERE id = $1`, id).Scan(&state); err != nil {
		return fmt.Errorf("people: person %d: %w", id, db.NotFound(err))
	}
	if state != Active {
		return errNotActive
	}
	return nil
}

// errNotActive refuses changes to merged and erased records.
var errNotActive = i18n.Errorf("people.error.not_active")

// Statuses returns a person's residence history, newest first.
func (s *Store) Statuses(ctx context.Context, personID int64) ([]ResidenceStatus, error) {
	if err := access.Require(ctx, access.ReadPeople); err != nil {
		return nil, err
	}
	return statuses(ctx, s.db, personID)
}

func statuses(ctx context.Context, q db.Querier, personID int64) ([]ResidenceStatus, error) {
	rows, err := q.QueryContext(ctx, `
		SELECT id, person_id, kind, ground, document_no, issued_on, valid_from, valid_to, state, created_at
		FROM residence_statuses WHERE person_id = $1 ORDER BY COALESCE(valid_from, issued_on, created_at) DESC, id DESC`, personID)
	list, err := db.Collect(rows, err, func(row db.Scanner) (ResidenceStatus, error) {
		var r ResidenceStatus
		var issued, from, to nullTime
		err := row.Scan(&r.ID, &r.PersonID, &r.Kind, &r.Ground, &r.DocumentNo, &issued, &from, &to, &r.State, &r.CreatedAt)
		r.IssuedOn, r.ValidFrom, r.ValidTo = issued.utc(), from.utc(), to.utc()
		return r, err
	})
	if err != nil {
		return nil, fmt.Errorf("people: statuses %d: %w", personID, err)
	}
	return list, nil
}
