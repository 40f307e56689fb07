package imports

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"
	"inteqra/internal/people"
)

// badRow breaks a rule (there is no 31 February), so it is never imported.
const badRow = "Quliyev;Lalə;Кулиев;Лала;GULIYEV;LALA;qadın;31.02.1990;GE;ru;+994 501234567;TRP99999999;trp;work;2025-01-01;2026-01-01\n"

// chunkedCSV is a generated file of n persons over several chunks, with
// a bad row in the first chunk and one in the second.
func chunkedCSV(n int, seed uint64) []byte {
	// Each file's own document numbers: TRA…, TRB…
	content := bytes.ReplaceAll(genCSV(n, seed), []byte(";TRP"), []byte(";TR"+string(rune('A'+seed%26))))
	lines := bytes.SplitAfter(content, []byte("\n"))
	var b bytes.Buffer
	for i, l := range lines {
		if i == 100 || i == chunkRows+300 {
			b.WriteString(badRow)
		}
		b.Write(l)
	}
	return b.Bytes()
}

// checkOnce fails unless batch id ended committed with the counts of its
// dry run want, and every importable row of its file made exactly one
// person.
func checkOnce(t *testing.T, d *db.DB, s *Store, id int64, want Report) {
	t.Helper()
	b, err := s.Batch(system, id)
	if err != nil {
		t.Fatal(err)
	}
	if b.State != Committed || b.Rows != want.Rows || b.Invalid != want.Invalid || b.Duplicates != want.Duplicates ||
		b.Flagged != want.Flagged || b.Imported != want.Importable() {
		t.Errorf("batch %d: %s, rows %d, invalid %d, duplicates %d, flagged %d, imported %d; want the dry run's %+v",
			id, b.State, b.Rows, b.Invalid, b.Duplicates, b.Flagged, b.Imported, want)
	}
	lines := dbtest.Count(t, d, `SELECT count(DISTINCT line) FROM import_persons WHERE batch_id = $1`, id)
	persons := dbtest.Count(t, d, `SELECT count(*) FROM persons p JOIN import_persons i ON i.person_id = p.id WHERE i.batch_id = $1`, id)
	if lines != want.Importable() || persons != want.Importable() {
		t.Errorf("batch %d: %d lines made %d persons, want %d each", id, lines, persons, want.Importable())
	}
	if issues, _ := s.Issues(system, id, 1<<20); len(issues) != want.Invalid+want.Duplicates+want.Flagged {
		t.Errorf("batch %d: %d issues, want %d", id, len(issues), want.Invalid+want.Duplicates+want.Flagged)
	}
	checkKeyList(t, d)
	foreignKeysChecked(t, d)
}

// pastFirstChunk is a hook of Run's that fails with err once the first
// chunk is done.
func pastFirstChunk(err error) func(done int) error {
	return func(done int) error {
		if done > chunkRows {
			return err
		}
		return nil
	}
}

// An import cut off at the start, in the middle or in the commit of a
// chunk keeps the chunks it committed, shows as interrupted, and resumed
// imports every row exactly once; discarded, it leaves nothing behind.
func TestImportCutOffResumes(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		_, s := stores(d)
		ctx := staff(t, d, access.Supervisor)
		crash := errors.New("disk on fire")
		cases := []struct {
			name string
			cut  func(r *Run, cancel func())
		}{
			{"at the start", func(r *Run, _ func()) {
				r.beforeCommit = func(int) error { return crash }
			}},
			{"between chunks", func(r *Run, _ func()) { r.afterChunk = pastFirstChunk(crash) }},
			{"in a commit", func(r *Run, _ func()) { r.beforeCommit = pastFirstChunk(crash) }},
			{"by a cancel", func(r *Run, cancel func()) {
				r.afterChunk = func(done int) error {
					if done > chunkRows {
						cancel()
					}
					return nil
				}
			}},
		}
		for i, c := range cases {
			b := newImport(t, ctx, s, string(chunkedCSV(2*chunkRows+400, uint64(10+i))))
			want, err := runImport(t, ctx, s, b.ID, "")
			if err != nil || want.Invalid != 2 {
				t.Fatalf("%s: dry run %+v, %v", c.name, want, err)
			}
			cctx, cancel := context.WithCancel(ctx)
			run, err := s.StartImport(cctx, b.ID, ValidOnly)
			if err != nil {
				t.Fatal(err)
			}
			c.cut(run, cancel)
			if _, err := run.Do(cctx, nil); err == nil {
				t.Fatalf("%s: the import was not cut off", c.name)
			}
			cancel()
			got, _ := s.Batch(ctx, b.ID)
			committed := dbtest.Count(t, d, `SELECT count(*) FROM import_persons WHERE batch_id = $1`, b.ID)
			wantState := Interrupted
			if c.name == "at the start" {
				wantState = RolledBack // nothing was committed
			}
			if got.State != wantState || !got.Interrupted() != (wantState == RolledBack) || got.Imported != committed ||
				(wantState == Interrupted) != (committed > 0 && got.DoneLine > 0) {
				t.Errorf("%s: after the cut %s, interrupted %v, imported %d, line %d; %d lines committed",
					c.name, got.State, got.Interrupted(), got.Imported, got.DoneLine, committed)
			}
			if c.name == "in a commit" && committed != chunkRows-1 { // the first chunk only, less its bad row
				t.Errorf("%s: %d rows committed, want the first chunk's %d", c.name, committed, chunkRows-1)
			}
			if _, err := runImport(t, ctx, s, b.ID, ValidOnly); err != nil {
				t.Fatalf("%s: resume: %v", c.name, err)
			}
			checkOnce(t, d, s, b.ID, want)
		}
	})
}

// A process that died in an import leaves its batch running with no
// heartbeat: the batch shows as interrupted, the server's start marks it
// so, and it is resumed or discarded.
func TestImportInterruptedResumeOrDiscard(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		_, s := stores(d)
		ctx := staff(t, d, access.Supervisor)
		die := func(content []byte) Batch {
			t.Helper()
			b := newImport(t, ctx, s, string(content))
			run, err := s.StartImport(ctx, b.ID, ValidOnly)
			if err != nil {
				t.Fatal(err)
			}
			run.afterChunk = pastFirstChunk(errors.New("killed"))
			run.Do(ctx, nil)
			// As if the process had died before recording the failure.
			_, err = d.ExecContext(ctx, `UPDATE import_batches SET state = 'running', updated_at = $2 WHERE id = $1`,
				b.ID, time.Now().Add(-time.Hour))
			if err != nil {
				t.Fatal(err)
			}
			if b, _ = s.Batch(ctx, b.ID); !b.Interrupted() || b.Active {
				t.Fatalf("a running batch with no heartbeat: interrupted %v, active %v", b.Interrupted(), b.Active)
			}
			return b
		}
		first := die(chunkedCSV(2*chunkRows+100, 21))
		second := die(chunkedCSV(2*chunkRows+100, 22))
		if requeued, n, err := s.Sweep(system); err != nil || n != 2 || requeued != 0 {
			t.Fatalf("marked %d, queued again %d, %v; want 2 marked", n, requeued, err)
		}
		if b, _ := s.Batch(ctx, first.ID); b.State != Interrupted {
			t.Errorf("after the start: %s", b.State)
		}
		if _, err := s.Discard(ctx, first.ID); err != nil {
			t.Fatal(err)
		}
		b, _ := s.Batch(ctx, first.ID)
		left := dbtest.Count(t, d, `SELECT count(*) FROM import_persons WHERE batch_id = $1`, first.ID)
		if b.State != RolledBack || b.Imported != 0 || b.DoneLine != 0 || left != 0 {
			t.Errorf("discarded: %s, imported %d, line %d, %d lines left", b.State, b.Imported, b.DoneLine, left)
		}
		if _, err := s.Discard(ctx, first.ID); !errors.Is(err, ErrNotInterrupted) {
			t.Errorf("a second discard: %v", err)
		}
		if n := dbtest.Count(t, d, `SELECT count(*) FROM audit_events WHERE action = 'person.import_discard'`); n != 1 {
			t.Errorf("%d audit events of the discard", n)
		}
		// The other one resumes; the discarded one runs again from the start.
		rep, err := runImport(t, ctx, s, second.ID, ValidOnly)
		if err != nil || rep.Imported != 2*chunkRows+100 {
			t.Errorf("resumed: %+v, %v", rep, err)
		}
		if rep, err := runImport(t, ctx, s, first.ID, ValidOnly); err != nil || rep.Imported == 0 {
			t.Errorf("started again: %+v, %v", rep, err)
		}
		if n := dbtest.Count(t, d, `SELECT count(*) FROM persons`); n != 2*(2*chunkRows+100) {
			t.Errorf("%d persons, want %d", n, 2*(2*chunkRows+100))
		}
		checkKeyList(t, d)
		foreignKeysChecked(t, d)
	})
}

// All or nothing: a bad row after the first chunk was committed discards
// what was committed.
func TestImportAllOrNothingAcrossChunks(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		_, s := stores(d)
		ctx := staff(t, d, access.Supervisor)
		content := append(genCSV(2*chunkRows, 31), badRow...)
		b := newImport(t, ctx, s, string(content))
		if _, err := runImport(t, ctx, s, b.ID, AllOrNothing); errKey(err) != ErrHasInvalid.Key {
			t.Fatalf("got %v", err)
		}
		b, _ = s.Batch(ctx, b.ID)
		if b.State != RolledBack || b.Invalid != 1 || dbtest.Count(t, d, `SELECT count(*) FROM persons`) != 0 {
			t.Errorf("after the refusal: %s, invalid %d, %d persons", b.State, b.Invalid, dbtest.Count(t, d, `SELECT count(*) FROM persons`))
		}
		foreignKeysChecked(t, d)
	})
}

// Discarding stops at persons someone has worked with since.
func TestImportDiscardKeepsPersonsInUse(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ps, s := stores(d)
		ctx := staff(t, d, access.Supervisor)
		b := newImport(t, ctx, s, string(genCSV(100, 41)))
		if _, err := runImport(t, ctx, s, b.ID, ValidOnly); err != nil {
			t.Fatal(err)
		}
		if _, err := d.ExecContext(ctx, `UPDATE import_batches SET state = 'interrupted' WHERE id = $1`, b.ID); err != nil {
			t.Fatal(err)
		}
		var used int64
		if err := d.QueryRowContext(ctx, `SELECT min(person_id) FROM import_persons WHERE batch_id = $1`, b.ID).Scan(&used); err != nil {
			t.Fatal(err)
		}
		if _, err := ps.GiveConsent(ctx, used, people.ConsentInput{Purpose: people.Participation, GivenOn: "2026-01-10"}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Discard(ctx, b.ID); !errors.Is(err, people.ErrInUse) {
			t.Errorf("discarding a person in use: %v", err)
		}
		if n := dbtest.Count(t, d, `SELECT count(*) FROM persons WHERE id = $1`, used); n != 1 {
			t.Error("the person in use was removed")
		}
	})
}
