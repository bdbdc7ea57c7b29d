package crawler

import (
	"strings"
	"testing"

	"mediawatch"
)

func TestParseYouTube(t *testing.T) {
	links, err := ParseYouTube(readFixture(t, "social", "youtube-channel.xml"), "application/atom+xml; charset=UTF-8",
		"https://www.youtube.com/feeds/videos.xml?channel_id=UCx7Sonla24hTinTucMoiNgay")
	if err != nil {
		t.Fatal(err)
	}
	checkPosts(t, links, mediawatch.PlatformYouTube)
	want := []wantPost{
		{url: "https://www.youtube.com/watch?v=Qm3vT9xK2aA", title: "Sạt lở đất ở Mường La: người dân sơ tán trong đêm 🙏",
			textHas: "Hơn 40 hộ dân đã được sơ tán an toàn.\n\nĐọc thêm:", id: "Qm3vT9xK2aA", handle: "UCx7Sonla24hTinTucMoiNgay",
			name: "Sơn La 24h", published: "2026-11-30T13:05:12Z", views: 45537,
			// The channel's own link (youtube.com/@sonla24h) is not a shared link.
			links: []string{"https://baosonla.vn/xa-hoi/sat-lo-muong-la-so-tan-40-ho-dan-51YnYvXDR.html"}},
		{url: "https://www.youtube.com/watch?v=7-1tNo8HAwk", title: "Son La plum harvest 2026 — farmers expect record prices",
			textHas: "In Moc Chau, Son La province", id: "7-1tNo8HAwk", views: 0},
		// A Short: its own URL, no description, no statistics.
		{url: "https://www.youtube.com/shorts/-INveHwbRz4", title: "#Shorts Chợ phiên Bắc Yên 🌽🐃", id: "-INveHwbRz4"},
	}
	if len(links) != len(want) {
		t.Fatalf("%d posts, want %d", len(links), len(want))
	}
	for i, w := range want {
		comparePost(t, links[i], w)
	}
	if links[0].Image != "https://i2.ytimg.com/vi/Qm3vT9xK2aA/hqdefault.jpg" || links[0].Author != "Sơn La 24h" {
		t.Errorf("image %q, author %q", links[0].Image, links[0].Author)
	}
	if u := links[0].Post.Account.URL; u != "https://www.youtube.com/channel/UCx7Sonla24hTinTucMoiNgay" {
		t.Errorf("account URL %q", u)
	}
}

// TestParseYouTubePlaylist: a playlist's entries belong to the channels
// that published them, not to the playlist's owner.
func TestParseYouTubePlaylist(t *testing.T) {
	links, err := ParseYouTube(readFixture(t, "social", "youtube-playlist.xml"), "", "http://127.0.0.1:8080/feeds/videos.xml?playlist_id=PLs0nLaT1nTuc2026")
	if err != nil {
		t.Fatal(err)
	}
	checkPosts(t, links, mediawatch.PlatformYouTube)
	if len(links) != 1 {
		t.Fatalf("%d posts", len(links))
	}
	comparePost(t, links[0], wantPost{url: "https://www.youtube.com/watch?v=aB3dE5fG7hI", id: "aB3dE5fG7hI",
		handle: "UCvtv24TayBacOfficial0001", name: "VTV24 Tây Bắc", views: 12034, textHas: "Sơn La, Điện Biên"})
}

func TestParseYouTubeRefuses(t *testing.T) {
	for name, body := range map[string]string{
		"html":  "<html><body>Before you continue to YouTube</body></html>",
		"empty": "",
	} {
		if _, err := ParseYouTube([]byte(body), "", "https://www.youtube.com/feeds/videos.xml"); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	// Entries without a video id or channel are nobody's video.
	links, err := ParseYouTube([]byte(`<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>x</title><link href="https://www.youtube.com/watch?v=1"/></entry></feed>`), "", "")
	if err != nil || len(links) != 0 {
		t.Errorf("entry without ids: %v, %v", links, err)
	}
	// A feed whose entry lacks its watch link gets one built from the id.
	links, err = ParseYouTube([]byte(`<feed xmlns="http://www.w3.org/2005/Atom" xmlns:yt="http://www.youtube.com/xml/schemas/2015"><yt:channelId>UCa</yt:channelId><entry><yt:videoId>abc_123</yt:videoId><title>T &amp; U</title></entry></feed>`), "", "")
	if err != nil || len(links) != 1 || links[0].URL != "https://www.youtube.com/watch?v=abc_123" || links[0].Title != "T & U" {
		t.Errorf("built watch URL: %+v, %v", links, err)
	}
}

func FuzzParseYouTube(f *testing.F) {
	f.Add(readFixtureF(f, "social", "youtube-channel.xml"), "")
	f.Add(readFixtureF(f, "social", "youtube-playlist.xml"), "text/xml; charset=utf-8")
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		links, err := ParseYouTube(body, contentType, "https://www.youtube.com/feeds/videos.xml?channel_id=UCfuzz")
		if err != nil {
			return
		}
		if len(links) > maxSocialItems {
			t.Fatalf("%d links", len(links))
		}
		checkPosts(t, links, mediawatch.PlatformYouTube)
		for _, l := range links {
			if strings.ContainsAny(l.Post.ID, " /?#&") {
				t.Errorf("video id %q", l.Post.ID)
			}
		}
	})
}
