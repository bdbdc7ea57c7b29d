package ingest

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"path"
	"strings"

	"mediawatch"
)

// Posts: an Article with Post set (a social source's item, an imported
// post) becomes an item with its platform, post id, views and
// forwarded-from, its author account (which the store upserts in the
// item's own transaction) and the canonical URL of the first news link it
// shares. The store files a post sharing a stored article in that
// article's story, and an article shared by stored posts in theirs.

// postItem fills the post fields of it from a.Post; an article without a
// Post is news. The author is watched when src reads that one account
// (singleAccount): the mark is sticky in the store, so the account's posts
// are kept wherever they appear.
func postItem(it *mediawatch.Item, src mediawatch.Source, a mediawatch.Article) {
	post := a.Post
	if post == nil {
		it.Platform = mediawatch.PlatformNews
		if src.Kind.Social() {
			it.Platform = src.Kind.Platform()
		}
		return
	}
	it.Platform = mediawatch.NormalPlatform(string(post.Platform))
	if it.Platform == mediawatch.PlatformNews && src.Kind.Social() {
		it.Platform = src.Kind.Platform()
	}
	it.PostID = strings.TrimSpace(post.ID)
	it.Views = max(post.Views, 0)
	it.ForwardedFrom = clean(post.ForwardedFrom)
	it.Pinned = post.Pinned
	acc := post.Account
	acc.Platform = it.Platform
	acc.Handle = mediawatch.NormalHandle(it.Platform, acc.Handle)
	// A handle the store would refuse (spaces, absurd length) is a parser's
	// misreading: the post is kept without an author rather than lost.
	if acc.Handle != "" && validHandle(acc.Handle) {
		acc.ID = 0
		acc.Name = clean(acc.Name)
		acc.URL = strings.TrimSpace(acc.URL)
		acc.Audience = max(acc.Audience, 0)
		acc.Watched = SingleAccount(src)
		it.Account = &acc
	}
	it.SharedURL = sharedURL(post.Links, it.URL, src.URL)
}

// validHandle reports whether h (normalised) can be stored as a handle.
func validHandle(h string) bool {
	return len(h) <= 200 && !strings.ContainsAny(h, " \t\r\n")
}

// SingleAccount reports whether src reads the posts of one account — a
// channel, a profile, a user's feed — rather than a hashtag, a search or a
// subreddit: its keep policy says so (keep: all, the default of the channel
// kinds), except for the feeds whose address names many authors, which
// keep: all merely keeps whole.
func SingleAccount(src mediawatch.Source) bool {
	if !src.Kind.Social() || src.Keep != mediawatch.KeepAll {
		return false
	}
	switch src.Kind {
	case mediawatch.KindMastodon:
		return strings.Contains(src.URL, "/@") // /@USER.rss, not /tags/TAG.rss
	case mediawatch.KindReddit:
		return strings.Contains(src.URL, "/user/") || strings.Contains(src.URL, "/u/")
	}
	return true
}

// notNews are the hosts whose links are not news articles: the platforms
// themselves, link shorteners (whose target is unknown without a fetch)
// and image hosts. A subdomain counts as its domain.
var notNews = []string{
	"t.me", "telegram.me", "telegram.org", "telegra.ph",
	"youtube.com", "youtu.be", "facebook.com", "fb.com", "fb.watch", "messenger.com",
	"tiktok.com", "instagram.com", "twitter.com", "x.com", "threads.net", "bsky.app", "bsky.social",
	"reddit.com", "redd.it", "redditmedia.com", "zalo.me", "linkedin.com", "joinmastodon.org", "mastodon.social",
	"t.co", "bit.ly", "tinyurl.com", "goo.gl", "ow.ly", "buff.ly", "is.gd", "shorturl.at", "rebrand.ly",
	"imgur.com", "giphy.com", "flickr.com", "discord.gg", "discord.com",
}

// mediaExt are file extensions of links to pictures and videos, not pages.
var mediaExt = map[string]bool{".jpg": true, ".jpeg": true, ".png": true, ".gif": true, ".webp": true,
	".mp4": true, ".mov": true, ".webm": true, ".mp3": true}

// sharedURL is the canonical URL of the first of links that is a news
// link: an absolute http(s) URL, not on the host of the post itself (postURL)
// or of its source (sourceURL) — a Mastodon instance, a mirror — nor on a
// platform, shortener or image host (notNews), nor a picture or video file.
// "" when none is.
func sharedURL(links []string, postURL, sourceURL string) string {
	own := map[string]bool{}
	for _, u := range []string{postURL, sourceURL} {
		if pu, err := url.Parse(strings.TrimSpace(u)); err == nil && pu.Hostname() != "" {
			own[siteKey(pu)] = true
		}
	}
	for _, l := range links {
		c, err := CanonicalURL(l)
		if err != nil {
			continue
		}
		u, err := url.Parse(c)
		if err != nil {
			continue
		}
		host := siteOf(u.Hostname())
		if own[siteKey(u)] || onHosts(host, notNews) || mediaExt[strings.ToLower(path.Ext(u.Path))] {
			continue
		}
		return c
	}
	return ""
}

// siteKey is the site of u with its port, when one other than the
// scheme's is written: two servers on one host but different ports (a
// mirror, a test site on 127.0.0.1) are different sites.
func siteKey(u *url.URL) string {
	key := siteOf(strings.ToLower(u.Hostname()))
	switch p := u.Port(); {
	case p == "", p == "80" && u.Scheme == "http", p == "443" && u.Scheme == "https":
		return key
	default:
		return key + ":" + p
	}
}

// onHosts reports whether host is one of hosts or a subdomain of one.
func onHosts(host string, hosts []string) bool {
	for _, h := range hosts {
		if host == h || strings.HasSuffix(host, "."+h) {
			return true
		}
	}
	return false
}

// watchedAuthor reports whether it is a post whose author is watched: the
// source reads that one account, or the store marks it watched (named in
// the configuration's accounts:, or read by a channel source before). Such
// a post is kept on a keep: mentions source whatever its words.
func (p *Pipeline) watchedAuthor(ctx context.Context, it mediawatch.Item) (bool, error) {
	if it.Account == nil {
		return false, nil
	}
	if it.Account.Watched {
		return true, nil
	}
	a, err := p.store.AccountByHandle(ctx, it.Account.Platform, it.Account.Handle)
	if errors.Is(err, mediawatch.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("author of %s: %w", it.URL, err)
	}
	return a.Watched, nil
}
