package request

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// FromProxies serves next with the client's own address as the request's
// RemoteAddr when the request came through one of the trusted reverse
// proxies: the right-most address of X-Forwarded-For that is not itself
// a trusted proxy, as everything to its left was written by the client
// and may be forged. A request from any other peer, or whose header does
// not parse, keeps its peer's address. With no proxy trusted, next is
// returned as it is.
func FromProxies(trusted []netip.Prefix, next http.Handler) http.Handler {
	if len(trusted) == 0 {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if client, ok := forwardedClient(r, trusted); ok {
			r = r.Clone(r.Context())
			r.RemoteAddr = net.JoinHostPort(client.String(), "0")
		}
		next.ServeHTTP(w, r)
	})
}

// forwardedClient returns the address that X-Forwarded-For names for a
// request whose peer is a trusted proxy.
func forwardedClient(r *http.Request, trusted []netip.Prefix) (netip.Addr, bool) {
	peer, err := netip.ParseAddr(ClientAddr(r))
	if err != nil || !within(peer.Unmap(), trusted) {
		return netip.Addr{}, false
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	client := netip.Addr{}
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break // a malformed hop: trust nothing before it
		}
		client = a.Unmap()
		if !within(client, trusted) {
			return client, true
		}
	}
	return client, client.IsValid()
}

func within(a netip.Addr, prefixes []netip.Prefix) bool {
	for _, p := range prefixes {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// ParsePrefixes reads a comma-separated list of addresses and networks
// (192.0.2.10, 10.0.0.0/8, ::1).
func ParsePrefixes(list string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(list, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if strings.Contains(f, "/") {
			p, err := netip.ParsePrefix(f)
			if err != nil {
				return nil, err
			}
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, err
		}
		out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
	}
	return out, nil
}
