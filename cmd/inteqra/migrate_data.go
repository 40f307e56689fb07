package main

import (
	"context"
	"crypto/ed25519"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"slices"
	"strings"

	"inteqra/internal/access"
	"inteqra/internal/audit"
	"inteqra/internal/config"
	"inteqra/internal/db"
	"inteqra/internal/keyfile"
	"inteqra/internal/migratedata"
)

const migrateDataUsage = "usage: inteqra migrate-data -from SQLITE_FILE -to postgres://… [-files DIR] [-audit-key-file FILE] [-force] [-check-references]"

// migrateData copies a SQLite installation's database into PostgreSQL
// (package migratedata), checks the audit chain on the copy with the
// installation's key, and tells the operator where the key files must go:
// on PostgreSQL they are looked for in the files folder, not beside a
// database file.
func migrateData(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("migrate-data", flag.ContinueOnError)
	from := fs.String("from", "", "the SQLite file to copy (the server must be stopped)")
	to := fs.String("to", "", "the PostgreSQL database to copy into, postgres://…")
	files := fs.String("files", envOr("INTEQRA_FILES", config.Defaults.Files), "the files folder the server will use on PostgreSQL, where its key files are looked for (INTEQRA_FILES)")
	auditKey := fs.String("audit-key-file", "", "the installation's audit key, if not beside the SQLite file")
	force := fs.Bool("force", false, "replace what the target database holds")
	checkRefs := fs.Bool("check-references", false, "have PostgreSQL check every foreign key as the rows arrive, even as superuser (slower)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *from == "" || *to == "" || fs.NArg() > 0 {
		return errors.New(migrateDataUsage)
	}
	if db.IsPostgres(*from) || !db.IsPostgres(*to) {
		return errors.New("-from must name a SQLite file and -to a postgres:// database\n" + migrateDataUsage)
	}
	if _, err := os.Stat(*from); err != nil {
		return fmt.Errorf("the database %s cannot be read: %w", *from, err)
	}
	source := config.Config{DB: *from, AuditKeyFile: *auditKey}
	target := config.Config{DB: *to, Files: *files}
	// The key is read first: without it the copy could not be checked.
	seed, err := keyfile.Read(source.KeyFile("audit"), ed25519.SeedSize)
	if err != nil {
		return fmt.Errorf("the audit key file %s cannot be read (%w): without it the copy's audit chain cannot be checked; name it with -audit-key-file", source.KeyFile("audit"), err)
	}
	src, err := db.Open(ctx, *from)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := db.Open(ctx, *to)
	if err != nil {
		return err
	}
	defer dst.Close()

	rep, err := migratedata.Copy(ctx, src, dst, migratedata.Options{Force: *force, CheckReferences: *checkRefs})
	if err != nil {
		return err
	}
	printCopy(out, rep)
	store := audit.NewStore(dst, ed25519.NewKeyFromSeed(seed))
	store.UseRecord(source.CheckpointRecord())
	v, err := store.Verify(access.With(ctx, access.System()))
	if err != nil {
		return err
	}
	if !v.OK() {
		return fmt.Errorf("the copy's audit chain does not verify at event %d: %s", v.BrokenAt, v.Reason)
	}
	fmt.Fprintf(out, "audit chain on the target: %d events intact, %d signed checkpoints match (key %s)\n",
		v.Checked, v.Checkpoints, audit.Fingerprint(store.PublicKey()))
	printKeyMoves(out, source, target)
	return nil
}

func printCopy(out io.Writer, rep migratedata.Report) {
	var rows int64
	for _, n := range rep.Rows {
		rows += n
	}
	fmt.Fprintf(out, "copied %d rows in %d tables at schema version %d; every table's rows counted equal on both sides\n", rows, len(rep.Rows), rep.Version)
	if rep.ReplicaRole {
		fmt.Fprintln(out, "foreign-key triggers were off during the copy (session_replication_role = replica); the rows are SQLite's, whose keys it enforced")
	} else {
		fmt.Fprintln(out, "PostgreSQL checked every foreign key as the rows arrived")
	}
	var skipped []string
	for t := range rep.Skipped {
		skipped = append(skipped, t)
	}
	slices.Sort(skipped)
	fmt.Fprintf(out, "not copied: %s (the schema's version and the job queue's own tables)\n", strings.Join(skipped, ", "))
	var jobs []string
	for kind, n := range rep.PendingJobs {
		jobs = append(jobs, fmt.Sprintf("%d %s", n, kind))
	}
	slices.Sort(jobs)
	if len(jobs) > 0 {
		fmt.Fprintf(out, "unfinished background jobs carried over: %s\n", strings.Join(jobs, ", "))
	}
}

// printKeyMoves says which key files the operator must copy, and where:
// they are never in a database, so the copy cannot bring them.
func printKeyMoves(out io.Writer, source, target config.Config) {
	fmt.Fprintln(out, "\nnow copy the key files (mode 0600, owned by the server's user) where the server on PostgreSQL looks for them:")
	if _, err := os.Stat(target.Files); err != nil {
		fmt.Fprintf(out, "  mkdir -p -m 700 %s\n", target.Files)
	}
	for _, f := range []struct{ from, to string }{
		{source.KeyFile("audit"), target.KeyFile("audit")},
		{source.KeyFile("secret"), target.KeyFile("secret")},
		{source.CheckpointRecord(), target.CheckpointRecord()},
	} {
		fmt.Fprintf(out, "  cp -p %s %s\n", f.from, f.to)
	}
	fmt.Fprintln(out, "(or name them with INTEQRA_AUDIT_KEY_FILE and INTEQRA_SECRET_KEY_FILE); the files folder (uploaded documents, PDFs) is not in the database either: the server on PostgreSQL must use this installation's files folder, or a copy of it")
	fmt.Fprintf(out, "then start the server with -db %s -files %s\n", redactDSN(target.DB), target.Files)
}

// redactDSN hides a password in a DSN the command prints.
func redactDSN(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "the -to database"
	}
	return u.Redacted()
}

func envOr(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}
