package audit

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/db"
)

// A hash chain alone proves nothing against someone who can write the
// database: they can change an event and recompute every later hash and
// the head row. A checkpoint signs the chain's length and head with an
// Ed25519 key kept in a file outside the database (package keyfile), so
// that history a checkpoint covers cannot be rewritten or cut without the
// key. Copies kept elsewhere (inteqra audit checkpoint) also catch the
// removal of the checkpoints themselves.

// CheckpointVersion opens the signed message. The message is, byte for byte,
//
//	inteqra-audit-checkpoint-v1\n<events>\n<head>\n<at>\n
//
// with <events> the number of events covered (decimal; events are numbered
// 1, 2, … without gaps, so it is also the number of the last one), <head>
// the hex SHA-256 hash of that last event, and <at> the time of signing in
// UTC as RFC 3339 to the second. Anyone with the public key can check a
// copy with any Ed25519 tool.
const CheckpointVersion = "inteqra-audit-checkpoint-v1"

// CheckpointEvery is the most events a running server lets pass before it
// signs a new checkpoint; CheckpointInterval is the longest it waits while
// events arrive. The server looks every CheckpointPoll.
const (
	CheckpointEvery    = 1000
	CheckpointInterval = time.Hour
	CheckpointPoll     = 10 * time.Second
)

// Checkpoint is a signed statement that the chain held Events events, the
// last with hash Head, at time At.
type Checkpoint struct {
	ID        int64  // row in the database; 0 for a copy read from a file
	Events    int64  // events 1..Events are covered
	Head      string // hash of event Events
	At        time.Time
	PublicKey string // base64 of the Ed25519 public key that signed it
	Signature string // base64 of the signature of Message
	// Source says where a copy was read from, for messages (a file kept
	// elsewhere, the local record); empty for a row of the database. It is
	// not signed.
	Source string
}

// Message is the byte string the signature covers (see CheckpointVersion).
func (c Checkpoint) Message() []byte {
	return fmt.Appendf(nil, "%s\n%d\n%s\n%s\n", CheckpointVersion, c.Events, c.Head, c.At.UTC().Format(time.RFC3339))
}

// SignedBy reports whether c carries a valid signature by pub and names pub
// as its key.
func (c Checkpoint) SignedBy(pub ed25519.PublicKey) bool {
	sig, err := base64.StdEncoding.DecodeString(c.Signature)
	return err == nil && c.PublicKey == encodeKey(pub) && ed25519.Verify(pub, c.Message(), sig)
}

// Fingerprint is a short name for a public key: the first 16 hex digits of
// the SHA-256 of its base64 form's bytes.
func Fingerprint(publicKey string) string {
	raw, err := base64.StdEncoding.DecodeString(publicKey)
	if err != nil {
		raw = []byte(publicKey)
	}
	sum := sha256.Sum256(raw)
	return hex.EncodeToString(sum[:8])
}

func encodeKey(pub ed25519.PublicKey) string { return base64.StdEncoding.EncodeToString(pub) }

// checkpointJSON is the one-line form printed for operators to keep.
type checkpointJSON struct {
	Version   string `json:"v"`
	Events    int64  `json:"events"`
	Head      string `json:"head"`
	At        string `json:"at"`
	PublicKey string `json:"key"`
	Signature string `json:"sig"`
}

// MarshalText returns c as one line of JSON, for an operator to store or
// send to a log server.
func (c Checkpoint) MarshalText() ([]byte, error) {
	return json.Marshal(checkpointJSON{CheckpointVersion, c.Events, c.Head, c.At.UTC().Format(time.RFC3339), c.PublicKey, c.Signature})
}

// ParseCheckpoints reads copies of checkpoints, one JSON line each, as
// MarshalText writes them; blank lines are skipped.
func ParseCheckpoints(text []byte) ([]Checkpoint, error) {
	var list []Checkpoint
	sc := bufio.NewScanner(bytes.NewReader(text))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var j checkpointJSON
		if err := json.Unmarshal([]byte(line), &j); err != nil {
			return nil, fmt.Errorf("audit: checkpoint on line %d: %w", n, err)
		}
		at, err := time.Parse(time.RFC3339, j.At)
		if j.Version != CheckpointVersion || err != nil || j.Events <= 0 || j.Head == "" {
			return nil, fmt.Errorf("audit: line %d is not an %s checkpoint", n, CheckpointVersion)
		}
		list = append(list, Checkpoint{Events: j.Events, Head: j.Head, At: at.UTC(), PublicKey: j.PublicKey, Signature: j.Signature})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("audit: read checkpoints: %w", err)
	}
	if len(list) == 0 {
		return nil, errors.New("audit: no checkpoint in the copy")
	}
	return list, nil
}

// ErrEmptyLog is returned when there is nothing to sign yet.
var ErrEmptyLog = errors.New("audit: the log is empty; there is nothing to sign yet")

// ErrNotSigned is returned when the events since the latest checkpoint do
// not form an intact chain from it, or when the database lacks checkpoints
// that the local record lists: signing then could vouch for a rewrite.
// Verify names the fault.
var ErrNotSigned = errors.New("audit: the chain does not continue what was signed intact; not signing it")

// WriteCheckpoint signs the chain as it stands and stores the checkpoint,
// unless one already covers every event; either way it returns the latest.
// When the store keeps a local record (UseRecord), the database must first
// hold every checkpoint recorded there with the same head: a database
// behind its record lost checkpoints, and signing now could vouch for a
// rewrite they would have shown (ErrNotSigned). It then walks the events
// since the latest checkpoint signed by this key (all of them the first
// time), and signs nothing that does not continue that checkpoint's chain
// intact. A new checkpoint goes to the database, then to the record. The
// walk reads outside any transaction; the write is one short transaction,
// so on SQLite it holds the writer only briefly.
func (s *Store) WriteCheckpoint(ctx context.Context) (Checkpoint, error) {
	// The record is read before the database: a node signing meanwhile
	// writes its row before its line, so every line read here has its row.
	recorded, err := s.recorded()
	if err != nil {
		return Checkpoint{}, err
	}
	if len(recorded) > 0 {
		stored, err := s.checkpoints(ctx)
		if err != nil {
			return Checkpoint{}, err
		}
		if _, why, ok := behindRecord(stored, recorded); !ok {
			return Checkpoint{}, fmt.Errorf("%w (%s)", ErrNotSigned, why)
		}
	}
	from, err := s.latestCheckpoint(ctx)
	switch {
	case errors.Is(err, db.ErrNotFound):
	case err != nil:
		return Checkpoint{}, err
	}
	if !from.SignedBy(s.public) {
		from = Checkpoint{} // a checkpoint of another key vouches for nothing here
	}
	c, err := s.intactHead(ctx, from)
	if err != nil {
		return Checkpoint{}, err
	}
	if c.Events == from.Events {
		if from.Events == 0 {
			return Checkpoint{}, ErrEmptyLog
		}
		return s.latestCheckpoint(ctx)
	}
	c.At = db.Now().Truncate(time.Second)
	c.PublicKey = encodeKey(s.public)
	c.Signature = base64.StdEncoding.EncodeToString(ed25519.Sign(s.key, c.Message()))
	written := false
	err = s.db.Transact(ctx, func(tx *db.Tx) error {
		// Two nodes may sign the same head at once: the first one stays,
		// and only its signer records it.
		res, err := tx.ExecContext(ctx, `INSERT INTO audit_checkpoints (events, head, at, public_key, signature)
			VALUES ($1, $2, $3, $4, $5) ON CONFLICT (events) DO NOTHING`,
			c.Events, c.Head, c.At, c.PublicKey, c.Signature)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		written = n == 1
		return err
	})
	if err != nil {
		return Checkpoint{}, fmt.Errorf("audit: write checkpoint: %w", err)
	}
	if written {
		// A failure here leaves the database ahead of the record, which
		// is harmless: only a database behind it is refused.
		if err := s.appendRecord(c); err != nil {
			return Checkpoint{}, err
		}
	}
	return s.latestCheckpoint(ctx)
}

// intactHead walks the events after from and returns the last of them as
// an unsigned checkpoint, or ErrNotSigned when they do not continue from's
// chain intact, or when events from covered are gone.
func (s *Store) intactHead(ctx context.Context, from Checkpoint) (Checkpoint, error) {
	head := Checkpoint{Events: from.Events, Head: from.Head}
	rows, err := s.db.QueryContext(ctx, `SELECT `+eventColumns+` FROM audit_events WHERE seq > $1 ORDER BY seq`, from.Events)
	err = db.Each(rows, err, func(r db.Scanner) error {
		e, err := scanEvent(r)
		if err != nil {
			return err
		}
		if e.Seq != head.Events+1 || e.PrevHash != head.Head || e.computeHash() != e.Hash {
			return fmt.Errorf("%w (at event %d)", ErrNotSigned, e.Seq)
		}
		head.Events, head.Head = e.Seq, e.Hash
		return nil
	})
	if errors.Is(err, ErrNotSigned) {
		return Checkpoint{}, err
	}
	if err != nil {
		return Checkpoint{}, fmt.Errorf("audit: write checkpoint: %w", err)
	}
	if from.Events > 0 && head.Events == from.Events {
		// Nothing new; the covered events must still be there.
		var hash string
		err := s.db.QueryRowContext(ctx, `SELECT hash FROM audit_events WHERE seq = $1`, from.Events).Scan(&hash)
		if err != nil || hash != from.Head {
			return Checkpoint{}, fmt.Errorf("%w (event %d no longer matches the latest checkpoint)", ErrNotSigned, from.Events)
		}
	}
	return head, nil
}

// CheckpointDue reports whether a new checkpoint should be signed at now:
// when CheckpointEvery events have passed since the latest, or when any
// event has and the latest is CheckpointInterval old (or there is none).
func (s *Store) CheckpointDue(ctx context.Context, now time.Time) (bool, error) {
	var seq int64
	if err := s.db.QueryRowContext(ctx, `SELECT seq FROM audit_head WHERE id = 1`).Scan(&seq); err != nil {
		return false, fmt.Errorf("audit: checkpoint due: %w", err)
	}
	last, err := s.latestCheckpoint(ctx)
	if errors.Is(err, db.ErrNotFound) {
		return seq > 0, nil
	}
	if err != nil {
		return false, err
	}
	return seq >= last.Events+CheckpointEvery || (seq > last.Events && now.Sub(last.At) >= CheckpointInterval), nil
}

// LatestCheckpoint returns the newest checkpoint in the database, or
// db.ErrNotFound when none has been written. Only auditors may read it.
func (s *Store) LatestCheckpoint(ctx context.Context) (Checkpoint, error) {
	if err := access.Require(ctx, access.ReadAudit); err != nil {
		return Checkpoint{}, err
	}
	return s.latestCheckpoint(ctx)
}

const checkpointColumns = `id, events, head, at, public_key, signature`

func (s *Store) latestCheckpoint(ctx context.Context) (Checkpoint, error) {
	return LatestCheckpointIn(ctx, s.db)
}

// checkpoints returns every stored checkpoint, oldest first.
func (s *Store) checkpoints(ctx context.Context) ([]Checkpoint, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+checkpointColumns+` FROM audit_checkpoints ORDER BY events, id`)
	list, err := db.Collect(rows, err, scanCheckpoint)
	if err != nil {
		return nil, fmt.Errorf("audit: checkpoints: %w", err)
	}
	return list, nil
}

func scanCheckpoint(row db.Scanner) (Checkpoint, error) {
	var c Checkpoint
	err := row.Scan(&c.ID, &c.Events, &c.Head, &c.At, &c.PublicKey, &c.Signature)
	c.At = c.At.UTC()
	return c, err
}
