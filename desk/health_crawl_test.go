package desk

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"mediawatch"
	"mediawatch/crawler"
	"mediawatch/ingest"
	"mediawatch/textnorm"
)

// TestHealthThroughCrawls judges a source the crawler really reads from a
// test server: a feed that parses to no items is failing, a 304 after
// that keeps it failing, and a feed with items again makes it recovered.
func TestHealthThroughCrawls(t *testing.T) {
	var mu sync.Mutex
	mode, etag := "items", `"1"`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		m, tag := mode, etag
		mu.Unlock()
		switch {
		case r.URL.Path == "/robots.txt":
			fmt.Fprint(w, "User-agent: *\nDisallow:\n")
		case r.URL.Path == "/rss" && m == "304":
			w.WriteHeader(http.StatusNotModified)
		case r.URL.Path == "/rss":
			w.Header().Set("ETag", tag)
			fmt.Fprint(w, `<rss version="2.0"><channel><title>Tin</title>`)
			if m == "items" {
				fmt.Fprintf(w, `<item><title>Tin Sơn La</title><link>http://%s/a%s.html</link></item>`, r.Host, tag[1:2])
			}
			fmt.Fprint(w, `</channel></rss>`)
		default:
			fmt.Fprintf(w, `<html><head><title>Tin Sơn La</title></head><body><article><h1>Tin Sơn La</h1><p>%s</p></article></body></html>`,
				"Tỉnh Sơn La có tin mới hôm nay, một bài viết đủ dài để được giữ lại làm tin.")
		}
	}))
	defer srv.Close()
	r := newHealthRig(t)
	src := mediawatch.Source{Name: "bao", Kind: mediawatch.KindFeed, URL: srv.URL + "/rss", Interval: time.Hour,
		Keep: mediawatch.KeepAll, Enabled: true, AllowPrivate: true}
	watch, err := textnorm.NewWatchlist([]mediawatch.WatchTerm{{Term: "Sơn La"}})
	if err != nil {
		t.Fatal(err)
	}
	f, err := crawler.NewFetcher(crawler.Options{UserAgent: "mediawatch-test (+http://127.0.0.1/)", HostDelay: -1, MaxRetries: -1}, r.db, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cr := crawler.New(f, ingest.New(r.db, watch, nil, nil), r.db, crawler.CrawlOptions{}, nil)
	sched := crawler.NewScheduler(r.db, cr.Crawl, crawler.ScheduleOptions{}, nil)
	r.now = time.Date(2026, 12, 1, 8, 0, 0, 0, r.loc)
	for _, step := range []struct {
		mode, etag string
		want       mediawatch.HealthState
		alerts     string
	}{
		{"items", `"1"`, mediawatch.StateOK, "[]"},
		{"empty", `"2"`, mediawatch.StateFailing, "[source.failing ok→failing]"},
		{"304", `"2"`, mediawatch.StateFailing, "[]"},
		{"empty", `"3"`, mediawatch.StateFailing, "[]"},
		{"304", `"3"`, mediawatch.StateFailing, "[]"},
		{"items", `"4"`, mediawatch.StateRecovered, "[source.recovered failing→recovered]"},
		{"304", `"4"`, mediawatch.StateRecovered, "[]"},
	} {
		mu.Lock()
		mode, etag = step.mode, step.etag
		mu.Unlock()
		_ = sched.RunOnce(t.Context(), []mediawatch.Source{src})
		r.now = r.now.Add(10 * time.Minute)
		got, alerts := r.check(r.now)
		if got != step.want || fmt.Sprint(alerts) != step.alerts {
			t.Errorf("after %s %s: %s %v, want %s %s", step.mode, step.etag, got, alerts, step.want, step.alerts)
		}
	}
	h, _ := r.db.SourceHealth(t.Context(), "bao")
	if h.ConsecutiveFailures != 0 || h.LastError != "the feed has no items" {
		t.Errorf("health at the end %+v", h)
	}
}
