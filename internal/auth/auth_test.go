package auth

import (
	"context"
	"crypto/rand"
	"errors"
	"testing"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/pquerna/otp/totp"

	"inteqra/internal/access"
	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"
	"inteqra/internal/i18n"
)

var system = access.With(context.Background(), access.System())

// newStore returns a Store on d with a fresh random secret key.
func newStore(t *testing.T, d *db.DB) *Store {
	t.Helper()
	key := make([]byte, 32)
	rand.Read(key)
	s, err := NewStore(d, key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func newUser(t *testing.T, s *Store, email string, role access.Role) User {
	t.Helper()
	u, err := s.CreateUser(system, UserInput{Email: email, Name: "Aysel Məmmədova", Role: role, Active: true}, "correct horse battery", false)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func errKey(err error) string {
	var e *i18n.Error
	if errors.As(err, &e) {
		return e.Key
	}
	if err == nil {
		return ""
	}
	return err.Error()
}

func TestCreateUserValidation(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newStore(t, d)
		newUser(t, s, "Aysel@Example.az ", access.Consultant)
		tests := []struct {
			name string
			in   UserInput
			pw   string
			want string
		}{
			{"empty e-mail", UserInput{Name: "X", Role: access.Consultant}, "long enough pw", "users.error.email_required"},
			{"bad e-mail", UserInput{Email: "not-an-address", Name: "X", Role: access.Consultant}, "long enough pw", "users.error.email_invalid"},
			{"no name", UserInput{Email: "a@b.az", Role: access.Consultant}, "long enough pw", "users.error.name_required"},
			{"bad role", UserInput{Email: "a@b.az", Name: "X", Role: "king"}, "long enough pw", "users.error.role_invalid"},
			{"partner without organisation", UserInput{Email: "a@b.az", Name: "X", Role: access.PartnerOfficer}, "long enough pw", "users.error.organisation_required"},
			{"short password", UserInput{Email: "a@b.az", Name: "X", Role: access.Consultant}, "short", "auth.error.password_short"},
			{"taken e-mail, other case", UserInput{Email: "AYSEL@example.az", Name: "X", Role: access.Consultant}, "long enough pw", "users.error.email_taken"},
		}
		for _, tt := range tests {
			_, err := s.CreateUser(system, tt.in, tt.pw, false)
			if got := errKey(err); got != tt.want {
				t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
			}
		}
		consultant := access.With(context.Background(), access.Principal{UserID: 1, Role: access.Consultant})
		if _, err := s.CreateUser(consultant, UserInput{Email: "x@y.az", Name: "X", Role: access.Admin}, "long enough pw", false); !errors.Is(err, access.ErrForbidden) {
			t.Errorf("consultant CreateUser: got %v, want ErrForbidden", err)
		}
		if n, _ := s.CountUsers(context.Background()); n != 1 {
			t.Errorf("got %d users, want 1: refused input must change nothing", n)
		}
	})
}

func TestTOTPEnrolmentAndRecovery(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newStore(t, d)
		u := newUser(t, s, "admin@example.az", access.Admin)
		if !u.NeedsMFAEnrolment() {
			t.Fatal("a new admin must enrol a second factor")
		}
		ctx := access.With(context.Background(), u.Principal())
		e, err := NewEnrolment(u)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.ConfirmEnrolment(ctx, u.ID, e.Secret, "000000"); errKey(err) != "auth.error.code_invalid" {
			t.Fatalf("wrong code: got %v", err)
		}
		code, _ := totp.GenerateCode(e.Secret, time.Now())
		codes, err := s.ConfirmEnrolment(ctx, u.ID, e.Secret, code)
		if err != nil || len(codes) != RecoveryCodeCount {
			t.Fatalf("ConfirmEnrolment = %d codes, %v", len(codes), err)
		}
		u, _ = s.UserByID(ctx, u.ID)
		if u.NeedsMFAEnrolment() {
			t.Fatal("still needs enrolment after confirming")
		}
		// The next step's code: the one that enrolled cannot sign in (totp_test.go).
		code, _ = totp.GenerateCode(e.Secret, time.Now().Add(30*time.Second))
		if err := s.CheckSecondFactor(ctx, u, code, "10.0.0.1"); err != nil {
			t.Errorf("current code: %v", err)
		}
		if err := s.CheckSecondFactor(ctx, u, codes[0], "10.0.0.1"); err != nil {
			t.Errorf("recovery code: %v", err)
		}
		if err := s.CheckSecondFactor(ctx, u, codes[0], "10.0.0.1"); errKey(err) != "auth.error.code_invalid" {
			t.Errorf("used recovery code again: got %v, want code_invalid", err)
		}
	})
}

func TestPasswordAndSessionStore(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newStore(t, d)
		u := newUser(t, s, "aysel@example.az", access.Consultant)
		ctx := access.With(context.Background(), u.Principal())
		if _, err := s.ChangePassword(ctx, "wrong", "new password 1", "new password 1"); errKey(err) != "auth.error.password_wrong" {
			t.Errorf("wrong current: got %v", err)
		}
		if _, err := s.ChangePassword(ctx, "correct horse battery", "new password 1", "new password 2"); errKey(err) != "auth.error.password_mismatch" {
			t.Errorf("mismatch: got %v", err)
		}
		if _, err := s.ChangePassword(ctx, "correct horse battery", "new password 1", "new password 1"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Authenticate(ctx, u.Email, "new password 1", "10.0.0.1"); err != nil {
			t.Errorf("sign in with new password: %v", err)
		}
		pw, err := s.ResetPassword(system, u.ID, true)
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.Authenticate(ctx, u.Email, pw, "10.0.0.1")
		if err != nil || !got.MustChangePassword {
			t.Errorf("after reset: %v, must change = %v", err, got.MustChangePassword)
		}

		ss := NewSessionStore(d)
		if err := ss.Commit("tok", []byte("data"), time.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if err := ss.Commit("tok", []byte("more"), time.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if b, ok, err := ss.Find("tok"); string(b) != "more" || !ok || err != nil {
			t.Errorf("Find = %q, %v, %v", b, ok, err)
		}
		if err := ss.Commit("old", []byte("x"), time.Now().Add(-time.Minute)); err != nil {
			t.Fatal(err)
		}
		if _, ok, _ := ss.Find("old"); ok {
			t.Error("expired session was found")
		}
		if n, err := ss.DeleteExpired(context.Background()); n != 1 || err != nil {
			t.Errorf("DeleteExpired = %d, %v; want 1", n, err)
		}
	})
}

// TestSessionTouch: a request that changes nothing in the session moves its
// stored expiry only when it lags a minute or more behind, so that reading
// pages does not write the database each time; a change is always written.
func TestSessionTouch(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		ss := NewSessionStore(d)
		var codec scs.GobCodec
		deadline := time.Now().Add(12 * time.Hour).UTC()
		data := func(values map[string]any) []byte {
			b, err := codec.Encode(deadline, values)
			if err != nil {
				t.Fatal(err)
			}
			return b
		}
		stored := func() time.Time {
			var at time.Time
			if err := d.QueryRowContext(ctx, `SELECT expiry FROM sessions WHERE token = 'tok'`).Scan(&at); err != nil {
				t.Fatal(err)
			}
			return at
		}
		values := map[string]any{"user": int64(7), "lang": "az", "csrf": "x", "flash": ""}
		start := time.Now().Add(30 * time.Minute)
		if err := ss.CommitCtx(ctx, "tok", data(values), start); err != nil {
			t.Fatal(err)
		}
		first := stored()
		// The same values, encoded again (a map in another order), 30 s later.
		if err := ss.CommitCtx(ctx, "tok", data(values), start.Add(30*time.Second)); err != nil {
			t.Fatal(err)
		}
		if !stored().Equal(first) {
			t.Error("an unchanged session was written again within the minute")
		}
		if err := ss.CommitCtx(ctx, "tok", data(values), start.Add(61*time.Second)); err != nil {
			t.Fatal(err)
		}
		if !stored().After(first) {
			t.Error("the expiry was not moved after a minute")
		}
		changed := map[string]any{"user": int64(7), "lang": "en", "csrf": "x", "flash": ""}
		if err := ss.CommitCtx(ctx, "tok", data(changed), start.Add(62*time.Second)); err != nil {
			t.Fatal(err)
		}
		b, _, _ := ss.FindCtx(ctx, "tok")
		if _, got, err := codec.Decode(b); err != nil || got["lang"] != "en" {
			t.Errorf("a changed session was not written: %v, %v", got, err)
		}
	})
}
