package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestCorpusArticles checks what the build feeds the pipeline: distinct
// URLs and texts (nothing is a duplicate the store would drop), every one
// naming Sơn La, dated oldest first over the months ending at end.
func TestCorpusArticles(t *testing.T) {
	base, err := loadCorpus("testdata")
	if err != nil {
		t.Fatal(err)
	}
	const n = 500
	c := newCorpus(base, n, 12, end)
	urls, texts := map[string]bool{}, map[string]bool{}
	var last time.Time
	for i := range n {
		a := c.article(i)
		if urls[a.URL] || texts[a.Text] {
			t.Fatalf("article %d repeats a URL or a text: %s", i, a.URL)
		}
		urls[a.URL], texts[a.Text] = true, true
		if !strings.Contains(a.Text, "Sơn La") && !strings.Contains(a.Text, "SƠN LA") {
			t.Errorf("article %d does not name Sơn La: %q", i, a.Text[:60])
		}
		if a.Published.Before(last) || !a.Published.Before(end) || a.Published.Before(end.AddDate(0, -12, 0)) {
			t.Errorf("article %d is dated %s, after %s, outside the 12 months before %s", i, a.Published, last, end)
		}
		last = a.Published
	}
	if got := c.published(n / 2); got.Sub(end.AddDate(0, -6, 0)).Abs() > 48*time.Hour {
		t.Errorf("the middle article is dated %s, not about six months before %s", got, end)
	}
}

// TestScaleRun runs the whole command small: a data directory built
// through the pipeline, serve started from the real binary and loaded,
// reindex; then again on the kept directory, which it grows without
// building what it holds.
func TestScaleRun(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the mediawatch binary and runs it")
	}
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "data")
	opts := options{data: "testdata", dir: dir, n: 400, every: 200, months: 12, clients: 2, load: 2 * time.Second,
		serve: true, reindex: true}
	var out bytes.Buffer
	if err := run(ctx, opts, &out); err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	table := out.String()
	for _, want := range []string{
		"| ingest 0 → 200 |", "| ingest 200 → 400 |", "| ingest 0 → 400 (this run) |", "| last slice against the first",
		"| disk: store", "| disk: search index", "| serve start-up without the sync mark (full reconcile)", "| serve start-up after a clean stop, until /readyz is ready |",
		`| "Sơn La" (matches all), facets + days: p50 / p99 / max`, "| newest first, cursor pages 1–20:",
		"| serve RSS under load: highest sampled / VmHWM |", "| mediawatch reindex |", "Indexed 400 items",
	} {
		if !strings.Contains(table, want) {
			t.Errorf("the output lacks %q:\n%s", want, table)
		}
	}
	if n, err := stored(ctx, dir, ""); err != nil || n != 400 {
		t.Fatalf("the data directory holds %d items (%v), want 400", n, err)
	}
	// Kept: a larger -n goes on from the 400 items held.
	out.Reset()
	opts.n, opts.serve, opts.reindex = 500, false, false
	if err := run(ctx, opts, &out); err != nil {
		t.Fatalf("second run: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "| ingest 400 → 500 |") || strings.Contains(out.String(), "| ingest 0 →") {
		t.Errorf("the second run should ingest 400 → 500 only:\n%s", out.String())
	}
	if n, err := stored(ctx, dir, ""); err != nil || n != 500 {
		t.Fatalf("the data directory holds %d items (%v), want 500", n, err)
	}
}
