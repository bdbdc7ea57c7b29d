package crawler

import (
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"mediawatch"
)

func TestParseCount(t *testing.T) {
	for in, want := range map[string]int64{
		"987": 987, "1.2K": 1200, "12.3K": 12300, "3.4M": 3400000, "1.25K": 1250, "1B": 1000000000,
		"12 345": 12345, "1,234": 1234, "3\u00a0456": 3456, " 7 ": 7, "0": 0,
		"": 0, ".": 0, "K": 0, "1.2.3": 0, "abc": 0, "-5": 0, "1.2X": 0, "99999999999999999999": 0,
	} {
		if got := parseCount(in); got != want {
			t.Errorf("parseCount(%q) = %d, want %d", in, got, want)
		}
	}
}

func TestPostTitle(t *testing.T) {
	long := strings.Repeat("Thủy điện Sơn La xả lũ ", 12)
	got := postTitle(long + "\nsecond line")
	if n := utf8.RuneCountInString(got); n > maxPostTitle || !strings.HasSuffix(got, "…") || strings.Contains(got, "second") {
		t.Errorf("postTitle(long) = %q (%d characters)", got, n)
	}
	if got := postTitle("Ngắn gọn 🌊\nDòng hai"); got != "Ngắn gọn 🌊" {
		t.Errorf("postTitle = %q", got)
	}
}

func TestPostText(t *testing.T) {
	got := fragmentText(`<p>Nghe nói <a href="/tags/SonLa" class="mention hashtag">#<span>SonLa</span></a> vỡ đập?<br>Dòng hai</p><p><span class="invisible">https://</span><span class="ellipsis">e.vnexpress.net/a</span></p>`)
	want := "Nghe nói #SonLa vỡ đập?\nDòng hai\n\nhttps://e.vnexpress.net/a"
	if got != want {
		t.Errorf("fragmentText = %q, want %q", got, want)
	}
	if got := fragmentText("R&amp;D at Mộc Châu"); got != "R&D at Mộc Châu" {
		t.Errorf("entities: %q", got)
	}
}

// checkPosts holds every post a social parser gives to what ingest
// relies on: an http(s) URL, NFC text, a platform, an id, an account with
// a handle as NormalHandle keeps it, absolute outside links.
func checkPosts(t *testing.T, links []Link, p mediawatch.Platform) {
	t.Helper()
	checkLinks(t, links)
	for _, l := range links {
		if l.Post == nil {
			t.Fatalf("%s: no Post", l.URL)
		}
		if l.Post.Platform != p || l.Post.ID == "" || l.Post.Account.Platform != p || l.Post.Account.Handle == "" {
			t.Errorf("%s: post %+v", l.URL, l.Post)
		}
		if h := l.Post.Account.Handle; mediawatch.NormalHandle(p, h) != h {
			t.Errorf("%s: handle %q is not as NormalHandle keeps it", l.URL, h)
		}
		if l.Title == "" && l.Text == "" {
			t.Errorf("%s: neither title nor text", l.URL)
		}
		for _, s := range []string{l.Text, l.Post.ID, l.Post.Account.Name, l.Post.ForwardedFrom} {
			if !utf8.ValidString(s) || !norm.NFC.IsNormalString(s) {
				t.Errorf("%q is not NFC UTF-8", s)
			}
		}
		if len(l.Post.Links) > maxPostLinks {
			t.Errorf("%s: %d links", l.URL, len(l.Post.Links))
		}
		for _, u := range append([]string{l.Post.Account.URL}, l.Post.Links...) {
			if u != "" && !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") {
				t.Errorf("%s: link %q is not absolute http(s)", l.URL, u)
			}
		}
		if l.Post.Views < 0 || l.Post.Account.Audience < 0 {
			t.Errorf("%s: negative count", l.URL)
		}
	}
}

// wantPost is what a test holds one post to; empty fields are not checked.
type wantPost struct {
	url, title, textHas, id, handle, name, forwarded, published string
	views, audience                                             int64
	links                                                       []string
	pinned                                                      bool
}

func comparePost(t *testing.T, got Link, w wantPost) {
	t.Helper()
	p := got.Post
	if got.URL != w.url {
		t.Errorf("URL = %q, want %q", got.URL, w.url)
	}
	if w.title != "" && got.Title != w.title {
		t.Errorf("%s: Title = %q, want %q", w.url, got.Title, w.title)
	}
	if !strings.Contains(got.Text, w.textHas) {
		t.Errorf("%s: Text = %q, want it to hold %q", w.url, got.Text, w.textHas)
	}
	if w.id != "" && p.ID != w.id {
		t.Errorf("%s: ID = %q, want %q", w.url, p.ID, w.id)
	}
	if w.handle != "" && p.Account.Handle != w.handle {
		t.Errorf("%s: handle = %q, want %q", w.url, p.Account.Handle, w.handle)
	}
	if w.name != "" && p.Account.Name != w.name {
		t.Errorf("%s: account name = %q, want %q", w.url, p.Account.Name, w.name)
	}
	if p.ForwardedFrom != w.forwarded {
		t.Errorf("%s: ForwardedFrom = %q, want %q", w.url, p.ForwardedFrom, w.forwarded)
	}
	if w.published != "" && got.Published.Format("2006-01-02T15:04:05Z07:00") != w.published {
		t.Errorf("%s: Published = %v, want %s", w.url, got.Published, w.published)
	}
	if p.Views != w.views || p.Account.Audience != w.audience || p.Pinned != w.pinned {
		t.Errorf("%s: views %d, audience %d, pinned %v; want %d, %d, %v", w.url, p.Views, p.Account.Audience, p.Pinned, w.views, w.audience, w.pinned)
	}
	if strings.Join(p.Links, " ") != strings.Join(w.links, " ") {
		t.Errorf("%s: Links = %q, want %q", w.url, p.Links, w.links)
	}
}
