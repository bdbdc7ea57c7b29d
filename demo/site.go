package demo

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"mediawatch"
)

// SlowDelay is how long the slow page stalls before it answers. The demo's
// fetch timeout must be shorter. The slow handler returns early when the
// request's context is cancelled or the site is closed.
const SlowDelay = 20 * time.Second

// Expectation describes what a correct crawl does with one article URL.
//
// Want is one of "kept", "not_mentioned", "duplicate", "disallowed",
// "not_found", "timeout" or "updated". "not_found" and "timeout" say the
// page cannot be had: a crawler then keeps the listing's own title and
// summary as a feed-only item when the source's keep policy lets it. Want
// is otherwise the outcome of the first crawl
// that sees the URL; after Advance the edited article's Want is "updated" and
// the articles Advance publishes appear with their own Want.
//
// For posts of the social sources, Want is "kept", "not_mentioned" (a tag
// feed's post without a watch term) or "not_a_post" (a Telegram service
// message: no item at all); "history" marks an article the demo's month of
// history stored before the crawl (History). The other fields say what
// the stored item must carry: Platform ("news" for articles), Account
// (the author's handle as NormalHandle keeps it), Views, ForwardedFrom,
// Pinned, Shares (the demo article a post links: the post joins its
// story), Story (a label: every item with the same label is one story)
// and Rule (the starter rule that must flag it).
type Expectation struct {
	URL           string `json:"url"`
	Outlet        string `json:"outlet"`
	Title         string `json:"title"`
	Want          string `json:"want"`
	Why           string `json:"why"`
	Platform      string `json:"platform,omitempty"`
	Account       string `json:"account,omitempty"`
	Views         int64  `json:"views,omitempty"`
	ForwardedFrom string `json:"forwarded_from,omitempty"`
	Pinned        bool   `json:"pinned,omitempty"`
	Shares        string `json:"shares,omitempty"`
	Story         string `json:"story,omitempty"`
	Rule          string `json:"rule,omitempty"`
}

// Site is the demo news site: five outlets and three social channels, each
// on its own 127.0.0.1 listener (so per-host politeness applies to each).
type Site struct {
	outlets  []*outlet
	articles []*article
	history  []*article // the outlets' month before start (History)
	channels []*channel
	posts    []*post
	clock    func() time.Time
	start    time.Time // the site's "now" at Start, +07:00, whole seconds

	mu       sync.RWMutex
	advanced bool
	advTime  time.Time
	res      map[string]map[string]*resource // outlet or channel key → path[?query] → resource

	closed    chan struct{}
	closeOnce sync.Once
	slowNow   atomic.Int32 // slow handlers currently running (for tests)
}

// resource is one rendered response.
type resource struct {
	body  []byte
	ctype string
	mod   time.Time
	etag  string
	slow  bool
}

// ict is Asia/Ho_Chi_Minh's fixed offset (no tzdata needed).
var ict = time.FixedZone("ICT", 7*3600)

// Start starts all outlets on 127.0.0.1 with OS-chosen ports, their
// articles published in the hours before now.
func Start() (*Site, error) {
	return startSite(time.Now)
}

// StartAt is Start with the site's "now" pinned: every article's published
// time and every page's validators are set from now, not from the clock,
// so two sites started at one instant serve the same bytes (ports aside).
// Its clock stays at now: Advance publishes one second later.
func StartAt(now time.Time) (*Site, error) {
	return startSite(func() time.Time { return now })
}

func startSite(clock func() time.Time) (*Site, error) {
	s := &Site{
		outlets:  newOutlets(),
		channels: newChannels(),
		clock:    clock,
		start:    clock().In(ict).Truncate(time.Second),
		closed:   make(chan struct{}),
	}
	for _, o := range s.outlets {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			s.Close()
			return nil, fmt.Errorf("demo: listen for %s: %w", o.Name, err)
		}
		o.ln = ln
		o.Base = "http://" + ln.Addr().String()
	}
	for _, c := range s.channels {
		ln, err := listenChannel()
		if err != nil {
			s.Close()
			return nil, fmt.Errorf("demo: listen for %s: %w", c.Name, err)
		}
		c.ln = ln
		c.Base = "http://" + ln.Addr().String()
	}
	arts, err := loadArticles(s.outlets, s.start)
	if err != nil {
		s.Close()
		return nil, err
	}
	s.articles = arts
	s.history = makeHistory(s.outlets, s.start)
	if s.posts, err = loadPosts(s.channels, arts, s.start); err != nil {
		s.Close()
		return nil, err
	}
	res, err := s.build(false, time.Time{})
	if err != nil {
		s.Close()
		return nil, err
	}
	s.res = res
	for _, o := range s.outlets {
		o.srv = &http.Server{Handler: s.handler(o.Key, o.Lang, o.NotFound), ReadHeaderTimeout: 5 * time.Second}
		go o.srv.Serve(o.ln) //nolint:errcheck // ends with ErrServerClosed on Close
	}
	for _, c := range s.channels {
		c.srv = &http.Server{Handler: s.handler(c.Key, "en", "Not found"), ReadHeaderTimeout: 5 * time.Second}
		go c.srv.Serve(c.ln) //nolint:errcheck // ends with ErrServerClosed on Close
	}
	return s, nil
}

// ChannelHost is the loopback address the social channels listen on: the
// platforms are other hosts than the outlets, as on the web, so that a
// post's link to an outlet's article is a link to another site (a post's
// links to its own host are not shared news). Where it cannot be bound
// (only 127.0.0.1 is configured, as on a stock macOS), the channels share
// 127.0.0.1 with the outlets on other ports, which ingest also takes for
// other sites (a site is its host and port).
const ChannelHost = "127.0.0.2"

func listenChannel() (net.Listener, error) {
	if ln, err := net.Listen("tcp", ChannelHost+":0"); err == nil {
		return ln, nil
	}
	return net.Listen("tcp", "127.0.0.1:0")
}

// Sources returns the mediawatch sources that point at the running outlets
// and channels, outlets first.
func (s *Site) Sources() []mediawatch.Source {
	out := make([]mediawatch.Source, 0, len(s.outlets)+len(s.channels))
	for _, o := range s.outlets {
		out = append(out, mediawatch.Source{
			Name:         o.Slug,
			DisplayName:  o.Name,
			Kind:         o.Kind,
			URL:          o.Base + o.ListPath,
			Selector:     o.Selector,
			Interval:     time.Minute,
			Weight:       o.Weight,
			Lang:         o.Lang,
			Keep:         o.Keep,
			Enabled:      true,
			AllowPrivate: true,
		})
	}
	for _, c := range s.channels {
		out = append(out, mediawatch.Source{
			Name: c.Slug, DisplayName: c.Name, Kind: c.Kind, URL: c.ListURL(), Interval: time.Minute,
			Weight: c.Weight, Lang: c.Lang, Keep: c.Keep, Enabled: true, AllowPrivate: true,
		})
	}
	return out
}

// Advance publishes the next edition: the edited text of the article that is
// edited after first publication, a verbatim syndicated copy of the official
// denial, and one new article. Calling it again does nothing. It is safe to
// call while the site is serving.
func (s *Site) Advance() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.advanced {
		return
	}
	t := s.clock().In(ict).Truncate(time.Second)
	if !t.After(s.start) {
		t = s.start.Add(time.Second) // validators must change even within the same second
	}
	res, err := s.build(true, t)
	if err != nil {
		// The fixtures rendered once at Start; the second edition uses the
		// same templates, so this cannot fail short of a programming error.
		panic(err)
	}
	s.res, s.advanced, s.advTime = res, true, t
}

// Expectations lists, for every article URL the outlets list now, what a
// correct crawl should do with it and why.
func (s *Site) Expectations() []Expectation {
	s.mu.RLock()
	adv := s.advanced
	s.mu.RUnlock()
	var out []Expectation
	for _, a := range s.articles {
		if a.Flags["after"] && !adv {
			continue
		}
		e := Expectation{URL: a.URL(), Outlet: a.Outlet.Slug, Title: a.Title, Want: a.Want, Why: a.Why}
		if a.Edit != nil && adv {
			e.Want, e.Why = "updated", a.Edit.Why
		}
		e.Platform, e.Story, e.Rule = string(mediawatch.PlatformNews), a.Story, a.Rule
		out = append(out, e)
	}
	for _, a := range s.listedHistory() {
		out = append(out, Expectation{URL: a.URL(), Outlet: a.Outlet.Slug, Title: a.Title, Want: a.Want, Why: a.Why,
			Platform: string(mediawatch.PlatformNews)})
	}
	for _, p := range s.posts {
		out = append(out, p.expectation())
	}
	return out
}

// Close stops all listeners and unblocks the slow handler.
func (s *Site) Close() {
	s.closeOnce.Do(func() {
		close(s.closed)
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		stop := func(srv *http.Server, ln net.Listener) {
			switch {
			case srv != nil:
				if err := srv.Shutdown(ctx); err != nil {
					srv.Close()
				}
			case ln != nil:
				ln.Close()
			}
		}
		for _, o := range s.outlets {
			stop(o.srv, o.ln)
		}
		for _, c := range s.channels {
			stop(c.srv, c.ln)
		}
	})
}

// handler serves one outlet or channel from the current edition's
// resources, with ETag/Last-Modified and 304 answers to conditional
// requests. A resource is found by path and query (a YouTube feed's
// channel_id, a Telegram page's before), else by path alone.
func (s *Site) handler(key, lang, notFound string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		if (strings.HasPrefix(r.URL.Path, "/img/") || strings.HasPrefix(r.URL.Path, "/vi/")) && strings.HasSuffix(r.URL.Path, ".jpg") {
			w.Header().Set("Content-Type", "image/gif") // a 1×1 placeholder is enough for og:image
			http.ServeContent(w, r, "", s.start, bytes.NewReader(pixel))
			return
		}
		s.mu.RLock()
		res := s.res[key][r.URL.Path+"?"+r.URL.RawQuery]
		if res == nil {
			res = s.res[key][r.URL.Path]
		}
		s.mu.RUnlock()
		if res == nil {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(http.StatusNotFound)
			fmt.Fprintf(w, "<!DOCTYPE html><html lang=%q><head><meta charset=\"utf-8\"><title>404</title></head>"+
				"<body><h1>404</h1><p>%s</p></body></html>", lang, notFound)
			return
		}
		if res.slow && !s.stall(r.Context()) {
			if r.Context().Err() == nil {
				http.Error(w, "server shutting down", http.StatusServiceUnavailable)
			}
			return
		}
		w.Header().Set("Content-Type", res.ctype)
		w.Header().Set("ETag", res.etag)
		w.Header().Set("Cache-Control", "no-cache")
		http.ServeContent(w, r, "", res.mod, bytes.NewReader(res.body))
	})
}

// stall waits SlowDelay and reports true, or reports false as soon as the
// request is cancelled or the site closes.
func (s *Site) stall(ctx context.Context) bool {
	s.slowNow.Add(1)
	defer s.slowNow.Add(-1)
	t := time.NewTimer(SlowDelay)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
	case <-s.closed:
	}
	return false
}

// errFixture wraps problems found in the embedded fixtures.
var errFixture = errors.New("demo: bad fixture")

// pixel is a 1×1 transparent GIF.
var pixel = []byte("GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00" +
	",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")
