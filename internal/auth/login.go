package auth

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/audit"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
)

// Throttling: after FreeAttempts failures within Window, for the account or
// for the source address, each further attempt must wait; the wait doubles
// with every failure up to MaxDelay.
const (
	FreeAttempts = 5
	Window       = 30 * time.Minute
	FirstDelay   = time.Minute
	MaxDelay     = 15 * time.Minute
)

// ErrBadCredentials is what a wrong e-mail, a wrong password and an inactive
// account all look like from outside, so the form does not reveal which accounts exist.
var ErrBadCredentials = i18n.Errorf("auth.error.bad_credentials")

// Authenticate checks an e-mail address and password from addr. It refuses
// without checking when the account or the address is throttled, records
// every failure, and returns the user on success. The second factor is
// checked separately by CheckSecondFactor.
func (s *Store) Authenticate(ctx context.Context, email, password, addr string) (User, error) {
	email = normaliseEmail(email)
	if len(email) > 254 {
		email = email[:254]
	}
	if wait, err := s.throttled(ctx, email, addr); err != nil {
		return User{}, err
	} else if wait > 0 {
		minutes := int(math.Ceil(wait.Minutes()))
		s.fail(ctx, email, addr, "auth.login_throttled", 0)
		return User{}, i18n.Errorf("auth.error.throttled", "Minutes", minutes)
	}
	u, err := s.userByEmail(ctx, s.db, email)
	if err != nil && !errors.Is(err, db.ErrNotFound) {
		return User{}, fmt.Errorf("auth: authenticate: %w", err)
	}
	ok := false
	if err == nil {
		ok, err = CheckPassword(u.passwordHash, password)
		if err != nil {
			return User{}, fmt.Errorf("auth: authenticate %d: %w", u.ID, err)
		}
	} else {
		// Spend the same time as for a real account so timing reveals nothing.
		_, _ = CheckPassword(dummyHash, password)
	}
	if !ok || !u.Active {
		s.fail(ctx, email, addr, "auth.login_failed", u.ID)
		return User{}, ErrBadCredentials
	}
	err = s.db.Transact(ctx, func(tx *db.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM login_failures WHERE email = $1`, email); err != nil {
			return err
		}
		return audit.RecordAs(ctx, tx, u.ID, u.Email, "auth.login", "user", fmt.Sprint(u.ID))
	})
	if err != nil {
		return User{}, fmt.Errorf("auth: authenticate %d: %w", u.ID, err)
	}
	return u, nil
}

// dummyHash is checked against when no account matches, to even out timing.
var dummyHash, _ = HashPassword("not a real password at all")

// throttled returns how long the account or address must still wait.
func (s *Store) throttled(ctx context.Context, email, addr string) (time.Duration, error) {
	now := s.now()
	var wait time.Duration
	for _, q := range []struct{ column, value string }{{"email", email}, {"addr", addr}} {
		n, last, err := s.recentFailures(ctx, q.column, q.value, now.Add(-Window))
		if err != nil {
			return 0, err
		}
		if n < FreeAttempts {
			continue
		}
		delay := FirstDelay << min(n-FreeAttempts, 10)
		delay = min(delay, MaxDelay)
		if w := last.Add(delay).Sub(now); w > wait {
			wait = w
		}
	}
	return wait, nil
}

// fail records a failed attempt in the throttle table and the audit log. A
// throttled attempt is logged but not counted, or the wait would never end.
func (s *Store) fail(ctx context.Context, email, addr, action string, userID int64) {
	slog.WarnContext(ctx, "sign-in failed", "email", email, "addr", addr, "action", action)
	err := s.db.Transact(ctx, func(tx *db.Tx) error {
		if action == "auth.login_failed" {
			if _, err := tx.ExecContext(ctx, `INSERT INTO login_failures (email, addr, at) VALUES ($1, $2, $3)`, email, addr, s.now()); err != nil {
				return err
			}
		}
		return audit.RecordAs(ctx, tx, userID, email, action, "user", fmt.Sprint(userID))
	})
	if err != nil {
		slog.ErrorContext(ctx, "record failed sign-in", "err", err)
	}
}

// recentFailures returns how many failures column = value has had since
// since, and when the last one was.
func (s *Store) recentFailures(ctx context.Context, column, value string, since time.Time) (int, time.Time, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT at FROM login_failures WHERE `+column+` = $1 AND at > $2 ORDER BY at DESC LIMIT 100`, value, since)
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("auth: throttle: %w", err)
	}
	defer rows.Close()
	var n int
	var last time.Time
	for rows.Next() {
		var at time.Time
		if err := rows.Scan(&at); err != nil {
			return 0, time.Time{}, fmt.Errorf("auth: throttle: %w", err)
		}
		if n == 0 {
			last = at
		}
		n++
	}
	return n, last, rows.Err()
}

// Logout records that the signed-in user signed out.
func (s *Store) Logout(ctx context.Context) error {
	id := access.From(ctx).UserID
	return s.db.Transact(ctx, func(tx *db.Tx) error {
		return audit.Record(ctx, tx, "auth.logout", "user", fmt.Sprint(id))
	})
}
