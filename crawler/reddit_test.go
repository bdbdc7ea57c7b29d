package crawler

import (
	"testing"

	"mediawatch"
)

func TestParseReddit(t *testing.T) {
	links, err := ParseReddit(readFixture(t, "social", "reddit-subreddit.rss"), "application/atom+xml; charset=UTF-8", "https://www.reddit.com/r/VietNam/.rss")
	if err != nil {
		t.Fatal(err)
	}
	checkPosts(t, links, mediawatch.PlatformReddit)
	want := []wantPost{
		// A text post: its own text without the "submitted by" footer.
		{url: "https://www.reddit.com/r/VietNam/comments/1h3k9zq/thuy_dien_son_la_hom_nay/", id: "t3_1h3k9zq", handle: "u/tuan_sonla",
			title: "Thủy điện Sơn La hôm nay?", published: "2026-11-30T09:12:44Z",
			textHas: "đồn vỡ đập 😟\n\nBáo chính thống: Báo Sơn La",
			links:   []string{"https://baosonla.vn/xa-hoi/thuy-dien-son-la-xa-lu-51YnYvXDR.html"}},
		// A link post: the [link] it shares.
		{url: "https://www.reddit.com/r/VietNam/comments/1h3j0aa/son_la_hydropower_opens_spillway/", id: "t3_1h3j0aa", handle: "u/mekong_news_bot",
			title: "Son La hydropower opens spillway, officials deny dam-failure rumours",
			links: []string{"https://e.vnexpress.net/news/news/son-la-hydropower-spillway-4821337.html"}},
	}
	// The third, deleted by its author, is passed over.
	if len(links) != len(want) {
		t.Fatalf("%d posts, want %d", len(links), len(want))
	}
	for i, w := range want {
		comparePost(t, links[i], w)
	}
	if links[0].Text == "" || links[1].Text != "" {
		t.Errorf("texts %q, %q", links[0].Text, links[1].Text)
	}
	if links[0].Post.Account.URL != "https://www.reddit.com/user/tuan_sonla" {
		t.Errorf("account URL %q", links[0].Post.Account.URL)
	}
}

func TestRedditAgent(t *testing.T) {
	for in, want := range map[string]string{
		"mediawatch/0.1 (+https://github.com/mediawatch/mediawatch; news monitoring)": "server:mediawatch:0.1 (+https://github.com/mediawatch/mediawatch; news monitoring)",
		"mediawatch-test (+http://127.0.0.1/)":                                        "server:mediawatch:1 (+http://127.0.0.1/)",
		"Office mediawatch/2.3":                                                       "server:mediawatch:2.3",
	} {
		if got := redditAgent(in); got != want {
			t.Errorf("redditAgent(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzParseReddit(f *testing.F) {
	f.Add(readFixtureF(f, "social", "reddit-subreddit.rss"), "")
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		links, err := ParseReddit(body, contentType, "https://www.reddit.com/r/fuzz/.rss")
		if err != nil {
			return
		}
		if len(links) > maxSocialItems {
			t.Fatalf("%d links", len(links))
		}
		checkPosts(t, links, mediawatch.PlatformReddit)
	})
}
