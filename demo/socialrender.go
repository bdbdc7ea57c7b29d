package demo

import (
	"bytes"
	"encoding/base64"
	"fmt"
	htmltemplate "html/template"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"mediawatch"
)

// tgPageSize is how many messages a Telegram preview page shows.
const tgPageSize = 20

// tgMessage is one message as the preview page shows it.
type tgMessage struct {
	DataPost, DataView string
	Service            bool
	FwdName, FwdURL    string
	TextHTML           htmltemplate.HTML
	Preview            *linkPreview
	Views              string
	Permalink          string
	Datetime, Clock    string
}

// linkPreview is Telegram's card for a shared link.
type linkPreview struct{ URL, Image, Site, Title, Desc string }

// buildChannel renders every response of one channel.
func (s *Site) buildChannel(c *channel) (map[string]*resource, error) {
	var posts []*post
	for _, p := range s.posts {
		if p.Ch == c {
			posts = append(posts, p)
		}
	}
	m := map[string]*resource{"/robots.txt": newResource([]byte("User-agent: *\nDisallow:\n"), "text/plain; charset=utf-8", s.start)}
	var err error
	for _, p := range posts {
		if err := s.buildPostPage(c, p, m); err != nil {
			return nil, err
		}
	}
	switch c.Kind {
	case mediawatch.KindTelegram:
		err = s.buildTelegram(c, posts, m)
	case mediawatch.KindYouTube:
		err = s.buildYouTube(c, posts, m)
	default:
		err = s.buildMastodon(c, posts, m)
	}
	return m, err
}

// buildTelegram renders the preview in pages of tgPageSize, newest page
// at /s/NAME, each older one at /s/NAME?before=ID (the oldest message
// number of the page after it).
func (s *Site) buildTelegram(c *channel, posts []*post, m map[string]*resource) error {
	slices.SortFunc(posts, func(a, b *post) int { return tgNum(a) - tgNum(b) })
	before := ""
	for end := len(posts); end > 0; end -= tgPageSize {
		page := posts[max(0, end-tgPageSize):end]
		data := struct {
			Ch                  *channel
			NameHTML, AboutHTML htmltemplate.HTML
			Subscribers         string
			Before              string
			Messages            []tgMessage
		}{Ch: c, NameHTML: tgText([]string{c.Name}, c), AboutHTML: tgText([]string{c.About}, c)}
		data.Subscribers = groupDigits(c.Audience)
		if end-tgPageSize > 0 {
			data.Before = page[0].ID
		}
		mod := s.start
		for _, p := range page {
			data.Messages = append(data.Messages, s.tgMessage(c, p))
			if p.Published.After(mod) {
				mod = p.Published
			}
		}
		var buf bytes.Buffer
		if err := htmlT.ExecuteTemplate(&buf, "telegram.html", data); err != nil {
			return err
		}
		path := "/s/" + c.Handle
		if before != "" {
			path += "?before=" + before
		}
		m[path] = newResource(buf.Bytes(), "text/html; charset=utf-8", mod)
		before = data.Before
	}
	return nil
}

func tgNum(p *post) int { n, _ := strconv.Atoi(p.ID); return n }

func (s *Site) tgMessage(c *channel, p *post) tgMessage {
	msg := tgMessage{DataPost: c.Handle + "/" + p.ID, Service: p.Flags["service"], Permalink: p.URL(),
		Datetime: p.Published.UTC().Format("2006-01-02T15:04:05+00:00"), Clock: p.Published.Format("15:04")}
	msg.DataView = base64.RawURLEncoding.EncodeToString(fmt.Appendf(nil, `{"c":-1001735%s,"p":%s,"t":%d}`, "200417", p.ID, p.Published.Unix()))
	if msg.Service {
		// "NAME pinned «TEXT»", as the preview words a pin.
		msg.TextHTML = htmltemplate.HTML(`<a class="tgme_widget_message_author_name" href="` + htmltemplate.HTMLEscapeString(c.Base+"/"+c.Handle) +
			`"><span dir="auto">` + string(tgText([]string{c.Name}, c)) + `</span></a> pinned «<span class="tgme_widget_service_strong_text" dir="auto">` +
			string(tgText(p.Lines, c)) + `</span>»`)
		return msg
	}
	msg.Views, _ = shownViews(p.Views)
	if p.FwdName != "" {
		msg.FwdName, msg.FwdURL = p.FwdName, c.Base+p.FwdPath
	}
	text := string(tgText(p.Lines, c))
	if a := p.Share; a != nil {
		u := htmltemplate.HTMLEscapeString(a.URL())
		text += "<br/><br/>" + `<a href="` + u + `" target="_blank" rel="noopener" onclick="return confirm('Open this link?\n\n'+this.href);">` + u + `</a>`
		msg.Preview = &linkPreview{URL: a.URL(), Image: a.Outlet.Base + a.Image, Site: a.Outlet.Name, Title: a.Title, Desc: a.Summary}
	}
	msg.TextHTML = htmltemplate.HTML(text)
	return msg
}

// tgText renders lines as the preview does: escaped, joined by <br/>,
// hashtags linked to the channel's search, and every emoji in its own
// <i class="emoji"> with the character inside a <b>.
func tgText(lines []string, c *channel) htmltemplate.HTML {
	var b strings.Builder
	for i, l := range lines {
		if i > 0 {
			b.WriteString("<br/>")
		}
		for j, w := range strings.Split(l, " ") {
			if j > 0 {
				b.WriteByte(' ')
			}
			if len(w) > 1 && w[0] == '#' {
				b.WriteString(`<a href="?q=%23` + htmltemplate.HTMLEscapeString(w[1:]) + `">` + htmltemplate.HTMLEscapeString(w) + `</a>`)
				continue
			}
			rs := []rune(w)
			for k := 0; k < len(rs); k++ {
				if !isEmoji(rs[k]) {
					b.WriteString(htmltemplate.HTMLEscapeString(string(rs[k])))
					continue
				}
				e := string(rs[k])
				if k+1 < len(rs) && rs[k+1] == '\uFE0F' { // the variation selector belongs to the emoji
					e += string(rs[k+1])
					k++
				}
				hex := strings.ToUpper(fmt.Sprintf("%x", e))
				b.WriteString(`<i class="emoji" style="background-image:url('//telegram.org/img/emoji/40/` + hex + `.png')"><b>` + e + `</b></i>`)
			}
		}
	}
	return htmltemplate.HTML(b.String())
}

// isEmoji reports the pictographs the fixtures use.
func isEmoji(r rune) bool {
	return r >= 0x1F300 && r <= 0x1FAFF || r >= 0x2600 && r <= 0x27BF && unicode.IsSymbol(r)
}

// groupDigits writes n with spaces between thousands, as the preview's
// subscriber counter does ("48 213").
func groupDigits(n int64) string {
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// buildYouTube renders the channel feed: the newest 15 videos.
func (s *Site) buildYouTube(c *channel, posts []*post, m map[string]*resource) error {
	slices.SortFunc(posts, func(a, b *post) int { return b.Published.Compare(a.Published) })
	posts = posts[:min(15, len(posts))]
	type video struct {
		ID, Title, URL, Published, Updated, Desc string
		Views, Stars                             int64
	}
	data := struct {
		Ch     *channel
		Videos []video
	}{Ch: c}
	mod := s.start
	for _, p := range posts {
		desc := p.Text()
		if p.Share != nil {
			desc += "\n" + p.Share.URL()
		}
		// The feed's updated moves with the view count: hours after upload.
		up := p.Published.Add(3 * time.Hour)
		if up.After(s.start) {
			up = s.start
		}
		data.Videos = append(data.Videos, video{ID: p.ID, Title: p.Title, URL: p.URL(), Desc: desc,
			Published: p.Published.UTC().Format("2006-01-02T15:04:05+00:00"), Updated: up.UTC().Format("2006-01-02T15:04:05+00:00"),
			Views: p.Views, Stars: p.Views / 40})
		if up.After(mod) {
			mod = up
		}
	}
	var buf bytes.Buffer
	if err := xmlT.ExecuteTemplate(&buf, "youtube.xml", data); err != nil {
		return err
	}
	m["/feeds/videos.xml?channel_id="+c.Handle] = newResource(buf.Bytes(), "text/xml; charset=UTF-8", mod)
	return nil
}

// buildMastodon renders the tag feed: the newest 20 statuses.
func (s *Site) buildMastodon(c *channel, posts []*post, m map[string]*resource) error {
	slices.SortFunc(posts, func(a, b *post) int { return b.Published.Compare(a.Published) })
	posts = posts[:min(20, len(posts))]
	type status struct {
		URL, PubDate, HTML string
		Tags               []string
	}
	data := struct {
		Ch       *channel
		Built    string
		Statuses []status
	}{Ch: c}
	mod := s.start
	if len(posts) > 0 {
		mod = posts[0].Published
	}
	data.Built = mod.UTC().Format(time.RFC1123Z)
	for _, p := range posts {
		html, tags := mastodonHTML(p, c)
		data.Statuses = append(data.Statuses, status{URL: p.URL(), PubDate: p.Published.UTC().Format(time.RFC1123Z), HTML: html, Tags: tags})
	}
	var buf bytes.Buffer
	if err := xmlT.ExecuteTemplate(&buf, "mastodon.xml", data); err != nil {
		return err
	}
	m["/tags/"+c.Handle+".rss"] = newResource(buf.Bytes(), "application/rss+xml; charset=utf-8", mod)
	return nil
}

// mastodonHTML is a status's content as Mastodon writes it: one <p> per
// line, hashtags as links with the tag in a <span>, a shared link shown
// shortened between invisible spans; and the tags it carries.
func mastodonHTML(p *post, c *channel) (string, []string) {
	var b strings.Builder
	var tags []string
	for i, l := range p.Lines {
		b.WriteString("<p>")
		for j, w := range strings.Split(l, " ") {
			if j > 0 {
				b.WriteByte(' ')
			}
			if len(w) > 1 && w[0] == '#' {
				tag := strings.ToLower(w[1:])
				tags = append(tags, tag)
				b.WriteString(`<a href="` + htmltemplate.HTMLEscapeString(c.Base+"/tags/"+tag) + `" class="mention hashtag" rel="tag">#<span>` +
					htmltemplate.HTMLEscapeString(w[1:]) + `</span></a>`)
				continue
			}
			b.WriteString(htmltemplate.HTMLEscapeString(w))
		}
		if a := p.Share; a != nil && i == len(p.Lines)-1 {
			u := a.URL()
			scheme, rest, _ := strings.Cut(u, "://")
			shown, hidden := rest, ""
			if len(rest) > 30 {
				shown, hidden = rest[:30], rest[30:]
			}
			b.WriteString(` <a href="` + htmltemplate.HTMLEscapeString(u) + `" target="_blank" rel="nofollow noopener" translate="no">` +
				`<span class="invisible">` + scheme + `://</span><span class="ellipsis">` + htmltemplate.HTMLEscapeString(shown) +
				`</span><span class="invisible">` + htmltemplate.HTMLEscapeString(hidden) + `</span></a>`)
		}
		b.WriteString("</p>")
	}
	return b.String(), tags
}

// buildPostPage renders the post's own page at its permalink.
func (s *Site) buildPostPage(c *channel, p *post, m map[string]*resource) error {
	if p.Flags["service"] {
		return nil
	}
	u, err := url.Parse(p.URL())
	if err != nil {
		return err
	}
	data := struct {
		Lang, Title, Platform, URL, ChannelURL, Account, Datetime, Views, Share string
		Lines                                                                   []string
	}{Lang: p.Lang, Title: p.Title, Platform: platformName[c.Kind], URL: p.URL(), ChannelURL: c.ListURL(),
		Account: c.Name, Datetime: p.Published.Format(time.RFC3339), Lines: p.Lines}
	if c.Kind == mediawatch.KindMastodon {
		data.Account = "@" + p.User
	}
	if p.Views > 0 {
		data.Views = groupDigits(p.Views)
	}
	if p.Share != nil {
		data.Share = p.Share.URL()
	}
	var buf bytes.Buffer
	if err := htmlT.ExecuteTemplate(&buf, "post.html", data); err != nil {
		return err
	}
	key := u.Path
	if u.RawQuery != "" {
		key += "?" + u.RawQuery
	}
	m[key] = newResource(buf.Bytes(), "text/html; charset=utf-8", p.Published)
	return nil
}

var platformName = map[mediawatch.SourceKind]string{mediawatch.KindTelegram: "Telegram", mediawatch.KindYouTube: "YouTube",
	mediawatch.KindMastodon: "Mastodon"}
