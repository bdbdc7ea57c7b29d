package ingest

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"mediawatch"
	"mediawatch/store"
	"mediawatch/story"
	"mediawatch/textnorm"
)

// BenchmarkImportStories imports the shared Vietnamese and English samples
// (4,000 articles) into a fresh store, without an index, with story
// grouping off and on: the difference is what grouping costs per item —
// the fingerprint, the grouper's lookup and the story rows.
func BenchmarkImportStories(b *testing.B) {
	for _, grouping := range []bool{false, true} {
		name := "grouping=off"
		if grouping {
			name = "grouping=on"
		}
		b.Run(name, func(b *testing.B) {
			kept, stories := 0, 0
			for b.Loop() {
				b.StopTimer()
				db, err := store.Open(context.Background(), filepath.Join(b.TempDir(), "mw.db"))
				if err != nil {
					b.Fatal(err)
				}
				watch, err := textnorm.NewWatchlist(nil)
				if err != nil {
					b.Fatal(err)
				}
				p := New(db, watch, nil, nil)
				if grouping {
					if err := p.WithStories(context.Background(), db, story.DefaultParams()); err != nil {
						b.Fatal(err)
					}
				}
				b.StartTimer()
				kept += importShared(b, p)
				b.StopTimer()
				page, err := db.Stories(context.Background(), store.StoryFilter{Size: 1})
				if err != nil {
					b.Fatal(err)
				}
				stories += page.Total
				db.Close()
				b.StartTimer()
			}
			b.ReportMetric(float64(kept)/b.Elapsed().Seconds(), "items/s")
			b.ReportMetric(float64(stories)/float64(b.N), "stories")
		})
	}
}

// importShared imports the shared samples through p and returns how many
// items were kept, or skips the benchmark when the data is absent.
func importShared(b *testing.B, p *Pipeline) int {
	kept := 0
	for _, name := range []string{"corpus-vi-sample.jsonl", "corpus-en-sample.jsonl"} {
		f, err := os.Open(filepath.Join(sharedData, name))
		if err != nil {
			b.Skipf("shared data not present: %v", err)
		}
		sum, err := p.Import(context.Background(), f, ImportOptions{Keep: mediawatch.KeepAll, Location: ict})
		f.Close()
		if err != nil {
			b.Fatal(err)
		}
		kept += sum.Kept
	}
	return kept
}
