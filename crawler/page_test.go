package crawler

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseListing(t *testing.T) {
	page := readFixture(t, "pages", "listing.html")
	tests := []struct {
		name, selector string
		want           []Link
	}{
		{"anchors", ".news-list a", []Link{
			{URL: "https://site.example/thoi-su/bai-1.html", Title: "Sơn La đón mùa mận"},
			{URL: "https://other.example/bai-2.html", Title: "Bài hai"},
			{URL: "https://site.example/tin/bai-3.html", Title: "Ảnh lũ"},
		}},
		{"containers", "article.teaser", []Link{
			{URL: "https://site.example/kinh-te/teaser-1.html", Title: "Thủy điện Sơn La vượt kế hoạch"},
			{URL: "https://site.example/kinh-te/teaser-2.html", Title: "Cầu Pá Uôn"},
		}},
		{"group selector keeps page order", "article.teaser h3 a, nav a", []Link{
			{URL: "https://site.example/", Title: "Trang chủ"},
			{URL: "https://site.example/lien-he", Title: "Liên hệ"},
			{URL: "https://site.example/kinh-te/teaser-1.html", Title: "Thủy điện Sơn La vượt kế hoạch"},
		}},
		{"no match", ".nothing", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseListing(page, "text/html; charset=utf-8", "https://site.example/tin/", tt.selector)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
			checkLinks(t, got)
		})
	}
}

func TestParseListingBaseElement(t *testing.T) {
	page := `<html><head><base href="https://cdn.example/news/"></head><body><a class="x" href="a.html">A</a></body></html>`
	got, err := ParseListing([]byte(page), "", "https://site.example/", "a.x")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].URL != "https://cdn.example/news/a.html" {
		t.Errorf("got %+v", got)
	}
}

func TestParseListingCharset(t *testing.T) {
	// "Sơn La" in windows-1258: ơ is 0xF5.
	page := "<html><head><meta charset=\"windows-1258\"></head><body><a class=\"x\" href=\"/1\">S\xf5n La</a></body></html>"
	got, err := ParseListing([]byte(page), "text/html", "https://site.example/", "a.x")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Title != "Sơn La" {
		t.Errorf("got %+v", got)
	}
}

func TestParseListingBadSelector(t *testing.T) {
	if _, err := ParseListing([]byte("<a href=x>x</a>"), "", "https://x.example/", "a[[["); err == nil {
		t.Error("want an error for an invalid selector")
	}
}

func TestAbsURL(t *testing.T) {
	base := mustURL(t, "https://site.example/a/b.html")
	tests := []struct{ ref, want string }{
		{"c.html", "https://site.example/a/c.html"},
		{"  \n /x?y=1#frag \n", "https://site.example/x?y=1"},
		{"//cdn.example/i.jpg", "https://cdn.example/i.jpg"},
		{"HTTP://Upper.example/", "http://Upper.example/"},
		{"javascript:alert(1)", ""},
		{"mailto:a@b.c", ""},
		{"data:text/html,hi", ""},
		{"http://", ""},
		{"/q?s=S\xf5n", "https://site.example/q?s=S%F5n"},
		{"/q?s=Sơn", "https://site.example/q?s=S%C6%A1n"},
		{"/đường", "https://site.example/%C4%91%C6%B0%E1%BB%9Dng"},
		{"", ""},
		{strings.Repeat("a", 5000), ""},
	}
	for _, tt := range tests {
		if got := absURL(base, tt.ref); got != tt.want {
			t.Errorf("absURL(%q) = %q, want %q", tt.ref, got, tt.want)
		}
	}
}

func FuzzParseListing(f *testing.F) {
	f.Add(readFixtureF(f, "pages", "listing.html"), ".news-list a")
	f.Add(readFixtureF(f, "pages", "listing.html"), "article.teaser")
	f.Add([]byte(`<base href="//cdn.example/"><a href=" x ">x</a>`), "a")
	f.Fuzz(func(t *testing.T, body []byte, selector string) {
		links, err := ParseListing(body, "text/html", "https://fuzz.example/list/", selector)
		if err != nil {
			return
		}
		checkLinks(t, links)
		seen := map[string]bool{}
		for _, l := range links {
			if seen[l.URL] {
				t.Fatalf("duplicate %q", l.URL)
			}
			seen[l.URL] = true
		}
	})
}
