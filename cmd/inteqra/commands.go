package main

import (
	"context"
	"crypto/ed25519"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/app"
	"inteqra/internal/audit"
	"inteqra/internal/auth"
	"inteqra/internal/config"
	"inteqra/internal/db"
	"inteqra/internal/demo"
	"inteqra/internal/i18n"
	"inteqra/internal/keyfile"
	"inteqra/internal/notify"
	"inteqra/internal/request"
	"inteqra/internal/storage"
	"inteqra/internal/web"
)

func parse(name string) (*config.Config, *flag.FlagSet) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	return config.Flags(fs), fs
}

func setupLogging(level string) {
	var l slog.Level
	_ = l.UnmarshalText([]byte(level))
	slog.SetDefault(slog.New(web.LogHandler(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: l}))))
}

func serve(ctx context.Context, args []string, withDemo bool) error {
	cfg, fs := parse("serve")
	persons := 0
	if withDemo {
		fs.IntVar(&persons, "persons", 300, "demo persons to register in an empty registry")
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := cfg.Validate(); err != nil {
		return err
	}
	setupLogging(cfg.LogLevel)
	if withDemo {
		if err := freshDemoRecord(*cfg, time.Now()); err != nil {
			return err
		}
	}
	a, err := openApp(ctx, *cfg)
	if err != nil {
		return err
	}
	defer a.DB.Close()
	var logins []demo.Login
	var summary demo.Summary
	if withDemo {
		start := time.Now()
		if logins, summary, err = demo.SeedFull(ctx, a, persons); err != nil {
			return err
		}
		if summary.Persons > 0 {
			fmt.Printf("demo data made in %s: %d persons (%d planted duplicates; %d likely duplicates queued), courses, a finished cohort with certificates, cases in every state, %d Council proposals\n",
				time.Since(start).Round(time.Millisecond), summary.Persons, summary.Duplicates, summary.Queued, summary.Proposals)
		}
		if h := summary.History; h.Cases > 0 {
			fmt.Printf("history for the statistics dashboards, %d–%d: %d persons registered month by month, %d cases (%d closed) with %d referrals, %d past cohorts with %d learners and %d certificates, %d Council proposals answered\n",
				h.From, h.To, h.Dated, h.Cases, h.Closed, h.Referrals, h.Cohorts, h.Enrolments, h.Certificates, h.Proposals)
		}
		if summary.Facts > 0 {
			fmt.Printf("statistics: %d facts counted for the dashboards at /dashboards (analyst, supervisor, coordinator, strategy officer, admin); the public figures at /statistics\n", summary.Facts)
		}
	}
	a.Handler = request.FromProxies(cfg.Proxies(), a.Handler)
	return a.Serve(ctx, cfg.Addr, cfg.MetricsAddr, func(addr net.Addr) {
		fmt.Printf("inteqra %s is running on %s (database: %s)\n", app.Version, displayURL(cfg.BaseURL, addr), cfg.DB)
		if withDemo {
			fmt.Printf("\nDemo logins (password %q for all):\n", demo.Password)
			for _, l := range logins {
				note := ""
				if l.Role.RequiresMFA() {
					note = "  (enrols an authenticator app at first sign-in)"
				}
				fmt.Printf("  %-18s %s%s\n", l.Role, l.Email, note)
			}
			if summary.Certificate != "" {
				fmt.Printf("\nTry certificate verification: %s/verify/%s\n", displayURL(cfg.BaseURL, addr), summary.Certificate)
			}
			if summary.Proposal != "" {
				fmt.Printf("Council proposals in every state: %s/council/proposals; follow one up at /council/proposals/status with %s and birth date %s\n",
					displayURL(cfg.BaseURL, addr), summary.Proposal, summary.ProposalBy)
			}
			if summary.Members > 0 {
				fmt.Printf("The Migrant Council with %d active members (those who consented are listed): %s/council; the secretariat's list at /council/members\n",
					summary.Members, displayURL(cfg.BaseURL, addr))
			}
			if summary.Meetings > 0 {
				fmt.Printf("%d Council meetings: two held with published minutes (PDF in az/en/ru), one whose minutes wait, one to come with its agenda: %s/council; the secretariat's at /council/manage/meetings\n",
					summary.Meetings, displayURL(cfg.BaseURL, addr))
			}
			if summary.Measures > 0 {
				fmt.Printf("The integration Strategy's Action Plan with %d measures across the ministries, some delayed: %s/strategy; the strategy officer's at /action-plan, the focal point's (%s) at /action-plan/mine; an accepted Council proposal linked to the measure that carries it out; indicators with yearly targets on every objective (computed from the programme's figures) and on every second measure (reported in the progress reports by sex and age, charted against baseline and target on the public page); the plan's page downloads its annual monitoring report (PDF or XLSX, az/en/ru); the programme dashboard counts the measures on track\n",
					summary.Measures, displayURL(cfg.BaseURL, addr), demo.FocalPointOrganisation)
			}
			if ids := summary.Imports; ids[0] != 0 {
				fmt.Printf("Bulk import of persons at %s/people/import (consultant): import #%d read a Windows-1251 extract (the report shows the encoding, the names as read and its bad row); #%d is the same file uploaded again, whose report asks to confirm before importing it twice; an import commits a chunk at a time, and one cut off is resumed or discarded (docs/OPERATIONS.md); backups with inteqra backup\n",
					displayURL(cfg.BaseURL, addr), ids[0], ids[1])
			}
			if p := summary.Proof; p.Reference != "" {
				fmt.Printf("Migrants' own area: %s (%s) sees her certificate, course and attendance at %s/me, and agrees online to the draft integration plan her consultant made at /me/plan; make a new account at /account/signup (the confirmation link is in the log), then link it with certificate %s, birth date %s and document %s; consultants decide the requests of migrants without one at /link-requests, and invite a person from their page\n",
					demo.Email(access.Migrant), "Dilnoza Sultanova", displayURL(cfg.BaseURL, addr), p.Reference, p.BirthDate, p.DocumentNo)
			}
			if summary.APIToken != "" {
				fmt.Printf("The JSON API, described at %s/api/docs: the demo partner's system (service account %q) answers its referrals with token %s (shown only now), e.g.\n  curl -H \"Authorization: Bearer %s\" %s/api/v1/referrals\n",
					displayURL(cfg.BaseURL, addr), demo.PartnerSystem, summary.APIToken, summary.APIToken, displayURL(cfg.BaseURL, addr))
			}
			fmt.Printf("E-mails to applicants (received, accepted, waitlisted, rejected; in their language) wait in the outbox with no mail server configured: %s/admin/outbox as admin (set INTEQRA_SMTP_URL to send them); every signed-in user has a bell at /notifications\n",
				displayURL(cfg.BaseURL, addr))
			fmt.Println("\nPress Ctrl+C to stop.")
		}
	})
}

// openApp opens and migrates the database of cfg and wires the app on it;
// the caller closes a.DB.
func openApp(ctx context.Context, cfg config.Config) (*app.App, error) {
	d, err := app.Open(ctx, cfg)
	if err != nil {
		return nil, err
	}
	keys, err := app.LoadKeys(cfg)
	if err != nil {
		d.Close()
		return nil, err
	}
	a, err := app.New(d, cfg.BaseURL, storage.NewFolder(cfg.Files), keys)
	if err != nil {
		d.Close()
		return nil, err
	}
	if _, err := a.Users.EncryptSecrets(ctx); err != nil {
		d.Close()
		return nil, err
	}
	if err := useMailer(a, cfg); err != nil {
		d.Close()
		return nil, err
	}
	if cfg.BackupDir != "" {
		a.ScheduleBackups(cfg.BackupDir, cfg.BackupKeep, backupOptions(cfg))
	}
	return a, nil
}

// useMailer sends the e-mails through the mail server cfg names; with
// none they stay in the outbox, which admins read at /admin/outbox.
func useMailer(a *app.App, cfg config.Config) error {
	if cfg.SMTPURL == "" {
		return a.Notify.UseMailer(nil, cfg.MailFrom)
	}
	m, err := notify.NewSMTP(cfg.SMTPURL)
	if err != nil {
		return err
	}
	return a.Notify.UseMailer(m, cfg.MailFrom)
}

// freshDemoRecord moves aside the record of audit checkpoints when the demo
// starts on a SQLite file that does not exist yet: a newcomer who deleted
// inteqra.db to start over keeps the key files beside it, and the record of
// the old database would rightly stop the server from signing the new one.
// Only the demo does this, for only the demo knows the database is new by
// intent; serve keeps refusing, as it must after a database was replaced.
func freshDemoRecord(cfg config.Config, now time.Time) error {
	path, ok := cfg.SQLiteFile()
	if !ok {
		return nil
	}
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	record := cfg.CheckpointRecord()
	if _, err := os.Stat(record); err != nil {
		return nil
	}
	aside := record + ".before-" + now.UTC().Format("20060102T150405Z")
	if err := os.Rename(record, aside); err != nil {
		return err
	}
	fmt.Printf("a new demo database: the checkpoint record of the earlier one is kept as %s\n", aside)
	return nil
}

// openUsers opens and migrates the database of cfg with just the user
// store, for the commands that need no more; the caller closes the database.
func openUsers(ctx context.Context, cfg config.Config) (*db.DB, *auth.Store, error) {
	d, err := app.Open(ctx, cfg)
	if err != nil {
		return nil, nil, err
	}
	keys, err := app.LoadKeys(cfg)
	if err != nil {
		d.Close()
		return nil, nil, err
	}
	users, err := auth.NewStore(d, keys.Secret)
	if err != nil {
		d.Close()
		return nil, nil, err
	}
	return d, users, nil
}

// closeApp signs an audit checkpoint over the events the command recorded,
// so that a command run between server starts leaves none uncovered, and
// closes the database.
func closeApp(ctx context.Context, a *app.App) {
	a.SignAudit(context.WithoutCancel(ctx))
	a.DB.Close()
}

// displayURL prefers the configured base URL, but shows the real port when
// the server was asked for port 0.
func displayURL(base string, addr net.Addr) string {
	if strings.HasSuffix(base, ":8080") {
		if tcp, ok := addr.(*net.TCPAddr); ok && tcp.Port != 8080 {
			return fmt.Sprintf("http://localhost:%d", tcp.Port)
		}
	}
	return base
}

func migrate(ctx context.Context, args []string) error {
	cfg, fs := parse("migrate")
	if err := fs.Parse(args); err != nil {
		return err
	}
	d, users, err := openUsers(ctx, *cfg)
	if err != nil {
		return err
	}
	defer d.Close()
	// Secrets written before they were sealed are sealed now; a migration
	// cannot do it, for the key is not in the database.
	if n, err := users.EncryptSecrets(ctx); err != nil {
		return err
	} else if n > 0 {
		fmt.Printf("sealed %d TOTP secrets\n", n)
	}
	fmt.Println("schema is up to date")
	return nil
}

func userCreate(ctx context.Context, args []string) error {
	cfg, fs := parse("user create")
	email := fs.String("email", "", "e-mail address (sign-in name)")
	name := fs.String("name", "", "full name")
	role := fs.String("role", "", "role: "+rolesList())
	org := fs.Int64("org", 0, "organisation id")
	lang := fs.String("lang", "az", "language: az, en or ru")
	if err := fs.Parse(args); err != nil {
		return err
	}
	d, users, err := openUsers(ctx, *cfg)
	if err != nil {
		return err
	}
	defer d.Close()
	in := auth.UserInput{Email: *email, Name: *name, Role: access.Role(*role), OrganisationID: *org, Active: true, Language: i18n.Lang(*lang)}
	u, password, err := users.CreateUserGenerated(access.With(ctx, access.System()), in, true)
	if err != nil {
		cat, lerr := i18n.Load()
		if lerr != nil {
			return err
		}
		return userError(cat.Printer(i18n.EN), err)
	}
	fmt.Printf("created user %d %s (%s)\none-time password: %s\nthe user must change it at the first sign-in\n", u.ID, u.Email, u.Role, password)
	return nil
}

func rolesList() string {
	var names []string
	for _, r := range access.Roles {
		names = append(names, string(r))
	}
	return strings.Join(names, ", ")
}

func auditVerify(ctx context.Context, args []string) error {
	cfg, fs := parse("audit verify")
	keptFile := fs.String("checkpoint", "", "a file of checkpoints kept elsewhere (lines printed by inteqra audit checkpoint): the database must still hold each; the local record beside the audit key is always read")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var kept []audit.Checkpoint
	if *keptFile != "" {
		text, err := os.ReadFile(*keptFile)
		if err != nil {
			return err
		}
		if kept, err = audit.ParseCheckpoints(text); err != nil {
			return err
		}
		for i := range kept {
			kept[i].Source = *keptFile
		}
	}
	// A verifier must not write to the database it distrusts nor make keys:
	// it reads the audit key (a key made now would check nothing: only the
	// installation's own key tells a real checkpoint from a forged one),
	// opens the database without migrating it and builds the audit store
	// alone, so nothing at start seals secrets or creates files.
	seed, err := keyfile.Read(cfg.KeyFile("audit"), ed25519.SeedSize)
	if err != nil {
		return fmt.Errorf("the audit key file %s cannot be read (%w): without it the checkpoints cannot be checked; name it with -audit-key-file or INTEQRA_AUDIT_KEY_FILE", cfg.KeyFile("audit"), err)
	}
	d, err := openExisting(ctx, *cfg)
	if err != nil {
		return err
	}
	defer d.Close()
	store := audit.NewStore(d, ed25519.NewKeyFromSeed(seed))
	// The local record beside the key is a copy kept outside the database.
	store.UseRecord(cfg.CheckpointRecord())
	v, err := store.Verify(access.With(ctx, access.System()), kept...)
	if err != nil {
		return err
	}
	if !v.OK() {
		fmt.Printf("BROKEN at event %d: %s\n", v.BrokenAt, v.Reason)
		if v.Checked > 0 {
			fmt.Printf("(the %d events before it are intact)\n", v.Checked)
		}
		return fmt.Errorf("audit chain broken at event %d", v.BrokenAt)
	}
	fmt.Printf("OK: %d events, chain intact\n", v.Checked)
	if v.Checkpoints > 0 {
		fmt.Printf("%d signed checkpoints match the chain (key %s); the latest covers events 1-%d, signed at %s\n",
			v.Checkpoints, audit.Fingerprint(store.PublicKey()), v.Covered, v.CoveredAt.Format(time.RFC3339))
	} else {
		fmt.Println("no signed checkpoint in the database")
	}
	if v.Recorded > 0 {
		fmt.Printf("%d checkpoints in the local record %s match\n", v.Recorded, store.RecordPath())
	} else {
		fmt.Printf("no checkpoint of this key in the local record %s\n", store.RecordPath())
	}
	if len(kept) > 0 {
		fmt.Printf("%d checkpoints kept in %s match: the database still holds their heads\n", v.Kept, *keptFile)
	}
	for _, o := range v.NotChecked {
		fmt.Printf("%d checkpoints (up to event %d) signed by another key (fingerprint %s), not checked: this key's checkpoints cover their events\n",
			o.Checkpoints, o.Events, o.Fingerprint)
	}
	if n := v.Uncovered(); n > 0 {
		fmt.Printf("%d events (from %d) are not yet covered by a checkpoint\n", n, v.Covered+1)
		if n > audit.CheckpointEvery {
			fmt.Println("that is more than a running server leaves unsigned: check that the checkpoints were not removed, against copies kept elsewhere")
		}
	}
	return nil
}

// openExisting opens the database of cfg without migrating it; a SQLite
// file must exist already (opening one would create it).
func openExisting(ctx context.Context, cfg config.Config) (*db.DB, error) {
	if path, ok := cfg.SQLiteFile(); ok {
		if _, err := os.Stat(path); err != nil {
			return nil, fmt.Errorf("the database %s cannot be read: %w", path, err)
		}
	}
	return db.Open(ctx, cfg.DB)
}

// auditCheckpoint signs the chain's head if events were recorded since the
// latest checkpoint, then prints the latest as one JSON line for the
// operator to keep elsewhere (a file on another machine, a log server).
func auditCheckpoint(ctx context.Context, args []string, out io.Writer) error {
	cfg, fs := parse("audit checkpoint")
	if err := fs.Parse(args); err != nil {
		return err
	}
	a, err := openApp(ctx, *cfg)
	if err != nil {
		return err
	}
	defer a.DB.Close()
	c, err := a.Audit.WriteCheckpoint(ctx)
	if err != nil {
		return err
	}
	line, err := c.MarshalText()
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(out, string(line))
	return err
}

func version() error {
	fmt.Println("inteqra", app.Version)
	if bi, ok := debug.ReadBuildInfo(); ok {
		fmt.Println(bi.GoVersion)
	}
	return nil
}
