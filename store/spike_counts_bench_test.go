package store

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// spikeBenchEnd is the moment the spike benchmarks check at: the end of
// a year of items.
var spikeBenchEnd = time.Date(2026, 12, 6, 10, 30, 0, 0, time.UTC)

// spikeBenchDB is a store of 1,000,000 items over the 365 days before
// spikeBenchEnd (one every 31.5 s), every tenth flagged by one of 20
// rules: 100,000 flags. Built with direct SQL: ingest would take an hour.
func spikeBenchDB(b *testing.B) *DB {
	b.Helper()
	db, _ := openTest(b)
	ctx := context.Background()
	start := spikeBenchEnd.Add(-365 * 24 * time.Hour).Unix()
	const n = 1_000_000
	step := float64(365*24*3600) / n
	for _, q := range []string{
		fmt.Sprintf(`WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < %d)
			INSERT INTO items (id, source, url, canonical_url, title, first_seen, updated_at)
			SELECT i, 'src-' || (i %% 500), 'https://bench.example/' || i, 'https://bench.example/' || i, 'Tin ' || i,
				strftime('%%Y-%%m-%%dT%%H:%%M:%%S.000000000Z', %d + CAST(i * %f AS INTEGER), 'unixepoch'),
				strftime('%%Y-%%m-%%dT%%H:%%M:%%S.000000000Z', %d + CAST(i * %f AS INTEGER), 'unixepoch') FROM s`,
			n, start, step, start, step),
		`INSERT INTO item_versions (item_id, version, seen_at) SELECT id, 1, first_seen FROM items WHERE id % 10 = 0`,
		`INSERT INTO flags (item_id, item_version, rule_id, severity, created_at)
			SELECT id, 1, 'rule-' || (id / 10 % 20), 'high', first_seen FROM items WHERE id % 10 = 0`,
		`ANALYZE`,
	} {
		if _, err := db.w.ExecContext(ctx, q); err != nil {
			b.Fatalf("%.60s: %v", q, err)
		}
	}
	return db
}

// spikeBenchSpans are one check's spans of a window: now and the same
// window on each of 14 earlier days.
func spikeBenchSpans(window time.Duration) []Span {
	out := make([]Span, 15)
	for d := range out {
		to := spikeBenchEnd.Add(-time.Duration(d) * 24 * time.Hour)
		out[d] = Span{From: to.Add(-window), To: to}
	}
	return out
}

// BenchmarkSpikeCounts1M is the store's part of one spike check at
// 1,000,000 items: every rule's counts over the hour and the day windows
// (30 spans), then the stories of one spike.
func BenchmarkSpikeCounts1M(b *testing.B) {
	db := spikeBenchDB(b)
	ctx := context.Background()
	hour, day := spikeBenchSpans(time.Hour), spikeBenchSpans(24*time.Hour)
	for _, bc := range []struct {
		name string
		run  func() error
	}{
		{"hour-windows", func() error { _, err := db.FlaggedItemCounts(ctx, hour); return err }},
		{"day-windows", func() error { _, err := db.FlaggedItemCounts(ctx, day); return err }},
		{"stories-of-a-day-spike", func() error { _, err := db.FlaggedStories(ctx, "rule-3", day[0], 20); return err }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				if err := bc.run(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	got, err := db.FlaggedItemCounts(ctx, day)
	if err != nil || len(got) != 20 || got["rule-0"][0] < 10 {
		b.Fatalf("counts %v, %v", got["rule-0"], err)
	}
}
