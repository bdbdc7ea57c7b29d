package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"path/filepath"
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

func checkExpectations(t *testing.T, dir string, site *demo.Site) {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(dir, "mediawatch.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	kept := 0
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
		switch e.Want {
		case "kept":
			if !found || it.FeedOnly || it.Text == "" {
				t.Errorf("%s (%s): want a full-text item, found=%v feed_only=%v", e.Title, e.URL, found, it.FeedOnly)
			}
		case "updated":
			if !found || it.Version != 2 {
				t.Errorf("%s: want version 2, found=%v version=%d", e.Title, found, it.Version)
			}
		case "not_found", "timeout":
			if !found || !it.FeedOnly || it.Title == "" {
				t.Errorf("%s: want a feed-only item from the listing, found=%v feed_only=%v", e.Title, found, it.FeedOnly)
			}
		case "not_mentioned", "duplicate", "disallowed":
			if found {
				t.Errorf("%s: want no item (%s: %s), found item %d", e.Title, e.Want, e.Why, it.ID)
			}
		default:
			t.Errorf("unknown expectation %q", e.Want)
		}
		if found {
			kept++
			vs, err := db.ItemVersions(ctx, it.ID)
			if err != nil || len(vs) != it.Version || vs[len(vs)-1].Text != it.Text {
				t.Errorf("%s: versions inconsistent: %d versions for version %d (%v)", e.Title, len(vs), it.Version, err)
			}
		}
	}
	if n, _ := db.CountItems(ctx); n != kept {
		t.Errorf("store holds %d items, expectations account for %d", n, kept)
	}
	idx, err := index.Open(indexDir(dir), index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	if c, _ := idx.Count(); int(c) != kept {
		t.Errorf("index holds %d items, the store %d: everything stored must be findable", c, kept)
	}
	res, err := idx.Search(ctx, query.MustParse(`"Lạng Sơn"`), index.Request{})
	if err != nil || res.Total != 0 {
		t.Errorf(`"Lạng Sơn" finds %d items (%v); the watch filter should have kept none`, res.Total, err)
	}
}
