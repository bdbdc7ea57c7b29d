package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"mediawatch"
	"mediawatch/demo"
	"mediawatch/index"
	"mediawatch/ingest"
	"mediawatch/query"
	"mediawatch/store"
)

func testGlobals(ctx context.Context, out io.Writer) *globals {
	return &globals{ctx: ctx, configPath: filepath.Join("testdata", "absent.yaml"), stdout: out, stderr: io.Discard}
}

// TestDemoCrawlMeetsExpectations crawls the built-in site the way
// `mediawatch demo --once` does and holds the store to what the site says a
// correct crawl keeps, skips and updates.
func TestDemoCrawlMeetsExpectations(t *testing.T) {
	site, err := demo.Start()
	if err != nil {
		t.Fatal(err)
	}
	defer site.Close()
	dir := t.TempDir()
	var out bytes.Buffer
	if err := runDemo(testGlobals(context.Background(), &out), site, dir, true, ""); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"== First crawl ==", "Kept (new items)", "Skipped: mentions no watch term", "Skipped: robots.txt disallows", "Updated (a new version", "Dropped as duplicates", "The store now holds",
		"People who can sign in to the web pages", "analyst (viewer)", "The pages are at http://127.0.0.1:8080/ while mediawatch serves"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("demo output lacks %q", want)
		}
	}
	checkExpectations(t, dir, site)
}

// TestDemoCrawlInterruptedAndRestarted cancels the crawl at random moments,
// starts it again each time on the same data, and then requires exactly
// what one clean crawl gives: no partial item, no duplicate.
func TestDemoCrawlInterruptedAndRestarted(t *testing.T) {
	if testing.Short() {
		t.Skip("crawls the demo site several times")
	}
	site, err := demo.Start()
	if err != nil {
		t.Fatal(err)
	}
	defer site.Close()
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 4 {
		ctx, cancel := context.WithTimeout(context.Background(), time.Duration(300+rng.IntN(2500))*time.Millisecond)
		err := runDemo(testGlobals(ctx, io.Discard), site, dir, true, "")
		cancel()
		if err != nil && !errors.Is(err, context.DeadlineExceeded) && !errors.Is(err, context.Canceled) {
			t.Fatalf("run %d: %v", i, err)
		}
	}
	if err := runDemo(testGlobals(context.Background(), io.Discard), site, dir, true, ""); err != nil {
		t.Fatal(err)
	}
	checkExpectations(t, dir, site)
}

// checkExpectations is the end-to-end check: every article and post the
// site lists is held to its documented outcome (site.Expectations: URL,
// want, why), posts to their platform, account, views, forwarded-from and
// shared link, the rumour to one flagged story across platforms, shared
// links to their article's story; the month of history is stored; the
// silent outlet is silent with its alert; the rumour's rule spiked.
func checkExpectations(t *testing.T, dir string, site *demo.Site) {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(dir, "mediawatch.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	kept := 0
	items := map[string]mediawatch.Item{}
	stories := map[string]map[int64]bool{}
	for _, e := range site.Expectations() {
		key, err := ingest.CanonicalURL(e.URL)
		if err != nil {
			t.Fatal(err)
		}
		it, err := db.ItemByURL(ctx, key)
		found := err == nil
		if err != nil && !errors.Is(err, mediawatch.ErrNotFound) {
			t.Fatal(err)
		}
		post := e.Platform != "" && e.Platform != string(mediawatch.PlatformNews)
		switch e.Want {
		case "kept":
			if !found || it.FeedOnly || it.Text == "" {
				t.Errorf("%s (%s): want a full-text item (%s), found=%v feed_only=%v", e.Title, e.URL, e.Why, found, it.FeedOnly)
			}
		case "history":
			if !found {
				t.Errorf("%s: the month of history should have stored it", e.URL)
			}
		case "updated":
			if !found || it.Version != 2 {
				t.Errorf("%s: want version 2, found=%v version=%d", e.Title, found, it.Version)
			}
		case "not_found", "timeout":
			if !found || !it.FeedOnly || it.Title == "" {
				t.Errorf("%s: want a feed-only item from the listing, found=%v feed_only=%v", e.Title, found, it.FeedOnly)
			}
		case "not_mentioned", "duplicate", "disallowed", "not_a_post":
			if found {
				t.Errorf("%s: want no item (%s: %s), found item %d", e.Title, e.Want, e.Why, it.ID)
			}
		default:
			t.Errorf("unknown expectation %q", e.Want)
		}
		if !found {
			continue
		}
		items[e.URL] = it
		if e.Want != "history" {
			kept++
		}
		if string(it.Platform) != e.Platform && e.Platform != "" {
			t.Errorf("%s: platform %q, want %q", e.URL, it.Platform, e.Platform)
		}
		if post {
			if it.Account == nil || it.Account.Handle != e.Account {
				t.Errorf("%s: account %+v, want %q", e.URL, it.Account, e.Account)
			}
			if e.Views > 0 && it.Views != e.Views {
				t.Errorf("%s: views %d, want %d", e.URL, it.Views, e.Views)
			}
			if e.ForwardedFrom != "" && !strings.Contains(it.ForwardedFrom, e.ForwardedFrom) {
				t.Errorf("%s: forwarded from %q, want %q", e.URL, it.ForwardedFrom, e.ForwardedFrom)
			}
			if it.Pinned != e.Pinned {
				t.Errorf("%s: pinned %v, want %v", e.URL, it.Pinned, e.Pinned)
			}
			if e.Shares != "" {
				if want, _ := ingest.CanonicalURL(e.Shares); it.SharedURL != want {
					t.Errorf("%s: shared URL %q, want %q", e.URL, it.SharedURL, want)
				}
			}
		}
		if e.Rule != "" && !slices.Contains(it.RuleIDs, e.Rule) {
			t.Errorf("%s: flagged by %v, want %s (%s)", e.URL, it.RuleIDs, e.Rule, e.Why)
		}
		if e.Story != "" && e.Story != "spike" {
			if stories[e.Story] == nil {
				stories[e.Story] = map[int64]bool{}
			}
			stories[e.Story][it.StoryID] = true
		}
		vs, err := db.ItemVersions(ctx, it.ID)
		if err != nil || len(vs) != it.Version || vs[len(vs)-1].Text != it.Text {
			t.Errorf("%s: versions inconsistent: %d versions for version %d (%v)", e.Title, len(vs), it.Version, err)
		}
	}
	for label, ids := range stories {
		if len(ids) != 1 || ids[0] {
			t.Errorf("story %q: items in stories %v, want one", label, ids)
		}
	}
	for _, e := range site.Expectations() {
		if e.Shares == "" || items[e.URL].ID == 0 {
			continue
		}
		if p, a := items[e.URL], items[e.Shares]; a.ID == 0 || p.StoryID != a.StoryID {
			t.Errorf("%s shares %s: post in story %d, article in %d", e.URL, e.Shares, p.StoryID, a.StoryID)
		}
	}
	hist := site.History()
	listedHist := 0
	for _, h := range hist {
		key, _ := ingest.CanonicalURL(h.Article.URL)
		it, err := db.ItemByURL(ctx, key)
		if err != nil || !it.FirstSeen.Equal(h.Seen.UTC()) {
			t.Errorf("history %s: %v, first seen %v want %v", h.Article.URL, err, it.FirstSeen, h.Seen)
		}
		if _, ok := items[h.Article.URL]; ok {
			listedHist++
		}
	}
	if n, _ := db.CountItems(ctx); n != kept+len(hist) {
		t.Errorf("store holds %d items, expectations and history account for %d", n, kept+len(hist))
	}
	cfg, err := demoConfig(testGlobals(context.Background(), io.Discard), dir)
	if err != nil {
		t.Fatal(err)
	}
	idx, err := index.Open(indexDir(dir), index.Options{Watch: cfg.Watch})
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	if c, _ := idx.Count(); int(c) != kept+len(hist) {
		t.Errorf("index holds %d items, the store %d: everything stored must be findable", c, kept+len(hist))
	}
	res, err := idx.Search(ctx, query.MustParse(`"Lạng Sơn"`), index.Request{})
	if err != nil || res.Total != 0 {
		t.Errorf(`"Lạng Sơn" finds %d items (%v); the watch filter should have kept none`, res.Total, err)
	}
	checkDemoAlerts(t, ctx, db)
}

// checkDemoAlerts: the outlet that stopped publishing is silent and its
// alert recorded; the rumour's rule spiked.
func checkDemoAlerts(t *testing.T, ctx context.Context, db *store.DB) {
	t.Helper()
	h, err := db.SourceHealth(ctx, "ban-tin-moc-chau")
	if err != nil || h.State != mediawatch.StateSilent {
		t.Errorf("silent outlet: state %q (%v), want silent", h.State, err)
	}
	for _, src := range []string{"tay-bac-moi", "tg-tin-nong-tay-bac", "yt-goc-nhin-tay-bac", "mastodon-tag-sonla"} {
		if h, err := db.SourceHealth(ctx, src); err != nil || h.State == mediawatch.StateSilent || h.State == mediawatch.StateFailing {
			t.Errorf("%s: state %q (%v)", src, h.State, err)
		}
	}
	since := time.Now().Add(-24 * time.Hour)
	silent, err := db.Alerts(ctx, since, mediawatch.AlertSourceSilent, 100)
	if err != nil || !slices.ContainsFunc(silent, func(a mediawatch.Alert) bool { return a.Source != nil && a.Source.Source == "ban-tin-moc-chau" }) {
		t.Errorf("no source.silent alert for the silent outlet: %v %v", silent, err)
	}
	spikes, err := db.Alerts(ctx, since, mediawatch.AlertSpike, 100)
	if err != nil || !slices.ContainsFunc(spikes, func(a mediawatch.Alert) bool {
		return a.Spike != nil && a.Spike.Key == "disaster-rumour" && a.Spike.Window == time.Hour
	}) {
		t.Errorf("no last-hour spike of disaster-rumour: %+v %v", spikes, err)
	}
}
