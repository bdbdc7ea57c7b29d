package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"mediawatch"
	"mediawatch/config"
	"mediawatch/desk"
	"mediawatch/store"
)

// The scale for the report and the queue: 100,000 items over 30
// local days, 5,000 of them flagged, in one store.
const (
	benchItems = 100_000
	benchFlags = 5_000
	benchDays  = 30
)

var (
	benchOnce sync.Once
	benchDB   *store.DB
	benchErr  error
	benchEnd  = time.Date(2026, 11, 21, 17, 0, 0, 0, time.UTC) // 00:00 on 22 Nov in Asia/Ho_Chi_Minh
)

// benchStore builds (once per process) a store of benchItems items, one
// story each except every tenth item, which joins the story before it,
// with benchFlags flags of the four severities and a few verdicts.
func benchStore(b *testing.B) *store.DB {
	b.Helper()
	benchOnce.Do(func() {
		dir, err := filepathTemp()
		if err != nil {
			benchErr = err
			return
		}
		ctx := context.Background()
		db, err := store.Open(ctx, filepath.Join(dir, "mw.db"))
		if err != nil {
			benchErr = err
			return
		}
		step := time.Duration(benchDays) * 24 * time.Hour / benchItems
		start := benchEnd.Add(-time.Duration(benchDays) * 24 * time.Hour)
		var last int64
		for i := range benchItems {
			at := start.Add(time.Duration(i) * step)
			it := mediawatch.Item{Source: fmt.Sprintf("outlet-%d", i%40), URL: fmt.Sprintf("https://bench.example/%d", i),
				CanonicalURL: fmt.Sprintf("https://bench.example/%d", i), Title: fmt.Sprintf("Tin số %d về Sơn La", i),
				Text: "Nội dung bài báo về tỉnh Sơn La, mưa lớn và lũ quét ở vùng cao.", Lang: "vi",
				ContentHash: fmt.Sprintf("h%d", i), FirstSeen: at, Published: at}
			if i%10 == 9 {
				it.StoryID = last
			}
			var flags []mediawatch.Flag
			if i%(benchItems/benchFlags) == 0 {
				sev := mediawatch.Severities[(i/(benchItems/benchFlags))%4]
				flags = append(flags, mediawatch.Flag{RuleID: fmt.Sprintf("rule-%d", i%25), RuleVersion: "v1", Severity: sev,
					Matches: []mediawatch.TermMatch{{Term: "lũ quét", Field: "text", Start: 57, End: 67, Text: "lũ quét"}},
					Snippet: "mưa lớn và lũ quét ở vùng cao"})
			}
			res, err := db.SaveItem(ctx, it, flags...)
			if err != nil {
				benchErr = err
				return
			}
			if i%10 == 0 {
				last = res.ItemID
			}
		}
		benchDB = db
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchDB
}

// filepathTemp is a directory that outlives one benchmark function (the
// store is shared by both); the OS cleans its temp dir.
func filepathTemp() (string, error) {
	return os.MkdirTemp("", "mediawatch-bench-")
}

// BenchmarkDailyReport builds the report of the last day at 100,000 items
// and 5,000 flags: the store's reads and the whole computation.
//
//	go test -run '^$' -bench 'DailyReport|Queue' -benchtime 10x ./cmd/mediawatch/
func BenchmarkDailyReport(b *testing.B) {
	db := benchStore(b)
	cfg := config.Default()
	builder := newReportBuilder(db, cfg, "vi", func() time.Time { return benchEnd.Add(time.Hour) }, nil)
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		d, err := builder.Build(ctx, "2026-11-21")
		if err != nil {
			b.Fatal(err)
		}
		if d.Totals.Items == 0 || d.Totals.FlaggedItems == 0 {
			b.Fatalf("empty report: %+v", d.Totals)
		}
	}
}

// BenchmarkQueue ranks every open flagged story at the same scale.
func BenchmarkQueue(b *testing.B) {
	db := benchStore(b)
	w := queueWeights(config.Default())
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		open, err := db.OpenStories(ctx)
		if err != nil {
			b.Fatal(err)
		}
		q := desk.Rank(w, open, benchEnd)
		if len(q) == 0 {
			b.Fatal("empty queue")
		}
	}
}
