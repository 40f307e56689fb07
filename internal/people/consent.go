package people

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
	"inteqra/internal/orgs"
	"inteqra/internal/textcheck"
)

// Purpose is what a consent is given for.
type Purpose string

// The purposes of consent.
const (
	Participation  Purpose = "participation"   // taking part in the integration programme
	DataProcessing Purpose = "data_processing" // processing of personal data
	Sharing        Purpose = "sharing"         // sharing data with a named partner organisation
	Photos         Purpose = "photos"
	PublicListing  Purpose = "public_listing" // being named on a public page (the Migrant Council's members)
)

// Purposes lists the purposes in form order.
var Purposes = []Purpose{Participation, DataProcessing, Sharing, Photos, PublicListing}

// Consent is one consent given by a person, possibly withdrawn later.
type Consent struct {
	ID               int64
	PersonID         int64
	Purpose          Purpose
	OrganisationID   int64 // the partner, for Sharing
	GivenOn          time.Time
	WithdrawnOn      time.Time // zero while in force
	WithdrawalReason string
	RecordedBy       int64
	WithdrawnBy      int64
}

// InForce reports whether the consent has not been withdrawn.
func (c Consent) InForce() bool { return c.WithdrawnOn.IsZero() }

// ConsentInput is what a form gives for a consent.
type ConsentInput struct {
	Purpose        Purpose
	OrganisationID int64
	GivenOn        string // 2006-01-02; empty means today

	givenOn time.Time
}

// ErrNoParticipationConsent is returned when a person without participation
// consent would be enrolled in a case or a course.
var ErrNoParticipationConsent = i18n.Errorf("people.error.no_participation_consent")

// GiveConsent records a consent. A purpose already in force is not recorded twice.
func (s *Store) GiveConsent(ctx context.Context, personID int64, in ConsentInput) (Consent, error) {
	if err := access.Require(ctx, access.WritePeople); err != nil {
		return Consent{}, err
	}
	var l textcheck.List
	if !slices.Contains(Purposes, in.Purpose) {
		l.Add(i18n.Errorf("people.error.purpose_invalid", "Field", i18n.Key("people.purpose")))
	}
	if in.Purpose == Sharing && in.OrganisationID == 0 {
		l.Add(i18n.Errorf("people.error.partner_required", "Field", i18n.Key("people.partner")))
	}
	if in.Purpose != Sharing && in.OrganisationID >= 0 {
		in.OrganisationID = 0
	}
	if in.OrganisationID < 0 {
		l.Add(textcheck.Unknown("people.partner"))
	}
	today := dayOf(s.now())
	in.givenOn = today
	if in.GivenOn != "" {
		d, err := time.Parse(time.DateOnly, in.GivenOn)
		if err != nil || d.After(today) || d.Year() < 2000 {
			l.Add(i18n.Errorf("people.error.consent_date_invalid", "Field", i18n.Key("people.given_on")))
		}
		in.givenOn = d
	}
	if err := l.Err(); err != nil {
		return Consent{}, err
	}
	c := Consent{PersonID: personID, Purpose: in.Purpose, OrganisationID: in.OrganisationID, GivenOn: in.givenOn,
		RecordedBy: access.From(ctx).UserID}
	err := s.db.Transact(ctx, func(tx *db.Tx) error {
		if err := requireActive(ctx, tx, personID); err != nil {
			return err
		}
		if c.OrganisationID != 0 {
			if err := orgs.CheckActive(ctx, tx, "people.partner", c.OrganisationID); err != nil {
				return err
			}
		}
		var n int
		err := tx.QueryRowContext(ctx, `SELECT count(*) FROM consents WHERE person_id = $1 AND purpose = $2
			AND COALESCE(organisation_id, 0) = $3 AND withdrawn_on IS NULL`, personID, in.Purpose, in.OrganisationID).Scan(&n)
		if err != nil {
			return fmt.Errorf("people: consent %d: %w", personID, err)
		}
		if n > 0 {
			return i18n.Errorf("people.error.consent_exists", "Field", i18n.Key("people.purpose"))
		}
		err = tx.QueryRowContext(ctx, `
			INSERT INTO consents (person_id, purpose, organisation_id, given_on, recorded_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
			personID, c.Purpose, db.NullID(c.OrganisationID), c.GivenOn, db.NullID(c.RecordedBy), s.now()).Scan(&c.ID)
		if err != nil {
			return fmt.Errorf("people: give consent %d: %w", personID, err)
		}
		return audit.Record(ctx, tx, "consent.give", "person", strconv.FormatInt(personID, 10), "consent."+string(c.Purpose))
	})
	return c, err
}

// WithdrawConsent withdraws one of a person's consents today, with a reason.
func (s *Store) WithdrawConsent(ctx context.Context, personID, consentID int64, reason string) error {
	if err := access.Require(ctx, access.WritePeople); err != nil {
		return err
	}
	if err := textcheck.Field("people.withdraw_reason", reason, textcheck.Short); err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return i18n.Errorf("people.error.reason_required", "Field", i18n.Key("people.withdraw_reason"))
	}
	return s.withdraw(ctx, personID, consentID, reason)
}

// WithdrawOwnConsent withdraws one of the signed-in migrant's own consents
// today, the reason optional: with the same effects as a withdrawal by
// staff (the hooks run: a case closes when participation is withdrawn).
// A consent of anyone else answers as a missing one does.
func (s *Store) WithdrawOwnConsent(ctx context.Context, consentID int64, reason string) error {
	personID, err := OwnPerson(ctx)
	if err != nil {
		return err
	}
	if err := textcheck.Field("people.withdraw_reason", reason, textcheck.Short); err != nil {
		return err
	}
	return s.withdraw(ctx, personID, consentID, strings.TrimSpace(reason))
}

// withdraw withdraws a consent of personID in one transaction: the
// consent, the features' hooks and the audit event.
func (s *Store) withdraw(ctx context.Context, personID, consentID int64, reason string) error {
	return s.db.Transact(ctx, func(tx *db.Tx) error {
		var purpose Purpose
		var withdrawn sql.NullTime
		err := tx.QueryRowContext(ctx, `SELECT purpose, withdrawn_on FROM consents WHERE id = $1 AND person_id = $2`, consentID, personID).
			Scan(&purpose, &withdrawn)
		if err != nil {
			return fmt.Errorf("people: consent %d: %w", consentID, db.NotFound(err))
		}
		if withdrawn.Valid {
			return i18n.Errorf("people.error.consent_withdrawn")
		}
		_, err = tx.ExecContext(ctx, `UPDATE consents SET withdrawn_on = $1, withdrawal_reason = $2, withdrawn_by = $3 WHERE id = $4`,
			dayOf(s.now()), reason, db.NullID(access.From(ctx).UserID), consentID)
		if err != nil {
			return fmt.Errorf("people: withdraw consent %d: %w", consentID, err)
		}
		for _, h := range s.withdrawHooks {
			if err := h(ctx, tx, personID, purpose); err != nil {
				return err
			}
		}
		fields := []string{"consent." + string(purpose)}
		if reason != "" {
			fields = append(fields, "reason")
		}
		return audit.Record(ctx, tx, "consent.withdraw", "person", strconv.FormatInt(personID, 10), fields...)
	})
}

// Consents returns a person's consents, newest first.
func (s *Store) Consents(ctx context.Context, personID int64) ([]Consent, error) {
	if err := access.Require(ctx, access.ReadPeople); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `
		SELECT id, person_id, purpose, organisation_id, given_on, withdrawn_on, withdrawal_reason, recorded_by, withdrawn_by
		FROM consents WHERE person_id = $1 ORDER BY given_on DESC, id DESC`, personID)
	list, err := db.Collect(rows, err, func(r db.Scanner) (Consent, error) {
		var c Consent
		var org, by, wby sql.NullInt64
		var given, withdrawn nullTime
		err := r.Scan(&c.ID, &c.PersonID, &c.Purpose, &org, &given, &withdrawn, &c.WithdrawalReason, &by, &wby)
		c.OrganisationID, c.RecordedBy, c.WithdrawnBy = org.Int64, by.Int64, wby.Int64
		c.GivenOn, c.WithdrawnOn = given.utc(), withdrawn.utc()
		return c, err
	})
	if err != nil {
		return nil, fmt.Errorf("people: consents %d: %w", personID, err)
	}
	return list, nil
}

// WithdrawHook lets another feature act on a withdrawn consent (cases close
// when participation is withdrawn) inside the withdrawal's transaction.
type WithdrawHook func(ctx context.Context, tx *db.Tx, personID int64, purpose Purpose) error

// OnWithdraw registers a hook that every withdrawal of consent runs.
func (s *Store) OnWithdraw(h WithdrawHook) { s.withdrawHooks = append(s.withdrawHooks, h) }

// RequireParticipation returns ErrNoParticipationConsent unless the person
// has a participation consent in force. Cases and courses call it before
// enrolling anyone; q lets them call it inside their own transaction.
func RequireParticipation(ctx context.Context, q db.Querier, personID int64) error {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM consents WHERE person_id = $1 AND purpose = $2 AND withdrawn_on IS NULL`,
		personID, Participation).Scan(&n)
	if err != nil {
		return fmt.Errorf("people: participation consent %d: %w", personID, err)
	}
	if n == 0 {
		return ErrNoParticipationConsent
	}
	return nil
}
