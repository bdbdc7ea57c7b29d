package desk

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
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

// BenchmarkSpikeTermCountsOnIndex is the index's part of a spike check on
// an index built elsewhere, such as bench/index's million items:
//
//	go run ./bench/index -n 1000000 -raw=false -q 0 -dir /tmp/bench1m
//	MEDIAWATCH_BENCH_INDEX=/tmp/bench1m go test -run '^$' -bench SpikeTermCountsOnIndex ./desk/
//
// The check's "now" is bench/index's newest date (2026-11-01); each term is
// counted over both windows' 15 spans. Skipped without the variable.
func BenchmarkSpikeTermCountsOnIndex(b *testing.B) {
	dir := os.Getenv("MEDIAWATCH_BENCH_INDEX")
	if dir == "" {
		b.Skip("MEDIAWATCH_BENCH_INDEX names no index")
	}
	idx, err := index.Open(dir, index.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { idx.Close() })
	n, err := idx.Count()
	if err != nil {
		b.Fatal(err)
	}
	now := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	s := &Spikes{Index: idx}
	for _, term := range []string{"Sơn La", "Việt Nam"} {
		for _, w := range spikeWindows {
			sp := spans(now, w, 14, time.Time{})
			b.Run(fmt.Sprintf("%s/window-%v/items-%d", strings.ReplaceAll(term, " ", "_"), w, n), func(b *testing.B) {
				var counts []int
				for b.Loop() {
					if counts, err = s.termCounts(context.Background(), term, sp); err != nil {
						b.Fatal(err)
					}
				}
				total := 0
				for _, c := range counts {
					total += c
				}
				b.ReportMetric(float64(total), "items-in-spans")
			})
		}
	}
}
