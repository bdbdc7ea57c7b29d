package crawler

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"mediawatch"
)

// robotsServer serves body as robots.txt with status (settable while the
// test runs) and "ok" for every other path, counting requests.
type robotsServer struct {
	*httptest.Server
	h      hits
	status atomic.Int32
	body   atomic.Value // string
}

func newRobotsServer(t *testing.T, status int, body string) *robotsServer {
	rs := &robotsServer{}
	rs.status.Store(int32(status))
	rs.body.Store(body)
	rs.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rs.h.record(r)
		switch r.URL.Path {
		case "/robots.txt":
			if rs.status.Load() == http.StatusMovedPermanently {
				http.Redirect(w, r, "/real-robots.txt", http.StatusMovedPermanently)
				return
			}
			w.WriteHeader(int(rs.status.Load()))
			io.WriteString(w, rs.body.Load().(string))
		case "/real-robots.txt":
			io.WriteString(w, "User-agent: *\nDisallow: /\n")
		default:
			io.WriteString(w, "ok")
		}
	}))
	t.Cleanup(rs.Close)
	return rs
}

func (rs *robotsServer) fetch(t *testing.T, f *Fetcher, path string) error {
	t.Helper()
	_, err := f.Fetch(t.Context(), Request{URL: rs.URL + path, AllowPrivate: true})
	return err
}

func TestRobotsFetchedOnceAndObeyed(t *testing.T) {
	rs := newRobotsServer(t, 200, "User-agent: *\nDisallow: /private\n")
	f := newTestFetcher(t, Options{}, nil)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if err := rs.fetch(t, f, "/public"); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	err := rs.fetch(t, f, "/private/page?x=1")
	if !errors.Is(err, mediawatch.ErrDisallowed) {
		t.Errorf("disallowed page: error = %v, want ErrDisallowed", err)
	}
	if n := rs.h.count("/robots.txt"); n != 1 {
		t.Errorf("server saw %d robots.txt requests, want 1", n)
	}
	if n := rs.h.count("/private/page"); n != 0 {
		t.Errorf("disallowed page was fetched %d times", n)
	}
	if n := rs.h.count("/public"); n != 8 {
		t.Errorf("public page fetched %d times, want 8", n)
	}
}

func TestRobotsProductToken(t *testing.T) {
	for _, tc := range []struct {
		name, robots, path string
		allowed            bool
	}{
		{"our group wins over star", "User-agent: *\nDisallow: /\n\nUser-agent: mediawatch\nDisallow: /news/\n", "/about", true},
		{"our group disallows", "User-agent: *\nDisallow: /\n\nUser-agent: MediaWatch\nDisallow: /news/\n", "/news/1", false},
		{"other bot only", "User-agent: otherbot\nDisallow: /\n", "/news/1", true},
		{"star disallows all", "User-agent: *\nDisallow: /\n", "/", false},
		{"allow beats shorter disallow", "User-agent: *\nDisallow: /news\nAllow: /news/son-la\n", "/news/son-la/1", true},
		{"wildcard", "User-agent: *\nDisallow: /*.pdf$\n", "/files/a.pdf", false},
		{"empty file", "", "/anything", true},
		{"bad lines skipped, good kept", "Disallow: /early\nUser-agent: *\nCrawl-delay: soon\nDisallow: /late\n", "/late/x", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rs := newRobotsServer(t, 200, tc.robots)
			f := newTestFetcher(t, Options{}, nil)
			err := rs.fetch(t, f, tc.path)
			if tc.allowed && err != nil {
				t.Errorf("fetch %s: %v, want allowed", tc.path, err)
			}
			if !tc.allowed && !errors.Is(err, mediawatch.ErrDisallowed) {
				t.Errorf("fetch %s: %v, want ErrDisallowed", tc.path, err)
			}
		})
	}
}

func TestRobotsCrawlDelay(t *testing.T) {
	const crawlDelay = 300 * time.Millisecond
	rec := &arrivals{global: new(atomic.Int32), maxGlobal: new(atomic.Int32)}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			io.WriteString(w, "User-agent: mediawatch\nCrawl-delay: 0.3\nDisallow: /x\n")
			rec.mu.Lock()
			rec.starts = append(rec.starts, time.Now())
			rec.mu.Unlock()
			return
		}
		rec.handler(0)(w, r)
	}))
	defer srv.Close()
	f := newTestFetcher(t, Options{HostDelay: 10 * time.Millisecond}, nil)
	for range 3 {
		if _, err := f.Fetch(t.Context(), Request{URL: srv.URL + "/p", AllowPrivate: true}); err != nil {
			t.Fatal(err)
		}
	}
	// The robots arrival is recorded at the end of its handler, so measure
	// the gaps between pages only.
	pages := rec.starts[1:]
	if len(pages) != 3 {
		t.Fatalf("server saw %d page requests, want 3", len(pages))
	}
	for i := 1; i < len(pages); i++ {
		if gap := pages[i].Sub(pages[i-1]); gap < crawlDelay-20*time.Millisecond {
			t.Errorf("gap %d is %s, want at least Crawl-delay %s", i, gap, crawlDelay)
		}
	}
}

func TestRobotsStatus(t *testing.T) {
	for _, tc := range []struct {
		status  int
		allowed bool
	}{
		{404, true}, {410, true}, {401, true}, {403, true},
		{500, false}, {503, false}, {429, false},
	} {
		t.Run(http.StatusText(tc.status), func(t *testing.T) {
			rs := newRobotsServer(t, tc.status, "User-agent: *\nDisallow: /\n")
			clock := newTestClock(time.Date(2025, 6, 1, 8, 0, 0, 0, time.UTC))
			f := newTestFetcher(t, Options{Now: clock.Now}, nil)
			err := rs.fetch(t, f, "/page")
			if tc.allowed {
				if err != nil {
					t.Errorf("robots %d: %v, want allowed", tc.status, err)
				}
				return
			}
			if !errors.Is(err, ErrRobotsUnavailable) {
				t.Fatalf("robots %d: error = %v, want ErrRobotsUnavailable", tc.status, err)
			}
			if rs.h.count("/page") != 0 {
				t.Error("page fetched while robots.txt was unavailable")
			}
			clock.Advance(time.Minute)
			if err := rs.fetch(t, f, "/page"); !errors.Is(err, ErrRobotsUnavailable) || rs.h.count("/robots.txt") != 1 {
				t.Errorf("a minute later: %v, %d robots requests; want the remembered failure", err, rs.h.count("/robots.txt"))
			}
			rs.status.Store(404)
			clock.Advance(robotsRetryAfter)
			if err := rs.fetch(t, f, "/page"); err != nil || rs.h.count("/robots.txt") != 2 {
				t.Errorf("after the retry window: %v, %d robots requests; want allowed after asking again", err, rs.h.count("/robots.txt"))
			}
		})
	}
}

func TestRobotsTTL(t *testing.T) {
	rs := newRobotsServer(t, 200, "User-agent: *\nDisallow: /old\n")
	clock := newTestClock(time.Date(2025, 6, 1, 8, 0, 0, 0, time.UTC))
	f := newTestFetcher(t, Options{Now: clock.Now, RobotsTTL: time.Hour}, nil)
	if err := rs.fetch(t, f, "/new"); err != nil {
		t.Fatal(err)
	}
	rs.body.Store("User-agent: *\nDisallow: /new\n")
	clock.Advance(59 * time.Minute)
	if err := rs.fetch(t, f, "/new"); err != nil {
		t.Errorf("within TTL: %v, want the cached rules", err)
	}
	clock.Advance(2 * time.Minute)
	if err := rs.fetch(t, f, "/new"); !errors.Is(err, mediawatch.ErrDisallowed) {
		t.Errorf("after TTL: %v, want the new rules", err)
	}
	if n := rs.h.count("/robots.txt"); n != 2 {
		t.Errorf("server saw %d robots.txt requests, want 2", n)
	}
}

func TestRobotsSizeCap(t *testing.T) {
	var b strings.Builder
	b.WriteString("User-agent: *\nDisallow: /early\n")
	for b.Len() < robotsMaxBytes+1024 {
		b.WriteString("# padding padding padding padding padding padding padding\n")
	}
	b.WriteString("Disallow: /late\n")
	rs := newRobotsServer(t, 200, b.String())
	f := newTestFetcher(t, Options{}, nil)
	if err := rs.fetch(t, f, "/early"); !errors.Is(err, mediawatch.ErrDisallowed) {
		t.Errorf("rule before the cap: %v, want ErrDisallowed", err)
	}
	if err := rs.fetch(t, f, "/late"); err != nil {
		t.Errorf("rule past the cap: %v, want ignored", err)
	}
}

func TestRobotsPrivateAddress(t *testing.T) {
	rs := newRobotsServer(t, 200, "")
	f := newTestFetcher(t, Options{}, nil)
	_, err := f.Fetch(t.Context(), Request{URL: rs.URL + "/page"})
	if !errors.Is(err, mediawatch.ErrPrivateAddress) {
		t.Fatalf("error = %v, want ErrPrivateAddress", err)
	}
	if n := rs.h.count("/robots.txt"); n != 0 {
		t.Errorf("robots.txt fetched from a private address %d times", n)
	}
	// The refusal is not remembered as the host's robots.txt.
	if err := rs.fetch(t, f, "/page"); err != nil {
		t.Errorf("allowed fetch after a refused one: %v", err)
	}
}

func TestRobotsRedirect(t *testing.T) {
	rs := newRobotsServer(t, http.StatusMovedPermanently, "")
	f := newTestFetcher(t, Options{}, nil)
	if err := rs.fetch(t, f, "/page"); !errors.Is(err, mediawatch.ErrDisallowed) {
		t.Errorf("error = %v, want the redirected robots.txt obeyed", err)
	}
	if n := rs.h.count("/real-robots.txt"); n != 1 {
		t.Errorf("redirect target fetched %d times, want 1", n)
	}
}

// TestRobotsCrawlDelayAfterRobots: the robots.txt request is a request too,
// so the first page waits the Crawl-delay it announced.
func TestRobotsCrawlDelayAfterRobots(t *testing.T) {
	const crawlDelay = 300 * time.Millisecond
	var mu sync.Mutex
	var starts []time.Time
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		starts = append(starts, time.Now())
		mu.Unlock()
		if r.URL.Path == "/robots.txt" {
			io.WriteString(w, "User-agent: mediawatch\nCrawl-delay: 0.3\n")
			return
		}
		io.WriteString(w, "ok")
	}))
	defer srv.Close()
	f := newTestFetcher(t, Options{HostDelay: 10 * time.Millisecond}, nil)
	if _, err := f.Fetch(t.Context(), Request{URL: srv.URL + "/p", AllowPrivate: true}); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(starts) != 2 {
		t.Fatalf("server saw %d requests, want robots.txt and the page", len(starts))
	}
	if gap := starts[1].Sub(starts[0]); gap < crawlDelay-20*time.Millisecond {
		t.Errorf("page came %s after robots.txt, want at least Crawl-delay %s", gap, crawlDelay)
	}
}

func TestRobotsCacheSweepsExpired(t *testing.T) {
	now := time.Date(2025, 6, 1, 8, 0, 0, 0, time.UTC)
	var c robotsCache
	for i := range robotsSweepMin {
		e := c.entry(strings.Repeat("h", i+1), now)
		e.expires = now.Add(time.Hour)
		if i%2 == 0 {
			e.expires = now.Add(-time.Minute)
		}
	}
	held := c.entry("h", now) // expired, but a caller holds it
	held.lock <- struct{}{}
	c.entry("new", now)
	<-held.lock
	if got, want := len(c.entries), robotsSweepMin/2+2; got != want {
		t.Errorf("after a sweep: %d entries, want %d (live ones, the held one and the new one)", got, want)
	}
	if c.entries["h"] != held || c.entries["hh"] == nil || c.entries["hhh"] != nil {
		t.Error("sweep dropped a live or held entry, or kept an expired one")
	}
}
