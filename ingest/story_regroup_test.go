package ingest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"mediawatch"
	"mediawatch/store"
	"mediawatch/story"
)

// saveAlone stores an article the way a database before stories did: with
// no grouping, so that it is a story of its own without a signature.
func saveAlone(t *testing.T, db *store.DB, url, title, text string, at time.Time) int64 {
	t.Helper()
	res, err := db.SaveItem(context.Background(), mediawatch.Item{Source: url[8:18], URL: url, CanonicalURL: url,
		Title: title, Text: text, ContentHash: ContentHash(title, text), FirstSeen: at})
	if err != nil {
		t.Fatal(err)
	}
	return res.ItemID
}

func TestRegroupFoldsCopiesTogether(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	dam, plums := storyText(t, "vo-dap.txt"), storyText(t, "mua-man.txt")
	ids := []int64{
		saveAlone(t, db, "https://baosonla.vn/1", damTitle, dam, t0),
		saveAlone(t, db, "https://vnexpress.net/1", damTitle, dam+"\nTheo Báo Sơn La", t0.Add(time.Hour)),
		saveAlone(t, db, "https://mocchau.vn/1", "Mộc Châu vào vụ mận hậu", plums, t0.Add(2*time.Hour)),
		saveAlone(t, db, "https://tuoitre.vn/1", "Không có chuyện vỡ đập", rewrite(dam), t0.Add(3*time.Hour)),
		// The same text five days later is another story: out of the window.
		saveAlone(t, db, "https://dantri.vn/1", damTitle, dam+"\nTheo Dân trí", t0.Add(5*24*time.Hour)),
	}
	// An editor already answered the copy: its verdict is what is kept.
	reviewed := storyOf(t, db, ids[1])
	if _, err := db.UpdateStory(ctx, reviewed, store.StoryChange{Version: 1, Who: "editor", At: t0.Add(2 * time.Hour),
		Status: mediawatch.FlagDismissed}); err != nil {
		t.Fatal(err)
	}
	var progress []int
	sum, err := Regroup(ctx, db, story.DefaultParams(), func() time.Time { return t0.Add(6 * 24 * time.Hour) },
		func(n int) { progress = append(progress, n) })
	if err != nil {
		t.Fatal(err)
	}
	want := RegroupSummary{Items: 5, Signed: 5, Groups: 1, Merged: 2}
	if sum != want || fmt.Sprint(progress) != "[5]" {
		t.Errorf("summary %+v (progress %v), want %+v", sum, progress, want)
	}
	got := []int64{}
	for _, id := range ids {
		got = append(got, storyOf(t, db, id))
	}
	if w := fmt.Sprint([]int64{reviewed, reviewed, got[2], reviewed, got[4]}); fmt.Sprint(got) != w ||
		got[2] == reviewed || got[4] == reviewed {
		t.Errorf("stories after regrouping %v, want %v with two others apart", got, w)
	}
	again, err := Regroup(ctx, db, story.DefaultParams(), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if again != (RegroupSummary{Items: 5}) {
		t.Errorf("a second regroup did %+v, want nothing", again)
	}
}

func TestRegroupLeavesTwoVerdictsApart(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	dam := storyText(t, "vo-dap.txt")
	a := saveAlone(t, db, "https://baosonla.vn/1", damTitle, dam, t0)
	b := saveAlone(t, db, "https://vnexpress.net/1", damTitle, dam+"\nTheo Báo Sơn La", t0.Add(time.Hour))
	for _, item := range []int64{a, b} {
		if _, err := db.UpdateStory(ctx, storyOf(t, db, item), store.StoryChange{Version: 1, Who: "editor",
			At: t0.Add(2 * time.Hour), Status: mediawatch.FlagFalsePositive}); err != nil {
			t.Fatal(err)
		}
	}
	sum, err := Regroup(ctx, db, story.DefaultParams(), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Conflicts != 1 || sum.Merged != 0 || storyOf(t, db, a) == storyOf(t, db, b) {
		t.Errorf("summary %+v, stories %d and %d: want the two verdicts kept apart", sum, storyOf(t, db, a), storyOf(t, db, b))
	}
}

func TestUnionFind(t *testing.T) {
	u := unionFind{}
	u.union(7, 3)
	u.union(9, 7)
	u.union(20, 21)
	u.union(3, 9)
	if got := fmt.Sprint(u.sets()); got != "[[3 7 9] [20 21]]" {
		t.Errorf("sets = %s", got)
	}
}
