package store

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"mediawatch"
)

// s0 is when the first item of a story test is stored.
var s0 = time.Date(2026, 3, 1, 2, 0, 0, 0, time.UTC)

// copyOf is an article from source at url, stored at, carrying text.
func copyOf(source, url, text string, at time.Time) mediawatch.Item {
	return mediawatch.Item{Source: source, URL: url, CanonicalURL: url, Title: "Tin đồn vỡ đập ở Sơn La",
		Text: text, Lang: "vi", ContentHash: hashOf(url + text), FirstSeen: at}
}

// saveStory saves it into story (0: its own) with a signature and flags.
func saveStory(t *testing.T, db *DB, it mediawatch.Item, story int64, flags ...mediawatch.Flag) Saved {
	t.Helper()
	it.StoryID, it.Fingerprint = story, 0xF00D
	res, err := db.SaveGrouped(context.Background(), it, Signature{Words: 80, TitleKey: "tin don vo dap o son la"}, flags...)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func mustStory(t *testing.T, db *DB, id int64) mediawatch.Story {
	t.Helper()
	s, err := db.Story(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestSaveItemStartsAStoryPerNewItem(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	first, err := db.SaveItem(ctx, testItem("https://a.vn/1", "một"))
	if err != nil {
		t.Fatal(err)
	}
	second, err := db.SaveItem(ctx, testItem("https://a.vn/2", "hai"))
	if err != nil {
		t.Fatal(err)
	}
	a, b := mustItem(t, db, first.ItemID), mustItem(t, db, second.ItemID)
	if a.StoryID == 0 || b.StoryID == 0 || a.StoryID == b.StoryID {
		t.Fatalf("stories = %d and %d: want two distinct stories", a.StoryID, b.StoryID)
	}
	edit := testItem("https://a.vn/1", "một, đã sửa")
	edit.FirstSeen = edit.FirstSeen.Add(time.Hour)
	if res, err := db.SaveItem(ctx, edit); err != nil || res.Outcome != mediawatch.OutcomeUpdated {
		t.Fatalf("edit: %+v, %v", res, err)
	}
	if got := mustItem(t, db, first.ItemID).StoryID; got != a.StoryID {
		t.Errorf("an edit moved the item from story %d to %d", a.StoryID, got)
	}
	s := mustStory(t, db, a.StoryID)
	if s.FirstItemID != first.ItemID || s.Items != 1 || s.Status != mediawatch.FlagNew || s.Version != 1 ||
		s.Title != "Title of https://a.vn/1" || !s.FirstSeen.Equal(testItem("", "").FirstSeen) {
		t.Errorf("story = %+v", s)
	}
}

func mustItem(t *testing.T, db *DB, id int64) mediawatch.Item {
	t.Helper()
	it, err := db.Item(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return it
}

func TestSaveGroupedJoinsTheStoryNamed(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	if err := db.SyncSources(ctx, []mediawatch.Source{
		{Name: "vnexpress", Kind: mediawatch.KindFeed, URL: "https://vnexpress.net/rss", Weight: 3, Keep: mediawatch.KeepAll, Enabled: true},
	}); err != nil {
		t.Fatal(err)
	}
	a := saveStory(t, db, copyOf("baosonla", "https://baosonla.vn/1", "bản gốc", s0), 0, testFlag("vo-dap", mediawatch.SeverityHigh))
	b := saveStory(t, db, copyOf("vnexpress", "https://vnexpress.net/1", "bản chép", s0.Add(time.Hour)), a.StoryID,
		testFlag("vo-dap", mediawatch.SeverityCritical), testFlag("tin-gia", mediawatch.SeverityLow))
	c := saveStory(t, db, copyOf("baosonla", "https://baosonla.vn/2", "bản chép nữa", s0.Add(2*time.Hour)), a.StoryID)
	gone := saveStory(t, db, copyOf("tuoitre", "https://tuoitre.vn/1", "lạc", s0.Add(3*time.Hour)), 999)
	if b.StoryID != a.StoryID || c.StoryID != a.StoryID || b.Raised {
		t.Fatalf("stories %d, %d, %d (raised %v): want all %d", a.StoryID, b.StoryID, c.StoryID, b.Raised, a.StoryID)
	}
	if gone.StoryID == a.StoryID || gone.StoryID == 999 || gone.StoryID == 0 {
		t.Errorf("an item naming a missing story got story %d, want a new one", gone.StoryID)
	}
	s := mustStory(t, db, a.StoryID)
	want := mediawatch.Story{ID: a.StoryID, Title: "Tin đồn vỡ đập ở Sơn La", FirstItemID: a.ItemID, FirstSeen: s0,
		LastSeen: s0.Add(2 * time.Hour), Status: mediawatch.FlagNew, StatusAt: s0, Version: 1, UpdatedAt: s0,
		Items: 3, Outlets: []string{"baosonla", "vnexpress"}, Reach: 3, Flags: 3,
		RuleIDs: []string{"vo-dap", "tin-gia"}, Severity: mediawatch.SeverityCritical}
	if !reflect.DeepEqual(s, want) {
		t.Errorf("story =\n%+v\nwant\n%+v", s, want)
	}
	it := mustItem(t, db, b.ItemID)
	if it.StoryID != a.StoryID || it.Fingerprint != 0xF00D {
		t.Errorf("item story %d fingerprint %x", it.StoryID, it.Fingerprint)
	}
}

func TestStoryCandidates(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	old := saveStory(t, db, copyOf("a", "https://a.vn/old", "cũ", s0.Add(-100*time.Hour)), 0)
	signed := copyOf("a", "https://a.vn/signed", "mới", s0)
	signed.Published = s0.Add(-time.Hour)
	one := saveStory(t, db, signed, old.StoryID)
	feed := copyOf("b", "https://b.vn/feed", "", s0.Add(time.Hour))
	feed.Summary, feed.FeedOnly = "tóm tắt của nguồn tin", true
	two, err := db.SaveItem(ctx, feed)
	if err != nil {
		t.Fatal(err)
	}
	got, err := db.StoryCandidates(ctx, s0.Add(-72*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	want := []StoryCandidate{
		{ItemID: one.ItemID, StoryID: old.StoryID, Fingerprint: 0xF00D, Words: 80, TitleKey: "tin don vo dap o son la",
			Date: s0.Add(-time.Hour), FirstSeen: s0, Signed: true},
		{ItemID: two.ItemID, StoryID: mustItem(t, db, two.ItemID).StoryID, Date: s0.Add(time.Hour), FirstSeen: s0.Add(time.Hour),
			Title: "Tin đồn vỡ đập ở Sơn La", Body: "tóm tắt của nguồn tin"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("candidates =\n%+v\nwant\n%+v", got, want)
	}
}

func TestNewItemRaisesAnsweredStory(t *testing.T) {
	for _, tc := range []struct {
		name   string
		status mediawatch.FlagStatus
		raised bool
	}{
		{"responded", mediawatch.FlagResponded, true},
		{"dismissed", mediawatch.FlagDismissed, true},
		{"false positive", mediawatch.FlagFalsePositive, false},
		{"in review", mediawatch.FlagInReview, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db, _ := openTest(t)
			first := saveStory(t, db, copyOf("a", "https://a.vn/1", "gốc", s0), 0, testFlag("vo-dap", mediawatch.SeverityHigh))
			moveTo(t, db, first.StoryID, tc.status, s0.Add(time.Hour))
			before := mustStory(t, db, first.StoryID)
			later := saveStory(t, db, copyOf("b", "https://b.vn/1", "chép", s0.Add(2*time.Hour)), first.StoryID,
				testFlag("vo-dap", mediawatch.SeverityHigh))
			after := mustStory(t, db, first.StoryID)
			if later.Raised != tc.raised || !after.RaisedAt.IsZero() != tc.raised {
				t.Fatalf("raised = %v, raised at %v; want %v", later.Raised, after.RaisedAt, tc.raised)
			}
			if tc.raised && (after.Version != before.Version+1 || after.NewItems != 1 || after.NewOutlets != 1 ||
				!after.RaisedAt.Equal(s0.Add(2*time.Hour))) {
				t.Errorf("raised story = %+v", after)
			}
			if !tc.raised && after.Version != before.Version {
				t.Errorf("version moved from %d to %d without a raise", before.Version, after.Version)
			}
			flags := flagsOf(t, db, later.ItemID)
			if len(flags) != 1 || flags[0].Status != tc.status {
				t.Errorf("the new item's flags = %+v, want one with status %s", flags, tc.status)
			}
			open := openIDs(t, db)
			if want := tc.raised || tc.status == mediawatch.FlagInReview; (open == fmt.Sprint([]int64{first.StoryID})) != want {
				t.Errorf("open stories = %s, want story %d open: %v", open, first.StoryID, want)
			}
		})
	}
}

// moveTo takes a story along the workflow to status.
func moveTo(t *testing.T, db *DB, id int64, status mediawatch.FlagStatus, at time.Time) {
	t.Helper()
	path := map[mediawatch.FlagStatus][]mediawatch.FlagStatus{
		mediawatch.FlagNew:           nil,
		mediawatch.FlagInReview:      {mediawatch.FlagInReview},
		mediawatch.FlagResponded:     {mediawatch.FlagInReview, mediawatch.FlagResponded},
		mediawatch.FlagDismissed:     {mediawatch.FlagDismissed},
		mediawatch.FlagFalsePositive: {mediawatch.FlagFalsePositive},
	}[status]
	for _, st := range path {
		ch := StoryChange{Version: mustStory(t, db, id).Version, Who: "editor", At: at, Status: st}
		if st == mediawatch.FlagResponded {
			ch.ResponseURL = "https://sonla.gov.vn/cai-chinh"
		}
		if _, err := db.UpdateStory(context.Background(), id, ch); err != nil {
			t.Fatal(err)
		}
	}
}

func openIDs(t *testing.T, db *DB) string {
	t.Helper()
	open, err := db.OpenStories(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	ids := []int64{}
	for _, s := range open {
		ids = append(ids, s.ID)
	}
	return fmt.Sprint(ids)
}

func TestOpenStoriesHoldsFlaggedUnansweredOnes(t *testing.T) {
	db, _ := openTest(t)
	flagged := func(url string, at time.Time) int64 {
		return saveStory(t, db, copyOf("a", url, url, at), 0, testFlag("vo-dap", mediawatch.SeverityMedium)).StoryID
	}
	fresh := flagged("https://a.vn/new", s0)
	review := flagged("https://a.vn/review", s0)
	moveTo(t, db, review, mediawatch.FlagInReview, s0)
	for _, st := range []mediawatch.FlagStatus{mediawatch.FlagResponded, mediawatch.FlagDismissed, mediawatch.FlagFalsePositive} {
		moveTo(t, db, flagged("https://a.vn/"+string(st), s0), st, s0)
	}
	saveStory(t, db, copyOf("a", "https://a.vn/unflagged", "x", s0), 0)
	if got, want := openIDs(t, db), fmt.Sprint([]int64{fresh, review}); got != want {
		t.Errorf("open stories = %s, want %s", got, want)
	}
}

func TestRulePrecision(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	verdict := func(url string, st mediawatch.FlagStatus, rules ...string) {
		var flags []mediawatch.Flag
		for _, r := range rules {
			flags = append(flags, testFlag(r, mediawatch.SeverityHigh))
		}
		moveTo(t, db, saveStory(t, db, copyOf("a", url, url, s0), 0, flags...).StoryID, st, s0)
	}
	verdict("https://a.vn/1", mediawatch.FlagResponded, "vo-dap", "tin-gia")
	verdict("https://a.vn/2", mediawatch.FlagResponded, "vo-dap")
	verdict("https://a.vn/3", mediawatch.FlagFalsePositive, "vo-dap")
	verdict("https://a.vn/4", mediawatch.FlagFalsePositive, "tin-gia")
	verdict("https://a.vn/5", mediawatch.FlagDismissed, "tin-gia")
	verdict("https://a.vn/6", mediawatch.FlagNew, "chua-xet")
	got, err := db.RulePrecision(ctx)
	if err != nil {
		t.Fatal(err)
	}
	p := func(v float64) *float64 { return &v }
	want := map[string]RuleVerdicts{
		"vo-dap":   {Responded: 2, FalsePositive: 1, Precision: p(2.0 / 3)},
		"tin-gia":  {Responded: 1, FalsePositive: 1, Precision: p(0.5)},
		"chua-xet": {},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("precision = %v, want %v", show(got), show(want))
	}
}

func show(m map[string]RuleVerdicts) string {
	s := ""
	for k, v := range m {
		p := "nil"
		if v.Precision != nil {
			p = fmt.Sprintf("%.3f", *v.Precision)
		}
		s += fmt.Sprintf("%s:{%d %d %s} ", k, v.Responded, v.FalsePositive, p)
	}
	return s
}

func TestStoriesFilter(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	var ids []int64
	for i := range 5 {
		var flags []mediawatch.Flag
		if i%2 == 0 {
			flags = append(flags, testFlag("vo-dap", mediawatch.SeverityLow))
		}
		ids = append(ids, saveStory(t, db, copyOf("a", fmt.Sprint("https://a.vn/", i), fmt.Sprint(i), s0.Add(time.Duration(i)*time.Hour)), 0, flags...).StoryID)
	}
	moveTo(t, db, ids[1], mediawatch.FlagDismissed, s0)
	lan := "Lan"
	if _, err := db.UpdateStory(ctx, ids[3], StoryChange{Version: 1, Who: "editor", At: s0, Assignee: &lan}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		f     StoryFilter
		want  []int64
		total int
	}{
		{"all, newest first", StoryFilter{}, []int64{ids[4], ids[3], ids[2], ids[1], ids[0]}, 5},
		{"page 2 of 2", StoryFilter{Page: 2, Size: 2}, []int64{ids[2], ids[1]}, 5},
		{"flagged", StoryFilter{Flagged: true}, []int64{ids[4], ids[2], ids[0]}, 3},
		{"dismissed", StoryFilter{Statuses: []mediawatch.FlagStatus{mediawatch.FlagDismissed}}, []int64{ids[1]}, 1},
		{"from and to", StoryFilter{From: s0.Add(time.Hour), To: s0.Add(3 * time.Hour)}, []int64{ids[3], ids[2], ids[1]}, 3},
		{"assignee", StoryFilter{Assignee: "Lan"}, []int64{ids[3]}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			page, err := db.Stories(ctx, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			got := []int64{}
			for _, s := range page.Stories {
				got = append(got, s.ID)
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.want) || page.Total != tc.total {
				t.Errorf("stories %v of %d, want %v of %d", got, page.Total, tc.want, tc.total)
			}
		})
	}
	for _, bad := range []StoryFilter{{Size: MaxStoryPageSize + 1}, {Page: -1}, {Statuses: []mediawatch.FlagStatus{"closed"}}} {
		if _, err := db.Stories(ctx, bad); !errors.Is(err, mediawatch.ErrInvalid) {
			t.Errorf("Stories(%+v): err = %v, want ErrInvalid", bad, err)
		}
	}
}

func TestStoryDetailsOfMissingStory(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	for name, call := range map[string]func() error{
		"Story":       func() error { _, err := db.Story(ctx, 7); return err },
		"StoryItems":  func() error { _, err := db.StoryItems(ctx, 7); return err },
		"StoryFlags":  func() error { _, err := db.StoryFlags(ctx, 7); return err },
		"StoryEvents": func() error { _, err := db.StoryEvents(ctx, 7); return err },
	} {
		if err := call(); !errors.Is(err, mediawatch.ErrNotFound) {
			t.Errorf("%s: err = %v, want ErrNotFound", name, err)
		}
	}
}

// TestStoryInvariants runs a seeded mix of saves — new items, copies
// joining stories, edits, duplicates, stories that no longer exist —
// and review changes, then checks what must always hold: every item is in
// a story that exists, every story has an item, a story's last seen is its
// newest item's, and every flag carries its story's status.
func TestStoryInvariants(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(5, 7))
	var stories []int64
	for i := range 300 {
		at := s0.Add(time.Duration(i) * time.Minute)
		url := fmt.Sprint("https://a.vn/", rng.IntN(120))
		it := copyOf(fmt.Sprint("nguon-", rng.IntN(5)), url, fmt.Sprint("bản ", rng.IntN(3)), at)
		if len(stories) > 0 && rng.IntN(2) == 0 {
			it.StoryID = stories[rng.IntN(len(stories))]
		}
		if rng.IntN(10) == 0 {
			it.StoryID = 1_000_000 // gone
		}
		var flags []mediawatch.Flag
		if rng.IntN(3) == 0 {
			flags = append(flags, testFlag("vo-dap", mediawatch.SeverityHigh))
		}
		res, err := db.SaveGrouped(ctx, it, Signature{Words: 70}, flags...)
		if err != nil {
			t.Fatal(err)
		}
		if res.StoryID != 0 {
			stories = append(stories, res.StoryID)
		}
		if rng.IntN(6) == 0 && len(stories) > 0 {
			id := stories[rng.IntN(len(stories))]
			cur := mustStory(t, db, id)
			next := NextStatuses(cur.Status)
			ch := StoryChange{Version: cur.Version, Who: "e", At: at, Status: next[rng.IntN(len(next))]}
			if ch.Status == mediawatch.FlagResponded {
				ch.ResponseURL = "https://sonla.gov.vn/1"
			}
			if _, err := db.UpdateStory(ctx, id, ch); err != nil {
				t.Fatal(err)
			}
		}
	}
	for name, q := range map[string]string{
		"items without an existing story": `SELECT COUNT(*) FROM items i LEFT JOIN stories s ON s.id = i.story_id WHERE s.id IS NULL`,
		"stories without items":           `SELECT COUNT(*) FROM stories s WHERE NOT EXISTS (SELECT 1 FROM items i WHERE i.story_id = s.id)`,
		"stories whose last seen is not their newest item's": `SELECT COUNT(*) FROM stories s
			WHERE s.last_seen != (SELECT MAX(first_seen) FROM items i WHERE i.story_id = s.id)`,
		"flags whose status is not their story's": `SELECT COUNT(*) FROM flags f JOIN items i ON i.id = f.item_id
			JOIN stories s ON s.id = i.story_id WHERE f.status != s.status`,
	} {
		var n int
		if err := db.r.QueryRowContext(ctx, q).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("%s: %d", name, n)
		}
	}
	var flagged int
	if err := db.r.QueryRowContext(ctx, `SELECT COUNT(DISTINCT status) FROM flags`).Scan(&flagged); err != nil || flagged < 3 {
		t.Errorf("the mix reached only %d flag statuses (%v): it does not exercise the workflow", flagged, err)
	}
}
