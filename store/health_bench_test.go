package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"mediawatch"
	"mediawatch/desk"
	"mediawatch/store"
)

// benchSources and benchItems are the scale the health check is measured
// at: a province's watch list and years of coverage.
const (
	benchSources = 500
	benchItems   = 1_000_000
	benchDays    = 60 // the items are spread evenly over these days
	benchQuiet   = 25 // sources with no item in the last 10 days: silent
)

// BenchmarkSourceHealth measures the health computation at 500 sources and
// 1,000,000 items over 60 days: the per-day counts of the 28-day
// baseline (one query), every source's health as the sources page and
// `sources list` read it (desk.Sources: every store read and the
// judgement), and one health check as serve runs it (CheckSources, states
// unchanged). The items are written with one INSERT … SELECT over a
// recursive sequence, straight into the table, so that building them
// takes seconds, not the ingest pipeline's minutes.
func BenchmarkSourceHealth(b *testing.B) {
	ctx := context.Background()
	now := time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)
	db := benchHealthStore(b, now)
	d := desk.New(desk.Deps{Store: db}, desk.Options{Now: func() time.Time { return now }})
	loc := d.Location()
	y, m, day := now.In(loc).Date()
	bounds := make([]time.Time, 29)
	for i := range bounds {
		bounds[i] = time.Date(y, m, day-28+i, 0, 0, 0, 0, loc)
	}
	if _, err := d.CheckSources(ctx); err != nil { // the states are stored once
		b.Fatal(err)
	}
	b.Run("day-counts", func(b *testing.B) {
		for b.Loop() {
			got, err := db.SourceDayCounts(ctx, bounds)
			if err != nil || len(got) != benchSources {
				b.Fatalf("%d sources, %v", len(got), err)
			}
		}
	})
	b.Run("sources", func(b *testing.B) {
		for b.Loop() {
			list, err := d.Sources(ctx, desk.SourcesByAttention)
			if err != nil || len(list) != benchSources || list[0].State != mediawatch.StateSilent {
				b.Fatalf("%d sources, first %s, %v", len(list), list[0].State, err)
			}
		}
	})
	b.Run("check", func(b *testing.B) {
		for b.Loop() {
			hc, err := d.CheckSources(ctx)
			if err != nil || len(hc.Alerts) != 0 {
				b.Fatalf("%d alerts, %v", len(hc.Alerts), err)
			}
		}
	})
}

// benchHealthStore is a store of benchSources crawled sources and
// benchItems items ending at now, the first benchQuiet sources quiet for
// their last 10 days.
func benchHealthStore(b *testing.B, now time.Time) *store.DB {
	b.Helper()
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), "mw.db")
	db, err := store.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	srcs := make([]mediawatch.Source, benchSources)
	for i := range srcs {
		name := fmt.Sprintf("src-%03d", i)
		srcs[i] = mediawatch.Source{Name: name, Kind: mediawatch.KindFeed, URL: "https://" + name + ".example/rss",
			Interval: time.Hour, Weight: 1, Keep: mediawatch.KeepAll, Enabled: true}
	}
	if err := db.SyncSources(ctx, srcs); err != nil {
		b.Fatal(err)
	}
	for _, s := range srcs {
		h := mediawatch.SourceHealth{Source: s.Name, LastAttempt: now.Add(-time.Minute), LastSuccess: now.Add(-time.Minute)}
		if err := db.PutSourceHealth(ctx, h); err != nil {
			b.Fatal(err)
		}
	}
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		b.Fatal(err)
	}
	defer raw.Close()
	start := now.Add(-benchDays * 24 * time.Hour).Unix()
	step := float64(benchDays*24*3600) / benchItems
	quietFrom := now.Add(-10 * 24 * time.Hour).Unix()
	_, err = raw.ExecContext(ctx, `INSERT INTO items (source, url, canonical_url, title, text, content_hash, first_seen, updated_at)
		WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ? - 1),
		t(i, s, ts) AS (SELECT i, i % ?, CAST(? + i * ? AS INTEGER) FROM n)
		SELECT printf('src-%03d', s), 'https://bench.example/' || i, 'https://bench.example/' || i, 'Tin ' || i, 'x', 'h' || i,
			strftime('%Y-%m-%dT%H:%M:%S.000000000Z', ts, 'unixepoch'), strftime('%Y-%m-%dT%H:%M:%S.000000000Z', ts, 'unixepoch')
		FROM t WHERE NOT (s < ? AND ts >= ?)`, benchItems, benchSources, start, step, benchQuiet, quietFrom)
	if err != nil {
		b.Fatal(err)
	}
	return db
}
