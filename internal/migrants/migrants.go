// Package migrants links migrants' own accounts to their persons in the
// registry, and never on the migrant's word alone: an invitation from
// staff links the account it makes; a migrant proves who they are with a
// reference of theirs (an application reference or a certificate number),
// their birth date and their document number, all three matching; anything
// else is a request that staff decide. Every link, unlink and failed
// proof is audited, and failed proofs are throttled like sign-in. The link
// itself is kept by auth (account_links), which puts the person on the
// signed-in principal (access.Principal.PersonID) for every feature's
// self-service reads.
package migrants

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/audit"
	"inteqra/internal/auth"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/notify"
	"inteqra/internal/people"
	"inteqra/internal/textcheck"
	"inteqra/internal/training"
)

// Store keeps the proofs and the requests, and makes the links.
type Store struct {
	db     *db.DB
	users  *auth.Store
	notify *notify.Store
	now    func() time.Time
}

// NewStore returns a Store on d that invites through users.
func NewStore(d *db.DB, users *auth.Store) *Store {
	return &Store{db: d, users: users, now: db.Now}
}

// Notify tells staff of requests and migrants of the answers, through n.
func (s *Store) Notify(n *notify.Store) { s.notify = n }

// Throttling of proofs: past ProofFreeAttempts failures of an account (or
// AddrFreeAttempts of an address) within ProofWindow, no proof is checked
// until the oldest of them leaves the window.
const (
	ProofFreeAttempts = 5
	AddrFreeAttempts  = 20
	ProofWindow       = 30 * time.Minute
)

// Proof is what a migrant types to be linked to their person.
type Proof struct {
	Reference  string // an application reference or a certificate number
	BirthDate  string // YYYY-MM-DD
	DocumentNo string
}

// referenceRule takes a reference as people type it, spaces and all.
var referenceRule = textcheck.Rule{Kind: textcheck.Line, Max: 40}

// errNoMatch is a proof that names nobody, or somebody else.
var errNoMatch = i18n.Errorf("link.error.no_match", "Field", i18n.Key("link.reference"))

func (p *Proof) validate() (time.Time, error) {
	var l textcheck.List
	p.Reference, p.DocumentNo = strings.TrimSpace(p.Reference), strings.TrimSpace(p.DocumentNo)
	if l.Check("link.reference", p.Reference, referenceRule) && p.Reference == "" {
		l.Add(i18n.Errorf("link.error.reference_required", "Field", i18n.Key("link.reference")))
	}
	birth := readDate(&l, "link.birth_date", p.BirthDate)
	if l.Check("link.document_no", p.DocumentNo, textcheck.DocNo) && p.DocumentNo == "" {
		l.Add(i18n.Errorf("link.error.document_required", "Field", i18n.Key("link.document_no")))
	}
	return birth, l.Err()
}

// readDate reads a required past date typed in a form.
func readDate(l *textcheck.List, label, typed string) time.Time {
	typed = strings.TrimSpace(typed)
	if !l.Check(label, typed, textcheck.CodeRule) {
		return time.Time{}
	}
	if typed == "" {
		l.Add(i18n.Errorf("link.error.birth_date_required", "Field", i18n.Key(label)))
		return time.Time{}
	}
	t, err := time.Parse(time.DateOnly, typed)
	if err != nil || t.After(time.Now()) || t.Year() < 1900 {
		l.Add(i18n.Errorf("link.error.birth_date_invalid", "Field", i18n.Key(label)))
	}
	return t
}

// self returns the signed-in migrant, refused when their account is
// already linked.
func self(ctx context.Context) (access.Principal, error) {
	me := access.From(ctx)
	if err := access.Require(ctx, access.SelfService); err != nil {
		return me, err
	}
	if me.PersonID != 0 {
		return me, i18n.Errorf("link.error.already")
	}
	return me, nil
}

// Prove links the signed-in migrant's account to the person the proof
// names, when the reference names a person whose birth date and document
// number are the ones given. A failure is recorded, audited and counts
// towards the throttle; what did not match is not said.
func (s *Store) Prove(ctx context.Context, p Proof) error {
	me, err := self(ctx)
	if err != nil {
		return err
	}
	birth, err := p.validate()
	if err != nil {
		return err
	}
	addr := audit.ClientFrom(ctx).Addr
	if wait, err := s.throttled(ctx, me.UserID, addr); err != nil {
		return err
	} else if wait > 0 {
		return i18n.Errorf("link.error.throttled", "Minutes", int(math.Ceil(wait.Minutes())))
	}
	err = s.db.Transact(ctx, func(tx *db.Tx) error {
		id, ok, err := training.PersonOfReference(ctx, tx, p.Reference)
		if err == nil && ok {
			ok, err = people.ProofMatches(ctx, tx, id, birth, p.DocumentNo)
		}
		switch {
		case err != nil:
			return err
		case !ok:
			return errNoMatch
		}
		if err := auth.Link(ctx, tx, me.UserID, id, "proof"); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "account.link", "person", fmt.Sprint(id), "account")
	})
	if errors.Is(err, errNoMatch) {
		// Recorded apart from the refused change, which left nothing.
		if ferr := s.db.Transact(ctx, func(tx *db.Tx) error {
			if _, err := tx.ExecContext(ctx, `INSERT INTO link_failures (user_id, addr, at) VALUES ($1, $2, $3)`, me.UserID, addr, s.now()); err != nil {
				return fmt.Errorf("migrants: failed proof: %w", err)
			}
			return audit.Record(ctx, tx, "account.link_failed", "user", fmt.Sprint(me.UserID))
		}); ferr != nil {
			return ferr
		}
	}
	return err
}

// throttled returns how long the next proof of an account from addr must
// wait.
func (s *Store) throttled(ctx context.Context, userID int64, addr string) (time.Duration, error) {
	now := s.now()
	var wait time.Duration
	for _, t := range []struct {
		where string
		arg   any
		free  int
	}{{"user_id = $1", userID, ProofFreeAttempts}, {"addr = $1", addr, AddrFreeAttempts}} {
		// The newest free failures: when the oldest of them leaves the
		// window, fewer than free are left in it.
		rows, err := s.db.QueryContext(ctx, `SELECT at FROM link_failures WHERE `+t.where+` AND at > $2 ORDER BY at DESC LIMIT $3`,
			t.arg, now.Add(-ProofWindow), t.free)
		ats, err := db.Collect(rows, err, func(r db.Scanner) (time.Time, error) {
			var at time.Time
			return at, r.Scan(&at)
		})
		if err != nil {
			return 0, fmt.Errorf("migrants: throttle: %w", err)
		}
		if len(ats) == t.free {
			wait = max(wait, ats[len(ats)-1].Add(ProofWindow).Sub(now))
		}
	}
	return wait, nil
}
