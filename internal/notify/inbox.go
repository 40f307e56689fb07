package notify

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
)

// Notification is an event told to a user in the app.
type Notification struct {
	ID        int64
	Kind      string
	Args      map[string]string
	Link      string
	CreatedAt time.Time
	Read      bool
}

// Text is what the notification says, in the reader's language.
func (n Notification) Text(p *i18n.Printer) string {
	return p.T("notify."+n.Kind+".subject", texts(p, n.Args)...)
}

// ListSize is how many notifications the list shows, the newest first.
const ListSize = 100

// Unread counts the signed-in user's unread notifications, for the bell;
// a visitor has none.
func (s *Store) Unread(ctx context.Context) (int, error) {
	me := access.From(ctx)
	if !me.SignedIn() || me.UserID == 0 {
		return 0, nil
	}
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL`, me.UserID).Scan(&n); err != nil {
		return 0, fmt.Errorf("notify: unread: %w", err)
	}
	return n, nil
}

// Notifications returns the signed-in user's latest notifications.
func (s *Store) Notifications(ctx context.Context) ([]Notification, error) {
	me := access.From(ctx)
	if !me.SignedIn() || me.UserID == 0 {
		return nil, access.ErrUnauthenticated
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, kind, args, link, created_at, read_at IS NOT NULL FROM notifications
		WHERE user_id = $1 ORDER BY id DESC LIMIT $2`, me.UserID, ListSize)
	list, err := db.Collect(rows, err, func(r db.Scanner) (Notification, error) {
		var n Notification
		var args string
		if err := r.Scan(&n.ID, &n.Kind, &args, &n.Link, &n.CreatedAt, &n.Read); err != nil {
			return n, err
		}
		return n, json.Unmarshal([]byte(args), &n.Args)
	})
	if err != nil {
		return nil, fmt.Errorf("notify: notifications: %w", err)
	}
	return list, nil
}

// MarkRead marks one of the signed-in user's notifications read and
// returns it; anyone else's answers as missing.
func (s *Store) MarkRead(ctx context.Context, id int64) (Notification, error) {
	me := access.From(ctx)
	if !me.SignedIn() || me.UserID == 0 {
		return Notification{}, access.ErrUnauthenticated
	}
	var n Notification
	err := s.db.Transact(ctx, func(tx *db.Tx) error {
		var args string
		err := tx.QueryRowContext(ctx, `SELECT id, kind, args, link, created_at FROM notifications WHERE id = $1 AND user_id = $2`,
			id, me.UserID).Scan(&n.ID, &n.Kind, &args, &n.Link, &n.CreatedAt)
		if err != nil {
			return fmt.Errorf("notify: notification %d: %w", id, db.NotFound(err))
		}
		if err := json.Unmarshal([]byte(args), &n.Args); err != nil {
			return fmt.Errorf("notify: notification %d: %w", id, err)
		}
		n.Read = true
		_, err = tx.ExecContext(ctx, `UPDATE notifications SET read_at = $1 WHERE id = $2 AND read_at IS NULL`, db.Now(), id)
		return err
	})
	return n, err
}

// MarkAllRead marks every notification of the signed-in user read.
func (s *Store) MarkAllRead(ctx context.Context) error {
	me := access.From(ctx)
	if !me.SignedIn() || me.UserID == 0 {
		return access.ErrUnauthenticated
	}
	if _, err := s.db.ExecContext(ctx, `UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL`,
		db.Now(), me.UserID); err != nil {
		return fmt.Errorf("notify: mark read: %w", err)
	}
	return nil
}
