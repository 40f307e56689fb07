package auth

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"

	"inteqra/internal/db"
)

// TOTP secrets are stored sealed with AES-256-GCM under a key kept outside
// the database (package keyfile), so a copy of the database alone does not
// give anyone the users' second factors. The user's id is the additional
// data: a sealed secret copied onto another account does not open there.
//
// A stored value is "v1:" followed by base64(nonce || ciphertext); the
// prefix tells a sealed value from a plain one written before sealing
// existed, which EncryptSecrets seals at start.
const sealedPrefix = "v1:"

var errSecretKey = errors.New("auth: the secret key must be 32 bytes (AES-256)")

// Sealer seals the secrets the system must read back, and so cannot keep
// as a hash (TOTP secrets, the signing secrets of webhooks), with AES-256-GCM
// under the key kept outside the database. Each secret is sealed with
// additional data naming its place, so a value copied elsewhere does not open.
type Sealer struct{ aead cipher.AEAD }

// NewSealer returns a Sealer under key (32 bytes: app.Keys.Secret).
func NewSealer(key []byte) (*Sealer, error) {
	if len(key) != 32 {
		return nil, errSecretKey
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	return &Sealer{aead: aead}, err
}

// Seal encrypts plain for the place ad names, with a random nonce.
func (s *Sealer) Seal(ad []byte, plain string) (string, error) {
	nonce := make([]byte, s.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	out := s.aead.Seal(nonce, nonce, []byte(plain), ad)
	return sealedPrefix + base64.RawStdEncoding.EncodeToString(out), nil
}

// errMalformed is a stored value that is not one Seal wrote.
var errMalformed = errors.New("not a sealed value")

// Open decrypts a value Seal sealed for the same place ad.
func (s *Sealer) Open(ad []byte, stored string) (string, error) {
	rest, ok := strings.CutPrefix(stored, sealedPrefix)
	raw, err := base64.RawStdEncoding.DecodeString(rest)
	n := s.aead.NonceSize()
	if !ok || err != nil || len(raw) < n {
		return "", errMalformed
	}
	plain, err := s.aead.Open(nil, raw[:n], raw[n:], ad)
	return string(plain), err
}

func additionalData(userID int64) []byte {
	return []byte("users.totp_secret:" + strconv.FormatInt(userID, 10))
}

// seal encrypts a TOTP secret of user id for storage.
func (s *Store) seal(userID int64, secret string) (string, error) {
	return s.sealer.Seal(additionalData(userID), secret)
}

// open decrypts a stored TOTP secret of user id.
func (s *Store) open(userID int64, stored string) (string, error) {
	plain, err := s.sealer.Open(additionalData(userID), stored)
	if err != nil {
		return "", fmt.Errorf("auth: open totp secret of user %d: %w", userID, err)
	}
	return plain, nil
}

// EncryptSecrets seals every TOTP secret still stored in plain text, as
// databases written before sealing hold them. A migration cannot do this, for
// it has no key; the app calls it at every start, and a second call finds
// nothing to do. Each row is replaced only if it still holds the plain value
// read, so two nodes starting together do not seal a secret twice.
func (s *Store) EncryptSecrets(ctx context.Context) (int, error) {
	type plain struct {
		id     int64
		secret string
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, totp_secret FROM users WHERE totp_secret <> '' AND totp_secret NOT LIKE 'v1:%'`)
	found, err := db.Collect(rows, err, func(r db.Scanner) (p plain, err error) {
		err = r.Scan(&p.id, &p.secret)
		return p, err
	})
	if err != nil {
		return 0, fmt.Errorf("auth: encrypt secrets: %w", err)
	}
	sealed := 0
	err = s.db.Transact(ctx, func(tx *db.Tx) error {
		for _, p := range found {
			v, err := s.seal(p.id, p.secret)
			if err != nil {
				return err
			}
			res, err := tx.ExecContext(ctx, `UPDATE users SET totp_secret = $1 WHERE id = $2 AND totp_secret = $3`, v, p.id, p.secret)
			if err != nil {
				return fmt.Errorf("auth: encrypt secret of user %d: %w", p.id, err)
			}
			if n, _ := res.RowsAffected(); n == 1 {
				sealed++
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	if sealed > 0 {
		slog.InfoContext(ctx, "sealed plain TOTP secrets", "count", sealed)
	}
	return sealed, nil
}

// pendingData is the additional data of a secret offered but not yet
// confirmed: it differs from a stored secret's, so a sealed pending value
// copied into the users table does not open there, nor the other way round.
func pendingData(userID int64) []byte {
	return []byte("pending totp_secret:" + strconv.FormatInt(userID, 10))
}

// SealPending seals a TOTP secret offered to user userID until a code
// from their app confirms it, so that the session (kept in the database)
// never holds the plain secret; OpenPending opens it again.
func (s *Store) SealPending(userID int64, secret string) (string, error) {
	return s.sealer.Seal(pendingData(userID), secret)
}

// OpenPending opens a secret sealed by SealPending for the same user; it
// fails for any other value, another user's or one sealed under another key.
func (s *Store) OpenPending(userID int64, sealed string) (string, error) {
	plain, err := s.sealer.Open(pendingData(userID), sealed)
	if err != nil {
		return "", fmt.Errorf("auth: open pending totp secret of user %d: %w", userID, err)
	}
	return plain, nil
}
