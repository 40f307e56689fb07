package people

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"inteqra/internal/audit"
	"inteqra/internal/db"
	"inteqra/internal/names"
)

// This file is the registry's API for other features that act inside their
// own transactions, often for someone who is not signed in (a person
// applying on the public portal). These functions check no permission: the
// calling feature has decided that the action is allowed.

// MatchOrRegister finds the person a self-registration describes or registers
// them. A record is taken only on strong evidence: the same birth date, a
// matching name, and the same document number, phone or e-mail, on exactly
// one record. Otherwise a new record is created, and any likely duplicates go
// to the duplicates queue for staff to decide: the applicant never sees
// other people's records.
func (s *Store) MatchOrRegister(ctx context.Context, tx *db.Tx, in Input) (id int64, matched bool, err error) {
	if err := in.Validate(s.now()); err != nil {
		return 0, false, err
	}
	cands, err := s.candidates(ctx, tx, in, 0)
	if err != nil {
		return 0, false, err
	}
	var strong []int64
	for _, c := range cands {
		if s.strongMatch(in, c) {
			strong = append(strong, c.ID)
		}
	}
	if len(strong) == 1 {
		return strong[0], true, nil
	}
	p, err := s.insertPerson(ctx, tx, in)
	if err != nil {
		return 0, false, err
	}
	now := s.now()
	for _, c := range cands {
		_, err := tx.ExecContext(ctx, `INSERT INTO duplicate_pairs (person_a, person_b, score, reasons, state, found_at)
			VALUES ($1, $2, $3, $4, 'open', $5) ON CONFLICT DO NOTHING`,
			min(c.ID, p.ID), max(c.ID, p.ID), c.Score, strings.Join(c.Reasons, ","), now)
		if err != nil {
			return 0, false, fmt.Errorf("people: queue pair: %w", err)
		}
	}
	err = audit.Record(ctx, tx, "person.create", "person", strconv.FormatInt(p.ID, 10), append(in.filled(), "self_registration")...)
	return p.ID, false, err
}

func (s *Store) strongMatch(in Input, c Candidate) bool {
	if !slices.Contains(c.Reasons, "people.why.birth_date") {
		return false
	}
	if !slices.ContainsFunc(c.Reasons, func(r string) bool {
		return r == "people.why.document" || r == "people.why.phone" || r == "people.why.email"
	}) {
		return false
	}
	for _, n := range in.Names {
		if score, _ := nameScore(n.Full(), c.Names); score >= names.Threshold {
			return true
		}
	}
	return false
}

// RecordConsents records consents the person gives themselves (on the public
// portal), skipping purposes already in force.
func (s *Store) RecordConsents(ctx context.Context, tx *db.Tx, personID int64, purposes ...Purpose) error {
	for _, p := range purposes {
		var n int
		err := tx.QueryRowContext(ctx, `SELECT count(*) FROM consents WHERE person_id = $1 AND purpose = $2 AND withdrawn_on IS NULL`,
			personID, p).Scan(&n)
		if err != nil {
			return fmt.Errorf("people: consent %d: %w", personID, err)
		}
		if n > 0 {
			continue
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO consents (person_id, purpose, given_on, created_at) VALUES ($1, $2, $3, $4)`,
			personID, p, dayOf(s.now()), s.now())
		if err != nil {
			return fmt.Errorf("people: record consent %d: %w", personID, err)
		}
		if err := audit.Record(ctx, tx, "consent.give", "person", strconv.FormatInt(personID, 10), "consent."+string(p)); err != nil {
			return err
		}
	}
	return nil
}

// DisplayNames returns the names lists show for the given persons, for
// features that list their learners or clients.
func DisplayNames(ctx context.Context, q db.Querier, ids []int64) (map[int64]string, error) {
	ids = slices.Compact(slices.Sorted(slices.Values(ids)))
	sums, err := summaries(ctx, q, ids)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]string, len(sums))
	for _, sm := range sums {
		out[sm.ID] = sm.DisplayName
	}
	return out, nil
}

// CurrentStatusKinds returns the kinds of the residence statuses a person
// holds on day, for eligibility rules.
func CurrentStatusKinds(ctx context.Context, q db.Querier, personID int64, day time.Time) ([]StatusKind, error) {
	list, err := statuses(ctx, q, personID)
	if err != nil {
		return nil, err
	}
	var kinds []StatusKind
	for _, r := range list {
		if r.CurrentOn(day) && !slices.Contains(kinds, r.Kind) {
			kinds = append(kinds, r.Kind)
		}
	}
	return kinds, nil
}

// SummaryOf returns the name and birth of one person, for documents other
// features issue, such as a certificate.
func SummaryOf(ctx context.Context, q db.Querier, id int64) (Summary, error) {
	sums, err := summaries(ctx, q, []int64{id})
	if err != nil {
		return Summary{}, err
	}
	if len(sums) == 0 {
		return Summary{}, db.ErrNotFound
	}
	return sums[0], nil
}

// Profile is what statistics break figures down by; it carries no name.
type Profile struct {
	Sex          Sex
	Citizenships []string
	Stateless    bool
}

// Profiles returns the sex and citizenships of the given persons, for
// features that publish aggregate figures.
func Profiles(ctx context.Context, q db.Querier, ids []int64) (map[int64]Profile, error) {
	out := make(map[int64]Profile, len(ids))
	ids = slices.Compact(slices.Sorted(slices.Values(ids)))
	for chunk := range slices.Chunk(ids, 500) {
		in, args := inList(chunk)
		rows, err := q.QueryContext(ctx, `SELECT id, sex, stateless FROM persons WHERE id IN (`+in+`)`, args...)
		err = db.Each(rows, err, func(r db.Scanner) error {
			var id int64
			var p Profile
			err := r.Scan(&id, &p.Sex, &p.Stateless)
			out[id] = p
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("people: profiles: %w", err)
		}
		rows, err = q.QueryContext(ctx, `SELECT person_id, country FROM person_citizenships WHERE person_id IN (`+in+`) ORDER BY country`, args...)
		err = db.Each(rows, err, func(r db.Scanner) error {
			var id int64
			var country string
			if err := r.Scan(&id, &country); err != nil {
				return err
			}
			p := out[id]
			p.Citizenships = append(p.Citizenships, country)
			out[id] = p
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("people: profiles: %w", err)
		}
	}
	return out, nil
}
