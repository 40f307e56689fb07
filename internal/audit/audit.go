// Package audit keeps the append-only, hash-chained audit log. Every change
// and every read of personal data is recorded by Record, inside the
// transaction of the change itself, so the log and the data never disagree.
package audit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/db"
)

// Event is one row of the audit log.
type Event struct {
	Seq        int64
	At         time.Time
	ActorID    int64 // 0 for the system or an anonymous visitor
	Actor      string
	Action     string
	ObjectType string
	ObjectID   string
	Fields     []string // names of the changed fields; never their values
	ClientAddr string
	RequestID  string
	PrevHash   string
	Hash       string
}

// Client describes where a request came from, for the log.
type Client struct {
	Addr      string
	RequestID string
}

type clientKey struct{}

// WithClient returns a context carrying c; the web middleware sets it.
func WithClient(ctx context.Context, c Client) context.Context {
	return context.WithValue(ctx, clientKey{}, c)
}

// ClientFrom returns the client ctx carries, for work that outlives the
// request, such as a job.
func ClientFrom(ctx context.Context) Client {
	c, _ := ctx.Value(clientKey{}).(Client)
	return c
}

// Record appends an event for the principal in ctx. It takes a transaction so
// that an event is written with the change it records or not at all. fields
// lists the names of changed fields; secrets and hashes must never be named
// with their values.
func Record(ctx context.Context, tx *db.Tx, action, objectType, objectID string, fields ...string) error {
	p := access.From(ctx)
	actor := p.Email
	if actor == "" {
		actor = "anonymous"
	}
	return RecordAs(ctx, tx, p.UserID, actor, action, objectType, objectID, fields...)
}

// RecordAs is Record with an explicit actor, for events that happen before
// anyone is signed in, such as a failed sign-in attempt for an e-mail address.
func RecordAs(ctx context.Context, tx *db.Tx, actorID int64, actor, action, objectType, objectID string, fields ...string) error {
	c := ClientFrom(ctx)
	e := Event{
		At:         db.Now(),
		ActorID:    actorID,
		Actor:      actor,
		Action:     action,
		ObjectType: objectType,
		ObjectID:   objectID,
		Fields:     fields,
		ClientAddr: c.Addr,
		RequestID:  c.RequestID,
	}
	// Taking the head row first serialises concurrent writers on both
	// databases, so the chain never forks.
	err := tx.QueryRowContext(ctx, `UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash`).Scan(&e.Seq, &e.PrevHash)
	if err != nil {
		return fmt.Errorf("audit: advance head: %w", err)
	}
	e.Hash = e.computeHash()
	var actorArg any
	if e.ActorID != 0 {
		actorArg = e.ActorID
	}
	_, err = tx.ExecContext(ctx, `
		INSERT INTO audit_events (seq, at, actor_id, actor, action, object_type, object_id, fields, client_addr, request_id, prev_hash, hash)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
		e.Seq, e.At, actorArg, e.Actor, e.Action, e.ObjectType, e.ObjectID, strings.Join(e.Fields, ","),
		e.ClientAddr, e.RequestID, e.PrevHash, e.Hash)
	if err != nil {
		return fmt.Errorf("audit: insert event %d: %w", e.Seq, err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE audit_head SET hash = $1 WHERE id = 1`, e.Hash); err != nil {
		return fmt.Errorf("audit: store head: %w", err)
	}
	return nil
}

// computeHash hashes the previous event's hash and this event's content. The
// unit separator keeps fields from running into one another.
func (e Event) computeHash() string {
	parts := []string{
		strconv.FormatInt(e.Seq, 10),
		e.At.UTC().Format(time.RFC3339Nano),
		strconv.FormatInt(e.ActorID, 10),
		e.Actor, e.Action, e.ObjectType, e.ObjectID,
		strings.Join(e.Fields, ","),
		e.ClientAddr, e.RequestID, e.PrevHash,
	}
	sum := sha256.Sum256([]byte(strings.Join(parts, "\x1f")))
	return hex.EncodeToString(sum[:])
}
