package auth

import (
	"context"
	"strings"
	"testing"

	"inteqra/internal/access"
	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"
)

// TestPasswordPolicy: issue 12 item 8. "aaaaaaaaaa", "1234567890" and the
// user's own e-mail address were accepted. Each refusal names its reason.
func TestPasswordPolicy(t *testing.T) {
	t.Parallel()
	const email, name = "aysel.mammadova@example.az", "Aysel Məmmədova"
	tests := []struct {
		pw   string
		want string
	}{
		{"aaaaaaaaaa", "auth.error.password_short"},
		{"1234567890", "auth.error.password_short"},
		{"ab12cd34ef5", "auth.error.password_short"},
		{strings.Repeat("x", MaxPasswordLength+1), "auth.error.password_long"},
		{"aaaaaaaaaaaa", "auth.error.password_repetitive"},
		{"abababababab", "auth.error.password_repetitive"},
		{"qwerty123456", "auth.error.password_common"},
		{"QWERTY123456", "auth.error.password_common"},     // the list is compared without case
		{"1qaz2wsx3edc", "auth.error.password_common"},     // on the list
		{"Password2024!", "auth.error.password_common"},    // a listed word with digits around it
		{"!!sunshine!!2024", "auth.error.password_common"}, // the same, on both sides
		{email, "auth.error.password_email"},
		{"AYSEL.MAMMADOVA@EXAMPLE.AZ", "auth.error.password_email"},
		{"mammadova rocks 2024", "auth.error.password_email"}, // a part of the local part
		{"Məmmədova rocks 2024", "auth.error.password_name"},  // the surname as written
		{"Mәmmәdova rocks 2024", "auth.error.password_name"},  // typed with the Cyrillic schwa
		{"correct horse battery", ""},
		{"inteqra-demo", ""}, // the demo password (demo.Password) stays valid
		{"the quiet blue kettle", ""},
		{"ayse-is-not-a-part", ""}, // four letters of a part are not the part
	}
	for _, tt := range tests {
		if got := errKey(ValidatePassword(tt.pw, email, name)); got != tt.want {
			t.Errorf("ValidatePassword(%.30q): got %q, want %q", tt.pw, got, tt.want)
		}
	}
	// Short parts of a name or address occur by chance in good passwords.
	if err := ValidatePassword("mali-bazar-2024x", "ali@az.az", "Əli Az"); err != nil {
		t.Errorf("short parts: %v", err)
	}
	if n := len(commonPasswords()); n < 10000 {
		t.Errorf("the list of common passwords has %d entries, want at least 10,000", n)
	}
	// The demo accounts keep the demo password.
	for _, demo := range []struct{ email, name string }{
		{"admin@demo.inteqra.az", "Rəşad Əliyev"}, {"partner.officer@demo.inteqra.az", "Tural Cəfərov"},
	} {
		if err := ValidatePassword("inteqra-demo", demo.email, demo.name); err != nil {
			t.Errorf("demo password for %s: %v", demo.email, err)
		}
	}
	for range 50 {
		if pw := TemporaryPassword(); ValidatePassword(pw, "", "") != nil {
			t.Errorf("a generated password %q fails the policy", pw)
		}
	}
}

// TestPolicyEverywhere: the policy holds wherever a password is set, a
// refused one changes nothing, and a generated one is given out.
func TestPolicyEverywhere(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newStore(t, d)
		in := UserInput{Email: "aysel.mammadova@example.az", Name: "Aysel Məmmədova", Role: access.Consultant, Active: true}
		if _, err := s.CreateUser(system, in, "aysel.mammadova@example.az", false); errKey(err) != "auth.error.password_email" {
			t.Fatalf("CreateUser with the e-mail as password: got %v", err)
		}
		if _, err := s.CreateUser(system, in, "1234567890", false); errKey(err) != "auth.error.password_short" {
			t.Fatalf("CreateUser with 1234567890: got %v", err)
		}
		if n, _ := s.CountUsers(context.Background()); n != 0 {
			t.Fatalf("a refused password created a user")
		}
		u, pw, err := s.CreateUserGenerated(system, in, true)
		if err != nil || !u.MustChangePassword {
			t.Fatalf("CreateUserGenerated: %v, must change %v", err, u.MustChangePassword)
		}
		ctx := access.With(context.Background(), u.Principal())
		for _, next := range []string{"aaaaaaaaaa", "Məmmədova-2024-x", "password123456"} {
			if _, err := s.ChangePassword(ctx, pw, next, next); err == nil {
				t.Errorf("ChangePassword to %q was accepted", next)
			}
		}
		if _, err := s.Authenticate(ctx, u.Email, pw, "10.0.0.1"); err != nil {
			t.Fatalf("a refused change changed the password: %v", err)
		}
		before, _ := s.UserByID(ctx, u.ID)
		epoch, err := s.ChangePassword(ctx, pw, "the quiet blue kettle", "the quiet blue kettle")
		if err != nil {
			t.Fatal(err)
		}
		after, _ := s.UserByID(ctx, u.ID)
		if epoch == before.SessionEpoch || after.SessionEpoch != epoch || after.MustChangePassword {
			t.Errorf("after the change: epoch %d (was %d, stored %d), must change %v; want a new epoch, stored",
				epoch, before.SessionEpoch, after.SessionEpoch, after.MustChangePassword)
		}
	})
}
