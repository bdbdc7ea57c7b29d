package crawler_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"mediawatch"
	"mediawatch/crawler"
	"mediawatch/store"
)

// postSink records what the crawler hands to ingest: every social link
// must arrive as a post, with no page fetched for it.
type postSink struct {
	mu    sync.Mutex
	posts map[string]mediawatch.Article
	order []mediawatch.Article // as ingested
}

func (s *postSink) FirstSeen(_ context.Context, url string) (time.Time, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.posts[url]
	return time.Now(), ok, nil
}

func (s *postSink) Ingest(_ context.Context, _ mediawatch.Source, a mediawatch.Article) (mediawatch.IngestResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.posts == nil {
		s.posts = map[string]mediawatch.Article{}
	}
	s.posts[a.URL] = a
	s.order = append(s.order, a)
	return mediawatch.IngestResult{Outcome: mediawatch.OutcomeKept}, nil
}

func (s *postSink) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.posts)
}

// request is one request as the test server saw it.
type request struct {
	at        time.Time
	path, ua  string
	inm, ims  string
	userAgent string
}

// platformSite serves social fixtures and records every request.
type platformSite struct {
	mu      sync.Mutex
	seen    []request
	handler func(w http.ResponseWriter, r *http.Request)
}

func (s *platformSite) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.seen = append(s.seen, request{at: time.Now(), path: r.URL.RequestURI(), ua: r.UserAgent(),
		inm: r.Header.Get("If-None-Match"), ims: r.Header.Get("If-Modified-Since")})
	s.mu.Unlock()
	if r.URL.Path == "/robots.txt" {
		fmt.Fprint(w, "User-agent: *\nDisallow: /private/\n")
		return
	}
	s.handler(w, r)
}

func (s *platformSite) requests() []request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]request(nil), s.seen...)
}

func (s *platformSite) paths() []string {
	var out []string
	for _, r := range s.requests() {
		out = append(out, r.path)
	}
	return out
}

func fixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "social", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

const testUA = "mediawatch-test (+http://127.0.0.1/)"

// socialRig is a crawler over a real store, with the politeness given.
func socialRig(t *testing.T, opts crawler.Options, copts crawler.CrawlOptions) (*crawler.Crawler, *store.DB, *postSink) {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "mw.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	opts.UserAgent = testUA
	f, err := crawler.NewFetcher(opts, db, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	sink := &postSink{}
	return crawler.New(f, sink, db, copts, nil), db, sink
}

// olderTelegramPage is page ?before=N of a long channel: two posts and the
// link to the page before them.
func olderTelegramPage(n int) string {
	return fmt.Sprintf(`<html><body><section class="tgme_channel_history js-message_history">
<a href="/s/sonla24h?before=%[1]d" class="tme_messages_more js-messages_more" data-before="%[1]d"></a>
<div class="tgme_widget_message_wrap js-widget_message_wrap"><div class="tgme_widget_message js-widget_message" data-post="sonla24h/%[1]d"><div class="tgme_widget_message_text js-message_text" dir="auto">Tin cũ số %[1]d về Sơn La</div><time datetime="2026-10-01T00:00:00+00:00"></time></div></div>
<div class="tgme_widget_message_wrap js-widget_message_wrap"><div class="tgme_widget_message js-widget_message" data-post="sonla24h/%[2]d"><div class="tgme_widget_message_text js-message_text" dir="auto">Tin cũ số %[2]d 🌄</div><time datetime="2026-10-02T00:00:00+00:00"></time></div></div>
</section></body></html>`, n-2, n-1)
}

// TestTelegramCrawlAsServerSeesIt: the first crawl reads the preview and
// BackfillPages older pages through its own "before" link, one request at
// a time with the host delay between them, robots.txt first; later crawls
// are conditional and never go back in history.
func TestTelegramCrawlAsServerSeesIt(t *testing.T) {
	const delay = 120 * time.Millisecond
	etag := `"v1"`
	var mu sync.Mutex
	site := &platformSite{}
	site.handler = func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		tag := etag
		mu.Unlock()
		if r.URL.Path != "/s/sonla24h" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		switch before := r.URL.Query().Get("before"); before {
		case "":
			if r.Header.Get("If-None-Match") == tag {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			w.Header().Set("ETag", tag)
			w.Write(fixture(t, "telegram-channel.html"))
		case "1201":
			w.Write(fixture(t, "telegram-older.html"))
		default:
			n, _ := strconv.Atoi(before)
			fmt.Fprint(w, olderTelegramPage(n))
		}
	}
	srv := httptest.NewServer(site)
	defer srv.Close()
	cr, _, sink := socialRig(t, crawler.Options{HostDelay: delay, MaxRetries: -1}, crawler.CrawlOptions{BackfillPages: 2})
	src := mediawatch.Source{Name: "sonla24h", Kind: mediawatch.KindTelegram, URL: srv.URL + "/s/sonla24h", AllowPrivate: true, Keep: mediawatch.KeepAll}

	st, err := cr.Crawl(context.Background(), src)
	if err != nil {
		t.Fatal(err)
	}
	// 3 posts on the preview, 2 on the fixture's older page, 2 on the
	// generated page before that; the third older page is not asked for.
	if st.Listed != 7 || st.Kept != 7 || sink.count() != 7 {
		t.Errorf("first crawl listed %d, kept %d, sink has %d; want 7", st.Listed, st.Kept, sink.count())
	}
	want := []string{"/robots.txt", "/s/sonla24h", "/s/sonla24h?before=1201", "/s/sonla24h?before=1195"}
	if got := site.paths(); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("server saw %q, want %q", got, want)
	}
	seen := site.requests()
	for i, r := range seen {
		if r.ua != testUA {
			t.Errorf("%s: User-Agent %q", r.path, r.ua)
		}
		if i > 0 {
			if gap := r.at.Sub(seen[i-1].at); gap < delay-20*time.Millisecond {
				t.Errorf("%s came %s after the request before it; the host delay is %s", r.path, gap, delay)
			}
		}
	}
	// The preview and its older pages list newest first; the posts are
	// stored oldest first, so their ids follow the order they were written.
	for i := 1; i < len(sink.order); i++ {
		if a, b := sink.order[i-1], sink.order[i]; !a.Published.IsZero() && !b.Published.IsZero() && b.Published.Before(a.Published) {
			t.Errorf("ingested %s (%s) before the older %s (%s)", a.URL, a.Published, b.URL, b.Published)
		}
	}
	post := sink.posts[srv.URL+"/sonla24h/1204"]
	if post.Post == nil || post.Post.Views != 1200 || !post.Post.Pinned || post.Post.Account.Audience != 12300 || post.FetchedAt.IsZero() {
		t.Errorf("post 1204 as ingested: %+v", post)
	}

	// Unchanged: a conditional request, answered 304, and no history.
	st, err = cr.Crawl(context.Background(), src)
	if err != nil || !st.ListingUnchanged || st.Listed != 0 {
		t.Fatalf("second crawl: %+v, %v", st, err)
	}
	last := site.requests()[len(site.requests())-1]
	if len(site.requests()) != 5 || last.path != "/s/sonla24h" || last.inm != `"v1"` {
		t.Errorf("second crawl: server saw %q (If-None-Match %q)", site.paths(), last.inm)
	}

	// Changed: read again, but the history was read once and is not again.
	mu.Lock()
	etag = `"v2"`
	mu.Unlock()
	st, err = cr.Crawl(context.Background(), src)
	if err != nil || st.Listed != 3 {
		t.Fatalf("third crawl: %+v, %v", st, err)
	}
	if n := len(site.requests()); n != 6 {
		t.Errorf("third crawl: server saw %q; want only the preview again", site.paths())
	}
}

// TestTelegramNoPublicPreview: t.me/s/NAME redirects to the channel's
// card; the source fails with words its health shows.
func TestTelegramNoPublicPreview(t *testing.T) {
	site := &platformSite{}
	site.handler = func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/s/kenhkin":
			http.Redirect(w, r, "/kenhkin", http.StatusFound)
		case "/kenhkin":
			w.Write(fixture(t, "telegram-nopreview.html"))
		default:
			http.NotFound(w, r)
		}
	}
	srv := httptest.NewServer(site)
	defer srv.Close()
	cr, db, _ := socialRig(t, crawler.Options{HostDelay: -1, MaxRetries: -1}, crawler.CrawlOptions{})
	src := mediawatch.Source{Name: "kenhkin", Kind: mediawatch.KindTelegram, URL: srv.URL + "/s/kenhkin", AllowPrivate: true, Enabled: true}
	sched := crawler.NewScheduler(db, cr.Crawl, crawler.ScheduleOptions{}, nil)
	if err := sched.RunOnce(context.Background(), []mediawatch.Source{src}); err == nil {
		t.Fatal("no error for a channel without a public preview")
	}
	h, err := db.SourceHealth(context.Background(), "kenhkin")
	if err != nil {
		t.Fatal(err)
	}
	if want := "this channel has no public web preview (t.me/s/kenhkin shows no posts)"; !strings.Contains(h.LastError, want) {
		t.Errorf("health says %q, want it to say %q", h.LastError, want)
	}
}

// TestYouTubeCrawlAsServerSeesIt: the feed is asked for after robots.txt,
// conditionally once it has been read, and not at all where robots.txt
// says no.
func TestYouTubeCrawlAsServerSeesIt(t *testing.T) {
	const lastMod = "Mon, 30 Nov 2026 13:05:12 GMT"
	site := &platformSite{}
	site.handler = func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/feeds/videos.xml" && r.URL.Path != "/private/feeds/videos.xml" {
			http.NotFound(w, r)
			return
		}
		if r.Header.Get("If-Modified-Since") == lastMod {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Last-Modified", lastMod)
		w.Header().Set("Content-Type", "text/xml; charset=UTF-8")
		w.Write(fixture(t, "youtube-channel.xml"))
	}
	srv := httptest.NewServer(site)
	defer srv.Close()
	const delay = 100 * time.Millisecond
	cr, _, sink := socialRig(t, crawler.Options{HostDelay: delay, MaxRetries: -1}, crawler.CrawlOptions{})
	src := mediawatch.Source{Name: "sonla24h-yt", Kind: mediawatch.KindYouTube, URL: srv.URL + "/feeds/videos.xml?channel_id=UCx7Sonla24hTinTucMoiNgay", AllowPrivate: true}

	st, err := cr.Crawl(context.Background(), src)
	if err != nil || st.Kept != 3 || sink.count() != 3 {
		t.Fatalf("first crawl: %+v, %v", st, err)
	}
	// No page is fetched for a video: the watch URLs are on youtube.com,
	// and the server saw only robots.txt and the feed.
	if got := site.paths(); len(got) != 2 || got[0] != "/robots.txt" || !strings.HasPrefix(got[1], "/feeds/videos.xml?channel_id=") {
		t.Fatalf("server saw %q", got)
	}
	st, err = cr.Crawl(context.Background(), src)
	if err != nil || !st.ListingUnchanged {
		t.Fatalf("second crawl: %+v, %v", st, err)
	}
	seen := site.requests()
	if last := seen[len(seen)-1]; len(seen) != 3 || last.ims != lastMod {
		t.Errorf("second crawl: server saw %q, If-Modified-Since %q", site.paths(), last.ims)
	}
	if gap := seen[2].at.Sub(seen[1].at); gap < delay-20*time.Millisecond {
		t.Errorf("second request %s after the first; the host delay is %s", gap, delay)
	}

	blocked := src
	blocked.Name, blocked.URL = "blocked", srv.URL+"/private/feeds/videos.xml?channel_id=UCa"
	if _, err := cr.Crawl(context.Background(), blocked); err == nil || !strings.Contains(err.Error(), "robots") {
		t.Errorf("a feed robots.txt disallows: %v", err)
	}
	for _, p := range site.paths() {
		if strings.HasPrefix(p, "/private/") {
			t.Errorf("server saw %s, which robots.txt disallows", p)
		}
	}
}

// TestRedditAsServerSeesIt: Reddit's feed is asked for with the
// User-Agent in Reddit's form (robots.txt with the crawler's own), a 429
// with a short Retry-After is waited out and retried, and a long one
// leaves the host alone.
func TestRedditAsServerSeesIt(t *testing.T) {
	var mu sync.Mutex
	answers := []int{http.StatusTooManyRequests, http.StatusOK}
	retryAfter := "1"
	site := &platformSite{}
	site.handler = func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		status := http.StatusOK
		if len(answers) > 0 {
			status, answers = answers[0], answers[1:]
		}
		ra := retryAfter
		mu.Unlock()
		if status == http.StatusTooManyRequests {
			w.Header().Set("Retry-After", ra)
			w.WriteHeader(status)
			return
		}
		w.Write(fixture(t, "reddit-subreddit.rss"))
	}
	srv := httptest.NewServer(site)
	defer srv.Close()
	const redditUA = "server:mediawatch:0.1 (by /u/sonla_office)"
	cr, _, sink := socialRig(t, crawler.Options{HostDelay: -1, MaxRetries: 2, RedditUserAgent: redditUA}, crawler.CrawlOptions{})
	src := mediawatch.Source{Name: "r-vietnam", Kind: mediawatch.KindReddit, URL: srv.URL + "/r/VietNam/.rss", AllowPrivate: true}
	st, err := cr.Crawl(context.Background(), src)
	if err != nil || st.Kept != 2 || sink.count() != 2 {
		t.Fatalf("crawl: %+v, %v", st, err)
	}
	seen := site.requests()
	if len(seen) != 3 || seen[0].path != "/robots.txt" || seen[0].ua != testUA {
		t.Fatalf("server saw %+v", seen)
	}
	for _, r := range seen[1:] {
		if r.path != "/r/VietNam/.rss" || r.ua != redditUA {
			t.Errorf("%s asked with User-Agent %q, want %q", r.path, r.ua, redditUA)
		}
	}
	if gap := seen[2].at.Sub(seen[1].at); gap < time.Second-50*time.Millisecond {
		t.Errorf("retried %s after a 429 with Retry-After: 1", gap)
	}

	// An hour's Retry-After: the crawl fails, and the next one does not
	// knock until the hour is over.
	mu.Lock()
	answers, retryAfter = []int{http.StatusTooManyRequests}, "3600"
	mu.Unlock()
	src.Name, src.URL = "r-search", srv.URL+"/search.rss?q=S%C6%A1n+La"
	if _, err := cr.Crawl(context.Background(), src); err == nil || !strings.Contains(err.Error(), "429") {
		t.Fatalf("crawl under a long 429: %v", err)
	}
	n := len(site.requests())
	if _, err := cr.Crawl(context.Background(), src); err == nil {
		t.Fatal("the host asked to be left alone for an hour, and the crawl went on")
	}
	if len(site.requests()) != n {
		t.Errorf("server saw %q after asking to be left alone", site.paths()[n:])
	}
}

// TestSocialPostsThroughIngest: what the parsers give is what ingest
// stores — each post an item on its platform, with its id, views and
// account (and the channel's audience), the news link it shares as its
// shared URL — for every kind, through the real pipeline and store.
func TestSocialPostsThroughIngest(t *testing.T) {
	site := &platformSite{}
	site.handler = func(w http.ResponseWriter, r *http.Request) {
		files := map[string]string{"/s/sonla24h": "telegram-channel.html", "/feeds/videos.xml": "youtube-channel.xml",
			"/tags/sonla.rss": "mastodon-tag.rss", "/profile/hoa.taybac.bsky.social/rss": "bluesky-profile.rss",
			"/r/VietNam/.rss": "reddit-subreddit.rss"}
		if f, ok := files[r.URL.Path]; ok && r.URL.RawQuery != "before=1201" {
			w.Write(fixture(t, f))
			return
		}
		http.NotFound(w, r)
	}
	srv := httptest.NewServer(site)
	defer srv.Close()
	cr, db := newCrawler(t, time.Hour)
	for _, src := range []mediawatch.Source{
		{Name: "tg", Kind: mediawatch.KindTelegram, URL: srv.URL + "/s/sonla24h", Keep: mediawatch.KeepAll},
		{Name: "yt", Kind: mediawatch.KindYouTube, URL: srv.URL + "/feeds/videos.xml?channel_id=UCx7Sonla24hTinTucMoiNgay", Keep: mediawatch.KeepAll},
		{Name: "mt", Kind: mediawatch.KindMastodon, URL: srv.URL + "/tags/sonla.rss", Keep: mediawatch.KeepAll},
		{Name: "bs", Kind: mediawatch.KindBluesky, URL: srv.URL + "/profile/hoa.taybac.bsky.social/rss", Keep: mediawatch.KeepAll},
		{Name: "rd", Kind: mediawatch.KindReddit, URL: srv.URL + "/r/VietNam/.rss", Keep: mediawatch.KeepAll},
	} {
		src.AllowPrivate = true
		st, err := cr.Crawl(context.Background(), src)
		if err != nil || st.Errors != 0 || st.Kept+st.Duplicates < 2 {
			t.Fatalf("%s: %+v, %v", src.Name, st, err)
		}
	}
	items, err := db.Items(context.Background(), 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	byPost := map[string]mediawatch.Item{}
	for _, it := range items {
		if it.Platform == mediawatch.PlatformNews || it.PostID == "" {
			t.Errorf("item %s stored as news, not a post: %+v", it.URL, it)
		}
		byPost[string(it.Platform)+":"+it.PostID] = it
	}
	tg := byPost["telegram:sonla24h/1206"]
	if tg.Views != 3400000 || tg.Account == nil || tg.Account.Handle != "sonla24h" || tg.Account.Audience != 12300 ||
		tg.SharedURL != "https://e.vnexpress.net/news/news/son-la-hydropower-spillway-4821337.html" {
		t.Errorf("telegram post as stored: %+v (account %+v)", tg, tg.Account)
	}
	if fw := byPost["telegram:sonla24h/1202"]; fw.ForwardedFrom != "Báo Sơn La" {
		t.Errorf("forwarded post as stored: %+v", fw)
	}
	yt := byPost["youtube:Qm3vT9xK2aA"]
	if yt.Views != 45537 || yt.Account == nil || yt.Account.Handle != "UCx7Sonla24hTinTucMoiNgay" || yt.Account.Name != "Sơn La 24h" {
		t.Errorf("video as stored: %+v (account %+v)", yt, yt.Account)
	}
	for _, k := range []string{"mastodon:https://fosstodon.org/@mekong_watch/113577990012345678",
		"bluesky:https://bsky.app/profile/hoa.taybac.bsky.social/post/3lcxq2vbnk22a", "reddit:t3_1h3k9zq"} {
		if it, ok := byPost[k]; !ok || it.Account == nil || it.Account.Handle == "" || it.SharedURL == "" {
			t.Errorf("%s as stored: %+v", k, it)
		}
	}
}
