// Package orgs keeps the organisations the Service works with: its own
// headquarters, the Training-Education Centre and regional offices, and the
// ministries, NGOs, international organisations and employers it refers people to.
package orgs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/audit"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/textcheck"
)

// Kind is the kind of an organisation.
type Kind string

// The kinds of organisation.
const (
	Headquarters   Kind = "hq"
	TrainingCentre Kind = "training_centre"
	RegionalOffice Kind = "regional_office"
	Ministry       Kind = "ministry"
	NGO            Kind = "ngo"
	International  Kind = "international"
	Employer       Kind = "employer"
)

// Kinds lists every kind in the order forms show them.
var Kinds = []Kind{Headquarters, TrainingCentre, RegionalOffice, Ministry, NGO, International, Employer}

// Organisation is one organisation.
type Organisation struct {
	ID     int64
	Name   string
	Kind   Kind
	Active bool
	Contact
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Contact is where the public reaches an organisation; the Service's own
// offices show it on the public site.
type Contact struct {
	Address string
	Phone   string
	Email   string
	Hours   string // opening hours as the office writes them
}

// Input is what a form or the API gives to create or change an organisation.
type Input struct {
	Name   string
	Kind   Kind
	Active bool
	Contact
}

// Validate returns every problem with in as translatable errors, joined.
func (in *Input) Validate() error {
	var l textcheck.List
	if l.Check("orgs.name", in.Name, textcheck.Title) {
		in.Name = strings.TrimSpace(in.Name)
		if in.Name == "" {
			l.Add(i18n.Errorf("orgs.error.name_required", "Field", i18n.Key("orgs.name")))
		}
	}
	if !slices.Contains(Kinds, in.Kind) {
		l.Add(i18n.Errorf("orgs.error.kind_invalid", "Field", i18n.Key("orgs.kind")))
	}
	for _, f := range []struct {
		label string
		value *string
		rule  textcheck.Rule
	}{
		{"orgs.address", &in.Address, textcheck.Short},
		{"orgs.phone", &in.Phone, textcheck.PhoneNo},
		{"orgs.email", &in.Email, textcheck.EmailAddr},
		{"orgs.hours", &in.Hours, textcheck.Short},
	} {
		if l.Check(f.label, *f.value, f.rule) {
			*f.value = strings.TrimSpace(*f.value)
		}
	}
	return l.Err()
}

// CheckActive returns nil when id names an active organisation, and
// textcheck.Unknown on the field label otherwise (unknown, negative or
// inactive). Other features call it in their own transaction before they
// write an organisation's id, so a forged form gets a message, not a 500.
func CheckActive(ctx context.Context, q db.Querier, label string, id int64) error {
	return check(ctx, q, label, id, true)
}

// ActiveName is CheckActive that also returns the organisation's name, for
// a feature that shows the organisation it assigned work to (the unit
// answering a Council proposal) without reading this package's table.
func ActiveName(ctx context.Context, q db.Querier, label string, id int64) (string, error) {
	if err := CheckActive(ctx, q, label, id); err != nil {
		return "", err
	}
	var name string
	if err := q.QueryRowContext(ctx, `SELECT name FROM organisations WHERE id = $1`, id).Scan(&name); err != nil {
		return "", fmt.Errorf("orgs: name %d: %w", id, err)
	}
	return name, nil
}

// CheckExists is CheckActive for a choice that may keep an organisation
// since made inactive (a user's organisation).
func CheckExists(ctx context.Context, q db.Querier, label string, id int64) error {
	return check(ctx, q, label, id, false)
}

// Names returns every organisation's name by its id, for a feature that
// shows the organisations its records name (the responsible body of an
// Action Plan measure, on the public page too) without reading this
// package's table. Organisations' names are public.
func Names(ctx context.Context, q db.Querier) (map[int64]string, error) {
	names := map[int64]string{}
	rows, err := q.QueryContext(ctx, `SELECT id, name FROM organisations`)
	err = db.Each(rows, err, func(r db.Scanner) error {
		var id int64
		var name string
		if err := r.Scan(&id, &name); err != nil {
			return err
		}
		names[id] = name
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("orgs: names: %w", err)
	}
	return names, nil
}

func check(ctx context.Context, q db.Querier, label string, id int64, activeOnly bool) error {
	var active bool
	err := q.QueryRowContext(ctx, `SELECT active FROM organisations WHERE id = $1`, id).Scan(&active)
	if errors.Is(err, sql.ErrNoRows) || err == nil && activeOnly && !active {
		return textcheck.Unknown(label)
	}
	if err != nil {
		return fmt.Errorf("orgs: check %d: %w", id, err)
	}
	return nil
}

// Store reads and writes organisations.
type Store struct {
	db *db.DB
}

// NewStore returns a Store on d.
func NewStore(d *db.DB) *Store { return &Store{db: d} }

const columns = `id, name, kind, active, address, phone, email, hours, created_at, updated_at`

func scan(row db.Scanner) (Organisation, error) {
	var o Organisation
	err := row.Scan(&o.ID, &o.Name, &o.Kind, &o.Active, &o.Address, &o.Phone, &o.Email, &o.Hours, &o.CreatedAt, &o.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		err = db.ErrNotFound
	}
	return o, err
}

// Organisations returns every organisation in Azerbaijani alphabetical order.
// Any staff member may list them (forms need them).
func (s *Store) Organisations(ctx context.Context) ([]Organisation, error) {
	if err := access.Require(ctx, access.StaffArea); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+columns+` FROM organisations`)
	list, err := db.Collect(rows, err, scan)
	if err != nil {
		return nil, fmt.Errorf("orgs: list: %w", err)
	}
	i18n.SortFunc(list, func(o Organisation) string { return o.Name })
	return list, nil
}

// Organisation returns the organisation with id, or db.ErrNotFound.
func (s *Store) Organisation(ctx context.Context, id int64) (Organisation, error) {
	if err := access.Require(ctx, access.StaffArea); err != nil {
		return Organisation{}, err
	}
	o, err := scan(s.db.QueryRowContext(ctx, `SELECT `+columns+` FROM organisations WHERE id = $1`, id))
	if err != nil {
		return o, fmt.Errorf("orgs: organisation %d: %w", id, err)
	}
	return o, nil
}

// CreateOrganisation stores a new organisation and records it in the audit log.
func (s *Store) CreateOrganisation(ctx context.Context, in Input) (Organisation, error) {
	if err := access.Require(ctx, access.ManageOrganisations); err != nil {
		return Organisation{}, err
	}
	if err := in.Validate(); err != nil {
		return Organisation{}, err
	}
	var o Organisation
	err := s.db.Transact(ctx, func(tx *db.Tx) error {
		now := db.Now()
		var err error
		o, err = scan(tx.QueryRowContext(ctx, `
			INSERT INTO organisations (name, kind, active, address, phone, email, hours, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING `+columns, in.Name, in.Kind, in.Active,
			in.Address, in.Phone, in.Email, in.Hours, now))
		if db.IsUniqueViolation(err) {
			return i18n.Errorf("orgs.error.name_taken", "Field", i18n.Key("orgs.name"))
		}
		if err != nil {
			return fmt.Errorf("orgs: create: %w", err)
		}
		return audit.Record(ctx, tx, "organisation.create", "organisation", fmt.Sprint(o.ID), "name", "kind", "active", "contact")
	})
	return o, err
}

// UpdateOrganisation changes an organisation and records which fields changed.
func (s *Store) UpdateOrganisation(ctx context.Context, id int64, in Input) error {
	if err := access.Require(ctx, access.ManageOrganisations); err != nil {
		return err
	}
	if err := in.Validate(); err != nil {
		return err
	}
	return s.db.Transact(ctx, func(tx *db.Tx) error {
		old, err := scan(tx.QueryRowContext(ctx, `SELECT `+columns+` FROM organisations WHERE id = $1`, id))
		if err != nil {
			return fmt.Errorf("orgs: update %d: %w", id, err)
		}
		var changed []string
		if old.Name != in.Name {
			changed = append(changed, "name")
		}
		if old.Kind != in.Kind {
			changed = append(changed, "kind")
		}
		if old.Active != in.Active {
			changed = append(changed, "active")
		}
		if old.Contact != in.Contact {
			changed = append(changed, "contact")
		}
		if len(changed) == 0 {
			return nil
		}
		_, err = tx.ExecContext(ctx, `UPDATE organisations SET name = $1, kind = $2, active = $3, address = $4, phone = $5, email = $6,
			hours = $7, updated_at = $8 WHERE id = $9`, in.Name, in.Kind, in.Active, in.Address, in.Phone, in.Email, in.Hours, db.Now(), id)
		if db.IsUniqueViolation(err) {
			return i18n.Errorf("orgs.error.name_taken", "Field", i18n.Key("orgs.name"))
		}
		if err != nil {
			return fmt.Errorf("orgs: update %d: %w", id, err)
		}
		return audit.Record(ctx, tx, "organisation.update", "organisation", fmt.Sprint(id), changed...)
	})
}

// Offices returns the Service's own active offices that have an address
// (headquarters first, then the Training-Education Centre and the regional
// offices, each by name), for the public site: anyone may read them.
func (s *Store) Offices(ctx context.Context) ([]Organisation, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+columns+` FROM organisations
		WHERE active AND address <> '' AND kind IN ('hq', 'training_centre', 'regional_office')`)
	list, err := db.Collect(rows, err, func(r db.Scanner) (Organisation, error) { return scan(r) })
	if err != nil {
		return nil, fmt.Errorf("orgs: offices: %w", err)
	}
	i18n.SortFunc(list, func(o Organisation) string { return o.Name })
	slices.SortStableFunc(list, func(a, b Organisation) int {
		return slices.Index(Kinds, a.Kind) - slices.Index(Kinds, b.Kind)
	})
	return list, nil
}
