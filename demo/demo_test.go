package demo

import (
	"bytes"
	"encoding/xml"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"

	"mediawatch"
)

func start(t *testing.T) *Site {
	t.Helper()
	s, err := Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

type page struct {
	status int
	header http.Header
	body   []byte
}

func get(t *testing.T, u string, hdr ...string) page {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return page{resp.StatusCode, resp.Header, b}
}

var (
	reHref    = regexp.MustCompile(`<a href="([^"]+)"`)
	reNewsUL  = regexp.MustCompile(`(?s)<ul class="news-list">(.*?)</ul>`)
	reArticle = regexp.MustCompile(`(?s)<article[^>]*>(.*?)</article>`)
	rePara    = regexp.MustCompile(`(?s)<p>(.*?)</p>`)
	reTag     = regexp.MustCompile(`<[^>]+>`)
)

// listed returns the article URLs each source lists, parsing feeds and
// sitemaps leniently (the RSS feed is broken on purpose).
func listed(t *testing.T, s *Site) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, src := range s.Sources() {
		p := get(t, src.URL)
		if p.status != 200 {
			t.Fatalf("%s: status %d", src.URL, p.status)
		}
		var links []string
		switch {
		case src.Kind.Social():
			links = listedPosts(t, src)
		case src.Kind == mediawatch.KindPage:
			m := reNewsUL.FindSubmatch(p.body)
			if m == nil {
				t.Fatalf("%s: no ul.news-list", src.URL)
			}
			base, _ := url.Parse(src.URL)
			for _, h := range reHref.FindAllSubmatch(m[1], -1) {
				ref, _ := url.Parse(html.UnescapeString(string(h[1])))
				links = append(links, base.ResolveReference(ref).String())
			}
		default:
			d := xml.NewDecoder(bytes.NewReader(p.body))
			d.Strict, d.AutoClose, d.Entity = false, []string{"br"}, xml.HTMLEntity
			var inLink bool
			for {
				tok, err := d.Token()
				if err == io.EOF {
					break
				} else if err != nil {
					t.Fatalf("%s: lenient parse: %v", src.URL, err)
				}
				switch x := tok.(type) {
				case xml.StartElement:
					inLink = x.Name.Local == "loc" || (x.Name.Local == "link" && x.Name.Space == "")
					if x.Name.Local == "link" {
						for _, a := range x.Attr {
							if a.Name.Local == "href" && strings.Contains(a.Value, ".html") {
								links = append(links, a.Value)
							}
						}
					}
				case xml.CharData:
					if v := strings.TrimSpace(string(x)); inLink && strings.HasSuffix(v, ".html") {
						links = append(links, v)
					}
				case xml.EndElement:
					inLink = false
				}
			}
		}
		if len(links) < 8 {
			t.Errorf("%s lists only %d articles", src.Name, len(links))
		}
		for _, l := range links {
			out[l] = src.Name
		}
	}
	return out
}

func articleText(body []byte) (paras []string) {
	m := reArticle.FindSubmatch(body)
	if m == nil {
		return nil
	}
	for _, p := range rePara.FindAllSubmatch(m[1], -1) {
		paras = append(paras, html.UnescapeString(reTag.ReplaceAllString(string(p[1]), "")))
	}
	return paras
}

// decoded returns a page's text as UTF-8 NFC, whatever it was served as.
func decoded(t *testing.T, p page) string {
	t.Helper()
	b := p.body
	if strings.Contains(p.header.Get("Content-Type"), "windows-1258") {
		var err error
		if b, err = charmap.Windows1258.NewDecoder().Bytes(b); err != nil {
			t.Fatal(err)
		}
	}
	return norm.NFC.String(string(b))
}

func TestSourcesAndListings(t *testing.T) {
	s := start(t)
	srcs := s.Sources()
	if len(srcs) < 4 {
		t.Fatalf("%d sources", len(srcs))
	}
	kinds, langs, keeps := map[mediawatch.SourceKind]int{}, map[string]bool{}, map[mediawatch.Keep]bool{}
	for _, src := range srcs {
		kinds[src.Kind]++
		langs[src.Lang], keeps[src.Keep] = true, true
		if !src.Enabled || !src.AllowPrivate || src.Interval <= 0 || src.Weight <= 0 {
			t.Errorf("source %+v", src)
		}
		if src.Kind == mediawatch.KindPage && src.Selector == "" {
			t.Errorf("%s: page without selector", src.Name)
		}
	}
	if kinds[mediawatch.KindFeed] < 2 || kinds[mediawatch.KindPage] < 1 || kinds[mediawatch.KindSitemap] < 1 ||
		!langs["vi"] || !langs["en"] || !keeps[mediawatch.KeepAll] || !keeps[mediawatch.KeepMentions] {
		t.Errorf("kinds %v langs %v keeps %v", kinds, langs, keeps)
	}
	wantCT := map[string]string{"/rss/tin-moi.rss": "application/rss+xml", "/feeds/atom.xml": "application/atom+xml",
		"/sitemap-news.xml": "application/xml", "/tin-tuc/": "text/html", "/feed/": "application/rss+xml",
		"/feeds/videos.xml": "text/xml", "/s/tinnong_taybac": "text/html", "/tags/sonla.rss": "application/rss+xml"}
	for _, src := range srcs {
		p := get(t, src.URL)
		u, _ := url.Parse(src.URL)
		if ct := p.header.Get("Content-Type"); !strings.HasPrefix(ct, wantCT[u.Path]) {
			t.Errorf("%s: Content-Type %q", src.URL, ct)
		}
		strictErr := xml.NewDecoder(bytes.NewReader(p.body)).Decode(new(struct{}))
		switch u.Path {
		case "/rss/tin-moi.rss":
			if strictErr == nil {
				t.Error("the RSS feed should be broken XML")
			}
			for _, bad := range []string{"&nbsp;", "<br>", " & "} {
				if !bytes.Contains(p.body, []byte(bad)) {
					t.Errorf("RSS feed lacks %q", bad)
				}
			}
		case "/feeds/atom.xml", "/sitemap-news.xml", "/feed/", "/feeds/videos.xml", "/tags/sonla.rss":
			if strictErr != nil {
				t.Errorf("%s: %v", u.Path, strictErr)
			}
		}
	}
	if b := get(t, srcs[2].URL).body; !bytes.Contains(b, []byte("<urlset")) || !bytes.Contains(b, []byte("<news:title>")) {
		t.Error("sitemap is not a news sitemap")
	}

	// Every listed URL has an expectation and every expectation is listed.
	list := listed(t, s)
	exp := map[string]Expectation{}
	for _, e := range s.Expectations() {
		exp[e.URL] = e
		if list[e.URL] != e.Outlet {
			t.Errorf("expectation %s (%s) not listed by its outlet (%q)", e.URL, e.Outlet, list[e.URL])
		}
	}
	for u := range list {
		if _, ok := exp[u]; !ok {
			t.Errorf("listed %s has no expectation", u)
		}
	}
}

func TestArticles(t *testing.T) {
	s := start(t)
	now := time.Now()
	counts, langs, outlets, wants := 0, map[string]int{}, map[string]int{}, map[string]int{}
	synd := map[string]bool{}
	var caps bool
	for _, a := range s.articles {
		if a.Flags["syndicated"] {
			synd[a.Outlet.Key] = true
		}
	}
	for _, e := range s.Expectations() {
		if e.Platform != string(mediawatch.PlatformNews) || e.Want == "history" {
			continue // posts: TestSocial…; history: TestHistory
		}
		wants[e.Want]++
		if strings.Contains(e.Title, "SƠN LA") && e.Want == "kept" {
			caps = true
		}
		switch e.Want {
		case "not_found":
			if p := get(t, e.URL); p.status != 404 {
				t.Errorf("%s: status %d, want 404", e.URL, p.status)
			}
			continue
		case "timeout":
			continue // TestSlow
		}
		p := get(t, e.URL)
		if p.status != 200 || !strings.HasPrefix(p.header.Get("Content-Type"), "text/html; charset=") {
			t.Errorf("%s: %d %s", e.URL, p.status, p.header.Get("Content-Type"))
			continue
		}
		if p.header.Get("ETag") == "" || p.header.Get("Last-Modified") == "" {
			t.Errorf("%s: no validators", e.URL)
		}
		text := decoded(t, p)
		for _, want := range []string{`<link rel="canonical" href="` + e.URL + `">`, `property="og:title"`,
			`property="og:image"`, `property="article:published_time"`, `<html lang="`, `class="author"`,
			`<nav`, `<footer`, "<title>"} {
			if !strings.Contains(text, want) {
				t.Errorf("%s lacks %s", e.URL, want)
			}
		}
		pub := regexp.MustCompile(`article:published_time" content="([^"]+)"`).FindStringSubmatch(text)
		if pub == nil {
			t.Fatalf("%s: no published_time", e.URL)
		}
		pt, err := time.Parse(time.RFC3339, html.UnescapeString(pub[1]))
		if _, off := pt.Zone(); err != nil || off != 7*3600 || pt.After(now) || now.Sub(pt) > 5*24*time.Hour {
			t.Errorf("%s: published %q (%v)", e.URL, pub[1], err)
		}
		paras := articleText([]byte(text))
		words := len(strings.Fields(strings.Join(paras, " ")))
		if e.Want != "disallowed" && (len(paras) < 3 || words < 150 || words > 400) {
			t.Errorf("%s: %d paragraphs, %d words", e.URL, len(paras), words)
		}
		lower := strings.ToLower(text)
		lang := regexp.MustCompile(`<html lang="([a-z]+)"`).FindStringSubmatch(text)[1]
		switch e.Want {
		case "kept":
			if o := s.outletByName(e.Outlet); o.Keep == mediawatch.KeepMentions &&
				!strings.Contains(lower, "sơn la") && !(lang == "en" && strings.Contains(lower, "son la")) {
				t.Errorf("%s: kept on a mentions outlet but names no Sơn La", e.URL)
			}
		case "not_mentioned":
			if strings.Contains(lower, "sơn la") || (lang == "en" && strings.Contains(lower, "son la")) {
				t.Errorf("%s: not_mentioned but names Sơn La", e.URL)
			}
		}
		counts++
		langs[lang]++
		outlets[e.Outlet]++
	}
	t.Logf("%d article pages; outlets %v; langs %v; wants %v", counts, outlets, langs, wants)
	if counts < 40 || len(outlets) < 4 || langs["vi"] == 0 || langs["en"] == 0 {
		t.Errorf("%d articles, outlets %v, langs %v", counts, outlets, langs)
	}
	for _, w := range []string{"kept", "not_mentioned", "disallowed", "not_found", "timeout"} {
		if wants[w] == 0 {
			t.Errorf("no %q expectation", w)
		}
	}
	if len(synd) < 3 || !caps {
		t.Errorf("syndicated on %v; all-caps headline %v", synd, caps)
	}
}

func (s *Site) outletByName(name string) *outlet {
	for _, o := range s.outlets {
		if o.Slug == name {
			return o
		}
	}
	return nil
}
