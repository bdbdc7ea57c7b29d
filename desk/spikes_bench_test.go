package desk

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"mediawatch"
	"mediawatch/index"
)

// BenchmarkSpikeTermCounts is the index's part of one spike check for one
// watch term: its counts over the hour and the day windows (15 spans
// each) through the search index, over 100,000 items in the 15 days a
// check reads (one every 13 s, a fifth of them mentioning the term). The
// store's part at 1,000,000 items is store.BenchmarkSpikeCounts1M.
func BenchmarkSpikeTermCounts(b *testing.B) {
	ctx := context.Background()
	idx, err := index.Open(filepath.Join(b.TempDir(), "index"), index.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { idx.Close() })
	const n = 100_000
	start := spikeNow.Add(-15 * 24 * time.Hour)
	step := 15 * 24 * time.Hour / n
	batch := make([]mediawatch.Item, 0, 1000)
	for i := 1; i <= n; i++ {
		at := start.Add(time.Duration(i) * step)
		text := fmt.Sprintf("Tin địa phương số %d về giao thông và mùa màng ở Mộc Châu", i)
		if i%5 == 0 {
			text = fmt.Sprintf("Nhà máy thủy điện số %d xả lũ, người dân Sơn La lo lắng", i)
		}
		url := fmt.Sprintf("https://bench.example/%d", i)
		batch = append(batch, mediawatch.Item{ID: int64(i), Version: 1, Source: fmt.Sprintf("src-%d", i%50), URL: url,
			CanonicalURL: url, Title: text, Text: text, Lang: "vi", FirstSeen: at, Published: at})
		if len(batch) == cap(batch) {
			if err := idx.Put(ctx, batch); err != nil {
				b.Fatal(err)
			}
			batch = batch[:0]
		}
	}
	s := &Spikes{Index: idx}
	for _, w := range spikeWindows {
		sp := spans(spikeNow, w, 14, start)
		b.Run(fmt.Sprintf("window-%v", w), func(b *testing.B) {
			var counts []int
			for b.Loop() {
				if counts, err = s.termCounts(ctx, "thủy điện", sp); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(counts[0]), "items-now")
		})
	}
}
