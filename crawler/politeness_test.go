package crawler

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// arrivals records, as a server sees it, when each request started and how
// many were in flight at once — on this server and across all servers that
// share the same global counter.
type arrivals struct {
	mu        sync.Mutex
	starts    []time.Time
	inFlight  int
	maxFlight int
	global    *atomic.Int32
	maxGlobal *atomic.Int32
}

func (a *arrivals) handler(work time.Duration) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		a.mu.Lock()
		a.starts = append(a.starts, time.Now())
		a.inFlight++
		a.maxFlight = max(a.maxFlight, a.inFlight)
		a.mu.Unlock()
		g := a.global.Add(1)
		for {
			m := a.maxGlobal.Load()
			if g <= m || a.maxGlobal.CompareAndSwap(m, g) {
				break
			}
		}
		time.Sleep(work)
		a.global.Add(-1)
		a.mu.Lock()
		a.inFlight--
		a.mu.Unlock()
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		io.WriteString(w, "ok")
	}
}

func TestPolitenessAsServerSeesIt(t *testing.T) {
	const (
		delay     = 150 * time.Millisecond
		tolerance = 20 * time.Millisecond // network jitter between client start and server arrival
		perHost   = 4
		hosts     = 3
	)
	var global, maxGlobal atomic.Int32
	recs := make([]*arrivals, hosts)
	urls := make([]string, hosts)
	for i := range recs {
		recs[i] = &arrivals{global: &global, maxGlobal: &maxGlobal}
		srv := httptest.NewServer(recs[i].handler(60 * time.Millisecond))
		t.Cleanup(srv.Close)
		urls[i] = srv.URL
	}
	f := newTestFetcher(t, Options{HostDelay: delay, Concurrency: 2}, nil)

	var wg sync.WaitGroup
	for _, u := range urls {
		for range perHost {
			wg.Go(func() {
				if _, err := f.Fetch(t.Context(), Request{URL: u + "/page", AllowPrivate: true}); err != nil {
					t.Error(err)
				}
			})
		}
	}
	wg.Wait()

	for i, a := range recs {
		if len(a.starts) != perHost+1 { // the pages and one robots.txt
			t.Errorf("host %d saw %d requests, want %d", i, len(a.starts), perHost+1)
		}
		if a.maxFlight != 1 {
			t.Errorf("host %d had %d requests in flight at once, want 1", i, a.maxFlight)
		}
		sort.Slice(a.starts, func(x, y int) bool { return a.starts[x].Before(a.starts[y]) })
		for j := 1; j < len(a.starts); j++ {
			if gap := a.starts[j].Sub(a.starts[j-1]); gap < delay-tolerance {
				t.Errorf("host %d: gap %d is %s, want at least %s", i, j, gap, delay)
			}
		}
	}
	if m := maxGlobal.Load(); m > 2 {
		t.Errorf("%d requests in flight across hosts, want at most Concurrency=2", m)
	}
	if m := maxGlobal.Load(); m < 2 {
		t.Errorf("hosts never proceeded in parallel (max in flight %d)", m)
	}
}

func TestPolitenessCancelWhileWaiting(t *testing.T) {
	var h hits
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.record(r)
		http.NotFound(w, r)
	}))
	defer srv.Close()
	f := newTestFetcher(t, Options{HostDelay: time.Hour}, nil)
	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()
	// robots.txt goes first; the page must then wait an hour for its turn.
	_, err := f.Fetch(ctx, Request{URL: srv.URL + "/page", AllowPrivate: true})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("error = %v, want deadline exceeded", err)
	}
	if h.count("/page") != 0 {
		t.Error("page fetched before its turn")
	}
}

func TestRetryAfterHonoured(t *testing.T) {
	for _, tc := range []struct {
		name   string
		status int
		header func() string
		least  time.Duration
	}{
		{"503 seconds", http.StatusServiceUnavailable, func() string { return "1" }, time.Second},
		{"429 http date", http.StatusTooManyRequests, func() string {
			return time.Now().Add(2 * time.Second).UTC().Format(http.TimeFormat)
		}, time.Second},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := &arrivals{}
			var calls atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/robots.txt" {
					http.NotFound(w, r)
					return
				}
				rec.mu.Lock()
				rec.starts = append(rec.starts, time.Now())
				rec.mu.Unlock()
				if calls.Add(1) == 1 {
					w.Header().Set("Retry-After", tc.header())
					w.WriteHeader(tc.status)
					return
				}
				io.WriteString(w, "ok")
			}))
			defer srv.Close()
			f := newTestFetcher(t, Options{}, nil)
			res, err := f.Fetch(t.Context(), Request{URL: srv.URL + "/p", AllowPrivate: true})
			if err != nil || string(res.Body) != "ok" {
				t.Fatalf("fetch = %v, %v", res, err)
			}
			if len(rec.starts) != 2 {
				t.Fatalf("server saw %d requests, want 2", len(rec.starts))
			}
			if gap := rec.starts[1].Sub(rec.starts[0]); gap < tc.least-50*time.Millisecond {
				t.Errorf("retried after %s, want at least %s", gap, tc.least)
			}
		})
	}
}

func TestRetryAfterTooLongMarksHostBusy(t *testing.T) {
	var h hits
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.record(r)
		switch r.URL.Path {
		case "/robots.txt":
			http.NotFound(w, r)
		case "/busy":
			w.Header().Set("Retry-After", "3600")
			w.WriteHeader(http.StatusServiceUnavailable)
		default:
			io.WriteString(w, "ok")
		}
	}))
	defer srv.Close()
	clock := newTestClock(time.Date(2025, 6, 1, 8, 0, 0, 0, time.UTC))
	f := newTestFetcher(t, Options{Now: clock.Now, MaxRetryWait: time.Minute}, nil)

	_, err := f.Fetch(t.Context(), Request{URL: srv.URL + "/busy", AllowPrivate: true})
	var se *StatusError
	if !errors.As(err, &se) || se.Status != 503 || se.RetryAfter != time.Hour {
		t.Fatalf("error = %v, want StatusError 503 retry after 1h", err)
	}
	if h.count("/busy") != 1 {
		t.Errorf("server saw %d requests to /busy, want 1 (no inline wait of an hour)", h.count("/busy"))
	}

	clock.Advance(10 * time.Minute)
	_, err = f.Fetch(t.Context(), Request{URL: srv.URL + "/other", AllowPrivate: true})
	if !errors.As(err, &se) || se.Status != 503 || se.RetryAfter != 50*time.Minute {
		t.Fatalf("while busy: error = %v, want StatusError 503 retry after 50m", err)
	}
	if h.count("/other") != 0 {
		t.Error("a busy host was asked again")
	}

	clock.Advance(time.Hour)
	if _, err := f.Fetch(t.Context(), Request{URL: srv.URL + "/other", AllowPrivate: true}); err != nil {
		t.Errorf("after the busy time: %v", err)
	}
}

func TestRetryServerErrorsAndNetwork(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		switch calls.Add(1) {
		case 1:
			w.WriteHeader(http.StatusInternalServerError)
		case 2: // a dropped connection: a network error for the client
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				conn.Close()
			}
		default:
			io.WriteString(w, "ok")
		}
	}))
	defer srv.Close()
	f := newTestFetcher(t, Options{MaxRetries: 2}, nil)
	res, err := f.Fetch(t.Context(), Request{URL: srv.URL + "/p", AllowPrivate: true})
	if err != nil || string(res.Body) != "ok" {
		t.Fatalf("fetch = %v, %v", res, err)
	}
	if n := calls.Load(); n != 3 {
		t.Errorf("server saw %d requests, want 3", n)
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2025, 6, 1, 8, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		value string
		want  time.Duration
		ok    bool
	}{
		{"", 0, false},
		{"120", 2 * time.Minute, true},
		{"-5", 0, true},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second, true},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0, true},
		{"soon", 0, false},
	} {
		t.Run(tc.value, func(t *testing.T) {
			h := http.Header{}
			if tc.value != "" {
				h.Set("Retry-After", tc.value)
			}
			got, ok := parseRetryAfter(h, now)
			if got != tc.want || ok != tc.ok {
				t.Errorf("parseRetryAfter(%q) = %s, %v; want %s, %v", tc.value, got, ok, tc.want, tc.ok)
			}
		})
	}
}

func TestBackoffFullJitter(t *testing.T) {
	f := newTestFetcher(t, Options{MaxRetryWait: 3 * time.Second}, nil)
	f.backoffBase = 500 * time.Millisecond
	f.jitter = func(n int64) int64 { return n - 1 } // the top of the range
	for attempt, want := range []time.Duration{500 * time.Millisecond, time.Second, 2 * time.Second, 3 * time.Second, 3 * time.Second} {
		if got := f.backoff(attempt); got != want {
			t.Errorf("backoff(%d) = %s, want %s", attempt, got, want)
		}
	}
	f.jitter = func(int64) int64 { return 0 }
	if got := f.backoff(3); got != 0 {
		t.Errorf("full jitter floor = %s, want 0", got)
	}
}

// testClock is a settable clock for tests where time decides results.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func newTestClock(t time.Time) *testClock { return &testClock{now: t} }

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}
