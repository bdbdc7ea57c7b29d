package ingest

import (
	"context"
	"strings"
	"testing"
	"time"

	"mediawatch"
	"mediawatch/store"
)

var (
	tgChannel = mediawatch.Source{Name: "tg-sonla24h", Kind: mediawatch.KindTelegram, URL: "https://t.me/s/sonla24h",
		Keep: mediawatch.KeepAll}
	mastoTag = mediawatch.Source{Name: "masto-sonla", Kind: mediawatch.KindMastodon,
		URL: "https://mastodon.social/tags/sonla.rss", Keep: mediawatch.KeepMentions}
)

// tgPost is a post of the Telegram channel handle.
func tgPost(handle string, n int, text string, links ...string) mediawatch.Article {
	id := handle + "/" + strings.Repeat("1", n)
	return mediawatch.Article{URL: "https://t.me/" + id, Text: text, Post: &mediawatch.Post{
		Platform: mediawatch.PlatformTelegram, ID: id, Views: 1200, Links: links,
		Account: mediawatch.Account{Handle: "@" + strings.ToUpper(handle), Name: " Sơn La  24h ", Audience: 15300},
	}}
}

func mustIngest(t *testing.T, p *Pipeline, src mediawatch.Source, a mediawatch.Article) mediawatch.IngestResult {
	t.Helper()
	if a.Source == "" {
		a.Source = src.Name
	}
	res, err := p.Ingest(context.Background(), src, a)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestPostBecomesAnItemWithItsAccount(t *testing.T) {
	p, db := newPipeline(t)
	ctx := context.Background()
	a := tgPost("sonla24h", 1, "Tin nóng ở Sơn La 🔥 xem bài:",
		"https://t.me/other/5", "https://youtu.be/x", "https://cdn.example/p.jpg",
		"https://WWW.BaoSonLa.vn/tin/1?utm_source=telegram#top", "https://vnexpress.net/2")
	a.Post.ForwardedFrom = "Kênh  gốc"
	res := mustIngest(t, p, tgChannel, a)
	if res.Outcome != mediawatch.OutcomeKept {
		t.Fatalf("outcome %s: %s", res.Outcome, res.Reason)
	}
	it, err := db.Item(ctx, res.ItemID)
	if err != nil {
		t.Fatal(err)
	}
	if it.Platform != mediawatch.PlatformTelegram || it.PostID != "sonla24h/1" || it.Views != 1200 ||
		it.ForwardedFrom != "Kênh gốc" || it.SharedURL != "https://www.baosonla.vn/tin/1" {
		t.Errorf("post item = %+v", it)
	}
	acc := it.Account
	if acc == nil || acc.Key() != "telegram:sonla24h" || acc.Name != "Sơn La 24h" || acc.Audience != 15300 || !acc.Watched {
		t.Fatalf("account = %+v", acc)
	}
	// An article is news, with no account.
	res = mustIngest(t, p, mediawatch.Source{Name: "baosonla", Keep: mediawatch.KeepAll},
		mediawatch.Article{URL: "https://baosonla.vn/x", Title: "Sơn La", Text: "Bài báo"})
	if it, _ := db.Item(ctx, res.ItemID); it.Platform != mediawatch.PlatformNews || it.Account != nil {
		t.Errorf("article = %+v", it)
	}
}

func TestSharedURL(t *testing.T) {
	for _, tc := range []struct {
		links      []string
		post, want string
	}{
		{nil, "https://t.me/a/1", ""},
		// One host, other ports: other sites (a test site, a mirror); the
		// scheme's own port is the site itself.
		{[]string{"http://127.0.0.1:8081/tin/1", "http://127.0.0.1:8082/tin/2"}, "http://127.0.0.1:8081/s/kenh/5", "http://127.0.0.1:8082/tin/2"},
		{[]string{"https://social.vn:443/@kol/9", "https://news.vn/a"}, "https://social.vn/@kol/8", "https://news.vn/a"},
		{[]string{"not a url", "ftp://x.vn/a", "https://t.me/a/2", "https://m.facebook.com/p", "https://bit.ly/x"}, "https://t.me/a/1", ""},
		{[]string{"https://social.vn/@kol/9", "https://tuoitre.vn/a.htm?fbclid=1"}, "https://social.vn/@kol/8", "https://tuoitre.vn/a.htm"},
		{[]string{"https://img.example/x.PNG", "https://baochinhphu.vn/b"}, "https://youtube.com/watch?v=1", "https://baochinhphu.vn/b"},
	} {
		if got := sharedURL(tc.links, tc.post, ""); got != tc.want {
			t.Errorf("sharedURL(%q) = %q, want %q", tc.links, got, tc.want)
		}
	}
}

func TestWatchedAccountsKeepEveryPost(t *testing.T) {
	p, db := newPipeline(t)
	ctx := context.Background()
	mastoPost := func(handle, url, text string) mediawatch.Article {
		return mediawatch.Article{URL: url, Text: text, Post: &mediawatch.Post{Platform: mediawatch.PlatformMastodon,
			ID: url, Account: mediawatch.Account{Handle: handle}}}
	}
	// On a hashtag, a post without a watch term is dropped …
	if res := mustIngest(t, p, mastoTag, mastoPost("kol@mastodon.social", "https://mastodon.social/@kol/1",
		"Hôm nay trời đẹp")); res.Outcome != mediawatch.OutcomeNotMentioned {
		t.Fatalf("unwatched account's post: %s", res.Outcome)
	}
	// … one with a watch term kept, its author recorded but not watched.
	res := mustIngest(t, p, mastoTag, mastoPost("kol@mastodon.social", "https://mastodon.social/@kol/2", "Mưa ở Sơn La"))
	if it, _ := db.Item(ctx, res.ItemID); res.Outcome != mediawatch.OutcomeKept || it.Account == nil || it.Account.Watched {
		t.Fatalf("post with a term: %s, %+v", res.Outcome, it.Account)
	}
	// Once configured as watched, every post of the account is kept.
	if err := db.SetWatchedAccounts(ctx, []mediawatch.Account{{Platform: "mastodon", Handle: "@KOL@mastodon.social"}}); err != nil {
		t.Fatal(err)
	}
	if res := mustIngest(t, p, mastoTag, mastoPost("kol@mastodon.social", "https://mastodon.social/@kol/3",
		"Hôm nay trời đẹp")); res.Outcome != mediawatch.OutcomeKept {
		t.Errorf("watched account's post: %s (%s)", res.Outcome, res.Reason)
	}
	// An account read by a channel source is watched: its posts seen in a
	// hashtag's feed are kept too.
	mustIngest(t, p, tgChannel, tgPost("sonla24h", 1, "Chào buổi sáng"))
	tgTag := mediawatch.Source{Name: "tg-search", Kind: mediawatch.KindTelegram, URL: "https://t.me/s/search",
		Keep: mediawatch.KeepMentions}
	if res := mustIngest(t, p, tgTag, tgPost("sonla24h", 2, "Chào buổi tối")); res.Outcome != mediawatch.OutcomeKept {
		t.Errorf("channel account's post on a search: %s (%s)", res.Outcome, res.Reason)
	}
	// A Mastodon tag kept whole does not make its authors watched.
	wholeTag := mastoTag
	wholeTag.Keep = mediawatch.KeepAll
	res = mustIngest(t, p, wholeTag, mastoPost("other@mastodon.social", "https://mastodon.social/@other/1", "Xin chào"))
	if it, _ := db.Item(ctx, res.ItemID); it.Account == nil || it.Account.Watched {
		t.Errorf("author on a tag kept whole: %+v", it.Account)
	}
}

// storyOfURL is the story of the item stored at url.
func storyOfURL(t *testing.T, db *store.DB, url string) int64 {
	t.Helper()
	it, err := db.ItemByURL(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	return it.StoryID
}

func TestPostJoinsTheStoryOfTheArticleItShares(t *testing.T) {
	const article = "https://baosonla.vn/tin/mua-man"
	plums := storyText(t, "mua-man.txt")
	news := mediawatch.Article{URL: article, Title: "Mộc Châu vào vụ mận hậu", Text: plums}
	share := tgPost("kol", 1, "Đọc ngay 👇", article+"?utm_medium=social")
	for _, order := range []string{"article first", "post first"} {
		t.Run(order, func(t *testing.T) {
			db := openDB(t)
			clk := &clock{t: t0}
			p := storyPipeline(t, db, clk)
			// An unrelated story, so that ids do not agree by chance.
			ingestAt(t, p, clk, t0, "baosonla", mediawatch.Article{URL: "https://baosonla.vn/vo-dap", Title: damTitle,
				Text: storyText(t, "vo-dap.txt")})
			src := map[string]mediawatch.Source{"baosonla": {Name: "baosonla", Keep: mediawatch.KeepAll}, "tg": tgChannel}
			steps := []struct {
				src string
				a   mediawatch.Article
			}{{"baosonla", news}, {"tg", share}}
			if order == "post first" {
				steps[0], steps[1] = steps[1], steps[0]
			}
			for i, s := range steps {
				clk.set(t0.Add(time.Duration(i+1) * time.Hour))
				if res := mustIngest(t, p, src[s.src], s.a); res.Outcome != mediawatch.OutcomeKept {
					t.Fatalf("%s: %s (%s)", s.a.URL, res.Outcome, res.Reason)
				}
			}
			a, post := storyOfURL(t, db, article), storyOfURL(t, db, share.URL)
			if a != post || a == storyOfURL(t, db, "https://baosonla.vn/vo-dap") {
				t.Errorf("article in story %d, the post sharing it in %d", a, post)
			}
		})
	}
}

func TestRumourAcrossPlatformsIsOneStory(t *testing.T) {
	db := openDB(t)
	clk := &clock{t: t0}
	p := storyPipeline(t, db, clk)
	dam := storyText(t, "vo-dap.txt")
	// It starts in a messaging channel …
	tg := tgPost("tinnong", 1, dam)
	tg.Title = damTitle
	clk.set(t0)
	if res := mustIngest(t, p, tgChannel, tg); res.Outcome != mediawatch.OutcomeKept {
		t.Fatalf("telegram: %s", res.Outcome)
	}
	// … is repeated word for word on another channel (a duplicate, as any
	// copy of the same text) …
	again := tgPost("kenhkhac", 1, dam)
	again.Title = damTitle
	if res := mustIngest(t, p, tgChannel, again); res.Outcome != mediawatch.OutcomeDuplicate {
		t.Errorf("the same text elsewhere: %s, want duplicate", res.Outcome)
	}
	// … retold in a video …
	yt := mediawatch.Article{URL: "https://www.youtube.com/watch?v=abc", Title: damTitle, Text: rewrite(dam),
		Post: &mediawatch.Post{Platform: mediawatch.PlatformYouTube, ID: "abc", Views: 5000,
			Account: mediawatch.Account{Handle: "UCxyz", Name: "Kênh Tin Nóng"}}}
	ytSrc := mediawatch.Source{Name: "yt", Kind: mediawatch.KindYouTube, URL: "https://www.youtube.com/feeds/videos.xml?channel_id=UCxyz",
		Keep: mediawatch.KeepAll}
	clk.set(t0.Add(time.Hour))
	mustIngest(t, p, ytSrc, yt)
	// … and reaches a news outlet.
	clk.set(t0.Add(24 * time.Hour))
	mustIngest(t, p, mediawatch.Source{Name: "vnexpress", Keep: mediawatch.KeepAll},
		mediawatch.Article{URL: "https://vnexpress.net/vo-dap", Title: damTitle, Text: dam + "\n(Theo mạng xã hội)"})
	want := storyOfURL(t, db, tg.URL)
	for _, u := range []string{"https://www.youtube.com/watch?v=abc", "https://vnexpress.net/vo-dap"} {
		if got := storyOfURL(t, db, u); got != want {
			t.Errorf("%s in story %d, want the rumour's %d", u, got, want)
		}
	}
	s, err := db.Story(context.Background(), want)
	if err != nil || s.Items != 3 {
		t.Errorf("story %+v, %v: want 3 items", s, err)
	}
	if yt, _ := db.ItemByURL(context.Background(), "https://www.youtube.com/watch?v=abc"); yt.Account == nil ||
		yt.Account.Handle != "UCxyz" || yt.Platform != mediawatch.PlatformYouTube {
		t.Errorf("video = %+v", yt)
	}
}
