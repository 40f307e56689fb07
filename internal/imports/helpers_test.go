package imports

import (
	"context"
	"errors"
	"flag"
	"os"
	"testing"

	"inteqra/internal/access"
	"inteqra/internal/auth"
	"inteqra/internal/auth/authtest"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/people"
)

var system = access.With(context.Background(), access.System())

// TestMain makes chunks smaller with -short (CI's run under the race
// detector, ten times slower): the tests that cut an import between chunks
// and inside a commit size their files from chunkRows.
func TestMain(m *testing.M) {
	flag.Parse()
	if testing.Short() {
		chunkRows = 4 * minStep
	}
	os.Exit(m.Run())
}

// stores returns the registry on d and an import store into it, with no
// job queue.
func stores(d *db.DB) (*people.Store, *Store) {
	ps := people.NewStore(d, nil)
	s := NewStore(d, ps, nil)
	ps.OnMerge(s.MovePerson) // as app.New does
	return ps, s
}

// staff returns a context for a real user of role, so that the records an
// import writes can point at that user.
func staff(t *testing.T, d *db.DB, role access.Role) context.Context {
	t.Helper()
	in := auth.UserInput{Email: string(role) + "@example.az", Name: "Test " + string(role), Role: role, Active: true}
	u, err := authtest.NewStore(t, d).CreateUser(system, in, "long enough password", false)
	if err != nil {
		t.Fatal(err)
	}
	return access.With(context.Background(), u.Principal())
}

// errKey is the catalogue key of err, or its text.
func errKey(err error) string {
	if e, ok := errors.AsType[*i18n.Error](err); ok {
		return e.Key
	}
	if err == nil {
		return ""
	}
	return err.Error()
}

// register saves a person in the registry as staff would, past the
// duplicate warning.
func register(t *testing.T, ps *people.Store, in people.Input) people.Person {
	t.Helper()
	if in.DuplicateReason == "" {
		in.DuplicateReason = "test fixture"
	}
	p, _, err := ps.CreatePerson(system, in)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// mammadov is a registered person whose document the import file repeats.
func mammadov() people.Input {
	return people.Input{
		Names: []people.Name{
			{Kind: people.NameAz, Surname: "Məmmədov", Given: "Rəşad", Patronymic: "Əli oğlu"},
			{Kind: people.NameCyrillic, Surname: "Мамедов", Given: "Рашад"},
			{Kind: people.NamePassport, Surname: "MAMMADOV", Given: "RASHAD"},
		},
		Sex: people.Male, BirthDate: "1985-03-14", Citizenships: []string{"RU"}, Languages: []string{"ru", "az"},
		Phone: "+994 50 123 45 67", DocumentNo: "PRP 0012345",
	}
}

// checkKeyList fails when the import left the registry's key index and the
// persons' key lists disagreeing.
func checkKeyList(t *testing.T, d *db.DB) {
	t.Helper()
	if err := people.CheckKeyIndex(context.Background(), d); err != nil {
		t.Error(err)
	}
}
