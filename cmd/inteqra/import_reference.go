package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"inteqra/internal/db"
)

const referenceUsage = "usage: inteqra import reference FILE [-dir DIR] [-sqlite3 PATH]"

// referenceTables are the rows an import leaves in the registry, each in
// the order of its primary key: what the C SQLite library writes fastest.
var referenceTables = []struct{ table, order string }{
	{"persons", "id"},
	{"person_names", "id"},
	{"person_keys", "kind, key, person_id"},
	{"person_citizenships", "person_id, country"},
	{"person_languages", "person_id, language"},
	{"residence_statuses", "id"},
	{"person_documents", "person_id, document_no"},
}

// importReference measures an import against a floor: it imports FILE
// into a new SQLite file, then has the sqlite3 program (C SQLite) copy the
// rows the import left into an empty migrated database, each table in the
// order of its primary key, in one transaction, and prints both times,
// their ratio and the size of the file per person. Both run on the same
// machine one after the other, so the ratio holds where the times do not.
func importReference(ctx context.Context, args []string, out, errOut io.Writer) error {
	fs := flag.NewFlagSet("import reference", flag.ContinueOnError)
	dir := fs.String("dir", "", "folder for import.db and reference.db (a new temporary folder when empty)")
	sqlite3 := fs.String("sqlite3", "sqlite3", "the sqlite3 program")
	file, err := parseWithFile(fs, args[1:])
	if err != nil {
		return fmt.Errorf("%w\n%s", err, referenceUsage)
	}
	if *dir == "" {
		if *dir, err = os.MkdirTemp("", "inteqra-reference-"); err != nil {
			return err
		}
	}
	imported, reference := filepath.Join(*dir, "import.db"), filepath.Join(*dir, "reference.db")
	// The files of an earlier run: the databases, their WAL and their keys.
	for _, f := range []string{imported, reference} {
		old, _ := filepath.Glob(f + "*")
		for _, o := range old {
			if err := os.Remove(o); err != nil {
				return err
			}
		}
	}

	// The import's report (every flagged row) is left out; the counts are below.
	start := time.Now()
	err = importPersons(ctx, []string{"persons", file, "-db", imported, "-files", filepath.Join(*dir, "files"), "-mode", "valid"}, io.Discard, errOut)
	if err != nil {
		return err
	}
	importTime := time.Since(start)

	d, err := db.Open(ctx, reference)
	if err == nil {
		err = d.Migrate(ctx)
		d.Close()
	}
	if err != nil {
		return err
	}
	script := fmt.Sprintf("PRAGMA synchronous = NORMAL;\nPRAGMA cache_size = -262144;\nATTACH '%s' AS src;\nBEGIN;\n", imported)
	for _, t := range referenceTables {
		script += fmt.Sprintf("INSERT INTO main.%[1]s SELECT * FROM src.%[1]s ORDER BY %[2]s;\n", t.table, t.order)
	}
	script += "COMMIT;\n"
	start = time.Now()
	if _, err := sqlite(ctx, *sqlite3, reference, script); err != nil {
		return err
	}
	refTime := time.Since(start)

	persons, err := sqlite(ctx, *sqlite3, imported, "SELECT count(*) FROM persons;")
	if err != nil {
		return err
	}
	var n int64
	fmt.Sscan(persons, &n)
	fmt.Fprintf(out, "import of %s: %d persons in %.1f s (%.0f persons/s)\n", file, n, importTime.Seconds(), float64(n)/importTime.Seconds())
	fmt.Fprintf(out, "C sqlite3 load of the same rows in primary-key order: %.1f s; ratio %.2f\n", refTime.Seconds(), importTime.Seconds()/refTime.Seconds())
	for _, f := range []string{imported, reference} {
		if fi, err := os.Stat(f); err == nil && n > 0 {
			fmt.Fprintf(out, "%s: %d bytes, %d per person\n", f, fi.Size(), fi.Size()/n)
		}
	}
	return nil
}

// sqlite runs script with the sqlite3 program on the database file and
// returns what it printed.
func sqlite(ctx context.Context, program, file, script string) (string, error) {
	cmd := exec.CommandContext(ctx, program, "-bail", file)
	cmd.Stdin = strings.NewReader(script)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("%s %s: %w: %s", program, file, err, stderr.String())
	}
	return stdout.String(), nil
}
