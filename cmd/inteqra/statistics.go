package main

import (
	"context"
	"fmt"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/app"
	"inteqra/internal/demo"
	"inteqra/internal/loadtest"
)

// generateStatistics fills a database whose registry was imported with the
// programme's activity at national scale, for the dashboards' figures in
// docs/PERFORMANCE.md, and rebuilds the analytics table.
func generateStatistics(ctx context.Context, args []string) error {
	cfg, fs := parse("generate statistics")
	sc := demo.NationalScale
	fs.IntVar(&sc.Cases, "cases", sc.Cases, "number of cases")
	fs.IntVar(&sc.Cohorts, "cohorts", sc.Cohorts, "number of cohorts (12 applications, up to 24 lessons each)")
	fs.IntVar(&sc.Proposals, "proposals", sc.Proposals, "number of proposals to the Council")
	fs.Uint64Var(&sc.Seed, "seed", sc.Seed, "seed: the same seed gives the same activity")
	if err := fs.Parse(args); err != nil {
		return err
	}
	a, err := openApp(ctx, *cfg)
	if err != nil {
		return err
	}
	defer closeApp(ctx, a)
	start := time.Now()
	n, err := demo.GenerateStatistics(ctx, a, sc)
	if err != nil {
		return err
	}
	fmt.Printf("%+v\nwritten in %s\n", n, time.Since(start).Round(time.Millisecond))
	return refreshStatistics(ctx, a)
}

// statisticsRefresh rebuilds the analytics table in the foreground and
// says how long it took.
func statisticsRefresh(ctx context.Context, args []string) error {
	cfg, fs := parse("statistics refresh")
	probe := fs.Duration("probe", 0, "make a one-row write this often during the rebuild and say how long each waited (e.g. 20ms)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	a, err := openApp(ctx, *cfg)
	if err != nil {
		return err
	}
	defer closeApp(ctx, a)
	if *probe > 0 {
		res, err := loadtest.RefreshWrites(ctx, a, *probe)
		if err != nil {
			return err
		}
		fmt.Println(res)
		return nil
	}
	return refreshStatistics(ctx, a)
}

func refreshStatistics(ctx context.Context, a *app.App) error {
	start := time.Now()
	st, err := a.Stats.Refresh(access.With(ctx, access.System()))
	if err != nil {
		return err
	}
	fmt.Printf("statistics refreshed: %d facts in %s\n", st.Facts, time.Since(start).Round(time.Millisecond))
	return nil
}

// loadtestDashboards measures the dashboard pages through HTTP on the given
// database, beside the same figures computed in the process.
func loadtestDashboards(ctx context.Context, args []string) error {
	cfg, fs := parse("loadtest dashboards")
	requests := fs.Int("requests", 500, "number of pages")
	concurrency := fs.Int("concurrency", 1, "parallel clients")
	seed := fs.Uint64("seed", 1, "seed for sampling the pages")
	if err := fs.Parse(args); err != nil {
		return err
	}
	setupLogging("warn")
	a, err := openApp(ctx, *cfg)
	if err != nil {
		return err
	}
	defer closeApp(ctx, a)
	res, err := loadtest.Dashboards(ctx, a, loadtest.Options{Requests: *requests, Concurrency: max(1, *concurrency), Seed: *seed})
	if err != nil {
		return err
	}
	fmt.Println(res)
	fmt.Println("p95 by period:", res.KindP95)
	fmt.Println("p95 by dashboard:", res.DashboardP95)
	return nil
}
