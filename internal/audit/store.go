package audit

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/db"
)

// Store reads the audit log.
type Store struct {
	db *db.DB
}

// NewStore returns a Store on d.
func NewStore(d *db.DB) *Store { return &Store{db: d} }

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
	if err != nil {
		return nil, fmt.Errorf("audit: events: %w", err)
	}
	defer rows.Close()
	var events []Event
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return nil, fmt.Errorf("audit: events: %w", err)
		}
		events = append(events, e)
	}
	return events, rows.Err()
}

// Actions returns the distinct actions in the log, for the filter form.
func (s *Store) Actions(ctx context.Context) ([]string, error) {
	if err := access.Require(ctx, access.ReadAudit); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT action FROM audit_events ORDER BY action`)
	if err != nil {
		return nil, fmt.Errorf("audit: actions: %w", err)
	}
	defer rows.Close()
	var actions []string
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			return nil, fmt.Errorf("audit: actions: %w", err)
		}
		actions = append(actions, a)
	}
	return actions, rows.Err()
}

func scanEvent(rows *sql.Rows) (Event, error) {
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

// Verification is the result of walking the chain.
type Verification struct {
	Checked int64 // events whose hash matched
	// BrokenAt is the seq of the first event that does not match, 0 when the chain is whole.
	BrokenAt int64
	Reason   string
}

// OK reports whether the whole chain matched.
func (v Verification) OK() bool { return v.BrokenAt == 0 }

// Verify walks the whole chain in order and reports the first event whose
// hash, predecessor or sequence number does not match.
func (s *Store) Verify(ctx context.Context) (Verification, error) {
	if err := access.Require(ctx, access.ReadAudit); err != nil {
		return Verification{}, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+eventColumns+` FROM audit_events ORDER BY seq`)
	if err != nil {
		return Verification{}, fmt.Errorf("audit: verify: %w", err)
	}
	defer rows.Close()
	var v Verification
	prev := ""
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return v, fmt.Errorf("audit: verify: %w", err)
		}
		switch {
		case e.Seq != v.Checked+1:
			v.BrokenAt, v.Reason = e.Seq, fmt.Sprintf("sequence gap: expected %d", v.Checked+1)
		case e.PrevHash != prev:
			v.BrokenAt, v.Reason = e.Seq, "previous hash does not match"
		case e.computeHash() != e.Hash:
			v.BrokenAt, v.Reason = e.Seq, "content does not match its hash"
		}
		if v.BrokenAt != 0 {
			return v, nil
		}
		prev = e.Hash
		v.Checked++
	}
	if err := rows.Err(); err != nil {
		return v, fmt.Errorf("audit: verify: %w", err)
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

// History returns the events about one object, newest first, without a
// permission check: the feature that owns the object checks who may see its
// history and calls this inside its own rules.
func History(ctx context.Context, q db.Querier, objectType, objectID string, limit int) ([]Event, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+eventColumns+` FROM audit_events WHERE object_type = $1 AND object_id = $2
		ORDER BY seq DESC LIMIT `+strconv.Itoa(limit), objectType, objectID)
	if err != nil {
		return nil, fmt.Errorf("audit: history: %w", err)
	}
	defer rows.Close()
	var events []Event
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return nil, fmt.Errorf("audit: history: %w", err)
		}
		events = append(events, e)
	}
	return events, rows.Err()
}
