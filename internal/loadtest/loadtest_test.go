package loadtest

import (
	"context"
	"fmt"
	"net/http/httptest"
	"testing"

	"inteqra/internal/access"
	"inteqra/internal/app"
	"inteqra/internal/db/dbtest"
	"inteqra/internal/people"
	"inteqra/internal/storage"
)

func TestSearchRuns(t *testing.T) {
	t.Parallel()
	a, err := app.New(dbtest.SQLite(t), "http://localhost", storage.NewFolder(t.TempDir()), app.NewKeys())
	if err != nil {
		t.Fatal(err)
	}
	sys := access.With(context.Background(), access.System())
	for _, n := range []people.Input{
		{Names: []people.Name{{Kind: people.NameAz, Surname: "Məmmədov", Given: "Rəşad"}, {Kind: people.NameCyrillic, Surname: "Мамедов", Given: "Рашад"}}, BirthYear: 1985},
		{Names: []people.Name{{Kind: people.NameAz, Surname: "Həsənova", Given: "Günel"}}, DuplicateReason: "x"},
	} {
		if _, _, err := a.People.CreatePerson(sys, n); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 8 { // targets for the consents of MixedWork
		in := people.Input{Names: []people.Name{{Kind: people.NameAz, Surname: "Əliyeva", Given: fmt.Sprint("Nərgiz", i)}}, DuplicateReason: "x"}
		if _, _, err := a.People.CreatePerson(sys, in); err != nil {
			t.Fatal(err)
		}
	}
	res, err := Search(context.Background(), a, Options{Requests: 40, Concurrency: 2, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if res.Errors != 0 || res.Requests != 40 || res.P50 > res.P95 || res.P95 > res.Max || res.Persons != 10 {
		t.Errorf("result %+v", res)
	}
	// A server already running, as `inteqra serve` would be.
	srv := httptest.NewServer(a.Handler)
	defer srv.Close()
	if res, err := Search(context.Background(), a, Options{Requests: 10, Concurrency: 1, Seed: 1, URL: srv.URL}); err != nil || res.Errors != 0 {
		t.Errorf("Search of a running server: %+v, %v", res, err)
	}
	// The same searches through the page and the API, side by side: both
	// answer every one.
	both, err := SearchAPI(context.Background(), a, Options{Requests: 20, Concurrency: 2, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	// The page beside its SQL alone.
	alone, err := SearchSQL(context.Background(), a, Options{Requests: 20, Concurrency: 2, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	// Staff work through the pages and through a bare server.
	mixed, err := MixedWork(context.Background(), a, Options{Requests: 20, Concurrency: 2, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []Result{both.A, both.B, alone.A, alone.B, mixed.Pages, mixed.Bare} {
		if r.Errors != 0 || r.Requests != 20 || r.P50 == 0 || r.P50 > r.P95 {
			t.Errorf("result %+v", r)
		}
	}
}
