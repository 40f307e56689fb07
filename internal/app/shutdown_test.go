package app_test

import (
	"bytes"
	"context"
	"log/slog"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"inteqra/internal/app"
	"inteqra/internal/db/dbtest"
	"inteqra/internal/imports"
	"inteqra/internal/storage"
)

// syncBuffer is a log sink that the server's goroutines may share.
type syncBuffer struct {
	sync.Mutex
	b bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.Lock()
	defer s.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.Lock()
	defer s.Unlock()
	return s.b.String()
}

// TestShutdownStopsAnImportJob stops a server while an import job runs:
// the job ends at its next part and Serve returns within the grace, the
// import keeps what it committed and waits in the queue for any node to go
// on, and the shutdown logs no error. Not parallel: it takes the process's
// default logger for its own while it runs.
func TestShutdownStopsAnImportJob(t *testing.T) {
	logs := &syncBuffer{}
	defer slog.SetDefault(slog.Default())
	slog.SetDefault(slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelInfo})))

	d := dbtest.SQLiteFile(t)
	a, err := app.New(d, "http://localhost", storage.NewFolder(t.TempDir()), app.NewKeys())
	if err != nil {
		t.Fatal(err)
	}
	a.Grace = 4 * time.Second
	w := worldOf(t, d, a)
	const rows = 40000
	b, err := a.Imports.CreateBatch(w.supervisor, "large.csv", nodeFile(rows, "TRS"), true)
	if err == nil {
		err = a.Imports.QueueImport(w.supervisor, b.ID, imports.ValidOnly)
	}
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	served := make(chan error, 1)
	go func() { served <- a.Serve(ctx, "127.0.0.1:0", "", func(net.Addr) {}) }()
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(10 * time.Millisecond) {
		if got, _ := a.Imports.Batch(w.supervisor, b.ID); got.Imported > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the import never committed a part")
		}
	}
	stop := time.Now()
	cancel()
	select {
	case err := <-served:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
	case <-time.After(a.Grace):
		t.Fatalf("Serve did not return within the grace of %v", a.Grace)
	}
	got, err := a.Imports.Batch(w.supervisor, b.ID)
	t.Logf("stopped in %v with %d of %d rows imported (%s)", time.Since(stop).Round(time.Millisecond), got.Imported, rows, got.State)
	if err != nil || got.State == imports.Committed || got.Imported == 0 || got.Interrupted() {
		t.Errorf("after the shutdown: %+v, %v; want part of the file imported, waiting to go on", got, err)
	}
	if n := dbtest.Count(t, d, `SELECT count(*) FROM river_job WHERE kind = 'person_import' AND state IN ('available', 'retryable', 'scheduled')`); n != 1 {
		t.Errorf("%d import jobs wait to run again, want 1", n)
	}
	for line := range strings.Lines(logs.String()) {
		if strings.Contains(line, "level=ERROR") {
			t.Errorf("the shutdown logged an error: %s", line)
		}
	}
}
