package api

import (
	"context"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// Behind a reverse proxy every request comes from the proxy's address, and
// the proxy tells who the client was in X-Forwarded-For and whether it spoke
// HTTPS in X-Forwarded-Proto. Anyone can send those headers, so they are
// believed only from the peers listed in api.trusted_proxies: a client that
// reaches the service directly cannot make itself look like loopback (and
// read /metrics) or hide behind someone else's address in the access log.
//
// TrustProxies wraps the whole handler rather than sitting in the route
// table so that every later piece (access log, loopback check, any limit by
// address) sees one answer in r.RemoteAddr, and r.URL.Scheme says how the
// client reached us.

// forwardHeaders are the headers a proxy sets; from an untrusted peer they
// are removed so that nothing later can be fooled by them.
var forwardHeaders = []string{"X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "X-Real-Ip", "Forwarded"}

type schemeKey struct{}

// TrustProxies returns next behind the proxy rule: when the connection's
// peer is in trusted, r.RemoteAddr becomes the client address that
// X-Forwarded-For names (the rightmost one that is not itself a trusted
// proxy) and the scheme is X-Forwarded-Proto's; from any other peer the
// forwarding headers are dropped and the connection speaks for itself.
// With trusted empty no header is ever believed.
func TrustProxies(trusted []netip.Prefix, next http.Handler) http.Handler {
	isTrusted := func(a netip.Addr) bool {
		a = a.Unmap()
		for _, p := range trusted {
			if p.Contains(a) {
				return true
			}
		}
		return false
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		scheme := "http"
		if r.TLS != nil {
			scheme = "https"
		}
		peer, ok := peerAddr(r.RemoteAddr)
		if ok && isTrusted(peer) {
			if client, found := forwardedClient(r.Header.Values("X-Forwarded-For"), isTrusted); found {
				r.RemoteAddr = client.String()
			}
			if p := lastValue(r.Header.Values("X-Forwarded-Proto")); p == "https" || p == "http" {
				scheme = p
			}
		} else {
			for _, h := range forwardHeaders {
				r.Header.Del(h)
			}
		}
		r.URL.Scheme = scheme
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), schemeKey{}, scheme)))
	})
}

// Scheme is how the client reached the service, "https" or "http": the
// connection's own TLS, or a trusted proxy's X-Forwarded-Proto.
func Scheme(r *http.Request) string {
	if s, ok := r.Context().Value(schemeKey{}).(string); ok {
		return s
	}
	if r.TLS != nil {
		return "https"
	}
	return "http"
}

// peerAddr is the IP of a RemoteAddr ("ip:port", or a bare ip).
func peerAddr(remote string) (netip.Addr, bool) {
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		host = remote
	}
	a, err := netip.ParseAddr(host)
	return a.Unmap(), err == nil
}

// forwardedClient walks X-Forwarded-For from the right (the hop nearest us,
// which our own proxy wrote) to the first address that is not a trusted
// proxy: addresses left of it were written by the client and prove
// nothing. An entry that is not an address stops the walk at the last good
// one.
func forwardedClient(values []string, trusted func(netip.Addr) bool) (netip.Addr, bool) {
	var hops []string
	for _, v := range values {
		hops = append(hops, strings.Split(v, ",")...)
	}
	var last netip.Addr
	found := false
	for i := len(hops) - 1; i >= 0; i-- {
		a, ok := peerAddr(strings.TrimSpace(hops[i]))
		if !ok {
			break
		}
		last, found = a, true
		if !trusted(a) {
			break
		}
	}
	return last, found
}

// lastValue is the last comma-separated value of a header, lower-cased: the
// one the nearest proxy added.
func lastValue(values []string) string {
	if len(values) == 0 {
		return ""
	}
	v := values[len(values)-1]
	if i := strings.LastIndexByte(v, ','); i >= 0 {
		v = v[i+1:]
	}
	return strings.ToLower(strings.TrimSpace(v))
}
