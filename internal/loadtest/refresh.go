package loadtest

import (
	"context"
	"fmt"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/app"
	"inteqra/internal/db"
)

// RefreshResult is how long a user's write waited while the statistics
// were rebuilt, beside the same write with nothing else running (measured
// in the same run, just before the rebuild).
type RefreshResult struct {
	Facts         int
	Took          time.Duration
	Quiet, During Latency
}

// String formats the result for the terminal and the docs.
func (r RefreshResult) String() string {
	return fmt.Sprintf("statistics rebuilt: %d facts in %s\n  a one-row write, quiet:        %s (%d writes)\n  the same during the rebuild: %s (%d writes)\n  p99 ratio during/quiet: %.0f",
		r.Facts, r.Took.Round(time.Millisecond), r.Quiet, r.Quiet.N, r.During, r.During.N,
		float64(r.During.P99)/float64(max(r.Quiet.P99, 1)))
}

// RefreshWrites rebuilds the statistics while a one-row write transaction
// (what a user's save is, on the same writer) runs every interval, and
// measures how long each took; the same writes for a second before the
// rebuild are the reference.
func RefreshWrites(ctx context.Context, a *app.App, every time.Duration) (RefreshResult, error) {
	var res RefreshResult
	write := func() (time.Duration, error) {
		start := time.Now()
		err := a.DB.Transact(ctx, func(tx *db.Tx) error {
			_, err := tx.ExecContext(ctx, `UPDATE stat_state SET threshold = threshold WHERE id = 1`)
			return err
		})
		return time.Since(start), err
	}
	probe := func(stop <-chan struct{}) ([]time.Duration, error) {
		var ds []time.Duration
		tick := time.NewTicker(every)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return ds, nil
			case <-tick.C:
				d, err := write()
				if err != nil {
					return ds, err
				}
				ds = append(ds, d)
			}
		}
	}
	quiet, err := probe(closeAfter(time.Second))
	if err != nil {
		return res, err
	}
	res.Quiet = latency(quiet, time.Second)
	stop := make(chan struct{})
	type probed struct {
		ds  []time.Duration
		err error
	}
	done := make(chan probed)
	go func() {
		ds, err := probe(stop)
		done <- probed{ds, err}
	}()
	start := time.Now()
	st, err := a.Stats.Refresh(access.With(ctx, access.System()))
	res.Took = time.Since(start)
	close(stop)
	p := <-done
	if err != nil {
		return res, err
	}
	if p.err != nil {
		return res, p.err
	}
	res.Facts, res.During = st.Facts, latency(p.ds, res.Took)
	return res, nil
}

// closeAfter returns a channel closed after d.
func closeAfter(d time.Duration) <-chan struct{} {
	c := make(chan struct{})
	time.AfterFunc(d, func() { close(c) })
	return c
}
