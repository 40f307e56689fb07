// Package app wires the system together: configuration → database → feature
// stores → HTTP handler, and runs the server until it is told to stop.
package app

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/riverqueue/river"

	"inteqra/internal/access"
	"inteqra/internal/api"
	"inteqra/internal/audit"
	"inteqra/internal/auth"
	"inteqra/internal/backup"
	"inteqra/internal/cases"
	"inteqra/internal/config"
	"inteqra/internal/council"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/imports"
	"inteqra/internal/jobs"
	"inteqra/internal/keyfile"
	"inteqra/internal/migrants"
	"inteqra/internal/mydata"
	"inteqra/internal/notify"
	"inteqra/internal/orgs"
	"inteqra/internal/people"
	"inteqra/internal/stats"
	"inteqra/internal/storage"
	"inteqra/internal/strategy"
	"inteqra/internal/training"
	"inteqra/internal/web"
	"inteqra/internal/webhooks"
)

// Version is set at build time with -ldflags "-X inteqra/internal/app.Version=…".
var Version = "dev"

// App is a wired system on an open database.
type App struct {
	DB       *db.DB
	Catalog  *i18n.Catalog
	Users    *auth.Store
	Orgs     *orgs.Store
	Audit    *audit.Store
	People   *people.Store
	Imports  *imports.Store
	Training *training.Store
	Cases    *cases.Store
	Council  *council.Store
	Strategy *strategy.Store
	Stats    *stats.Store
	Notify   *notify.Store
	Migrants *migrants.Store
	MyData   *mydata.Store
	Webhooks *webhooks.Store
	Sessions *auth.SessionStore
	Jobs     *jobs.Queue // works background jobs once started (Serve does)
	workers  *river.Workers
	Keys     Keys
	Handler  http.Handler // the public site
	Metrics  http.Handler // Prometheus metrics, served only on the metrics address
	// Grace is how long Serve gives in-flight requests and running jobs to
	// finish once it is told to stop: DefaultGrace unless changed.
	Grace time.Duration

	// signProblem is the last failure to sign a checkpoint that was
	// logged, so that the server logs each problem once, not every poll.
	signProblem struct {
		sync.Mutex
		last string
	}
}

// Keys are the secret keys kept outside the database (package keyfile),
// and the record of what the audit key signed, kept beside it.
type Keys struct {
	Audit  ed25519.PrivateKey // signs the audit chain's checkpoints
	Secret []byte             // 32 bytes: encrypts secrets at rest (AES-256-GCM)
	// AuditRecord is the file where each checkpoint signed is appended
	// (config.Config.CheckpointRecord); empty keeps no record.
	AuditRecord string
}

// LoadKeys reads the key files that cfg names, creating them at first
// start, and names the local record of checkpoints beside the audit key.
func LoadKeys(cfg config.Config) (Keys, error) {
	seed, err := keyfile.Load(cfg.KeyFile("audit"), ed25519.SeedSize)
	if err != nil {
		return Keys{}, err
	}
	secret, err := keyfile.Load(cfg.KeyFile("secret"), 32)
	if err != nil {
		return Keys{}, err
	}
	return Keys{Audit: ed25519.NewKeyFromSeed(seed), Secret: secret, AuditRecord: cfg.CheckpointRecord()}, nil
}

// NewKeys makes fresh random keys that live only in memory, for tests and
// throw-away databases; they keep no record of checkpoints.
func NewKeys() Keys {
	_, audit, _ := ed25519.GenerateKey(nil)
	secret := make([]byte, 32)
	rand.Read(secret)
	return Keys{Audit: audit, Secret: secret}
}

// New builds the app on an open, migrated database; files keeps uploaded
// and generated files, keys are the keys kept outside the database.
func New(d *db.DB, baseURL string, files storage.Store, keys Keys) (*App, error) {
	cat, err := i18n.Load()
	if err != nil {
		return nil, err
	}
	users, err := auth.NewStore(d, keys.Secret)
	if err != nil {
		return nil, err
	}
	// The stores that queue jobs are built on the queue, and their workers
	// are added to it before it starts (Serve).
	workers := river.NewWorkers()
	nightly := []*river.PeriodicJob{
		river.NewPeriodicJob(jobs.Daily(2), people.NightlyScan, &river.PeriodicJobOpts{ID: "duplicate_scan"}),
		// Nightly; the figures of the last refresh are kept in the database,
		// and the demo computes its own, so nothing waits for a first one.
		river.NewPeriodicJob(jobs.Daily(stats.RefreshHour), stats.PeriodicRefresh,
			&river.PeriodicJobOpts{ID: "statistics_refresh"}),
		river.NewPeriodicJob(jobs.Daily(notify.RemindHour), notify.PeriodicRemind, &river.PeriodicJobOpts{ID: "notify_remind"}),
	}
	queue, err := jobs.New(d, jobs.Config{Workers: workers, Periodic: nightly})
	if err != nil {
		return nil, err
	}
	a := &App{
		DB: d, Catalog: cat, Users: users, Orgs: orgs.NewStore(d),
		Audit: audit.NewStore(d, keys.Audit), People: people.NewStore(d, queue), Sessions: auth.NewSessionStore(d), Keys: keys, Grace: DefaultGrace,
	}
	a.Audit.UseRecord(keys.AuditRecord)
	a.workers = workers
	a.Training, a.Cases = FeatureStores(d, a.People, a.Users, a.Orgs, files)
	a.Jobs, a.Imports = queue, imports.NewStore(d, a.People, queue)
	a.People.OnMerge(a.Imports.MovePerson)
	// A merge hands the person's proposals to the survivor; an erasure
	// needs no hook, as proposals keep nothing about their author but the link.
	a.Council = council.NewStore(d, a.People, files)
	a.People.OnMerge(a.Council.MovePerson)
	a.Strategy = strategy.NewStore(d, files)
	// The statistics count every feature's facts, each read through its
	// own store.
	a.Stats = stats.NewStore(d, queue, a.People.StatPersons,
		a.People.StatFacts, a.Cases.StatFacts, a.Training.StatFacts, a.Council.StatFacts, a.Strategy.StatFacts)
	a.Strategy.Computing(a.Stats)
	// Features tell people what they did through notify, in their own
	// transactions; its worker sends the e-mails.
	a.Notify = notify.NewStore(d, queue, cat, baseURL)
	a.Training.Notify(a.Notify)
	a.Cases.Notify(a.Notify)
	a.Users.Notify(a.Notify)
	a.Strategy.Notify(a.Notify)
	a.Council.Notify(a.Notify)
	// Migrants' accounts are linked to their persons; the link follows a
	// merge and goes with an erasure.
	a.Migrants = migrants.NewStore(d, a.Users)
	a.Migrants.Notify(a.Notify)
	a.People.OnMerge(auth.MovePerson)
	a.People.OnErase(auth.ErasePerson)
	// Each evening the reminders go out: tomorrow's lessons, the reports
	// due and overdue; each once, whichever node runs them.
	a.Notify.OnRemind(a.Training.RemindLessons)
	a.Notify.OnRemind(a.Strategy.RemindReports)
	a.Notify.OnRemind(a.Cases.RemindCases)
	river.AddWorker(workers, &notify.RemindWorker{Store: a.Notify})
	a.People.OnErase(a.Notify.ErasePerson)
	// A migrant's own data and their correction requests.
	a.MyData = mydata.NewStore(d, a.Notify)
	a.People.OnMerge(a.MyData.MovePerson)
	a.People.OnErase(a.MyData.ErasePerson)
	river.AddWorker(workers, &notify.SendWorker{Store: a.Notify})
	// Partner systems hear of their referrals through webhooks, queued in
	// the transaction of each change; their secrets are sealed like TOTP's.
	sealer, err := auth.NewSealer(keys.Secret)
	if err != nil {
		return nil, err
	}
	a.Webhooks = webhooks.NewStore(webhooks.Config{DB: d, Queue: queue, Sealer: sealer, View: api.ReferralView,
		AllowPrivate: LocalBase(baseURL)})
	a.Cases.OnReferral(a.Webhooks.Raise)
	a.People.OnErase(a.Webhooks.ErasePerson)
	river.AddWorker(workers, &webhooks.DeliverWorker{Store: a.Webhooks})
	river.AddWorker(workers, &stats.RefreshWorker{Store: a.Stats})
	river.AddWorker(workers, &imports.Worker{Store: a.Imports})
	river.AddWorker(workers, &people.ScanWorker{Store: a.People})
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	srv, err := web.New(web.Config{
		DB: d, Catalog: cat, Users: a.Users, Orgs: a.Orgs, Audit: a.Audit, People: a.People, Imports: a.Imports, Training: a.Training, Cases: a.Cases, Council: a.Council, Strategy: a.Strategy, Stats: a.Stats, Notify: a.Notify, Migrants: a.Migrants, MyData: a.MyData, Webhooks: a.Webhooks, Sessions: a.Sessions,
		BaseURL: baseURL, Registry: reg, Version: Version,
	})
	if err != nil {
		return nil, err
	}
	// The JSON API lives beside the pages, with its own middleware: tokens,
	// not sessions; problems, not pages.
	apiSrv := api.New(api.Config{DB: d, Catalog: cat, Users: a.Users, People: a.People, Training: a.Training, Cases: a.Cases,
		Council: a.Council, Strategy: a.Strategy, Stats: a.Stats, Webhooks: a.Webhooks, BaseURL: baseURL})
	site := http.NewServeMux()
	site.Handle(api.Prefix+"/", srv.Instrument(apiSrv.Handler()))
	site.Handle("/", srv.Handler())
	a.Handler, a.Metrics = site, srv.MetricsHandler()
	return a, nil
}

// ScheduleBackups has the server write a backup archive into dir every
// day at backup.Hour, Baku time, keeping the newest keep (the settings
// INTEQRA_BACKUP_DIR and INTEQRA_BACKUP_KEEP); opt says which files go in.
// Call it before Serve.
func (a *App) ScheduleBackups(dir string, keep int, opt backup.Options) {
	opt.Version = Version
	river.AddWorker(a.workers, &backup.Worker{DB: a.DB, Dir: dir, Keep: keep, Options: opt})
	a.Jobs.AddPeriodic(river.NewPeriodicJob(jobs.Daily(backup.Hour), backup.Periodic, &river.PeriodicJobOpts{ID: "backup"}))
}

// LocalBase reports whether the site runs on the developer's own machine
// (a base URL on localhost or a loopback address): only then may webhooks
// go to local and private addresses over plain http, as in the demo and
// the tests.
func LocalBase(baseURL string) bool {
	u, err := url.Parse(baseURL)
	if err != nil {
		return false
	}
	if u.Hostname() == "localhost" {
		return true
	}
	ip, err := netip.ParseAddr(u.Hostname())
	return err == nil && ip.IsLoopback()
}

// FeatureStores builds the training and cases stores on the registry ps
// and registers every hook by which a change in one feature reaches
// another, so that this one function shows every path between features.
// The registry runs the hooks inside its own transaction, in the order
// registered here: a merge moves the person's training records and cases to
// the survivor, an erasure scrubs what both keep about the person, and a
// withdrawn participation consent closes the person's cases. The stores'
// tests build them here too, so they run the same paths as the app.
func FeatureStores(d *db.DB, ps *people.Store, users *auth.Store, os *orgs.Store, files storage.Store) (*training.Store, *cases.Store) {
	ts := training.NewStore(d, ps)
	cs := cases.NewStore(d, ps, users, os, ts, files)
	ps.OnMerge(ts.MovePerson)
	ps.OnErase(ts.ErasePerson)
	ps.OnWithdraw(cs.ConsentWithdrawn)
	ps.OnMerge(cs.MovePerson)
	ps.OnErase(cs.ErasePerson)
	return ts, cs
}

// Open opens and migrates the database named in cfg, with its read
// replicas if any: a user's reads go to the primary right after their
// writes, so db is told who acts in a context.
func Open(ctx context.Context, cfg config.Config) (*db.DB, error) {
	var opts []db.Option
	if replicas := cfg.Replicas(); len(replicas) > 0 {
		opts = append(opts, db.WithReplicas(replicas, cfg.DBReplicaMaxLag),
			db.WithUserOf(func(ctx context.Context) int64 { return access.From(ctx).UserID }))
	}
	d, err := db.Open(ctx, cfg.DB, opts...)
	if err != nil {
		return nil, err
	}
	if err := d.Migrate(ctx); err != nil {
		d.Close()
		return nil, err
	}
	// Keys made by other rules than this program's are made again before
	// anything reads them.
	stale, err := people.KeysStale(ctx, d)
	if err == nil && stale {
		slog.Info("rebuilding the search keys of the persons")
		err = people.RebuildKeys(ctx, d)
	}
	if err != nil {
		d.Close()
		return nil, err
	}
	return d, nil
}

// DefaultGrace is how long in-flight requests get to finish after SIGTERM.
// Jobs get half of it to end, then are cancelled: an import stops after its
// current part and is resumed later (jobs.Queue.Stop).
const DefaultGrace = 20 * time.Second

// Serve listens on addr until ctx is cancelled, then stops accepting
// connections and lets in-flight requests finish. Metrics are served only on
// metricsAddr, apart from the public address, and not at all when it is
// empty. ready, when not nil, is called with the bound public address once
// the server listens.
func (a *App) Serve(ctx context.Context, addr, metricsAddr string, ready func(net.Addr)) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("app: listen on %s: %w", addr, err)
	}
	servers := map[net.Listener]*http.Server{ln: newServer(a.Handler)}
	if metricsAddr != "" {
		mln, err := net.Listen("tcp", metricsAddr)
		if err != nil {
			ln.Close()
			return fmt.Errorf("app: listen for metrics on %s: %w", metricsAddr, err)
		}
		mux := http.NewServeMux()
		mux.Handle("GET /metrics", a.Metrics)
		servers[mln] = newServer(mux)
		slog.Info("metrics", "addr", mln.Addr().String())
	}
	go a.sweepSessions(ctx)
	// The checkpoint loop ends before Serve returns, so the caller may close
	// the database; the last checkpoint is signed after the last request.
	cctx, stopCheckpoints := context.WithCancel(ctx)
	checkpointsDone := make(chan struct{})
	go func() { defer close(checkpointsDone); a.checkpointAudit(cctx) }()
	defer func() { stopCheckpoints(); <-checkpointsDone }()
	go a.sweepImports(ctx)
	// Jobs stop after the requests that may enqueue them, not with ctx.
	if err := a.Jobs.Start(context.WithoutCancel(ctx)); err != nil {
		for l := range servers {
			l.Close()
		}
		return err
	}
	if ready != nil {
		ready(ln.Addr())
	}
	errc := make(chan error, len(servers))
	for l, srv := range servers {
		go func() { errc <- srv.Serve(l) }()
	}
	var serveErr error
	select {
	case serveErr = <-errc:
	case <-ctx.Done():
	}
	slog.Info("shutting down", "grace", a.Grace)
	sctx, cancel := context.WithTimeout(context.Background(), a.Grace)
	defer cancel()
	var errs []error
	for _, srv := range servers {
		if err := srv.Shutdown(sctx); err != nil {
			errs = append(errs, fmt.Errorf("app: shutdown: %w", err))
		}
	}
	if jerr := a.Jobs.Stop(sctx); jerr != nil {
		slog.Warn("stop jobs", "err", jerr)
	}
	stopCheckpoints()
	<-checkpointsDone
	a.SignAudit(sctx)
	if serveErr == nil {
		for range servers {
			if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
				errs = append(errs, err)
			}
		}
	} else {
		errs = append(errs, serveErr)
	}
	return errors.Join(errs...)
}

func newServer(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
}

// sweepSessions deletes expired sessions, sign-in failures too old to
// slow anyone and the API's idempotency keys past their life every few
// minutes.
// sweepImports looks at start, and every minute, for imports whose node
// or process died: a job's run is queued again, any other is marked
// interrupted (imports.Store.Sweep).
func (a *App) sweepImports(ctx context.Context) {
	sys := access.With(ctx, access.System())
	t := time.NewTicker(time.Minute)
	defer t.Stop()
	for {
		requeued, marked, err := a.Imports.Sweep(sys)
		switch {
		case err != nil && ctx.Err() == nil:
			slog.Warn("imports: sweep", "err", err)
		case requeued+marked > 0:
			slog.Warn("imports cut off with their process", "queued_again", requeued, "interrupted", marked)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (a *App) sweepSessions(ctx context.Context) {
	t := time.NewTicker(5 * time.Minute)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if n, err := a.Sessions.DeleteExpired(ctx); err != nil {
				slog.Warn("delete expired sessions", "err", err)
			} else if n > 0 {
				slog.Debug("deleted expired sessions", "count", n)
			}
			if _, err := a.Users.DeleteOldFailures(ctx); err != nil {
				slog.Warn("delete old sign-in failures", "err", err)
			}
			if _, err := api.DeleteOldKeys(ctx, a.DB, time.Now()); err != nil {
				slog.Warn("delete old idempotency keys", "err", err)
			}
		}
	}
}
