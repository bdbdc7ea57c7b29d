package api

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"mediawatch/store"
)

// proxyServer is the real API over a real store, behind TrustProxies, on a
// real listener on 127.0.0.1, with its access log kept.
func proxyAPI(t *testing.T, trusted ...string) (*httptest.Server, *proxyLog) {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "mediawatch.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	logs := &proxyLog{}
	s := New(Deps{Store: db, Logger: slog.New(slog.NewJSONHandler(logs, nil))}, Options{})
	var prefixes []netip.Prefix
	for _, p := range trusted {
		prefixes = append(prefixes, netip.MustParsePrefix(p))
	}
	srv := httptest.NewServer(TrustProxies(prefixes, s.Handler()))
	t.Cleanup(srv.Close)
	return srv, logs
}

type proxyLog struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *proxyLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// remotes is the "remote" of every access log line so far.
func (l *proxyLog) remotes(t *testing.T) []string {
	t.Helper()
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for _, line := range strings.Split(strings.TrimSpace(l.b.String()), "\n") {
		var rec struct {
			Msg    string `json:"msg"`
			Remote string `json:"remote"`
		}
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		if rec.Msg == "http request" {
			out = append(out, rec.Remote)
		}
	}
	return out
}

func proxyGet(t *testing.T, url string, header map[string]string) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// A client that reaches the service directly cannot pick the address the
// service sees: its X-Forwarded-For is ignored in the log.
func TestForgedForwardedForFromUntrustedPeerIsIgnored(t *testing.T) {
	srv, logs := proxyAPI(t, "10.0.0.0/8") // the proxy is elsewhere; 127.0.0.1 is a plain client
	proxyGet(t, srv.URL+"/healthz", map[string]string{"X-Forwarded-For": "203.0.113.9"})
	got := logs.remotes(t)
	if len(got) != 1 || !strings.HasPrefix(got[0], "127.0.0.1:") {
		t.Fatalf("remote in the access log = %q, want the connection's own 127.0.0.1:port", got)
	}
}

// Through a trusted proxy the client is the address the proxy appended,
// not one the client wrote before it; a client outside loopback is refused
// /metrics although the proxy is on loopback.
func TestTrustedProxyNamesTheClient(t *testing.T) {
	srv, logs := proxyAPI(t, "127.0.0.1/32")
	if code := proxyGet(t, srv.URL+"/metrics", map[string]string{"X-Forwarded-For": "127.0.0.1, 203.0.113.9"}); code != http.StatusForbidden {
		t.Errorf("/metrics for a remote client behind the proxy = %d, want 403", code)
	}
	if code := proxyGet(t, srv.URL+"/metrics", nil); code != http.StatusOK {
		t.Errorf("/metrics from the loopback proxy itself = %d, want 200", code)
	}
	got := logs.remotes(t)
	if len(got) != 2 || got[0] != "203.0.113.9" || !strings.HasPrefix(got[1], "127.0.0.1:") {
		t.Fatalf("remotes = %q, want 203.0.113.9 then 127.0.0.1:port", got)
	}
}

// From a peer that is not a trusted proxy, a forged "I am loopback" does not
// open /metrics, and "https" is not believed.
func TestUntrustedPeerCannotClaimLoopback(t *testing.T) {
	var seen *http.Request
	h := TrustProxies([]netip.Prefix{netip.MustParsePrefix("10.1.2.3/32")}, http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) { seen = r }))
	req := httptest.NewRequest(http.MethodGet, "/metrics", nil)
	req.RemoteAddr = "198.51.100.7:40000"
	req.Header.Set("X-Forwarded-For", "127.0.0.1")
	req.Header.Set("X-Forwarded-Proto", "https")
	req.Header.Set("X-Real-Ip", "127.0.0.1")
	h.ServeHTTP(httptest.NewRecorder(), req)
	if seen.RemoteAddr != "198.51.100.7:40000" || Scheme(seen) != "http" || seen.URL.Scheme != "http" {
		t.Errorf("remote %q scheme %q, want the peer and http", seen.RemoteAddr, Scheme(seen))
	}
	for _, hdr := range forwardHeaders {
		if v := seen.Header.Get(hdr); v != "" {
			t.Errorf("%s = %q passed on from an untrusted peer", hdr, v)
		}
	}
}

func TestForwardedClientAndScheme(t *testing.T) {
	trusted := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("::1/128")}
	cases := []struct {
		name, peer, xff, proto string
		wantRemote, wantScheme string
	}{
		{"one proxy", "10.0.0.2:5000", "203.0.113.9", "https", "203.0.113.9", "https"},
		{"two trusted hops", "10.0.0.2:5000", "198.51.100.1, 203.0.113.9, 10.0.0.7", "https", "203.0.113.9", "https"},
		{"several headers", "10.0.0.2:5000", "203.0.113.9", "http", "203.0.113.9", "http"},
		{"ipv6 proxy", "[::1]:5000", "2001:db8::5", "HTTPS", "2001:db8::5", "https"},
		{"garbage left of the client", "10.0.0.2:5000", "not-an-ip, 203.0.113.9", "", "203.0.113.9", "http"},
		{"garbage as the nearest hop", "10.0.0.2:5000", "203.0.113.9, junk", "", "10.0.0.2:5000", "http"},
		{"all hops trusted", "10.0.0.2:5000", "10.0.0.9", "", "10.0.0.9", "http"},
		{"no header", "10.0.0.2:5000", "", "ftp", "10.0.0.2:5000", "http"},
		{"untrusted peer", "192.0.2.1:5000", "203.0.113.9", "https", "192.0.2.1:5000", "http"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var seen *http.Request
			h := TrustProxies(trusted, http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) { seen = r }))
			req := httptest.NewRequest(http.MethodGet, "/", nil)
			req.RemoteAddr = c.peer
			if c.xff != "" {
				req.Header.Set("X-Forwarded-For", c.xff)
			}
			if c.proto != "" {
				req.Header.Set("X-Forwarded-Proto", c.proto)
			}
			h.ServeHTTP(httptest.NewRecorder(), req)
			if seen.RemoteAddr != c.wantRemote || Scheme(seen) != c.wantScheme {
				t.Errorf("remote %q scheme %q, want %q %q", seen.RemoteAddr, Scheme(seen), c.wantRemote, c.wantScheme)
			}
		})
	}
}

// FuzzForwardedHeaders: whatever a client or proxy writes in the forwarding
// headers, the wrapper never panics, the address it passes on is the peer's
// or a parsed IP, and the scheme is http or https; from an untrusted peer
// nothing of the headers survives.
func FuzzForwardedHeaders(f *testing.F) {
	f.Add("10.0.0.2:5000", "203.0.113.9", "https")
	f.Add("10.0.0.2:5000", "198.51.100.1, 203.0.113.9, 10.0.0.7", "http")
	f.Add("[::1]:443", "2001:db8::5%eth0, ::ffff:10.0.0.1", "HTTPS, http")
	f.Add("192.0.2.1:1", "127.0.0.1", "https")
	f.Add("10.0.0.2:5000", ",,, ,", "")
	f.Add("not an address", "[::1]:80, 1.2.3.4:5", "wss")
	trusted := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("::1/128")}
	f.Fuzz(func(t *testing.T, peer, xff, proto string) {
		var seen *http.Request
		h := TrustProxies(trusted, http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) { seen = r }))
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req.RemoteAddr = peer
		req.Header.Set("X-Forwarded-For", xff)
		req.Header.Set("X-Forwarded-Proto", proto)
		h.ServeHTTP(httptest.NewRecorder(), req)
		if s := Scheme(seen); s != "http" && s != "https" {
			t.Fatalf("scheme %q", s)
		}
		if seen.RemoteAddr != peer {
			if _, err := netip.ParseAddr(seen.RemoteAddr); err != nil {
				t.Fatalf("remote %q is neither the peer %q nor an address", seen.RemoteAddr, peer)
			}
			if a, ok := peerAddr(peer); !ok || !isIn(trusted, a) {
				t.Fatalf("an untrusted peer %q was replaced by %q", peer, seen.RemoteAddr)
			}
		}
		if a, ok := peerAddr(peer); !ok || !isIn(trusted, a) {
			if seen.Header.Get("X-Forwarded-For") != "" || Scheme(seen) != "http" {
				t.Fatalf("headers of an untrusted peer survived")
			}
		}
	})
}

func isIn(ps []netip.Prefix, a netip.Addr) bool {
	for _, p := range ps {
		if p.Contains(a) {
			return true
		}
	}
	return false
}
