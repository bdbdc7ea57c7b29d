package crawler

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"github.com/mmcdole/gofeed"

	"mediawatch"
)

// redditHosts are Reddit's own hosts: links there are the post itself,
// its comments or its author, not something the post shares.
var redditHosts = []string{"reddit.com", "redd.it", "redditmedia.com", "redditstatic.com"}

// ParseReddit reads a subreddit's or a search's feed (/r/NAME/.rss,
// /search.rss?q=…; Atom despite the name) and returns one post per entry,
// newest first: the post's page, title, its own text (the entry's HTML
// content, the "submitted by … [link] [comments]" footer left out), the
// date, the subreddit, the id ("t3_…"), and the author (/u/name, kept as
// "u/name"; "r/NAME" for an entry without one). A link post's shared
// address (the footer's [link]) and the links in a text post are the
// post's Links.
//
// Shape confirmed from stored captures of real Reddit feeds: a test's copy
// of old.reddit.com/r/…/.rss from 2022 (search-index file id 21286330824:
// <author><name>/u/…</name><uri>…/user/…</uri></author>, <category
// term=… label="r/…"/>, content type html with the SC_OFF div.md and the
// [link]/[comments] footer) and trimmed fixtures of 2026 feeds (file ids
// 69165108263, 71066094563: <id>t3_…</id>, <published>, <updated>).
func ParseReddit(body []byte, contentType, feedURL string) ([]Link, error) {
	base, _ := url.Parse(strings.TrimSpace(feedURL))
	feed, err := parseFeedBytes(feedUTF8(body, contentType))
	if err != nil {
		return nil, fmt.Errorf("parse reddit feed: %w", err)
	}
	links := make([]Link, 0, min(len(feed.Items), maxSocialItems))
	seen := map[string]bool{}
	for _, it := range feed.Items {
		if it == nil || len(links) == maxSocialItems {
			continue
		}
		l, ok := redditLink(it, base)
		if !ok || seen[l.URL] {
			continue
		}
		seen[l.URL] = true
		links = append(links, l)
	}
	return links, nil
}

func redditLink(it *gofeed.Item, base *url.URL) (Link, bool) {
	page := itemURL(it, base)
	if page == "" {
		return Link{}, false
	}
	id := cleanLine(it.GUID)
	if id == "" || len(id) > 64 {
		id = page
	}
	sub := ""
	if len(it.Categories) > 0 {
		// The term ("VietNam") or, as gofeed may give it, the label ("r/VietNam").
		sub = strings.TrimPrefix(strings.TrimPrefix(cleanLine(it.Categories[0]), "/"), "r/")
	}
	acc := mediawatch.Account{Platform: mediawatch.PlatformReddit}
	for _, a := range it.Authors {
		if a == nil {
			continue
		}
		name := strings.TrimPrefix(strings.TrimPrefix(cleanLine(a.Name), "/"), "u/")
		if name != "" && !strings.ContainsAny(name, " /?#") {
			acc.Handle = mediawatch.NormalHandle(mediawatch.PlatformReddit, "u/"+name)
			if base != nil {
				acc.URL = (&url.URL{Scheme: base.Scheme, Host: base.Host, Path: "/user/" + name}).String()
			}
			break
		}
	}
	if acc.Handle == "" && sub != "" && !strings.ContainsAny(sub, " /?#") {
		acc.Handle = mediawatch.NormalHandle(mediawatch.PlatformReddit, "r/"+sub)
	}
	if acc.Handle == "" {
		return Link{}, false
	}
	html := it.Content
	if strings.TrimSpace(html) == "" {
		html = it.Description
	}
	text, shared := redditContent(html, base)
	title := plainText(it.Title)
	if redditGone(title) || redditGone(text) {
		return Link{}, false // deleted or removed: nothing left to read
	}
	if title == "" {
		title = postTitle(text)
	}
	if title == "" && text == "" {
		return Link{}, false
	}
	return Link{
		URL: page, Title: title, Text: text, Author: acc.Label(), Published: itemTime(it), Image: itemImage(it, base),
		Post: &mediawatch.Post{Platform: mediawatch.PlatformReddit, ID: id, Account: acc, Links: shared},
	}, true
}

// redditGone reports a title or text Reddit leaves in place of a
// deleted or removed post.
func redditGone(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "[deleted]", "[removed]", "[deleted by user]", "[removed by reddit]":
		return true
	}
	return false
}

// redditContent is an entry's HTML as the post's own text (the div.md a
// text post has; a link post has none) and the outside links it shares.
func redditContent(s string, base *url.URL) (string, []string) {
	doc := htmlFragment(s)
	if doc == nil {
		return "", nil
	}
	d := goquery.NewDocumentFromNode(doc)
	lc := newLinkCollector(base, redditHosts...)
	var parts []string
	d.Find("div.md").Each(func(_ int, md *goquery.Selection) {
		if t := postText(md.Get(0)); t != "" {
			parts = append(parts, t)
		}
		lc.anchors(md, nil)
	})
	d.Find("a[href]").Each(func(_ int, a *goquery.Selection) {
		if strings.TrimSpace(a.Text()) == "[link]" {
			href, _ := a.Attr("href")
			lc.add(href)
		}
	})
	return strings.Join(parts, "\n\n"), lc.links
}

// UserAgentFor is the User-Agent to send for a source of kind k: Reddit's
// own form for Reddit, which throttles and blocks clients that do not use
// it, else Options.UserAgent.
func (f *Fetcher) UserAgentFor(k mediawatch.SourceKind) string {
	if k == mediawatch.KindReddit {
		return f.opts.RedditUserAgent
	}
	return f.opts.UserAgent
}

// redditAgent derives a User-Agent in Reddit's form from ua, the
// crawler's own ("mediawatch/0.1 (+https://office.example/contact)"):
// "server:mediawatch:0.1 (+https://office.example/contact)". Reddit asks
// for "(by /u/<username>)" as the contact; without a Reddit account the
// operator's contact URL stands in, and crawler.reddit_user_agent sets the
// whole string.
func redditAgent(ua string) string {
	version := "1"
	if i := strings.Index(strings.ToLower(ua), robotsToken+"/"); i >= 0 {
		v := ua[i+len(robotsToken)+1:]
		if j := strings.IndexAny(v, " ;()"); j >= 0 {
			v = v[:j]
		}
		if v != "" {
			version = v
		}
	}
	contact := ""
	if i := strings.IndexByte(ua, '('); i >= 0 {
		contact = " " + strings.TrimSpace(ua[i:])
	}
	return "server:" + robotsToken + ":" + version + contact
}
