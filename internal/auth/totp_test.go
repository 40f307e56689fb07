package auth

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"inteqra/internal/access"
	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"
)

// enrolled returns an admin who enrolled TOTP with the code of the step at
// clock, and the secret.
func enrolled(t *testing.T, s *Store, email string, clock time.Time) (User, string) {
	t.Helper()
	u := newUser(t, s, email, access.Admin)
	e, err := NewEnrolment(u)
	if err != nil {
		t.Fatal(err)
	}
	code, _ := totp.GenerateCode(e.Secret, clock)
	if _, err := s.ConfirmEnrolment(access.With(context.Background(), u.Principal()), u.ID, e.Secret, code); err != nil {
		t.Fatal(err)
	}
	u, err = s.UserByID(context.Background(), u.ID)
	if err != nil {
		t.Fatal(err)
	}
	return u, e.Secret
}

// TestTOTPCodeWorksOnce: issue 12 item 1. The same code signed in three
// sessions within its window, and the enrolment code signed in again. Now a
// code's time step must be later than the last one accepted, held in the
// database so that every node (here: a second store on the same database)
// refuses it, and taken by one conditional update so that racers cannot
// both win.
func TestTOTPCodeWorksOnce(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		key := make([]byte, 32)
		clock := time.Date(2026, 12, 2, 9, 0, 5, 0, time.UTC)
		node := func() *Store {
			s, err := NewStore(d, key)
			if err != nil {
				t.Fatal(err)
			}
			s.now = func() time.Time { return clock }
			return s
		}
		a, b := node(), node()
		u, secret := enrolled(t, a, "admin@example.az", clock)
		ctx := context.Background()
		code := func(at time.Time) string { c, _ := totp.GenerateCode(secret, at); return c }

		// The code that enrolled, still inside its window.
		if err := a.CheckSecondFactor(ctx, u, code(clock), "10.0.0.1"); errKey(err) != "auth.error.code_used" {
			t.Fatalf("the enrolment code again: got %v, want code_used", err)
		}
		// A new code signs in once, on one node; not again on any node.
		clock = clock.Add(30 * time.Second)
		next := code(clock)
		if err := a.CheckSecondFactor(ctx, u, next, "10.0.0.1"); err != nil {
			t.Fatalf("a fresh code: %v", err)
		}
		for i, s := range []*Store{a, b, b} {
			if err := s.CheckSecondFactor(ctx, u, next, "10.0.0.2"); errKey(err) != "auth.error.code_used" {
				t.Errorf("replay %d of a used code: got %v, want code_used", i+1, err)
			}
		}
		// An older code, still within the clock skew, is refused too: a
		// step at or before the last accepted one.
		clock = clock.Add(30 * time.Second)
		if err := b.CheckSecondFactor(ctx, u, code(clock.Add(-60*time.Second)), "10.0.0.3"); errKey(err) == "" {
			t.Error("a code older than the last accepted one was accepted")
		}
		// Two nodes racing with the same fresh code: exactly one wins.
		fresh := code(clock)
		var wg sync.WaitGroup
		results := make(chan error, 8)
		for i := range 8 {
			s := []*Store{a, b}[i%2]
			addr := fmt.Sprintf("10.0.1.%d", i) // each racer its own address, so none is throttled
			wg.Go(func() { results <- s.CheckSecondFactor(ctx, u, fresh, addr) })
		}
		wg.Wait()
		close(results)
		wins := 0
		for err := range results {
			switch {
			case err == nil:
				wins++
			case errKey(err) != "auth.error.code_used":
				t.Errorf("racer: got %v, want nil or code_used", err)
			}
		}
		if wins != 1 {
			t.Errorf("%d racers signed in with one code, want 1", wins)
		}
		// Recovery codes still work once, whatever the TOTP step.
		u2, _ := enrolled(t, a, "admin2@example.az", clock)
		codes, err := a.ConfirmEnrolment(access.With(ctx, u2.Principal()), u2.ID, secret, code(clock.Add(30*time.Second)))
		if err != nil {
			t.Fatal(err)
		}
		u2, _ = a.UserByID(ctx, u2.ID)
		if err := b.CheckSecondFactor(ctx, u2, codes[3], "10.0.0.4"); err != nil {
			t.Errorf("recovery code: %v", err)
		}
		if err := a.CheckSecondFactor(ctx, u2, strings.ToUpper(codes[3]), "10.0.0.4"); errKey(err) != "auth.error.code_invalid" {
			t.Errorf("recovery code again: got %v, want code_invalid", err)
		}
	})
}
