package auth

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"reflect"
	"sync"
	"time"

	"github.com/alexedwards/scs/v2"

	"inteqra/internal/db"
)

// SessionStore keeps web sessions in the database, so they survive a restart
// and any app node can serve any request. It implements scs.CtxStore.
type SessionStore struct {
	db *db.DB
	// read remembers what FindCtx read and CommitCtx wrote of each
	// session, so that the commit at the end of a request can tell an
	// unchanged session without reading it again.
	mu   sync.Mutex
	read map[string]storedSession
}

type storedSession struct {
	data   []byte
	expiry time.Time
}

// maxRemembered bounds SessionStore.read; a full map starts again.
const maxRemembered = 1 << 14

// NewSessionStore returns a session store on d.
func NewSessionStore(d *db.DB) *SessionStore {
	return &SessionStore{db: d, read: map[string]storedSession{}}
}

// FindCtx returns the data of an unexpired session.
func (s *SessionStore) FindCtx(ctx context.Context, token string) ([]byte, bool, error) {
	var st storedSession
	err := s.db.QueryRowContext(ctx, `SELECT data, expiry FROM sessions WHERE token = $1 AND expiry > $2`, token, db.Now()).
		Scan(&st.data, &st.expiry)
	if errors.Is(err, sql.ErrNoRows) {
		s.remember(token, nil)
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	s.remember(token, &st)
	return st.data, true, nil
}

// remember notes what the database holds of a session, nil for nothing.
func (s *SessionStore) remember(token string, st *storedSession) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if st == nil {
		delete(s.read, token)
		return
	}
	if len(s.read) >= maxRemembered {
		clear(s.read)
	}
	s.read[token] = *st
}

// touchEvery is how far a session's stored expiry may lag behind its idle
// deadline, so an idle session ends between 29 and 30 minutes after the
// last request. scs commits the session on every request to move that
// deadline; written each time, on SQLite that commit made every reader
// connection drop its page cache (a WAL reader starts afresh after any
// commit), which doubled the time of a registry search.
const touchEvery = time.Minute

// CommitCtx stores or replaces a session. A session whose values have not
// changed is written only when its stored expiry is touchEvery old.
func (s *SessionStore) CommitCtx(ctx context.Context, token string, data []byte, expiry time.Time) error {
	if s.unchanged(token, data, expiry) {
		return nil
	}
	s.remember(token, nil)
	_, err := s.db.ExecContext(ctx, `
		INSERT INTO sessions (token, data, expiry) VALUES ($1, $2, $3)
		ON CONFLICT (token) DO UPDATE SET data = excluded.data, expiry = excluded.expiry`, token, data, db.Time(expiry))
	if err == nil {
		s.remember(token, &storedSession{data, db.Time(expiry)})
	}
	return err
}

// unchanged reports whether the stored session, as this request read it,
// holds the same deadline and values as data, and an expiry less than
// touchEvery before expiry. The values are compared decoded: gob writes a
// map in any order.
func (s *SessionStore) unchanged(token string, data []byte, expiry time.Time) bool {
	s.mu.Lock()
	st, ok := s.read[token]
	s.mu.Unlock()
	if !ok {
		return false
	}
	old, stored := st.data, st.expiry
	if expiry.Before(stored) || expiry.Sub(stored) >= touchEvery {
		return false
	}
	if bytes.Equal(old, data) {
		return true
	}
	var codec scs.GobCodec
	d1, v1, err1 := codec.Decode(old)
	d2, v2, err2 := codec.Decode(data)
	return err1 == nil && err2 == nil && d1.Equal(d2) && reflect.DeepEqual(v1, v2)
}

// DeleteCtx removes a session.
func (s *SessionStore) DeleteCtx(ctx context.Context, token string) error {
	s.remember(token, nil)
	_, err := s.db.ExecContext(ctx, `DELETE FROM sessions WHERE token = $1`, token)
	return err
}

// Find implements scs.Store.
func (s *SessionStore) Find(token string) ([]byte, bool, error) {
	return s.FindCtx(context.Background(), token)
}

// Commit implements scs.Store.
func (s *SessionStore) Commit(token string, data []byte, expiry time.Time) error {
	return s.CommitCtx(context.Background(), token, data, expiry)
}

// Delete implements scs.Store.
func (s *SessionStore) Delete(token string) error {
	return s.DeleteCtx(context.Background(), token)
}

// DeleteExpired removes expired sessions; the server calls it periodically.
func (s *SessionStore) DeleteExpired(ctx context.Context) (int64, error) {
	res, err := s.db.ExecContext(ctx, `DELETE FROM sessions WHERE expiry <= $1`, db.Now())
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
