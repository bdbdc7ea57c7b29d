package crawler_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"mediawatch"
	"mediawatch/crawler"
	"mediawatch/ingest"
	"mediawatch/store"
	"mediawatch/textnorm"
)

// limitsRig is a crawler over a real store whose health is kept by a real
// scheduler, with its events and log gathered for the test to read.
type limitsRig struct {
	db    *store.DB
	cr    *crawler.Crawler
	sched *crawler.Scheduler
	log   *syncBuffer

	mu     sync.Mutex
	events []crawler.Event
}

// syncBuffer is a bytes.Buffer safe for the crawler's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func newLimitsRig(t *testing.T, maxLinks int) *limitsRig {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "mw.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	watch, err := textnorm.NewWatchlist([]mediawatch.WatchTerm{{Term: "Sơn La"}})
	if err != nil {
		t.Fatal(err)
	}
	r := &limitsRig{db: db, log: &syncBuffer{}}
	logger := slog.New(slog.NewTextHandler(r.log, nil))
	f, err := crawler.NewFetcher(crawler.Options{UserAgent: "mediawatch-test (+http://127.0.0.1/)", HostDelay: -1, MaxRetries: -1}, db, logger)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	r.cr = crawler.New(f, ingest.New(db, watch, nil, nil), db, crawler.CrawlOptions{MaxLinks: maxLinks, OnEvent: r.event}, logger)
	r.sched = crawler.NewScheduler(db, r.cr.Crawl, crawler.ScheduleOptions{}, logger)
	return r
}

func (r *limitsRig) event(e crawler.Event) {
	r.mu.Lock()
	r.events = append(r.events, e)
	r.mu.Unlock()
}

// eventFor returns the last event about url.
func (r *limitsRig) eventFor(url string) (crawler.Event, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for i := len(r.events) - 1; i >= 0; i-- {
		if r.events[i].URL == url {
			return r.events[i], true
		}
	}
	return crawler.Event{}, false
}

// crawl runs src once through the scheduler and returns its stored health.
func (r *limitsRig) crawl(t *testing.T, src mediawatch.Source) (mediawatch.SourceHealth, error) {
	t.Helper()
	src.Enabled, src.Keep, src.Interval = true, mediawatch.KeepAll, time.Hour
	err := r.sched.RunOnce(t.Context(), []mediawatch.Source{src})
	h, herr := r.db.SourceHealth(t.Context(), src.Name)
	if herr != nil {
		t.Fatal(herr)
	}
	return h, err
}

// loopbackServer serves handler on addr and counts its requests.
type loopbackServer struct {
	*httptest.Server
	mu   sync.Mutex
	hits []string
}

func startLoopback(t *testing.T, addr string, handler http.HandlerFunc) (*loopbackServer, error) {
	t.Helper()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	s := &loopbackServer{}
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits = append(s.hits, r.URL.Path)
		s.mu.Unlock()
		handler(w, r)
	}))
	s.Listener.Close()
	s.Listener = ln
	s.Start()
	t.Cleanup(s.Close)
	return s, nil
}

func (s *loopbackServer) requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.hits...)
}

// TestAllowPrivateOwnHostOnly crawls a source on 127.0.0.1 that allows
// private addresses. Its feed links to an article on the own host, to one on
// 127.0.0.2 (another loopback host: Linux routes all of 127/8 to lo) and to
// one on the own host that redirects to 127.0.0.2; a second source's feed
// itself redirects there. Nothing may reach 127.0.0.2, and the refusals show
// in the events, the crawl log and the sources' health.
func TestAllowPrivateOwnHostOnly(t *testing.T) {
	other, err := startLoopback(t, "127.0.0.2:0", func(w http.ResponseWriter, r *http.Request) {
		writeArticle(w, r.URL.Path)
	})
	otherHost := "127.0.0.2"
	if err != nil {
		// Some systems route only 127.0.0.1: "localhost" is then the other
		// host, a different name for the same loopback address.
		t.Logf("127.0.0.2 unavailable (%v): using localhost as the other host", err)
		if other, err = startLoopback(t, "127.0.0.1:0", func(w http.ResponseWriter, r *http.Request) { writeArticle(w, r.URL.Path) }); err != nil {
			t.Fatal(err)
		}
		otherHost = "localhost"
	}
	_, otherPort, _ := net.SplitHostPort(other.Listener.Addr().String())
	elsewhere := "http://" + net.JoinHostPort(otherHost, otherPort)

	own, err := startLoopback(t, "127.0.0.1:0", func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			fmt.Fprint(w, "User-agent: *\nDisallow:\n")
		case "/rss":
			fmt.Fprintf(w, `<rss version="2.0"><channel><title>Nội bộ</title>
<item><title>Tin nội bộ Sơn La</title><link>http://%[1]s/own.html</link></item>
<item><title>Tin bên ngoài Sơn La</title><description>Tóm tắt tin Sơn La</description><link>%[2]s/elsewhere.html</link></item>
<item><link>http://%[1]s/redirect.html</link></item>
</channel></rss>`, r.Host, elsewhere)
		case "/redirect.html":
			http.Redirect(w, r, elsewhere+"/redirected.html", http.StatusFound)
		case "/moved-rss":
			http.Redirect(w, r, elsewhere+"/rss", http.StatusMovedPermanently)
		default:
			writeArticle(w, r.URL.Path)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	r := newLimitsRig(t, 0)

	h, err := r.crawl(t, mediawatch.Source{Name: "noi-bo", Kind: mediawatch.KindFeed, URL: own.URL + "/rss", AllowPrivate: true})
	if err != nil {
		t.Fatalf("crawl: %v", err)
	}
	if e, _ := r.eventFor(own.URL + "/own.html"); e.Outcome != "kept" || e.FeedOnly {
		t.Errorf("own article: %+v, want kept from its page", e)
	}
	if e, _ := r.eventFor(elsewhere + "/elsewhere.html"); e.Outcome != "kept" || !e.FeedOnly ||
		!strings.Contains(e.Detail, "private address refused") || !strings.Contains(e.Detail, "allow_private covers only") {
		t.Errorf("article elsewhere: %+v, want kept from the feed alone with the refusal as the reason", e)
	}
	if e, _ := r.eventFor(own.URL + "/redirect.html"); e.Outcome != "error" || !strings.Contains(e.Detail, "private address refused") {
		t.Errorf("article redirected elsewhere: %+v, want an error naming the refusal", e)
	}
	if h.ConsecutiveFailures != 0 || !strings.Contains(h.Warning, "2 of 3 links refused") ||
		!strings.Contains(h.Warning, "private address outside the source's own host") {
		t.Errorf("health = %+v, want a warning that 2 of 3 links were refused", h)
	}
	log, err := r.db.CrawlLog(t.Context(), "noi-bo", 0)
	if err != nil {
		t.Fatal(err)
	}
	refused := map[string]bool{}
	for _, e := range log {
		if strings.Contains(e.Detail, "private address refused") {
			refused[e.URL] = true
		}
	}
	if len(refused) != 2 {
		t.Errorf("crawl log has refusals for %v, want 2 links: %+v", refused, log)
	}

	h, err = r.crawl(t, mediawatch.Source{Name: "chuyen-huong", Kind: mediawatch.KindFeed, URL: own.URL + "/moved-rss", AllowPrivate: true})
	if err == nil || h.ConsecutiveFailures != 1 || !strings.Contains(h.LastError, "private address refused") ||
		!strings.Contains(h.LastError, "allow_private covers only the source's own host: 127.0.0.1") {
		t.Errorf("feed redirected elsewhere: err %v, health %+v; want a failure naming the refusal", err, h)
	}
	if got := other.requests(); len(got) != 0 {
		t.Errorf("the other private host was reached: %v", got)
	}
}

// TestListingLimits crawls listings the crawler must not take at their
// word: one longer than max_links, a feed with no items, and then the same
// feed once it has items again.
func TestListingLimits(t *testing.T) {
	var mu sync.Mutex
	items := 5
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		n := items
		mu.Unlock()
		switch r.URL.Path {
		case "/robots.txt":
			fmt.Fprint(w, "User-agent: *\nDisallow:\n")
		case "/rss":
			w.Header().Set("ETag", fmt.Sprintf(`"%d"`, n))
			if r.Header.Get("If-None-Match") == fmt.Sprintf(`"%d"`, n) {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			fmt.Fprint(w, `<rss version="2.0"><channel><title>Tin</title>`)
			for i := range n {
				fmt.Fprintf(w, `<item><title>Tin %d</title><link>http://%s/a%d.html</link></item>`, i, r.Host, i)
			}
			fmt.Fprint(w, `</channel></rss>`)
		case "/index.xml":
			fmt.Fprintf(w, `<sitemapindex><sitemap><loc>http://%[1]s/s1.xml</loc></sitemap><sitemap><loc>http://%[1]s/s2.xml</loc></sitemap></sitemapindex>`, r.Host)
		case "/s1.xml", "/s2.xml":
			fmt.Fprint(w, `<urlset>`)
			for i := range 2 {
				fmt.Fprintf(w, `<url><loc>http://%s/%s-%d.html</loc></url>`, r.Host, strings.TrimSuffix(r.URL.Path[1:], ".xml"), i)
			}
			fmt.Fprint(w, `</urlset>`)
		default:
			writeArticle(w, r.URL.Path)
		}
	}))
	defer srv.Close()
	r := newLimitsRig(t, 3)
	feed := mediawatch.Source{Name: "dai", Kind: mediawatch.KindFeed, URL: srv.URL + "/rss", AllowPrivate: true}

	t.Run("a feed longer than max_links is cut and says so", func(t *testing.T) {
		h, err := r.crawl(t, feed)
		if err != nil {
			t.Fatal(err)
		}
		if e, _ := r.eventFor(srv.URL + "/a3.html"); e.URL != "" {
			t.Errorf("the 4th link was taken: %+v", e)
		}
		if e, _ := r.eventFor(srv.URL + "/rss"); e.Outcome != "listed" || !strings.Contains(e.Detail, "3 links") {
			t.Errorf("listing event %+v", e)
		}
		const want = "listing cut: 3 of 5 links taken (crawler.max_links is 3)"
		if h.Warning != want || h.ConsecutiveFailures != 0 || h.LastSuccess.IsZero() {
			t.Errorf("health = %+v, want a success with warning %q", h, want)
		}
		if log := r.log.String(); !strings.Contains(log, "listing problem") || !strings.Contains(log, "3 of 5 links") {
			t.Errorf("log does not say the listing was cut:\n%s", log)
		}
	})
	t.Run("an unchanged listing keeps its warning", func(t *testing.T) {
		h, err := r.crawl(t, feed)
		if err != nil || !strings.Contains(h.Warning, "listing cut") {
			t.Errorf("health after a 304 = %+v, %v; want the warning kept", h, err)
		}
	})
	t.Run("a feed with no items is a failure", func(t *testing.T) {
		mu.Lock()
		items = 0
		mu.Unlock()
		h, err := r.crawl(t, feed)
		if !errors.Is(err, crawler.ErrEmptyListing) || h.LastError != "the feed has no items" || h.ConsecutiveFailures != 1 {
			t.Errorf("health = %+v, %v; want a failure %q", h, err, "the feed has no items")
		}
		log, _ := r.db.CrawlLog(t.Context(), "dai", 1)
		if len(log) != 1 || log[0].Outcome != "error" || log[0].Detail != "the feed has no items" {
			t.Errorf("crawl log = %+v", log)
		}
	})
	t.Run("a healthy feed clears the failure and the warning", func(t *testing.T) {
		mu.Lock()
		items = 2
		mu.Unlock()
		h, err := r.crawl(t, feed)
		if err != nil || h.Warning != "" || h.ConsecutiveFailures != 0 {
			t.Errorf("health = %+v, %v; want a success with no warning", h, err)
		}
	})
	t.Run("a sitemap index is cut across its children", func(t *testing.T) {
		h, err := r.crawl(t, mediawatch.Source{Name: "so-do", Kind: mediawatch.KindSitemap, URL: srv.URL + "/index.xml", AllowPrivate: true})
		if err != nil || !strings.Contains(h.Warning, "listing cut: 3 of 4 links taken") {
			t.Errorf("health = %+v, %v; want the cut reported", h, err)
		}
	})
}
