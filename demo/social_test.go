package demo

import (
	"bytes"
	"encoding/xml"
	"html"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"mediawatch"
	"mediawatch/query"
	"mediawatch/rules"
	"mediawatch/story"
)

var (
	reTgDate   = regexp.MustCompile(`class="tgme_widget_message_date" href="([^"]+)"`)
	reTgBefore = regexp.MustCompile(`class="tme_messages_more js-messages_more" data-before="(\d+)"`)
	reTgBlock  = regexp.MustCompile(`(?s)<div class="tgme_widget_message_wrap js-widget_message_wrap">(.*?)</div>\s*</div>\s*</div>\s*</div>\s*</div>`)
)

// listedPosts returns the post URLs a social source lists: every page of
// a Telegram preview (following "before"), a YouTube feed's alternate
// links, a Mastodon feed's item links.
func listedPosts(t *testing.T, src mediawatch.Source) []string {
	t.Helper()
	var out []string
	switch src.Kind {
	case mediawatch.KindTelegram:
		u := src.URL
		for range 10 {
			p := get(t, u)
			if p.status != 200 {
				t.Fatalf("%s: %d", u, p.status)
			}
			for _, m := range reTgDate.FindAllSubmatch(p.body, -1) {
				out = append(out, string(m[1]))
			}
			m := reTgBefore.FindSubmatch(p.body)
			if m == nil {
				break
			}
			u = src.URL + "?before=" + string(m[1])
		}
	default:
		var feed struct {
			Entries []struct {
				Link struct {
					Href string `xml:"href,attr"`
				} `xml:"link"`
			} `xml:"entry"`
			Items []struct {
				Link string `xml:"link"`
			} `xml:"channel>item"`
		}
		if err := xml.Unmarshal(get(t, src.URL).body, &feed); err != nil {
			t.Fatalf("%s: %v", src.URL, err)
		}
		for _, e := range feed.Entries {
			out = append(out, e.Link.Href)
		}
		for _, i := range feed.Items {
			out = append(out, i.Link)
		}
	}
	return out
}

func expectationsOf(s *Site, slug string) []Expectation {
	var out []Expectation
	for _, e := range s.Expectations() {
		if e.Outlet == slug {
			out = append(out, e)
		}
	}
	return out
}

// TestTelegramPreview holds the channel page to the preview's real shape
// and to the cases a parser must survive.
func TestTelegramPreview(t *testing.T) {
	s := start(t)
	src := s.Sources()[len(s.outlets)]
	if src.Kind != mediawatch.KindTelegram || !strings.HasSuffix(src.URL, "/s/tinnong_taybac") || src.DisplayName == "" {
		t.Fatalf("source %+v", src)
	}
	p := get(t, src.URL)
	body := string(p.body)
	for _, want := range []string{`<div class="tgme_channel_info">`, `<span class="counter_value">48 213</span> <span class="counter_type">subscribers</span>`,
		`class="tgme_channel_info_header_title"`, `data-post="tinnong_taybac/4306"`, `service_message js-widget_message" data-post="tinnong_taybac/4302"`,
		`pinned «<span class="tgme_widget_service_strong_text"`, `class="tgme_widget_message_forwarded_from_name" href="`,
		`<i class="emoji" style="background-image:url('//telegram.org/img/emoji/40/F09F8CBC.png')"><b>🌼</b></i>`,
		`class="tgme_widget_message_link_preview" href="`, `<span class="tgme_widget_message_views">23.9K</span>`,
		`<time datetime="`, `class="tme_messages_more js-messages_more" data-before="`} {
		if !strings.Contains(body, want) {
			t.Errorf("preview lacks %s", want)
		}
	}
	if strings.Contains(body, `data-post="tinnong_taybac/4307"`) {
		t.Error("the deleted post 4307 is on the page")
	}
	// Newest at the bottom, as on the real page; 20 to a page.
	ids := reTgDate.FindAllStringSubmatch(body, -1)
	if len(ids) != tgPageSize || !strings.HasSuffix(ids[len(ids)-1][1], "/4310") {
		t.Errorf("page 1: %d messages, last %v", len(ids), ids[len(ids)-1])
	}
	before := reTgBefore.FindStringSubmatch(body)[1]
	older := get(t, src.URL+"?before="+before)
	if older.status != 200 || reTgBefore.Match(older.body) || bytes.Contains(older.body, []byte("/4306\"")) {
		t.Errorf("older page: %d, more link %v", older.status, reTgBefore.Match(older.body))
	}
	checkValidators(t, src.URL)
	checkValidators(t, src.URL+"?before="+before)
	if r := get(t, strings.TrimSuffix(src.URL, "/s/tinnong_taybac")+"/robots.txt"); r.status != 200 {
		t.Errorf("robots.txt: %d", r.status)
	}
	var pinned, fwd, service bool
	for _, e := range expectationsOf(s, src.Name) {
		pinned = pinned || e.Pinned
		fwd = fwd || e.ForwardedFrom != ""
		service = service || e.Want == "not_a_post"
		if e.Account != "tinnong_taybac" && e.Want != "not_a_post" || e.Platform != "telegram" && e.Want != "not_a_post" {
			t.Errorf("%s: account %q platform %q", e.URL, e.Account, e.Platform)
		}
	}
	for _, e := range expectationsOf(s, src.Name) {
		if p := get(t, e.URL); (p.status == 200) != (e.Want != "not_a_post") {
			t.Errorf("permalink %s: %d", e.URL, p.status)
		}
	}
	if !pinned || !fwd || !service {
		t.Errorf("pinned %v forwarded %v service %v", pinned, fwd, service)
	}
}

// checkValidators asks for u twice, the second time conditionally.
func checkValidators(t *testing.T, u string) {
	t.Helper()
	p := get(t, u)
	if p.header.Get("ETag") == "" || p.header.Get("Last-Modified") == "" {
		t.Errorf("%s: no validators", u)
	}
	if c := get(t, u, "If-None-Match", p.header.Get("ETag")); c.status != 304 {
		t.Errorf("%s: conditional GET %d", u, c.status)
	}
}

func TestYouTubeAndMastodonFeeds(t *testing.T) {
	s := start(t)
	srcs := s.Sources()
	yt, md := srcs[len(s.outlets)+1], srcs[len(s.outlets)+2]
	if yt.Kind != mediawatch.KindYouTube || !strings.Contains(yt.URL, "/feeds/videos.xml?channel_id=UC") ||
		md.Kind != mediawatch.KindMastodon || !strings.HasSuffix(md.URL, "/tags/sonla.rss") {
		t.Fatalf("sources %+v %+v", yt, md)
	}
	b := string(get(t, yt.URL).body)
	for _, want := range []string{`xmlns:yt="http://www.youtube.com/xml/schemas/2015"`, `<yt:videoId>nK7xaTran01</yt:videoId>`,
		`<media:statistics views="15842"/>`, `<media:description>Tin đang lan truyền trên Telegram`, `<yt:channelId>UCq7Tb4nLxW2mVd9sKe3YhZa</yt:channelId>`} {
		if !strings.Contains(b, want) {
			t.Errorf("YouTube feed lacks %s", want)
		}
	}
	if n := strings.Count(b, "<entry>"); n != 15 {
		t.Errorf("YouTube feed has %d entries, not 15", n)
	}
	u, _ := url.Parse(yt.URL)
	if p := get(t, u.Scheme+"://"+u.Host+u.Path+"?channel_id=UCother"); p.status != 404 {
		t.Errorf("another channel's feed: %d", p.status)
	}
	m := string(get(t, md.URL).body)
	for _, want := range []string{`<guid isPermaLink="true">`, `class=&#34;mention hashtag&#34; rel=&#34;tag&#34;&gt;#&lt;span&gt;sonla`,
		`<category>sonla</category>`, `&lt;span class=&#34;invisible&#34;&gt;http://&lt;/span&gt;`, `<generator>Mastodon`} {
		if !strings.Contains(m, want) {
			t.Errorf("Mastodon feed lacks %s", want)
		}
	}
	if strings.Contains(m, "<title>") && strings.Count(m, "<title>") != 1 {
		t.Error("Mastodon items have no title")
	}
	checkValidators(t, yt.URL)
	checkValidators(t, md.URL)
}

// TestHistory: a month of daily counts for every outlet; the silent one
// stopped more than a week before the start; the history is served, short,
// uniquely titled and names Sơn La.
func TestHistory(t *testing.T) {
	s := start(t)
	hist := s.History()
	days := map[string]map[int]int{}
	titles := map[string]bool{}
	for _, h := range hist {
		d := int(s.start.Sub(h.Seen).Hours() / 24)
		if days[h.Source] == nil {
			days[h.Source] = map[int]int{}
		}
		days[h.Source][d]++
		if titles[h.Article.Title] {
			t.Errorf("title %q twice", h.Article.Title)
		}
		titles[h.Article.Title] = true
		text := strings.ToLower(h.Article.Title + " " + h.Article.Text)
		if !strings.Contains(text, "sơn la") && !strings.Contains(text, "son la") {
			t.Errorf("%s names no Sơn La", h.Article.URL)
		}
		if n := len(strings.Fields(h.Article.Title + " " + h.Article.Text)); n >= story.DefaultParams().MinWords {
			t.Errorf("%s: %d words: story grouping would compare its text", h.Article.URL, n)
		}
	}
	for _, src := range s.Sources()[:len(s.outlets)] {
		d := days[src.Name]
		newest, oldest := 99, 0
		for k := range d {
			newest, oldest = min(newest, k), max(oldest, k)
		}
		if src.Name == "ban-tin-moc-chau" {
			if newest < 8 || oldest-newest < 27 {
				t.Errorf("silent outlet: history from %d to %d days back", oldest, newest)
			}
		} else if len(d) < 24 || oldest < 28 {
			t.Errorf("%s: %d days of history, back to %d", src.Name, len(d), oldest)
		}
	}
	if p := get(t, hist[0].Article.URL); p.status != 200 || !strings.Contains(string(p.body), html.EscapeString(hist[0].Article.Title)) {
		t.Errorf("history page %s: %d", hist[0].Article.URL, p.status)
	}
	// The silent outlet's feed lists only its last ten, all stored history.
	feed := s.Sources()[4]
	got := listedPosts(t, mediawatch.Source{Kind: mediawatch.KindMastodon, URL: feed.URL}) // an RSS 2.0 feed
	if len(got) != 10 {
		t.Errorf("silent feed lists %d", len(got))
	}
	for _, e := range expectationsOf(s, feed.Name) {
		if e.Want != "history" {
			t.Errorf("silent outlet lists %s (%s)", e.URL, e.Want)
		}
	}
}

// TestRumourAcrossPlatforms holds the fixtures to what the demo claims:
// the starter pack flags the rumour on every platform (and nothing in the
// history), the Telegram post, the video and the article are one story by
// the story package's own rule, and the last hour's echoes make a spike.
func TestRumourAcrossPlatforms(t *testing.T) {
	s := start(t)
	dir := t.TempDir()
	names, err := fs.Glob(rules.Examples(), "*.yaml")
	if err != nil || len(names) == 0 {
		t.Fatal(names, err)
	}
	for _, name := range names {
		data, err := fs.ReadFile(rules.Examples(), name)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	set, err := rules.LoadDir(dir, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	flags := func(title, text, lang string) []string {
		var ids []string
		for _, r := range set.Rules {
			if !r.Enabled && r.ID != "disaster-rumour" {
				continue
			}
			m, err := query.Compile(query.MustParse(r.Query))
			if err != nil {
				t.Fatal(err)
			}
			if m.Match(query.Doc{Title: title, Text: text, Lang: lang}) {
				ids = append(ids, r.ID)
			}
		}
		return ids
	}
	for _, h := range s.History() {
		if ids := flags(h.Article.Title, h.Article.Text, h.Article.Lang); len(ids) > 0 {
			t.Errorf("history %q flagged by %v", h.Article.Title, ids)
		}
	}
	var rumour []story.Candidate
	spike := 0
	for _, p := range s.posts {
		ids := flags(p.Title, p.Text(), p.Lang)
		if p.Rule != "" && (len(ids) != 1 || ids[0] != p.Rule) || p.Rule == "" && len(ids) > 0 {
			t.Errorf("%s: flagged by %v, want %q", p.URL(), ids, p.Rule)
		}
		if p.Story == "rumour" {
			title := p.Title
			if title == "" {
				title = clip(p.Lines[0], 100) // what a parser may take as a post's title
			}
			rumour = append(rumour, story.NewCandidate(int64(len(rumour)+1), title, p.Text(), s.start))
		}
		if p.Ch.Keep == mediawatch.KeepMentions {
			low := strings.ToLower(p.Text())
			named := strings.Contains(low, "sơn la") || p.Lang == "en" && strings.Contains(low, "son la")
			if named != (p.Want == "kept") {
				t.Errorf("%s on a mentions feed: names Sơn La %v, want %s", p.URL(), named, p.Want)
			}
		}
		if p.Story == "spike" && s.start.Sub(p.Published) < time.Hour {
			spike++
		}
	}
	for _, a := range s.articles {
		ids := flags(a.Title, strings.Join(a.Paras, "\n\n"), a.Lang)
		if a.Rule != "" && (len(ids) != 1 || ids[0] != a.Rule) {
			t.Errorf("%s: flagged by %v, want %q", a.URL(), ids, a.Rule)
		}
		if a.Story == "rumour" {
			rumour = append(rumour, story.NewCandidate(int64(len(rumour)+1), a.Title, strings.Join(a.Paras, "\n\n"), s.start))
		}
	}
	if len(rumour) != 3 {
		t.Fatalf("%d rumour items", len(rumour))
	}
	for i := range rumour {
		for j := i + 1; j < len(rumour); j++ {
			if !story.Same(story.DefaultParams(), rumour[i], rumour[j]) {
				t.Errorf("rumour items %d and %d are not one story (distance %d, overlap %.2f)", i, j,
					story.Distance(rumour[i].Fingerprint, rumour[j].Fingerprint), rumour[i].Sketch.Overlap(rumour[j].Sketch))
			}
		}
	}
	if spike < 3 {
		t.Errorf("%d rumour echoes in the last hour, a spike needs 3", spike)
	}
}
