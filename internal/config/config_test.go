package config

import (
	"flag"
	"strings"
	"testing"
	"time"
)

func TestFlagsAndEnvironment(t *testing.T) {
	t.Setenv("INTEQRA_DB", "postgres://u@h/db")
	t.Setenv("INTEQRA_ADDR", ":9000")
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	c := Flags(fs)
	if err := fs.Parse([]string{"-addr", ":9100"}); err != nil {
		t.Fatal(err)
	}
	if c.Addr != ":9100" || c.DB != "postgres://u@h/db" || c.BaseURL != Defaults.BaseURL {
		t.Errorf("got %+v; want the flag over the environment over the default", *c)
	}
	if err := c.Validate(); err != nil {
		t.Errorf("Validate: %v", err)
	}
}

func TestValidate(t *testing.T) {
	t.Parallel()
	c := Config{Addr: "", DB: " ", BaseURL: "localhost:8080", LogLevel: "loud"}
	err := c.Validate()
	if err == nil {
		t.Fatal("bad configuration accepted")
	}
	same := Config{Addr: ":8080", DB: "x.db", BaseURL: "http://x", LogLevel: "info", Files: "f", MetricsAddr: ":8080"}
	if err := same.Validate(); err == nil || !strings.Contains(err.Error(), "metrics-addr") {
		t.Errorf("metrics on the public address: Validate = %v, want it refused", err)
	}
	for _, want := range []string{"addr", "db", "base-url", "log-level"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %s", err, want)
		}
	}
}

func TestKeyFile(t *testing.T) {
	t.Parallel()
	tests := []struct {
		cfg        Config
		name, want string
	}{
		{Config{DB: "data/inteqra.db", Files: "files"}, "audit", "data/inteqra.db-audit.key"},
		{Config{DB: "inteqra.db", Files: "files"}, "secret", "inteqra.db-secret.key"},
		{Config{DB: "postgres://u@db/inteqra", Files: "/srv/files"}, "audit", "/srv/files/inteqra-audit.key"},
		{Config{DB: "inteqra.db", Files: "files", AuditKeyFile: "/etc/inteqra/audit.key"}, "audit", "/etc/inteqra/audit.key"},
		{Config{DB: "inteqra.db", Files: "files", AuditKeyFile: "/etc/inteqra/audit.key"}, "secret", "inteqra.db-secret.key"},
		{Config{DB: "inteqra.db", Files: "files", SecretKeyFile: "/etc/inteqra/secret.key"}, "secret", "/etc/inteqra/secret.key"},
	}
	for _, tt := range tests {
		if got := tt.cfg.KeyFile(tt.name); got != tt.want {
			t.Errorf("%+v.KeyFile(%q) = %q, want %q", tt.cfg, tt.name, got, tt.want)
		}
	}
}

// TestCheckpointRecord: the record of signed checkpoints lives beside the
// audit key, wherever that key is.
func TestCheckpointRecord(t *testing.T) {
	t.Parallel()
	tests := []struct {
		cfg  Config
		want string
	}{
		{Config{DB: "inteqra.db", Files: "files"}, "inteqra.db-audit.key.checkpoints"},
		{Config{DB: "postgres://db/inteqra", Files: "/srv/files"}, "/srv/files/inteqra-audit.key.checkpoints"},
		{Config{DB: "inteqra.db", Files: "files", AuditKeyFile: "/etc/inteqra/audit.key"}, "/etc/inteqra/audit.key.checkpoints"},
	}
	for _, tt := range tests {
		if got := tt.cfg.CheckpointRecord(); got != tt.want {
			t.Errorf("%+v.CheckpointRecord() = %q, want %q", tt.cfg, got, tt.want)
		}
	}
}

func TestBackupSettings(t *testing.T) {
	t.Setenv("INTEQRA_BACKUP_DIR", "/var/backups/inteqra")
	tests := []struct {
		keep    string // INTEQRA_BACKUP_KEEP
		args    []string
		want    int
		wantErr bool
	}{
		{"", nil, DefaultBackupKeep, false},
		{"14", nil, 14, false},
		{"14", []string{"-backup-keep", "3"}, 3, false},
		{"seven", nil, 0, true},
		{"", []string{"-backup-keep", "0"}, 0, true},
	}
	for _, tt := range tests {
		t.Setenv("INTEQRA_BACKUP_KEEP", tt.keep)
		fs := flag.NewFlagSet("test", flag.ContinueOnError)
		c := Flags(fs)
		if err := fs.Parse(tt.args); err != nil {
			t.Fatal(err)
		}
		err := c.Validate()
		if c.BackupDir != "/var/backups/inteqra" || c.BackupKeep != tt.want || (err != nil) != tt.wantErr {
			t.Errorf("keep %q %v: got dir %q keep %d, error %v; want keep %d, error %t", tt.keep, tt.args, c.BackupDir, c.BackupKeep, err, tt.want, tt.wantErr)
		}
		if err != nil && !strings.Contains(err.Error(), "backup-keep") {
			t.Errorf("error %q does not mention backup-keep", err)
		}
	}
}

func TestTrustedProxies(t *testing.T) {
	t.Parallel()
	c := Config{Addr: ":8080", DB: "x.db", BaseURL: "http://x", LogLevel: "info", Files: "f", BackupKeep: 7, TrustedProxies: "127.0.0.1, 10.0.0.0/8"}
	if err := c.Validate(); err != nil || len(c.Proxies()) != 2 {
		t.Errorf("two proxies: %v, %v", c.Proxies(), err)
	}
	c.TrustedProxies = "nginx"
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "trusted-proxies") {
		t.Errorf("a name as a proxy: Validate = %v, want it refused", err)
	}
}

func TestReplicaSettings(t *testing.T) {
	t.Setenv("INTEQRA_DB", "postgres://u@primary/db")
	t.Setenv("INTEQRA_DB_REPLICAS", " postgres://u@r1/db, postgresql://u@r2/db ,")
	t.Setenv("INTEQRA_DB_REPLICA_MAX_LAG", "3s")
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	c := Flags(fs)
	if err := fs.Parse(nil); err != nil {
		t.Fatal(err)
	}
	if got := c.Replicas(); len(got) != 2 || got[0] != "postgres://u@r1/db" || got[1] != "postgresql://u@r2/db" {
		t.Errorf("Replicas = %q, want the two DSNs", got)
	}
	if c.DBReplicaMaxLag != 3*time.Second {
		t.Errorf("max lag = %v, want 3s", c.DBReplicaMaxLag)
	}
	if err := c.Validate(); err != nil {
		t.Errorf("Validate: %v", err)
	}
	if d := (Config{}).Replicas(); d != nil {
		t.Errorf("no replicas = %q", d)
	}
	if Defaults.DBReplicaMaxLag != 5*time.Second {
		t.Errorf("default max lag = %v", Defaults.DBReplicaMaxLag)
	}

	base := Config{Addr: ":8080", DB: "postgres://u@primary/db", BaseURL: "http://x", LogLevel: "info", Files: "f", DBReplicaMaxLag: time.Second}
	for _, tt := range []struct {
		change func(*Config)
		want   string
	}{
		{func(c *Config) { c.DB = "inteqra.db"; c.DBReplicas = "postgres://u@r/db" }, "SQLite has no replicas"},
		{func(c *Config) { c.DBReplicas = "r1.db" }, "must be postgres:// DSNs"},
		{func(c *Config) { c.DBReplicas = "postgres://u@r/db"; c.DBReplicaMaxLag = 0 }, "positive duration"},
	} {
		c := base
		tt.change(&c)
		if err := c.Validate(); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Validate(%+v) = %v, want %q", c, err, tt.want)
		}
	}
	// A lag that is no duration is refused, not replaced by the default.
	t.Setenv("INTEQRA_DB_REPLICA_MAX_LAG", "five seconds")
	fs = flag.NewFlagSet("test", flag.ContinueOnError)
	c = Flags(fs)
	if err := fs.Parse(nil); err != nil {
		t.Fatal(err)
	}
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "db-replica-max-lag") {
		t.Errorf("Validate with a bad lag = %v, want it refused", err)
	}
}
