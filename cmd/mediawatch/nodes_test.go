package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"mediawatch"
	"mediawatch/internal/pgtest"
	"mediawatch/internal/smtptest"
	"mediawatch/store"
)

// newsSite is a local outlet with an RSS feed of n articles that mention
// Sơn La. Articles carry an ETag and answer a request that names it with
// 304 Not Modified (a crawler looks at recent articles again for edits);
// the site counts the full answers of each article.
type newsSite struct {
	mu    sync.Mutex
	n     int
	asked map[string]int
	times []time.Time // when each article request came, 304s included
	srv   *httptest.Server
}

func startNewsSite(t *testing.T, n int) *newsSite {
	s := &newsSite{n: n, asked: map[string]int{}}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		defer s.mu.Unlock()
		switch {
		case r.URL.Path == "/rss":
			w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
			fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Tin Tây Bắc</title>`)
			for i := range s.n {
				fmt.Fprintf(w, `<item><title>Tin Sơn La số %d</title><link>%s/a/%d</link><pubDate>%s</pubDate></item>`,
					i, s.srv.URL, i, time.Now().Add(-time.Duration(i)*time.Hour).Format(time.RFC1123Z))
			}
			fmt.Fprint(w, `</channel></rss>`)
		case strings.HasPrefix(r.URL.Path, "/a/"):
			s.times = append(s.times, time.Now())
			etag := `"v1` + strings.ReplaceAll(r.URL.Path, "/", "-") + `"`
			w.Header().Set("ETag", etag)
			if r.Header.Get("If-None-Match") == etag {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			s.asked[r.URL.Path]++
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(w, `<!doctype html><html lang="vi"><head><title>Tin Sơn La %[1]s</title></head><body><article>`+
				`<h1>Tin Sơn La %[1]s</h1><p>Mưa lớn kéo dài ở Mường La, tỉnh Sơn La, làm sạt lở nhiều đoạn đường `+
				`liên xã; chính quyền huyện đã đưa máy xúc tới thông tuyến và hỗ trợ các hộ dân bị ảnh hưởng (%[1]s).</p>`+
				`<p>Người dân được khuyến cáo không đi qua các ngầm tràn khi nước lên.</p></article></body></html>`, r.URL.Path)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *newsSite) publish(n int) { s.mu.Lock(); s.n = n; s.mu.Unlock() }

// closestRequests is the shortest gap between two article requests.
func (s *newsSite) closestRequests() time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	closest := time.Duration(1<<63 - 1)
	for i := 1; i < len(s.times); i++ {
		closest = min(closest, s.times[i].Sub(s.times[i-1]))
	}
	return closest
}

func (s *newsSite) requests() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := map[string]int{}
	for k, v := range s.asked {
		m[k] = v
	}
	return m
}

func freeListen(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// nodeConfig writes a node's configuration: its own data directory, the
// shared PostgreSQL store and the one source.
func nodeConfig(t *testing.T, pg, feed string, smtpPort int) string {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "mediawatch.yaml")
	yaml := fmt.Sprintf(`data_dir: %q
store:
  url: %q
ui_lang: en
log:
  level: info
crawler:
  host_delay: 100ms
  revisit_window: 0s
rules:
  dir: %q
report:
  mail:
    host: 127.0.0.1
    port: %d
    tls: none
    from: mediawatch@sonla.gov.vn
    to: [uyban@sonla.gov.vn]
sources:
  - name: tin-tay-bac
    kind: feed
    url: %q
    interval: 1m
    keep: all
    allow_private: true
`, filepath.Join(dir, "data"), pg, filepath.Join(dir, "rules"), smtpPort, feed)
	if err := os.WriteFile(cfg, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	return cfg
}

// call sends a request with key to a node's API and decodes the answer
// into v (when not nil); it returns the status.
func call(t *testing.T, method, addr, key, path, body string, v any) int {
	t.Helper()
	req, _ := http.NewRequest(method, "http://"+addr+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+key)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if v != nil && resp.StatusCode == http.StatusOK {
		if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
			t.Fatal(err)
		}
	}
	return resp.StatusCode
}

// searchTotal asks a node's API how many items match q.
func searchTotal(t *testing.T, addr, key, q string) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, "http://"+addr+"/api/v1/search?q="+url.QueryEscape(q), nil)
	req.Header.Set("Authorization", "Bearer "+key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body struct {
		Total int `json:"total"`
	}
	if resp.StatusCode != http.StatusOK || json.NewDecoder(resp.Body).Decode(&body) != nil {
		t.Fatalf("search on %s: %s", addr, resp.Status)
	}
	return body.Total
}

// waitFor polls cond every 200 ms until it holds or within passes.
func waitFor(t *testing.T, within time.Duration, what string, cond func() bool) {
	t.Helper()
	for end := time.Now().Add(within); ; time.Sleep(200 * time.Millisecond) {
		if cond() {
			return
		}
		if time.Now().After(end) {
			t.Fatalf("waited %s for %s", within, what)
		}
	}
}

// TestNodesShareOneStore runs two serve processes on one PostgreSQL store.
// The first crawls the site and the second, waiting its turn, answers
// searches alike; killed with SIGKILL, the first hands the store over: the
// second crawls what the site publishes next. Every article is fetched in
// full once in all: the second node looks again at the first's articles
// with the validators the first stored. Yesterday's report is made and
// mailed once: by the first node, not again by the second.
func TestNodesShareOneStore(t *testing.T) {
	pg := pgtest.Database(t)
	ctx := context.Background()
	site := startNewsSite(t, 6)
	sink := smtptest.Start(t)
	db, err := store.Open(ctx, pg)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	key, _, err := db.CreateKey(ctx, "analyst", mediawatch.RoleViewer)
	if err != nil {
		t.Fatal(err)
	}
	count := func() int { n, _ := db.CountItems(ctx); return n }

	addrA, addrB := freeListen(t), freeListen(t)
	a := startCLI(t, "msg=serving", "--config", nodeConfig(t, pg, site.srv.URL+"/rss", sink.Port()), "serve", "--listen", addrA)
	defer func() { a.Process.Kill(); a.Wait() }()
	waitFor(t, 30*time.Second, "the first node to store the 6 articles", func() bool { return count() == 6 })

	b := startCLI(t, "msg=serving", "--config", nodeConfig(t, pg, site.srv.URL+"/rss", sink.Port()), "serve", "--listen", addrB)
	defer func() { b.Process.Signal(os.Interrupt); b.Wait() }()
	if ta, tb := searchTotal(t, addrA, key, "Mường La"), searchTotal(t, addrB, key, "Mường La"); ta != 6 || tb != 6 {
		t.Fatalf("search totals: first node %d, second %d, want 6 on both", ta, tb)
	}
	role := func(addr string) string {
		var ready struct {
			Node struct {
				Role string `json:"role"`
			} `json:"node"`
		}
		call(t, http.MethodGet, addr, "", "/readyz", "", &ready)
		return ready.Node.Role
	}
	if ra, rb := role(addrA), role(addrB); ra != "ingesting" || rb != "following" {
		t.Fatalf("/readyz roles: first node %q, second %q", ra, rb)
	}
	// An editor's review through the second node shows on the first.
	editor, _, err := db.CreateKey(ctx, "editor", mediawatch.RoleEditor)
	if err != nil {
		t.Fatal(err)
	}
	if code := call(t, http.MethodPatch, addrB, editor, "/api/v1/stories/1", `{"status":"in_review","version":1}`, nil); code != http.StatusOK {
		t.Fatalf("PATCH story 1 on the second node: %d", code)
	}
	var story struct {
		Status  string `json:"status"`
		Version int    `json:"version"`
	}
	if code := call(t, http.MethodGet, addrA, key, "/api/v1/stories/1", "", &story); code != http.StatusOK ||
		story.Status != "in_review" || story.Version != 2 {
		t.Fatalf("story 1 on the first node: %d %+v, want in_review at version 2", code, story)
	}

	// The first dies; the second takes the store over and crawls what is
	// published next, when the source is next due.
	if err := a.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	a.Wait()
	site.publish(8)
	waitFor(t, 90*time.Second, "the second node to store the 2 new articles", func() bool { return count() == 8 })
	if r := role(addrB); r != "ingesting" {
		t.Errorf("/readyz role of the second node after the takeover: %q", r)
	}
	waitFor(t, 5*time.Second, "the second node's search to find them", func() bool {
		return searchTotal(t, addrB, key, "Mường La") == 8
	})
	for path, n := range site.requests() {
		if n != 1 {
			t.Errorf("%s fetched %d times, want once", path, n)
		}
	}
	if got := len(site.requests()); got != 8 {
		t.Errorf("%d articles fetched, want 8", got)
	}
	// crawler.host_delay held for the site across both nodes' crawls.
	if gap := site.closestRequests(); gap < 80*time.Millisecond {
		t.Errorf("two article requests %s apart, want at least the host delay (100ms)", gap)
	}
	made, err := db.Audit(ctx, store.AuditFilter{Action: reportMadeAction})
	if err != nil || len(made) != 1 {
		t.Errorf("reports made: %+v (%v), want yesterday's once", made, err)
	}
	if msgs := sink.Messages(); len(msgs) != 1 {
		t.Errorf("%d report e-mails, want 1", len(msgs))
	}
}
