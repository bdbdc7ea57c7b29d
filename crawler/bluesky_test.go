package crawler

import (
	"testing"

	"mediawatch"
)

func TestParseBluesky(t *testing.T) {
	links, err := ParseBluesky(readFixture(t, "social", "bluesky-profile.rss"), "application/rss+xml", "https://bsky.app/profile/hoa.taybac.bsky.social/rss")
	if err != nil {
		t.Fatal(err)
	}
	checkPosts(t, links, mediawatch.PlatformBluesky)
	want := []wantPost{
		{url: "https://bsky.app/profile/hoa.taybac.bsky.social/post/3lcxq2vbnk22a", id: "https://bsky.app/profile/hoa.taybac.bsky.social/post/3lcxq2vbnk22a",
			handle: "hoa.taybac.bsky.social", name: "Hoa Tây Bắc 🌸", published: "2026-11-30T09:02:00Z",
			title:   "Chiều nay ở Quỳnh Nhai, nước sông Đà lên nhanh nhưng chưa có chuyện vỡ đập như tin đồn trên mạng.",
			textHas: "trên mạng.\n\nTin chính thức: https://baosonla.vn/",
			links:   []string{"https://baosonla.vn/xa-hoi/thuy-dien-son-la-xa-lu-51YnYvXDR.html"}},
		// A link Bluesky shortened for display is not a link.
		{url: "https://bsky.app/profile/hoa.taybac.bsky.social/post/3lcwz7abcd12k", textHas: "Moc Chau tea hills at sunrise ☕🌄",
			published: "2026-11-29T23:40:00Z"},
	}
	if len(links) != len(want) {
		t.Fatalf("%d posts, want %d", len(links), len(want))
	}
	for i, w := range want {
		comparePost(t, links[i], w)
	}
	if links[0].Post.Account.URL != "https://bsky.app/profile/hoa.taybac.bsky.social" || links[0].Author != "Hoa Tây Bắc 🌸" {
		t.Errorf("account %+v, author %q", links[0].Post.Account, links[0].Author)
	}
}

// TestParseBlueskyWithoutHeader: a feed that names no profile in its
// channel is read from the posts' own URLs; "<" in a post is a word.
func TestParseBlueskyWithoutHeader(t *testing.T) {
	links, err := ParseBluesky([]byte(`<rss version="2.0"><channel><item><link>https://bsky.app/profile/Ten.Example.com/post/3abc</link><description>giá &lt; 5 triệu &amp; tăng</description></item></channel></rss>`), "", "http://127.0.0.1:9/profile/x/rss")
	if err != nil || len(links) != 1 {
		t.Fatalf("%+v, %v", links, err)
	}
	if a := links[0].Post.Account; a.Handle != "ten.example.com" || a.URL != "https://bsky.app/profile/Ten.Example.com" || links[0].Text != "giá < 5 triệu & tăng" {
		t.Errorf("account %+v, text %q", a, links[0].Text)
	}
}

func FuzzParseBluesky(f *testing.F) {
	f.Add(readFixtureF(f, "social", "bluesky-profile.rss"), "")
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		links, err := ParseBluesky(body, contentType, "https://bsky.app/profile/fuzz.bsky.social/rss")
		if err != nil {
			return
		}
		if len(links) > maxSocialItems {
			t.Fatalf("%d links", len(links))
		}
		checkPosts(t, links, mediawatch.PlatformBluesky)
	})
}
