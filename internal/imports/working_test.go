package imports

import (
	"context"
	"os"
	"testing"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/auth"
	"inteqra/internal/auth/authtest"
	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"
)

// While a large import runs, the office goes on: a sign-in and a person
// saved from the form each wait for one chunk's transaction at most, not
// for the import. The test fails when either has to wait a second more
// than it takes with the writer free, or the import was over before they
// were done (then it proved nothing).
func TestImportLeavesTheWriterFree(t *testing.T) {
	if testing.Short() {
		t.Skip("imports 100,000 rows")
	}
	t.Parallel()
	dialects := map[string]func(testing.TB) *db.DB{"sqlite-file": dbtest.SQLiteFile}
	if os.Getenv(dbtest.EnvPostgres) != "" {
		dialects["postgres"] = dbtest.Postgres
	}
	for name, open := range dialects {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			d := open(t)
			ps, s := stores(d)
			users := authtest.NewStore(t, d)
			in := auth.UserInput{Email: "officer@example.az", Name: "Officer", Role: access.Consultant, Active: true}
			if _, err := users.CreateUser(system, in, "long enough password", false); err != nil {
				t.Fatal(err)
			}
			work := func(i int) time.Duration {
				start := time.Now()
				if _, err := users.Authenticate(context.Background(), in.Email, "long enough password", "192.0.2.1"); err != nil {
					t.Fatal(err)
				}
				p := mammadov()
				p.DocumentNo = "AZE" + string(rune('0'+i)) + "0000001"
				register(t, ps, p)
				return time.Since(start)
			}
			free := work(1)

			b := newImport(t, system, s, string(genCSV(100_000, 51)))
			run, err := s.StartImport(system, b.ID, ValidOnly)
			if err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() {
				_, err := run.Do(system, nil)
				done <- err
			}()
			for run.Progress().Done < 20_000 {
				time.Sleep(10 * time.Millisecond)
			}
			busy := work(2)
			select {
			case err := <-done:
				t.Fatalf("the import ended (%v) before the office's work did: nothing was shown", err)
			default:
			}
			t.Logf("a sign-in and a saved person: %v with the writer free, %v during the import", free, busy)
			if busy-free > time.Second {
				t.Errorf("during the import the office's work took %v, %v more than with the writer free", busy, busy-free)
			}
			if err := <-done; err != nil {
				t.Fatal(err)
			}
		})
	}
}
