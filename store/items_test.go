package store

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"mediawatch"
)

func TestSaveItemOutcomes(t *testing.T) {
	const url = "https://baosonla.vn/a/1"
	full := testItem(url, "Mưa lớn ở Sơn La")
	edited := testItem(url, "Mưa lớn ở Sơn La, sạt lở")
	edited.FirstSeen = full.FirstSeen.Add(time.Hour)
	feed := testItem(url, "feed summary")
	feed.FeedOnly = true
	elsewhere := testItem("https://mirror.vn/copy", "Mưa lớn ở Sơn La, sạt lở")

	db, _ := openTest(t)
	ctx := context.Background()
	for _, tc := range []struct {
		name    string
		it      mediawatch.Item
		outcome mediawatch.Outcome
		version int
		reason  string
	}{
		{"new", full, mediawatch.OutcomeKept, 1, "new item 1"},
		{"same text", full, mediawatch.OutcomeDuplicate, 1, "same text as item 1"},
		{"edited", edited, mediawatch.OutcomeUpdated, 2, "version 2"},
		{"feed only never downgrades", feed, mediawatch.OutcomeDuplicate, 2, "full text"},
		{"same text at another URL", elsewhere, mediawatch.OutcomeDuplicate, 2, "item 1 at " + url},
		{"the text as first published, at another URL", testItem("https://mirror.vn/early", "Mưa lớn ở Sơn La"), mediawatch.OutcomeDuplicate, 2, "item 1 at " + url},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := db.SaveItem(ctx, tc.it)
			if err != nil {
				t.Fatal(err)
			}
			if res.Outcome != tc.outcome || res.ItemID != 1 || res.Version != tc.version ||
				!strings.Contains(res.Reason, tc.reason) {
				t.Errorf("SaveItem = %+v, want %s of item 1 version %d, reason with %q",
					res, tc.outcome, tc.version, tc.reason)
			}
		})
	}
	if n, _ := db.CountItems(ctx); n != 1 {
		t.Errorf("CountItems = %d, want 1", n)
	}
	got, err := db.Item(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if got.Text != edited.Text || got.Version != 2 || !got.FirstSeen.Equal(full.FirstSeen) ||
		!got.UpdatedAt.Equal(edited.FirstSeen) || got.FeedOnly {
		t.Errorf("Item after edit = %+v", got)
	}
}

func TestSaveItemHashDuplicateAtAnotherURL(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	a := testItem("https://a.vn/1", "cùng một bài")
	if _, err := db.SaveItem(ctx, a); err != nil {
		t.Fatal(err)
	}
	b := testItem("https://b.vn/syndicated", "cùng một bài")
	res, err := db.SaveItem(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	if res.Outcome != mediawatch.OutcomeDuplicate || res.ItemID != 1 || !strings.Contains(res.Reason, "https://a.vn/1") {
		t.Errorf("SaveItem of the same text elsewhere = %+v", res)
	}
	if _, err := db.ItemByURL(ctx, b.CanonicalURL); !errors.Is(err, mediawatch.ErrNotFound) {
		t.Errorf("ItemByURL of the duplicate: err = %v, want ErrNotFound", err)
	}
}

func TestSaveItemFeedOnlyUpgradesToFullText(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	feed := testItem("https://a.vn/1", "tóm tắt")
	feed.FeedOnly, feed.Summary, feed.Image, feed.Author = true, "tóm tắt", "https://a.vn/i.jpg", "PV"
	if _, err := db.SaveItem(ctx, feed); err != nil {
		t.Fatal(err)
	}
	full := testItem("https://a.vn/1", "toàn văn bài báo")
	full.Published = time.Time{} // the page did not say; the feed's date stays
	res, err := db.SaveItem(ctx, full)
	if err != nil {
		t.Fatal(err)
	}
	if res.Outcome != mediawatch.OutcomeUpdated || res.Version != 2 {
		t.Fatalf("full text after feed summary: %+v, want updated to version 2", res)
	}
	got, err := db.ItemByURL(ctx, "https://a.vn/1")
	if err != nil {
		t.Fatal(err)
	}
	if got.FeedOnly || got.Text != full.Text || got.Summary != "tóm tắt" || got.Image != feed.Image ||
		got.Author != "PV" || !got.Published.Equal(feed.Published) {
		t.Errorf("item after upgrade = %+v", got)
	}
	// And now a feed summary cannot take it back.
	feed2 := feed
	feed2.Text, feed2.ContentHash = "tóm tắt mới", hashOf("tóm tắt mới")
	if res, _ := db.SaveItem(ctx, feed2); res.Outcome != mediawatch.OutcomeDuplicate {
		t.Errorf("feed summary over full text: %+v, want duplicate", res)
	}
}

func TestItemVersionsOldestFirst(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	texts := []string{"v1", "v2", "v3", "v4"}
	for i, text := range texts {
		it := testItem("https://a.vn/1", text)
		it.FirstSeen = it.FirstSeen.Add(time.Duration(i) * time.Minute)
		res, err := db.SaveItem(ctx, it)
		if err != nil {
			t.Fatal(err)
		}
		if res.Version != i+1 {
			t.Fatalf("save %d: version %d", i, res.Version)
		}
	}
	vs, err := db.ItemVersions(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != len(texts) {
		t.Fatalf("ItemVersions returned %d, want %d", len(vs), len(texts))
	}
	base := testItem("", "").FirstSeen
	for i, v := range vs {
		if v.ItemID != 1 || v.Version != i+1 || v.Text != texts[i] || v.ContentHash != hashOf(texts[i]) ||
			!v.SeenAt.Equal(base.Add(time.Duration(i)*time.Minute)) {
			t.Errorf("version %d = %+v", i+1, v)
		}
	}
	if _, err := db.ItemVersions(ctx, 42); !errors.Is(err, mediawatch.ErrNotFound) {
		t.Errorf("ItemVersions of unknown item: err = %v, want ErrNotFound", err)
	}
}

// TestSaveItemConcurrentSameURL races 8 saves of one URL through two handles
// on one file, as two processes would be.
func TestSaveItemConcurrentSameURL(t *testing.T) {
	db, path := openTest(t)
	ctx := context.Background()
	other, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	var wg sync.WaitGroup
	results := make([]mediawatch.IngestResult, 8)
	errs := make([]error, 8)
	for g := range 8 {
		h := db
		if g%2 == 1 {
			h = other
		}
		wg.Go(func() {
			results[g], errs[g] = h.SaveItem(ctx, testItem("https://a.vn/hot", "same text"))
		})
	}
	wg.Wait()
	kept := 0
	for g := range 8 {
		if errs[g] != nil {
			t.Fatalf("goroutine %d: %v", g, errs[g])
		}
		if results[g].Outcome == mediawatch.OutcomeKept {
			kept++
		}
	}
	if n, _ := db.CountItems(ctx); n != 1 || kept != 1 {
		t.Errorf("CountItems = %d, kept = %d; want exactly one item", n, kept)
	}
}

func TestItemLookups(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	for i := range 5 {
		if _, err := db.SaveItem(ctx, testItem(fmt.Sprintf("https://a.vn/%d", i), fmt.Sprint("text ", i))); err != nil {
			t.Fatal(err)
		}
	}
	t.Run("Item not found", func(t *testing.T) {
		if _, err := db.Item(ctx, 99); !errors.Is(err, mediawatch.ErrNotFound) {
			t.Errorf("err = %v, want ErrNotFound", err)
		}
	})
	t.Run("ItemByURL round trip", func(t *testing.T) {
		want := testItem("https://a.vn/3", "text 3")
		want.ID, want.Version, want.UpdatedAt = 4, 1, want.FirstSeen
		want.StoryID = 4                        // every item saved alone starts a story of its own
		want.Platform = mediawatch.PlatformNews // an article saved with no platform reads back as news
		got, err := db.ItemByURL(ctx, want.CanonicalURL)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("ItemByURL =\n%+v\nwant\n%+v", got, want)
		}
	})
	t.Run("FirstSeen", func(t *testing.T) {
		first, ok, err := db.FirstSeen(ctx, "https://a.vn/0")
		if err != nil || !ok || !first.Equal(testItem("", "").FirstSeen) {
			t.Errorf("FirstSeen = %v, %v, %v", first, ok, err)
		}
		if _, ok, err := db.FirstSeen(ctx, "https://nowhere.vn/"); ok || err != nil {
			t.Errorf("FirstSeen of unknown URL: ok = %v, err = %v", ok, err)
		}
	})
	t.Run("Items pages by id", func(t *testing.T) {
		var ids []int64
		for after := int64(0); ; {
			page, err := db.Items(ctx, after, 2)
			if err != nil {
				t.Fatal(err)
			}
			if len(page) == 0 {
				break
			}
			for _, it := range page {
				ids = append(ids, it.ID)
			}
			after = page[len(page)-1].ID
		}
		if fmt.Sprint(ids) != "[1 2 3 4 5]" {
			t.Errorf("ids = %v", ids)
		}
	})
}

func TestSaveItemRefusesInvalid(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	noURL := testItem("", "x")
	noTime := testItem("https://a.vn/1", "x")
	noTime.FirstSeen = time.Time{}
	for name, it := range map[string]mediawatch.Item{"no url": noURL, "no first seen": noTime} {
		t.Run(name, func(t *testing.T) {
			if _, err := db.SaveItem(ctx, it); !errors.Is(err, mediawatch.ErrInvalid) {
				t.Errorf("err = %v, want ErrInvalid", err)
			}
		})
	}
}

// TestPublishedRoundTripsAnyYear: a date a parser can produce, read in any
// zone — year 1, 9999, one that is in year 0 or 10000 in UTC — or further
// out, is stored and read back as the same instant, never refused.
func TestPublishedRoundTripsAnyYear(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	west, east := time.FixedZone("-05", -5*3600), time.FixedZone("+07", 7*3600)
	dates := map[string]time.Time{
		"9999-12-31 west of UTC": time.Date(9999, 12, 31, 23, 0, 0, 0, west),
		"0001-01-01 east of UTC": time.Date(1, 1, 1, 0, 0, 0, 0, east),
		"year 9999":              time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC),
		"year 1":                 time.Date(1, 1, 1, 0, 0, 1, 0, time.UTC),
		"year 2300":              time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC),
		"year 12000":             time.Date(12000, 2, 29, 1, 2, 3, 4, time.UTC),
		"year -44":               time.Date(-44, 3, 15, 0, 0, 0, 0, time.UTC),
	}
	i := 0
	for name, d := range dates {
		t.Run(name, func(t *testing.T) {
			i++
			it := testItem(fmt.Sprintf("https://a.vn/far/%d", i), name)
			it.Published = d
			res, err := db.SaveItem(ctx, it)
			if err != nil {
				t.Fatal(err)
			}
			got, err := db.ItemsByID(ctx, []int64{res.ItemID})
			if err != nil || len(got) != 1 {
				t.Fatalf("read back: %v, %d items", err, len(got))
			}
			if !got[0].Published.Equal(d) {
				t.Errorf("published %v, want %v", got[0].Published, d)
			}
		})
	}
}

func TestUniqueViolationIsRecognised(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	if _, err := db.SaveItem(ctx, testItem("https://a.vn/1", "x")); err != nil {
		t.Fatal(err)
	}
	_, err := db.w.ExecContext(ctx, `INSERT INTO items (source, url, canonical_url, first_seen, updated_at)
		VALUES ('a', 'u', 'https://a.vn/1', '', '')`)
	if !isUniqueViolation(err) {
		t.Errorf("isUniqueViolation(%v) = false", err)
	}
	if isUniqueViolation(context.Canceled) {
		t.Error("isUniqueViolation(context.Canceled) = true")
	}
}

// TestVersionTextWrittenOnce: a current version's title and text live on
// its item only, and move to the version's row when an edit replaces it;
// every version and every flag still reads its own — in a store written
// this way and in one from before, whose current versions hold a copy.
func TestVersionTextWrittenOnce(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	const url = "https://baosonla.vn/a/1"
	var id int64
	for i, text := range []string{"Sơn La mưa lớn", "Sơn La mưa lớn, sạt lở", "Sơn La: sạt lở ở Mường La"} {
		it := testItem(url, text)
		it.Title = fmt.Sprintf("Bản %d", i+1)
		it.FirstSeen = it.FirstSeen.Add(time.Duration(i) * time.Hour)
		res, err := db.SaveItem(ctx, it, testFlag(fmt.Sprintf("r%d", i+1), mediawatch.SeverityLow))
		if err != nil {
			t.Fatal(err)
		}
		id = res.ItemID
	}
	stored := func() (rows []string) {
		t.Helper()
		r, err := db.r.QueryContext(ctx, `SELECT title, text FROM item_versions WHERE item_id = ? ORDER BY version`, id)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		for r.Next() {
			var title, text string
			if err := r.Scan(&title, &text); err != nil {
				t.Fatal(err)
			}
			rows = append(rows, title+"|"+text)
		}
		return rows
	}
	want := []string{"Bản 1|Sơn La mưa lớn", "Bản 2|Sơn La mưa lớn, sạt lở", "|"}
	if got := stored(); !slices.Equal(got, want) {
		t.Errorf("version rows = %q, want %q (the current one's text on the item only)", got, want)
	}
	check := func(when string) {
		t.Helper()
		vs, err := db.ItemVersions(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		for i, v := range vs {
			if v.Title != fmt.Sprintf("Bản %d", i+1) || v.Text != []string{"Sơn La mưa lớn", "Sơn La mưa lớn, sạt lở", "Sơn La: sạt lở ở Mường La"}[i] {
				t.Errorf("%s: version %d = %q %q", when, v.Version, v.Title, v.Text)
			}
		}
		page, err := db.Flags(ctx, FlagFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Flags) != 3 {
			t.Fatalf("%s: %d flags, want 3", when, len(page.Flags))
		}
		for _, f := range page.Flags {
			if want := fmt.Sprintf("Bản %d", f.ItemVersion); f.Title != want {
				t.Errorf("%s: flag of version %d titled %q, want %q", when, f.ItemVersion, f.Title, want)
			}
		}
	}
	check("written once")
	// A store from before this layout copied the current version too.
	if _, err := db.w.ExecContext(ctx, `UPDATE item_versions SET title = 'Bản 3', text = 'Sơn La: sạt lở ở Mường La'
		WHERE item_id = ? AND version = 3`, id); err != nil {
		t.Fatal(err)
	}
	check("an older store")
	checkConsistency(t, db)
}

// TestSaveLookupsSearchIndexes: the lookups each new item makes — its URL
// among the items, its text's hash among every version — search an index
// rather than scan a table that holds the whole store (and the index on
// items' own hash, which none of them used, is gone: migration 0019).
func TestSaveLookupsSearchIndexes(t *testing.T) {
	sqliteOnly(t, "reads SQLite's query plans")
	db, _ := openTest(t)
	ctx := context.Background()
	for _, q := range []string{sqlItemAtURL, sqlSameText} {
		rows, err := db.w.QueryContext(ctx, "EXPLAIN QUERY PLAN "+q, "x")
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		for _, step := range plan {
			if strings.HasPrefix(step, "SCAN") {
				t.Errorf("%s\nscans a table: %q", q, plan)
			}
		}
	}
	var n int
	if err := db.w.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master WHERE name = 'items_content_hash'`).Scan(&n); err != nil || n != 0 {
		t.Errorf("items_content_hash: %d, %v; want it dropped", n, err)
	}
}
