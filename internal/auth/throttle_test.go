package auth

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"
)

// TestStrangerCannotLockAccountOut: issue 12 item 9. Five wrong passwords
// from one address made the right password fail from every other address.
// Now failures slow the address and the pair (account, address); the
// account as a whole only at AccountFreeAttempts within AccountWindow, and
// that is reported.
func TestStrangerCannotLockAccountOut(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newStore(t, d)
		clock := db.Now()
		s.now = func() time.Time { return clock }
		var reported atomic.Int64
		s.OnAccountThrottled(func() { reported.Add(1) })
		u := newUser(t, s, "aysel@example.az", access.Consultant)
		ctx := context.Background()
		const attacker, user, pw = "203.0.113.66", "10.0.0.2", "correct horse battery"
		login := func(email, password, addr string) error {
			_, err := s.Authenticate(ctx, email, password, addr)
			return err
		}

		for i := range PairFreeAttempts {
			if err := login("aysel@example.az", "wrong guess", attacker); errKey(err) != "auth.error.bad_credentials" {
				t.Fatalf("attacker's failure %d: got %v, want bad credentials", i+1, err)
			}
		}
		// The real user, from their own address, is not kept out.
		if err := login("aysel@example.az", pw, user); err != nil {
			t.Fatalf("right password from another address after %d failures elsewhere: %v", PairFreeAttempts, err)
		}
		// The pair is slowed: even the right password from the attacker's address waits,
		// and the user's success elsewhere did not clear the attacker's count.
		if err := login("aysel@example.az", pw, attacker); errKey(err) != "auth.error.throttled" {
			t.Fatalf("the pair after %d failures: got %v, want throttled", PairFreeAttempts, err)
		}
		// Colleagues behind the same address (an office) may still sign in...
		newUser(t, s, "colleague@example.az", access.Consultant)
		if err := login("colleague@example.az", pw, attacker); err != nil {
			t.Fatalf("another account from the attacker's address before the address limit: %v", err)
		}
		// ...until the address itself has failed AddrFreeAttempts times (spraying many accounts).
		for i := range AddrFreeAttempts {
			s.fail(ctx, fmt.Sprintf("nobody%d@example.az", i), attacker, "auth.login_failed", 0)
		}
		if err := login("colleague@example.az", pw, attacker); errKey(err) != "auth.error.throttled" {
			t.Fatalf("the address after %d failures: got %v, want throttled", AddrFreeAttempts, err)
		}
		if err := login("colleague@example.az", pw, user); err != nil {
			t.Fatalf("the same account from another address: %v", err)
		}
		if reported.Load() != 0 {
			t.Fatalf("the account was reported slowed after %d failures", PairFreeAttempts+AddrFreeAttempts)
		}

		// Past the delays, a distributed attack: failures from many addresses,
		// none of them throttled on its own.
		clock = clock.Add(AccountWindow + time.Minute)
		for i := range AccountFreeAttempts - 1 {
			s.fail(ctx, "aysel@example.az", fmt.Sprintf("198.51.100.%d", i), "auth.login_failed", u.ID)
		}
		if err := login("aysel@example.az", pw, user); err != nil || reported.Load() != 0 {
			t.Fatalf("one failure below the account limit: got %v, %d reports; want success, none", err, reported.Load())
		}
		if err := login("aysel@example.az", "wrong guess", "198.51.100.250"); errKey(err) != "auth.error.bad_credentials" {
			t.Fatalf("failure %d: got %v", AccountFreeAttempts, err)
		}
		// Now the account is slowed from every address, and operators hear of it.
		if err := login("aysel@example.az", pw, "192.0.2.1"); errKey(err) != "auth.error.throttled" {
			t.Fatalf("account after %d failures in an hour: got %v, want throttled", AccountFreeAttempts, err)
		}
		if reported.Load() == 0 {
			t.Fatal("the account's slowdown was not reported")
		}
		clock = clock.Add(FirstDelay + time.Second)
		if err := login("aysel@example.az", pw, user); err != nil {
			t.Fatalf("after the account's delay: %v", err)
		}

		// Deactivated accounts cannot sign in, and look like a wrong password.
		in := UserInput{Email: u.Email, Name: u.Name, Role: u.Role, Active: false}
		if err := s.UpdateUser(system, u.ID, in); err != nil {
			t.Fatal(err)
		}
		if err := login("aysel@example.az", pw, "10.0.0.3"); errKey(err) != "auth.error.bad_credentials" {
			t.Fatalf("inactive: got %v, want bad credentials", err)
		}
	})
}

// TestIPv6NetworkCountsAsOneAddress: one subscriber's /64 holds more
// addresses than anyone could count; rotating through it must not escape
// the address and pair limits.
func TestIPv6NetworkCountsAsOneAddress(t *testing.T) {
	t.Parallel()
	tests := []struct{ addr, want string }{
		{"2001:db8:1:2::1", "2001:db8:1:2::/64"},
		{"2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64"},
		{"203.0.113.66", "203.0.113.66"},
		{"::ffff:203.0.113.66", "::ffff:203.0.113.66"},
		{"not an address", "not an address"},
	}
	for _, tt := range tests {
		if got := throttleAddr(tt.addr); got != tt.want {
			t.Errorf("throttleAddr(%q) = %q, want %q", tt.addr, got, tt.want)
		}
	}
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newStore(t, d)
		newUser(t, s, "aysel@example.az", access.Consultant)
		ctx := context.Background()
		for i := range PairFreeAttempts {
			if _, err := s.Authenticate(ctx, "aysel@example.az", "wrong guess", fmt.Sprintf("2001:db8:1:2::%x", i+1)); errKey(err) != "auth.error.bad_credentials" {
				t.Fatalf("failure %d: %v", i+1, err)
			}
		}
		if _, err := s.Authenticate(ctx, "aysel@example.az", "wrong guess", "2001:db8:1:2::beef"); errKey(err) != "auth.error.throttled" {
			t.Errorf("a fresh address of the same /64: %v, want throttled", err)
		}
		if _, err := s.Authenticate(ctx, "aysel@example.az", "correct horse battery", "2001:db8:9:9::1"); err != nil {
			t.Errorf("the user from another network: %v", err)
		}
	})
}

// TestDeleteOldFailures keeps the failures a throttle may still count and
// drops the older ones.
func TestDeleteOldFailures(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newStore(t, d)
		clock := db.Now()
		s.now = func() time.Time { return clock }
		ctx := context.Background()
		s.fail(ctx, "old@example.az", "203.0.113.1", "auth.login_failed", 0)
		clock = clock.Add(AccountWindow + time.Minute)
		s.fail(ctx, "new@example.az", "203.0.113.1", "auth.login_failed", 0)
		n, err := s.DeleteOldFailures(ctx)
		if err != nil || n != 1 {
			t.Fatalf("DeleteOldFailures = %d, %v; want the one old failure", n, err)
		}
		var left int
		if err := d.QueryRowContext(ctx, `SELECT count(*) FROM login_failures WHERE email = 'new@example.az'`).Scan(&left); err != nil || left != 1 {
			t.Errorf("recent failures left: %d, %v; want 1", left, err)
		}
	})
}
