package main

import (
	"context"
	"crypto/ed25519"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"inteqra/internal/access"
	"inteqra/internal/app"
	"inteqra/internal/audit"
	"inteqra/internal/backup"
	"inteqra/internal/config"
	"inteqra/internal/keyfile"
)

const backupUsage = "usage: inteqra backup [-db DSN] [-files DIR] -o FILE|DIR\n" +
	"       inteqra backup verify ARCHIVE [-audit-key-file FILE]\n" +
	"       inteqra restore ARCHIVE [-db DSN] [-files DIR] [-force]"

// backupCommand writes an archive of the database and the files folder
// while the server may keep serving, or checks one (verify).
func backupCommand(ctx context.Context, args []string, out io.Writer) error {
	if len(args) > 0 && args[0] == "verify" {
		return backupVerify(ctx, args[1:], out)
	}
	cfg, fs := parse("backup")
	dest := fs.String("o", "", "the archive to write, or a folder to write inteqra-YYYYMMDD-HHMMSS.tar.gz into")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *dest == "" || fs.NArg() > 0 {
		return errors.New(backupUsage)
	}
	d, err := openExisting(ctx, *cfg)
	if err != nil {
		return err
	}
	defer d.Close()
	opt := backupOptions(*cfg)
	opt.Version = app.Version
	opt.Exclude = append(opt.Exclude, *dest)
	path, m, err := backup.Create(ctx, d, *dest, opt)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "wrote %s\n", path)
	printManifest(out, m)
	fmt.Fprintf(out, "the key files are not in the archive: keep %s and %s safe apart from it\n", cfg.KeyFile("audit"), cfg.KeyFile("secret"))
	return nil
}

// backupOptions leaves the key files and their record out of the archive,
// for on PostgreSQL they live in the files folder, and the backups' own
// folder too.
func backupOptions(cfg config.Config) backup.Options {
	opt := backup.Options{Files: cfg.Files, Exclude: keyFiles(cfg)}
	if cfg.BackupDir != "" {
		opt.Exclude = append(opt.Exclude, cfg.BackupDir)
	}
	return opt
}

// keyFiles are the files kept outside every archive.
func keyFiles(cfg config.Config) []string {
	return []string{cfg.KeyFile("audit"), cfg.KeyFile("secret"), cfg.CheckpointRecord()}
}

func printManifest(out io.Writer, m backup.Manifest) {
	var rows int64
	for _, n := range m.Tables {
		rows += n
	}
	files := len(m.Members) - 1
	fmt.Fprintf(out, "%s database at schema version %d, made %s by inteqra %s: %d tables, %d rows; %d files\n",
		m.Dialect, m.Schema, m.Created.Format("2006-01-02 15:04:05 UTC"), m.Version, len(m.Tables), rows, files)
	fmt.Fprintf(out, "audit chain: %d events", m.Audit.Events)
	if len(m.Audit.Checkpoint) > 0 {
		fmt.Fprint(out, ", with the latest signed checkpoint")
	}
	fmt.Fprintln(out)
}

// auditKey reads the installation's audit key without ever making one: a
// new key would check nothing.
func auditKey(cfg config.Config) (ed25519.PrivateKey, error) {
	seed, err := keyfile.Read(cfg.KeyFile("audit"), ed25519.SeedSize)
	if err != nil {
		return nil, fmt.Errorf("the audit key file %s cannot be read (%w): without it the restored audit chain cannot be checked; name it with -audit-key-file or INTEQRA_AUDIT_KEY_FILE", cfg.KeyFile("audit"), err)
	}
	return ed25519.NewKeyFromSeed(seed), nil
}

// backupVerify checks an archive without restoring it.
func backupVerify(ctx context.Context, args []string, out io.Writer) error {
	cfg, fs := parse("backup verify")
	archive, err := parseArchive(fs, args)
	if err != nil {
		return err
	}
	// A PostgreSQL archive is checked without the key; a SQLite one needs it.
	key, keyErr := auditKey(*cfg)
	m, v, err := backup.Check(ctx, archive, key)
	if errors.Is(err, backup.ErrNoKey) {
		return keyErr
	}
	if err != nil {
		return err
	}
	printManifest(out, m)
	if m.Dialect != "sqlite" {
		fmt.Fprintln(out, "OK: every member matches its SHA-256 in the manifest; a PostgreSQL dump's rows and audit chain are checked when it is restored")
		return nil
	}
	fmt.Fprintf(out, "OK: every member matches the manifest, the copy passes SQLite's integrity check, every table holds the rows counted, and the audit chain of %d events verifies (%d signed checkpoints)\n",
		v.Checked, v.Checkpoints)
	return nil
}

// restoreCommand checks an archive and puts it in place of the database
// and the files folder.
func restoreCommand(ctx context.Context, args []string, out io.Writer) error {
	cfg, fs := parse("restore")
	force := fs.Bool("force", false, "replace a database and files folder that hold data (the old SQLite file and files folder are kept beside, renamed)")
	archive, err := parseArchive(fs, args)
	if err != nil {
		return err
	}
	key, err := auditKey(*cfg)
	if err != nil {
		return err
	}
	t := backup.Target{DB: cfg.DB, Files: cfg.Files, Keep: keyFiles(*cfg), Force: *force, AuditKey: key}
	r, err := backup.Restore(ctx, archive, t)
	if err != nil {
		return err
	}
	printManifest(out, r.Manifest)
	fmt.Fprintf(out, "restored into %s and %s: every member, table count and the audit chain of %d events checked\n", cfg.DB, cfg.Files, r.Verification.Checked)
	if r.DBAside != "" {
		fmt.Fprintf(out, "the database it replaced is kept as %s\n", r.DBAside)
	}
	if r.FilesAside != "" {
		fmt.Fprintf(out, "the files folder it replaced is kept as %s\n", r.FilesAside)
	}
	return recordNote(ctx, *cfg, key, out)
}

// recordNote tells the operator when the local record of checkpoints
// beside the key lists checkpoints the restored database lacks: the server
// then refuses to sign until the record is moved aside (ARCHITECTURE.md).
func recordNote(ctx context.Context, cfg config.Config, key ed25519.PrivateKey, out io.Writer) error {
	if _, err := os.Stat(cfg.CheckpointRecord()); err != nil {
		return nil
	}
	d, err := openExisting(ctx, cfg)
	if err != nil {
		return err
	}
	defer d.Close()
	store := audit.NewStore(d, key)
	store.UseRecord(cfg.CheckpointRecord())
	v, err := store.Verify(access.With(ctx, access.System()))
	if err != nil {
		return err
	}
	if !v.OK() {
		fmt.Fprintf(out, "note: the local record of checkpoints %s lists what this installation signed after the backup (%s);\n"+
			"the server will not sign checkpoints until it is moved aside: mv %s %s.before-restore (keep it: audit verify -checkpoint shows what was lost)\n",
			cfg.CheckpointRecord(), v.Reason, cfg.CheckpointRecord(), cfg.CheckpointRecord())
	}
	return nil
}

// parseArchive parses flags given before or after the one archive named.
func parseArchive(fs *flag.FlagSet, args []string) (string, error) {
	var archive string
	for {
		if err := fs.Parse(args); err != nil {
			return "", err
		}
		if fs.NArg() == 0 {
			break
		}
		if archive != "" {
			return "", errors.New(backupUsage)
		}
		archive, args = fs.Arg(0), fs.Args()[1:]
	}
	if archive == "" {
		return "", errors.New(backupUsage)
	}
	return archive, nil
}
