package store

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"mediawatch"
)

// retentionStore builds one case of each kind retention must tell apart,
// first seen three years before "now" unless said otherwise, and returns
// the ids that must go and those that must stay.
func retentionStore(t *testing.T, db *DB, now time.Time) (gone, kept map[string]int64) {
	t.Helper()
	ctx := context.Background()
	old := now.AddDate(-3, 0, 0)
	recent := now.AddDate(0, 0, -10)
	gone, kept = map[string]int64{}, map[string]int64{}
	item := func(name string, at time.Time, story int64, flags ...mediawatch.Flag) Saved {
		return saveStory(t, db, copyOf("src-"+name[:1], "https://x.vn/"+name, name, at), story, flags...)
	}
	flag := testFlag("vo-dap", mediawatch.SeverityHigh)

	gone["plain"] = item("plain", old, 0).ItemID
	gone["plain2"] = item("plain2", old.Add(time.Hour), 0).ItemID
	// An old copy in a story that goes on: the copy goes, the story stays.
	mixed := item("mixed-old", old, 0)
	gone["mixed-old"] = mixed.ItemID
	kept["mixed-new"] = item("mixed-new", recent, mixed.StoryID).ItemID
	// Flagged and still open in the queue.
	kept["open"] = item("open", old, 0, flag).ItemID
	// In review.
	rv := item("review", old, 0, flag)
	moveTo(t, db, rv.StoryID, mediawatch.FlagInReview, old.Add(time.Hour))
	kept["review"] = rv.ItemID
	// Flagged, dismissed long ago: goes with its flag and story.
	ds := item("dismissed", old, 0, flag)
	moveTo(t, db, ds.StoryID, mediawatch.FlagDismissed, old.Add(time.Hour))
	gone["dismissed"] = ds.ItemID
	// Answered recently: a verdict within the period.
	rs := item("responded", old, 0, flag)
	moveTo(t, db, rs.StoryID, mediawatch.FlagResponded, recent)
	kept["responded"] = rs.ItemID
	// Dismissed long ago, flagged again recently (a rule applied later).
	fl := item("flagged-late", old, 0)
	moveTo(t, db, fl.StoryID, mediawatch.FlagDismissed, old.Add(time.Hour))
	late := testFlag("tin-gia", mediawatch.SeverityLow)
	late.ItemID, late.ItemVersion = fl.ItemID, 1
	if _, err := db.AddFlags(ctx, []mediawatch.Flag{late}, recent); err != nil {
		t.Fatal(err)
	}
	kept["flagged-late"] = fl.ItemID
	// Edited recently: a new version within the period.
	ed := item("edited", old, 0)
	edit := copyOf("src-e", "https://x.vn/edited", "edited, corrected", recent)
	if _, err := db.SaveItem(ctx, edit); err != nil {
		t.Fatal(err)
	}
	kept["edited"] = ed.ItemID
	kept["young"] = item("young", recent, 0).ItemID
	return gone, kept
}

func TestPrunePlanThenPrune(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	now := time.Date(2029, 3, 1, 0, 0, 0, 0, time.UTC)
	gone, kept := retentionStore(t, db, now)
	cutoff := now.Add(-730 * 24 * time.Hour)

	plan, err := db.PlanPrune(ctx, cutoff)
	if err != nil {
		t.Fatal(err)
	}
	if plan.Items != len(gone) || plan.Flags != 1 || plan.Stories != 3 || plan.Protected != 5 {
		t.Errorf("plan = %+v, want %d items, 1 flag, 3 stories, 5 protected", plan, len(gone))
	}
	if !plan.Oldest.Equal(now.AddDate(-3, 0, 0)) || !plan.Newest.Equal(now.AddDate(-3, 0, 0).Add(time.Hour)) {
		t.Errorf("oldest %v newest %v", plan.Oldest, plan.Newest)
	}
	if len(plan.BySource) != 3 || plan.BySource[0] != (SourceCount{"src-p", 2}) {
		t.Errorf("by source = %+v", plan.BySource)
	}
	if n, _ := db.CountItems(ctx); n != len(gone)+len(kept) {
		t.Fatalf("the plan wrote: %d items", n)
	}

	// A batch whose index delete fails deletes nothing.
	boom := errors.New("index down")
	if _, err := db.PruneBatch(ctx, cutoff, 2, func(context.Context, []int64) error { return boom }); !errors.Is(err, boom) {
		t.Fatalf("err = %v", err)
	}
	if n, _ := db.CountItems(ctx); n != len(gone)+len(kept) {
		t.Fatalf("a failed batch deleted items: %d left", n)
	}

	var deindexed []int64
	var total Pruned
	for {
		b, err := db.PruneBatch(ctx, cutoff, 2, func(_ context.Context, ids []int64) error {
			deindexed = append(deindexed, ids...)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(b.IDs) == 0 {
			break
		}
		total.IDs, total.Flags, total.Stories = append(total.IDs, b.IDs...), total.Flags+b.Flags, total.Stories+b.Stories
	}
	var want []int64
	for _, id := range gone {
		want = append(want, id)
	}
	slices.Sort(want)
	slices.Sort(total.IDs)
	slices.Sort(deindexed)
	if !slices.Equal(total.IDs, want) || !slices.Equal(deindexed, want) || total.Flags != plan.Flags || total.Stories != plan.Stories {
		t.Errorf("pruned %v (index told %v), %d flags, %d stories; want %v as planned", total.IDs, deindexed, total.Flags, total.Stories, want)
	}
	for name, id := range kept {
		if _, err := db.Item(ctx, id); err != nil {
			t.Errorf("%s (item %d) was deleted: %v", name, id, err)
		}
	}
	for name, id := range gone {
		if _, err := db.Item(ctx, id); !errors.Is(err, mediawatch.ErrNotFound) {
			t.Errorf("%s (item %d) is still there: %v", name, id, err)
		}
	}
	checkConsistency(t, db)
	var orphans, emptyStories int
	db.r.QueryRow(`SELECT COUNT(*) FROM stories s WHERE NOT EXISTS (SELECT 1 FROM items i WHERE i.story_id = s.id)`).Scan(&emptyStories)
	db.r.QueryRow(`SELECT (SELECT COUNT(*) FROM flags WHERE item_id NOT IN (SELECT id FROM items)) +
		(SELECT COUNT(*) FROM item_versions WHERE item_id NOT IN (SELECT id FROM items)) +
		(SELECT COUNT(*) FROM story_events WHERE story_id NOT IN (SELECT id FROM stories))`).Scan(&orphans)
	if emptyStories != 0 || orphans != 0 {
		t.Errorf("%d empty stories, %d orphan rows", emptyStories, orphans)
	}
	mixed, err := db.Item(ctx, kept["mixed-new"])
	if err != nil {
		t.Fatal(err)
	}
	if s := mustStory(t, db, mixed.StoryID); !s.FirstSeen.Equal(mixed.FirstSeen) {
		t.Errorf("the story left with its new copy starts at %v, want %v", s.FirstSeen, mixed.FirstSeen)
	}

	// Idempotent: nothing more to plan or delete.
	again, err := db.PlanPrune(ctx, cutoff)
	if err != nil || again.Items != 0 || again.Protected != 5 {
		t.Errorf("second plan = %+v, %v", again, err)
	}
	if b, err := db.PruneBatch(ctx, cutoff, 2, nil); err != nil || len(b.IDs) != 0 {
		t.Errorf("second prune = %+v, %v", b, err)
	}
}
