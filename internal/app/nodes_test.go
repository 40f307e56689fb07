package app_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"inteqra/internal/access"
	"inteqra/internal/app"
	"inteqra/internal/cases"
	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"
	"inteqra/internal/imports"
	"inteqra/internal/people"
	"inteqra/internal/storage"
)

// nodeFile is a file of n persons, each with a document of its own.
func nodeFile(n int, prefix string) []byte {
	var b strings.Builder
	b.WriteString("Soyad;Ad;Doğum tarixi;Sənəd nömrəsi\n")
	surnames := []string{"Əliyev", "Hüseynova", "Quliyev", "Kovalenko", "Beridze", "Nəzərova", "Yılmaz"}
	given := []string{"Vüqar", "Leyla", "Rəşad", "Olena", "Nino", "Timur", "Aysel", "Mehmet"}
	for i := range n {
		fmt.Fprintf(&b, "%s;%s;%d-%02d-%02d;%s%07d\n", surnames[i%7], given[i%8], 1950+i%50, 1+i%12, 1+i%28, prefix, i)
	}
	return []byte(b.String())
}

// node starts an app node on d with the shared files folder and keys.
func node(t *testing.T, d *db.DB, files string, keys app.Keys) *app.App {
	t.Helper()
	a, err := app.New(d, "http://localhost", storage.NewFolder(files), keys)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// TestTwoNodesShareTheWork runs two app nodes on one PostgreSQL database,
// as behind a load balancer: an import queued on one runs once, on either;
// and when the node running an import stops in the middle of it, the
// other goes on from the last committed chunk, each row imported once.
func TestTwoNodesShareTheWork(t *testing.T) {
	t.Parallel()
	d, keys, files := dbtest.Postgres(t), app.NewKeys(), t.TempDir()
	nodes := []*app.App{node(t, d, files, keys), node(t, d, files, keys)}
	sys := access.With(context.Background(), access.System())
	wait := func(id int64, want imports.State) imports.Batch {
		t.Helper()
		for deadline := time.Now().Add(2 * time.Minute); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
			if b, err := nodes[1].Imports.Batch(sys, id); err == nil && b.State == want && !b.Active {
				return b
			}
		}
		t.Fatalf("batch %d never reached %s", id, want)
		return imports.Batch{}
	}
	once := func(b imports.Batch, rows int) {
		t.Helper()
		var lines, events int
		err := d.QueryRowContext(sys, `SELECT count(DISTINCT line) FROM import_persons WHERE batch_id = $1`, b.ID).Scan(&lines)
		if err == nil {
			err = d.QueryRowContext(sys, `SELECT count(*) FROM audit_events WHERE action = 'person.import' AND object_id = $1`,
				fmt.Sprint(b.ID)).Scan(&events)
		}
		if err != nil || b.Imported != rows || lines != rows || events != 1 {
			t.Errorf("batch %d: imported %d, %d lines, %d audit events, %v; want %d, %d, 1", b.ID, b.Imported, lines, events, err, rows, rows)
		}
	}
	for _, a := range nodes {
		if err := a.Jobs.Start(context.Background()); err != nil {
			t.Fatal(err)
		}
	}

	start := time.Now()
	// Queued on node 1, run once by whichever node takes it.
	b, err := nodes[0].Imports.CreateBatch(sys, "first.csv", nodeFile(3000, "TRA"), true)
	if err == nil {
		err = nodes[0].Imports.QueueImport(sys, b.ID, imports.ValidOnly)
	}
	if err != nil {
		t.Fatal(err)
	}
	once(wait(b.ID, imports.Committed), 3000)
	t.Logf("%v: the first import committed", time.Since(start))

	// Node 2 leaves; node 1 starts a large import and stops in the middle
	// of it (no grace: its job is cancelled at once); node 2 comes back.
	if err := nodes[1].Jobs.Stop(context.Background()); err != nil {
		t.Fatal(err)
	}
	b, err = nodes[0].Imports.CreateBatch(sys, "second.csv", nodeFile(8000, "TRB"), true)
	if err == nil {
		err = nodes[0].Imports.QueueImport(sys, b.ID, imports.ValidOnly)
	}
	if err != nil {
		t.Fatal(err)
	}
	for {
		if got, _ := nodes[0].Imports.Batch(sys, b.ID); got.Imported > 0 {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	stopped, cancel := context.WithCancel(context.Background())
	cancel()
	nodes[0].Jobs.Stop(stopped)
	cut, _ := nodes[1].Imports.Batch(sys, b.ID)
	t.Logf("%v: node 1 stopped with %d of 8000 rows imported (%s)", time.Since(start), cut.Imported, cut.State)
	again := node(t, d, files, keys)
	if err := again.Jobs.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer again.Jobs.Stop(context.Background())
	once(wait(b.ID, imports.Committed), 8000)
	t.Logf("%v: the second import committed by the other node", time.Since(start))
	var persons int
	if err := d.QueryRowContext(sys, `SELECT count(*) FROM persons`).Scan(&persons); err != nil || persons != 11000 {
		t.Errorf("%d persons, want 11000", persons)
	}
}

// dueOnce is a schedule that comes due a single time, at at, or at once
// when the node that leads first asks after at (it was elected late).
type dueOnce struct {
	at               time.Time
	mu               sync.Mutex
	scheduled, fired bool
}

func (o *dueOnce) Next(now time.Time) time.Time {
	o.mu.Lock()
	defer o.mu.Unlock()
	switch {
	case now.Before(o.at):
		o.scheduled = true
		return o.at
	case !o.scheduled && !o.fired:
		o.fired = true
		return now
	}
	return now.AddDate(100, 0, 0)
}

// TestTwoNodesShareFilesAndTheNightlyScan runs two app nodes on one
// PostgreSQL database and one shared files folder: a file a user uploads
// through one node is read through the other, and a nightly job that both
// nodes schedule runs once, on the node that leads.
func TestTwoNodesShareFilesAndTheNightlyScan(t *testing.T) {
	t.Parallel()
	d, keys, files := dbtest.Postgres(t), app.NewKeys(), t.TempDir()
	nodes := []*app.App{node(t, d, files, keys), node(t, d, files, keys)}
	w := worldOf(t, d, nodes[0])
	caseID := w.openCase(w.person(someone{birthYear: 1990}))
	body := []byte("%PDF-1.4 a letter from the partner\n")
	added, err := nodes[0].Cases.AddAttachment(w.consultant, caseID, cases.AttachmentInput{Name: "Məktub.txt", Body: bytes.NewReader(body)})
	if err != nil {
		t.Fatal(err)
	}
	got, r, err := nodes[1].Cases.OpenAttachment(w.consultant, caseID, added.ID)
	if err != nil {
		t.Fatalf("the other node opens the attachment: %v", err)
	}
	read, err := io.ReadAll(r)
	r.Close()
	if err != nil || !bytes.Equal(read, body) || got.Name != added.Name {
		t.Errorf("the other node read %q (%q), %v; want %q (%q)", read, got.Name, err, body, added.Name)
	}

	// Both nodes schedule the duplicate scan for a moment after both have
	// started; only the leader enqueues it.
	for _, a := range nodes {
		if err := a.Jobs.Start(context.Background()); err != nil {
			t.Fatal(err)
		}
		defer a.Jobs.Stop(context.Background())
	}
	due := time.Now().Add(2 * time.Second)
	for _, a := range nodes { // each its own schedule, as each its own clock
		a.Jobs.AddPeriodic(river.NewPeriodicJob(&dueOnce{at: due}, people.NightlyScan, &river.PeriodicJobOpts{ID: "duplicate_scan_now"}))
	}
	count := func(query string) int { return dbtest.Count(t, d, query) }
	for deadline := time.Now().Add(time.Minute); count(`SELECT count(*) FROM duplicate_scans WHERE finished_at IS NOT NULL`) == 0; {
		if time.Now().After(deadline) {
			t.Fatal("the scheduled scan never ran")
		}
		time.Sleep(50 * time.Millisecond)
	}
	// Long enough for a second node's enqueue and its workers' poll.
	time.Sleep(3 * time.Second)
	if scans, queued := count(`SELECT count(*) FROM duplicate_scans`), count(`SELECT count(*) FROM river_job WHERE kind = 'duplicate_scan'`); scans != 1 || queued != 1 {
		t.Errorf("%d scans from %d jobs, want 1 from 1", scans, queued)
	}
}
