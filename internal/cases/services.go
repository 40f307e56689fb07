package cases

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
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

// serviceEvents are the timeline kinds of service contacts.
var serviceEvents = []string{"contact"}

// Service is an entry of the catalogue of integration services.
type Service struct {
	ID     int64
	Code   string
	NameAz string
	NameEn string
	NameRu string
	Active bool
}

// Name returns the service's name in lang.
func (s Service) Name(lang i18n.Lang) string {
	switch lang {
	case i18n.EN:
		return s.NameEn
	case i18n.RU:
		return s.NameRu
	}
	return s.NameAz
}

// ServiceInput is the catalogue form.
type ServiceInput struct {
	Code   string
	Name   map[i18n.Lang]string
	Active bool
}

var codeRE = regexp.MustCompile(`^[a-z][a-z0-9_]{1,39}$`)

// Validate trims the input and returns its first problem.
func (in *ServiceInput) Validate() error {
	var problems textcheck.List
	if problems.Check("services.code", in.Code, textcheck.Rule{Kind: textcheck.Line, Max: 40}) { // the form: codeRE below
		in.Code = strings.ToLower(strings.TrimSpace(in.Code))
		if !codeRE.MatchString(in.Code) {
			problems.Add(i18n.Errorf("services.error.code", "Field", i18n.Key("services.code")))
		}
	}
	missing := "" // the first language without a name: the message names all three
	for _, l := range i18n.Langs {
		label := "services.name_" + string(l)
		if !problems.Check(label, in.Name[l], textcheck.Title) {
			continue
		}
		if name := strings.TrimSpace(in.Name[l]); name != "" {
			in.Name[l] = name
		} else if missing == "" {
			missing = label
		}
	}
	if missing != "" {
		problems.Add(i18n.Errorf("services.error.name_required", "Field", i18n.Key(missing)))
	}
	return problems.Err()
}

const serviceColumns = `id, code, name_az, name_en, name_ru, active`

func scanService(row db.Scanner) (Service, error) {
	var s Service
	err := row.Scan(&s.ID, &s.Code, &s.NameAz, &s.NameEn, &s.NameRu, &s.Active)
	if errors.Is(err, sql.ErrNoRows) {
		return s, db.ErrNotFound
	}
	return s, err
}

// Services returns the catalogue in Azerbaijani alphabetical order: every
// entry when all is set (the admin's list, names of past contacts), else
// only the active ones that forms offer.
func (s *Store) Services(ctx context.Context, all bool) ([]Service, error) {
	if err := access.Require(ctx, access.StaffArea); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+serviceColumns+` FROM services WHERE $1 OR active`, all)
	list, err := db.Collect(rows, err, scanService)
	if err != nil {
		return nil, fmt.Errorf("cases: services: %w", err)
	}
	i18n.SortFunc(list, func(sv Service) string { return sv.NameAz })
	return list, nil
}

// Service returns one catalogue entry, for the admin's form.
func (s *Store) Service(ctx context.Context, id int64) (Service, error) {
	if err := access.Require(ctx, access.ManageServices); err != nil {
		return Service{}, err
	}
	return scanService(s.db.QueryRowContext(ctx, `SELECT `+serviceColumns+` FROM services WHERE id = $1`, id))
}

// SaveService creates (id 0) or changes a catalogue entry; admins only.
// Contacts already recorded keep their service when it is deactivated.
func (s *Store) SaveService(ctx context.Context, id int64, in ServiceInput) (int64, error) {
	if err := access.Require(ctx, access.ManageServices); err != nil {
		return 0, err
	}
	if err := in.Validate(); err != nil {
		return 0, err
	}
	err := s.db.Transact(ctx, func(tx *db.Tx) error {
		var err error
		if id == 0 {
			err = tx.QueryRowContext(ctx, `INSERT INTO services (code, name_az, name_en, name_ru, active) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
				in.Code, in.Name[i18n.AZ], in.Name[i18n.EN], in.Name[i18n.RU], in.Active).Scan(&id)
		} else {
			var res sql.Result
			res, err = tx.ExecContext(ctx, `UPDATE services SET code = $1, name_az = $2, name_en = $3, name_ru = $4, active = $5 WHERE id = $6`,
				in.Code, in.Name[i18n.AZ], in.Name[i18n.EN], in.Name[i18n.RU], in.Active, id)
			if err == nil {
				if n, _ := res.RowsAffected(); n == 0 {
					return db.ErrNotFound
				}
			}
		}
		if db.IsUniqueViolation(err) {
			return i18n.Errorf("services.error.code_taken", "Field", i18n.Key("services.code"))
		}
		if err != nil {
			return fmt.Errorf("cases: save service: %w", err)
		}
		return audit.Record(ctx, tx, "service.save", "service", strconv.FormatInt(id, 10), "code", "names", "active")
	})
	return id, err
}

// Contact is a service delivered to the person of a case.
type Contact struct {
	ID        int64
	CaseID    int64
	ServiceID int64
	HeldOn    time.Time
	Minutes   int
	Group     bool
	Language  string // ISO 639-1 code
	Outcome   string
	StaffID   int64
	CreatedAt time.Time
}

// ContactInput is the form recording a contact; the date (2006-01-02) and
// minutes are kept as typed, so a refused form shows them again.
type ContactInput struct {
	ServiceID int64
	HeldOn    string
	Minutes   string
	Group     bool
	Language  string
	Outcome   string
}

// RecordContact records a service contact on an open case the principal
// works on: an active service, on a day from the case's opening to today.
func (s *Store) RecordContact(ctx context.Context, caseID int64, in ContactInput) (Contact, error) {
	if err := access.Require(ctx, access.WorkCases); err != nil {
		return Contact{}, err
	}
	var problems textcheck.List
	day, err := time.Parse(time.DateOnly, strings.TrimSpace(in.HeldOn))
	switch {
	case err != nil:
		problems.Add(i18n.Errorf("contact.error.date", "Field", i18n.Key("contact.held_on")))
	case day.After(i18n.DayOf(s.now())):
		problems.Add(i18n.Errorf("contact.error.future", "Field", i18n.Key("contact.held_on")))
	}
	minutes, err := strconv.Atoi(strings.TrimSpace(in.Minutes))
	if err != nil || minutes < 1 || minutes > 600 {
		problems.Add(i18n.Errorf("contact.error.minutes", "Field", i18n.Key("contact.minutes")))
	}
	if !people.IsLanguage(in.Language) {
		problems.Add(i18n.Errorf("contact.error.language", "Field", i18n.Key("contact.language")))
	}
	problems.Check("contact.outcome", in.Outcome, textcheck.Rule{Kind: textcheck.Text, Max: 4000})
	if err := problems.Err(); err != nil {
		return Contact{}, err
	}
	outcome := strings.TrimSpace(in.Outcome)
	p := access.From(ctx)
	ct := Contact{CaseID: caseID, ServiceID: in.ServiceID, HeldOn: day, Minutes: minutes, Group: in.Group, Language: in.Language,
		Outcome: outcome, StaffID: p.UserID, CreatedAt: s.now()}
	err = s.change(ctx, caseID, func(tx *db.Tx, c *Case) error {
		if !c.Open() {
			return i18n.Errorf("contact.error.closed")
		}
		if day.Before(i18n.DayOf(c.OpenedAt)) {
			return i18n.Errorf("contact.error.before_opened", "Field", i18n.Key("contact.held_on"))
		}
		var active bool
		err := tx.QueryRowContext(ctx, `SELECT active FROM services WHERE id = $1`, in.ServiceID).Scan(&active)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && !active) {
			return i18n.Errorf("contact.error.service", "Field", i18n.Key("contact.service"))
		}
		if err != nil {
			return fmt.Errorf("cases: service %d: %w", in.ServiceID, err)
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO service_contacts (case_id, service_id, held_on, minutes, group_work, language, outcome, staff_id, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
			caseID, ct.ServiceID, ct.HeldOn, ct.Minutes, ct.Group, ct.Language, ct.Outcome, db.NullID(ct.StaffID), ct.CreatedAt).Scan(&ct.ID)
		if err != nil {
			return fmt.Errorf("cases: record contact on %d: %w", caseID, err)
		}
		return s.event(ctx, tx, caseID, "contact", "", ct.ID)
	})
	return ct, err
}

// Contacts returns a case's service contacts, the latest first.
func (s *Store) Contacts(ctx context.Context, caseID int64) ([]Contact, error) {
	if _, err := s.caseFor(ctx, s.db, caseID); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, case_id, service_id, held_on, minutes, group_work, language, outcome, staff_id, created_at
		FROM service_contacts WHERE case_id = $1 ORDER BY held_on DESC, id DESC`, caseID)
	list, err := db.Collect(rows, err, func(row db.Scanner) (Contact, error) {
		var c Contact
		var staff sql.NullInt64
		err := row.Scan(&c.ID, &c.CaseID, &c.ServiceID, &c.HeldOn, &c.Minutes, &c.Group, &c.Language, &c.Outcome, &staff, &c.CreatedAt)
		c.StaffID = staff.Int64
		return c, err
	})
	if err != nil {
		return nil, fmt.Errorf("cases: contacts of %d: %w", caseID, err)
	}
	return list, nil
}
