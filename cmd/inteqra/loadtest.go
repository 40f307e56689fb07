package main

import (
	"context"
	"fmt"

	"inteqra/internal/app"
	"inteqra/internal/loadtest"
)

// loadtestSearch measures search latency through HTTP on the given database.
func loadtestSearch(ctx context.Context, args []string) error {
	cfg, fs := parse("loadtest search")
	requests := fs.Int("requests", 2000, "number of searches")
	concurrency := fs.Int("concurrency", 4, "parallel clients")
	seed := fs.Uint64("seed", 1, "seed for sampling the queries")
	if err := fs.Parse(args); err != nil {
		return err
	}
	d, err := app.Open(ctx, *cfg)
	if err != nil {
		return err
	}
	defer d.Close()
	a, err := app.New(d, cfg.BaseURL)
	if err != nil {
		return err
	}
	res, err := loadtest.Search(ctx, a, loadtest.Options{Requests: *requests, Concurrency: max(1, *concurrency), Seed: *seed})
	if err != nil {
		return err
	}
	fmt.Println(res)
	fmt.Println("query mix:", res.QueryKinds)
	return nil
}
