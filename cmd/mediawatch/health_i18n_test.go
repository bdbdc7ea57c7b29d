package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mediawatch/desk"
)

// storedHealth holds one stored example of each warning and error form
// the crawler writes, as crawler/*.go word them.
var storedHealth = []struct {
	warning bool
	stored  string
	key     msgKey
	keep    []string // what the Vietnamese must still say
}{
	{true, "listing cut: 2 of 4 links taken (crawler.max_links is 2)", msgWarnListingCut, []string{"2", "4", "crawler.max_links"}},
	{true, "the feed has no items", msgWarnFeedEmpty, nil},
	{true, `the selector "div.tin a" matched no links on the page`, msgWarnSelectorEmpty, []string{`"div.tin a"`}},
	{true, "the sitemap lists no pages", msgWarnSitemapEmpty, nil},
	{true, "3 of the index's sitemaps could not be read (see the crawl log)", msgWarnSitemapsUnread, []string{"3"}},
	{true, "20 of the index's 31 sitemaps read (at most 20, and crawler.max_links is 1000)", msgWarnSitemapsPartial, []string{"20", "31", "1000"}},
	{true, "2 of 9 links refused: a private address outside the source's own host (first: http://10.1.2.3/tin)", msgWarnRefusedPrivate, []string{"2", "9", "http://10.1.2.3/tin"}},
	{false, "fetch https://bao.example/rss: status 503, retry after 2m0s", msgErrHTTPStatusRetry, []string{"503", "2m0s", "https://bao.example/rss"}},
	{false, "fetch https://bao.example/rss: status 404", msgErrHTTPStatus, []string{"404", "https://bao.example/rss"}},
	{false, "fetch https://bao.example/rss: redirect limit reached: status 302 to https://bao.example/x not followed (at most 5)", msgErrRedirectLimit, []string{"5", "https://bao.example/rss"}},
	{false, "fetch http://10.0.0.5/rss (redirected from https://bao.example/rss): dial tcp 10.0.0.5:80: private address refused (allow_private covers only the source's own host: bao.example on ports 8080, 80 and 443)", msgErrPrivateAddress, []string{"http://10.0.0.5/rss"}},
	{false, "fetch https://bao.example/rss: disallowed by robots.txt", msgErrRobotsDisallowed, []string{"https://bao.example/rss"}},
	{false, "fetch https://bao.example/robots.txt: robots.txt unavailable (status 500)", msgErrRobotsUnavailable, []string{"500", "https://bao.example/robots.txt"}},
	{false, "fetch https://bao.example/rss: host busy until 2026-12-06T09:00:00+07:00 (status 429)", msgErrHostBusy, []string{"2026-12-06T09:00:00+07:00", "429"}},
	{false, "fetch https://bao.example/rss: content length 20000000 over 10485760: response body too large", msgErrTooLarge, []string{"https://bao.example/rss"}},
	{false, `fetch https://bao.example/rss: Get "https://bao.example/rss": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`, msgErrTimeout, []string{"https://bao.example/rss"}},
	{false, "fetch https://bao.example/rss: dial tcp 203.0.113.9:443: connect: connection refused", msgErrConnRefused, []string{"https://bao.example/rss"}},
	{false, "fetch https://bao.example/rss: dial tcp: lookup bao.example: no such host", msgErrNoSuchHost, []string{"https://bao.example/rss"}},
	{false, `fetch https://bao.example/rss: Get "https://bao.example/rss": tls: failed to verify certificate: x509: certificate has expired`, msgErrCertificate, []string{"https://bao.example/rss"}},
	{false, "parse feed: not a feed", msgErrNotFeed, nil},
	{false, "parse sitemap: root element <html>: not a sitemap", msgErrNotSitemap, nil},
	{false, "the channel's web preview shows no posts with text", msgErrChannelEmpty, nil},
	{false, "the listing gave no links", msgErrListingEmpty, nil},
	{false, "this channel has no public web preview (t.me/s/kenhkin shows no posts)", msgErrNoPreview, []string{"t.me/s/kenhkin"}},
	{false, "the video feed lists no videos (a channel or playlist with none, or one taken down)", msgErrVideoEmpty, nil},
	{false, "the Mastodon feed has no posts (a tag nobody used lately, or an account that posts nothing public)", msgErrMastodonEmpty, nil},
	{false, "the Bluesky profile's feed has no posts", msgErrBlueskyEmpty, []string{"Bluesky"}},
	{false, "the Reddit feed has no posts", msgErrRedditEmpty, []string{"Reddit"}},
}

// TestHealthFormsSaidInVietnamese checks that every stored form has an
// example above, that each is recognised as its form and said in
// Vietnamese with what it named, and that English shows it as stored.
func TestHealthFormsSaidInVietnamese(t *testing.T) {
	vi, en := textsFor("vi"), textsFor("en")
	covered := map[msgKey]bool{}
	for _, c := range storedHealth {
		covered[c.key] = true
		var got string
		if c.warning {
			got = healthWarning(vi, c.stored)
			if back := healthWarning(en, c.stored); back != c.stored {
				t.Errorf("en warning %q shown as %q", c.stored, back)
			}
		} else {
			key, _, ok := errorForm(vi, c.stored)
			if !ok || key != c.key {
				t.Errorf("%q: form %d (found %t), want %d", c.stored, key, ok, c.key)
			}
			got = healthError(vi, c.stored)
			if back := healthError(en, c.stored); back != c.stored {
				t.Errorf("en error %q shown as %q", c.stored, back)
			}
		}
		if got == c.stored || got != vi.f(c.key, argsOf(t, c)...) || strings.Contains(got, "%!") {
			t.Errorf("%q said in Vietnamese as %q", c.stored, got)
		}
		for _, k := range c.keep {
			if !strings.Contains(got, k) {
				t.Errorf("%q in Vietnamese (%q) lost %q", c.stored, got, k)
			}
		}
	}
	for form, key := range problemKeys {
		if !covered[key] {
			t.Errorf("form %s has no stored example", form)
		}
		for _, lang := range []string{"en", "vi"} {
			if _, ok := messages[lang][key]; !ok {
				t.Errorf("form %s has no %s sentence", form, lang)
			}
		}
	}
	// Two warnings in one, and one unknown, as the scheduler joins them.
	joined := "the feed has no items; something new went wrong"
	if got := healthWarning(vi, joined); got != "nguồn cấp (feed) không có mục nào; something new went wrong" {
		t.Errorf("joined warning = %q", got)
	}
	if got := healthError(vi, "store: disk I/O error"); got != "store: disk I/O error" {
		t.Errorf("unknown error = %q, want it as stored", got)
	}
}

// argsOf is the catalogue arguments a stored example should be said with.
func argsOf(t *testing.T, c struct {
	warning bool
	stored  string
	key     msgKey
	keep    []string
}) []any {
	t.Helper()
	if c.warning {
		parts := desk.ExplainWarning(c.stored)
		if len(parts) != 1 || parts[0].Form == "" {
			return nil
		}
		return strArgs(parts[0].Args)
	}
	_, args, _ := errorForm(textsFor("vi"), c.stored)
	return args
}

// TestSourcesListHealthInVietnamese crawls a local site whose sources go
// wrong in the ways the crawler words (a 503, a redirect past the limit,
// a listing cut, an empty feed, a page selector that matches nothing, an
// empty sitemap, a page that is no feed, a private address), then lists
// the sources with ui_lang: vi: every warning and error the crawler
// stored is said in Vietnamese in the table, and --json keeps the English.
func TestSourcesListHealthInVietnamese(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			http.NotFound(w, r)
		case "/busy":
			w.WriteHeader(http.StatusServiceUnavailable)
		case "/moved":
			http.Redirect(w, r, "/target", http.StatusFound)
		case "/rss", "/empty":
			n := 4
			if r.URL.Path == "/empty" {
				n = 0
			}
			fmt.Fprint(w, `<rss version="2.0"><channel><title>Tin</title>`)
			for i := range n {
				fmt.Fprintf(w, `<item><title>Tin Sơn La %d</title><link>http://%s/a%d.html</link></item>`, i, r.Host, i)
			}
			fmt.Fprint(w, `</channel></rss>`)
		case "/sitemap.xml":
			w.Header().Set("Content-Type", "application/xml")
			fmt.Fprint(w, `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>`)
		default:
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(w, `<html lang="vi"><body><article><h1>Tin %s</h1><p>Người dân tỉnh Sơn La chuẩn bị cho vụ thu hoạch mận hậu năm nay với nhiều kỳ vọng về giá bán.</p></article></body></html>`, r.URL.Path)
		}
	}))
	defer srv.Close()
	dir := t.TempDir()
	cfg := filepath.Join(dir, "mediawatch.yaml")
	yaml := fmt.Sprintf(`ui_lang: vi
crawler:
  host_delay: 0s
  max_retries: 0
  max_redirects: 0
  max_links: 2
sources:
  - {name: ban-tin, kind: feed, url: '%[1]s/busy', allow_private: true, keep: all}
  - {name: chuyen-trang, kind: feed, url: '%[1]s/moved', allow_private: true, keep: all}
  - {name: dai, kind: feed, url: '%[1]s/rss', allow_private: true, keep: all}
  - {name: trong, kind: feed, url: '%[1]s/empty', allow_private: true, keep: all}
  - {name: trang, kind: page, url: '%[1]s/home', selector: 'div.tin a', allow_private: true, keep: all}
  - {name: so-do, kind: sitemap, url: '%[1]s/sitemap.xml', allow_private: true, keep: all}
  - {name: khong-phai-feed, kind: feed, url: '%[1]s/home', allow_private: true, keep: all}
  - {name: noi-bo, kind: feed, url: '%[1]s/rss', keep: all}
`, srv.URL)
	if err := os.WriteFile(cfg, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	g := &globals{ctx: context.Background(), configPath: cfg, explicitConfig: true, stdout: &stdout, stderr: &stderr}
	data := filepath.Join(dir, "data")
	if err := (&CrawlCmd{DataFlag: DataFlag{Data: data}, Once: true}).Run(g); err == nil {
		t.Fatal("crawl succeeded, want the failing sources named")
	}
	stdout.Reset()
	if err := (&SourcesListCmd{DataFlag: DataFlag{Data: data}, JSON: true}).Run(g); err != nil {
		t.Fatal(err)
	}
	var rows []sourceRow
	if err := json.Unmarshal(stdout.Bytes(), &rows); err != nil {
		t.Fatalf("%v:\n%s", err, stdout.String())
	}
	stdout.Reset()
	if err := (&SourcesListCmd{DataFlag: DataFlag{Data: data}}).Run(g); err != nil {
		t.Fatal(err)
	}
	table := stdout.String()
	if !strings.Contains(table, "CẢNH BÁO") && !strings.Contains(table, "LỖI") {
		t.Errorf("the table is not in Vietnamese:\n%s", table)
	}
	vi := textsFor("vi")
	lines := map[string]string{}
	for _, l := range strings.Split(table, "\n") {
		if f := strings.Fields(l); len(f) > 0 {
			lines[f[0]] = l
		}
	}
	for _, r := range rows {
		h := r.Health
		if h.LastError == "" && h.Warning == "" {
			t.Errorf("%s: no error or warning stored", r.Name)
			continue
		}
		for _, c := range []struct{ stored, said string }{
			{h.LastError, healthError(vi, h.LastError)}, {h.Warning, healthWarning(vi, h.Warning)},
		} {
			if c.stored == "" {
				continue
			}
			if c.said == c.stored {
				t.Errorf("%s: %q is not said in Vietnamese", r.Name, c.stored)
			}
			if strings.ContainsAny(c.stored, "ạảấầẩậắằẳặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđ") {
				t.Errorf("%s: --json holds %q, want the stored English", r.Name, c.stored)
			}
			if head := []rune(c.said)[:20]; !strings.Contains(lines[r.Name], string(head)) {
				t.Errorf("%s: the table row %q does not show %q", r.Name, lines[r.Name], c.said)
			}
		}
	}
	if len(rows) != 8 {
		t.Errorf("%d sources listed, want 8", len(rows))
	}
}

// The report and the alert mails say a stored crawl error in their own
// language through explainError.
func TestExplainErrorForReport(t *testing.T) {
	stored := "fetch https://vtv.vn/rss: status 503"
	if got := explainError("vi", stored); !strings.Contains(got, "mã 503") || strings.Contains(got, "status") {
		t.Errorf("vi: %q", got)
	}
	if got := explainError("en", stored); !strings.Contains(got, "503") {
		t.Errorf("en: %q", got)
	}
}

// The table's means are written with the reader's decimal mark.
func TestFigureInEachLanguage(t *testing.T) {
	if got := desk.FigureIn(textsFor("vi").lang(), 0.857); got != "0,86" {
		t.Errorf("vi: %q", got)
	}
	if got := desk.FigureIn(textsFor("en").lang(), 1.52); got != "1.5" {
		t.Errorf("en: %q", got)
	}
}
