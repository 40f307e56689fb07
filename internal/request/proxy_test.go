package request

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestFromProxies(t *testing.T) {
	t.Parallel()
	trusted, err := ParsePrefixes("10.0.0.0/8, 192.0.2.10")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ParsePrefixes("10.0.0.0/33"); err == nil {
		t.Error("a bad network was accepted")
	}
	if _, err := ParsePrefixes("proxy.local"); err == nil {
		t.Error("a name was accepted")
	}
	tests := []struct {
		name, peer string
		forwarded  []string
		want       string
	}{
		{"a trusted proxy names the client", "192.0.2.10:4431", []string{"203.0.113.7"}, "203.0.113.7"},
		{"a forged hop left of the client is ignored", "192.0.2.10:4431", []string{"1.2.3.4, 203.0.113.7"}, "203.0.113.7"},
		{"two proxies in a row", "10.1.1.1:80", []string{"203.0.113.7, 10.2.2.2"}, "203.0.113.7"},
		{"several header lines", "10.1.1.1:80", []string{"198.51.100.1", "203.0.113.9"}, "203.0.113.9"},
		{"an untrusted peer's header is not read", "198.51.100.5:1234", []string{"203.0.113.7"}, "198.51.100.5"},
		{"a malformed hop stops the walk", "192.0.2.10:4431", []string{"203.0.113.7, garbage"}, "192.0.2.10"},
		{"no header keeps the proxy's address", "192.0.2.10:4431", nil, "192.0.2.10"},
		{"IPv4 in IPv6", "[::ffff:192.0.2.10]:4431", []string{"203.0.113.7"}, "203.0.113.7"},
	}
	for _, tt := range tests {
		var got string
		h := FromProxies(trusted, http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) { got = ClientAddr(r) }))
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = tt.peer
		for _, v := range tt.forwarded {
			r.Header.Add("X-Forwarded-For", v)
		}
		h.ServeHTTP(httptest.NewRecorder(), r)
		if got != tt.want {
			t.Errorf("%s: client %q, want %q", tt.name, got, tt.want)
		}
	}
}
