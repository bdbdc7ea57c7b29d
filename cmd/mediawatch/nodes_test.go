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
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"mediawatch"
	"mediawatch/internal/pgtest"
	"mediawatch/internal/smtptest"
	"mediawatch/store"
)

// newsSite is a local outlet with feeds feeds of articles that mention
// Sơn La, all on one host. Each feed answers after feedWork, so that a
// node crawling it is busy for a while; it records which node (by
// User-Agent) asked for which feed, and what is in flight. Articles carry
// an ETag and answer a request that names it with 304 Not Modified (a
// crawler looks at recent articles again for edits); the site counts the
// full answers of each article and when every request came.
type newsSite struct {
	mu       sync.Mutex
	feeds    int
	n        int // articles per feed
	asked    map[string]int
	times    []time.Time // when each request came, robots.txt and 304s included
	feedsBy  map[string][]string
	inFlight map[string]int // User-Agent → feed requests being answered
	srv      *httptest.Server
}

const feedWork = 400 * time.Millisecond

func startNewsSite(t *testing.T, feeds, n int) *newsSite {
	s := &newsSite{feeds: feeds, n: n, asked: map[string]int{}, feedsBy: map[string][]string{}, inFlight: map[string]int{}}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ua := r.Header.Get("User-Agent")
		s.mu.Lock()
		s.times = append(s.times, time.Now())
		switch {
		case strings.HasPrefix(r.URL.Path, "/rss/"):
			feed := strings.TrimPrefix(r.URL.Path, "/rss/")
			s.feedsBy[ua] = append(s.feedsBy[ua], feed)
			s.inFlight[ua]++
			n := s.n
			s.mu.Unlock()
			time.Sleep(feedWork)
			w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
			fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Tin Tây Bắc</title>`)
			for i := range n {
				fmt.Fprintf(w, `<item><title>Tin Sơn La %s-%d</title><link>%s/a/%s-%d</link><pubDate>%s</pubDate></item>`,
					feed, i, s.srv.URL, feed, i, time.Now().Add(-time.Duration(i)*time.Hour).Format(time.RFC1123Z))
			}
			fmt.Fprint(w, `</channel></rss>`)
			s.mu.Lock()
			s.inFlight[ua]--
			s.mu.Unlock()
			return
		case strings.HasPrefix(r.URL.Path, "/a/"):
			defer s.mu.Unlock()
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
			s.mu.Unlock()
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(s.srv.Close)
	return s
}

// publish makes every feed list n articles.
func (s *newsSite) publish(n int) { s.mu.Lock(); s.n = n; s.mu.Unlock() }

// closestRequests is the shortest gap between the starts of two requests.
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

// feedRequests is which feeds each User-Agent asked for, in order.
func (s *newsSite) feedRequests() map[string][]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := map[string][]string{}
	for k, v := range s.feedsBy {
		m[k] = slices.Clone(v)
	}
	return m
}

func (s *newsSite) crawling(ua string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.inFlight[ua] > 0
}

func freeListen(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// nodeConfig writes a node's configuration: its own data directory and
// User-Agent (by which the site tells the nodes apart), the shared
// PostgreSQL store and the site's feeds.
func nodeConfig(t *testing.T, pg, ua string, site *newsSite, smtpPort int) string {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "mediawatch.yaml")
	yaml := fmt.Sprintf(`data_dir: %q
store:
  url: %q
  lease: 3s
ui_lang: en
log:
  level: info
crawler:
  user_agent: %q
  host_delay: 300ms
  timeout: 5s
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
`, filepath.Join(dir, "data"), pg, ua, filepath.Join(dir, "rules"), smtpPort)
	for i := range site.feeds {
		yaml += fmt.Sprintf("  - {name: tin-%d, kind: feed, url: %q, interval: 1m, keep: all, allow_private: true}\n",
			i, fmt.Sprintf("%s/rss/%d", site.srv.URL, i))
	}
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

// TestNodesShareOneStore runs two serve processes on one PostgreSQL store
// and one site of six feeds. Both crawl: each feed is crawled once per
// round, by one node or the other (their leases), both nodes take part,
// and the host delay holds across them (the host's slot). Both answer a
// search alike; a story an editor changes through one shows on the
// other. Killed with SIGKILL mid-crawl, the first node's sources go to
// the second once their leases expire: everything published is stored
// once, and no article is fetched in full twice but the one the dead node
// may have been reading. Yesterday's report is made and mailed once.
func TestNodesShareOneStore(t *testing.T) {
	pg := pgtest.Database(t)
	ctx := context.Background()
	site := startNewsSite(t, 6, 2)
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
	// The test says when a round starts: every feed is due when it
	// stores so, and not before (a node reads when a source is due from
	// the store as it leases).
	dueAt := func(at time.Time) {
		for i := range site.feeds {
			if err := db.PutSourceHealth(ctx, mediawatch.SourceHealth{Source: fmt.Sprintf("tin-%d", i), NextAttempt: at}); err != nil {
				t.Fatal(err)
			}
		}
	}
	dueAt(time.Now().Add(time.Hour))

	const uaA, uaB = "mediawatch-node-a (+http://127.0.0.1/a)", "mediawatch-node-b (+http://127.0.0.1/b)"
	addrA, addrB := freeListen(t), freeListen(t)
	a := startCLI(t, "msg=serving", "--config", nodeConfig(t, pg, uaA, site, sink.Port()), "serve", "--listen", addrA)
	defer func() { a.Process.Kill(); a.Wait() }()
	b := startCLI(t, "msg=serving", "--config", nodeConfig(t, pg, uaB, site, sink.Port()), "serve", "--listen", addrB)
	defer func() { b.Process.Signal(os.Interrupt); b.Wait() }()
	dueAt(time.Now()) // both nodes are up: the first round
	waitFor(t, 60*time.Second, "the nodes to store the 12 articles", func() bool { return count() == 12 })

	byNode := site.feedRequests()
	var all []string
	for _, ua := range []string{uaA, uaB} {
		if len(byNode[ua]) == 0 {
			t.Errorf("%s crawled no feed; the feeds went %v", ua, byNode)
		}
		all = append(all, byNode[ua]...)
	}
	slices.Sort(all)
	if !slices.Equal(all, []string{"0", "1", "2", "3", "4", "5"}) {
		t.Errorf("feeds asked for in the first round: %v, want each once", byNode)
	}
	waitFor(t, 10*time.Second, "both nodes' searches to find the 12", func() bool {
		return searchTotal(t, addrA, key, "Mường La") == 12 && searchTotal(t, addrB, key, "Mường La") == 12
	})
	type readyNode struct {
		Node struct {
			Role string `json:"role"`
		} `json:"node"`
	}
	role := func(addr string) string {
		var ready readyNode
		call(t, http.MethodGet, addr, "", "/readyz", "", &ready)
		return ready.Node.Role
	}
	if ra, rb := role(addrA), role(addrB); ra != "leader" || rb != "member" {
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
	waitFor(t, 5*time.Second, "story 1's review to show on the first node", func() bool {
		return call(t, http.MethodGet, addrA, key, "/api/v1/stories/1", "", &story) == http.StatusOK &&
			story.Status == "in_review" && story.Version == 2
	})

	// The second round brings one more article a feed. The first node
	// dies in the middle of one of its crawls; the second takes its
	// sources once their leases expire.
	site.publish(3)
	dueAt(time.Now())
	waitFor(t, 60*time.Second, "the first node to be crawling a feed in the second round", func() bool {
		return len(site.feedRequests()[uaA]) > len(byNode[uaA]) && site.crawling(uaA)
	})
	if err := a.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	a.Wait()
	waitFor(t, 60*time.Second, "the second node to store the 6 new articles", func() bool { return count() == 18 })
	waitFor(t, 10*time.Second, "the second node to lead", func() bool { return role(addrB) == "leader" })
	waitFor(t, 5*time.Second, "the second node's search to find them", func() bool {
		return searchTotal(t, addrB, key, "Mường La") == 18
	})
	got := site.requests()
	if len(got) != 18 {
		t.Errorf("%d articles fetched, want 18", len(got))
	}
	twice := 0
	for path, n := range got {
		if n > 1 {
			twice++
			t.Logf("%s fetched %d times in full (the dead node may have been reading it)", path, n)
		}
	}
	if twice > 1 {
		t.Errorf("%d articles fetched in full more than once, want at most the one in flight when the node died: %v", twice, got)
	}
	// crawler.host_delay held for the site across both nodes' crawls.
	if gap := site.closestRequests(); gap < 270*time.Millisecond {
		t.Errorf("two requests to the site %s apart, want at least the host delay (300ms)", gap)
	}
	made, err := db.Audit(ctx, store.AuditFilter{Action: reportMadeAction})
	if err != nil || len(made) != 1 {
		t.Errorf("reports made: %+v (%v), want yesterday's once", made, err)
	}
	if msgs := sink.Messages(); len(msgs) != 1 {
		t.Errorf("%d report e-mails, want 1", len(msgs))
	}
}
