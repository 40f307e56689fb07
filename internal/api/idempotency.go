package api

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"time"

	"inteqra/internal/db"

	"inteqra/internal/request"
)

// KeyLife is how long the first answer to a POST with an Idempotency-Key
// is kept for retries; a key older than that may be used again.
const KeyLife = 24 * time.Hour

// idempotent runs a POST that carries an Idempotency-Key at most once per
// key and caller (the token, or the address for public endpoints). The
// key is claimed before the handler runs, so that a retry arriving while
// the first request runs is told so (409) instead of running it twice; the
// answer is stored when it is known and replayed to every retry with the
// same request (a different request under the same key is refused, 422).
// An answer of 5xx is not kept: the retry runs anew.
func (s *Server) idempotent(w http.ResponseWriter, r *http.Request, h handler) error {
	key := r.Header.Get("Idempotency-Key")
	if len(key) > 255 || !printable(key) {
		return errKeyInvalid
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return err
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	sum := sha256.Sum256(append([]byte(r.Method+" "+r.URL.RequestURI()+"\n"), body...))
	hash := hex.EncodeToString(sum[:])
	scope := "addr:" + request.ClientAddr(r)
	if t, ok := tokenFrom(r.Context()); ok {
		scope = fmt.Sprint("token:", t.ID)
	}
	ctx := r.Context()
	claimed, err := s.claimKey(ctx, scope, key, hash)
	if err != nil || !claimed {
		if err == nil {
			err = s.replay(ctx, w, scope, key, hash)
		}
		return err
	}
	rec := &capture{header: http.Header{}}
	herr := h(rec, r)
	if herr != nil {
		s.problem(rec, r, herr)
	}
	// The answer is kept on a context that outlives the request: the change
	// is made, and a client that went away must find its answer on retry.
	keep := context.WithoutCancel(ctx)
	if rec.status >= 500 {
		_, err = s.db.ExecContext(keep, `DELETE FROM api_idempotency WHERE scope = $1 AND key = $2`, scope, key)
	} else {
		_, err = s.db.ExecContext(keep, `UPDATE api_idempotency SET status = $1, location = $2, body = $3 WHERE scope = $4 AND key = $5`,
			rec.status, rec.header.Get("Location"), rec.body.Bytes(), scope, key)
	}
	if err != nil {
		return fmt.Errorf("api: keep the answer of idempotency key: %w", err)
	}
	rec.copyTo(w)
	return nil
}

// claimKey records the key as in progress; claimed is false when the
// caller used it before (and less than KeyLife ago).
func (s *Server) claimKey(ctx context.Context, scope, key, hash string) (claimed bool, err error) {
	now := s.now()
	err = s.db.Transact(ctx, func(tx *db.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM api_idempotency WHERE scope = $1 AND key = $2 AND created_at < $3`,
			scope, key, now.Add(-KeyLife)); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO api_idempotency (scope, key, request_hash, status, created_at)
			VALUES ($1, $2, $3, 0, $4) ON CONFLICT (scope, key) DO NOTHING`, scope, key, hash, now)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		claimed = n == 1
		return err
	})
	if err != nil {
		return false, fmt.Errorf("api: claim idempotency key: %w", err)
	}
	return claimed, nil
}

// replay answers a retry with the first request's answer.
func (s *Server) replay(ctx context.Context, w http.ResponseWriter, scope, key, hash string) error {
	var stored, location string
	var status int
	var body []byte
	err := s.db.QueryRowContext(ctx, `SELECT request_hash, status, location, body FROM api_idempotency WHERE scope = $1 AND key = $2`,
		scope, key).Scan(&stored, &status, &location, &body)
	switch {
	case err != nil:
		return fmt.Errorf("api: idempotency key: %w", err)
	case stored != hash:
		return errKeyReused
	case status == 0:
		return errKeyInProgress
	}
	h := w.Header()
	h.Set("Idempotent-Replayed", "true")
	if location != "" {
		h.Set("Location", location)
	}
	h.Set("Content-Type", "application/json")
	if status >= 400 {
		h.Set("Content-Type", "application/problem+json")
	}
	h.Set("ETag", etag(body))
	w.WriteHeader(status)
	_, err = w.Write(body)
	return err
}

// DeleteOldKeys removes the answers kept longer than KeyLife.
func DeleteOldKeys(ctx context.Context, d *db.DB, now time.Time) (int64, error) {
	res, err := d.ExecContext(ctx, `DELETE FROM api_idempotency WHERE created_at < $1`, now.Add(-KeyLife))
	if err != nil {
		return 0, fmt.Errorf("api: delete old idempotency keys: %w", err)
	}
	return res.RowsAffected()
}

func printable(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x21 || s[i] > 0x7e {
			return false
		}
	}
	return s != ""
}

// capture holds an answer until it is stored.
type capture struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (c *capture) Header() http.Header { return c.header }
func (c *capture) WriteHeader(code int) {
	if c.status == 0 {
		c.status = code
	}
}
func (c *capture) Write(b []byte) (int, error) {
	if c.status == 0 {
		c.status = http.StatusOK
	}
	return c.body.Write(b)
}

func (c *capture) copyTo(w http.ResponseWriter) {
	for k, v := range c.header {
		w.Header()[k] = v
	}
	w.WriteHeader(c.status)
	_, _ = w.Write(c.body.Bytes())
}
