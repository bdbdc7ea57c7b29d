package crawler

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"

	"mediawatch"
)

// refusedPrefixes are the address ranges a source may reach only when it
// allows private addresses: nothing on them is "the web", and a crawler that
// follows a link or a redirect there could be turned against the machine it
// runs on or its neighbours (SSRF).
var refusedPrefixes = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),      // "this network", includes unspecified
	netip.MustParsePrefix("10.0.0.0/8"),     // RFC 1918
	netip.MustParsePrefix("100.64.0.0/10"),  // carrier-grade NAT
	netip.MustParsePrefix("127.0.0.0/8"),    // loopback
	netip.MustParsePrefix("169.254.0.0/16"), // link-local (cloud metadata lives here)
	netip.MustParsePrefix("172.16.0.0/12"),  // RFC 1918
	netip.MustParsePrefix("192.0.0.0/24"),   // IETF protocol assignments
	netip.MustParsePrefix("192.168.0.0/16"), // RFC 1918
	netip.MustParsePrefix("198.18.0.0/15"),  // benchmarking
	netip.MustParsePrefix("224.0.0.0/4"),    // multicast
	netip.MustParsePrefix("240.0.0.0/4"),    // reserved, includes broadcast
	netip.MustParsePrefix("::/128"),         // unspecified
	netip.MustParsePrefix("::1/128"),        // loopback
	netip.MustParsePrefix("fc00::/7"),       // unique local
	netip.MustParsePrefix("fe80::/10"),      // link-local
	netip.MustParsePrefix("ff00::/8"),       // multicast
}

// nat64Prefix embeds an IPv4 address in the low 32 bits; the embedded
// address is what is really reached, so it is judged instead.
var nat64Prefix = netip.MustParsePrefix("64:ff9b::/96")

// isRefusedAddr reports whether ip lies in a range only private-allowed
// sources may reach.
func isRefusedAddr(ip netip.Addr) bool {
	ip = ip.Unmap()
	if nat64Prefix.Contains(ip) {
		b := ip.As16()
		ip = netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]})
	}
	if !ip.IsValid() {
		return true
	}
	for _, p := range refusedPrefixes {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

// addrGuard decides at dial time, after DNS, whether an address may be
// connected to. exempt, when set, lets tests make a loopback test server look
// public; production code never sets it.
type addrGuard struct {
	exempt func(netip.AddrPort) bool
}

// control is a net.Dialer ControlContext hook: it sees the exact IP the
// socket is about to connect to, so neither DNS rebinding nor a redirect to
// an internal name can slip past the check.
func (g *addrGuard) control(_ context.Context, network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("dial %s %s: %w", network, address, mediawatch.ErrPrivateAddress)
	}
	if g.exempt != nil && g.exempt(ap) {
		return nil
	}
	if isRefusedAddr(ap.Addr()) {
		// The dialer's own error already names the network and address.
		return mediawatch.ErrPrivateAddress
	}
	return nil
}

// newFetchTransport builds one of the Fetcher's two transports. The strict one
// refuses private addresses at dial time; the permissive one (for sources
// that allow them) does not. Keeping two transports, rather than a per-request
// flag read by a shared dialer, keeps the decision free of data races and
// keeps pooled connections from leaking between the two kinds of source.
func newFetchTransport(connectTimeout time.Duration, guard *addrGuard) *http.Transport {
	d := &net.Dialer{Timeout: connectTimeout, KeepAlive: 30 * time.Second}
	if guard != nil {
		d.ControlContext = guard.control
	}
	return &http.Transport{
		Proxy:                 nil, // a proxy would dial on our behalf and bypass the address check
		DialContext:           d.DialContext,
		ForceAttemptHTTP2:     true,
		TLSHandshakeTimeout:   connectTimeout,
		MaxIdleConns:          64,
		MaxIdleConnsPerHost:   2,
		IdleConnTimeout:       90 * time.Second,
		ExpectContinueTimeout: time.Second,
		// Compression stays enabled: the transport asks for gzip and hands us
		// decompressed bytes, so the body limit counts what we really hold.
	}
}

// parseFetchURL resolves ref against base (when not nil) and accepts only
// absolute http and https URLs; the fragment is dropped.
func parseFetchURL(base *url.URL, ref string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(ref))
	if err != nil {
		return nil, fmt.Errorf("fetch %q: %w: %w", ref, mediawatch.ErrInvalid, err)
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("fetch %q: scheme %q refused: %w", ref, u.Scheme, mediawatch.ErrInvalid)
	}
	if u.Hostname() == "" {
		return nil, fmt.Errorf("fetch %q: no host: %w", ref, mediawatch.ErrInvalid)
	}
	u.Fragment, u.RawFragment = "", ""
	return u, nil
}

func isRedirect(status int) bool {
	switch status {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
		http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		return true
	}
	return false
}

// ErrRedirectLimit means a fetch was redirected more often than
// Options.MaxRedirects allows (with none allowed, redirected at all).
var ErrRedirectLimit = errors.New("redirect limit reached")

// redirectTarget returns where a redirect from u points.
func redirectTarget(u *url.URL, h http.Header) (*url.URL, error) {
	loc := h.Get("Location")
	if loc == "" {
		return nil, fmt.Errorf("fetch %s: redirect without Location", u.Redacted())
	}
	return parseFetchURL(u, loc)
}
