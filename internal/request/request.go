// Package request holds what the pages and the JSON API both need to know
// of a request: its id, the client's address, and the status its handler
// wrote.
package request

import (
	"crypto/rand"
	"encoding/hex"
	"net"
	"net/http"
)

// NewID returns a random id for a request, for the logs, the audit log and
// the error the user can quote; it is sent back as X-Request-Id.
func NewID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// ClientAddr returns the address the request came from, without its port.
func ClientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// Recorder remembers the status a handler wrote.
type Recorder struct {
	http.ResponseWriter
	Status int
}

// WriteHeader records the first status written.
func (rec *Recorder) WriteHeader(code int) {
	if rec.Status == 0 {
		rec.Status = code
	}
	rec.ResponseWriter.WriteHeader(code)
}

// Write records 200 when nothing was written before.
func (rec *Recorder) Write(b []byte) (int, error) {
	if rec.Status == 0 {
		rec.Status = http.StatusOK
	}
	return rec.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the writer underneath.
func (rec *Recorder) Unwrap() http.ResponseWriter { return rec.ResponseWriter }
