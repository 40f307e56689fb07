// Package authtest gives tests of other packages a user store on a test
// database, with a random secret key that lives only as long as the test.
package authtest

import (
	"context"
	"crypto/rand"
	"testing"

	"inteqra/internal/access"
	"inteqra/internal/auth"
	"inteqra/internal/db"
)

// NewStore returns an auth.Store on d with a fresh random secret key.
func NewStore(t testing.TB, d *db.DB) *auth.Store {
	t.Helper()
	s, err := auth.NewStore(d, Key())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// Key returns a fresh random 32-byte secret key.
func Key() []byte {
	k := make([]byte, 32)
	rand.Read(k)
	return k
}

// SignedIn creates an active user of role with the e-mail address email
// and returns a context in which that user acts, for tests of what each
// role may do.
func SignedIn(t testing.TB, d *db.DB, role access.Role, email string) context.Context {
	t.Helper()
	u, err := NewStore(t, d).CreateUser(access.With(context.Background(), access.System()),
		auth.UserInput{Email: email, Name: "Test " + string(role), Role: role, Active: true}, "long enough password", false)
	if err != nil {
		t.Fatal(err)
	}
	return access.With(context.Background(), u.Principal())
}
