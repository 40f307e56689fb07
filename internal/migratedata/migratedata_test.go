package migratedata_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/app"
	"inteqra/internal/audit"
	"inteqra/internal/config"
	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"
	"inteqra/internal/demo"
	"inteqra/internal/migratedata"
	"inteqra/internal/storage"
)

// TestCopyDemo copies the demo's database, which fills nearly every table,
// from SQLite into a new PostgreSQL database, and checks that every table
// holds as many rows, that the persons, their names and the audit chain
// read the same on both sides, that the chain verifies on the target with
// the installation's key and record, and that new rows get new ids.
func TestCopyDemo(t *testing.T) {
	target := dbtest.Postgres(t) // skips without INTEQRA_TEST_POSTGRES
	ctx := context.Background()
	dir := t.TempDir()
	cfg := config.Config{DB: filepath.Join(dir, "inteqra.db"), Files: filepath.Join(dir, "files")}
	source, err := app.Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer source.Close()
	keys, err := app.LoadKeys(cfg)
	if err != nil {
		t.Fatal(err)
	}
	a, err := app.New(source, "http://localhost", storage.NewFolder(cfg.Files), keys)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if _, _, err := demo.SeedFull(ctx, a, 40); err != nil {
		t.Fatal(err)
	}
	a.SignAudit(ctx)
	t.Logf("demo made in %v", time.Since(start).Round(time.Millisecond))

	start = time.Now()
	rep, err := migratedata.Copy(ctx, source, target, migratedata.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("copied in %v: %d tables, replica role %v, skipped %v, pending jobs %v",
		time.Since(start).Round(time.Millisecond), len(rep.Rows), rep.ReplicaRole, rep.Skipped, rep.PendingJobs)

	from, err := db.CountRows(ctx, source)
	if err != nil {
		t.Fatal(err)
	}
	to, err := db.CountRows(ctx, target)
	if err != nil {
		t.Fatal(err)
	}
	filled := 0
	for name, n := range from {
		if _, skipped := rep.Skipped[name]; skipped {
			continue
		}
		if to[name] != n || rep.Rows[name] != n {
			t.Errorf("%s: %d rows in the source, %d in the target, %d reported", name, n, to[name], rep.Rows[name])
		}
		if n > 0 {
			filled++
		}
	}
	if filled < 40 {
		t.Errorf("only %d tables held rows: the demo no longer fills the database this test relies on", filled)
	}
	if _, ok := rep.Skipped["goose_db_version"]; !ok {
		t.Error("goose's version table was not skipped")
	}

	for _, tbl := range []string{"persons", "person_names", "audit_events", "users", "cases"} {
		if from[tbl] == 0 {
			t.Errorf("%s is empty in the source", tbl)
		}
		if hs, ht := contentHash(t, source, tbl), contentHash(t, target, tbl); hs != ht {
			t.Errorf("%s differs: source %s, target %s", tbl, hs, ht)
		}
	}

	var jobs, carried int64
	if err := source.QueryRowContext(ctx, `SELECT count(*) FROM river_job WHERE state NOT IN ('completed', 'cancelled', 'discarded')`).Scan(&jobs); err != nil {
		t.Fatal(err)
	}
	if err := target.QueryRowContext(ctx, `SELECT count(*) FROM river_job WHERE state NOT IN ('completed', 'cancelled', 'discarded')`).Scan(&carried); err != nil {
		t.Fatal(err)
	}
	reported := int64(0)
	for _, n := range rep.PendingJobs {
		reported += n
	}
	if jobs == 0 || carried != jobs || reported != jobs {
		t.Errorf("unfinished jobs: %d in the source, %d carried over, %d reported", jobs, carried, reported)
	}

	store := audit.NewStore(target, keys.Audit)
	store.UseRecord(keys.AuditRecord)
	v, err := store.Verify(access.With(ctx, access.System()))
	if err != nil {
		t.Fatal(err)
	}
	if !v.OK() || v.Checked != from["audit_events"] || v.Checkpoints == 0 || v.Recorded == 0 {
		t.Errorf("audit verify on the target: %+v", v)
	}

	for _, tbl := range []string{"persons", "users", "cases"} {
		var next, maxID int64
		if err := target.QueryRowContext(ctx, `SELECT nextval(pg_get_serial_sequence($1, 'id'))`, tbl).Scan(&next); err != nil {
			t.Fatal(err)
		}
		if err := target.QueryRowContext(ctx, `SELECT MAX(id) FROM `+tbl).Scan(&maxID); err != nil {
			t.Fatal(err)
		}
		if next != maxID+1 {
			t.Errorf("%s: next id %d, want %d", tbl, next, maxID+1)
		}
	}

	// Now the target holds data: refused without force, replaced with it.
	if _, err := migratedata.Copy(ctx, source, target, migratedata.Options{}); !errors.Is(err, migratedata.ErrTargetInUse) {
		t.Errorf("a second copy without force: %v, want ErrTargetInUse", err)
	}
	// The second copy has PostgreSQL check every reference on the way in,
	// as for a target's user who is no superuser: the tables' order must
	// put every parent first. Its batches end after 4 KB, as a table of
	// large files' do after 32 MB.
	restore := migratedata.SmallBatches(4 << 10)
	again, err := migratedata.Copy(ctx, source, target, migratedata.Options{Force: true, CheckReferences: true})
	restore()
	if err != nil {
		t.Errorf("a second copy with force, checking references: %v", err)
	}
	if again.ReplicaRole {
		t.Error("the foreign-key triggers were off though CheckReferences")
	}
	for _, tbl := range []string{"persons", "person_names", "audit_events"} {
		if hs, ht := contentHash(t, source, tbl), contentHash(t, target, tbl); hs != ht {
			t.Errorf("%s differs after the forced copy in small batches", tbl)
		}
	}
	if again.Rows["persons"] != from["persons"] {
		t.Errorf("the forced copy reports %d persons, want %d", again.Rows["persons"], from["persons"])
	}
}

// TestCopyRefusesOldSchema refuses a source a migration has not reached.
func TestCopyRefusesOldSchema(t *testing.T) {
	target := dbtest.Postgres(t)
	source := dbtest.SQLiteFile(t)
	ctx := context.Background()
	if _, err := source.ExecContext(ctx, `DELETE FROM goose_db_version WHERE version_id = (SELECT MAX(version_id) FROM goose_db_version)`); err != nil {
		t.Fatal(err)
	}
	if _, err := migratedata.Copy(ctx, source, target, migratedata.Options{}); !errors.Is(err, migratedata.ErrSchemaVersion) {
		t.Errorf("copy of an old schema: %v, want ErrSchemaVersion", err)
	}
}

// contentHash hashes every row of tbl, in a sorted order, each value written the
// same way whichever database it came from: a time in UTC, a boolean and
// SQLite's 0 or 1 as 0 or 1.
func contentHash(t *testing.T, d *db.DB, tbl string) string {
	t.Helper()
	rows, err := d.QueryContext(context.Background(), `SELECT * FROM `+tbl)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		var line []string
		for i, v := range vals {
			line = append(line, cols[i]+"="+canonical(v))
		}
		slices.Sort(line) // the columns' order may differ between the dialects
		lines = append(lines, strings.Join(line, "\x1f"))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	slices.Sort(lines) // not every table has an id to order by
	h := sha256.New()
	for _, l := range lines {
		fmt.Fprintln(h, l)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func canonical(v any) string {
	switch x := v.(type) {
	case nil:
		return "NULL"
	case time.Time:
		return x.UTC().Format(time.RFC3339Nano)
	case bool:
		if x {
			return "1"
		}
		return "0"
	case []byte:
		return hex.EncodeToString(x)
	default:
		return fmt.Sprint(x)
	}
}
