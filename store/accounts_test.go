package store

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"mediawatch"
)

var t0 = time.Date(2026, 11, 2, 7, 0, 0, 0, time.UTC)

func mustUpsert(t *testing.T, db *DB, a mediawatch.Account, seen time.Time) mediawatch.Account {
	t.Helper()
	got, err := db.UpsertAccount(context.Background(), a, seen)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestUpsertAccountMergesWhatPagesSay(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	first := mustUpsert(t, db, mediawatch.Account{Platform: "Telegram", Handle: "@SonLa24h", Name: "Sơn La 24h",
		URL: "https://t.me/sonla24h", Audience: 12000}, t0)
	if first.ID == 0 || first.Platform != mediawatch.PlatformTelegram || first.Handle != "sonla24h" ||
		!first.FirstSeen.Equal(t0) || !first.LastSeen.Equal(t0) || first.Watched {
		t.Fatalf("first upsert = %+v", first)
	}
	// A later page without a count, name or URL keeps them; watched sets.
	later := mustUpsert(t, db, mediawatch.Account{Platform: "telegram", Handle: "sonla24h", Watched: true}, t0.Add(time.Hour))
	if later.ID != first.ID || later.Audience != 12000 || later.Name != "Sơn La 24h" || later.URL != first.URL ||
		!later.Watched || !later.FirstSeen.Equal(t0) || !later.LastSeen.Equal(t0.Add(time.Hour)) {
		t.Errorf("later upsert = %+v", later)
	}
	// An older post (a backfill) moves neither first nor last seen back;
	// watched stays; a new count replaces the old.
	old := mustUpsert(t, db, mediawatch.Account{Platform: "telegram", Handle: "SONLA24H", Name: "Sơn La 24h ✅",
		Audience: 12500}, t0.Add(-48*time.Hour))
	if old.ID != first.ID || old.Audience != 12500 || old.Name != "Sơn La 24h ✅" || !old.Watched ||
		!old.FirstSeen.Equal(t0) || !old.LastSeen.Equal(t0.Add(time.Hour)) {
		t.Errorf("backfill upsert = %+v", old)
	}
	// YouTube channel ids keep their case: two ids differing in case are two channels.
	a := mustUpsert(t, db, mediawatch.Account{Platform: "youtube", Handle: "UCabc"}, t0)
	b := mustUpsert(t, db, mediawatch.Account{Platform: "youtube", Handle: "UCABC"}, t0)
	if a.ID == b.ID || a.Handle != "UCabc" {
		t.Errorf("youtube ids %+v and %+v are one", a, b)
	}
	got, err := db.AccountByHandle(ctx, "TELEGRAM", "@sonla24H")
	if err != nil || got.ID != first.ID {
		t.Errorf("AccountByHandle = %+v, %v", got, err)
	}
	if got, err := db.Account(ctx, first.ID); err != nil || got != old {
		t.Errorf("Account = %+v, %v; want %+v", got, err, old)
	}
	if _, err := db.Account(ctx, 999); !errors.Is(err, mediawatch.ErrNotFound) {
		t.Errorf("Account(999) = %v, want ErrNotFound", err)
	}
	if _, err := db.AccountByHandle(ctx, "telegram", "nobody"); !errors.Is(err, mediawatch.ErrNotFound) {
		t.Errorf("AccountByHandle(nobody) = %v, want ErrNotFound", err)
	}
	for _, bad := range []mediawatch.Account{{Platform: "telegram", Handle: " @ "}, {Platform: "telegram", Handle: "a b"},
		{Platform: "telegram", Handle: "x", Audience: -1}} {
		if _, err := db.UpsertAccount(ctx, bad, t0); !errors.Is(err, mediawatch.ErrInvalid) {
			t.Errorf("UpsertAccount(%+v) = %v, want ErrInvalid", bad, err)
		}
	}
}

func TestSetWatchedAccountsMarksExactlyTheConfigured(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	db.now = func() time.Time { return t0 }
	old := mustUpsert(t, db, mediawatch.Account{Platform: "telegram", Handle: "dropped", Watched: true}, t0)
	known := mustUpsert(t, db, mediawatch.Account{Platform: "youtube", Handle: "UCkol", Name: "Kênh KOL"}, t0)
	err := db.SetWatchedAccounts(ctx, []mediawatch.Account{
		{Platform: "youtube", Handle: "UCkol", Name: "Tên trong cấu hình"},
		{Platform: "mastodon", Handle: "@Nguoi@mastodon.social", Name: "Người quan sát"},
	})
	if err != nil {
		t.Fatal(err)
	}
	rows, err := db.Accounts(ctx, AccountFilter{Watched: true})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rows {
		got = append(got, r.Key()+"="+r.Name)
	}
	want := fmt.Sprint([]string{"youtube:UCkol=Kênh KOL", "mastodon:nguoi@mastodon.social=Người quan sát"})
	if fmt.Sprint(got) != want {
		t.Errorf("watched = %v, want %v", got, want)
	}
	if a, _ := db.Account(ctx, old.ID); a.Watched {
		t.Errorf("account no longer configured still watched: %+v", a)
	}
	if a, _ := db.Account(ctx, known.ID); !a.Watched || !a.FirstSeen.Equal(t0) {
		t.Errorf("configured account = %+v", a)
	}
	if err := db.SetWatchedAccounts(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if rows, _ := db.Accounts(ctx, AccountFilter{Watched: true}); len(rows) != 0 {
		t.Errorf("watched after an empty list: %+v", rows)
	}
}

// post is a Telegram post by handle at url sharing shared.
func post(handle, url, text, shared string, at time.Time) mediawatch.Item {
	it := copyOf("tg-"+handle, url, text, at)
	it.Platform = mediawatch.PlatformTelegram
	it.Account = &mediawatch.Account{Platform: mediawatch.PlatformTelegram, Handle: handle, Audience: 900}
	it.PostID = handle + "/1"
	it.Views = 150
	it.SharedURL = shared
	return it
}

func TestPostColumnsRoundTrip(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	p := post("sonla24h", "https://t.me/sonla24h/1", "Tin đồn 🚨", "https://baosonla.vn/a/1", t0)
	p.ForwardedFrom = "Kênh gốc"
	res, err := db.SaveItem(ctx, p)
	if err != nil || res.Outcome != mediawatch.OutcomeKept {
		t.Fatalf("SaveItem = %+v, %v", res, err)
	}
	got := mustItem(t, db, res.ItemID)
	if got.Platform != mediawatch.PlatformTelegram || got.AccountID == 0 || got.Account == nil ||
		got.Account.Handle != "sonla24h" || got.Account.Audience != 900 || got.PostID != "sonla24h/1" ||
		got.Views != 150 || got.ForwardedFrom != "Kênh gốc" || got.SharedURL != "https://baosonla.vn/a/1" {
		t.Fatalf("post read back = %+v (account %+v)", got, got.Account)
	}
	// Read again with the same text: views move forward, never back.
	p.Views = 400
	p.FirstSeen = t0.Add(time.Hour)
	if res, _ := db.SaveItem(ctx, p); res.Outcome != mediawatch.OutcomeDuplicate {
		t.Fatalf("same text = %+v", res)
	}
	p.Views = 300
	db.SaveItem(ctx, p)
	if got := mustItem(t, db, res.ItemID); got.Views != 400 || !got.Account.LastSeen.Equal(t0.Add(time.Hour)) {
		t.Errorf("after re-reads: views %d, account %+v", got.Views, got.Account)
	}
	// A new version keeps what it leaves empty.
	p.Text, p.ContentHash, p.Views, p.SharedURL, p.ForwardedFrom = "Tin đồn đã sửa", hashOf("edited"), 0, "", ""
	if res, _ := db.SaveItem(ctx, p); res.Outcome != mediawatch.OutcomeUpdated {
		t.Fatalf("edit = %+v", res)
	}
	got = mustItem(t, db, res.ItemID)
	if got.Views != 400 || got.SharedURL != "https://baosonla.vn/a/1" || got.ForwardedFrom != "Kênh gốc" ||
		got.Platform != mediawatch.PlatformTelegram || got.Account == nil {
		t.Errorf("edited post = %+v", got)
	}
	// An article reads as news, with no account, through every read.
	art := testItem("https://baosonla.vn/a/2", "Bài báo")
	ares, _ := db.SaveItem(ctx, art)
	for name, read := range map[string]func() ([]mediawatch.Item, error){
		"Items":     func() ([]mediawatch.Item, error) { return db.Items(ctx, 0, 10) },
		"ItemsByID": func() ([]mediawatch.Item, error) { return db.ItemsByID(ctx, []int64{res.ItemID, ares.ItemID}) },
	} {
		items, err := read()
		if err != nil || len(items) != 2 {
			t.Fatalf("%s = %d items, %v", name, len(items), err)
		}
		if items[0].Account == nil || items[0].Account.Handle != "sonla24h" || items[1].Platform != mediawatch.PlatformNews ||
			items[1].Account != nil || items[1].AccountID != 0 {
			t.Errorf("%s: %+v / %+v", name, items[0], items[1])
		}
	}
	byURL, err := db.ItemByURL(ctx, p.CanonicalURL)
	if err != nil || byURL.Account == nil || byURL.Platform != mediawatch.PlatformTelegram {
		t.Errorf("ItemByURL = %+v, %v", byURL, err)
	}
}

func TestPostJoinsTheStoryOfTheArticleItShares(t *testing.T) {
	const article = "https://baosonla.vn/a/1"
	t.Run("article first", func(t *testing.T) {
		db, _ := openTest(t)
		a := saveStory(t, db, copyOf("baosonla", article, "Bài báo về đập", t0), 0)
		// Grouping found another story for the post's words: the link wins.
		other := saveStory(t, db, copyOf("vtv", "https://vtv.vn/x", "Chuyện khác", t0), 0)
		p := post("kol", "https://t.me/kol/1", "Xem bài này", article, t0.Add(time.Hour))
		if s := saveStory(t, db, p, other.StoryID); s.StoryID != a.StoryID {
			t.Errorf("post filed in story %d, want the article's %d", s.StoryID, a.StoryID)
		}
		// A second post sharing it joins too, whatever grouping said.
		p2 := post("kol2", "https://t.me/kol2/1", "Chia sẻ lại", article, t0.Add(2*time.Hour))
		if s := saveStory(t, db, p2, 0); s.StoryID != a.StoryID {
			t.Errorf("second post filed in story %d, want %d", s.StoryID, a.StoryID)
		}
		sharing, err := db.ItemsSharing(context.Background(), article)
		if err != nil || len(sharing) != 2 || sharing[0].Account == nil || sharing[0].Account.Handle != "kol" {
			t.Errorf("ItemsSharing = %+v, %v", sharing, err)
		}
	})
	t.Run("posts first", func(t *testing.T) {
		db, _ := openTest(t)
		p := saveStory(t, db, post("kol", "https://t.me/kol/1", "Xem bài này", article, t0), 0)
		p2 := saveStory(t, db, post("kol2", "https://t.me/kol2/7", "Lại bài này", article, t0.Add(time.Minute)), 0)
		if p2.StoryID != p.StoryID {
			t.Errorf("two posts sharing one link: stories %d and %d", p.StoryID, p2.StoryID)
		}
		a := saveStory(t, db, copyOf("baosonla", article, "Bài báo về đập", t0.Add(time.Hour)), 0)
		if a.StoryID != p.StoryID {
			t.Errorf("article filed in story %d, want the posts' %d", a.StoryID, p.StoryID)
		}
		// Grouping that found a story for the article decides.
		other := saveStory(t, db, copyOf("vtv", "https://vtv.vn/x", "Chuyện khác", t0), 0)
		p3 := saveStory(t, db, post("kol3", "https://t.me/kol3/1", "Bài khác", "https://vtv.vn/y", t0), 0)
		if b := saveStory(t, db, copyOf("vtv", "https://vtv.vn/y", "Bài y", t0.Add(time.Hour)), other.StoryID); b.StoryID != other.StoryID || b.StoryID == p3.StoryID {
			t.Errorf("grouped article filed in %d, want %d", b.StoryID, other.StoryID)
		}
	})
}

func TestAccountsListing(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	big := mustUpsert(t, db, mediawatch.Account{Platform: "youtube", Handle: "UCbig", Audience: 50000}, t0)
	quiet := mustUpsert(t, db, mediawatch.Account{Platform: "telegram", Handle: "quiet"}, t0)
	_ = quiet
	// Two accounts of unknown audience: the one with more posts first.
	var ids []int64
	for i, h := range []string{"busy", "busy", "busy", "lone"} {
		it := post(h, fmt.Sprintf("https://t.me/%s/%d", h, i), fmt.Sprintf("bài %d", i), "", t0.Add(time.Duration(i)*time.Hour))
		it.Account.Audience = 0
		var flags []mediawatch.Flag
		if i == 1 {
			flags = []mediawatch.Flag{testFlag("tin-don", mediawatch.SeverityHigh)}
		}
		res, err := db.SaveItem(ctx, it, flags...)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, res.ItemID)
	}
	rows, err := db.Accounts(ctx, AccountFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rows {
		got = append(got, fmt.Sprintf("%s %d/%d", r.Handle, r.Posts, r.Flagged))
	}
	if want := "[UCbig 0/0 busy 3/1 lone 1/0 quiet 0/0]"; fmt.Sprint(got) != want {
		t.Errorf("Accounts = %v, want %s", got, want)
	}
	if rows[1].LastPost != t0.Add(2*time.Hour) || !rows[0].LastPost.IsZero() || rows[0].ID != big.ID {
		t.Errorf("last posts: %+v", rows)
	}
	// Pages follow the same order.
	var paged []string
	for after := ""; ; {
		page, err := db.Accounts(ctx, AccountFilter{Limit: 1, After: after})
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			break
		}
		paged = append(paged, page[0].Handle)
		after = page[0].Cursor()
	}
	if fmt.Sprint(paged) != "[UCbig busy lone quiet]" {
		t.Errorf("paged = %v", paged)
	}
	if rows, _ := db.Accounts(ctx, AccountFilter{Platform: "YouTube"}); len(rows) != 1 || rows[0].ID != big.ID {
		t.Errorf("youtube accounts = %+v", rows)
	}
	if _, err := db.Accounts(ctx, AccountFilter{After: "x"}); !errors.Is(err, mediawatch.ErrInvalid) {
		t.Errorf("bad cursor: %v", err)
	}
	busy, _ := db.AccountByHandle(ctx, "telegram", "busy")
	items, err := db.AccountItems(ctx, busy.ID, 0, 2)
	if err != nil || len(items) != 2 || items[0].ID != ids[2] || items[1].ID != ids[1] ||
		items[1].Severity != mediawatch.SeverityHigh || items[0].Account == nil {
		t.Fatalf("AccountItems = %+v, %v", items, err)
	}
	more, err := db.AccountItems(ctx, busy.ID, items[1].ID, 2)
	if err != nil || len(more) != 1 || more[0].ID != ids[0] {
		t.Errorf("AccountItems page 2 = %+v, %v", more, err)
	}
}

// An account watched because a channel source reads it keeps the mark
// across SetWatchedAccounts (a restart) while that source is configured,
// and loses it once the source is not.
func TestChannelAccountStaysWatched(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	p := post("kenhsonla", "https://t.me/kenhsonla/1", "Bài của kênh", "", t0)
	p.Account.Watched = true
	if _, err := db.SaveItem(ctx, p); err != nil {
		t.Fatal(err)
	}
	if err := db.SetWatchedAccounts(ctx, nil, p.Source); err != nil {
		t.Fatal(err)
	}
	a, err := db.AccountByHandle(ctx, mediawatch.PlatformTelegram, "kenhsonla")
	if err != nil || !a.Watched {
		t.Fatalf("channel's account after a restart = %+v, %v; want watched", a, err)
	}
	if err := db.SetWatchedAccounts(ctx, nil, "another-source"); err != nil {
		t.Fatal(err)
	}
	if a, _ := db.AccountByHandle(ctx, mediawatch.PlatformTelegram, "kenhsonla"); a.Watched {
		t.Errorf("account of a channel no longer read still watched: %+v", a)
	}
}

// A post is pinned as the channel last showed it: read again with the same
// text after the channel unpinned it, it is no longer.
func TestPostPinnedFollowsTheChannel(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	p := post("kenhsonla", "https://t.me/kenhsonla/7", "Bài ghim của kênh", "", t0)
	p.Pinned = true
	res, err := db.SaveItem(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	if got := mustItem(t, db, res.ItemID); !got.Pinned {
		t.Fatalf("pinned post read back unpinned: %+v", got)
	}
	p.Pinned = false
	p.FirstSeen = t0.Add(time.Hour)
	if res, err := db.SaveItem(ctx, p); err != nil || res.Outcome != mediawatch.OutcomeDuplicate {
		t.Fatalf("same text again = %+v, %v", res, err)
	}
	if got := mustItem(t, db, res.ItemID); got.Pinned {
		t.Errorf("post still pinned after the channel unpinned it")
	}
}
