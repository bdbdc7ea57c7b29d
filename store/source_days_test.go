package store

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"mediawatch"
)

func TestSourceDayCounts(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	loc := time.FixedZone("ICT", 7*3600)
	day0 := time.Date(2026, 12, 1, 0, 0, 0, 0, loc)
	at := func(day int, h int) time.Time { return day0.AddDate(0, 0, day).Add(time.Duration(h) * time.Hour) }
	for i, it := range []struct {
		source string
		when   time.Time
	}{
		{"a", at(0, 0)},         // the first instant of day 0 counts
		{"a", at(0, 23)},        // late on day 0, local
		{"a", at(1, 0)},         // midnight starts day 1
		{"a", at(2, 12)},        // day 2
		{"a", at(3, 0)},         // the end is not counted
		{"b", at(-1, 23)},       // before the span
		{"b", at(2, 1)},         // day 2
		{"c", at(-5, 0)},        // nothing in the span: left out
		{"a", at(1, 0).Add(-1)}, // the last nanosecond of day 0
	} {
		u := fmt.Sprintf("https://%s.example/%d", it.source, i)
		if _, err := db.SaveItem(ctx, mediawatch.Item{Source: it.source, URL: u, CanonicalURL: u, Title: "t",
			Text: "x", ContentHash: u, FirstSeen: it.when}); err != nil {
			t.Fatal(err)
		}
	}
	got, err := db.SourceDayCounts(ctx, []time.Time{at(0, 0), at(1, 0), at(2, 0), at(3, 0)})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != "map[a:[3 1 1] b:[0 0 1]]" {
		t.Fatalf("counts %v", got)
	}
	one, err := db.SourceDayCounts(ctx, []time.Time{at(2, 0), at(3, 0)})
	if err != nil || fmt.Sprint(one) != "map[a:[1] b:[1]]" {
		t.Fatalf("one day: %v, %v", one, err)
	}
	for _, bad := range [][]time.Time{nil, {at(0, 0)}, {at(1, 0), at(0, 0)}} {
		if _, err := db.SourceDayCounts(ctx, bad); !errors.Is(err, mediawatch.ErrInvalid) {
			t.Errorf("bounds %v: err %v, want ErrInvalid", bad, err)
		}
	}
}

// TestSourceStateKeptApart holds the two writers of source_health to
// their own fields: the crawler's PutSourceHealth leaves the health
// check's state alone, and PutSourceState leaves the crawler's fields.
func TestSourceStateKeptApart(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	since := time.Date(2026, 12, 5, 8, 0, 0, 0, time.UTC)
	// A state before any crawl makes a row of its own.
	if err := db.PutSourceState(ctx, "moi", mediawatch.StateSilent, since); err != nil {
		t.Fatal(err)
	}
	h, err := db.SourceHealth(ctx, "moi")
	if err != nil || h.State != mediawatch.StateSilent || !h.StateSince.Equal(since) || !h.LastAttempt.IsZero() {
		t.Fatalf("state only: %+v, %v", h, err)
	}
	crawl := mediawatch.SourceHealth{Source: "moi", LastAttempt: since.Add(time.Hour), LastError: "boom",
		ConsecutiveFailures: 2, State: mediawatch.StateOK}
	if err := db.PutSourceHealth(ctx, crawl); err != nil {
		t.Fatal(err)
	}
	h, _ = db.SourceHealth(ctx, "moi")
	if h.State != mediawatch.StateSilent || !h.StateSince.Equal(since) || h.ConsecutiveFailures != 2 {
		t.Fatalf("the crawler's write clobbered the state: %+v", h)
	}
	if err := db.PutSourceState(ctx, "moi", mediawatch.StateFailing, since.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	all, err := db.ListSourceHealth(ctx)
	if err != nil || len(all) != 1 || all[0].State != mediawatch.StateFailing || all[0].LastError != "boom" ||
		!all[0].StateSince.Equal(since.Add(2*time.Hour)) {
		t.Fatalf("list: %+v, %v", all, err)
	}
}
