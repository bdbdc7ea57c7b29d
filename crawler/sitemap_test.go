package crawler

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"
)

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestParseSitemapNews(t *testing.T) {
	links, children, err := ParseSitemap(readFixture(t, "sitemaps", "news.xml"), "https://news.example/sitemap.xml")
	if err != nil {
		t.Fatal(err)
	}
	want := []Link{
		{URL: "https://news.example/son-la/thuy-dien-1.html", Title: "Thủy điện Sơn La & mùa khô", Lang: "vi",
			Published: time.Date(2024, 5, 6, 1, 30, 0, 0, time.UTC), Image: "https://news.example/img/1.jpg"},
		{URL: "https://news.example/moc-chau-2.html", Published: time.Date(2024, 5, 5, 0, 0, 0, 0, time.UTC)},
		{URL: "https://news.example/relative-3.html"},
	}
	if !reflect.DeepEqual(links, want) {
		t.Errorf("links\n got  %+v\n want %+v", links, want)
	}
	if children != nil {
		t.Errorf("children = %v, want none", children)
	}
}

func TestParseSitemapIndex(t *testing.T) {
	links, children, err := ParseSitemap(readFixture(t, "sitemaps", "index.xml"), "https://news.example/sitemap.xml")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"https://news.example/sitemap-news.xml", "https://news.example/sitemap-2024-05.xml.gz"}
	if len(links) != 0 || !reflect.DeepEqual(children, want) {
		t.Errorf("links %v, children %v; want none and %v", links, children, want)
	}
}

func TestParseSitemapForms(t *testing.T) {
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(`<urlset><url><loc>https://gz.example/1</loc></url></urlset>`))
	zw.Close()
	tests := []struct {
		name, body string
		want       []string
	}{
		{"gzip", gz.String(), []string{"https://gz.example/1"}},
		{"plain text", "https://t.example/1\n\nnot a url\nhttps://t.example/2\r\n", []string{"https://t.example/1", "https://t.example/2"}},
		{"no namespace, bom", "\uFEFF<urlset><url><loc>https://n.example/1</loc></url></urlset>", []string{"https://n.example/1"}},
		{"truncated keeps what was read", `<urlset><url><loc>https://c.example/1</loc></url><url><loc>https://c.exa`, []string{"https://c.example/1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			links, _, err := ParseSitemap([]byte(tt.body), "")
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, l := range links {
				got = append(got, l.URL)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestParseSitemapRefuses(t *testing.T) {
	for name, body := range map[string]string{
		"empty":    "",
		"html":     "<html><body>hi</body></html>",
		"rss":      `<rss version="2.0"><channel></channel></rss>`,
		"text":     "no urls here",
		"bad gzip": "\x1f\x8bnot gzip",
	} {
		t.Run(name, func(t *testing.T) {
			if _, _, err := ParseSitemap([]byte(body), ""); err == nil {
				t.Error("want an error")
			}
		})
	}
}

func TestParseSitemapBound(t *testing.T) {
	var b strings.Builder
	b.WriteString("<urlset>")
	for i := range maxSitemapEntries + 10 {
		fmt.Fprintf(&b, "<url><loc>https://b.example/%d</loc></url>", i)
	}
	b.WriteString("</urlset>")
	links, _, err := ParseSitemap([]byte(b.String()), "")
	if err != nil {
		t.Fatal(err)
	}
	if len(links) != maxSitemapEntries {
		t.Errorf("got %d links, want %d", len(links), maxSitemapEntries)
	}
}

func TestParseW3CTime(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
	}{
		{"2024-05-06", time.Date(2024, 5, 6, 0, 0, 0, 0, time.UTC)},
		{"2024-05-06T08:30+07:00", time.Date(2024, 5, 6, 1, 30, 0, 0, time.UTC)},
		{"2024-05-06T08:30:15.5Z", time.Date(2024, 5, 6, 8, 30, 15, 5e8, time.UTC)},
		{" 2024-05-06 08:30:15 ", time.Date(2024, 5, 6, 8, 30, 15, 0, time.UTC)},
		{"yesterday", time.Time{}},
	}
	for _, tt := range tests {
		if got := parseW3CTime(tt.in); !got.Equal(tt.want) {
			t.Errorf("parseW3CTime(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func FuzzParseSitemap(f *testing.F) {
	f.Add(readFixtureF(f, "sitemaps", "news.xml"))
	f.Add(readFixtureF(f, "sitemaps", "index.xml"))
	f.Add([]byte("https://a.example/1\nhttps://a.example/2"))
	f.Fuzz(func(t *testing.T, body []byte) {
		links, children, err := ParseSitemap(body, "https://fuzz.example/sitemap.xml")
		if err != nil {
			return
		}
		if len(links)+len(children) > maxSitemapEntries {
			t.Fatalf("%d entries", len(links)+len(children))
		}
		checkLinks(t, links)
		checkLinks(t, []Link{{URL: "https://x.example/"}})
		for _, c := range children {
			checkLinks(t, []Link{{URL: c}})
		}
	})
}
