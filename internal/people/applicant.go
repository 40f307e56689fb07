package people

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"inteqra/internal/audit"
	"inteqra/internal/db"
	"inteqra/internal/names"
)

// A person applying on the public portal is not signed in: the feature
// taking the application (training) finds or registers them here and
// records the consents they give, inside its own transaction. These
// functions check no permission: the calling feature has decided that the
// action is allowed.

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
