package auth

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net/netip"
	"slices"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/audit"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
)

// Throttling. A failure slows down the address that made it and the pair
// (account, address); it does not lock the account, or a stranger guessing
// from one address would keep the real user out. Past its free attempts
// within its window, each further attempt of a scope must wait; the wait
// doubles with every failure, from FirstDelay up to MaxDelay. The account
// as a whole is slowed only at a count that no user reaches by mistyping
// (AccountFreeAttempts within AccountWindow): that is an attack spread over
// many addresses, and it is logged and reported to OnAccountThrottled.
// The failures are rows in the database, so every node sees them.
const (
	PairFreeAttempts    = 5
	AddrFreeAttempts    = 20 // an office behind one address shares it
	AccountFreeAttempts = 100
	Window              = 30 * time.Minute
	AccountWindow       = time.Hour
	FirstDelay          = time.Minute
	MaxDelay            = 15 * time.Minute
)

// ErrBadCredentials is what a wrong e-mail, a wrong password and an inactive
// account all look like from outside, so the form does not reveal which accounts exist.
var ErrBadCredentials = i18n.Errorf("auth.error.bad_credentials")

// ErrUnconfirmed refuses the sign-in of an account whose address is not
// confirmed yet; only the account's password reaches it.
var ErrUnconfirmed = i18n.Errorf("auth.error.unconfirmed")

// Authenticate checks an e-mail address and password from addr. It refuses
// without checking when the pair, the address or the account is throttled, records
// every failure, and returns the user on success. The second factor is
// checked separately by CheckSecondFactor.
func (s *Store) Authenticate(ctx context.Context, email, password, addr string) (User, error) {
	email = normaliseEmail(email)
	if len(email) > 254 {
		email = email[:254]
	}
	addr = throttleAddr(addr)
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
	if !ok || !u.Active || u.Service {
		s.fail(ctx, email, addr, "auth.login_failed", u.ID)
		return User{}, ErrBadCredentials
	}
	if !u.Confirmed {
		// The right password of an account whose address is not confirmed:
		// the link goes out again, and the account waits for it.
		if err := s.ResendConfirmation(ctx, u); err != nil {
			return User{}, err
		}
		return User{}, ErrUnconfirmed
	}
	err = s.db.Transact(ctx, func(tx *db.Tx) error {
		// The right password clears this address's failures on the account,
		// not an attacker's elsewhere, which must keep counting.
		if _, err := tx.ExecContext(ctx, `DELETE FROM login_failures WHERE email = $1 AND addr = $2`, email, addr); err != nil {
			return err
		}
		if err := audit.RecordAs(ctx, tx, u.ID, u.Email, "auth.login", "user", fmt.Sprint(u.ID)); err != nil {
			return err
		}
		return s.tellAdminSignIn(ctx, tx, u, addr)
	})
	if err != nil {
		return User{}, fmt.Errorf("auth: authenticate %d: %w", u.ID, err)
	}
	return u, nil
}

// throttleAddr is the address failures are counted against: an IPv4
// address as it is, an IPv6 address by its /64 network, which one
// subscriber usually holds whole, so that rotating through it buys an
// attacker no fresh addresses.
func throttleAddr(addr string) string {
	ip, err := netip.ParseAddr(addr)
	if err != nil || !ip.Is6() || ip.Is4In6() {
		return addr
	}
	p, _ := ip.Prefix(64)
	return p.String()
}

// dummyHash is checked against when no account matches, to even out timing.
var dummyHash, _ = HashPassword("not a real password at all")

// throttle is one scope that failures slow down.
type throttle struct {
	where   string // condition on login_failures, with $1 (and $2)
	args    []any
	free    int
	window  time.Duration
	account bool
}

// throttled returns how long an attempt at email from addr must still wait:
// the longest wait of the pair, the address and the account.
func (s *Store) throttled(ctx context.Context, email, addr string) (time.Duration, error) {
	now := s.now()
	var wait time.Duration
	for _, t := range []throttle{
		{where: `email = $1 AND addr = $2`, args: []any{email, addr}, free: PairFreeAttempts, window: Window},
		{where: `addr = $1`, args: []any{addr}, free: AddrFreeAttempts, window: Window},
		{where: `email = $1`, args: []any{email}, free: AccountFreeAttempts, window: AccountWindow, account: true},
	} {
		n, last, err := s.recentFailures(ctx, t, now.Add(-t.window))
		if err != nil {
			return 0, err
		}
		if n < t.free {
			continue
		}
		delay := min(FirstDelay<<min(n-t.free, 10), MaxDelay)
		w := last.Add(delay).Sub(now)
		if w <= 0 {
			continue
		}
		if t.account {
			slog.WarnContext(ctx, "sign-in slowed for the account from every address: many failures from many addresses",
				"email", email, "failures", n, "window", t.window, "addr", addr)
			s.onAccountThrottled()
		}
		wait = max(wait, w)
	}
	return wait, nil
}

// OnAccountThrottled registers f to be called whenever an attempt is refused
// because its account as a whole is slowed; the web layer counts these in
// /metrics so operators see an attack on an account.
func (s *Store) OnAccountThrottled(f func()) { s.onAccountThrottled = f }

// fail records a failed attempt in the throttle table and the audit log. A
// throttled attempt is logged but not counted, or the wait would never end.
func (s *Store) fail(ctx context.Context, email, addr, action string, userID int64) {
	slog.WarnContext(ctx, "sign-in failed", "email", email, "addr", addr, "action", action)
	err := s.db.Transact(ctx, func(tx *db.Tx) error {
		if action != "auth.login_throttled" {
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

// recentFailures returns how many failures the scope t has had since since
// (counting no further than the scope needs), and when the last one was.
func (s *Store) recentFailures(ctx context.Context, t throttle, since time.Time) (int, time.Time, error) {
	args := append(slices.Clip(t.args), since, t.free+11)
	n := len(t.args)
	query := fmt.Sprintf(`SELECT at FROM login_failures WHERE %s AND at > $%d ORDER BY at DESC LIMIT $%d`, t.where, n+1, n+2)
	var count int
	var last time.Time
	rows, err := s.db.QueryContext(ctx, query, args...)
	err = db.Each(rows, err, func(r db.Scanner) error {
		var at time.Time
		if err := r.Scan(&at); err != nil {
			return err
		}
		if count == 0 {
			last = at
		}
		count++
		return nil
	})
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("auth: throttle: %w", err)
	}
	return count, last, nil
}

// Logout records that the signed-in user signed out.
func (s *Store) Logout(ctx context.Context) error {
	id := access.From(ctx).UserID
	return s.db.Transact(ctx, func(tx *db.Tx) error {
		return audit.Record(ctx, tx, "auth.logout", "user", fmt.Sprint(id))
	})
}

// DeleteOldFailures removes the failed sign-ins older than any throttle
// looks back (AccountWindow), so the table keeps only what can still slow
// someone down. The server sweeps it with the expired sessions.
func (s *Store) DeleteOldFailures(ctx context.Context) (int64, error) {
	res, err := s.db.ExecContext(ctx, `DELETE FROM login_failures WHERE at < $1`, s.now().Add(-AccountWindow))
	if err != nil {
		return 0, fmt.Errorf("auth: delete old failures: %w", err)
	}
	return res.RowsAffected()
}
