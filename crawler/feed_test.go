package crawler

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/unicode/norm"

	"mediawatch"
)

func readFixture(t *testing.T, parts ...string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(append([]string{"testdata"}, parts...)...))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseFeed(t *testing.T) {
	tests := []struct {
		name, file, contentType string
		want                    []Link // compared field by field where set
		count                   int
	}{
		{name: "rss 2.0", file: "rss2.xml", count: 3, want: []Link{
			{URL: "https://baovidu.example/thoi-su/son-la-khanh-thanh-thuy-dien-101.html",
				Title:     "Sơn La: Khánh thành nhà máy thủy điện mới",
				Summary:   "Sáng nay, tỉnh Sơn La tổ chức lễ khánh thành nhà máy thủy điện.",
				Author:    "Minh Anh",
				Published: time.Date(2017, 2, 18, 13, 47, 16, 0, time.UTC), Lang: "vi"},
			{URL: "https://feeds.example/du-lich/moc-chau-hoa-man-102.html", Title: "Mộc Châu đón mùa hoa mận",
				Image: "https://feeds.example/img/102.jpg"},
			{URL: "https://baovidu.example/guid-only-103.html", Title: "Bài chỉ có guid"},
		}},
		{name: "rss 1.0", file: "rss1.rdf", count: 1, want: []Link{
			{URL: "https://rdf.example/a1", Title: "Son La dam & reservoir report",
				Summary: "Water levels at the Son La reservoir.", Author: "Jane Roe",
				Published: time.Date(2024, 5, 6, 0, 30, 0, 0, time.UTC), Lang: "en"},
		}},
		{name: "atom", file: "atom.xml", count: 2, want: []Link{
			{URL: "https://feeds.example/tin/lu-quet-1", Title: "Lũ quét ở Sơn La", Summary: "Mưa lớn gây lũ quét.",
				Author: "Trần Văn B", Published: time.Date(2024, 3, 1, 2, 0, 0, 0, time.UTC)},
			{URL: "https://atom.example/tin/2", Summary: "Nội dung đầy đủ.", Published: time.Date(2024, 2, 28, 9, 0, 0, 0, time.UTC)},
		}},
		{name: "json feed", file: "feed.json", contentType: "application/feed+json", count: 2, want: []Link{
			{URL: "https://json.example/bai-1", Title: "Cầu Pá Uôn", Summary: "Cây cầu cao nhất Việt Nam.",
				Author: "Lò Thị C", Image: "https://json.example/1.jpg", Lang: "vi"},
			{URL: "https://json.example/bai-2", Published: time.Date(2024, 1, 3, 0, 0, 0, 0, time.UTC)},
		}},
		{name: "broken xml", file: "broken.xml", count: 2, want: []Link{
			{URL: "https://broken.example/a?x=1&y=2", Title: "Nông nghiệp & du lịch Sơn La", Summary: "Dòng một Dòng hai © Báo"},
		}},
		{name: "banner before rss", file: "banner.xml", count: 1, want: []Link{
			{URL: "https://banner.example/1.html", Title: "Sau dòng banner"},
		}},
		{name: "iso-8859-1 declared", file: "latin1.xml", count: 1, want: []Link{
			{URL: "https://latin.example/1", Title: "Café crème à Paris"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			links, err := ParseFeed(readFixture(t, "feeds", tt.file), tt.contentType, "https://feeds.example/rss")
			if err != nil {
				t.Fatal(err)
			}
			if len(links) != tt.count {
				t.Fatalf("got %d links, want %d: %+v", len(links), tt.count, links)
			}
			for i, w := range tt.want {
				compareLink(t, links[i], w)
			}
			checkLinks(t, links)
		})
	}
}

// compareLink checks the fields of w that are set.
func compareLink(t *testing.T, got, w Link) {
	t.Helper()
	check := func(field, g, w string) {
		if w != "" && g != w {
			t.Errorf("%s = %q, want %q", field, g, w)
		}
	}
	check("URL", got.URL, w.URL)
	check("Title", got.Title, w.Title)
	check("Summary", got.Summary, w.Summary)
	check("Author", got.Author, w.Author)
	check("Lang", got.Lang, w.Lang)
	check("Image", got.Image, w.Image)
	if !w.Published.IsZero() && !got.Published.Equal(w.Published) {
		t.Errorf("Published = %v, want %v", got.Published, w.Published)
	}
}

// checkLinks holds every link to the package's promises: http(s) URLs and
// NFC UTF-8 text.
func checkLinks(t *testing.T, links []Link) {
	t.Helper()
	for _, l := range links {
		if !strings.HasPrefix(l.URL, "http://") && !strings.HasPrefix(l.URL, "https://") {
			t.Errorf("URL %q is not http(s)", l.URL)
		}
		if l.Image != "" && !strings.HasPrefix(l.Image, "http") {
			t.Errorf("Image %q is not http(s)", l.Image)
		}
		for _, s := range []string{l.URL, l.Title, l.Summary, l.Author, l.Lang, l.Image} {
			if !utf8.ValidString(s) || !norm.NFC.IsNormalString(s) {
				t.Errorf("%q is not NFC UTF-8", s)
			}
		}
		checkDate(t, l.Published)
	}
}

// checkDate holds a parsed date to what the store and every face can
// write: none, or a UTC instant in years 1-9999 in every zone.
func checkDate(t *testing.T, d time.Time) {
	t.Helper()
	if !d.IsZero() && (!mediawatch.CleanDate(d).Equal(d) || d.Location() != time.UTC) {
		t.Errorf("date %v is kept, but no zone-safe UTC date", d)
	}
}

func TestParseFeedEncodings(t *testing.T) {
	nfd := norm.NFD.String("Thủy điện Sơn La")
	utf16, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(
		`<?xml version="1.0" encoding="utf-16"?><rss version="2.0"><channel><item><title>Thủy điện Sơn La</title><link>https://u16.example/1</link></item></channel></rss>`)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, body, contentType, title string
	}{
		{"nfd title becomes nfc", `<rss version="2.0"><channel><item><title>` + nfd + `</title><link>https://nfd.example/1</link></item></channel></rss>`, "", "Thủy điện Sơn La"},
		{"windows-1252 by header only", "<rss version=\"2.0\"><channel><item><title>Caf\xe9 \x93quoted\x94</title><link>https://w.example/1</link></item></channel></rss>", "application/rss+xml; charset=windows-1252", "Café “quoted”"},
		{"undeclared latin-1 bytes", "<rss version=\"2.0\"><channel><item><title>na\xefve</title><link>https://w.example/2</link></item></channel></rss>", "", "naïve"},
		{"utf-8 despite a latin-1 header", `<rss version="2.0"><channel><item><title>Sơn La</title><link>https://w.example/3</link></item></channel></rss>`, "text/xml; charset=iso-8859-1", "Sơn La"},
		{"utf-16 with bom", utf16, "", "Thủy điện Sơn La"},
		{"bom and white space", "\uFEFF\n\n  <?xml version=\"1.0\"?><rss version=\"2.0\"><channel><item><title>BOM</title><link>https://bom.example/1</link></item></channel></rss>", "", "BOM"},
		{"truncated", `<rss version="2.0"><channel><item><title>Kept</title><link>https://cut.example/1</link></item><item><title>Cut`, "", "Kept"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			links, err := ParseFeed([]byte(tt.body), tt.contentType, "")
			if err != nil {
				t.Fatal(err)
			}
			if len(links) == 0 || links[0].Title != tt.title {
				t.Fatalf("got %+v, want first title %q", links, tt.title)
			}
			checkLinks(t, links)
		})
	}
}

func TestParseFeedRefuses(t *testing.T) {
	tests := []struct{ name, body string }{
		{"empty", ""},
		{"white space", " \n\t "},
		{"html page", string(readFixture(t, "feeds", "notfeed.html"))},
		{"plain text", "hello, world"},
		{"bad json", `{"version": "https://jsonfeed.org/version/1", "items": [`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			links, err := ParseFeed([]byte(tt.body), "", "https://x.example/")
			if err == nil {
				t.Fatalf("want an error, got %+v", links)
			}
		})
	}
	if _, err := ParseFeed(nil, "", ""); !errors.Is(err, errNotFeed) {
		t.Errorf("empty feed: %v, want errNotFeed", err)
	}
}

func TestParseFeedBoundsItems(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<rss version="2.0"><channel><title>many</title>`)
	for i := range maxFeedItems + 200 {
		fmt.Fprintf(&b, "<item><title>t%d</title><link>https://many.example/%d</link></item>", i, i)
	}
	b.WriteString(`</channel></rss>`)
	links, err := ParseFeed([]byte(b.String()), "", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(links) != maxFeedItems {
		t.Errorf("got %d links, want %d", len(links), maxFeedItems)
	}
}

func FuzzParseFeed(f *testing.F) {
	for _, name := range []string{"rss2.xml", "rss1.rdf", "atom.xml", "feed.json", "broken.xml", "banner.xml", "latin1.xml"} {
		f.Add(readFixtureF(f, "feeds", name), "")
	}
	f.Add([]byte("<rss><channel><item><link>\n /a \n</link></item>"), "text/xml; charset=windows-1258")
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		links, err := ParseFeed(body, contentType, "https://fuzz.example/feed")
		if err != nil {
			return
		}
		if len(links) > maxFeedItems {
			t.Fatalf("%d links", len(links))
		}
		checkLinks(t, links)
	})
}

// readFixtureF is readFixture for fuzz targets.
func readFixtureF(f *testing.F, parts ...string) []byte {
	f.Helper()
	b, err := os.ReadFile(filepath.Join(append([]string{"testdata"}, parts...)...))
	if err != nil {
		f.Fatal(err)
	}
	return b
}
