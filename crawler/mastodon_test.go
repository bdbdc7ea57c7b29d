package crawler

import (
	"testing"

	"mediawatch"
)

// TestParseMastodonTag: a tag feed mixes authors from many instances; each
// post's author is read from its link.
func TestParseMastodonTag(t *testing.T) {
	links, err := ParseMastodon(readFixture(t, "social", "mastodon-tag.rss"), "application/rss+xml; charset=utf-8", "https://mastodon.social/tags/sonla.rss")
	if err != nil {
		t.Fatal(err)
	}
	checkPosts(t, links, mediawatch.PlatformMastodon)
	want := []wantPost{
		// Hashtags and mentions are words, not shared links.
		{url: "https://mastodon.social/@linh_tay_bac/113578201475520123", id: "https://mastodon.social/@linh_tay_bac/113578201475520123",
			handle: "linh_tay_bac@mastodon.social", title: "Nghe nói thủy điện #SonLa sắp vỡ đập?? Ai ở Mường La xác nhận giúp với 😨",
			textHas: "😨\n\ncc @baotin", published: "2026-11-30T08:10:02Z"},
		{url: "https://fosstodon.org/@mekong_watch/113577990012345678", handle: "mekong_watch@fosstodon.org",
			textHas: "routine. https://e.vnexpress.net/news/news/son-la-hydropower-spillway-4821337.html #sonla #vietnam",
			links:   []string{"https://e.vnexpress.net/news/news/son-la-hydropower-spillway-4821337.html"}},
	}
	// The third item is empty (its text was deleted): passed over.
	if len(links) != len(want) {
		t.Fatalf("%d posts, want %d", len(links), len(want))
	}
	for i, w := range want {
		comparePost(t, links[i], w)
	}
	if links[1].Image != "https://files.mastodon.social/cache/media_attachments/files/113/577/990/original/spillway.jpg" {
		t.Errorf("image %q", links[1].Image)
	}
	if links[0].Post.Account.Name != "" || links[0].Post.Account.URL != "https://mastodon.social/@linh_tay_bac" {
		t.Errorf("tag feed account %+v", links[0].Post.Account)
	}
}

// TestParseMastodonAccount: an account's feed names the account in its
// channel: the display name comes from there.
func TestParseMastodonAccount(t *testing.T) {
	links, err := ParseMastodon(readFixture(t, "social", "mastodon-account.rss"), "", "https://fosstodon.org/@mekong_watch.rss")
	if err != nil {
		t.Fatal(err)
	}
	checkPosts(t, links, mediawatch.PlatformMastodon)
	if len(links) != 1 {
		t.Fatalf("%d posts", len(links))
	}
	comparePost(t, links[0], wantPost{url: "https://fosstodon.org/@mekong_watch/113577990012345678", handle: "mekong_watch@fosstodon.org",
		name: "Mekong Watch 🌏", textHas: "rumours.\n\nThông tin chính thức: https://sonla.gov.vn/tin-chinh-tri/thong-bao-xa-lu",
		links: []string{"https://sonla.gov.vn/tin-chinh-tri/thong-bao-xa-lu"}})
}

func TestMastodonAccount(t *testing.T) {
	for in, want := range map[string]string{
		"https://mastodon.social/@Linh/1":               "linh@mastodon.social",
		"https://mastodon.social/users/linh/statuses/1": "linh@mastodon.social",
		"https://mastodon.social/@linh@mas.to/1":        "linh@mas.to",
		"https://mastodon.social/@linh.rss":             "linh@mastodon.social",
		"https://mastodon.social/tags/sonla":            "",
		"https://mastodon.social/":                      "",
	} {
		a, ok := mastodonAccount(in)
		if a.Handle != want || ok != (want != "") {
			t.Errorf("mastodonAccount(%q) = %q, %v; want %q", in, a.Handle, ok, want)
		}
	}
}

func FuzzParseMastodon(f *testing.F) {
	f.Add(readFixtureF(f, "social", "mastodon-tag.rss"), "")
	f.Add(readFixtureF(f, "social", "mastodon-account.rss"), "application/rss+xml")
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		links, err := ParseMastodon(body, contentType, "https://mastodon.example/tags/fuzz.rss")
		if err != nil {
			return
		}
		if len(links) > maxSocialItems {
			t.Fatalf("%d links", len(links))
		}
		checkPosts(t, links, mediawatch.PlatformMastodon)
	})
}
