package store

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// TestItemsSinceBelievesWhatTheIndexBelieves: ItemsSince dates an item by
// its publication only when that is believable — from 1900, and not days
// after it was first seen — as the index does, so both select the same.
func TestItemsSinceBelievesWhatTheIndexBelieves(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	seen := time.Date(2026, 3, 14, 8, 0, 0, 0, time.UTC)
	for i, published := range []time.Time{
		{}, // first seen
		time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC),    // believable, before since
		seen.Add(47 * time.Hour),                       // believable, a few hours ahead
		time.Date(2999, 1, 1, 0, 0, 0, 0, time.UTC),    // not: dated by first seen
		time.Date(1, 1, 1, 0, 0, 1, 0, time.UTC),       // not: dated by first seen
		time.Date(9999, 12, 31, 23, 0, 0, 0, time.UTC), // not
	} {
		it := testItem(fmt.Sprintf("https://a.vn/%d", i), fmt.Sprint(i))
		it.FirstSeen, it.Published = seen, published
		if _, err := db.SaveItem(ctx, it); err != nil {
			t.Fatal(err)
		}
	}
	since := seen.Add(-time.Hour)
	items, err := db.ItemsSince(ctx, since, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	n, err := db.CountItemsSince(ctx, since)
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 5 || n != 5 {
		t.Fatalf("%d items (count %d) since %v, want the 5 not dated 1 March", len(items), n, since)
	}
	for _, it := range items {
		if d := it.EffectiveDate(); d.Before(since) {
			t.Errorf("item %d dated %v was selected", it.ID, d)
		}
	}
}
