package audit

import (
	"cmp"
	"context"
	"crypto/ed25519"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/db"
)

// Store reads the audit log and signs and checks its checkpoints.
type Store struct {
	db     *db.DB
	key    ed25519.PrivateKey // kept in a file outside the database
	public ed25519.PublicKey
	record string // file of the local record of checkpoints; "" keeps none
}

// NewStore returns a Store on d that signs checkpoints with key, the
// Ed25519 key kept outside the database (app.Keys.Audit).
func NewStore(d *db.DB, key ed25519.PrivateKey) *Store {
	if len(key) != ed25519.PrivateKeySize {
		panic("audit: NewStore needs an Ed25519 private key")
	}
	return &Store{db: d, key: key, public: key.Public().(ed25519.PublicKey)}
}

// PublicKey returns the base64 public key that checks this store's
// checkpoints, for an operator who checks kept copies elsewhere.
func (s *Store) PublicKey() string { return encodeKey(s.public) }

// Filter selects events. Zero fields do not filter.
type Filter struct {
	Actor      string // e-mail address, or part of it
	Action     string // exact action, or a prefix ending in "."
	ObjectType string
	ObjectID   string
	From, To   time.Time // To is exclusive
	Before     int64     // keyset paging: only events with seq < Before
	Limit      int
}

const eventColumns = `seq, at, actor_id, actor, action, object_type, object_id, fields, client_addr, request_id, prev_hash, hash`

// Events returns the events matching f, newest first. Only auditors may read the log.
func (s *Store) Events(ctx context.Context, f Filter) ([]Event, error) {
	if err := access.Require(ctx, access.ReadAudit); err != nil {
		return nil, err
	}
	var where []string
	var args []any
	add := func(cond string, arg any) {
		args = append(args, arg)
		where = append(where, strings.ReplaceAll(cond, "?", "$"+strconv.Itoa(len(args))))
	}
	if f.Actor != "" {
		add("lower(actor) LIKE ?", "%"+strings.ToLower(f.Actor)+"%")
	}
	if strings.HasSuffix(f.Action, ".") {
		add("action LIKE ?", f.Action+"%")
	} else if f.Action != "" {
		add("action = ?", f.Action)
	}
	if f.ObjectType != "" {
		add("object_type = ?", f.ObjectType)
	}
	if f.ObjectID != "" {
		add("object_id = ?", f.ObjectID)
	}
	if !f.From.IsZero() {
		add("at >= ?", db.Time(f.From))
	}
	if !f.To.IsZero() {
		add("at < ?", db.Time(f.To))
	}
	if f.Before > 0 {
		add("seq < ?", f.Before)
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	query := `SELECT ` + eventColumns + ` FROM audit_events`
	if len(where) > 0 {
		query += " WHERE " + strings.Join(where, " AND ")
	}
	query += fmt.Sprintf(" ORDER BY seq DESC LIMIT %d", f.Limit)
	rows, err := s.db.QueryContext(ctx, query, args...)
	events, err := db.Collect(rows, err, scanEvent)
	if err != nil {
		return nil, fmt.Errorf("audit: events: %w", err)
	}
	return events, nil
}

// Actions returns the distinct actions in the log, for the filter form.
func (s *Store) Actions(ctx context.Context) ([]string, error) {
	if err := access.Require(ctx, access.ReadAudit); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT action FROM audit_events ORDER BY action`)
	actions, err := db.Collect(rows, err, func(r db.Scanner) (a string, err error) {
		err = r.Scan(&a)
		return a, err
	})
	if err != nil {
		return nil, fmt.Errorf("audit: actions: %w", err)
	}
	return actions, nil
}

func scanEvent(rows db.Scanner) (Event, error) {
	var e Event
	var actorID sql.NullInt64
	var fields string
	err := rows.Scan(&e.Seq, &e.At, &actorID, &e.Actor, &e.Action, &e.ObjectType, &e.ObjectID,
		&fields, &e.ClientAddr, &e.RequestID, &e.PrevHash, &e.Hash)
	e.ActorID = actorID.Int64
	e.At = e.At.UTC()
	if fields != "" {
		e.Fields = strings.Split(fields, ",")
	}
	return e, err
}

// Verification is the result of walking the chain and checking its
// checkpoints.
type Verification struct {
	Checked int64 // events whose hash matched
	// BrokenAt is the number of the first event found not to match its
	// hash, its predecessor or a signed checkpoint, or the first one missing;
	// 0 when the chain is whole.
	BrokenAt int64
	Reason   string // what did not match, in plain words
	// Checkpoints counts the stored checkpoints, Recorded the lines of the
	// local record (Store.UseRecord) and Kept the other copies kept
	// elsewhere whose signature and head matched the chain.
	Checkpoints int64
	Recorded    int64
	Kept        int64
	Covered     int64     // events covered by the latest checkpoint that matched
	CoveredAt   time.Time // when that checkpoint was signed
	// NotChecked lists, by key, the checkpoints signed by another key than
	// this store's (an earlier key of the installation): their signatures
	// cannot be checked here, and a checkpoint of this key that matched
	// covers all their events, so they are set aside rather than failed.
	NotChecked []OtherKey
}

// OtherKey counts the checkpoints of one key that Verify could not check.
type OtherKey struct {
	Fingerprint string // of the key they name (Fingerprint)
	Checkpoints int64  // how many, stored rows and copies together
	Events      int64  // the most events one of them covers
}

// OK reports whether the whole chain matched.
func (v Verification) OK() bool { return v.BrokenAt == 0 }

// Uncovered is the number of intact events after the latest checkpoint:
// no signature vouches for them yet.
func (v Verification) Uncovered() int64 { return v.Checked - v.Covered }

// claim is a checkpoint to check, from the database or a copy.
type claim struct {
	Checkpoint
	kind claimKind
}

type claimKind int

const (
	fromDB claimKind = iota
	fromRecord
	fromCopy
)

func (c claim) String() string {
	what := "the checkpoint"
	switch {
	case c.Source != "":
		what = "the copy in " + c.Source + " of the checkpoint"
	case c.kind != fromDB:
		what = "the kept copy of the checkpoint"
	}
	return fmt.Sprintf("%s of events 1-%d signed at %s", what, c.Events, c.At.UTC().Format(time.RFC3339))
}

// errBroken stops Verify's walk over the events at the first break it
// reports; it never leaves Verify.
var errBroken = errors.New("audit: chain broken")

// Verify walks the whole chain in order and reports the first event whose
// hash, predecessor or sequence number does not match. It then holds the
// chain to every signed checkpoint in the database, in the local record
// (UseRecord) and in kept, copies kept elsewhere: each must carry a valid
// signature by this store's key, and the chain must hold exactly that head
// at that count. A chain shorter than a checkpoint has lost events, and a
// database without a checkpoint the record lists has lost checkpoints.
// Checkpoints that name another key are not checked, and reported in
// NotChecked, when a checkpoint of this key matched and covers them all;
// otherwise they fail, naming that key.
func (s *Store) Verify(ctx context.Context, kept ...Checkpoint) (Verification, error) {
	if err := access.Require(ctx, access.ReadAudit); err != nil {
		return Verification{}, err
	}
	inRecord, err := s.recorded()
	if err != nil {
		return Verification{}, err
	}
	inDB, err := s.checkpoints(ctx)
	if err != nil {
		return Verification{}, err
	}
	var claims, others []claim
	add := func(list []Checkpoint, kind claimKind) {
		for _, c := range list {
			if c.PublicKey == encodeKey(s.public) {
				claims = append(claims, claim{c, kind})
			} else {
				others = append(others, claim{c, kind})
			}
		}
	}
	add(inDB, fromDB)
	add(inRecord, fromRecord)
	add(kept, fromCopy)
	slices.SortStableFunc(claims, func(a, b claim) int { return cmp.Compare(a.Events, b.Events) })
	var v Verification
	for _, c := range claims {
		if !c.SignedBy(s.public) {
			v.BrokenAt = max(c.Events, 1)
			v.Reason = fmt.Sprintf("%s has a signature that does not match: it was forged or altered", c)
			return v, nil
		}
	}

	prev := ""
	next := 0 // the first claim not yet reached
	rows, err := s.db.QueryContext(ctx, `SELECT `+eventColumns+` FROM audit_events ORDER BY seq`)
	err = db.Each(rows, err, func(r db.Scanner) error {
		e, err := scanEvent(r)
		if err != nil {
			return err
		}
		switch {
		case e.Seq != v.Checked+1:
			v.BrokenAt, v.Reason = e.Seq, fmt.Sprintf("sequence gap: expected %d", v.Checked+1)
		case e.PrevHash != prev:
			v.BrokenAt, v.Reason = e.Seq, "previous hash does not match"
		case e.computeHash() != e.Hash:
			v.BrokenAt, v.Reason = e.Seq, "content does not match its hash"
		}
		for ; v.BrokenAt == 0 && next < len(claims) && claims[next].Events <= e.Seq; next++ {
			c := claims[next]
			if c.Events != e.Seq || c.Head != e.Hash {
				v.BrokenAt = e.Seq
				v.Reason = fmt.Sprintf("event %d does not match %s: history up to it was rewritten and its hashes recomputed", e.Seq, c)
				break
			}
			switch c.kind {
			case fromDB:
				v.Checkpoints++
			case fromRecord:
				v.Recorded++
			default:
				v.Kept++
			}
			v.Covered, v.CoveredAt = c.Events, c.At
		}
		if v.BrokenAt != 0 {
			return errBroken
		}
		prev = e.Hash
		v.Checked++
		return nil
	})
	if errors.Is(err, errBroken) {
		return v, nil
	}
	if err != nil {
		return v, fmt.Errorf("audit: verify: %w", err)
	}
	if next < len(claims) {
		c := claims[next]
		v.BrokenAt = v.Checked + 1
		v.Reason = fmt.Sprintf("%s covers %d events, but the log holds only %d: events were deleted", c, c.Events, v.Checked)
		return v, nil
	}
	// Checkpoints the record lists must still be in the database, even
	// when the chain matches them: their removal is tampering too.
	if r, why, ok := behindRecord(inDB, inRecord); !ok {
		v.BrokenAt, v.Reason = r.Events, why
		return v, nil
	}
	if c, ok := s.uncoveredOther(&v, others); !ok {
		v.BrokenAt = c.Events
		v.Reason = fmt.Sprintf("%s names another signing key (fingerprint %s), not this installation's (%s), and no checkpoint of this key covers its events",
			c, Fingerprint(c.PublicKey), Fingerprint(encodeKey(s.public)))
		return v, nil
	}
	var headSeq int64
	var headHash string
	if err := s.db.QueryRowContext(ctx, `SELECT seq, hash FROM audit_head WHERE id = 1`).Scan(&headSeq, &headHash); err != nil {
		return v, fmt.Errorf("audit: verify head: %w", err)
	}
	if headSeq != v.Checked || headHash != prev {
		v.BrokenAt, v.Reason = v.Checked+1, "events are missing after the last one"
	}
	return v, nil
}

// uncoveredOther sets aside the checkpoints of other keys when this key's
// checkpoints cover them (v.Covered, after the walk), listing them in
// v.NotChecked; otherwise it returns the one not covered that covers the
// most events, and false.
func (s *Store) uncoveredOther(v *Verification, others []claim) (claim, bool) {
	var worst claim
	for _, c := range others {
		if c.Events > v.Covered && c.Events > worst.Events {
			worst = c
		}
	}
	if worst.Events > 0 {
		return worst, false
	}
	for _, c := range others {
		fp := Fingerprint(c.PublicKey)
		i := slices.IndexFunc(v.NotChecked, func(o OtherKey) bool { return o.Fingerprint == fp })
		if i < 0 {
			v.NotChecked = append(v.NotChecked, OtherKey{Fingerprint: fp})
			i = len(v.NotChecked) - 1
		}
		v.NotChecked[i].Checkpoints++
		v.NotChecked[i].Events = max(v.NotChecked[i].Events, c.Events)
	}
	return claim{}, true
}

// History returns the events about one object, newest first, without a
// permission check: the feature that owns the object checks who may see its
// history and calls this inside its own rules.
func History(ctx context.Context, q db.Querier, objectType, objectID string, limit int) ([]Event, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+eventColumns+` FROM audit_events WHERE object_type = $1 AND object_id = $2
		ORDER BY seq DESC LIMIT `+strconv.Itoa(limit), objectType, objectID)
	events, err := db.Collect(rows, err, scanEvent)
	if err != nil {
		return nil, fmt.Errorf("audit: history: %w", err)
	}
	return events, nil
}
