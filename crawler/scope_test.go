package crawler

import (
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"mediawatch"
)

func TestPrivateScopeCovers(t *testing.T) {
	for _, tc := range []struct {
		home, target string
		covered      bool
	}{
		{"http://intranet.local:8080/rss", "http://intranet.local:8080/a", true},
		{"http://intranet.local:8080/rss", "https://intranet.local/a", true},
		{"http://intranet.local:8080/rss", "http://INTRANET.local./a", true},
		{"http://intranet.local:8080/rss", "http://intranet.local:6379/", false},
		{"http://intranet.local:8080/rss", "http://other.local:8080/a", false},
		{"http://10.0.0.5/rss", "http://10.0.0.5:443/a", true},
		{"http://10.0.0.5/rss", "http://10.0.0.6/a", false},
		{"http://10.0.0.5/rss", "http://intranet.local/a", false}, // a name is not its address
		{"http://[fd00::1]:81/rss", "http://[fd00::1]:81/a", true},
		{"http://[fd00::1]:81/rss", "http://[fd00::2]:81/a", false},
	} {
		t.Run(tc.home+" "+tc.target, func(t *testing.T) {
			s, err := newPrivateScope(tc.home)
			if err != nil {
				t.Fatal(err)
			}
			u, _ := url.Parse(tc.target)
			if got := s.covers(u); got != tc.covered {
				t.Errorf("covers = %v, want %v", got, tc.covered)
			}
		})
	}
	if (privateScope{}).covers(&url.URL{Scheme: "http", Host: "127.0.0.1"}) {
		t.Error("the zero scope covers a host")
	}
}

// countingServer starts a loopback server on addr ("127.0.0.1:0" or
// another loopback address) that answers 200 and counts requests by path.
func countingServer(t *testing.T, addr string, h *hits, handler http.HandlerFunc) *httptest.Server {
	t.Helper()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Skipf("cannot listen on %s: %v", addr, err)
	}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.record(r)
		if handler != nil {
			handler(w, r)
			return
		}
		io.WriteString(w, "private")
	}))
	srv.Listener.Close()
	srv.Listener = ln
	srv.Start()
	t.Cleanup(srv.Close)
	return srv
}

// TestFetchAllowPrivateOwnHostOnly allows one loopback server and has it
// point, by redirect and by its robots.txt's redirect, at a second loopback
// server on another port: the second must never be reached.
func TestFetchAllowPrivateOwnHostOnly(t *testing.T) {
	var otherHits hits
	other := countingServer(t, "127.0.0.1:0", &otherHits, nil)
	var ownHits hits
	var robotsToOther atomic.Bool
	own := countingServer(t, "127.0.0.1:0", &ownHits, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			if robotsToOther.Load() {
				http.Redirect(w, r, other.URL+"/latest/meta-data/", http.StatusFound)
				return
			}
			http.NotFound(w, r)
		case "/away":
			http.Redirect(w, r, other.URL+"/secret", http.StatusFound)
		case "/home":
			http.Redirect(w, r, "/page", http.StatusFound)
		default:
			io.WriteString(w, "own")
		}
	})
	f := newTestFetcher(t, Options{MaxRetries: -1}, nil)
	home := own.URL + "/rss"

	res, err := f.Fetch(t.Context(), Request{URL: own.URL + "/home", AllowPrivate: true, Home: home})
	if err != nil || string(res.Body) != "own" {
		t.Fatalf("redirect within the own host: %v, %v", res, err)
	}
	for _, target := range []string{own.URL + "/away", other.URL + "/secret"} {
		_, err := f.Fetch(t.Context(), Request{URL: target, AllowPrivate: true, Home: home})
		if !errors.Is(err, mediawatch.ErrPrivateAddress) || !strings.Contains(err.Error(), "allow_private covers only") {
			t.Errorf("fetch %s: error = %v, want a private-address refusal naming allow_private", target, err)
		}
	}

	// A fetcher with a fresh robots cache, and a robots.txt that redirects
	// elsewhere: the redirect is refused, so the page is not fetched either.
	robotsToOther.Store(true)
	f2 := newTestFetcher(t, Options{MaxRetries: -1}, nil)
	_, err = f2.Fetch(t.Context(), Request{URL: own.URL + "/page", AllowPrivate: true, Home: home})
	if !errors.Is(err, mediawatch.ErrPrivateAddress) {
		t.Errorf("robots.txt redirect: error = %v, want ErrPrivateAddress", err)
	}
	otherHits.mu.Lock()
	defer otherHits.mu.Unlock()
	if len(otherHits.n) != 0 {
		t.Errorf("the other private server was reached: %v", otherHits.n)
	}
}

// TestFetchZeroLimits: a fetcher told "none" makes one attempt and follows
// no redirect, and says so.
func TestFetchZeroLimits(t *testing.T) {
	var h hits
	srv := countingServer(t, "127.0.0.1:0", &h, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			http.NotFound(w, r)
		case "/busy":
			w.WriteHeader(http.StatusServiceUnavailable)
		case "/moved":
			http.Redirect(w, r, "/here", http.StatusMovedPermanently)
		default:
			io.WriteString(w, "here")
		}
	})
	f := newTestFetcher(t, Options{MaxRetries: -1, MaxRedirects: -1}, nil)
	_, err := f.Fetch(t.Context(), Request{URL: srv.URL + "/busy", AllowPrivate: true})
	var se *StatusError
	if !errors.As(err, &se) || se.Status != http.StatusServiceUnavailable || h.count("/busy") != 1 {
		t.Errorf("busy: error = %v after %d attempts, want status 503 after 1", err, h.count("/busy"))
	}
	_, err = f.Fetch(t.Context(), Request{URL: srv.URL + "/moved", AllowPrivate: true})
	if !errors.Is(err, ErrRedirectLimit) || !strings.Contains(err.Error(), "/here not followed") || h.count("/here") != 0 {
		t.Errorf("moved: error = %v, /here fetched %d times; want the redirect reported, not followed", err, h.count("/here"))
	}
}
