package loadtest

import (
	"context"
	"testing"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/app"
	"inteqra/internal/db/dbtest"
	"inteqra/internal/demo"
	"inteqra/internal/storage"
)

func TestDashboardsRuns(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a, err := app.New(dbtest.SQLite(t), "http://localhost", storage.NewFolder(t.TempDir()), app.NewKeys())
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := demo.SeedPeople(ctx, a, 40, 1); err != nil {
		t.Fatal(err)
	}
	if _, err := Dashboards(ctx, a, Options{Requests: 5, Concurrency: 1, Seed: 1}); err == nil {
		t.Error("ran before the figures were computed")
	}
	if _, err := demo.GenerateStatistics(ctx, a, demo.Scale{Cases: 100, Cohorts: 10, Proposals: 10, Years: 2, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Stats.Refresh(access.With(ctx, access.System())); err != nil {
		t.Fatal(err)
	}
	res, err := Dashboards(ctx, a, Options{Requests: 40, Concurrency: 2, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if res.Errors != 0 || res.Requests != 40 || res.HTTP.P50 > res.HTTP.P95 || res.HTTP.P95 > res.HTTP.Max || res.Facts == 0 {
		t.Errorf("result %+v", res)
	}
}

func TestRefreshWritesRuns(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a, err := app.New(dbtest.SQLite(t), "http://localhost", storage.NewFolder(t.TempDir()), app.NewKeys())
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := demo.SeedPeople(ctx, a, 40, 1); err != nil {
		t.Fatal(err)
	}
	res, err := RefreshWrites(ctx, a, 50*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	if res.Quiet.N < 10 || res.Facts == 0 || res.Quiet.P50 > res.Quiet.Max {
		t.Errorf("result %+v", res)
	}
}
