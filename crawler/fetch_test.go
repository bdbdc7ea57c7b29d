package crawler

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"mediawatch"
)

const testUA = "mediawatch/0.1 (+https://example.org/mediawatch)"

// newTestFetcher returns a Fetcher with test-sized waits; zero fields of opts
// are filled so tests say only what they care about.
func newTestFetcher(t *testing.T, opts Options, state State) *Fetcher {
	t.Helper()
	if opts.UserAgent == "" {
		opts.UserAgent = testUA
	}
	if opts.HostDelay == 0 {
		opts.HostDelay = time.Millisecond
	}
	f, err := NewFetcher(opts, state, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	f.backoffBase = 5 * time.Millisecond
	t.Cleanup(func() { f.Close() })
	return f
}

// hits counts requests per path as the server saw them.
type hits struct {
	mu sync.Mutex
	n  map[string]int
	ua []string
}

func (h *hits) record(r *http.Request) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.n == nil {
		h.n = map[string]int{}
	}
	h.n[r.URL.Path]++
	h.ua = append(h.ua, r.UserAgent())
}

func (h *hits) count(path string) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.n[path]
}

func TestNewFetcherOptions(t *testing.T) {
	for _, tc := range []struct {
		name string
		ua   string
		ok   bool
	}{
		{"names product and contact", testUA, true},
		{"empty", "", false},
		{"no contact", "mediawatch/0.1", false},
		{"no product", "Mozilla/5.0 (+https://example.org)", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := NewFetcher(Options{UserAgent: tc.ua}, nil, nil)
			if tc.ok != (err == nil) {
				t.Fatalf("NewFetcher(%q) error = %v, want ok=%v", tc.ua, err, tc.ok)
			}
			if err != nil && !errors.Is(err, mediawatch.ErrInvalid) {
				t.Errorf("error %v does not wrap ErrInvalid", err)
			}
			if f != nil {
				if f.opts.HostDelay != defaultHostDelay || f.opts.MaxBodyBytes != defaultMaxBody || f.opts.MaxRetries != defaultMaxRetries {
					t.Errorf("defaults not applied: %+v", f.opts)
				}
				f.Close()
			}
		})
	}
}

func TestFetchUserAgentEverywhere(t *testing.T) {
	var h hits
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.record(r)
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, "hello")
	}))
	defer srv.Close()
	f := newTestFetcher(t, Options{}, nil)
	res, err := f.Fetch(t.Context(), Request{URL: srv.URL + "/a", AllowPrivate: true, Accept: "text/plain"})
	if err != nil {
		t.Fatal(err)
	}
	if string(res.Body) != "hello" || res.Status != 200 || res.ContentType != "text/plain" || res.URL != srv.URL+"/a" {
		t.Errorf("response = %+v", res)
	}
	if h.count("/robots.txt") != 1 || h.count("/a") != 1 {
		t.Errorf("hits = %v", h.n)
	}
	for _, ua := range h.ua {
		if ua != testUA {
			t.Errorf("User-Agent = %q, want %q", ua, testUA)
		}
	}
}

func TestFetchConditional(t *testing.T) {
	var h hits
	const etag = `"v1"`
	const lastMod = "Mon, 02 Jan 2006 15:04:05 GMT"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.record(r)
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		w.Header().Set("Last-Modified", lastMod)
		io.WriteString(w, "<rss/>")
	}))
	defer srv.Close()
	state := newFetchTestState()
	f := newTestFetcher(t, Options{}, state)
	req := Request{URL: srv.URL + "/feed", AllowPrivate: true, Conditional: true}

	first, err := f.Fetch(t.Context(), req)
	if err != nil {
		t.Fatal(err)
	}
	if first.NotModified || string(first.Body) != "<rss/>" {
		t.Fatalf("first fetch = %+v", first)
	}
	st, err := state.FetchState(t.Context(), req.URL)
	if err != nil || st.ETag != etag || st.LastModified != lastMod || st.Status != 200 {
		t.Fatalf("stored state = %+v, %v", st, err)
	}

	second, err := f.Fetch(t.Context(), req)
	if err != nil {
		t.Fatal(err)
	}
	if !second.NotModified || second.Body != nil || second.Status != http.StatusNotModified {
		t.Errorf("second fetch = %+v, want NotModified", second)
	}
	if st, _ := state.FetchState(t.Context(), req.URL); st.ETag != etag || st.Status != http.StatusNotModified {
		t.Errorf("validators lost after 304: %+v", st)
	}

	// Without Conditional nothing is sent, so the server answers in full.
	third, err := f.Fetch(t.Context(), Request{URL: req.URL, AllowPrivate: true})
	if err != nil || third.NotModified {
		t.Errorf("unconditional fetch = %+v, %v", third, err)
	}
}

func TestFetchTimeout(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Length", "1000")
		io.WriteString(w, "a start, and then nothing")
		w.(http.Flusher).Flush()
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	f := newTestFetcher(t, Options{Timeout: 200 * time.Millisecond, MaxRetries: -1}, nil)
	_, err := f.Fetch(t.Context(), Request{URL: srv.URL + "/slow", AllowPrivate: true})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("error = %v, want deadline exceeded", err)
	}
}

func TestFetchBodyLimit(t *testing.T) {
	const limit = 1 << 20
	// 50 MiB of zeros as 50 concatenated gzip members of 1 MiB each: one
	// stream to the transport, and cheap to build under -race.
	bomb := bytes.Repeat(gzipZeros(t, 1<<20), 50)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			http.NotFound(w, r)
		case "/huge":
			w.Header().Set("Content-Type", "text/html")
			chunk := bytes.Repeat([]byte("x"), 64<<10)
			for range 40 { // 2.5 MiB, streamed without Content-Length
				if _, err := w.Write(chunk); err != nil {
					return
				}
			}
		case "/declared":
			w.Header().Set("Content-Length", fmt.Sprint(2*limit))
			w.Write(make([]byte, 2*limit))
		case "/bomb":
			if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
				t.Error("transport did not ask for gzip")
			}
			w.Header().Set("Content-Encoding", "gzip")
			w.Header().Set("Content-Type", "text/html")
			w.Write(bomb)
		case "/small-gzip":
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(gzipZeros(t, limit-1))
		}
	}))
	defer srv.Close()
	if len(bomb) > limit {
		t.Fatalf("bomb is %d compressed bytes; the test wants it under the limit", len(bomb))
	}
	f := newTestFetcher(t, Options{MaxBodyBytes: limit}, nil)
	for _, path := range []string{"/huge", "/declared", "/bomb"} {
		t.Run(path, func(t *testing.T) {
			_, err := f.Fetch(t.Context(), Request{URL: srv.URL + path, AllowPrivate: true})
			if !errors.Is(err, mediawatch.ErrTooLarge) {
				t.Errorf("error = %v, want ErrTooLarge", err)
			}
		})
	}
	t.Run("decompressed under limit", func(t *testing.T) {
		res, err := f.Fetch(t.Context(), Request{URL: srv.URL + "/small-gzip", AllowPrivate: true})
		if err != nil || len(res.Body) != limit-1 {
			t.Errorf("fetch = %d bytes, %v", len(res.Body), err)
		}
	})
}

func gzipZeros(t *testing.T, n int) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	if _, err := io.CopyN(zw, zeroReader{}, int64(n)); err != nil {
		t.Fatal(err)
	}
	zw.Close()
	return buf.Bytes()
}

type zeroReader struct{}

func (zeroReader) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

func TestFetchRedirects(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var n int
		switch {
		case r.URL.Path == "/robots.txt":
			http.NotFound(w, r)
		case r.URL.Path == "/final":
			io.WriteString(w, "here")
		case r.URL.Path == "/ftp":
			http.Redirect(w, r, "ftp://example.org/file", http.StatusFound)
		case r.URL.Path == "/file":
			http.Redirect(w, r, "file:///etc/passwd", http.StatusMovedPermanently)
		default:
			if _, err := fmt.Sscanf(r.URL.Path, "/hop/%d", &n); err != nil {
				http.NotFound(w, r)
			} else if n == 0 {
				http.Redirect(w, r, "/final", http.StatusFound)
			} else {
				http.Redirect(w, r, fmt.Sprintf("/hop/%d", n-1), http.StatusTemporaryRedirect)
			}
		}
	}))
	defer srv.Close()
	f := newTestFetcher(t, Options{}, nil)
	for _, tc := range []struct {
		name, path string
		ok         bool
	}{
		{"ten redirects", "/hop/9", true},
		{"eleven redirects", "/hop/10", false},
		{"to ftp", "/ftp", false},
		{"to file", "/file", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := f.Fetch(t.Context(), Request{URL: srv.URL + tc.path, AllowPrivate: true})
			if tc.ok != (err == nil) {
				t.Fatalf("error = %v, want ok=%v", err, tc.ok)
			}
			if tc.ok && (res.URL != srv.URL+"/final" || string(res.Body) != "here") {
				t.Errorf("response = %+v", res)
			}
		})
	}
	if _, err := f.Fetch(t.Context(), Request{URL: "file:///etc/passwd", AllowPrivate: true}); !errors.Is(err, mediawatch.ErrInvalid) {
		t.Errorf("file URL error = %v, want ErrInvalid", err)
	}
}

func TestFetchStatusErrors(t *testing.T) {
	var h hits
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.record(r)
		switch r.URL.Path {
		case "/robots.txt", "/missing":
			http.NotFound(w, r)
		case "/gone":
			w.WriteHeader(http.StatusGone)
		case "/broken":
			w.WriteHeader(http.StatusBadGateway)
		}
	}))
	defer srv.Close()
	f := newTestFetcher(t, Options{MaxRetries: 2}, nil)
	for _, tc := range []struct {
		path   string
		status int
		tries  int
	}{
		{"/missing", 404, 1},
		{"/gone", 410, 1},
		{"/broken", 502, 3},
	} {
		t.Run(tc.path, func(t *testing.T) {
			_, err := f.Fetch(t.Context(), Request{URL: srv.URL + tc.path, AllowPrivate: true})
			var se *StatusError
			if !errors.As(err, &se) || se.Status != tc.status {
				t.Fatalf("error = %v, want StatusError %d", err, tc.status)
			}
			if got := h.count(tc.path); got != tc.tries {
				t.Errorf("server saw %d requests, want %d", got, tc.tries)
			}
		})
	}
}

func TestFetchClose(t *testing.T) {
	started := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		close(started)
		<-r.Context().Done()
	}))
	defer srv.Close()
	f := newTestFetcher(t, Options{MaxRetries: -1}, nil)
	errc := make(chan error, 1)
	go func() {
		_, err := f.Fetch(context.Background(), Request{URL: srv.URL + "/hang", AllowPrivate: true})
		errc <- err
	}()
	<-started
	f.Close() // cancels the fetch and waits for it
	if err := <-errc; err == nil {
		t.Error("fetch cut by Close returned no error")
	}
	if _, err := f.Fetch(t.Context(), Request{URL: srv.URL, AllowPrivate: true}); err == nil {
		t.Error("Fetch after Close succeeded")
	}
}
