package crawler

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/unicode/norm"

	"mediawatch"
)

func TestExtractArticle(t *testing.T) {
	a, err := Extract(readFixture(t, "pages", "article.html"), "text/html; charset=utf-8", "https://baovidu.example/tin/123")
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct{ field, got, want string }{
		{"URL", a.URL, "https://baovidu.example/tin/123"},
		{"CanonicalURL", a.CanonicalURL, "https://baovidu.example/thoi-su/son-la-thuy-dien-xa-lu-123.html"},
		{"Title", a.Title, "Sơn La: Thủy điện xả lũ, hạ du an toàn"},
		{"Author", a.Author, "Nguyễn Thị Hoa"},
		{"Lang", a.Lang, "vi"},
		{"Image", a.Image, "https://baovidu.example/img/2024/thuy-dien.jpg"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.field, c.got, c.want)
		}
	}
	if want := time.Date(2024, 7, 15, 1, 30, 0, 0, time.UTC); !a.Published.Equal(want) {
		t.Errorf("Published = %v, want %v", a.Published, want)
	}
	for _, want := range []string{
		"Chiều 15/7, nhà máy thủy điện Sơn La mở thêm một cửa xả đáy",
		"không có thiệt hại nào được ghi nhận.\n\n",
		"cung ứng điện cho miền Bắc trong mùa nắng nóng.",
	} {
		if !strings.Contains(a.Text, want) {
			t.Errorf("text lacks %q:\n%s", want, a.Text)
		}
	}
	if strings.Contains(a.Text, "Giấy phép") || strings.Contains(a.Text, "Trang chủ") {
		t.Errorf("text keeps boilerplate:\n%s", a.Text)
	}
	checkArticle(t, a)
}

// checkArticle holds an article to the package's promises.
func checkArticle(t *testing.T, a mediawatch.Article) {
	t.Helper()
	for _, s := range []string{a.URL, a.CanonicalURL, a.Title, a.Text, a.Author, a.Lang, a.Image} {
		if !utf8.ValidString(s) || !norm.NFC.IsNormalString(s) {
			t.Errorf("%q is not NFC UTF-8", s)
		}
		if strings.ContainsRune(s, '\uFEFF') {
			t.Errorf("%q keeps a BOM", s)
		}
	}
	for _, u := range []string{a.CanonicalURL, a.Image} {
		if u != "" && !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") {
			t.Errorf("URL %q is not http(s)", u)
		}
	}
	checkDate(t, a.Published)
}

// vietnamesePage is an article page around body, which is already encoded.
func vietnamesePage(head string, body []byte) []byte {
	var b bytes.Buffer
	b.WriteString("<html><head>" + head + "<title>Tin Sơn La</title></head><body><article><h1>Tin</h1><p>")
	b.Write(body)
	b.WriteString("</p></article></body></html>")
	return b.Bytes()
}

const vietnameseText = "Tỉnh Sơn La khởi công dự án thủy điện nhỏ trên suối Nậm Pàn. Người dân huyện Mai Sơn phấn khởi vì đường sá được mở rộng, việc đi lại dễ dàng hơn. Chính quyền cam kết bảo vệ rừng đầu nguồn và hỗ trợ tái định cư cho các hộ dân ở vùng lòng hồ, bảo đảm cuộc sống ổn định lâu dài."

func TestExtractCharsets(t *testing.T) {
	utf16, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes(vietnamesePage(`<meta charset="utf-16">`, []byte(vietnameseText)))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name        string
		page        []byte
		contentType string
	}{
		{"windows-1258 by meta", vietnamesePage(`<meta charset="windows-1258">`, cp1258(t, vietnameseText)), "text/html"},
		{"windows-1258 by header only", vietnamesePage("", cp1258(t, vietnameseText)), "text/html; charset=windows-1258"},
		{"utf-8 with bom", append([]byte("\uFEFF"), vietnamesePage("", []byte(vietnameseText))...), "text/html"},
		{"nfd text", vietnamesePage(`<meta charset="utf-8">`, []byte(norm.NFD.String(vietnameseText))), ""},
		{"utf-16le with bom", utf16, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Extract(tt.page, tt.contentType, "https://vi.example/1")
			if err != nil {
				t.Fatal(err)
			}
			for _, want := range []string{"Sơn La", "thủy điện", "Nậm Pàn", "ổn định lâu dài"} {
				if !strings.Contains(a.Text, want) {
					t.Errorf("text lacks NFC %q: %q", want, a.Text)
				}
			}
			if a.Title != "Tin Sơn La" && a.Title != "Tin" {
				t.Errorf("Title = %q", a.Title)
			}
			checkArticle(t, a)
		})
	}
}

func TestExtractFallbacks(t *testing.T) {
	page := `<html lang="en-GB"><head><meta property="og:title" content="OG title">
<meta property="og:url" content="https://en.example/og">
<meta property="article:published_time" content="2024-01-02T03:04:05Z"></head>
<body><div><p>` + strings.Repeat("The reservoir level rose again this week after heavy rain upstream. ", 6) + `</p></div></body></html>`
	a, err := Extract([]byte(page), "", "https://en.example/x")
	if err != nil {
		t.Fatal(err)
	}
	if a.CanonicalURL != "https://en.example/og" || a.Lang != "en" || a.Title != "OG title" {
		t.Errorf("got canonical %q, lang %q, title %q", a.CanonicalURL, a.Lang, a.Title)
	}
	if want := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC); !a.Published.Equal(want) {
		t.Errorf("Published = %v, want %v", a.Published, want)
	}
}

func TestExtractRefuses(t *testing.T) {
	big := make([]byte, maxExtractBytes+1)
	if _, err := Extract(big, "text/html", "https://x.example/"); !errors.Is(err, mediawatch.ErrTooLarge) {
		t.Errorf("big page: %v, want ErrTooLarge", err)
	}
	deep := strings.Repeat("<div>", maxExtractDepth+10) + "text"
	if _, err := Extract([]byte(deep), "", "https://x.example/"); err == nil {
		t.Error("deep page: want an error")
	}
	for _, page := range []string{"", "<html><body></body></html>", "<html><body><script>var x=1</script></body></html>"} {
		if a, err := Extract([]byte(page), "", "https://x.example/"); err == nil {
			t.Errorf("Extract(%q) = %+v, want an error", page, a)
		}
	}
}

func TestBlockText(t *testing.T) {
	page := "<body><h2>Head</h2><p>One <b>bold</b>\n word</p><p>Line<br>break</p><ul><li>a</li><li>b</li></ul><table><tr><td>x</td><td>y</td></tr></table></body>"
	root, err := parseHTMLForTest(page)
	if err != nil {
		t.Fatal(err)
	}
	want := "Head\n\nOne bold word\n\nLine\nbreak\n\na\n\nb\n\nx y"
	if got := blockText(root); got != want {
		t.Errorf("blockText = %q, want %q", got, want)
	}
}

func parseHTMLForTest(s string) (*html.Node, error) { return html.Parse(strings.NewReader(s)) }

func FuzzExtract(f *testing.F) {
	f.Add([]byte(`<html lang="vi"><head><title>T</title><link rel="canonical" href="/c"></head><body><article><p>`+vietnameseText+`</p></article></body></html>`), "text/html")
	f.Add([]byte(`<meta charset="windows-1258"><p>S`+"\xf5"+`n La thu`+"\xd2"+`y</p>`), "")
	f.Add([]byte("\xff\xfe<\x00p\x00>\x00x\x00"), "text/html; charset=utf-16")
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		if len(body) > 64<<10 {
			return // keep execs fast: go-trafilatura costs milliseconds a page
		}
		a, err := Extract(body, contentType, "https://fuzz.example/a")
		if err != nil {
			return
		}
		if a.Text == "" {
			t.Fatal("no error and no text")
		}
		checkArticle(t, a)
	})
}
