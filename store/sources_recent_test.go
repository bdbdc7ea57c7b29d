package store

import (
	"context"
	"fmt"
	"testing"
	"time"

	"mediawatch"
)

func TestSourceRecentCounts(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	now := time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC)
	for i, it := range []struct {
		source string
		age    time.Duration
	}{
		{"a", time.Hour}, {"a", 24 * time.Hour}, {"a", 3 * 24 * time.Hour}, {"a", 8 * 24 * time.Hour},
		{"b", 6 * 24 * time.Hour}, {"c", 30 * 24 * time.Hour},
	} {
		u := fmt.Sprintf("https://%s.example/%d", it.source, i)
		if _, err := db.SaveItem(ctx, mediawatch.Item{Source: it.source, URL: u, CanonicalURL: u, Title: "t",
			Text: "x", ContentHash: u, FirstSeen: now.Add(-it.age)}); err != nil {
			t.Fatal(err)
		}
	}
	got, err := db.SourceRecentCounts(ctx, now.Add(-24*time.Hour), now.Add(-7*24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	// The windows include their start; c has nothing in the week.
	if fmt.Sprint(got) != "[{a 2 3} {b 0 1}]" {
		t.Fatalf("counts %v", got)
	}
	if _, err := db.SourceRecentCounts(ctx, time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), now); err == nil {
		t.Fatal("a time past year 9999 was taken")
	}
}
