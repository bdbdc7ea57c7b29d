package crawler

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"github.com/mmcdole/gofeed"

	"mediawatch"
)

// ParseMastodon reads a Mastodon RSS feed — a hashtag's (/tags/TAG.rss)
// or an account's (/@USER.rss), on any instance — and returns one post per
// item, newest first: the status URL (which is also the post's id), its
// HTML description as plain text, the date, an attached image
// (media:content), the outside links it shares (mentions and hashtags are
// not links), and its author.
//
// The author of a tag feed's item comes from the item's link: a status at
// https://instance/@user/123 is user@instance's. An account feed's author
// is the channel itself: its title is the display name, its link the
// account's page. Items carry no title; the post's first line stands in.
//
// Shape confirmed from stored public material: granary's RSS tests
// "based on Mastodon's RSS" (snarfed/granary, search-index file id
// 8409591192: <media:content url=… type=… medium="image"> with a
// <media:description>), an Obsidian plugin's README quoting a
// mastodon.social item (file id 5780127856: <link>, <pubDate>,
// <media:content>, <category>), and a 2026 capture of
// https://mastodon.social/@arstechnica.rss described in a public plan
// (file id 59178366244: guid isPermaLink="true" = the status URL,
// description = escaped HTML, no <title>).
func ParseMastodon(body []byte, contentType, feedURL string) ([]Link, error) {
	base, _ := url.Parse(strings.TrimSpace(feedURL))
	feed, err := parseFeedBytes(feedUTF8(body, contentType))
	if err != nil {
		return nil, fmt.Errorf("parse mastodon feed: %w", err)
	}
	// An account's feed names its account; a tag's names "#tag".
	var chAcc *mediawatch.Account
	if a, ok := mastodonAccount(absURL(base, feed.Link)); ok && (base == nil || !strings.HasPrefix(base.Path, "/tags/")) {
		a.Name = plainText(feed.Title)
		chAcc = &a
	}
	links := make([]Link, 0, min(len(feed.Items), maxSocialItems))
	seen := map[string]bool{}
	for _, it := range feed.Items {
		if it == nil || len(links) == maxSocialItems {
			continue
		}
		l, ok := mastodonLink(it, base, chAcc)
		if !ok || seen[l.URL] {
			continue
		}
		seen[l.URL] = true
		links = append(links, l)
	}
	return links, nil
}

func mastodonLink(it *gofeed.Item, base *url.URL, chAcc *mediawatch.Account) (Link, bool) {
	status := itemURL(it, base)
	if status == "" {
		return Link{}, false
	}
	acc, ok := mastodonAccount(status)
	if chAcc != nil && (!ok || acc.Handle == chAcc.Handle) {
		acc, ok = *chAcc, true
	}
	if !ok {
		return Link{}, false
	}
	html := it.Description
	if strings.TrimSpace(html) == "" {
		html = it.Content
	}
	text := fragmentText(html)
	su, _ := url.Parse(status)
	lc := newLinkCollector(base, hostOf(base), hostOf(su))
	if doc := htmlFragment(html); doc != nil {
		lc.anchors(goquery.NewDocumentFromNode(doc).Selection, func(a *goquery.Selection) bool {
			rel, _ := a.Attr("rel")
			return a.HasClass("mention") || a.HasClass("hashtag") || a.HasClass("u-url") ||
				strings.Contains(" "+rel+" ", " tag ")
		})
	}
	if text == "" && len(lc.links) == 0 {
		return Link{}, false
	}
	return Link{
		URL: status, Title: postTitle(text), Text: text, Author: acc.Label(), Published: itemTime(it),
		Image: itemImage(it, base),
		Post:  &mediawatch.Post{Platform: mediawatch.PlatformMastodon, ID: status, Account: acc, Links: lc.links},
	}, true
}

// mastodonAccount is the account a status or profile URL names:
// https://instance/@user[/123] or https://instance/users/user[/statuses/123]
// is "user@instance".
func mastodonAccount(u string) (mediawatch.Account, bool) {
	p, err := url.Parse(u)
	if u == "" || err != nil || p.Host == "" {
		return mediawatch.Account{}, false
	}
	parts := strings.Split(strings.Trim(p.Path, "/"), "/")
	user := ""
	switch {
	case strings.HasPrefix(parts[0], "@"):
		user = strings.TrimSuffix(strings.TrimPrefix(parts[0], "@"), ".rss")
	case len(parts) >= 2 && parts[0] == "users":
		user = parts[1]
	}
	// A remote account seen through this instance: /@user@other/123.
	host := strings.ToLower(p.Hostname())
	if name, h, ok := strings.Cut(user, "@"); ok {
		user, host = name, strings.ToLower(h)
	}
	if user == "" || host == "" || strings.ContainsAny(user, " ?#%") || len(user) > 100 {
		return mediawatch.Account{}, false
	}
	handle := mediawatch.NormalHandle(mediawatch.PlatformMastodon, user+"@"+host)
	return mediawatch.Account{Platform: mediawatch.PlatformMastodon, Handle: handle,
		URL: (&url.URL{Scheme: p.Scheme, Host: p.Host, Path: "/@" + user}).String()}, true
}
