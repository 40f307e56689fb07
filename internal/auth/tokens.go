package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/audit"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/textcheck"
)

// Scope is what an API token may do in one area: read, or read and write
// ("people:read", "people:write"). The token acts as its user, so a scope
// never grants what the user's role cannot do; it only narrows it.
type Scope string

// Areas are the parts of the API a scope names, in the order forms show them.
var Areas = []string{"people", "cases", "referrals", "training", "council", "strategy", "stats", "webhooks"}

// Read and Write are the scopes of area.
func Read(area string) Scope  { return Scope(area + ":read") }
func Write(area string) Scope { return Scope(area + ":write") }

func (sc Scope) valid() bool {
	area, level, ok := strings.Cut(string(sc), ":")
	return ok && slices.Contains(Areas, area) && (level == "read" || level == "write")
}

// TokenPrefix starts every API token, so that a token pasted where it should
// not be is easy to recognise (secret scanners look for such prefixes).
const TokenPrefix = "iqt_"

// MaxTokenLife is the longest a token may live.
const MaxTokenLife = 366 * 24 * time.Hour

// Token is an API token as its owner and the admins see it: never its secret.
type Token struct {
	ID           int64
	UserID       int64
	Name         string
	Prefix       string // the first characters of the secret, to tell tokens apart
	Scopes       []Scope
	CreatedBy    int64
	CreatedAt    time.Time
	ExpiresAt    time.Time
	LastUsedAt   time.Time // zero until used
	LastUsedAddr string
	RevokedAt    time.Time // zero unless revoked
}

// Active reports whether the token still works at now.
func (t Token) Active(now time.Time) bool { return t.RevokedAt.IsZero() && now.Before(t.ExpiresAt) }

// Allows reports whether the token's scopes allow sc: a write scope of an
// area includes reading it.
func (t Token) Allows(sc Scope) bool {
	if slices.Contains(t.Scopes, sc) {
		return true
	}
	area, level, _ := strings.Cut(string(sc), ":")
	return level == "read" && slices.Contains(t.Scopes, Write(area))
}

// TokenInput is the form of a new token.
type TokenInput struct {
	Name    string
	Scopes  []Scope
	Expires string // 2006-01-02, the last day the token works
}

func (in *TokenInput) validate(today time.Time) (time.Time, error) {
	var l textcheck.List
	if l.Check("tokens.name", in.Name, textcheck.Title) {
		if in.Name = strings.TrimSpace(in.Name); in.Name == "" {
			l.Add(i18n.Errorf("tokens.error.name_required", "Field", i18n.Key("tokens.name")))
		}
	}
	slices.Sort(in.Scopes)
	in.Scopes = slices.Compact(in.Scopes)
	switch {
	case len(in.Scopes) == 0:
		l.Add(i18n.Errorf("tokens.error.scopes_required", "Field", i18n.Key("tokens.scopes")))
	case slices.ContainsFunc(in.Scopes, func(sc Scope) bool { return !sc.valid() }):
		l.Add(i18n.Errorf("tokens.error.scope_invalid", "Field", i18n.Key("tokens.scopes")))
	}
	var expires time.Time
	day, err := i18n.ParseDay(in.Expires)
	switch {
	case strings.TrimSpace(in.Expires) == "":
		l.Add(i18n.Errorf("tokens.error.expires_required", "Field", i18n.Key("tokens.expires")))
	case err != nil:
		l.Add(i18n.Errorf("tokens.error.expires_invalid", "Field", i18n.Key("tokens.expires")))
	case !day.After(today) || day.After(today.Add(MaxTokenLife-24*time.Hour)):
		l.Add(i18n.Errorf("tokens.error.expires_range", "Field", i18n.Key("tokens.expires")))
	default:
		// The token works through its last day, Baku time.
		expires = day.AddDate(0, 0, 1)
	}
	return expires, l.Err()
}

// ErrTokenNeedsMFA refuses a token to an admin or supervisor without a
// second factor: a token is a password that skips it.
var ErrTokenNeedsMFA = i18n.Errorf("tokens.error.mfa")

// CreateToken makes a personal token for the signed-in user and returns it
// with its secret, which is shown once and never stored.
func (s *Store) CreateToken(ctx context.Context, in TokenInput) (Token, string, error) {
	// The API serves staff and partner systems; a migrant's own area has no part in it.
	if err := access.Require(ctx, access.StaffArea); err != nil {
		return Token{}, "", err
	}
	return s.createToken(ctx, access.From(ctx).UserID, in)
}

// CreateServiceToken makes a token for a service account; admins only.
func (s *Store) CreateServiceToken(ctx context.Context, userID int64, in TokenInput) (Token, string, error) {
	if err := access.Require(ctx, access.ManageUsers); err != nil {
		return Token{}, "", err
	}
	u, err := s.UserByID(ctx, userID)
	if err != nil {
		return Token{}, "", err
	}
	if !u.Service {
		return Token{}, "", db.ErrNotFound
	}
	return s.createToken(ctx, userID, in)
}

func (s *Store) createToken(ctx context.Context, userID int64, in TokenInput) (Token, string, error) {
	now := s.now()
	expires, err := in.validate(i18n.DayOf(now))
	if err != nil {
		return Token{}, "", err
	}
	u, err := s.UserByID(ctx, userID)
	if err != nil {
		return Token{}, "", err
	}
	if u.Role.RequiresMFA() && !u.TOTPEnabled {
		return Token{}, "", ErrTokenNeedsMFA
	}
	secret := TokenPrefix + randomToken(32)
	t := Token{UserID: userID, Name: in.Name, Prefix: secret[:len(TokenPrefix)+6], Scopes: in.Scopes,
		CreatedBy: access.From(ctx).UserID, CreatedAt: now, ExpiresAt: expires}
	if t.CreatedBy == 0 {
		// Made by the system (the demo, the command line): no user made
		// it, and the column names one, so it names the account itself.
		t.CreatedBy = userID
	}
	err = s.db.Transact(ctx, func(tx *db.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO api_tokens (user_id, name, prefix, token_hash, scopes, created_by, created_at, expires_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
			t.UserID, t.Name, t.Prefix, hashToken(secret), joinScopes(t.Scopes), db.NullID(t.CreatedBy), now, expires).Scan(&t.ID)
		if err != nil {
			return fmt.Errorf("auth: create token: %w", err)
		}
		return audit.Record(ctx, tx, "token.create", "api_token", fmt.Sprint(t.ID), "name", "scopes", "expires")
	})
	if err != nil {
		return Token{}, "", err
	}
	return t, secret, nil
}

func joinScopes(scopes []Scope) string {
	parts := make([]string, len(scopes))
	for i, sc := range scopes {
		parts[i] = string(sc)
	}
	return strings.Join(parts, " ")
}

const tokenColumns = `id, user_id, name, prefix, scopes, created_by, created_at, expires_at, last_used_at, last_used_addr, revoked_at`

func scanToken(row db.Scanner) (Token, error) {
	var t Token
	var scopes string
	var used, revoked sql.NullTime
	err := row.Scan(&t.ID, &t.UserID, &t.Name, &t.Prefix, &scopes, &t.CreatedBy, &t.CreatedAt, &t.ExpiresAt, &used, &t.LastUsedAddr, &revoked)
	if errors.Is(err, sql.ErrNoRows) {
		err = db.ErrNotFound
	}
	for _, f := range strings.Fields(scopes) {
		t.Scopes = append(t.Scopes, Scope(f))
	}
	t.LastUsedAt, t.RevokedAt = used.Time, revoked.Time
	return t, err
}

// Tokens lists the tokens of a user, newest first: one's own, or any
// user's for an admin.
func (s *Store) Tokens(ctx context.Context, userID int64) ([]Token, error) {
	if access.From(ctx).UserID != userID {
		if err := access.Require(ctx, access.ManageUsers); err != nil {
			return nil, err
		}
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+tokenColumns+` FROM api_tokens WHERE user_id = $1 ORDER BY created_at DESC, id DESC`, userID)
	return db.Collect(rows, err, scanToken)
}

// RevokeToken ends a token at once: its owner's or, for an admin, anyone's.
func (s *Store) RevokeToken(ctx context.Context, id int64) error {
	if err := access.Require(ctx, access.StaffArea); err != nil {
		return err
	}
	p := access.From(ctx)
	return s.db.Transact(ctx, func(tx *db.Tx) error {
		t, err := scanToken(tx.QueryRowContext(ctx, `SELECT `+tokenColumns+` FROM api_tokens WHERE id = $1`, id))
		if err != nil {
			return fmt.Errorf("auth: token %d: %w", id, err)
		}
		if t.UserID != p.UserID {
			if err := access.Require(ctx, access.ManageUsers); err != nil {
				return err
			}
		}
		if !t.RevokedAt.IsZero() {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = $1 WHERE id = $2`, s.now(), id); err != nil {
			return fmt.Errorf("auth: revoke token %d: %w", id, err)
		}
		return audit.Record(ctx, tx, "token.revoke", "api_token", fmt.Sprint(id), "revoked")
	})
}

// ErrBadToken is a token that is unknown, revoked or expired, or whose
// user cannot use it; which of them is not said.
var ErrBadToken = errors.New("auth: invalid token")

// AuthenticateToken returns the user and token a secret from addr names,
// when the token works. Every use is recorded: the token's last use, and
// an audit event naming the token, under the request's id, which the
// events of what the request does share.
func (s *Store) AuthenticateToken(ctx context.Context, secret, addr string) (User, Token, error) {
	if !strings.HasPrefix(secret, TokenPrefix) || len(secret) > 100 {
		return User{}, Token{}, ErrBadToken
	}
	now := s.now()
	t, err := scanToken(s.db.QueryRowContext(ctx, `SELECT `+tokenColumns+` FROM api_tokens WHERE token_hash = $1`, hashToken(secret)))
	if errors.Is(err, db.ErrNotFound) {
		return User{}, Token{}, ErrBadToken
	}
	if err != nil {
		return User{}, Token{}, fmt.Errorf("auth: token: %w", err)
	}
	if !t.Active(now) {
		return User{}, Token{}, ErrBadToken
	}
	u, err := s.UserByID(ctx, t.UserID)
	if err != nil {
		return User{}, Token{}, err
	}
	if !u.Active || (u.Role.RequiresMFA() && !u.TOTPEnabled) {
		return User{}, Token{}, ErrBadToken
	}
	err = s.db.Transact(ctx, func(tx *db.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE api_tokens SET last_used_at = $1, last_used_addr = $2 WHERE id = $3`, now, addr, t.ID); err != nil {
			return err
		}
		return audit.RecordAs(ctx, tx, u.ID, u.Email, "api.request", "api_token", fmt.Sprint(t.ID))
	})
	if err != nil {
		return User{}, Token{}, fmt.Errorf("auth: use token %d: %w", t.ID, err)
	}
	t.LastUsedAt, t.LastUsedAddr = now, addr
	return u, t, nil
}
