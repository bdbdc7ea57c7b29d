package crawler_test

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"mediawatch"
	"mediawatch/crawler"
)

// TestHealthHonest holds a source's health to what its fetches gave, as a
// test server sees them: only a listing that parsed and gave items is a
// success; a listing that parses to nothing is a failure; and a 304 after
// a failure keeps the source failing until a read parses again.
func TestHealthHonest(t *testing.T) {
	var mu sync.Mutex
	mode, etag := "items", `"a"`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		m, tag := mode, etag
		mu.Unlock()
		switch r.URL.Path {
		case "/robots.txt":
			fmt.Fprint(w, "User-agent: *\nDisallow:\n")
			return
		case "/rss":
		default:
			writeArticle(w, r.URL.Path)
			return
		}
		switch m {
		case "down":
			http.Error(w, "down", http.StatusInternalServerError)
			return
		case "304":
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", tag)
		if r.Header.Get("If-None-Match") == tag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		fmt.Fprint(w, `<rss version="2.0"><channel><title>Tin</title>`)
		if m == "items" {
			fmt.Fprintf(w, `<item><title>Tin</title><link>http://%s/a%s.html</link></item>`, r.Host, tag[1:2])
		}
		fmt.Fprint(w, `</channel></rss>`)
	}))
	defer srv.Close()
	set := func(m, tag string) {
		mu.Lock()
		mode, etag = m, tag
		mu.Unlock()
	}
	r := newLimitsRig(t, 10)
	feed := mediawatch.Source{Name: "tin", Kind: mediawatch.KindFeed, URL: srv.URL + "/rss", AllowPrivate: true}

	steps := []struct {
		name, mode, etag string
		failures         int
		success          bool // LastSuccess moved
		lastError        string
	}{
		{"a feed with items is a success", "items", `"a"`, 0, true, ""},
		{"an unchanged feed after a success is a success", "items", `"a"`, 0, true, ""},
		{"a failure counts", "down", `"a"`, 1, false, "status 500"},
		{"a 304 after a failure keeps it failing", "304", `"a"`, 1, false, "status 500"},
		{"a 304 again still does", "304", `"a"`, 1, false, "status 500"},
		{"a read that parses with items recovers it", "items", `"b"`, 0, true, ""},
		{"a feed that parses to no items is a failure", "empty", `"c"`, 1, false, "the feed has no items"},
		{"it is read in full again, and fails again", "empty", `"c"`, 2, false, "the feed has no items"},
		{"a 304 after the empty feed keeps it failing", "304", `"c"`, 2, false, "the feed has no items"},
		{"items again: ok", "items", `"d"`, 0, true, ""},
	}
	var prev mediawatch.SourceHealth
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			set(st.mode, st.etag)
			h, err := r.crawl(t, feed)
			if (err == nil) != (st.lastError == "" || st.mode == "304") {
				t.Errorf("err = %v", err)
			}
			if st.mode == "empty" && !errors.Is(err, crawler.ErrEmptyListing) {
				t.Errorf("err = %v, want ErrEmptyListing", err)
			}
			if h.ConsecutiveFailures != st.failures {
				t.Errorf("failures = %d, want %d (%+v)", h.ConsecutiveFailures, st.failures, h)
			}
			if moved := h.LastSuccess.After(prev.LastSuccess); moved != st.success {
				t.Errorf("last success moved = %v, want %v (%v → %v)", moved, st.success, prev.LastSuccess, h.LastSuccess)
			}
			if st.failures > 0 && !strings.Contains(h.LastError, st.lastError) {
				t.Errorf("last error = %q, want it to say %q", h.LastError, st.lastError)
			}
			prev = h
		})
	}
}
