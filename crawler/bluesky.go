package crawler

import (
	"fmt"
	"net/url"
	"strings"

	"mediawatch"
)

// ParseBluesky reads a Bluesky profile's RSS feed
// (https://bsky.app/profile/HANDLE/rss) and returns one post per item,
// newest first: the post's URL (…/profile/HANDLE/post/ID, also its id),
// its text, date, the links written out in it, and the profile as the
// account — the channel's title is "@handle - Display Name", its link the
// profile's page.
//
// Items carry no title (the first line stands in) and their description
// is the post's plain text, not HTML; a link Bluesky shortened for display
// ("example.com/artic…") is not kept, as the feed does not give the whole
// address. The guid is the post's at:// URI; the web URL is what people
// open, so it is the id.
//
// Shape confirmed from a 2026 capture of
// https://bsky.app/profile/theverge.com/rss described in a public plan
// (search-index file id 59178366244: <link>…/post/…</link>, description
// = the post's text with &#xA; line breaks, pubDate "18 Jul 2026 12:40
// +0000", guid isPermaLink="false" at://did:plc:…, no <title>).
func ParseBluesky(body []byte, contentType, feedURL string) ([]Link, error) {
	base, _ := url.Parse(strings.TrimSpace(feedURL))
	feed, err := parseFeedBytes(feedUTF8(body, contentType))
	if err != nil {
		return nil, fmt.Errorf("parse bluesky feed: %w", err)
	}
	acc := blueskyAccount(feed.Title, absURL(base, feed.Link), base)
	links := make([]Link, 0, min(len(feed.Items), maxSocialItems))
	seen := map[string]bool{}
	for _, it := range feed.Items {
		if it == nil || len(links) == maxSocialItems {
			continue
		}
		u := itemURL(it, base)
		if u == "" || seen[u] {
			continue
		}
		a := acc
		if a.Handle == "" {
			// A feed without its channel header: the post's URL names
			// the profile.
			a = blueskyAccount("", u, base)
		}
		text := blockTextOf(plainLines(it.Description))
		if text == "" || a.Handle == "" {
			continue
		}
		seen[u] = true
		lc := newLinkCollector(base, "bsky.app", hostOf(base))
		lc.bareURLs(text)
		links = append(links, Link{
			URL: u, Title: postTitle(text), Text: text, Author: a.Label(), Published: itemTime(it),
			Post: &mediawatch.Post{Platform: mediawatch.PlatformBluesky, ID: u, Account: a, Links: lc.links},
		})
	}
	return links, nil
}

// plainLines is a feed's plain-text field with stray control characters
// dropped but its line breaks kept.
func plainLines(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' || r >= ' ' && r != 0x7f {
			return r
		}
		return -1
	}, s)
}

// blueskyAccount reads the profile from the channel's title ("@handle -
// Display Name") and link (…/profile/HANDLE).
func blueskyAccount(title, link string, base *url.URL) mediawatch.Account {
	acc := mediawatch.Account{Platform: mediawatch.PlatformBluesky}
	title = cleanLine(title)
	if h, name, ok := strings.Cut(title, " - "); ok && strings.HasPrefix(h, "@") {
		acc.Handle, acc.Name = h, name
	} else if strings.HasPrefix(title, "@") && !strings.Contains(title, " ") {
		acc.Handle = title
	}
	if u, err := url.Parse(link); link != "" && err == nil {
		parts := strings.Split(strings.Trim(u.Path, "/"), "/")
		if len(parts) >= 2 && parts[0] == "profile" && parts[1] != "" {
			acc.Handle = parts[1]
			acc.URL = (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: "/profile/" + parts[1]}).String()
		}
	}
	acc.Handle = mediawatch.NormalHandle(mediawatch.PlatformBluesky, acc.Handle)
	if strings.ContainsAny(acc.Handle, " /?#") || len(acc.Handle) > 253 {
		acc.Handle = ""
	}
	if acc.URL == "" && acc.Handle != "" && base != nil {
		acc.URL = (&url.URL{Scheme: base.Scheme, Host: base.Host, Path: "/profile/" + acc.Handle}).String()
	}
	return acc
}
