package people

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"inteqra/internal/db"
)

// Other features show a person's name in their lists and documents and
// check eligibility by residence status without reading the registry's
// tables: they call these inside their own transactions. They check no
// permission: the calling feature has decided that the read is allowed.

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

// EmailIs reports whether a person's e-mail on record is email (compared
// as the registry stores it, trimmed and in lower case), for a feature
// checking that a visitor following up a request of theirs is its author.
func EmailIs(ctx context.Context, q db.Querier, id int64, email string) (bool, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	if email == "" {
		return false, nil
	}
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM persons WHERE id = $1 AND email = $2`, id, email).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("people: e-mail of %d: %w", id, err)
	}
	return n > 0, nil
}

// ConsentsInForce reports, for each of the given persons, whether they have
// a consent for purpose in force, for features that publish or show
// something only with the person's consent (the Council's public list of
// members, their photos).
func ConsentsInForce(ctx context.Context, q db.Querier, ids []int64, purpose Purpose) (map[int64]bool, error) {
	out := make(map[int64]bool, len(ids))
	ids = slices.Compact(slices.Sorted(slices.Values(ids)))
	if len(ids) == 0 {
		return out, nil
	}
	in, args := inList(ids)
	rows, err := q.QueryContext(ctx, `SELECT DISTINCT person_id FROM consents WHERE withdrawn_on IS NULL AND purpose = $`+
		strconv.Itoa(len(ids)+1)+` AND person_id IN (`+in+`)`, append(args, purpose)...)
	err = db.Each(rows, err, func(r db.Scanner) error {
		var id int64
		err := r.Scan(&id)
		out[id] = true
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("people: consents in force: %w", err)
	}
	return out, nil
}

// ProofMatches reports whether the active person id was born on birth and
// holds a document numbered doc, however typed: two of the three proofs by
// which a migrant's account is linked to its person (the third, a
// reference of theirs, the caller has checked).
func ProofMatches(ctx context.Context, q db.Querier, id int64, birth time.Time, doc string) (bool, error) {
	key := documentKey(doc)
	if key == "" {
		return false, nil
	}
	var born sql.NullTime
	err := q.QueryRowContext(ctx, `SELECT birth_date FROM persons WHERE id = $1 AND state = $2`, id, Active).Scan(&born)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("people: proof of %d: %w", id, err)
	}
	if !born.Valid || born.Time.Format(time.DateOnly) != birth.Format(time.DateOnly) {
		return false, nil
	}
	var n int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM person_keys WHERE kind = $1 AND key = $2 AND person_id = $3`,
		keyDocument, key, id).Scan(&n); err != nil {
		return false, fmt.Errorf("people: proof of %d: %w", id, err)
	}
	return n > 0, nil
}

// IsActive reports whether id names an active person (not merged away or
// erased).
func IsActive(ctx context.Context, q db.Querier, id int64) (bool, error) {
	var n int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM persons WHERE id = $1 AND state = $2`, id, Active).Scan(&n); err != nil {
		return false, fmt.Errorf("people: person %d: %w", id, err)
	}
	return n > 0, nil
}

// ContactOf returns the e-mail address and phone number a person left,
// for the features that write to them.
func ContactOf(ctx context.Context, q db.Querier, id int64) (email, phone string, err error) {
	err = q.QueryRowContext(ctx, `SELECT email, phone FROM persons WHERE id = $1`, id).Scan(&email, &phone)
	if err != nil {
		return "", "", fmt.Errorf("people: contact of %d: %w", id, db.NotFound(err))
	}
	return email, phone, nil
}
