package crawler

import (
	"errors"
	"strings"
	"testing"

	"mediawatch"
)

func TestParseTelegram(t *testing.T) {
	p, err := ParseTelegram(readFixture(t, "social", "telegram-channel.html"), "text/html; charset=utf-8", "https://t.me/s/sonla24h")
	if err != nil {
		t.Fatal(err)
	}
	checkPosts(t, p.Links, mediawatch.PlatformTelegram)
	if p.Channel != "sonla24h" || p.Title != "Sơn La 24h" || p.Subscribers != 12300 || p.Before != "https://t.me/s/sonla24h?before=1201" {
		t.Errorf("page: channel %q, title %q, subscribers %d, before %q", p.Channel, p.Title, p.Subscribers, p.Before)
	}
	// Newest first. Left out: 1203 (a photo alone), 1205 (the "pinned"
	// service message), 1207 (nothing left of it), otherchannel/77.
	want := []wantPost{
		{url: "https://t.me/sonla24h/1206", textHas: "English summary 🇬🇧: Son La hydropower plant opens another spillway",
			id: "sonla24h/1206", views: 3400000, audience: 12300, published: "2026-11-30T06:05:30Z",
			// @baosonla is a mention on t.me, not a shared link.
			links: []string{"https://e.vnexpress.net/news/news/son-la-hydropower-spillway-4821337.html"}},
		{url: "https://t.me/sonla24h/1204", id: "sonla24h/1204", views: 1200, audience: 12300, pinned: true,
			textHas: "di chuyển tài sản lên cao\n\nTheo Công ty Thủy điện Sơn La, mực nước hồ đã lên 215,3 m",
			// The hashtags (?q=%23…) are the preview's own search, not links.
			links: []string{"https://sonla.gov.vn/tin-chinh-tri/thong-bao-xa-lu"}},
		{url: "https://t.me/sonla24h/1202", title: "Khánh thành cầu Tạ Bú mới nối đôi bờ sông Đà", id: "sonla24h/1202",
			views: 987, audience: 12300, forwarded: "Báo Sơn La", handle: "sonla24h", name: "Sơn La 24h",
			published: "2026-11-30T02:15:00Z", textHas: "nối đôi bờ sông Đà",
			links: []string{"https://baosonla.vn/kinh-te/khanh-thanh-cau-ta-bu-moi-51YnYvXDR.html"}},
	}
	if len(p.Links) != len(want) {
		t.Fatalf("%d posts, want %d: %+v", len(p.Links), len(want), p.Links)
	}
	for i, w := range want {
		comparePost(t, p.Links[i], w)
	}
	long := p.Links[1]
	if !strings.HasPrefix(long.Title, "⚠️ THÔNG BÁO KHẨN") || !strings.HasSuffix(long.Title, "…") || len([]rune(long.Title)) > maxPostTitle {
		t.Errorf("long post's title %q", long.Title)
	}
	if !strings.HasSuffix(long.Text, "#SơnLa #Thủyđiện 🌊") {
		t.Errorf("emoji and hashtags lost: %q", long.Text)
	}
	if img := p.Links[2].Image; img != "https://cdn4.cdn-telegram.org/file/preview-cau-ta-bu.jpg" {
		t.Errorf("link preview image %q", img)
	}
	if u := p.Links[0].Post.Account.URL; u != "https://t.me/sonla24h" {
		t.Errorf("account URL %q", u)
	}
}

// TestParseTelegramOlderPage: an older page (?before=) reads the same way,
// with the link to the page before it; the "Channel created" service
// message is not a post.
func TestParseTelegramOlderPage(t *testing.T) {
	p, err := ParseTelegram(readFixture(t, "social", "telegram-older.html"), "text/html", "http://127.0.0.1:8080/s/sonla24h?before=1201")
	if err != nil {
		t.Fatal(err)
	}
	checkPosts(t, p.Links, mediawatch.PlatformTelegram)
	if len(p.Links) != 2 || p.Before != "http://127.0.0.1:8080/s/sonla24h?before=1195" {
		t.Fatalf("%d posts, before %q", len(p.Links), p.Before)
	}
	// Permalinks are built on the page's own host: a mirror links to itself.
	comparePost(t, p.Links[0], wantPost{url: "http://127.0.0.1:8080/sonla24h/1200", id: "sonla24h/1200", views: 740, audience: 12300,
		textHas: "Giá mận hậu Sơn La"})
	comparePost(t, p.Links[1], wantPost{url: "http://127.0.0.1:8080/sonla24h/1198", id: "sonla24h/1198", views: 5600, audience: 12300,
		textHas: "hoa cải trắng 🌼"})
}

// TestParseTelegramNoPreview: t.me/s/NAME of a channel without a public
// preview redirects to its card; the error says so in words the source's
// health shows.
func TestParseTelegramNoPreview(t *testing.T) {
	_, err := ParseTelegram(readFixture(t, "social", "telegram-nopreview.html"), "text/html", "https://t.me/kenhkin")
	if !errors.Is(err, ErrNoPublicPreview) || err.Error() != "this channel has no public web preview (t.me/s/kenhkin shows no posts)" {
		t.Errorf("err = %v", err)
	}
	// The preview of a channel whose every message is a service message
	// is a preview: no error, no posts.
	p, err := ParseTelegram([]byte(`<section class="tgme_channel_history"><div class="tgme_widget_message service_message" data-post="moi/1"><div class="tgme_widget_message_service">Channel created</div></div></section>`), "", "https://t.me/s/moi")
	if err != nil || len(p.Links) != 0 {
		t.Errorf("new channel: %+v, %v", p, err)
	}
}

func FuzzParseTelegram(f *testing.F) {
	for _, n := range []string{"telegram-channel.html", "telegram-older.html", "telegram-nopreview.html"} {
		f.Add(readFixtureF(f, "social", n), "text/html")
	}
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		p, err := ParseTelegram(body, contentType, "https://t.me/s/fuzz")
		if err != nil {
			return
		}
		if len(p.Links) > maxSocialItems {
			t.Fatalf("%d links", len(p.Links))
		}
		checkPosts(t, p.Links, mediawatch.PlatformTelegram)
		if p.Before != "" && !strings.HasPrefix(p.Before, "https://t.me/") {
			t.Errorf("before link %q leaves the preview's host", p.Before)
		}
	})
}

// TestParseTelegramPinnedByQuote: a pin message that quotes the post
// ("NAME pinned «TEXT…»") and links only the channel marks the post whose
// text it quotes, and no other.
func TestParseTelegramPinnedByQuote(t *testing.T) {
	msg := func(id, text string) string {
		return `<div class="tgme_widget_message_wrap"><div class="tgme_widget_message" data-post="sonla24h/` + id + `">` +
			`<div class="tgme_widget_message_text" dir="auto">` + text + `</div><span class="tgme_widget_message_views">10</span>` +
			`<a class="tgme_widget_message_date" href="https://t.me/sonla24h/` + id + `"><time datetime="2026-11-29T04:30:00+00:00">11:30</time></a></div></div>`
	}
	page := `<section class="tgme_channel_history">` +
		msg("10", "Lịch tiếp dân của Ủy ban tỉnh Sơn La trong tháng 12, mời bà con theo dõi.") +
		`<div class="tgme_widget_message_wrap"><div class="tgme_widget_message service_message" data-post="sonla24h/11">` +
		`<div class="tgme_widget_message_service"><a class="tgme_widget_message_author_name" href="https://t.me/sonla24h">Sơn La 24h</a>` +
		` pinned «<span class="tgme_widget_service_strong_text" dir="auto">Lịch tiếp dân của Ủy ban tỉnh Sơn La trong…</span>»</div>` +
		`<a class="tgme_widget_message_date" href="https://t.me/sonla24h/11"><time datetime="2026-11-29T05:00:00+00:00">12:00</time></a></div></div>` +
		msg("12", "Lịch cắt điện ngày mai ở thành phố Sơn La.") + `</section>`
	p, err := ParseTelegram([]byte(page), "text/html", "https://t.me/s/sonla24h")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, l := range p.Links {
		got[l.Post.ID] = l.Post.Pinned
	}
	if len(got) != 2 || !got["sonla24h/10"] || got["sonla24h/12"] {
		t.Errorf("pinned by post = %v; want only sonla24h/10", got)
	}
}
