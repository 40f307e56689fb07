package people

import (
	"context"
	"fmt"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
)

// OwnRecord is what the registry holds about one person, as the person
// themselves is given it (the right of access): the record, its residence
// statuses, consents and family links.
type OwnRecord struct {
	Names        []SelfName        `json:"names"`
	Sex          Sex               `json:"sex,omitempty"`
	BirthDate    time.Time         `json:"birth_date,omitzero"`
	BirthYear    int               `json:"birth_year,omitempty"`
	Stateless    bool              `json:"stateless"`
	Citizenships []string          `json:"citizenships"`
	Languages    []string          `json:"languages"`
	Documents    []string          `json:"documents,omitempty"`
	Education    string            `json:"education,omitempty"`
	Script       string            `json:"script,omitempty"`
	Region       map[string]string `json:"region,omitempty"`
	Phone        string            `json:"phone,omitempty"`
	Email        string            `json:"email,omitempty"`
	Address      string            `json:"address,omitempty"`
	Statuses     []SelfStatus      `json:"residence_statuses"`
	Consents     []SelfConsent     `json:"consents"`
	Family       []SelfRelative    `json:"family"`
	RegisteredAt time.Time         `json:"registered_at"`
	UpdatedAt    time.Time         `json:"updated_at"`
}

// SelfName is one spelling of the person's name.
type SelfName struct {
	Kind       NameKind `json:"kind"`
	Surname    string   `json:"surname"`
	Given      string   `json:"given"`
	Patronymic string   `json:"patronymic,omitempty"`
}

// SelfStatus is one residence status of the person.
type SelfStatus struct {
	Kind       StatusKind  `json:"kind"`
	State      StatusState `json:"state"`
	Ground     string      `json:"ground,omitempty"`
	DocumentNo string      `json:"document_no,omitempty"`
	IssuedOn   time.Time   `json:"issued_on,omitzero"`
	ValidFrom  time.Time   `json:"valid_from,omitzero"`
	ValidTo    time.Time   `json:"valid_to,omitzero"`
}

// SelfConsent is one consent the person gave, and its withdrawal.
type SelfConsent struct {
	ID               int64     `json:"id"`
	Purpose          Purpose   `json:"purpose"`
	GivenOn          time.Time `json:"given_on"`
	WithdrawnOn      time.Time `json:"withdrawn_on,omitzero"`
	WithdrawalReason string    `json:"withdrawal_reason,omitempty"`
}

// InForce reports whether the consent has not been withdrawn.
func (c SelfConsent) InForce() bool { return c.WithdrawnOn.IsZero() }

// SelfRelative is a family link of the person.
type SelfRelative struct {
	Relation string `json:"relation"`
	Name     string `json:"name"`
}

// SelfRecord reads what the registry holds about personID, for the
// person themselves. It checks no permission: the caller (mydata) has
// made sure that personID is the signed-in migrant's own.
func SelfRecord(ctx context.Context, q db.Querier, personID int64) (OwnRecord, error) {
	p, err := loadPerson(ctx, q, personID)
	if err != nil {
		return OwnRecord{}, err
	}
	r := OwnRecord{Sex: p.Sex, BirthDate: p.BirthDate, BirthYear: p.BirthYear, Stateless: p.Stateless,
		Citizenships: p.Citizenships, Languages: p.Languages, Documents: p.Documents, Education: p.Education, Script: p.Script, Phone: p.Phone, Email: p.Email,
		Address: p.Address, RegisteredAt: p.CreatedAt.UTC(), UpdatedAt: p.UpdatedAt.UTC()}
	for _, n := range p.Names {
		r.Names = append(r.Names, SelfName(n))
	}
	if p.RegionID != 0 {
		var az, en, ru string
		err := q.QueryRowContext(ctx, `SELECT name_az, name_en, name_ru FROM regions WHERE id = $1`, p.RegionID).Scan(&az, &en, &ru)
		if err != nil {
			return r, fmt.Errorf("people: own region %d: %w", personID, err)
		}
		r.Region = map[string]string{"az": az, "en": en, "ru": ru}
	}
	sts, err := statuses(ctx, q, personID)
	if err != nil {
		return r, err
	}
	for _, st := range sts {
		r.Statuses = append(r.Statuses, SelfStatus{Kind: st.Kind, State: st.State, Ground: st.Ground, DocumentNo: st.DocumentNo,
			IssuedOn: st.IssuedOn, ValidFrom: st.ValidFrom, ValidTo: st.ValidTo})
	}
	if r.Consents, err = SelfConsents(ctx, q, personID); err != nil {
		return r, err
	}
	r.Family, err = selfFamily(ctx, q, personID)
	return r, err
}

// SelfConsents returns the consents personID gave, newest first, for the
// person themselves; like SelfRecord it checks no permission.
func SelfConsents(ctx context.Context, q db.Querier, personID int64) ([]SelfConsent, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, purpose, given_on, withdrawn_on, withdrawal_reason
		FROM consents WHERE person_id = $1 ORDER BY given_on DESC, id DESC`, personID)
	list, err := db.Collect(rows, err, func(r db.Scanner) (SelfConsent, error) {
		var c SelfConsent
		var given, withdrawn nullTime
		err := r.Scan(&c.ID, &c.Purpose, &given, &withdrawn, &c.WithdrawalReason)
		c.GivenOn, c.WithdrawnOn = given.utc(), withdrawn.utc()
		return c, err
	})
	if err != nil {
		return nil, fmt.Errorf("people: own consents %d: %w", personID, err)
	}
	return list, nil
}

func selfFamily(ctx context.Context, q db.Querier, personID int64) ([]SelfRelative, error) {
	rows, err := q.QueryContext(ctx, `
		SELECT f.relation, 0, p.display_name FROM family_links f JOIN persons p ON p.id = f.relative_id WHERE f.person_id = $1
		UNION ALL
		SELECT f.relation, 1, p.display_name FROM family_links f JOIN persons p ON p.id = f.person_id WHERE f.relative_id = $1`, personID)
	list, err := db.Collect(rows, err, func(r db.Scanner) (SelfRelative, error) {
		var rel SelfRelative
		var reversed bool
		err := r.Scan(&rel.Relation, &reversed, &rel.Name)
		if reversed {
			rel.Relation = inverse[rel.Relation]
		}
		return rel, err
	})
	if err != nil {
		return nil, fmt.Errorf("people: own family %d: %w", personID, err)
	}
	return list, nil
}

// ErrNotLinked refuses a migrant whose account is not yet linked to a
// person of the registry.
var ErrNotLinked = i18n.Errorf("mydata.error.not_linked")

// OwnPerson returns the signed-in migrant's own person id, from their
// principal only, never from input: access.ErrForbidden (or
// ErrUnauthenticated) for anyone but a migrant, ErrNotLinked for a
// migrant whose account is not linked yet. The migrant's own area (mydata,
// WithdrawOwnConsent) starts with it.
func OwnPerson(ctx context.Context) (int64, error) {
	id, err := access.Own(ctx)
	if p := access.From(ctx); err != nil && p.Can(access.SelfService) && !p.IsSystem() && p.PersonID == 0 {
		return 0, ErrNotLinked
	}
	return id, err
}

// OwnConsents returns the signed-in migrant's own consents, newest first.
func (s *Store) OwnConsents(ctx context.Context) ([]SelfConsent, error) {
	personID, err := OwnPerson(ctx)
	if err != nil {
		return nil, err
	}
	return SelfConsents(ctx, s.db, personID)
}
