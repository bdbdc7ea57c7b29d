package crawler

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/mmcdole/gofeed"
	ext "github.com/mmcdole/gofeed/extensions"

	"mediawatch"
)

// ParseYouTube reads a YouTube channel's or playlist's Atom feed
// (/feeds/videos.xml?channel_id=… or ?playlist_id=…) and returns one post
// per video, newest first as the feed orders them: the watch URL, the
// title, the description (media:group/media:description) as the post's
// text, the publication date, the channel (author/name, yt:channelId) as
// the account, the video id (yt:videoId) and the view count
// (media:community/media:statistics@views) where the feed gives it.
//
// The feed holds only the channel's newest 15 videos, hence the kind's
// 15-minute default interval. A playlist's feed names the playlist's
// owner at the top, but each entry names the channel that published the
// video; the entry's own channel is the account.
//
// Shape confirmed from public captures of real feeds: the doteki project's
// feed-plugin test (search-index file id 11125184146: <yt:videoId>,
// <yt:channelId>, <media:group> with <media:description> and
// <media:community><media:statistics views="…"/>) and a stored copy of a
// live channel feed (file id 55210017435, the same elements, 2026).
// Everything else is read as gofeed reads any Atom feed, leniently.
func ParseYouTube(body []byte, contentType, feedURL string) ([]Link, error) {
	base, _ := url.Parse(strings.TrimSpace(feedURL))
	feed, err := parseFeedBytes(feedUTF8(body, contentType))
	if err != nil {
		return nil, fmt.Errorf("parse youtube feed: %w", err)
	}
	chID := extText(feed.Extensions, "yt", "channelId")
	chName, chURL := "", feed.Link
	if feed.Author != nil {
		chName = feed.Author.Name
	}
	for _, a := range feed.Authors {
		if a != nil && a.Name != "" {
			chName = a.Name
			break
		}
	}
	links := make([]Link, 0, min(len(feed.Items), maxSocialItems))
	seen := map[string]bool{}
	for _, it := range feed.Items {
		if it == nil || len(links) == maxSocialItems {
			continue
		}
		l, ok := youtubeLink(it, base, chID, chName, chURL)
		if !ok || seen[l.Post.ID] {
			continue
		}
		seen[l.Post.ID] = true
		links = append(links, l)
	}
	return links, nil
}

// youtubeLink is one entry as a post; ok is false for an entry without a
// video id or a watch URL.
func youtubeLink(it *gofeed.Item, base *url.URL, chID, chName, chURL string) (Link, bool) {
	id := cleanLine(extText(it.Extensions, "yt", "videoId"))
	if id == "" {
		id = strings.TrimPrefix(strings.TrimSpace(it.GUID), "yt:video:")
	}
	if id == "" || strings.ContainsAny(id, " /?#&") || len(id) > 64 {
		return Link{}, false
	}
	watch := itemURL(it, base)
	if watch == "" {
		watch = "https://www.youtube.com/watch?v=" + url.QueryEscape(id)
	}
	var group ext.Extension
	if gs := it.Extensions["media"]["group"]; len(gs) > 0 {
		group = gs[0]
	}
	// The description is plain text (the XML has decoded its entities):
	// "a < b" and "R&D" are words here, not markup.
	desc := blockTextOf(plainLines(childText(group, "description")))
	if desc == "" {
		desc = fragmentText(it.Description)
	}
	var views int64
	for _, c := range group.Children["community"] {
		for _, s := range c.Children["statistics"] {
			views = max(views, parseCount(s.Attrs["views"]))
		}
	}
	acc := mediawatch.Account{Platform: mediawatch.PlatformYouTube}
	acc.Handle = mediawatch.NormalHandle(mediawatch.PlatformYouTube, cleanLine(orElse(extText(it.Extensions, "yt", "channelId"), chID)))
	acc.Name = chName
	if it.Author != nil && it.Author.Name != "" {
		acc.Name = it.Author.Name
	}
	acc.Name = plainText(acc.Name)
	if acc.Handle == chID {
		acc.URL = absURL(base, chURL)
	}
	if acc.URL == "" && acc.Handle != "" {
		acc.URL = "https://www.youtube.com/channel/" + url.PathEscape(acc.Handle)
	}
	if acc.Handle == "" {
		return Link{}, false // a video without its channel is nobody's post
	}
	title := plainText(it.Title)
	if title == "" {
		title = plainText(childText(group, "title"))
	}
	if title == "" && desc == "" {
		return Link{}, false // nothing to read or judge
	}
	img := ""
	for _, t := range group.Children["thumbnail"] {
		if img = absURL(base, t.Attrs["url"]); img != "" {
			break
		}
	}
	lc := newLinkCollector(base, "youtube.com", "youtu.be")
	lc.bareURLs(desc)
	return Link{
		URL: watch, Title: title, Text: desc, Author: acc.Label(), Published: itemTime(it), Image: img,
		Post: &mediawatch.Post{Platform: mediawatch.PlatformYouTube, ID: id, Account: acc, Views: views, Links: lc.links},
	}, true
}

// extText is the text of the first prefix:name extension element.
func extText(e ext.Extensions, prefix, name string) string {
	if xs := e[prefix][name]; len(xs) > 0 {
		return strings.TrimSpace(xs[0].Value)
	}
	return ""
}

// childText is the text of the first child named name of x.
func childText(x ext.Extension, name string) string {
	if cs := x.Children[name]; len(cs) > 0 {
		return cs[0].Value
	}
	return ""
}
