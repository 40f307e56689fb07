package api

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"

	"inteqra/internal/request"
)

// Limits are the requests allowed per minute: to each token, and to each
// client address, whatever token it uses or none.
type Limits struct {
	PerToken int
	PerAddr  int
}

// DefaultLimits allow a partner system a steady request a tenth of a
// second, and an address, which may be a whole office behind one gateway,
// twice that.
var DefaultLimits = Limits{PerToken: 600, PerAddr: 1200}

// limiter counts requests in fixed one-minute windows. The counts live in
// the node's memory: with several nodes behind a balancer each counts its
// own share, which the limits allow for.
type limiter struct {
	limits Limits
	mu     sync.Mutex
	window time.Time
	counts map[string]int
}

func newLimiter(l Limits) *limiter { return &limiter{limits: l, counts: map[string]int{}} }

// take counts a request against key, which allows max a minute, and
// returns how many remain and when the window ends; ok is false when none
// remained.
func (l *limiter) take(key string, max int, now time.Time) (remaining int, reset time.Time, ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if w := now.Truncate(time.Minute); !w.Equal(l.window) {
		l.window, l.counts = w, map[string]int{}
	}
	reset = l.window.Add(time.Minute)
	n := l.counts[key]
	if n >= max {
		return 0, reset, false
	}
	l.counts[key] = n + 1
	return max - n - 1, reset, true
}

// limit counts the request against its address, or, once a token is
// known, against the token, and refuses it (429, with Retry-After) past the
// limit. The address is counted before the token is looked at, so that
// guessing tokens is slowed too. The headers say what is left, as
// GitHub's do.
func (s *Server) limit(w http.ResponseWriter, r *http.Request) error {
	now := s.now()
	key, max := "addr:"+request.ClientAddr(r), s.limiter.limits.PerAddr
	if t, ok := tokenFrom(r.Context()); ok {
		key, max = fmt.Sprint("token:", t.ID), s.limiter.limits.PerToken
	}
	remaining, reset, ok := s.limiter.take(key, max, now)
	h := w.Header()
	h.Set("X-RateLimit-Limit", strconv.Itoa(max))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(remaining))
	h.Set("X-RateLimit-Reset", strconv.FormatInt(reset.Unix(), 10))
	if ok {
		return nil
	}
	wait := int(math.Ceil(reset.Sub(now).Seconds()))
	h.Set("Retry-After", strconv.Itoa(wait))
	return &statusError{status: http.StatusTooManyRequests, kind: "rate-limited", detail: "api.problem.rate_limited", args: []any{"Seconds", wait}}
}
