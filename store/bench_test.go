package store

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"mediawatch"
)

// BenchmarkSaveItem measures new items stored per second, each in its own
// transaction as ingest stores them, with a realistic article length.
func BenchmarkSaveItem(b *testing.B) {
	db, _ := openTest(b)
	ctx := context.Background()
	body := strings.Repeat("Tỉnh Sơn La triển khai các giải pháp phòng chống thiên tai. ", 60) // ~3.5 KB
	n := 0
	for b.Loop() {
		it := testItem(fmt.Sprintf("https://baosonla.vn/bai/%d", n), fmt.Sprint(n, body))
		if _, err := db.SaveItem(ctx, it); err != nil {
			b.Fatal(err)
		}
		n++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "items/s")
}

// BenchmarkSaveItemDuplicate measures the common crawl case: an article
// already stored, seen again unchanged.
func BenchmarkSaveItemDuplicate(b *testing.B) {
	db, _ := openTest(b)
	ctx := context.Background()
	const distinct = 1000
	for i := range distinct {
		if _, err := db.SaveItem(ctx, testItem(fmt.Sprintf("https://baosonla.vn/bai/%d", i), fmt.Sprint("text ", i))); err != nil {
			b.Fatal(err)
		}
	}
	n := 0
	for b.Loop() {
		i := n % distinct
		if _, err := db.SaveItem(ctx, testItem(fmt.Sprintf("https://baosonla.vn/bai/%d", i), fmt.Sprint("text ", i))); err != nil {
			b.Fatal(err)
		}
		n++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "items/s")
}

// BenchmarkSaveItemWithFlags is BenchmarkSaveItem for an item three rules
// flag: the flags are written in the item's transaction.
func BenchmarkSaveItemWithFlags(b *testing.B) {
	db, _ := openTest(b)
	ctx := context.Background()
	body := strings.Repeat("Tỉnh Sơn La triển khai các giải pháp phòng chống thiên tai. ", 60) // ~3.5 KB
	flags := []mediawatch.Flag{
		testFlag("sat-lo", mediawatch.SeverityHigh), testFlag("lu-lut", mediawatch.SeverityMedium),
		testFlag("thien-tai", mediawatch.SeverityLow),
	}
	n := 0
	for b.Loop() {
		it := testItem(fmt.Sprintf("https://baosonla.vn/bai/%d", n), fmt.Sprint(n, body))
		if res, err := db.SaveItem(ctx, it, flags...); err != nil || res.Flags != len(flags) {
			b.Fatal(res, err)
		}
		n++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "items/s")
}
