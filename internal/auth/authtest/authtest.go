// Package authtest gives tests of other packages a user store on a test
// database, with a random secret key that lives only as long as the test.
package authtest

import (
	"crypto/rand"
	"testing"

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
