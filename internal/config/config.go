// Package config reads the server's settings from flags and INTEQRA_*
// environment variables (flags win) and checks them before anything starts.
package config

import (
	"errors"
	"flag"
	"fmt"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"inteqra/internal/request"
)

// Config is the validated configuration of one app node.
type Config struct {
	Addr     string // listen address, e.g. ":8080"
	DB       string // SQLite file path or postgres:// DSN
	BaseURL  string // public address, e.g. https://inteqra.migration.gov.az
	LogLevel string // debug, info, warn, error
	Files    string // folder that keeps uploaded and generated files
	// MetricsAddr is where Prometheus metrics are served, apart from the
	// public address; empty serves none.
	MetricsAddr string

	// Key files live outside the database (see package keyfile); empty
	// means beside the database, as KeyFile says.
	AuditKeyFile  string // signs the audit chain's checkpoints
	SecretKeyFile string // encrypts secrets kept at rest, such as TOTP secrets

	// SMTPURL names the mail server the e-mails go through
	// (smtp://user:password@host:587, smtps://…); empty holds them in the
	// outbox. MailFrom is their sender.
	SMTPURL  string
	MailFrom string

	// BackupDir is where the server writes a backup archive every night
	// (package backup); empty writes none. BackupKeep is how many of those
	// archives it keeps, deleting the oldest.
	BackupDir  string
	BackupKeep int

	// TrustedProxies are the reverse proxies (addresses and networks,
	// comma-separated) whose X-Forwarded-For names the client; empty
	// trusts none, and the client is the TCP peer.
	TrustedProxies string

	// DBReplicas names PostgreSQL read replicas of DB, postgres:// DSNs
	// separated by commas (see Replicas); searches, dashboards and exports
	// read from them while they lag at most DBReplicaMaxLag.
	DBReplicas      string
	DBReplicaMaxLag time.Duration
}

// Defaults are what a newcomer gets with no flags and no environment.
var Defaults = Config{Addr: ":8080", DB: "inteqra.db", BaseURL: "http://localhost:8080", LogLevel: "info", Files: "files", BackupKeep: DefaultBackupKeep,
	DBReplicaMaxLag: DefaultReplicaMaxLag}

// Flags registers the server flags on fs, with defaults taken from the
// environment, and returns the Config they fill once fs is parsed.
func Flags(fs *flag.FlagSet) *Config {
	c := &Config{}
	fs.StringVar(&c.Addr, "addr", env("INTEQRA_ADDR", Defaults.Addr), "listen address (INTEQRA_ADDR)")
	fs.StringVar(&c.DB, "db", env("INTEQRA_DB", Defaults.DB), "SQLite file or postgres:// DSN (INTEQRA_DB)")
	fs.StringVar(&c.BaseURL, "base-url", env("INTEQRA_BASE_URL", Defaults.BaseURL), "public base URL (INTEQRA_BASE_URL)")
	fs.StringVar(&c.LogLevel, "log-level", env("INTEQRA_LOG_LEVEL", Defaults.LogLevel), "debug, info, warn or error (INTEQRA_LOG_LEVEL)")
	fs.StringVar(&c.Files, "files", env("INTEQRA_FILES", Defaults.Files), "folder for uploaded and generated files (INTEQRA_FILES)")
	fs.StringVar(&c.MetricsAddr, "metrics-addr", env("INTEQRA_METRICS_ADDR", ""), "address for Prometheus metrics, e.g. 127.0.0.1:9090; empty serves none (INTEQRA_METRICS_ADDR)")
	fs.StringVar(&c.AuditKeyFile, "audit-key-file", env("INTEQRA_AUDIT_KEY_FILE", ""), "key that signs audit checkpoints; default beside the database (INTEQRA_AUDIT_KEY_FILE)")
	fs.StringVar(&c.SecretKeyFile, "secret-key-file", env("INTEQRA_SECRET_KEY_FILE", ""), "key that encrypts secrets at rest; default beside the database (INTEQRA_SECRET_KEY_FILE)")
	fs.StringVar(&c.SMTPURL, "smtp-url", env("INTEQRA_SMTP_URL", ""), "mail server for e-mails, smtp://user:password@host:587 or smtps://…; empty keeps them in the outbox (INTEQRA_SMTP_URL)")
	fs.StringVar(&c.MailFrom, "mail-from", env("INTEQRA_MAIL_FROM", ""), "sender of the e-mails, e.g. \"inteqra <no-reply@migration.gov.az>\" (INTEQRA_MAIL_FROM)")
	fs.StringVar(&c.BackupDir, "backup-dir", env("INTEQRA_BACKUP_DIR", ""), "folder for a nightly backup archive (04:00 Baku); empty makes none (INTEQRA_BACKUP_DIR)")
	fs.IntVar(&c.BackupKeep, "backup-keep", envInt("INTEQRA_BACKUP_KEEP", DefaultBackupKeep), "nightly backup archives to keep; older ones are deleted (INTEQRA_BACKUP_KEEP)")
	fs.StringVar(&c.TrustedProxies, "trusted-proxies", env("INTEQRA_TRUSTED_PROXIES", ""), "reverse proxies whose X-Forwarded-For names the client, e.g. 127.0.0.1 or 10.0.0.0/8; empty trusts none (INTEQRA_TRUSTED_PROXIES)")
	fs.StringVar(&c.DBReplicas, "db-replicas", env("INTEQRA_DB_REPLICAS", ""), "PostgreSQL read replicas of the database, postgres:// DSNs separated by commas; empty reads only from the database (INTEQRA_DB_REPLICAS)")
	fs.DurationVar(&c.DBReplicaMaxLag, "db-replica-max-lag", envDuration("INTEQRA_DB_REPLICA_MAX_LAG", Defaults.DBReplicaMaxLag), "how far behind a replica may be and still serve reads, e.g. 5s (INTEQRA_DB_REPLICA_MAX_LAG)")
	return c
}

// DefaultReplicaMaxLag is how far behind a read replica may be unless said
// (the same as db.DefaultReplicaMaxLag; config does not import db).
const DefaultReplicaMaxLag = 5 * time.Second

// Replicas returns the DSNs of DBReplicas, without blanks.
func (c Config) Replicas() []string {
	var list []string
	for _, dsn := range strings.Split(c.DBReplicas, ",") {
		if dsn = strings.TrimSpace(dsn); dsn != "" {
			list = append(list, dsn)
		}
	}
	return list
}

// Proxies returns the trusted proxies; Validate has checked them.
func (c Config) Proxies() []netip.Prefix {
	p, _ := request.ParsePrefixes(c.TrustedProxies)
	return p
}

// DefaultBackupKeep is how many nightly backups are kept unless said.
const DefaultBackupKeep = 7

// KeyFile returns where the key named name ("audit" or "secret") is kept:
// the file given for it, else beside a SQLite database file (inteqra.db →
// inteqra.db-audit.key), else in the files folder, which several nodes on
// PostgreSQL share anyway.
func (c Config) KeyFile(name string) string {
	switch {
	case name == "audit" && c.AuditKeyFile != "":
		return c.AuditKeyFile
	case name == "secret" && c.SecretKeyFile != "":
		return c.SecretKeyFile
	}
	if path, ok := c.SQLiteFile(); ok {
		return path + "-" + name + ".key"
	}
	return filepath.Join(c.Files, "inteqra-"+name+".key")
}

// SQLiteFile returns the path of the SQLite file the database is, and
// false when it is none: PostgreSQL, a file: URI or an in-memory database.
func (c Config) SQLiteFile() (string, bool) {
	for _, prefix := range []string{"postgres://", "postgresql://", "file:"} {
		if strings.HasPrefix(c.DB, prefix) {
			return "", false
		}
	}
	return c.DB, c.DB != ":memory:"
}

// CheckpointRecord returns the file beside the audit key where every
// audit checkpoint signed is appended (audit.Store.UseRecord): the record
// of what was signed that someone who can write only the database cannot
// delete. Several nodes on PostgreSQL share it with the key, in the files
// folder.
func (c Config) CheckpointRecord() string { return c.KeyFile("audit") + ".checkpoints" }

func env(name, fallback string) string {
	if v, ok := os.LookupEnv(name); ok && v != "" {
		return v
	}
	return fallback
}

// envInt reads a whole number; one that is not a number gives 0, which
// Validate refuses, rather than silently the fallback.
func envInt(name string, fallback int) int {
	v, ok := os.LookupEnv(name)
	if !ok || v == "" {
		return fallback
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil {
		return 0
	}
	return n
}

// envDuration reads a duration such as "5s"; one that is not gives 0,
// which Validate refuses, rather than silently the fallback.
func envDuration(name string, fallback time.Duration) time.Duration {
	v, ok := os.LookupEnv(name)
	if !ok || v == "" {
		return fallback
	}
	d, err := time.ParseDuration(strings.TrimSpace(v))
	if err != nil {
		return 0
	}
	return d
}

// Validate reports every problem with c at once.
func (c Config) Validate() error {
	var errs []error
	if c.Addr == "" {
		errs = append(errs, errors.New("addr must not be empty"))
	}
	if strings.TrimSpace(c.DB) == "" {
		errs = append(errs, errors.New("db must name a SQLite file or a postgres:// DSN"))
	}
	if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		errs = append(errs, fmt.Errorf("base-url %q must be an absolute http or https URL", c.BaseURL))
	}
	if _, err := request.ParsePrefixes(c.TrustedProxies); err != nil {
		errs = append(errs, fmt.Errorf("trusted-proxies %q: %w", c.TrustedProxies, err))
	}
	if c.MetricsAddr != "" && c.MetricsAddr == c.Addr {
		errs = append(errs, fmt.Errorf("metrics-addr %q must differ from addr: metrics are never served on the public address", c.MetricsAddr))
	}
	if strings.TrimSpace(c.Files) == "" {
		errs = append(errs, errors.New("files must name a folder"))
	}
	if c.BackupDir != "" && c.BackupKeep < 1 {
		errs = append(errs, errors.New("backup-keep (INTEQRA_BACKUP_KEEP) must be a whole number of at least 1"))
	}
	errs = append(errs, c.validateReplicas()...)
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		errs = append(errs, fmt.Errorf("log-level %q must be debug, info, warn or error", c.LogLevel))
	}
	return errors.Join(errs...)
}

// validateReplicas checks the read replicas: PostgreSQL DSNs of a
// PostgreSQL database, and a positive bound on their lag.
func (c Config) validateReplicas() []error {
	replicas := c.Replicas()
	if len(replicas) == 0 {
		return nil
	}
	var errs []error
	if !isPostgres(c.DB) {
		errs = append(errs, errors.New("db-replicas (INTEQRA_DB_REPLICAS) need a PostgreSQL database: SQLite has no replicas"))
	}
	for _, dsn := range replicas {
		if !isPostgres(dsn) {
			errs = append(errs, errors.New("db-replicas (INTEQRA_DB_REPLICAS) must be postgres:// DSNs separated by commas"))
			break
		}
	}
	if c.DBReplicaMaxLag <= 0 {
		errs = append(errs, errors.New("db-replica-max-lag (INTEQRA_DB_REPLICA_MAX_LAG) must be a positive duration such as 5s"))
	}
	return errs
}

func isPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}
