package notify

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"inteqra/internal/db"
)

// OwnMessage is an e-mail or text message written to a person.
type OwnMessage struct {
	Channel string    `json:"channel"`
	To      string    `json:"to"`
	Subject string    `json:"subject,omitempty"`
	Body    string    `json:"body"`
	State   string    `json:"state"`
	Written time.Time `json:"written_at"`
	SentAt  time.Time `json:"sent_at,omitzero"`
}

// SelfRecord reads the messages written to personID (the outbox rows of
// the person), for the person themselves. It checks no permission: the
// caller (mydata) has made sure that personID is the signed-in migrant's
// own.
func SelfRecord(ctx context.Context, q db.Querier, personID int64) ([]OwnMessage, error) {
	rows, err := q.QueryContext(ctx, `SELECT channel, to_address, subject, text_body, state, created_at, sent_at
		FROM outbox WHERE person_id = $1 AND state <> 'erased' ORDER BY created_at DESC, id DESC`, personID)
	list, err := db.Collect(rows, err, func(r db.Scanner) (OwnMessage, error) {
		var m OwnMessage
		var sent sql.NullTime
		err := r.Scan(&m.Channel, &m.To, &m.Subject, &m.Body, &m.State, &m.Written, &sent)
		m.Written = m.Written.UTC()
		if sent.Valid {
			m.SentAt = sent.Time.UTC()
		}
		return m, err
	})
	if err != nil {
		return nil, fmt.Errorf("notify: messages to person %d: %w", personID, err)
	}
	return list, nil
}
