package auth

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"
)

func storedSecret(t *testing.T, d *db.DB, id int64) string {
	t.Helper()
	var v string
	if err := d.QueryRowContext(context.Background(), `SELECT totp_secret FROM users WHERE id = $1`, id).Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

// TestTOTPSecretsSealed: issue 12 item 11. TOTP secrets were stored in plain
// text. Now they are sealed with a key outside the database, bound to their
// user, and secrets stored before are sealed at start.
func TestTOTPSecretsSealed(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newStore(t, d)
		clock := time.Date(2026, 12, 2, 9, 0, 5, 0, time.UTC)
		s.now = func() time.Time { return clock }
		u, secret := enrolled(t, s, "admin@example.az", clock)
		v := storedSecret(t, d, u.ID)
		if !strings.HasPrefix(v, sealedPrefix) || strings.Contains(v, secret) {
			t.Fatalf("stored secret %q: want it sealed (%q…), without the plain %q", v, sealedPrefix, secret)
		}

		// A sealed secret moved onto another account does not open there.
		other, _ := enrolled(t, s, "admin2@example.az", clock)
		if _, err := d.ExecContext(ctx, `UPDATE users SET totp_secret = $1 WHERE id = $2`, v, other.ID); err != nil {
			t.Fatal(err)
		}
		other, _ = s.UserByID(ctx, other.ID)
		clock = clock.Add(30 * time.Second)
		code, _ := totp.GenerateCode(secret, clock)
		if err := s.CheckSecondFactor(ctx, other, code, "10.0.0.9"); err == nil {
			t.Error("a secret moved to another user signed that user in")
		}
		// A store with another key cannot open it either.
		if _, err := newStore(t, d).open(u.ID, v); err == nil {
			t.Error("another key opened the secret")
		}

		// A database from before sealing holds the plain secret.
		if _, err := d.ExecContext(ctx, `UPDATE users SET totp_secret = $1 WHERE id = $2`, secret, u.ID); err != nil {
			t.Fatal(err)
		}
		n, err := s.EncryptSecrets(ctx)
		if err != nil || n != 1 {
			t.Fatalf("EncryptSecrets = %d, %v; want 1 sealed", n, err)
		}
		v = storedSecret(t, d, u.ID)
		if !strings.HasPrefix(v, sealedPrefix) || strings.Contains(v, secret) {
			t.Fatalf("after EncryptSecrets the database holds %q, want it sealed", v)
		}
		var plain int
		if err := d.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE totp_secret LIKE '%' || $1 || '%'`, secret).Scan(&plain); err != nil || plain != 0 {
			t.Fatalf("%d rows still hold the plain secret (%v)", plain, err)
		}
		if n, err := s.EncryptSecrets(ctx); err != nil || n != 0 {
			t.Errorf("EncryptSecrets again = %d, %v; want nothing to do", n, err)
		}
		if got := storedSecret(t, d, u.ID); got != v {
			t.Error("a second EncryptSecrets sealed the secret again")
		}
		// Signing in with the app still works.
		u, _ = s.UserByID(ctx, u.ID)
		if err := s.CheckSecondFactor(ctx, u, code, "10.0.0.1"); err != nil {
			t.Errorf("sign in with TOTP after sealing: %v", err)
		}
	})
}

// TestPendingSecretSealed: a secret offered for enrolment is sealed for its
// user only, and does not open as a stored secret (nor the other way round).
func TestPendingSecretSealed(t *testing.T) {
	t.Parallel()
	d := dbtest.SQLite(t)
	s := newStore(t, d)
	const secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
	sealed, err := s.SealPending(7, secret)
	if err != nil || strings.Contains(sealed, secret) {
		t.Fatalf("SealPending = %q, %v; want a sealed value without the secret", sealed, err)
	}
	if got, err := s.OpenPending(7, sealed); err != nil || got != secret {
		t.Errorf("OpenPending = %q, %v; want %q", got, err, secret)
	}
	stored, err := s.seal(7, secret)
	if err != nil {
		t.Fatal(err)
	}
	for name, open := range map[string]func() (string, error){
		"another user":           func() (string, error) { return s.OpenPending(8, sealed) },
		"another key":            func() (string, error) { return newStore(t, d).OpenPending(7, sealed) },
		"as a stored secret":     func() (string, error) { return s.open(7, sealed) },
		"a stored secret":        func() (string, error) { return s.OpenPending(7, stored) },
		"the plain secret":       func() (string, error) { return s.OpenPending(7, secret) },
		"an empty session value": func() (string, error) { return s.OpenPending(7, "") },
	} {
		if got, err := open(); err == nil {
			t.Errorf("%s: opened %q, want an error", name, got)
		}
	}
}
