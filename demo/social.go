package demo

import (
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"mediawatch"
)

// channel is one of the demo's social sources: a Telegram channel's web
// preview, a YouTube channel's feed or a Mastodon hashtag's feed, each on
// its own 127.0.0.1 listener. Their markup follows public captures of the
// real pages (see the templates' comments).
type channel struct {
	Key      string // fixture file site/social/<key>.txt
	Slug     string // the source name
	Name     string // the account's (or tag feed's) display name
	Kind     mediawatch.SourceKind
	Handle   string // Telegram username, YouTube channel id, Mastodon tag
	Lang     string
	Keep     mediawatch.Keep
	Weight   float64
	Audience int64  // Telegram: subscribers on the preview page
	About    string // the channel's description
	Base     string // http://127.0.0.1:port, set at Start

	ln  net.Listener
	srv *http.Server
}

func newChannels() []*channel {
	return []*channel{{
		Key: "telegram", Slug: "tg-tin-nong-tay-bac", Name: "Tin Nóng Tây Bắc 🔥", Kind: mediawatch.KindTelegram,
		Handle: "tinnong_taybac", Lang: "vi", Keep: mediawatch.KeepAll, Weight: 1, Audience: 48213,
		About: "Tin tức, thời tiết, giao thông Tây Bắc ⛰️ Kênh tổng hợp của cộng đồng, không phải cơ quan báo chí.",
	}, {
		Key: "youtube", Slug: "yt-goc-nhin-tay-bac", Name: "Góc Nhìn Tây Bắc TV", Kind: mediawatch.KindYouTube,
		Handle: "UCq7Tb4nLxW2mVd9sKe3YhZa", Lang: "vi", Keep: mediawatch.KeepAll, Weight: 1,
	}, {
		Key: "mastodon", Slug: "mastodon-tag-sonla", Name: "#sonla", Kind: mediawatch.KindMastodon,
		Handle: "sonla", Lang: "vi", Keep: mediawatch.KeepMentions, Weight: 0.5,
	}}
}

// ListURL is the page or feed the source reads.
func (c *channel) ListURL() string {
	switch c.Kind {
	case mediawatch.KindTelegram:
		return c.Base + "/s/" + c.Handle
	case mediawatch.KindYouTube:
		return c.Base + "/feeds/videos.xml?channel_id=" + c.Handle
	default:
		return c.Base + "/tags/" + c.Handle + ".rss"
	}
}

// post is one post of a channel: a fixture record or an older generated one.
type post struct {
	Ch        *channel
	ID        string // Telegram message number, YouTube video id, Mastodon status id
	User      string // Mastodon: the author's username on the instance
	Title     string // YouTube: the video's title
	Lines     []string
	Published time.Time
	Views     int64
	FwdName   string // Telegram: forwarded from this channel …
	FwdPath   string // … whose post is at this path
	Share     *article
	Lang      string
	Want, Why string
	Story     string
	Rule      string
	Flags     map[string]bool // pinned service older
}

// URL is the post's permalink, in the platform's own form on the channel's host.
func (p *post) URL() string {
	switch p.Ch.Kind {
	case mediawatch.KindTelegram:
		return p.Ch.Base + "/" + p.Ch.Handle + "/" + p.ID
	case mediawatch.KindYouTube:
		return p.Ch.Base + "/watch?v=" + p.ID
	default:
		return p.Ch.Base + "/@" + p.User + "/" + p.ID
	}
}

// Text is the post's text as one string, lines joined by newlines.
func (p *post) Text() string { return strings.Join(p.Lines, "\n") }

// label is a short name for the post: its title, else its first line.
func (p *post) label() string {
	if p.Title != "" {
		return p.Title
	}
	if len(p.Lines) == 0 {
		return p.ID
	}
	return clip(p.Lines[0], 90)
}

// loadPosts parses site/social/<key>.txt for every channel; share records
// name an article of the news outlets, which must be loaded.
func loadPosts(chans []*channel, arts []*article, now time.Time) ([]*post, error) {
	byRef := map[string]*article{}
	for _, a := range arts {
		byRef[a.Outlet.Key+" "+a.Path] = a
	}
	var all []*post
	for _, c := range chans {
		data, err := siteFS.ReadFile("site/social/" + c.Key + ".txt")
		if err != nil {
			return nil, err
		}
		for i, rec := range strings.Split("\n"+string(data), "\n=== ")[1:] {
			p, err := parsePost(c, rec, now, byRef)
			if err != nil {
				return nil, fmt.Errorf("%w: social/%s record %d: %v", errFixture, c.Key, i+1, err)
			}
			if c.Kind == mediawatch.KindMastodon {
				p.ID = statusID(p.Published, i)
			}
			all = append(all, p)
		}
		all = append(all, olderPosts(c, now)...)
	}
	return all, nil
}

func parsePost(c *channel, rec string, now time.Time, byRef map[string]*article) (*post, error) {
	head, body, _ := strings.Cut(rec, "\n\n")
	lines := strings.Split(head, "\n")
	p := &post{Ch: c, Lang: c.Lang, Flags: map[string]bool{}}
	if c.Kind == mediawatch.KindMastodon {
		p.User = strings.TrimSpace(lines[0])
	} else {
		p.ID = strings.TrimSpace(lines[0])
	}
	hours := 0.0
	for _, l := range lines[1:] {
		if strings.TrimSpace(l) == "" {
			continue
		}
		k, v, ok := strings.Cut(l, ":")
		if !ok {
			return nil, fmt.Errorf("header line %q", l)
		}
		v = strings.TrimSpace(v)
		var err error
		switch k {
		case "hours":
			hours, err = strconv.ParseFloat(v, 64)
		case "views":
			p.Views, err = strconv.ParseInt(v, 10, 64)
		case "title":
			p.Title = v
		case "lang":
			p.Lang = v
		case "want":
			p.Want = v
		case "why":
			p.Why = v
		case "story":
			p.Story = v
		case "rule":
			p.Rule = v
		case "forwarded":
			name, path, _ := strings.Cut(v, "|")
			p.FwdName, p.FwdPath = strings.TrimSpace(name), strings.TrimSpace(path)
		case "share":
			if p.Share = byRef[v]; p.Share == nil {
				return nil, fmt.Errorf("share of unknown article %q", v)
			}
		case "flags":
			for _, f := range strings.Fields(v) {
				p.Flags[f] = true
			}
		default:
			return nil, fmt.Errorf("unknown header %q", k)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", k, err)
		}
	}
	for _, l := range strings.Split(body, "\n") {
		if l = strings.Join(strings.Fields(l), " "); l != "" {
			p.Lines = append(p.Lines, l)
		}
	}
	p.Published = now.Add(-time.Duration(hours * float64(time.Hour))).Truncate(time.Second)
	if !wants[p.Want] || p.Why == "" || len(p.Lines) == 0 || (p.ID == "" && p.User == "") {
		return nil, fmt.Errorf("%s%s: id, text, want and why are required (want %q)", p.ID, p.User, p.Want)
	}
	return p, nil
}

// statusID is a Mastodon status id for a post published at t: like
// Mastodon's, the milliseconds since the epoch shifted left 16 bits, plus a
// sequence, so that ids sort by time.
func statusID(t time.Time, seq int) string {
	return strconv.FormatInt(t.UnixMilli()<<16|int64(seq&0xffff), 10)
}

// olderPosts are a channel's posts from before the fixtures' few days:
// what the Telegram page's "before" link leads to, and what fills the
// YouTube feed's 15 entries and the Mastodon tag feed's 20. They are
// ordinary posts naming Sơn La, none flagged, kept by a first crawl.
func olderPosts(c *channel, now time.Time) []*post {
	n := map[mediawatch.SourceKind]int{mediawatch.KindTelegram: 24, mediawatch.KindYouTube: 11, mediawatch.KindMastodon: 13}[c.Kind]
	day0 := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, ict)
	var out []*post
	for i := range n {
		seq := 500 + i*5 + len(c.Key) // apart from the outlets' history sequence
		t := viTopics[seq%len(viTopics)]
		district := districts[(seq/7)%len(districts)]
		pub := day0.AddDate(0, 0, -(historyFirstDay + n - 1 - i)).Add(time.Duration(9+i%9) * time.Hour)
		p := &post{Ch: c, Lang: c.Lang, Published: pub, Flags: map[string]bool{"older": true}, Want: "kept",
			Lines: []string{fmt.Sprintf(t.title, district, 30+seq), fmt.Sprintf(t.body, district)},
			Views: int64(900 + (seq*37)%4000)}
		switch c.Kind {
		case mediawatch.KindTelegram:
			p.ID = strconv.Itoa(4272 + i) // before the fixtures' first, 4301
			p.Why = "An older post on the page the preview's \"before\" link leads to: read on the first crawl (backfill) and kept."
		case mediawatch.KindYouTube:
			p.ID = fmt.Sprintf("tb%03dVd%04d", i, seq)[:11]
			p.Title, p.Lines = p.Lines[0], p.Lines[1:]
			p.Why = "An older video among the feed's 15 entries: kept."
		default:
			p.User = []string{"bantin_ban", "dulich_taybac", "hoa_moc"}[i%3]
			p.ID = statusID(pub, i)
			p.Lines = []string{p.Lines[0] + ". " + p.Lines[1] + " #sonla"}
			p.Why = "An older #sonla post that names Sơn La: kept by the watch list."
		}
		out = append(out, p)
	}
	return out
}

// shownViews is a view count as Telegram's preview shows it ("980",
// "12.4K", "1.2M"), and the number that text means.
func shownViews(n int64) (string, int64) {
	switch {
	case n < 1000:
		return strconv.FormatInt(n, 10), n
	case n < 1_000_000:
		tenths := n / 100
		if tenths%10 == 0 {
			return strconv.FormatInt(tenths/10, 10) + "K", tenths * 100
		}
		return fmt.Sprintf("%d.%dK", tenths/10, tenths%10), tenths * 100
	default:
		tenths := n / 100_000
		return fmt.Sprintf("%d.%dM", tenths/10, tenths%10), tenths * 100_000
	}
}

// expectation is what a correct crawl does with the post.
func (p *post) expectation() Expectation {
	e := Expectation{URL: p.URL(), Outlet: p.Ch.Slug, Title: p.label(), Want: p.Want, Why: p.Why,
		Platform: string(p.Ch.Kind.Platform()), Account: p.account(), Pinned: p.Flags["pinned"],
		ForwardedFrom: p.FwdName, Story: p.Story, Rule: p.Rule}
	switch p.Ch.Kind {
	case mediawatch.KindTelegram:
		_, e.Views = shownViews(p.Views)
	case mediawatch.KindYouTube:
		e.Views = p.Views
	}
	if p.Share != nil {
		e.Shares = p.Share.URL()
	}
	if p.Flags["service"] {
		e.Platform, e.Account = "", ""
	}
	return e
}

// account is the handle of the post's author as mediawatch.NormalHandle
// keeps it: the Telegram username, the YouTube channel id, the Mastodon
// user@instance (the instance's host name, without the port).
func (p *post) account() string {
	switch p.Ch.Kind {
	case mediawatch.KindMastodon:
		u, _ := url.Parse(p.Ch.Base)
		return mediawatch.NormalHandle(mediawatch.PlatformMastodon, p.User+"@"+u.Hostname())
	default:
		return mediawatch.NormalHandle(p.Ch.Kind.Platform(), p.Ch.Handle)
	}
}
