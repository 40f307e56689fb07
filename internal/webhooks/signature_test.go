package webhooks

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func TestVerify(t *testing.T) {
	t.Parallel()
	now := time.Unix(1_800_000_000, 0)
	body := []byte(`{"id":"evt_1","type":"referral.sent"}`)
	header := Sign("whsec_a", now, body)
	for _, tc := range []struct {
		name   string
		secret string
		header string
		body   string
		now    time.Time
		want   error
	}{
		{"valid", "whsec_a", header, string(body), now.Add(time.Minute), nil},
		{"tampered body", "whsec_a", header, `{"id":"evt_1","type":"referral.updated"}`, now, ErrBadSignature},
		{"other secret", "whsec_b", header, string(body), now, ErrBadSignature},
		{"stale", "whsec_a", header, string(body), now.Add(Tolerance + time.Second), ErrStale},
		{"from the future", "whsec_a", header, string(body), now.Add(-Tolerance - time.Second), ErrStale},
		{"second secret", "whsec_a", Sign("whsec_old", now, body) + ",v1=" + header[len("t=1800000000,v1="):], string(body), now, nil},
		{"no signature", "whsec_a", "t=1800000000", string(body), now, ErrBadSignature},
		{"empty", "whsec_a", "", string(body), now, ErrBadSignature},
	} {
		if err := Verify(tc.secret, tc.header, []byte(tc.body), tc.now, Tolerance); !errors.Is(err, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, err, tc.want)
		}
	}
}

// In production the client refuses the system's own addresses whatever a
// name resolves to.
func TestClientRefusesPrivate(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	defer srv.Close()
	if _, err := newClient(false).Get(srv.URL); !errors.Is(err, errPrivateAddress) {
		t.Errorf("production: got %v, want %v", err, errPrivateAddress)
	}
	resp, err := newClient(true).Get(srv.URL)
	if err != nil {
		t.Fatalf("tests: got %v, want the loopback receiver reached", err)
	}
	resp.Body.Close()
}
