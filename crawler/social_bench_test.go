package crawler

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// The social parsers' cost on one core, in posts parsed per second, on
// documents the size the platforms serve: a YouTube feed of 15 videos, a
// Telegram preview page of 20 posts, a Mastodon tag feed of 20 statuses, a
// Bluesky profile feed of 30 posts, a Reddit feed of 25 entries. Run:
//
//	go test -run '^$' -bench 'Parse(YouTube|Telegram|Mastodon|Bluesky|Reddit)$' -benchtime 2s -cpu 1 ./crawler/

// repeatBetween builds a document from fixture name: its text up to the
// first open tag, n copies of the part from there to the last close tag
// (each with "%d" made unique by fmt), and the rest.
func repeatBetween(b *testing.B, name, open, close string, n int, unique func(part string, i int) string) []byte {
	b.Helper()
	doc, err := os.ReadFile(filepath.Join("testdata", "social", name))
	if err != nil {
		b.Fatal(err)
	}
	i, j := bytes.Index(doc, []byte(open)), bytes.LastIndex(doc, []byte(close))
	if i < 0 || j < 0 {
		b.Fatalf("%s: no %s…%s", name, open, close)
	}
	j += len(close)
	var out bytes.Buffer
	out.Write(doc[:i])
	part := string(doc[i:j])
	for k := 0; k < n; k++ {
		out.WriteString(unique(part, k))
	}
	out.Write(doc[j:])
	return out.Bytes()
}

func benchPosts(b *testing.B, body []byte, want int, parse func([]byte) (int, error)) {
	b.Helper()
	n, err := parse(body)
	if err != nil || n < want {
		b.Fatalf("%d posts, %v; want at least %d", n, err, want)
	}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := parse(body); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "posts/s")
}

// suffixIDs makes the ids in part unique for copy i.
func suffixIDs(pairs ...string) func(string, int) string {
	return func(part string, i int) string {
		for k := 0; k+1 < len(pairs); k += 2 {
			part = replaceAll(part, pairs[k], fmt.Sprintf(pairs[k+1], i))
		}
		return part
	}
}

func replaceAll(s, old, new string) string {
	return string(bytes.ReplaceAll([]byte(s), []byte(old), []byte(new)))
}

func BenchmarkParseYouTube(b *testing.B) {
	// The fixture has 3 entries; 5 copies make a real feed's 15.
	body := repeatBetween(b, "youtube-channel.xml", "<entry>", "</entry>", 5,
		suffixIDs("Qm3vT9xK2aA", "Qm3vT9xK%02d", "7-1tNo8HAwk", "7-1tNo8H%03d", "-INveHwbRz4", "-INveHwb%03d"))
	benchPosts(b, body, 15, func(d []byte) (int, error) {
		l, err := ParseYouTube(d, "text/xml; charset=UTF-8", "https://www.youtube.com/feeds/videos.xml?channel_id=UCx7Sonla24hTinTucMoiNgay")
		return len(l), err
	})
}

func BenchmarkParseTelegram(b *testing.B) {
	// 3 posts (and 5 skipped messages) a copy; 7 copies: 21 posts, as a
	// preview page shows about 20.
	body := repeatBetween(b, "telegram-channel.html", `<div class="tgme_widget_message_wrap`, "</div></div>\n<div class=\"tgme_widget_message_wrap js-widget_message_wrap\"><div class=\"tgme_widget_message text_not_supported_wrap js-widget_message\" data-post=\"otherchannel/77\">", 7,
		suffixIDs("sonla24h/120", "sonla24h/%d20"))
	benchPosts(b, body, 20, func(d []byte) (int, error) {
		p, err := ParseTelegram(d, "text/html; charset=utf-8", "https://t.me/s/sonla24h")
		return len(p.Links), err
	})
}

func BenchmarkParseMastodon(b *testing.B) {
	// 2 posts (and an empty one) a copy; 10 copies: 20, Mastodon's page.
	body := repeatBetween(b, "mastodon-tag.rss", "<item>", "</item>", 10,
		suffixIDs("/1135", "/%d1135"))
	benchPosts(b, body, 20, func(d []byte) (int, error) {
		l, err := ParseMastodon(d, "application/rss+xml; charset=utf-8", "https://mastodon.social/tags/sonla.rss")
		return len(l), err
	})
}

func BenchmarkParseBluesky(b *testing.B) {
	// 2 posts (and an empty one) a copy; 15 copies: 30.
	body := repeatBetween(b, "bluesky-profile.rss", "<item>", "</item>", 15,
		suffixIDs("/post/3lc", "/post/%d3lc"))
	benchPosts(b, body, 30, func(d []byte) (int, error) {
		l, err := ParseBluesky(d, "application/rss+xml", "https://bsky.app/profile/hoa.taybac.bsky.social/rss")
		return len(l), err
	})
}

func BenchmarkParseReddit(b *testing.B) {
	// 2 posts (and a deleted one) a copy; 13 copies: 26, about Reddit's 25.
	body := repeatBetween(b, "reddit-subreddit.rss", "<entry>", "</entry>", 13,
		suffixIDs("1h3", "%d1h3"))
	benchPosts(b, body, 25, func(d []byte) (int, error) {
		l, err := ParseReddit(d, "application/atom+xml; charset=UTF-8", "https://www.reddit.com/r/VietNam/.rss")
		return len(l), err
	})
}
