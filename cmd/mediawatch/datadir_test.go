package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"mediawatch"
	"mediawatch/config"
	"mediawatch/index"
	"mediawatch/ingest"
	"mediawatch/store"
)

// farDateSite serves a feed whose items carry, in the feed or on their
// pages, dates no search index can hold.
func farDateSite(t *testing.T) *httptest.Server {
	t.Helper()
	body := "Tỉnh Sơn La đã huy động lực lượng khắc phục hậu quả mưa lũ, sạt lở đất ở nhiều xã vùng cao. " +
		"Chính quyền địa phương sơ tán người dân đến nơi an toàn và hỗ trợ lương thực cho các hộ bị ảnh hưởng. "
	page := func(title, meta string) string {
		if meta != "" {
			meta = `<meta property="article:published_time" content="` + meta + `">`
		}
		return `<html lang="vi"><head><meta charset="utf-8"><title>` + title + `</title>` + meta +
			`</head><body><article><h1>` + title + `</h1><p>` + strings.Repeat(body, 3) + `</p></article></body></html>`
	}
	pages := map[string]string{
		"/a/1": page("Sơn La: tin một", ""),                          // the feed's 9999-12-31
		"/a/2": page("Sơn La: tin hai", "2999-01-01T00:00:00Z"),      // page meta far ahead
		"/a/3": page("Sơn La: tin ba", "0001-01-01T00:00:00+07:00"),  // a broken CMS's year 1
		"/a/4": page("Sơn La: tin bốn", ""),                          // the feed's 2300
		"/a/5": page("Sơn La: tin năm", "2999-12-31T23:59:59+07:00"), // listed on a page
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		base := "http://" + r.Host
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
		fmt.Fprintf(w, `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Báo</title>
<item><title>Sơn La: tin một</title><link>%[1]s/a/1</link><pubDate>Fri, 31 Dec 9999 23:59:59 GMT</pubDate></item>
<item><title>Sơn La: tin hai</title><link>%[1]s/a/2</link></item>
<item><title>Sơn La: tin ba</title><link>%[1]s/a/3</link></item>
<item><title>Sơn La: tin bốn</title><link>%[1]s/a/4</link><pubDate>Mon, 01 Jan 2300 00:00:00 GMT</pubDate></item>
</channel></rss>`, base)
	})
	mux.HandleFunc("/list.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<html><body><ul><li><a class="tin" href="/a/5">Sơn La: tin năm</a></li></ul></body></html>`)
	})
	mux.HandleFunc("/a/", func(w http.ResponseWriter, r *http.Request) {
		p, ok := pages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, p)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// dataDirSetup writes a config (with extra YAML) and returns globals
// whose output the test reads, and the data directory.
func dataDirSetup(t *testing.T, extra string) (*globals, *bytes.Buffer, *bytes.Buffer, string) {
	t.Helper()
	dir := t.TempDir()
	cfg := filepath.Join(dir, "mediawatch.yaml")
	if err := os.WriteFile(cfg, []byte("crawler:\n  host_delay: 0s\n"+extra), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	g := &globals{ctx: context.Background(), configPath: cfg, explicitConfig: true, stdout: &out, stderr: &errOut}
	return g, &out, &errOut, filepath.Join(dir, "data")
}

// importLines imports JSON lines into data.
func importLines(t *testing.T, g *globals, data, lines string) {
	t.Helper()
	f := filepath.Join(t.TempDir(), "in.jsonl")
	if err := os.WriteFile(f, []byte(lines), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := (&ImportCmd{DataFlag: DataFlag{Data: data}, File: f, Keep: "all", Source: "import"}).Run(g); err != nil {
		t.Fatalf("import: %v", err)
	}
}

// countHits runs `search --count` and returns what it printed.
func countHits(t *testing.T, g *globals, out *bytes.Buffer, data, q string, edit func(*SearchCmd)) string {
	t.Helper()
	out.Reset()
	c := &SearchCmd{DataFlag: DataFlag{Data: data}, Query: q, Count: true, Sort: "relevance", Size: 20}
	if edit != nil {
		edit(c)
	}
	if err := c.Run(g); err != nil {
		t.Fatalf("search %q: %v", q, err)
	}
	return strings.TrimSpace(out.String())
}

// TestImpossibleDatesSurviveRestart: a crawled feed and its pages, and an
// import, with dates outside what the index holds (9999-12-31, 2999,
// year 1, 2300) are stored and found, and every command starts again
// afterwards — the start that used to fail in reconcile.
func TestImpossibleDatesSurviveRestart(t *testing.T) {
	srv := farDateSite(t)
	g, out, errOut, data := dataDirSetup(t, "sources:\n"+
		"  - {name: bao, kind: feed, url: '"+srv.URL+"/feed.xml', keep: all, allow_private: true}\n"+
		"  - {name: trang, kind: page, url: '"+srv.URL+"/list.html', selector: 'a.tin', keep: all, allow_private: true}\n")
	for run := range 2 { // the second run is the restart
		if err := (&CrawlCmd{DataFlag: DataFlag{Data: data}, Once: true}).Run(g); err != nil {
			t.Fatalf("crawl, run %d: %v\n%s", run, err, errOut)
		}
		importLines(t, g, data, `{"url":"https://kho.example/1","title":"Sơn La: tin nhập","text":"Tin Sơn La","published":"2300-01-01"}`+"\n")
		if err := (&RulesApplyCmd{DataFlag: DataFlag{Data: data}}).Run(g); err != nil {
			t.Fatalf("rules apply, run %d: %v", run, err)
		}
		if n := countHits(t, g, out, data, `"Sơn La"`, nil); n != "6" {
			t.Fatalf("run %d: search found %s, want 6\n%s", run, n, errOut)
		}
		// Dated by when they were first seen: all of them today. (A bound
		// past 2200 is refused as a typo, as the API refuses it.)
		today := time.Now().In(time.FixedZone("ICT", 7*3600)).Format(time.DateOnly)
		if n := countHits(t, g, out, data, `"Sơn La"`, func(c *SearchCmd) { c.From, c.To = today, "2200-12-31" }); n != "6" {
			t.Errorf("run %d: dated from today on: %s, want 6", run, n)
		}
	}
	serveStarts(t, data)
	db, err := store.Open(context.Background(), filepath.Join(data, "mediawatch.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	items, err := db.Items(context.Background(), 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"/a/1": "", "/a/2": "2999-01-01", "/a/3": "", "/a/4": "2300-01-01", "/a/5": "2999-12-31", "kho.example/1": "2300-01-01"}
	for _, it := range items {
		got := ""
		if !it.Published.IsZero() {
			got = it.Published.In(time.FixedZone("ICT", 7*3600)).Format(time.DateOnly) // an import's zone-less date is local
		}
		for suffix, w := range want {
			if strings.HasSuffix(it.URL, suffix) && got != w {
				t.Errorf("%s: stored published %q, want %q (as the source said, or none)", it.URL, got, w)
			}
		}
	}
}

// serveStarts runs `serve` on data until it answers /readyz, then stops it.
func serveStarts(t *testing.T, data string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := &lockedBuffer{}
	g := &globals{ctx: ctx, configPath: filepath.Join(t.TempDir(), "absent.yaml"), stdout: out, stderr: &lockedBuffer{}}
	done := make(chan error, 1)
	go func() { done <- (&ServeCmd{DataFlag: DataFlag{Data: data}, Listen: "127.0.0.1:0"}).Run(g) }()
	addr := regexp.MustCompile(`API on http://(\S+) `)
	var m []string
	for m == nil {
		select {
		case err := <-done:
			t.Fatalf("serve stopped at start: %v", err)
		case <-time.After(20 * time.Millisecond):
		}
		m = addr.FindStringSubmatch(out.String())
	}
	resp, err := http.Get("http://" + m[1] + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("/readyz = %d", resp.StatusCode)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("serve: %v", err)
	}
}

const fourItems = `{"url":"https://a.example/1","title":"Tin Sơn La 1","text":"Mưa lớn ở Sơn La.","published":"2026-11-20"}
{"url":"https://a.example/2","title":"Tin Sơn La 2","text":"Sạt lở ở Sơn La.","published":"2026-11-20"}
{"url":"https://a.example/3","title":"Tin Sơn La 3","text":"Mận Sơn La.","published":"2026-11-21"}
{"url":"https://a.example/4","title":"Tin Sơn La 4","text":"Hoa ban Sơn La.","published":"2026-10-02"}
`

// TestDamagedSegmentRebuiltAtStart: a real segment file damaged on disk
// (the offsets in its footer, which made zap panic) is found at the next
// start, moved aside, and the index rebuilt from the store.
func TestDamagedSegmentRebuiltAtStart(t *testing.T) {
	g, out, errOut, data := dataDirSetup(t, "")
	importLines(t, g, data, fourItems)
	segs, _ := filepath.Glob(filepath.Join(data, "index", "2026-11", "store", "*.zap"))
	if len(segs) == 0 {
		t.Fatal("no segment on disk")
	}
	b, err := os.ReadFile(segs[0])
	if err != nil {
		t.Fatal(err)
	}
	for i := len(b) - 16; i < len(b)-12; i++ {
		b[i] ^= 0x7f
	}
	if err := os.WriteFile(segs[0], b, 0o644); err != nil {
		t.Fatal(err)
	}
	if n := countHits(t, g, out, data, `"Sơn La"`, nil); n != "4" {
		t.Fatalf("search after the damage found %s, want 4\n%s", n, errOut)
	}
	log := errOut.String()
	if !strings.Contains(log, "search index is damaged") || !strings.Contains(log, "rebuilding it from the store") {
		t.Errorf("no log line says the index was damaged and rebuilt:\n%s", log)
	}
	if aside, _ := filepath.Glob(filepath.Join(data, "index.damaged-*")); len(aside) != 1 {
		t.Errorf("the damaged index is not kept aside: %v", aside)
	}
}

// TestEmptiedStoreRefused: a store file emptied to zero bytes is refused
// at start with what to do, in the interface language, and left as it is.
func TestEmptiedStoreRefused(t *testing.T) {
	for lang, says := range map[string]string{"en": "Restore mediawatch.db from a backup", "vi": "khôi phục mediawatch.db từ bản sao lưu"} {
		t.Run(lang, func(t *testing.T) {
			g, _, _, data := dataDirSetup(t, "ui_lang: "+lang+"\n")
			importLines(t, g, data, fourItems)
			path := filepath.Join(data, "mediawatch.db")
			if err := os.Truncate(path, 0); err != nil {
				t.Fatal(err)
			}
			os.Remove(path + "-wal")
			os.Remove(path + "-shm")
			err := (&SearchCmd{DataFlag: DataFlag{Data: data}, Query: "x", Count: true, Sort: "relevance"}).Run(g)
			if !errors.Is(err, store.ErrEmptyFile) || !strings.Contains(err.Error(), says) {
				t.Errorf("search: %v; want ErrEmptyFile saying %q", err, says)
			}
			err = (&ReportCmd{DataFlag: DataFlag{Data: data}, Date: "2026-11-20", Format: "json"}).Run(g)
			if !errors.Is(err, store.ErrEmptyFile) {
				t.Errorf("report: %v, want ErrEmptyFile", err)
			}
			if fi, err := os.Stat(path); err != nil || fi.Size() != 0 {
				t.Errorf("the refused store file was touched: %v", err)
			}
		})
	}
}

// TestReplacedStoreRefused: a store that is not the one the index was
// built from (here, deleted and made anew) is refused until `reindex`.
func TestReplacedStoreRefused(t *testing.T) {
	g, out, _, data := dataDirSetup(t, "")
	importLines(t, g, data, fourItems)
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(filepath.Join(data, "mediawatch.db"+suffix))
	}
	err := (&SearchCmd{DataFlag: DataFlag{Data: data}, Query: "x", Count: true, Sort: "relevance"}).Run(g)
	if !errors.Is(err, index.ErrOtherStore) || !strings.Contains(err.Error(), "mediawatch reindex") {
		t.Fatalf("search beside another store: %v, want ErrOtherStore naming reindex", err)
	}
	if err := (&ReindexCmd{DataFlag: DataFlag{Data: data}}).Run(g); err != nil {
		t.Fatalf("reindex: %v", err)
	}
	if n := countHits(t, g, out, data, `"Sơn La"`, nil); n != "0" {
		t.Errorf("after reindex the index holds what the new store holds: %s, want 0", n)
	}
}

// TestDeletedIndexRebuiltAtSearch: an index deleted by hand is rebuilt
// by the next command that uses it, `search` included, with a log line.
func TestDeletedIndexRebuiltAtSearch(t *testing.T) {
	g, out, errOut, data := dataDirSetup(t, "")
	importLines(t, g, data, fourItems)
	if err := os.RemoveAll(filepath.Join(data, "index")); err != nil {
		t.Fatal(err)
	}
	if n := countHits(t, g, out, data, `"Sơn La"`, nil); n != "4" {
		t.Fatalf("search after the index was deleted found %s, want 4", n)
	}
	if !strings.Contains(errOut.String(), "search index is empty while the store holds items") {
		t.Errorf("no log line says the index was rebuilt:\n%s", errOut)
	}
}

// TestReportDateChecked: `report --date` outside the days a report covers,
// or not a date, is refused before anything is opened.
func TestReportDateChecked(t *testing.T) {
	g, _, _, data := dataDirSetup(t, "ui_lang: vi\n")
	for date, says := range map[string]string{
		"9999-12-31": "báo cáo chỉ lập cho một ngày từ 1900-01-01 đến 2261-12-31",
		"0001-01-01": "1900-01-01",
		"2026-02-30": "cần một ngày theo dạng YYYY-MM-DD",
	} {
		err := (&ReportCmd{DataFlag: DataFlag{Data: data}, Date: date, Format: "json"}).Run(g)
		if err == nil || !strings.Contains(err.Error(), says) {
			t.Errorf("--date %s: %v, want %q", date, err, says)
		}
	}
	if _, err := os.Stat(data); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a refused date opened the data directory: %v", err)
	}
}

// skippingIndex indexes nothing and leaves out every other item.
type skippingIndex struct{ ingest.Indexer }

func (skippingIndex) Put(_ context.Context, items []mediawatch.Item) error {
	e := &index.SkippedError{Items: map[int64]error{}}
	for i, it := range items {
		if i%2 == 1 {
			e.Items[it.ID] = errors.New("cannot represent")
		}
	}
	return e
}

// TestSkippedItemsLoggedAndCounted: every item the index leaves out is a
// log line and a step of mediawatch_index_skipped_total; the rest count
// as indexed.
func TestSkippedItemsLoggedAndCounted(t *testing.T) {
	var logs bytes.Buffer
	a := testApp(t, t.TempDir(), func(*config.Config) {})
	c := countingIndex{Indexer: skippingIndex{}, n: a.metrics.indexed, skipped: a.metrics.skipped,
		log: slog.New(slog.NewTextHandler(&logs, nil)), failed: &a.indexFailed}
	err := c.Put(context.Background(), []mediawatch.Item{{ID: 1}, {ID: 2}, {ID: 3}, {ID: 4}})
	var skipped *index.SkippedError
	if !errors.As(err, &skipped) {
		t.Fatalf("err = %v, want the SkippedError passed on for ingest to retry", err)
	}
	if !a.indexFailed.Load() {
		t.Error("items left out of the index did not mark the app: its close would write a sync mark")
	}
	families, err := a.metrics.reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]float64{}
	for _, f := range families {
		for _, m := range f.GetMetric() {
			got[f.GetName()] += m.GetCounter().GetValue()
		}
	}
	if got["mediawatch_index_skipped_total"] != 2 || got["mediawatch_index_items_total"] != 2 {
		t.Errorf("skipped %v, indexed %v; want 2 and 2", got["mediawatch_index_skipped_total"], got["mediawatch_index_items_total"])
	}
	if n := strings.Count(logs.String(), "item left out of the search index"); n != 2 {
		t.Errorf("%d log lines, want one per item left out:\n%s", n, logs.String())
	}
}

// TestSegmentCutShortRepairedAtStart: a segment cut short is either found
// damaged at open, or passed over by bleve for an older snapshot; either
// way the next search answers from every stored item, and a log line says
// what was repaired.
func TestSegmentCutShortRepairedAtStart(t *testing.T) {
	g, out, errOut, data := dataDirSetup(t, "")
	importLines(t, g, data, fourItems)
	segs, _ := filepath.Glob(filepath.Join(data, "index", "2026-11", "store", "*.zap"))
	if len(segs) == 0 {
		t.Fatal("no segment on disk")
	}
	if err := os.Truncate(segs[0], 100); err != nil {
		t.Fatal(err)
	}
	if n := countHits(t, g, out, data, `"Sơn La"`, nil); n != "4" {
		t.Fatalf("search after the damage found %s, want 4\n%s", n, errOut)
	}
	log := errOut.String()
	if !strings.Contains(log, "search index is damaged") && !strings.Contains(log, "fewer items than the store") &&
		!strings.Contains(log, "search index is empty") {
		t.Errorf("no log line says what was repaired:\n%s", log)
	}
}
