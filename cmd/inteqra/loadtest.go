package main

import (
	"bufio"
	"context"
	"fmt"
	"inteqra/internal/access"
	"inteqra/internal/demo"
	"os"
	"time"

	"inteqra/internal/loadtest"
)

// loadtestSearch measures search latency through HTTP on the given database.
func loadtestSearch(ctx context.Context, args []string) error {
	cfg, fs := parse("loadtest search")
	requests := fs.Int("requests", 2000, "number of searches")
	concurrency := fs.Int("concurrency", 4, "parallel clients")
	seed := fs.Uint64("seed", 1, "seed for sampling the queries")
	viaAPI := fs.Bool("api", false, "run each search through the page and through the API, side by side")
	alone := fs.Bool("sql", false, "run each search through the page and its SQL statements alone, side by side")
	target := fs.String("url", "", "address of a server already running on the database (inteqra serve) to measure instead")
	if err := fs.Parse(args); err != nil {
		return err
	}
	setupLogging("warn") // a log line per request would be measured too
	a, err := openApp(ctx, *cfg)
	if err != nil {
		return err
	}
	defer closeApp(ctx, a)
	opt := loadtest.Options{Requests: *requests, Concurrency: max(1, *concurrency), Seed: *seed, URL: *target}
	if *viaAPI || *alone {
		run := loadtest.SearchAPI
		if *alone {
			run = loadtest.SearchSQL
		}
		both, err := run(ctx, a, opt)
		if err != nil {
			return err
		}
		fmt.Println(both)
		return nil
	}
	res, err := loadtest.Search(ctx, a, opt)
	if err != nil {
		return err
	}
	fmt.Println(res)
	fmt.Println("query mix:", res.QueryKinds)
	fmt.Println("p95 by kind:", res.KindP95)
	return nil
}

// loadtestMixed measures staff work through the pages beside a bare server.
func loadtestMixed(ctx context.Context, args []string) error {
	cfg, fs := parse("loadtest mixed")
	requests := fs.Int("requests", 2000, "number of requests, for each of the two servers")
	concurrency := fs.Int("concurrency", 8, "parallel clients")
	seed := fs.Uint64("seed", 1, "seed for sampling the work")
	if err := fs.Parse(args); err != nil {
		return err
	}
	setupLogging("warn")
	a, err := openApp(ctx, *cfg)
	if err != nil {
		return err
	}
	defer closeApp(ctx, a)
	res, err := loadtest.MixedWork(ctx, a, loadtest.Options{Requests: *requests, Concurrency: max(1, *concurrency), Seed: *seed})
	if err != nil {
		return err
	}
	fmt.Println(res)
	return nil
}

// generatePersons writes a CSV of realistic persons for the import and the
// million-row measurements.
func generatePersons(ctx context.Context, args []string) error {
	cfg, fs := parse("generate persons")
	n := fs.Int("n", 1000, "number of persons")
	out := fs.String("o", "persons.csv", "output file")
	seed := fs.Int64("seed", 1, "seed: the same seed gives the same persons on the same day")
	if err := fs.Parse(args); err != nil {
		return err
	}
	a, err := openApp(ctx, *cfg)
	if err != nil {
		return err
	}
	defer closeApp(ctx, a)
	f, err := os.Create(*out)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	if err := demo.WritePersonsCSV(ctx, a, w, *n, *seed); err != nil {
		f.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Printf("wrote %d persons to %s\n", *n, *out)
	return nil
}

// duplicatesScan runs the registry-wide duplicate scan from the command
// line, for large registries and for the figures in docs/PERFORMANCE.md.
func duplicatesScan(ctx context.Context, args []string) error {
	cfg, fs := parse("duplicates scan")
	if err := fs.Parse(args); err != nil {
		return err
	}
	a, err := openApp(ctx, *cfg)
	if err != nil {
		return err
	}
	defer closeApp(ctx, a)
	start := time.Now()
	res, err := a.People.ScanDuplicates(access.With(ctx, access.System()))
	if err != nil {
		return err
	}
	fmt.Printf("%d blocks, %d pairs compared, %d new likely duplicates in %s\n",
		res.Blocks, res.Compared, res.Found, time.Since(start).Round(time.Millisecond))
	return nil
}
