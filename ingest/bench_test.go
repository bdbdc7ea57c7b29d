package ingest

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"mediawatch"
	"mediawatch/index"
	"mediawatch/store"
	"mediawatch/textnorm"
)

// sharedData is the project's public evaluation data, beside the
// repository; it is read where present and never copied in.
const sharedData = "../../shared/data"

// openCorpus imports the shared Vietnamese and English samples (4,000
// articles) into a store and an index in a temporary directory, or skips
// the benchmark when the data is absent.
func openCorpus(b *testing.B) (*store.DB, *index.Index) {
	b.Helper()
	ctx := context.Background()
	dir := b.TempDir()
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
	watch, err := textnorm.NewWatchlist(nil)
	if err != nil {
		b.Fatal(err)
	}
	p := New(db, watch, nil, nil).WithIndex(idx, db)
	for _, name := range []string{"corpus-vi-sample.jsonl", "corpus-en-sample.jsonl"} {
		f, err := os.Open(filepath.Join(sharedData, name))
		if err != nil {
			b.Skipf("shared data not present: %v", err)
		}
		_, err = p.Import(ctx, f, ImportOptions{Keep: mediawatch.KeepAll, Location: ict})
		f.Close()
		if err != nil {
			b.Fatal(err)
		}
	}
	if err := p.Flush(ctx); err != nil {
		b.Fatal(err)
	}
	return db, idx
}

// benchRule is broad on purpose: every item naming the province in any
// spelling, or one of two common words, so that confirming candidates
// dominates.
func benchRule(b *testing.B) *testRule {
	return newTestRule(b, "bench", mediawatch.SeverityLow, `"son la" OR "thủy điện" OR government`)
}

// BenchmarkApply measures applying a broad rule to the shared corpus: the
// first run adds the flags and re-indexes the flagged items, the later
// ones find everything already flagged.
func BenchmarkApply(b *testing.B) {
	db, idx := openCorpus(b)
	rule := benchRule(b)
	now := func() time.Time { return time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC) }
	var sum ApplySummary
	examined := 0
	for b.Loop() {
		var err error
		sum, err = Apply(context.Background(), ApplyDeps{Store: db, Index: idx, Now: now}, rule, time.Time{}, nil)
		if err != nil {
			b.Fatal(err)
		}
		examined += sum.Examined
	}
	b.ReportMetric(float64(examined)/b.Elapsed().Seconds(), "items/s")
	b.ReportMetric(float64(sum.Flagged), "flagged")
}
