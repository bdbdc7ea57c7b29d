package store

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"mediawatch"
)

// BenchmarkSaveGroupedJoin measures new items stored per second when each
// joins an existing story (a syndicated copy), signature and all: the
// story is found, its last seen moved, in the item's transaction.
func BenchmarkSaveGroupedJoin(b *testing.B) {
	db, _ := openTest(b)
	ctx := context.Background()
	body := strings.Repeat("Tỉnh Sơn La triển khai các giải pháp phòng chống thiên tai. ", 60) // ~3.5 KB
	first, err := db.SaveGrouped(ctx, testItem("https://baosonla.vn/goc", body), Signature{Words: 600})
	if err != nil {
		b.Fatal(err)
	}
	n := 0
	for b.Loop() {
		it := testItem(fmt.Sprintf("https://baosonla.vn/ban-sao/%d", n), fmt.Sprint(n, body))
		it.StoryID = first.StoryID
		if res, err := db.SaveGrouped(ctx, it, Signature{Words: 600, TitleKey: "k"}); err != nil || res.StoryID != first.StoryID {
			b.Fatal(res, err)
		}
		n++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "items/s")
}

// BenchmarkOpenStories measures reading the response queue's stories with
// their counts from a store of 20,000 stories, 2,000 of them flagged and
// 500 of those answered.
func BenchmarkOpenStories(b *testing.B) {
	db, _ := openTest(b)
	ctx := context.Background()
	for i := range 20_000 {
		it := testItem(fmt.Sprintf("https://a.vn/%d", i), fmt.Sprint("bài ", i))
		it.Source = fmt.Sprint("nguon-", i%40)
		var flags []mediawatch.Flag
		if i%10 == 0 {
			flags = append(flags, testFlag(fmt.Sprint("rule-", i%7), mediawatch.Severities[i%4]))
		}
		res, err := db.SaveGrouped(ctx, it, Signature{Words: 100}, flags...)
		if err != nil {
			b.Fatal(err)
		}
		if i%40 == 0 {
			ch := StoryChange{Version: 1, Who: "bench", At: it.FirstSeen.Add(time.Hour), Status: mediawatch.FlagDismissed}
			if _, err := db.UpdateStory(ctx, res.StoryID, ch); err != nil {
				b.Fatal(err)
			}
		}
	}
	var open []mediawatch.Story
	for b.Loop() {
		var err error
		if open, err = db.OpenStories(ctx); err != nil {
			b.Fatal(err)
		}
	}
	if len(open) != 1500 {
		b.Fatalf("%d open stories, want 1500", len(open))
	}
	b.ReportMetric(float64(len(open)), "stories")
}
