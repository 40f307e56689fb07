package notify

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/riverqueue/river"

	"inteqra/internal/access"
	"inteqra/internal/db"
)

// State is where an e-mail of the outbox stands.
type State string

// E-mail states: queued for its job, sent, held (no mail server is
// configured), failed (refused for good, or out of attempts), erased (its
// person was erased from the registry).
const (
	Queued State = "queued"
	Sent   State = "sent"
	Held   State = "held"
	Failed State = "failed"
	Erased State = "erased"
)

// ErasePerson erases the e-mails written to a person erased from the
// registry, in the erasure's transaction; one not yet sent never will be.
func (s *Store) ErasePerson(ctx context.Context, tx *db.Tx, personID int64) error {
	if _, err := tx.ExecContext(ctx, `UPDATE outbox SET state = $1, to_address = '', subject = '', text_body = '', html_body = '',
		last_error = '' WHERE person_id = $2`, Erased, personID); err != nil {
		return fmt.Errorf("notify: erase person %d: %w", personID, err)
	}
	return nil
}

// Mail is an e-mail of the outbox.
type Mail struct {
	ID        int64
	Kind      string
	Channel   string // ByEmail or BySMS
	To        string
	Lang      string
	Subject   string
	Text      string
	Hidden    bool // a Secret e-mail: its text is not shown
	State     State
	Attempts  int
	LastError string
	CreatedAt time.Time
	SentAt    time.Time
}

// OutboxPage is how many e-mails the admins' list shows at once.
const OutboxPage = 100

// Outbox returns the latest e-mails, the newest first, for the admins:
// what was sent, what waits, what failed and why.
func (s *Store) Outbox(ctx context.Context) ([]Mail, error) {
	if err := access.Require(ctx, access.ReadOutbox); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, kind, channel, to_address, lang, subject, text_body, state, attempts, last_error, created_at, sent_at
		FROM outbox ORDER BY id DESC LIMIT $1`, OutboxPage)
	list, err := db.Collect(rows, err, func(r db.Scanner) (Mail, error) {
		var m Mail
		var sent sql.NullTime
		err := r.Scan(&m.ID, &m.Kind, &m.Channel, &m.To, &m.Lang, &m.Subject, &m.Text, &m.State, &m.Attempts, &m.LastError, &m.CreatedAt, &sent)
		m.SentAt = sent.Time
		if slices.Contains(Secret, m.Kind) {
			m.Text, m.Hidden = "", true
		}
		return m, err
	})
	if err != nil {
		return nil, fmt.Errorf("notify: outbox: %w", err)
	}
	return list, nil
}

// SendWorker sends the outbox's e-mails.
type SendWorker struct {
	river.WorkerDefaults[SendArgs]
	Store *Store
}

// Work sends one e-mail, recording the attempt. An e-mail already sent is
// not sent again; without a mailer it is held and logged; a refusal for
// good fails it, anything else is retried with River's backoff.
func (w *SendWorker) Work(ctx context.Context, job *river.Job[SendArgs]) error {
	return w.Store.send(ctx, job.Args.OutboxID, job.Attempt >= job.MaxAttempts)
}

func (s *Store) send(ctx context.Context, id int64, last bool) error {
	var m Message
	var state State
	var channel string
	err := s.db.QueryRowContext(ctx, `SELECT channel, to_address, subject, text_body, html_body, state FROM outbox WHERE id = $1`, id).
		Scan(&channel, &m.To, &m.Subject, &m.Text, &m.HTML, &state)
	if errors.Is(db.NotFound(err), db.ErrNotFound) || err == nil && state != Queued {
		return nil // gone or done: nothing to send
	}
	if err != nil {
		return fmt.Errorf("notify: message %d: %w", id, err)
	}
	var sendErr error
	switch {
	case channel == BySMS && s.sms == nil:
		slog.InfoContext(ctx, "text message held: no SMS provider", "outbox", id)
		return s.settle(ctx, id, Held, "", false)
	case channel == BySMS:
		sendErr = s.sms.Send(ctx, m.To, m.Text)
	case s.mailer == nil:
		// Written to the log whole: without a mail server (the demo) the
		// log is where an operator reads a confirmation link.
		slog.InfoContext(ctx, "e-mail held: no mail server configured", "outbox", id, "to", m.To, "subject", m.Subject, "text", m.Text)
		return s.settle(ctx, id, Held, "", false)
	default:
		m.ID, m.From, m.Unsubscribe = fmt.Sprintf("outbox-%d", id), s.from, s.baseURL+"/account/notifications"
		sendErr = s.mailer.Send(ctx, m)
	}
	switch {
	case sendErr == nil:
		return s.settle(ctx, id, Sent, "", true)
	case Permanent(sendErr) || last:
		return errors.Join(s.settle(ctx, id, Failed, sendErr.Error(), true), river.JobCancel(sendErr))
	}
	return errors.Join(s.settle(ctx, id, Queued, sendErr.Error(), true), sendErr)
}

// settle records an attempt (when one was made) and where the e-mail now
// stands, in one transaction.
func (s *Store) settle(ctx context.Context, id int64, state State, failure string, attempted bool) error {
	return s.db.Transact(ctx, func(tx *db.Tx) error {
		now := db.Now()
		if attempted {
			if _, err := tx.ExecContext(ctx, `INSERT INTO outbox_attempts (outbox_id, at, error) VALUES ($1, $2, $3)`, id, now, failure); err != nil {
				return fmt.Errorf("notify: e-mail %d: %w", id, err)
			}
		}
		sent := any(nil)
		if state == Sent {
			sent = now
		}
		inc := 0
		if attempted {
			inc = 1
		}
		if _, err := tx.ExecContext(ctx, `UPDATE outbox SET state = $1, attempts = attempts + $2, last_error = $3, sent_at = $4 WHERE id = $5`,
			state, inc, failure, sent, id); err != nil {
			return fmt.Errorf("notify: e-mail %d: %w", id, err)
		}
		return nil
	})
}
