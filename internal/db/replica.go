package db

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// Read replicas (PostgreSQL only). Reads that may be a few seconds old —
// searches, dashboards, exports — call Replica or ReplicaSnapshot; every
// other read and every write stays on the primary. A background checker
// measures each replica every second (WithReplicaCheck); a replica that
// fails, is no standby of the primary's database, or lags past the bound
// is skipped until it is healthy again.
// A user who has just written reads from the primary until a replica has
// replayed that write (read-your-writes).

// DefaultReplicaMaxLag is how far behind the primary a replica may be and
// still serve reads, unless said otherwise.
const DefaultReplicaMaxLag = 5 * time.Second

// defaultReplicaCheck is how often the replicas are measured.
const defaultReplicaCheck = time.Second

// Option changes how Open opens a database.
type Option func(*options)

type options struct {
	replicas []string
	maxLag   time.Duration
	every    time.Duration
	userOf   func(context.Context) int64
}

// WithReplicas has reads that may be stale go to the PostgreSQL replicas
// named by dsns while they lag at most maxLag (0: DefaultReplicaMaxLag).
// Open refuses replicas of a SQLite database.
func WithReplicas(dsns []string, maxLag time.Duration) Option {
	return func(o *options) {
		o.replicas = dsns
		o.maxLag = maxLag
	}
}

// WithReplicaCheck sets how often the replicas are measured (default one
// second); tests make it shorter.
func WithReplicaCheck(every time.Duration) Option {
	return func(o *options) { o.every = every }
}

// WithUserOf tells the database who acts in a context (0: no one), for
// read-your-writes: db cannot ask package access itself, which imports it.
func WithUserOf(fn func(context.Context) int64) Option {
	return func(o *options) { o.userOf = fn }
}

// LSN is a position in PostgreSQL's write-ahead log.
type LSN uint64

// ParseLSN reads PostgreSQL's text form of an LSN, "16/B374D848".
func ParseLSN(s string) (LSN, error) {
	hi, lo, ok := strings.Cut(strings.TrimSpace(s), "/")
	if !ok {
		return 0, fmt.Errorf("db: bad LSN %q", s)
	}
	h, err := strconv.ParseUint(hi, 16, 32)
	if err != nil {
		return 0, fmt.Errorf("db: bad LSN %q", s)
	}
	l, err := strconv.ParseUint(lo, 16, 32)
	if err != nil {
		return 0, fmt.Errorf("db: bad LSN %q", s)
	}
	return LSN(h<<32 | l), nil
}

// lsnSample is the primary's WAL position as the checker saw it at a time.
type lsnSample struct {
	lsn LSN
	at  time.Time
}

// replicaLag is how long the primary has had WAL that a replica which
// replayed up to replay has not: now minus the first sample ahead of it.
// The lag is measured on this node's clock alone, so clock skew between
// servers and an idle primary (whose last transaction is old) do not
// count as lag. samples are in order of time.
func replicaLag(samples []lsnSample, replay LSN, now time.Time) time.Duration {
	for _, s := range samples {
		if s.lsn > replay {
			return now.Sub(s.at)
		}
	}
	return 0
}

// addSample keeps the primary's positions of the last keep: only the first
// time a position was seen matters, and the newest is always kept so that
// a replica still behind an old write shows its whole lag.
func addSample(samples []lsnSample, s lsnSample, keep time.Duration) []lsnSample {
	if n := len(samples); n == 0 || s.lsn > samples[n-1].lsn {
		samples = append(samples, s)
	}
	cut := 0
	for cut < len(samples)-1 && s.at.Sub(samples[cut+1].at) > keep {
		cut++
	}
	return samples[cut:]
}

// replicaState is what the last check found.
type replicaState struct {
	ok     bool // answered, is a standby
	replay LSN
	lag    time.Duration
	err    error
}

// replica is one replica's pool and its health.
type replica struct {
	name  string // host:port, for the log; never the password
	pool  *sql.DB
	mu    sync.Mutex
	state replicaState
}

func (r *replica) get() replicaState {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.state
}

func (r *replica) set(s replicaState) (was replicaState) {
	r.mu.Lock()
	defer r.mu.Unlock()
	was, r.state = r.state, s
	return was
}

// down marks the replica unusable after a query failed on it, until the
// next check finds it well.
func (r *replica) down(err error) {
	s := r.get()
	s.ok, s.err = false, err
	r.set(s)
	slog.Warn("db: replica failed, reading from the primary", "replica", r.name, "err", err)
}

// usable reports whether a replica in state s may serve a read that must
// see the primary up to need.
func usable(s replicaState, maxLag time.Duration, need LSN) bool {
	return s.ok && s.lag <= maxLag && s.replay >= need
}

// userWrite is a user's last commit: the primary's position after it.
type userWrite struct {
	lsn LSN
	at  time.Time
}

// replicaSet is the replicas of a DB and what the checker knows of them.
type replicaSet struct {
	list   []*replica
	maxLag time.Duration
	every  time.Duration
	userOf func(context.Context) int64
	next   atomic.Uint32 // round robin among the usable replicas

	mu      sync.Mutex
	samples []lsnSample         // the primary's recent positions
	primary primaryFacts        // as last read
	writes  map[int64]userWrite // each user's last commit, while it matters

	stop chan struct{}
	done chan struct{}
}

// writeMemory is how long a user's commit is remembered. Past it, a
// replica that has not replayed the commit has been behind the primary
// for longer than maxLag and the lag check already skips it: the sample
// of a position at or past the commit is at most one check old.
func (rs *replicaSet) writeMemory() time.Duration { return rs.maxLag + 3*rs.every }

// need is the position a replica must have replayed to serve user's reads.
func (rs *replicaSet) need(user int64, now time.Time) LSN {
	if user == 0 {
		return 0
	}
	rs.mu.Lock()
	defer rs.mu.Unlock()
	w, ok := rs.writes[user]
	if !ok || now.Sub(w.at) > rs.writeMemory() {
		return 0
	}
	return w.lsn
}

// wrote remembers that user committed up to lsn.
func (rs *replicaSet) wrote(user int64, lsn LSN, now time.Time) {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	if w, ok := rs.writes[user]; ok && w.lsn > lsn {
		lsn = w.lsn
	}
	rs.writes[user] = userWrite{lsn: lsn, at: now}
}

// pick returns a usable replica, taking turns, or nil.
func (rs *replicaSet) pick(need LSN) *replica {
	n := len(rs.list)
	start := int(rs.next.Add(1))
	for i := range n {
		r := rs.list[(start+i)%n]
		if usable(r.get(), rs.maxLag, need) {
			return r
		}
	}
	return nil
}

// openReplicas opens the replicas' pools. A replica that does not answer
// yet is no reason to refuse to start: the checker skips it until it does.
func (d *DB) openReplicas(ctx context.Context, o options) error {
	if len(o.replicas) == 0 {
		return nil
	}
	if d.dialect != Postgres {
		return errors.New("db: read replicas need a PostgreSQL database, not SQLite")
	}
	rs := &replicaSet{maxLag: o.maxLag, every: o.every, userOf: o.userOf, writes: map[int64]userWrite{},
		stop: make(chan struct{}), done: make(chan struct{})}
	if rs.maxLag <= 0 {
		rs.maxLag = DefaultReplicaMaxLag
	}
	if rs.every <= 0 {
		rs.every = defaultReplicaCheck
	}
	for _, dsn := range o.replicas {
		if !IsPostgres(dsn) {
			rs.closePools()
			return fmt.Errorf("db: replica %q must be a postgres:// DSN", ReplicaName(dsn))
		}
		pool, err := sql.Open("pgx", dsn)
		if err != nil {
			rs.closePools()
			return fmt.Errorf("db: open replica %s: %w", ReplicaName(dsn), err)
		}
		pool.SetMaxOpenConns(20)
		pool.SetMaxIdleConns(10)
		pool.SetConnMaxIdleTime(5 * time.Minute)
		rs.list = append(rs.list, &replica{name: ReplicaName(dsn), pool: pool,
			state: replicaState{err: errors.New("not checked yet")}})
	}
	d.replicas = rs
	d.checkReplicas(ctx) // so that the first reads may use them
	go d.watchReplicas()
	return nil
}

// ReplicaName is the host, port and database of a DSN, for messages: a
// DSN may carry a password.
func ReplicaName(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "(unreadable DSN)"
	}
	return u.Host + u.Path
}

func (rs *replicaSet) closePools() error {
	var err error
	for _, r := range rs.list {
		err = errors.Join(err, r.pool.Close())
	}
	return err
}

// closeReplicas stops the checker and closes the replicas' pools.
func (d *DB) closeReplicas() error {
	rs := d.replicas
	if rs == nil {
		return nil
	}
	close(rs.stop)
	<-rs.done
	return rs.closePools()
}

func (d *DB) watchReplicas() {
	rs := d.replicas
	defer close(rs.done)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { // Close does not wait for a check's time limit
		select {
		case <-rs.stop:
			cancel()
		case <-ctx.Done():
		}
	}()
	tick := time.NewTicker(rs.every)
	defer tick.Stop()
	for {
		select {
		case <-rs.stop:
			return
		case <-tick.C:
			d.checkReplicas(ctx)
		}
	}
}

// primaryFacts is what a replica is compared with: the position of the
// primary's WAL, the identifier of its server (a physical replica has the
// same) and the database's name.
type primaryFacts struct {
	lsn      LSN
	system   string
	database string
}

// checkReplicas measures every replica once: first the primary's position,
// then each replica's replayed position, all replicas at once, each within
// a time limit.
func (d *DB) checkReplicas(ctx context.Context) {
	rs := d.replicas
	limit := max(rs.every, 2*time.Second)
	pctx, cancel := context.WithTimeout(ctx, limit)
	var text string
	var primary primaryFacts
	err := d.write.QueryRowContext(pctx, `SELECT pg_current_wal_lsn()::text,
		(SELECT system_identifier FROM pg_control_system())::text, current_database()`).Scan(&text, &primary.system, &primary.database)
	cancel()
	if err == nil {
		primary.lsn, err = ParseLSN(text)
	}
	now := time.Now()
	rs.mu.Lock()
	if err == nil {
		rs.samples = addSample(rs.samples, lsnSample{lsn: primary.lsn, at: now}, 2*rs.maxLag+2*rs.every)
		rs.primary = primary
	} else {
		slog.Warn("db: cannot read the primary's WAL position for the replicas' lag", "err", err)
	}
	samples, primary := rs.samples, rs.primary
	for user, w := range rs.writes {
		if now.Sub(w.at) > rs.writeMemory() {
			delete(rs.writes, user)
		}
	}
	rs.mu.Unlock()
	var wg sync.WaitGroup
	for _, r := range rs.list {
		wg.Go(func() { rs.check(ctx, r, primary, samples, limit) })
	}
	wg.Wait()
}

// check measures one replica and logs when it starts or stops serving.
func (rs *replicaSet) check(ctx context.Context, r *replica, primary primaryFacts, samples []lsnSample, limit time.Duration) {
	s := probe(ctx, r.pool, primary, limit)
	if s.err == nil {
		s.lag = replicaLag(samples, s.replay, time.Now())
	}
	was := r.set(s)
	switch ok := usable(s, rs.maxLag, 0); {
	case ok && !usable(was, rs.maxLag, 0):
		slog.Info("db: replica serves reads", "replica", r.name, "lag", s.lag)
	case !ok && (usable(was, rs.maxLag, 0) || was.err == nil || s.err == nil || was.err.Error() != s.err.Error()):
		slog.Warn("db: replica skipped", "replica", r.name, "lag", s.lag, "max_lag", rs.maxLag, "err", s.err)
	}
}

// probe asks a replica how far it has replayed the primary's WAL, and
// whether it is a standby of the primary's server with the same database.
func probe(ctx context.Context, pool *sql.DB, primary primaryFacts, limit time.Duration) replicaState {
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	var standby bool
	var text, system, database string
	err := pool.QueryRowContext(ctx, `SELECT pg_is_in_recovery(), COALESCE(pg_last_wal_replay_lsn()::text, ''),
		(SELECT system_identifier FROM pg_control_system())::text, current_database()`).Scan(&standby, &text, &system, &database)
	switch {
	case err != nil:
		return replicaState{err: err}
	case !standby:
		return replicaState{err: errors.New("not a standby: it is a primary, whose data no one replays")}
	case primary.system != "" && system != primary.system:
		return replicaState{err: fmt.Errorf("not a replica of the primary's server (system identifier %s, the primary's %s)", system, primary.system)}
	case primary.database != "" && database != primary.database:
		return replicaState{err: fmt.Errorf("names database %q, not the primary's %q", database, primary.database)}
	}
	lsn, err := ParseLSN(text)
	if err != nil {
		return replicaState{err: err}
	}
	return replicaState{ok: true, replay: lsn}
}

// noteWrite remembers the primary's position after a commit made for the
// user in ctx, so that this user's next reads wait for a replica that has
// it. If the position cannot be read, the user reads from the primary
// until the write is forgotten.
func (d *DB) noteWrite(ctx context.Context) {
	rs := d.replicas
	if rs == nil || rs.userOf == nil {
		return
	}
	user := rs.userOf(ctx)
	if user == 0 {
		return
	}
	lsn := LSN(math.MaxUint64)
	var text string
	if err := d.write.QueryRowContext(context.WithoutCancel(ctx), `SELECT pg_current_wal_lsn()::text`).Scan(&text); err == nil {
		if l, err := ParseLSN(text); err == nil {
			lsn = l
		}
	}
	rs.wrote(user, lsn, time.Now())
}

// Replica returns where to run reads that may be served by a replica: a
// healthy replica that has what the user in ctx wrote, else the primary's
// read pool (always so on SQLite and without replicas). A query the
// replica fails with a lost connection or a recovery conflict runs again
// on the primary; a failed QueryRowContext does not (its error comes only
// with Scan: use QueryContext and ScanOne), and the next check catches it.
// The reads must not write.
func (d *DB) Replica(ctx context.Context) Querier {
	rs := d.replicas
	if rs == nil {
		return d
	}
	if q, ok := ctx.Value(replicaKey{d}).(Querier); ok {
		if rr, ok := q.(*replicaReader); !ok || rr.r.get().ok {
			return q
		}
	}
	var user int64
	if rs.userOf != nil {
		user = rs.userOf(ctx)
	}
	r := rs.pick(rs.need(user, time.Now()))
	if r == nil {
		return d
	}
	return &replicaReader{r: r, d: d}
}

type replicaKey struct{ d *DB }

// OneReplica returns ctx holding the reader Replica chooses now, so that
// every Replica(ctx) of a request that reads in several queries (a
// dashboard: the version of the statistics, then its counts) gets the
// same replica, not one further behind than the other. A ctx that holds
// one already is returned as it is.
func (d *DB) OneReplica(ctx context.Context) context.Context {
	if d.replicas == nil || ctx.Value(replicaKey{d}) != nil {
		return ctx
	}
	return context.WithValue(ctx, replicaKey{d}, d.Replica(ctx))
}

// ReplicaSnapshot is Snapshot on a replica chosen as by Replica: fn sees one
// consistent state of the database. When the replica fails on the way
// (lost connection, recovery conflict) fn runs again on the primary, so fn
// must have no effect but its reads.
func (d *DB) ReplicaSnapshot(ctx context.Context, fn func(q Querier) error) error {
	rr, ok := d.Replica(ctx).(*replicaReader)
	if !ok {
		return d.Snapshot(ctx, fn)
	}
	err := snapshotOn(ctx, rr.r.pool, d.dialect, fn)
	if replicaFailed(ctx, err) {
		rr.r.down(err)
		return d.Snapshot(ctx, fn)
	}
	return err
}

// replicaFailed reports whether err is the replica's fault rather than
// the query's: it could not be reached or lost the connection, is shutting
// down, or cancelled the query for a conflict with the WAL it replays.
func replicaFailed(ctx context.Context, err error) bool {
	if err == nil || ctx.Err() != nil {
		return false
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return strings.HasPrefix(pgErr.Code, "08") || strings.HasPrefix(pgErr.Code, "57P") || pgErr.Code == "40001"
	}
	var connErr *pgconn.ConnectError
	var netErr net.Error
	return errors.As(err, &connErr) || errors.As(err, &netErr) || errors.Is(err, driver.ErrBadConn) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || pgconn.SafeToRetry(err) ||
		strings.Contains(err.Error(), "conn closed")
}

// ScanOne scans the first row of a query into dest and closes the rows,
// like QueryRowContext(…).Scan, with sql.ErrNoRows when there is none. A
// read through Replica that wants one row uses it with QueryContext, which
// falls back to the primary when the replica fails (QueryRowContext
// cannot: its error comes only with Scan).
func ScanOne(rows *sql.Rows, err error, dest ...any) error {
	if err != nil {
		return err
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return err
		}
		return sql.ErrNoRows
	}
	if err := rows.Scan(dest...); err != nil {
		return err
	}
	return rows.Close()
}

// replicaReader runs reads on a replica, falling back to the primary.
type replicaReader struct {
	r *replica
	d *DB
}

// ErrReplicaWrite is what a write through Replica gets: it is a bug.
var ErrReplicaWrite = errors.New("db: a write through the replica reader")

func (q *replicaReader) Dialect() Dialect { return q.d.dialect }

func (q *replicaReader) ExecContext(context.Context, string, ...any) (sql.Result, error) {
	return nil, ErrReplicaWrite
}

func (q *replicaReader) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	rows, err := q.r.pool.QueryContext(ctx, query, args...)
	if replicaFailed(ctx, err) {
		q.r.down(err)
		return q.d.QueryContext(ctx, query, args...)
	}
	return rows, err
}

func (q *replicaReader) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return q.r.pool.QueryRowContext(ctx, query, args...)
}

// ReplicaStatus is one replica's health, for the log and the operators.
type ReplicaStatus struct {
	Name   string
	Usable bool
	Lag    time.Duration
	Err    error
}

// Replicas reports the replicas' health as last measured.
func (d *DB) Replicas() []ReplicaStatus {
	if d.replicas == nil {
		return nil
	}
	var list []ReplicaStatus
	for _, r := range d.replicas.list {
		s := r.get()
		list = append(list, ReplicaStatus{Name: r.name, Usable: usable(s, d.replicas.maxLag, 0), Lag: s.lag, Err: s.err})
	}
	return list
}
