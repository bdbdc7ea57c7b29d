package crawler_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"mediawatch"
	"mediawatch/crawler"
	"mediawatch/ingest"
	"mediawatch/store"
	"mediawatch/textnorm"
)

// newsSite serves one RSS feed of two articles with an ETag, and counts
// every request by path.
type newsSite struct {
	mu    sync.Mutex
	hits  map[string]int
	items []string // article paths listed in the feed
}

func (s *newsSite) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.hits[r.URL.Path]++
	items := append([]string(nil), s.items...)
	s.mu.Unlock()
	switch {
	case r.URL.Path == "/robots.txt":
		fmt.Fprint(w, "User-agent: *\nDisallow:\n")
	case r.URL.Path == "/rss":
		etag := fmt.Sprintf(`"%d"`, len(items))
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Tin</title>`)
		for _, p := range items {
			fmt.Fprintf(w, `<item><title>Tin %s</title><link>http://%s%s</link></item>`, p, r.Host, p)
		}
		fmt.Fprint(w, `</channel></rss>`)
	default:
		writeArticle(w, r.URL.Path)
	}
}

// writeArticle serves a short Vietnamese article about Sơn La for path.
func writeArticle(w http.ResponseWriter, path string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprintf(w, `<html lang="vi"><head><title>Tin %[1]s</title></head><body><article><h1>Tin %[1]s</h1>
<p>Người dân tỉnh Sơn La chuẩn bị cho vụ thu hoạch mận hậu năm nay với nhiều kỳ vọng về giá bán và đầu ra.</p>
<p>Chính quyền địa phương cho biết sản lượng dự kiến tăng so với năm trước nhờ thời tiết thuận lợi.</p></article></body></html>`, path)
}

func (s *newsSite) count(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

func newCrawler(t *testing.T, revisit time.Duration) (*crawler.Crawler, *store.DB) {
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
	f, err := crawler.NewFetcher(crawler.Options{UserAgent: "mediawatch-test (+http://127.0.0.1/)", HostDelay: -1, MaxRetries: -1}, db, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return crawler.New(f, ingest.New(db, watch, nil, nil), db, crawler.CrawlOptions{RevisitWindow: revisit}, nil), db
}

func TestUnchangedFeedCostsNoParsing(t *testing.T) {
	site := &newsSite{hits: map[string]int{}, items: []string{"/a.html", "/b.html"}}
	srv := httptest.NewServer(site)
	defer srv.Close()
	cr, _ := newCrawler(t, time.Hour)
	src := mediawatch.Source{Name: "s", Kind: mediawatch.KindFeed, URL: srv.URL + "/rss", Keep: mediawatch.KeepMentions, AllowPrivate: true}
	st, err := cr.Crawl(context.Background(), src)
	if err != nil || st.Kept != 2 {
		t.Fatalf("first crawl: %+v, %v", st, err)
	}
	st, err = cr.Crawl(context.Background(), src)
	if err != nil {
		t.Fatal(err)
	}
	if st.Listed != 0 || site.count("/a.html") != 1 || site.count("/rss") != 2 {
		t.Errorf("second crawl listed %d; server saw feed %d, article %d times; want a 304 and no article fetch",
			st.Listed, site.count("/rss"), site.count("/a.html"))
	}
}

func TestRevisitWindow(t *testing.T) {
	site := &newsSite{hits: map[string]int{}, items: []string{"/a.html"}}
	srv := httptest.NewServer(site)
	defer srv.Close()
	src := mediawatch.Source{Name: "s", Kind: mediawatch.KindFeed, URL: srv.URL + "/rss", Keep: mediawatch.KeepAll, AllowPrivate: true}
	for _, tc := range []struct {
		name    string
		revisit time.Duration
		fetches int // of /a.html after the feed changes
	}{
		{"recent items are fetched again to catch edits", time.Hour, 2},
		{"older items are left alone", time.Nanosecond, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			site.mu.Lock()
			site.hits, site.items = map[string]int{}, []string{"/a.html"}
			site.mu.Unlock()
			cr, _ := newCrawler(t, tc.revisit)
			if _, err := cr.Crawl(context.Background(), src); err != nil {
				t.Fatal(err)
			}
			time.Sleep(time.Millisecond)
			site.mu.Lock()
			site.items = append(site.items, "/b.html") // the feed changes
			site.mu.Unlock()
			st, err := cr.Crawl(context.Background(), src)
			if err != nil {
				t.Fatal(err)
			}
			if got := site.count("/a.html"); got != tc.fetches {
				t.Errorf("/a.html fetched %d times, want %d (stats %+v)", got, tc.fetches, st)
			}
		})
	}
}

// sitemapSite serves a sitemap index (fixed, with an ETag) pointing at one
// news sitemap (with an ETag that follows its contents) and the articles it
// lists; an article path in fail answers 500.
type sitemapSite struct {
	mu    sync.Mutex
	hits  map[string]int
	items []string
	fail  map[string]bool
}

func (s *sitemapSite) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.hits[r.URL.Path]++
	items := append([]string(nil), s.items...)
	fail := s.fail[r.URL.Path]
	s.mu.Unlock()
	conditional := func(etag string) bool {
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return true
		}
		w.Header().Set("ETag", etag)
		return false
	}
	switch {
	case r.URL.Path == "/robots.txt":
		fmt.Fprint(w, "User-agent: *\nDisallow:\n")
	case r.URL.Path == "/sitemap.xml":
		if conditional(`"index"`) {
			return
		}
		fmt.Fprintf(w, `<sitemapindex><sitemap><loc>http://%s/news.xml</loc></sitemap></sitemapindex>`, r.Host)
	case r.URL.Path == "/news.xml":
		if conditional(fmt.Sprintf(`"%d"`, len(items))) {
			return
		}
		fmt.Fprint(w, `<urlset>`)
		for _, p := range items {
			fmt.Fprintf(w, `<url><loc>http://%s%s</loc></url>`, r.Host, p)
		}
		fmt.Fprint(w, `</urlset>`)
	case fail:
		w.WriteHeader(http.StatusInternalServerError)
	default:
		writeArticle(w, r.URL.Path)
	}
}

func (s *sitemapSite) count(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

func TestSitemapIndexUnchangedChildChanged(t *testing.T) {
	site := &sitemapSite{hits: map[string]int{}, items: []string{"/a.html"}}
	srv := httptest.NewServer(site)
	defer srv.Close()
	cr, _ := newCrawler(t, time.Hour)
	src := mediawatch.Source{Name: "s", Kind: mediawatch.KindSitemap, URL: srv.URL + "/sitemap.xml", Keep: mediawatch.KeepAll, AllowPrivate: true}
	if st, err := cr.Crawl(context.Background(), src); err != nil || st.Kept != 1 {
		t.Fatalf("first crawl: %+v, %v", st, err)
	}
	site.mu.Lock()
	site.items = append(site.items, "/b.html") // the child changes, the index does not
	site.mu.Unlock()
	st, err := cr.Crawl(context.Background(), src)
	if err != nil {
		t.Fatal(err)
	}
	if st.Kept != 1 || site.count("/b.html") != 1 {
		t.Errorf("second crawl %+v, /b.html fetched %d times; want the new article behind an unchanged index", st, site.count("/b.html"))
	}
	before := site.count("/a.html")
	st, err = cr.Crawl(context.Background(), src)
	if err != nil {
		t.Fatal(err)
	}
	if st.Listed != 0 || site.count("/a.html") != before {
		t.Errorf("third crawl %+v, /a.html fetched %d more times; want the unchanged child answered 304",
			st, site.count("/a.html")-before)
	}
}

func TestFailedArticleKeepsListingUncommitted(t *testing.T) {
	site := &sitemapSite{hits: map[string]int{}, items: []string{"/a.html", "/b.html"}, fail: map[string]bool{"/b.html": true}}
	srv := httptest.NewServer(site)
	defer srv.Close()
	cr, _ := newCrawler(t, time.Hour)
	src := mediawatch.Source{Name: "s", Kind: mediawatch.KindSitemap, URL: srv.URL + "/news.xml", Keep: mediawatch.KeepAll, AllowPrivate: true}
	st, err := cr.Crawl(context.Background(), src)
	if err != nil || st.Kept != 1 || st.Errors != 1 {
		t.Fatalf("first crawl: %+v, %v; want one kept and one error", st, err)
	}
	site.mu.Lock()
	site.fail = nil // the page comes back; the sitemap has not changed
	site.mu.Unlock()
	st, err = cr.Crawl(context.Background(), src)
	if err != nil {
		t.Fatal(err)
	}
	if st.Kept != 1 || site.count("/b.html") != 2 {
		t.Errorf("second crawl %+v, /b.html fetched %d times; want the failed article tried again, not hidden by a 304",
			st, site.count("/b.html"))
	}
}
