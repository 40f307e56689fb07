package people

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/audit"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/jobs"
)

// Store reads and writes the registry.
type Store struct {
	db            *db.DB
	now           func() time.Time
	mergeHooks    []MergeHook
	withdrawHooks []WithdrawHook
	eraseHooks    []EraseHook
	jobs          *jobs.Queue // runs the duplicate scans asked for; nil runs none
}

// NewStore returns a Store on d whose duplicate scans asked for run as
// jobs in j; with j nil a scan can only be run in the foreground
// (ScanDuplicates), as the command line and tests do.
func NewStore(d *db.DB, j *jobs.Queue) *Store { return &Store{db: d, now: db.Now, jobs: j} }

// ErrPossibleDuplicate is returned by CreatePerson when the input looks like
// an existing record and no reason was given to save it anyway.
var ErrPossibleDuplicate = i18n.Errorf("people.error.possible_duplicate")

func nullDate(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC()
}

// CreatePerson registers a person. When the input looks like existing
// records it returns them with ErrPossibleDuplicate and saves nothing, unless
// in.DuplicateReason says why this is someone else.
func (s *Store) CreatePerson(ctx context.Context, in Input) (Person, []Candidate, error) {
	if err := access.Require(ctx, access.WritePeople); err != nil {
		return Person{}, nil, err
	}
	// The region is checked with the rest so that the form shows every
	// problem at once; insertPerson checks it again in the transaction.
	if err := errors.Join(in.Validate(s.now()), in.CheckScripts(), checkRegion(ctx, s.db, "people.region", in.RegionID)); err != nil {
		return Person{}, nil, err
	}
	cands, err := s.candidates(ctx, s.db, in, 0)
	if err != nil {
		return Person{}, nil, err
	}
	if len(cands) > 0 && in.DuplicateReason == "" {
		return Person{}, cands, ErrPossibleDuplicate
	}
	var p Person
	err = s.db.Transact(ctx, func(tx *db.Tx) error {
		var err error
		p, err = s.insertPerson(ctx, tx, in)
		if err != nil {
			return err
		}
		fields := in.filled()
		if len(cands) > 0 {
			fields = append(fields, "duplicate_reason")
		}
		return audit.Record(ctx, tx, "person.create", "person", strconv.FormatInt(p.ID, 10), fields...)
	})
	return p, cands, err
}

// insertPerson writes a validated person with names, codes and keys.
func (s *Store) insertPerson(ctx context.Context, tx *db.Tx, in Input) (Person, error) {
	if err := checkRegion(ctx, tx, "people.region", in.RegionID); err != nil {
		return Person{}, err
	}
	now := s.now()
	p := Person{
		State: Active, DisplayName: displayName(in.Names), Names: in.Names, Sex: in.Sex, BirthDate: in.birthDate,
		BirthYear: in.BirthYear, Stateless: in.Stateless, Citizenships: in.Citizenships, Languages: in.Languages,
		Script: in.Script, Education: in.Education, Phone: in.Phone, Email: in.Email, Address: in.Address,
		RegionID: in.RegionID, CreatedAt: now, UpdatedAt: now,
	}
	err := tx.QueryRowContext(ctx, `
		INSERT INTO persons (state, display_name, sex, birth_date, birth_year, stateless, education, script, phone, email,
			address, region_id, created_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) RETURNING id`,
		p.State, p.DisplayName, p.Sex, nullDate(p.BirthDate), db.NullID(int64(p.BirthYear)), p.Stateless, p.Education, p.Script,
		p.Phone, p.Email, p.Address, db.NullID(p.RegionID), db.NullID(access.From(ctx).UserID), now).Scan(&p.ID)
	if err != nil {
		return p, fmt.Errorf("people: insert person: %w", err)
	}
	if err := insertDetails(ctx, tx, p); err != nil {
		return p, err
	}
	if err := addDocument(ctx, tx, p.ID, in.DocumentNo); err != nil {
		return p, err
	}
	return p, updateKeys(ctx, tx, p.ID, nil)
}

func insertDetails(ctx context.Context, tx *db.Tx, p Person) error {
	for _, n := range p.Names {
		_, err := tx.ExecContext(ctx, `INSERT INTO person_names (person_id, kind, surname, given, patronymic) VALUES ($1, $2, $3, $4, $5)`,
			p.ID, n.Kind, n.Surname, n.Given, n.Patronymic)
		if err != nil {
			return fmt.Errorf("people: insert name %d: %w", p.ID, err)
		}
	}
	for _, c := range p.Citizenships {
		if _, err := tx.ExecContext(ctx, `INSERT INTO person_citizenships (person_id, country) VALUES ($1, $2)`, p.ID, c); err != nil {
			return fmt.Errorf("people: insert citizenship %d: %w", p.ID, err)
		}
	}
	for _, l := range p.Languages {
		if _, err := tx.ExecContext(ctx, `INSERT INTO person_languages (person_id, language) VALUES ($1, $2)`, p.ID, l); err != nil {
			return fmt.Errorf("people: insert language %d: %w", p.ID, err)
		}
	}
	return nil
}

const personColumns = `id, state, merged_into, display_name, sex, birth_date, birth_year, stateless, education, script,
	phone, email, address, region_id, created_at, updated_at`

func scanPerson(row interface{ Scan(...any) error }) (Person, error) {
	var p Person
	var merged, region, year sql.NullInt64
	var birth sql.NullTime
	err := row.Scan(&p.ID, &p.State, &merged, &p.DisplayName, &p.Sex, &birth, &year, &p.Stateless, &p.Education, &p.Script,
		&p.Phone, &p.Email, &p.Address, &region, &p.CreatedAt, &p.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		err = db.ErrNotFound
	}
	p.MergedInto, p.RegionID, p.BirthYear = merged.Int64, region.Int64, int(year.Int64)
	if birth.Valid {
		p.BirthDate = birth.Time.UTC()
	}
	return p, err
}

// Person returns the whole record with id. Every view is written to the
// audit log: who looked, and when.
func (s *Store) Person(ctx context.Context, id int64) (Person, error) {
	if err := access.Require(ctx, access.ReadPeople); err != nil {
		return Person{}, err
	}
	var p Person
	err := s.db.Transact(ctx, func(tx *db.Tx) error {
		var err error
		if p, err = loadPerson(ctx, tx, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "person.view", "person", strconv.FormatInt(id, 10))
	})
	return p, err
}

func loadPerson(ctx context.Context, q db.Querier, id int64) (Person, error) {
	p, err := scanPerson(q.QueryRowContext(ctx, `SELECT `+personColumns+` FROM persons WHERE id = $1`, id))
	if err != nil {
		return p, fmt.Errorf("people: person %d: %w", id, err)
	}
	if p.Names, err = personNames(ctx, q, id); err != nil {
		return p, err
	}
	if p.Citizenships, err = codesOf(ctx, q, `SELECT country FROM person_citizenships WHERE person_id = $1 ORDER BY country`, id); err != nil {
		return p, err
	}
	if p.Languages, err = codesOf(ctx, q, `SELECT language FROM person_languages WHERE person_id = $1 ORDER BY language`, id); err != nil {
		return p, err
	}
	if p.Documents, err = codesOf(ctx, q, `SELECT document_no FROM person_documents WHERE person_id = $1 ORDER BY document_no`, id); err != nil {
		return p, err
	}
	return p, nil
}

func personNames(ctx context.Context, q db.Querier, id int64) ([]Name, error) {
	rows, err := q.QueryContext(ctx, `SELECT kind, surname, given, patronymic FROM person_names WHERE person_id = $1 ORDER BY id`, id)
	list, err := db.Collect(rows, err, func(r db.Scanner) (n Name, err error) {
		err = r.Scan(&n.Kind, &n.Surname, &n.Given, &n.Patronymic)
		return n, err
	})
	if err != nil {
		return nil, fmt.Errorf("people: names %d: %w", id, err)
	}
	return list, nil
}

func codesOf(ctx context.Context, q db.Querier, query string, id int64) ([]string, error) {
	rows, err := q.QueryContext(ctx, query, id)
	list, err := db.Collect(rows, err, func(r db.Scanner) (c string, err error) {
		err = r.Scan(&c)
		return c, err
	})
	if err != nil {
		return nil, fmt.Errorf("people: codes %d: %w", id, err)
	}
	return list, nil
}

// History returns the audit events about a person, newest first: who
// registered, changed and viewed the record.
func (s *Store) History(ctx context.Context, id int64) ([]audit.Event, error) {
	if err := access.Require(ctx, access.ReadPeople); err != nil {
		return nil, err
	}
	return audit.History(ctx, s.db, "person", strconv.FormatInt(id, 10), 100)
}

// CountPersons returns how many records the registry holds; the demo
// command uses it to seed only an empty registry.
func (s *Store) CountPersons(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM persons`).Scan(&n)
	return n, err
}

// AuditFields lists every field name the registry writes into the audit log
// about a person, so that the person's history can name each in the
// reader's language (catalogue key audit.field.<name>) and a test can hold
// the catalogues to it.
func AuditFields() []string {
	fields := []string{"names", "sex", "birth", "citizenships", "languages", "script", "education", "phone", "email",
		"address", "region", "document_no", "self_registration", "reason", "personal_data", "family", "state",
		"merged_into", "duplicate_pairs", "kind", "ground", "dates", "statuses", "consents"}
	for _, p := range Purposes {
		fields = append(fields, "consent."+string(p))
	}
	return fields
}
