package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// TestCrawlConfiguredLimits runs `crawl --once` with max_retries: 0,
// max_redirects: 0 and max_links: 2 in the configuration against a local
// site, then `sources list`: one attempt at a failing feed, a redirect
// reported instead of followed, a listing cut at two links and an empty
// feed, each said in the source's health.
func TestCrawlConfiguredLimits(t *testing.T) {
	var mu sync.Mutex
	hits := map[string]int{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits[r.URL.Path]++
		mu.Unlock()
		switch r.URL.Path {
		case "/robots.txt":
			http.NotFound(w, r)
		case "/busy":
			w.WriteHeader(http.StatusServiceUnavailable)
		case "/moved":
			http.Redirect(w, r, "/target", http.StatusFound)
		case "/rss", "/empty":
			n := 4
			if r.URL.Path == "/empty" {
				n = 0
			}
			fmt.Fprint(w, `<rss version="2.0"><channel><title>Tin</title>`)
			for i := range n {
				fmt.Fprintf(w, `<item><title>Tin Sơn La %d</title><link>http://%s/a%d.html</link></item>`, i, r.Host, i)
			}
			fmt.Fprint(w, `</channel></rss>`)
		default:
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(w, `<html lang="vi"><body><article><h1>Tin %s</h1><p>Người dân tỉnh Sơn La chuẩn bị cho vụ thu hoạch mận hậu năm nay với nhiều kỳ vọng về giá bán.</p></article></body></html>`, r.URL.Path)
		}
	}))
	defer srv.Close()
	count := func(path string) int {
		mu.Lock()
		defer mu.Unlock()
		return hits[path]
	}

	dir := t.TempDir()
	cfg := filepath.Join(dir, "mediawatch.yaml")
	yaml := fmt.Sprintf(`crawler:
  host_delay: 0s
  max_retries: 0
  max_redirects: 0
  max_links: 2
sources:
  - {name: ban-tin, kind: feed, url: '%[1]s/busy', allow_private: true, keep: all}
  - {name: chuyen-trang, kind: feed, url: '%[1]s/moved', allow_private: true, keep: all}
  - {name: dai, kind: feed, url: '%[1]s/rss', allow_private: true, keep: all}
  - {name: trong, kind: feed, url: '%[1]s/empty', allow_private: true, keep: all}
`, srv.URL)
	if err := os.WriteFile(cfg, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	g := &globals{ctx: context.Background(), configPath: cfg, explicitConfig: true, stdout: &stdout, stderr: &stderr}
	data := filepath.Join(dir, "data")
	err := (&CrawlCmd{DataFlag: DataFlag{Data: data}, Once: true}).Run(g)
	if err == nil || !strings.Contains(err.Error(), "ban-tin") || !strings.Contains(err.Error(), "chuyen-trang") ||
		!strings.Contains(err.Error(), "trong") {
		t.Errorf("crawl = %v, want the three failing sources named", err)
	}
	if n := count("/busy"); n != 1 {
		t.Errorf("max_retries: 0 made %d attempts at the failing feed, want 1", n)
	}
	if n := count("/target"); n != 0 {
		t.Errorf("max_redirects: 0 followed the redirect (%d requests)", n)
	}
	if n := count("/a2.html") + count("/a3.html"); n != 0 {
		t.Errorf("max_links: 2 fetched %d articles past the cap", n)
	}
	if log := stderr.String(); !strings.Contains(log, "listing cut: 2 of 4 links taken") || !strings.Contains(log, "the feed has no items") {
		t.Errorf("the log does not name the listing problems:\n%s", log)
	}

	stdout.Reset()
	if err := (&SourcesListCmd{DataFlag: DataFlag{Data: data}, JSON: true}).Run(g); err != nil {
		t.Fatal(err)
	}
	var rows []sourceRow
	if err := json.Unmarshal(stdout.Bytes(), &rows); err != nil {
		t.Fatalf("%v:\n%s", err, stdout.String())
	}
	health := map[string]sourceRow{}
	for _, r := range rows {
		health[r.Name] = r
	}
	for name, want := range map[string]struct{ lastError, warning string }{
		"ban-tin":      {lastError: "status 503"},
		"chuyen-trang": {lastError: "redirect limit reached: status 302 to " + srv.URL + "/target not followed (at most 0)"},
		"dai":          {warning: "listing cut: 2 of 4 links taken (crawler.max_links is 2)"},
		"trong":        {lastError: "the feed has no items"}, // a listing that parses to nothing is a failure
	} {
		h := health[name].Health
		if !strings.Contains(h.LastError, want.lastError) || h.Warning != want.warning || (want.lastError == "") != (h.ConsecutiveFailures == 0) {
			t.Errorf("%s: health %+v, want last error ~%q and warning %q", name, h, want.lastError, want.warning)
		}
	}
	if items := health["dai"].Items; items != 2 {
		t.Errorf("dai holds %d items, want 2", items)
	}

	stdout.Reset()
	if err := (&SourcesListCmd{DataFlag: DataFlag{Data: data}}).Run(g); err != nil {
		t.Fatal(err)
	}
	table := stdout.String()
	if !strings.Contains(strings.SplitN(table, "\n", 2)[0], "WARNING") || !strings.Contains(table, "the feed has no items") {
		t.Errorf("sources list does not show the warnings:\n%s", table)
	}
}
