package migrants

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"inteqra/internal/auth"
	"inteqra/internal/db"
)

// OwnAccount is a person's own account as their data download shows it:
// the address, how and when it was linked to them, and the requests to be
// linked that it sent.
type OwnAccount struct {
	Email    string       `json:"email"`
	How      string       `json:"linked_by"`
	LinkedAt time.Time    `json:"linked_at"`
	Requests []OwnRequest `json:"link_requests"`
}

// OwnRequest is one of those requests, with what it said and its answer.
type OwnRequest struct {
	Name       string       `json:"name"`
	BirthDate  time.Time    `json:"birth_date"`
	DocumentNo string       `json:"document_no,omitempty"`
	Reference  string       `json:"reference,omitempty"`
	Message    string       `json:"message,omitempty"`
	State      RequestState `json:"state"`
	Reason     string       `json:"reason,omitempty"`
	SentAt     time.Time    `json:"sent_at"`
	DecidedAt  *time.Time   `json:"decided_at,omitempty"`
}

// SelfRecord returns the account linked to personID with its requests,
// nil when the person has none; the caller (mydata) has decided that the
// read is the person's own.
func SelfRecord(ctx context.Context, q db.Querier, personID int64) (*OwnAccount, error) {
	a, err := auth.AccountOf(ctx, q, personID)
	if errors.Is(err, db.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	own := &OwnAccount{Email: a.Email, How: a.How, LinkedAt: a.LinkedAt}
	rows, err := q.QueryContext(ctx, `SELECT name, birth_date, document_no, reference, message, state, reason, created_at, decided_at
		FROM link_requests WHERE user_id = $1 ORDER BY id DESC`, a.UserID)
	own.Requests, err = db.Collect(rows, err, func(r db.Scanner) (OwnRequest, error) {
		var o OwnRequest
		var decided sql.NullTime
		err := r.Scan(&o.Name, &o.BirthDate, &o.DocumentNo, &o.Reference, &o.Message, &o.State, &o.Reason, &o.SentAt, &decided)
		if decided.Valid {
			o.DecidedAt = &decided.Time
		}
		return o, err
	})
	if err != nil {
		return nil, fmt.Errorf("migrants: own requests of %d: %w", personID, err)
	}
	return own, nil
}
