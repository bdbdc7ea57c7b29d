package web

// The search page's server time beside the API's call for the same
// queries over a corpus, for BENCHMARKS.md:
//
//	MEDIAWATCH_BENCH_ITEMS=150000 MEDIAWATCH_BENCH_DIR=/tmp/mw-search-bench \
//	  flock /tmp/bench.lock go test ./web -run '^$' -bench 'SearchPage|SearchAPIEquivalent' -benchtime 400x
//
// The corpus is the shared samples (../shared/data) replicated to
// MEDIAWATCH_BENCH_ITEMS items (default 5,000) in a real store and index,
// kept in MEDIAWATCH_BENCH_DIR between runs (default: a temporary
// directory). The samples are read from MEDIAWATCH_BENCH_DATA, else
// ../../shared/data; without them the benchmarks skip.

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"mediawatch"
	"mediawatch/desk"
	"mediawatch/index"
	"mediawatch/ingest"
	"mediawatch/query"
	"mediawatch/store"
)

// benchQueries are what analysts type: names with and without accents,
// phrases, a boolean, words of both languages.
var benchQueries = []string{`"Sơn La"`, `son la`, `lũ quét`, `"thủy điện"`, `"giao thông" AND "Hà Nội"`,
	`"tai nạn" OR "cháy rừng"`, `government`, `"prime minister"`, `học sinh`, `bệnh viện -"Hà Nội"`}

// benchDesk opens (or builds) the benchmark corpus and returns a desk over it.
func benchDesk(b *testing.B) *desk.Desk {
	b.Helper()
	ctx := context.Background()
	n := 5000
	if v := os.Getenv("MEDIAWATCH_BENCH_ITEMS"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 1 {
			b.Fatalf("MEDIAWATCH_BENCH_ITEMS=%q", v)
		}
	}
	dir := os.Getenv("MEDIAWATCH_BENCH_DIR")
	if dir == "" {
		dir = b.TempDir()
	}
	ready := filepath.Join(dir, fmt.Sprintf("ready-%d", n))
	_, err := os.Stat(ready)
	built := err == nil
	if !built {
		_ = os.RemoveAll(filepath.Join(dir, "mw.db"))
		_ = os.RemoveAll(filepath.Join(dir, "index"))
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.Fatal(err)
	}
	db, err := store.Open(ctx, filepath.Join(dir, "mw.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	idx, err := index.Open(filepath.Join(dir, "index"), index.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { idx.Close() })
	if !built {
		docs := benchSamples(b)
		end := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
		span := end.Sub(end.AddDate(-1, 0, 0))
		start := time.Now()
		for i := range n {
			d := docs[i%len(docs)]
			pub := end.Add(-span + time.Duration(float64(span)*float64(i)/float64(n)))
			u := fmt.Sprintf("%s?r=%d", d.URL, i)
			if _, err := db.SaveItem(ctx, mediawatch.Item{Source: d.Source, Lang: d.Lang, URL: u, CanonicalURL: u, Title: d.Title,
				Text: d.Summary + "\n" + d.Body, Published: pub, FirstSeen: pub, ContentHash: strconv.Itoa(i)}); err != nil {
				b.Fatal(err)
			}
		}
		stored := time.Since(start)
		if _, err := ingest.Reconcile(ctx, db, idx, nil); err != nil {
			b.Fatal(err)
		}
		b.Logf("built %d items: stored in %v, indexed in %v", n, stored.Round(time.Second), (time.Since(start) - stored).Round(time.Second))
		if err := os.WriteFile(ready, nil, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	return desk.New(desk.Deps{Store: db, Index: idx}, desk.Options{})
}

// benchDoc is one line of the shared samples.
type benchDoc struct {
	Title, Summary, Body, Lang, Source, URL string
}

func benchSamples(b *testing.B) []benchDoc {
	b.Helper()
	var out []benchDoc
	for _, name := range []string{"corpus-vi-sample.jsonl", "corpus-en-sample.jsonl", "danes-items-sample.jsonl"} {
		dir := os.Getenv("MEDIAWATCH_BENCH_DATA") // else beside the repository, as bench/ reads it
		if dir == "" {
			dir = filepath.Join("..", "..", "shared", "data")
		}
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			b.Skipf("shared data not present: %v", err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 16<<20)
		for sc.Scan() {
			var d benchDoc
			if json.Unmarshal(sc.Bytes(), &d) == nil {
				if d.URL == "" {
					d.URL = "https://example.org/" + d.Source
				}
				out = append(out, d)
			}
		}
		f.Close()
	}
	return out
}

// latencies collects one duration per request and reports p50 and p99.
type latencies []time.Duration

func (l latencies) report(b *testing.B) {
	slices.Sort(l)
	if len(l) == 0 {
		return
	}
	at := func(p float64) float64 {
		return float64(l[min(len(l)-1, int(p*float64(len(l))))].Microseconds()) / 1000
	}
	b.ReportMetric(at(0.50), "p50-ms")
	b.ReportMetric(at(0.99), "p99-ms")
}

// benchPage is the search page's handler with a signed-in viewer's
// session cookie.
func benchPage(b *testing.B, d *desk.Desk) func(q string) time.Duration {
	acc := newFakeAccounts(time.Now)
	acc.add("lan", "pw-lan-123", mediawatch.RoleViewer, "vi")
	token, _, _, err := acc.SignIn(context.Background(), "lan", "pw-lan-123", "", "")
	if err != nil {
		b.Fatal(err)
	}
	h := New(Deps{Accounts: acc, Desk: d, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}, Options{}).Handler()
	return func(q string) time.Duration {
		r := httptest.NewRequest(http.MethodGet, "/search?"+url.Values{"q": {q}}.Encode(), nil)
		r.AddCookie(&http.Cookie{Name: sessionCookie, Value: token})
		w := httptest.NewRecorder()
		t0 := time.Now()
		h.ServeHTTP(w, r)
		took := time.Since(t0)
		if w.Code != http.StatusOK {
			b.Fatalf("%s: %d %s", q, w.Code, w.Body.String()[:min(300, w.Body.Len())])
		}
		return took
	}
}

// benchAPI is the call GET /api/v1/search makes: desk.Search with
// facets, 20 hits and their snippets, after parsing the query.
func benchAPI(b *testing.B, d *desk.Desk) func(q string) time.Duration {
	return func(q string) time.Duration {
		t0 := time.Now()
		n, err := query.Parse(q)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := d.Search(context.Background(), desk.SearchRequest{Query: n, Request: index.Request{Size: 20, Facets: true,
			Sort: index.SortRelevance, Loc: d.Location()}}); err != nil {
			b.Fatal(err)
		}
		return time.Since(t0)
	}
}

// BenchmarkSearchPageBesideAPI alternates the page and the API's call
// for each query, so a busy shared machine slows both alike; it reports
// both medians and 99th percentiles and the page's overhead at the median.
func BenchmarkSearchPageBesideAPI(b *testing.B) {
	d := benchDesk(b)
	page, api := benchPage(b, d), benchAPI(b, d)
	for _, q := range benchQueries { // warm both once
		page(q)
		api(q)
	}
	var pl, al latencies
	i := 0
	for b.Loop() {
		q := benchQueries[i%len(benchQueries)]
		if i%2 == 0 {
			pl = append(pl, page(q))
			al = append(al, api(q))
		} else {
			al = append(al, api(q))
			pl = append(pl, page(q))
		}
		i++
	}
	slices.Sort(pl)
	slices.Sort(al)
	at := func(l latencies, p float64) float64 {
		return float64(l[min(len(l)-1, int(p*float64(len(l))))].Microseconds()) / 1000
	}
	b.ReportMetric(at(pl, .5), "page-p50-ms")
	b.ReportMetric(at(pl, .99), "page-p99-ms")
	b.ReportMetric(at(al, .5), "api-p50-ms")
	b.ReportMetric(at(al, .99), "api-p99-ms")
	b.ReportMetric(100*(at(pl, .5)/at(al, .5)-1), "page-overhead-p50-%")
}

// BenchmarkSearchPage is GET /search?q=… through the whole web handler
// (session, CSRF cookie, the desk's search and saved searches, the
// template), cycling through benchQueries.
func BenchmarkSearchPage(b *testing.B) {
	d := benchDesk(b)
	page := benchPage(b, d)
	var lat latencies
	i := 0
	for b.Loop() {
		lat = append(lat, page(benchQueries[i%len(benchQueries)]))
		i++
	}
	lat.report(b)
}

// BenchmarkSearchAPIEquivalent is the call GET /api/v1/search makes for
// the same queries: desk.Search with facets, 20 hits, snippets.
func BenchmarkSearchAPIEquivalent(b *testing.B) {
	d := benchDesk(b)
	api := benchAPI(b, d)
	var lat latencies
	i := 0
	for b.Loop() {
		lat = append(lat, api(benchQueries[i%len(benchQueries)]))
		i++
	}
	lat.report(b)
}
