package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"mediawatch"
)

// TestMigrationGivesEveryItemAStory opens a database written by the
// binary before stories (schema version 4) and checks that each of its
// items got a story of its own, named by the item's id.
func TestMigrationGivesEveryItemAStory(t *testing.T) {
	sqliteOnly(t, "migrates a SQLite store of schema 4")
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	w, err := openPool(path, false)
	if err != nil {
		t.Fatal(err)
	}
	ms, err := loadMigrations(sqliteMigrations)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.ExecContext(ctx, `CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY,
		name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	for _, m := range ms[:4] {
		if err := applyMigration(ctx, w, m, 4); err != nil {
			t.Fatal(err)
		}
	}
	for i := 1; i <= 3; i++ {
		seen := encodeTime(s0.Add(time.Duration(i) * time.Hour))
		if _, err := w.ExecContext(ctx, `INSERT INTO items (id, source, url, canonical_url, title, text, first_seen,
			updated_at) VALUES (?, 'a', ?, ?, ?, 'x', ?, ?)`, i*10, fmt.Sprint("u", i), fmt.Sprint("u", i),
			fmt.Sprint("title ", i), seen, seen); err != nil {
			t.Fatal(err)
		}
	}
	w.Close()

	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for i := int64(1); i <= 3; i++ {
		s := mustStory(t, db, i*10)
		if s.FirstItemID != i*10 || s.Items != 1 || s.Status != mediawatch.FlagNew ||
			!s.FirstSeen.Equal(s0.Add(time.Duration(i)*time.Hour)) || s.Title != fmt.Sprint("title ", i) {
			t.Errorf("story %d = %+v", i*10, s)
		}
		if it := mustItem(t, db, i*10); it.StoryID != i*10 {
			t.Errorf("item %d in story %d", i*10, it.StoryID)
		}
	}
	var unsigned int
	if err := db.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM items WHERE words IS NULL`).Scan(&unsigned); err != nil || unsigned != 3 {
		t.Errorf("items without a signature = %d (%v), want 3", unsigned, err)
	}
	// A new story after the backfill does not collide with the item ids.
	res := saveStory(t, db, copyOf("b", "https://b.vn/1", "y", s0.Add(5*time.Hour)), 0)
	if res.StoryID <= 30 {
		t.Errorf("new story id %d, want above the backfilled 30", res.StoryID)
	}
}

func TestMergeStories(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	a := saveStory(t, db, copyOf("a", "https://a.vn/1", "1", s0.Add(time.Hour)), 0, testFlag("vo-dap", mediawatch.SeverityHigh))
	b := saveStory(t, db, copyOf("b", "https://b.vn/1", "2", s0), 0, testFlag("vo-dap", mediawatch.SeverityHigh))
	c := saveStory(t, db, copyOf("c", "https://c.vn/1", "3", s0.Add(5*time.Hour)), 0, testFlag("tin-gia", mediawatch.SeverityLow))
	moveTo(t, db, a.StoryID, mediawatch.FlagResponded, s0.Add(2*time.Hour))

	into, err := db.MergeStories(ctx, []int64{c.StoryID, b.StoryID, a.StoryID, 999}, s0.Add(6*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if into != a.StoryID {
		t.Fatalf("kept story %d, want the reviewed %d", into, a.StoryID)
	}
	s := mustStory(t, db, into)
	if s.Items != 3 || s.FirstItemID != b.ItemID || !s.FirstSeen.Equal(s0) || !s.LastSeen.Equal(s0.Add(5*time.Hour)) ||
		s.Status != mediawatch.FlagResponded || s.RaisedAt.IsZero() || s.NewItems != 1 || s.Outlets[0] != "b" {
		t.Errorf("merged story = %+v", s)
	}
	for _, gone := range []int64{b.StoryID, c.StoryID} {
		if _, err := db.Story(ctx, gone); !errors.Is(err, mediawatch.ErrNotFound) {
			t.Errorf("story %d still there: %v", gone, err)
		}
	}
	for _, it := range []int64{b.ItemID, c.ItemID} {
		if fl := flagsOf(t, db, it); fl[0].Status != mediawatch.FlagResponded {
			t.Errorf("item %d's flag is %s, want its new story's responded", it, fl[0].Status)
		}
	}
	events, err := db.StoryEvents(ctx, into)
	if err != nil {
		t.Fatal(err)
	}
	last := events[len(events)-2:]
	if last[0].Action != "merged" || last[0].Note != fmt.Sprintf("folded in stories %d, %d", b.StoryID, c.StoryID) ||
		last[1].Action != "raised" || last[0].Who != SystemName {
		t.Errorf("last events = %+v", last)
	}
}

func TestMergeStoriesKeepsTwoVerdictsApart(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	a := saveStory(t, db, copyOf("a", "https://a.vn/1", "1", s0), 0).StoryID
	b := saveStory(t, db, copyOf("b", "https://b.vn/1", "2", s0), 0).StoryID
	moveTo(t, db, a, mediawatch.FlagDismissed, s0)
	note := StoryChange{Version: 1, Who: "editor", At: s0, Note: "xem lại"}
	if _, err := db.UpdateStory(ctx, b, note); err != nil {
		t.Fatal(err)
	}
	if _, err := db.MergeStories(ctx, []int64{a, b}, s0); !errors.Is(err, mediawatch.ErrConflict) {
		t.Fatalf("merging two reviewed stories: err = %v, want ErrConflict", err)
	}
	for _, id := range []int64{a, b} {
		if s := mustStory(t, db, id); s.Items != 1 {
			t.Errorf("story %d has %d items after a refused merge", id, s.Items)
		}
	}
}

func TestSetSignaturesAndEveryCandidateInDateOrder(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	late := copyOf("a", "https://a.vn/late", "1", s0)
	late.Published = s0.Add(-time.Hour)
	early := copyOf("a", "https://a.vn/early", "2", s0.Add(time.Hour))
	early.Published = s0.Add(-2 * time.Hour)
	undated := copyOf("a", "https://a.vn/undated", "3", s0.Add(-90*time.Minute))
	var ids []int64
	for _, it := range []mediawatch.Item{late, early, undated} {
		res, err := db.SaveItem(ctx, it)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, res.ItemID)
	}
	if err := db.SetSignatures(ctx, []ItemSignature{{ItemID: ids[1], Fingerprint: 1 << 63, Signature: Signature{Words: 70, TitleKey: "k"}}}); err != nil {
		t.Fatal(err)
	}
	var got []string
	err := db.EachStoryCandidate(ctx, func(c StoryCandidate) error {
		got = append(got, fmt.Sprintf("%d:%v:%x:%d:%s", c.ItemID, c.Signed, c.Fingerprint, c.Words, c.Body))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{fmt.Sprintf("%d:true:8000000000000000:70:", ids[1]), fmt.Sprintf("%d:false:0:0:3", ids[2]),
		fmt.Sprintf("%d:false:0:0:1", ids[0])}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("candidates %v, want %v", got, want)
	}
	stop := errors.New("stop")
	n := 0
	err = db.EachStoryCandidate(ctx, func(StoryCandidate) error { n++; return stop })
	if !errors.Is(err, stop) || n != 1 {
		t.Errorf("EachStoryCandidate did not stop at fn's error: %v after %d", err, n)
	}
}
